using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Tests.Infrastructure;

/// <summary>
/// Walks a pipeline model's object graph and lists what must not be in it: Roslyn objects (which pin
/// a whole compilation in memory and compare by reference) and collections that compare by
/// reference (arrays, <see cref="List{T}"/>, <see cref="ImmutableArray{T}"/>...). The only list
/// type allowed inside a model is the generator's <c>EquatableArray&lt;T&gt;</c>.
/// </summary>
/// <remarks>
/// The walk reads fields, not properties: fields are what a model holds and compares, while a
/// property may compute something new on each call.
/// </remarks>
internal static class ModelGraph
{
    private static readonly Type[] RoslynTypes =
    [
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation),
        typeof(SemanticModel), typeof(AttributeData), typeof(SyntaxReference), typeof(SyntaxToken), typeof(SyntaxTrivia),
    ];

    private static readonly Assembly GeneratorAssembly = typeof(ToolGenerator).Assembly;

    /// <summary>
    /// The problems found under <paramref name="root"/>, each as "path: what". The root itself may be
    /// an <see cref="ImmutableArray{T}"/>: that is the driver's own output of a <c>Collect</c> step.
    /// </summary>
    public static IReadOnlyList<string> FindProblems(object root, string rootName)
    {
        var problems = new List<string>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        if (IsImmutableArray(root.GetType()))
        {
            var index = 0;
            foreach (var item in (IEnumerable)root)
            {
                Walk(item, $"{rootName}[{index++}]", problems, visited);
            }
        }
        else
        {
            Walk(root, rootName, problems, visited);
        }
        return problems;
    }

    private static void Walk(object? value, string path, List<string> problems, HashSet<object> visited)
    {
        if (value is null)
        {
            return;
        }
        var type = value.GetType();
        if (IsLeaf(type))
        {
            return;
        }
        if (RoslynTypes.FirstOrDefault(t => t.IsAssignableFrom(type)) is { } roslyn)
        {
            problems.Add($"{path}: holds a {roslyn.Name} ({type.Name})");
            return;
        }
        if (!type.IsValueType && !visited.Add(value))
        {
            return;
        }
        if (IsEquatableArray(type))
        {
            var index = 0;
            foreach (var item in (IEnumerable)value)
            {
                Walk(item, $"{path}[{index++}]", problems, visited);
            }
            return;
        }
        if (value is IEnumerable)
        {
            problems.Add($"{path}: is a {Describe(type)}, which compares by reference; use EquatableArray<T>");
            return;
        }
        if (type.Assembly != GeneratorAssembly && !IsValueTuple(type))
        {
            problems.Add($"{path}: is a {Describe(type)}, not a model type, a value tuple or a primitive");
            return;
        }
        if (!type.IsEnum && type.Assembly == GeneratorAssembly && !ImplementsEquatable(type))
        {
            problems.Add($"{path}: {Describe(type)} does not implement IEquatable<{type.Name}>");
        }
        foreach (var field in InstanceFields(type))
        {
            Walk(field.GetValue(value), $"{path}.{MemberName(field)}", problems, visited);
        }
    }

    private static bool IsLeaf(Type type)
        => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal);

    private static bool IsImmutableArray(Type type)
        => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>);

    private static bool IsEquatableArray(Type type)
        => type.IsGenericType && type.Assembly == GeneratorAssembly && type.GetGenericTypeDefinition().Name == "EquatableArray`1";

    private static bool IsValueTuple(Type type)
        => type.IsValueType && type.IsGenericType && type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true;

    private static bool ImplementsEquatable(Type type)
        => typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type);

    private static IEnumerable<FieldInfo> InstanceFields(Type type)
    {
        for (var current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                yield return field;
            }
        }
    }

    /// <summary>A property's name for its backing field, so a path reads like the model's source.</summary>
    private static string MemberName(FieldInfo field)
    {
        var name = field.Name;
        if (field.IsDefined(typeof(CompilerGeneratedAttribute)) && name.StartsWith('<') && name.IndexOf('>') is > 1 and var end)
        {
            return name[1..end];
        }
        return name;
    }

    private static string Describe(Type type)
        => type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
            : type.Name;
}
