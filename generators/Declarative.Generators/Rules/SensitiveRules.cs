using System;
using System.Collections.Generic;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Rules;

/// <summary>
/// Where <c>[Sensitive]</c> takes effect, shared by the parser (which lists the JSON paths on the tool's
/// descriptor) and the analyzer (which reports a marker that takes none, DCL0023).
/// </summary>
/// <remarks>
/// A marked tool parameter is <c>$.name</c>; a marked property of a parameter's type is found through every
/// object, array (<c>[*]</c>) and dictionary value (<c>.*</c>) it reaches: <c>$.customer.email</c>,
/// <c>$.cards[*].number</c>. A recursive type is followed until it recurs (its first occurrence is listed),
/// which keeps the list finite.
/// </remarks>
internal static class SensitiveRules
{
    /// <summary>Whether the symbol carries <c>[Sensitive]</c>.</summary>
    public static bool IsSensitive(ISymbol symbol, KnownTypeSymbols known) => known.HasAttribute(symbol, KnownType.SensitiveAttribute);

    /// <summary>Whether the method's return value carries <c>[return: Sensitive]</c>.</summary>
    public static bool IsSensitiveReturn(IMethodSymbol method, KnownTypeSymbols known)
    {
        foreach (var attribute in method.GetReturnTypeAttributes())
        {
            if (known.Is(attribute.AttributeClass, KnownType.SensitiveAttribute))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The JSON paths of a tool's sensitive arguments, in parameter and property order.</summary>
    public static EquatableArray<string> ArgumentPaths(IReadOnlyList<(string Name, TypeShape Shape, bool IsSensitive)> parameters, IReadOnlyDictionary<string, NamedType> types)
    {
        var paths = new List<string>();
        foreach (var (name, shape, isSensitive) in parameters)
        {
            var path = "$." + name;
            if (isSensitive)
            {
                paths.Add(path);
                continue;
            }
            Walk(shape, path, types, new HashSet<string>(StringComparer.Ordinal), paths);
        }
        return paths.ToEquatableArray();
    }

    private static void Walk(TypeShape shape, string path, IReadOnlyDictionary<string, NamedType> types, HashSet<string> onPath, List<string> paths)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Array when shape.Element is not null:
                Walk(shape.Element, path + "[*]", types, onPath, paths);
                return;
            case ShapeKind.Dictionary when shape.Element is not null:
                Walk(shape.Element, path + ".*", types, onPath, paths);
                return;
            case ShapeKind.Object when shape.TypeId is not null && types.TryGetValue(shape.TypeId, out var type) && onPath.Add(shape.TypeId):
                foreach (var property in type.Properties)
                {
                    var propertyPath = path + "." + property.JsonName;
                    if (property.IsSensitive)
                    {
                        paths.Add(propertyPath);
                    }
                    else
                    {
                        Walk(property.Shape, propertyPath, types, onPath, paths);
                    }
                }
                onPath.Remove(shape.TypeId);
                return;
        }
    }

    /// <summary>
    /// Why <c>[Sensitive]</c> on a method's parameter has no effect (DCL0023), or null when it has: only a
    /// <c>[Tool]</c> method's JSON arguments are redacted, and a constructor's parameters bind properties.
    /// </summary>
    public static string? ParameterNoEffectReason(IParameterSymbol parameter, KnownTypeSymbols known)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method || method.MethodKind == MethodKind.Constructor)
        {
            return null;
        }
        if (!known.HasAttribute(method, KnownType.ToolAttribute))
        {
            return "'" + method.Name + "' is not a [Tool] method, so nothing records its arguments";
        }
        if (ToolRules.IsCancellationToken(parameter, known))
        {
            return "a CancellationToken is not an argument the model sends";
        }
        return null;
    }

    /// <summary>Why <c>[return: Sensitive]</c> has no effect (DCL0023), or null when it has: a tool's result is redacted only when there is one.</summary>
    public static string? ReturnNoEffectReason(IMethodSymbol method, KnownTypeSymbols known)
    {
        if (!known.HasAttribute(method, KnownType.ToolAttribute))
        {
            return "'" + method.Name + "' is not a [Tool] method, so nothing records its result";
        }
        var (_, value) = ToolParser.Return(method, known);
        return value is null ? "tool method '" + method.Name + "' returns no value" : null;
    }
}
