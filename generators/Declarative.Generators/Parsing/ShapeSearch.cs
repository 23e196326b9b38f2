using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Parsing;

/// <summary>
/// Finds, inside a <see cref="TypeShape"/>, the first shape of a given kind and the JSON path to it,
/// so a diagnostic can name the exact type that is at fault and where it sits
/// (<c>order.lines[].handle</c>), not just the parameter that reaches it.
/// </summary>
/// <remarks>
/// Array and list elements appear as <c>[]</c>, dictionary values as <c>{}</c>, object properties by
/// JSON name; each named type is visited once. The generator uses it to skip tools it cannot emit,
/// the analyzers to say why.
/// </remarks>
internal static class ShapeSearch
{
    /// <summary>A shape found by <see cref="First"/>: where it is, below the root, and what it is.</summary>
    public readonly struct Match
    {
        public Match(string path, TypeShape shape)
        {
            Path = path;
            Shape = shape;
        }

        /// <summary>The root's name followed by the steps to the shape: <c>order.lines[]</c>.</summary>
        public string Path { get; }

        public TypeShape Shape { get; }

        /// <summary>The type's C# name without <c>global::</c>, for messages.</summary>
        public string DisplayTypeName => Shape.TypeName.Replace("global::", "");

        public string Reason => Shape.Reason ?? "it has no JSON representation";
    }

    /// <summary>The first shape of <paramref name="kind"/> reached from <paramref name="root"/>, depth first in declaration order.</summary>
    /// <param name="root">A shape built by <paramref name="builder"/>.</param>
    /// <param name="rootName">The name the path starts with: a parameter's name, or <c>return</c>.</param>
    /// <param name="kind">The kind to look for: <see cref="ShapeKind.Unsupported"/> or <see cref="ShapeKind.Serializer"/>.</param>
    /// <param name="builder">The builder that made <paramref name="root"/>; it holds the named types the shape refers to.</param>
    public static Match? First(TypeShape root, string rootName, ShapeKind kind, ShapeBuilder builder)
    {
        return Walk(root, rootName, kind, builder.TypesById, new HashSet<string>(StringComparer.Ordinal));
    }

    private static Match? Walk(TypeShape shape, string path, ShapeKind kind, IReadOnlyDictionary<string, NamedType> types, HashSet<string> visited)
    {
        if (shape.Kind == kind)
        {
            return new Match(path, shape);
        }
        switch (shape.Kind)
        {
            case ShapeKind.Array when shape.Element is not null:
                return Walk(shape.Element, path + "[]", kind, types, visited);
            case ShapeKind.Dictionary when shape.Element is not null:
                return Walk(shape.Element, path + "{}", kind, types, visited);
            case ShapeKind.Object when shape.TypeId is not null && visited.Add(shape.TypeId) && types.TryGetValue(shape.TypeId, out var type):
                foreach (var property in type.Properties)
                {
                    var found = Walk(property.Shape, path + "." + property.JsonName, kind, types, visited);
                    if (found is not null)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }
}
