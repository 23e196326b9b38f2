using System.Reflection;
using System.Text;
using System.Text.Json;
using Declarative.Tests.ToolSets;
using Microsoft.Extensions.AI;

namespace Declarative.Tests.Support;

/// <summary>The test tool sets, and the reflection view of their methods that M.E.AI needs.</summary>
public static class ToolCatalog
{
    public static readonly Type[] ToolClasses =
    [
        typeof(Store), typeof(ScalarTools), typeof(TimeTools), typeof(CollectionTools),
        typeof(ObjectTools), typeof(ConstraintTools), typeof(LifecycleTools), typeof(MathTools),
    ];

    /// <summary>A fresh generated tool set for a class (the static one for a static class).</summary>
    public static IToolSet Create(Type toolClass)
        => toolClass == typeof(MathTools) ? MathTools.ToolSet : (IToolSet)Activator.CreateInstance(toolClass)!;

    /// <summary>Every (class, tool name) pair, as theory data.</summary>
    public static IEnumerable<object[]> AllTools()
        => from type in ToolClasses
           from method in ToolMethods(type)
           select new object[] { type, method.Name };

    /// <summary>The <c>[Tool]</c> methods of a class with the names the generator gives them.</summary>
    public static IEnumerable<(string Name, MethodInfo Method)> ToolMethods(Type toolClass)
        => from method in toolClass.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
           let attribute = method.GetCustomAttribute<ToolAttribute>()
           where attribute is not null
           select (attribute.Name ?? SnakeCase(method.Name), method);

    public static MethodInfo Method(Type toolClass, string toolName)
        => ToolMethods(toolClass).Single(m => m.Name == toolName).Method;

    /// <summary>The function M.E.AI builds for the same method, with the same name and description.</summary>
    public static AIFunction Reference(Type toolClass, string toolName)
    {
        var method = Method(toolClass, toolName);
        var target = method.IsStatic ? null : Activator.CreateInstance(toolClass);
        var description = method.GetCustomAttribute<ToolAttribute>()!.Description;
        return AIFunctionFactory.Create(method, target, new AIFunctionFactoryOptions { Name = toolName, Description = description });
    }

    /// <summary>Arguments as a user of M.E.AI would pass them: the JSON object's members as <see cref="JsonElement"/>s.</summary>
    public static AIFunctionArguments Arguments(string json)
    {
        var members = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(string.IsNullOrWhiteSpace(json) ? "{}" : json)!;
        return new AIFunctionArguments(members.ToDictionary(m => m.Key, m => (object?)m.Value));
    }

    // Test-side snake_case for the simple PascalCase method names used here (the generator's own rule
    // covers acronyms too); a separate test pins the generated names literally.
    private static string SnakeCase(string name)
    {
        if (name.EndsWith("Async", StringComparison.Ordinal))
        {
            name = name[..^5];
        }
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}
