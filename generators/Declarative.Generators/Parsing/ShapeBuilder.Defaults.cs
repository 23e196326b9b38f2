using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

// Parameter default values as a C# expression and a JSON literal.
internal sealed partial class ShapeBuilder
{
    /// <summary>The C# expression and the JSON literal for a parameter's default value.</summary>
    public static (string? Expression, string? Json) DefaultValue(IParameterSymbol parameter, KnownTypeSymbols known)
    {
        var value = parameter.ExplicitDefaultValue;
        var type = parameter.Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            if (value is null)
            {
                return ("null", "null");
            }
            type = nullable.TypeArguments[0];
        }
        if (value is null)
        {
            return type.IsReferenceType ? ("null", "null") : ("default", null);
        }
        if (type.TypeKind == TypeKind.Enum)
        {
            var member = type.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value));
            if (member is null)
            {
                return ("(" + TypeName(type) + ")" + Convert.ToString(value, CultureInfo.InvariantCulture), null);
            }
            var jsonName = known.AttributeString(member, KnownType.JsonStringEnumMemberNameAttribute) ?? member.Name;
            return (TypeName(type) + "." + Naming.Escape(member.Name), Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(jsonName, true).Replace("\\'", "'"));
        }
        switch (value)
        {
            case string s:
                return (Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(s, true), JsonString(s));
            case bool b:
                return (b ? "true" : "false", b ? "true" : "false");
            case char c:
                return (Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(c, true), JsonString(c.ToString()));
            case double d when double.IsNaN(d) || double.IsInfinity(d):
                return (double.IsNaN(d) ? "double.NaN" : d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity", null);
            case float f when float.IsNaN(f) || float.IsInfinity(f):
                return (float.IsNaN(f) ? "float.NaN" : f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity", null);
            case double d:
                return ("(double)" + d.ToString("R", CultureInfo.InvariantCulture), JsonNumber(d.ToString("R", CultureInfo.InvariantCulture)));
            case float f:
                return (f.ToString("R", CultureInfo.InvariantCulture) + "f", JsonNumber(((double)f).ToString("R", CultureInfo.InvariantCulture)));
            case decimal m:
                return (m.ToString(CultureInfo.InvariantCulture) + "m", m.ToString(CultureInfo.InvariantCulture));
            case IFormattable number:
                var text = number.ToString(null, CultureInfo.InvariantCulture);
                return ("(" + TypeName(type) + ")" + text, text);
        }
        return (null, null);
    }

}
