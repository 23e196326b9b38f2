using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Sdk;

namespace Declarative.Generators.Tests;

/// <summary>
/// A generated typed input compiled, loaded and run: <c>FormatInput</c> writes the JSON the model is shown,
/// <c>TryReadInput</c> reads it back to an equal value, a malformed input gives errors addressed by JSON path,
/// and an <c>[InputTemplate]</c> replaces the JSON.
/// </summary>
/// <remarks>The input types live in the loaded assembly, so the interfaces are called through reflection.</remarks>
public sealed class RunningAgentInputTests
{
    private const string Source = """
        using System.Collections.Generic;
        using Declarative;

        namespace Demo;

        public enum Tone { Plain, Playful }

        public sealed record Audience(string Name, int Size);

        public sealed record Brief(string Product, List<Audience> Audiences, Tone Tone, int? WordLimit);

        public sealed record Notes(string Summary);

        [Agent("You research products.", InputType = typeof(Brief), OutputType = typeof(Notes))]
        public partial class Researcher;

        [Agent("You explain topics.", InputType = typeof(Brief))]
        public partial class Explainer
        {
            [InputTemplate]
            public string Render(Brief brief) => "Explain " + brief.Product + " to " + brief.Audiences.Count + " audiences.";
        }
        """;

    private static readonly Lazy<Assembly> UserAssembly = new(() => Load(GeneratorHarness.RunAndCompile(TestCompilation.Create(Source)).Output));

    private const string Json = """{"product":"Kettle","audiences":[{"name":"Students","size":120},{"name":"Cooks","size":8}],"tone":"Playful","wordLimit":null}""";

    [Fact]
    public void FormatInput_writes_JSON_that_TryReadInput_reads_back()
    {
        var agent = New("Demo.Researcher");

        var (ok, brief, errors) = TryRead(agent, Json);
        Assert.True(ok, string.Join("; ", errors.Select(e => e.Path + ": " + e.Message)));
        var formatted = Format(agent, brief!);
        var (again, reread, _) = TryRead(agent, formatted);

        Assert.Equal(Json, formatted);
        Assert.True(again);
        Assert.Equal(Format(agent, reread!), formatted);
        Assert.Equal("Brief", ((IAgent)agent).Descriptor.InputTypeName);
        Assert.Equal("object", ((IAgent)agent).Descriptor.InputSchema!.Value.GetProperty("type").GetString());
        Assert.IsAssignableFrom(typeof(IAgent<,>).MakeGenericType(brief!.GetType(), UserAssembly.Value.GetType("Demo.Notes")!), agent);
    }

    [Fact]
    public void A_malformed_input_gives_errors_by_JSON_path()
    {
        var agent = New("Demo.Researcher");

        var (ok, _, errors) = TryRead(agent, """{"product":"Kettle","audiences":[{"name":"Students","size":"many"}],"tone":"Loud","wordLimit":null}""");

        Assert.False(ok);
        Assert.Contains(errors, e => e.Path == "$.audiences[0].size");
        Assert.Contains(errors, e => e.Path == "$.tone");
    }

    [Fact]
    public void An_input_template_renders_the_input_and_the_reader_still_reads_JSON()
    {
        var agent = New("Demo.Explainer");

        var (ok, brief, _) = TryRead(agent, Json);

        Assert.True(ok);
        Assert.Equal("Explain Kettle to 2 audiences.", Format(agent, brief!));
        Assert.Null(((IAgent)agent).Descriptor.OutputTypeName);
    }

    private static object New(string type) => Activator.CreateInstance(UserAssembly.Value.GetType(type)!)!;

    private static Type WithInput(object agent)
        => agent.GetType().GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAgentWithInput<>));

    private static string Format(object agent, object input)
        => (string)WithInput(agent).GetMethod("FormatInput")!.Invoke(agent, [input])!;

    private static (bool Ok, object? Input, IReadOnlyList<ToolError> Errors) TryRead(object agent, string json)
    {
        // A ReadOnlySpan cannot be boxed for Invoke, so the call goes through a small generic helper.
        var helper = typeof(RunningAgentInputTests).GetMethod(nameof(TryReadTyped), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(WithInput(agent).GetGenericArguments()[0]);
        return ((bool, object?, IReadOnlyList<ToolError>))helper.Invoke(null, [agent, json])!;
    }

    private static (bool, object?, IReadOnlyList<ToolError>) TryReadTyped<T>(object agent, string json)
    {
        var ok = ((IAgentWithInput<T>)agent).TryReadInput(Encoding.UTF8.GetBytes(json), out var input, out var errors);
        return (ok, input, errors);
    }

    private static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new XunitException("Emit failed:\n" + GeneratorHarness.Describe(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        image.Position = 0;
        return new AssemblyLoadContext("GeneratedAgentInputCode", isCollectible: true).LoadFromStream(image);
    }
}
