using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Rules;

/// <summary>
/// Whether what one agent hands on can be what the next one takes (DCL0025, DCL0026). Values cross as JSON,
/// so structure decides, not the .NET type: the two <see cref="TypeShape"/>s are walked in the receiver's
/// declaration order and the first difference is returned with its JSON path. The runtime applies the same
/// rules to the JSON schemas, with the same words.
/// </summary>
/// <remarks>
/// Allowed: an integer into a number, a non-null into a nullable (nullability is not compared at all: the
/// generator's schemas mark a nullable value, and a null sent to a non-nullable receiver is a run-time
/// error the reader reports), an enum into a string, an enum into an enum with a superset of values,
/// anything typed into text (the JSON is the message), text into text. A value System.Text.Json writes
/// (a <c>JsonElement</c>, a converter type) matches anything.
/// </remarks>
internal static class TypeFitRules
{
    /// <summary>The display name of an agent's end: its type, or <c>string</c> for text.</summary>
    public static string Display(ITypeSymbol? type) => type is null ? "string" : type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    /// <summary>
    /// The first place where <paramref name="sent"/> (null: text) does not fit <paramref name="received"/>
    /// (null: text), as <c>{SentType} and {ReceivedType} differ at '{path}': {detail}</c>; null when it fits.
    /// </summary>
    public static string? Misfit(ITypeSymbol? sent, ITypeSymbol? received, KnownTypeSymbols known, CancellationToken cancellationToken)
    {
        if (received is null)
        {
            return null;
        }
        var sentName = Display(sent);
        var receivedName = Display(received);
        var builder = new ShapeBuilder(known, cancellationToken);
        var receivedShape = builder.Build(received);
        (string Path, string Detail)? difference;
        if (sent is null)
        {
            difference = Kind(receivedShape) == "string" ? null : ("$", "text in " + sentName + ", " + Kind(receivedShape) + " in " + receivedName);
        }
        else
        {
            var sentShape = builder.Build(sent);
            var walk = new Walk(builder.TypesById, sentName, receivedName);
            difference = walk.Compare(sentShape, receivedShape, "$");
        }
        return difference is { } d ? sentName + " and " + receivedName + " differ at '" + d.Path + "': " + d.Detail : null;
    }

    /// <summary>The JSON kind a shape is named by in messages; <c>any</c> for values left to System.Text.Json.</summary>
    private static string Kind(TypeShape shape) => shape.Kind switch
    {
        ShapeKind.Boolean => "boolean",
        ShapeKind.Integer => "integer",
        ShapeKind.Number => "number",
        ShapeKind.Enum => "enum",
        ShapeKind.Object or ShapeKind.Dictionary => "object",
        ShapeKind.Array => "array",
        ShapeKind.JsonElement or ShapeKind.JsonNode or ShapeKind.Serializer or ShapeKind.Unsupported => "any",
        _ => "string",
    };

    private sealed class Walk(IReadOnlyDictionary<string, NamedType> types, string sentName, string receivedName)
    {
        private readonly HashSet<(string, string)> _seen = new();

        public (string Path, string Detail)? Compare(TypeShape sent, TypeShape received, string path)
        {
            var a = Kind(sent);
            var b = Kind(received);
            if (a == "any" || b == "any")
            {
                return null;
            }
            if (a != b && !(a == "integer" && b == "number") && !(a == "enum" && b == "string"))
            {
                return (path, a + " in " + sentName + ", " + b + " in " + receivedName);
            }
            switch (a)
            {
                case "enum" when b == "enum":
                    var offered = types[received.TypeId!].EnumMembers.Select(m => m.JsonName);
                    return types[sent.TypeId!].EnumMembers.All(m => offered.Contains(m.JsonName))
                        ? null
                        : (path, "enum in " + sentName + ", enum in " + receivedName);
                case "array":
                    return Compare(sent.Element!, received.Element!, path + "[*]");
                case "object":
                    return CompareObjects(sent, received, path);
                default:
                    return null;
            }
        }

        private (string Path, string Detail)? CompareObjects(TypeShape sent, TypeShape received, string path)
        {
            if (sent.Kind == ShapeKind.Dictionary || received.Kind == ShapeKind.Dictionary)
            {
                // A dictionary's keys are data: only two dictionaries' values can be compared.
                return sent.Kind == ShapeKind.Dictionary && received.Kind == ShapeKind.Dictionary
                    ? Compare(sent.Element!, received.Element!, path + ".*")
                    : null;
            }
            if (!_seen.Add((sent.TypeId!, received.TypeId!)))
            {
                return null;
            }
            var from = types[sent.TypeId!].Properties;
            var to = types[received.TypeId!].Properties;
            foreach (var property in to)
            {
                var match = from.FirstOrDefault(p => p.JsonName == property.JsonName);
                var at = path + "." + property.JsonName;
                if (match is null)
                {
                    if (property.IsRequired)
                    {
                        return (at, receivedName + " requires it, " + sentName + " does not have it");
                    }
                    continue;
                }
                if (Compare(match.Shape, property.Shape, at) is { } difference)
                {
                    return difference;
                }
            }
            foreach (var property in from)
            {
                if (property.CanGet && !to.Any(p => p.JsonName == property.JsonName))
                {
                    return (path + "." + property.JsonName, sentName + " has it, " + receivedName + " does not");
                }
            }
            return null;
        }
    }
}
