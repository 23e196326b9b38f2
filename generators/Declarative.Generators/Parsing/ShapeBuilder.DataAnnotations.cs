using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Declarative.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

// DataAnnotations ([Range], [StringLength], ...) to schema constraints.
internal sealed partial class ShapeBuilder
{
    /// <summary>Constraints from DataAnnotations that apply to a value of the given shape.</summary>
    public static Constraints Constraints(IEnumerable<AttributeData> attributes, TypeShape shape, KnownTypeSymbols known)
    {
        if (attributes is ImmutableArray<AttributeData> { IsEmpty: true })
        {
            return Model.Constraints.None;
        }
        var result = Model.Constraints.None;
        var isString = shape.Kind is ShapeKind.String;
        var isCollection = shape.Kind is ShapeKind.Array;
        var isNumber = shape.Kind is ShapeKind.Integer or ShapeKind.Number;
        foreach (var attribute in attributes)
        {
            var args = attribute.ConstructorArguments;
            switch (known.Classify(attribute.AttributeClass))
            {
                case KnownType.RangeAttribute when isNumber && args.Length == 2 && args[0].Value is not string:
                    result = result with
                    {
                        Minimum = NumberLiteral(args[0].Value),
                        Maximum = NumberLiteral(args[1].Value),
                        MinimumExclusive = NamedBool(attribute, "MinimumIsExclusive"),
                        MaximumExclusive = NamedBool(attribute, "MaximumIsExclusive"),
                    };
                    break;
                case KnownType.MinLengthAttribute when (isString || isCollection) && args.Length == 1:
                    result = result with { MinLength = (int)args[0].Value! };
                    break;
                case KnownType.MaxLengthAttribute when (isString || isCollection) && args.Length == 1:
                    result = result with { MaxLength = (int)args[0].Value! };
                    break;
                case KnownType.LengthAttribute when (isString || isCollection) && args.Length == 2:
                    result = result with { MinLength = (int)args[0].Value!, MaxLength = (int)args[1].Value! };
                    break;
                case KnownType.StringLengthAttribute when isString && args.Length == 1:
                    var minimumLength = attribute.NamedArguments.FirstOrDefault(a => a.Key == "MinimumLength").Value.Value as int?;
                    result = result with
                    {
                        MaxLength = (int)args[0].Value!,
                        MinLength = minimumLength is > 0 ? minimumLength : result.MinLength,
                    };
                    break;
                case KnownType.RegularExpressionAttribute when isString && args.Length == 1 && args[0].Value is string pattern:
                    result = result with { Pattern = pattern };
                    break;
                case KnownType.EmailAddressAttribute when isString:
                    result = result with { Format = "email" };
                    break;
                case KnownType.UrlAttribute when isString:
                    result = result with { Format = "uri", IsUrl = true };
                    break;
            }
        }
        return result;
    }

    private static bool NamedBool(AttributeData attribute, string name)
        => attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value is true;

    private static string? NumberLiteral(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };
}
