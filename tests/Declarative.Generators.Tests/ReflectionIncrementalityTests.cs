using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>
/// What an edit to an agent's checks and guardrails costs: the hooks are part of the agent's model, so an
/// edit inside a check's body re-emits nothing and a new check re-emits that agent alone.
/// </summary>
public sealed class ReflectionIncrementalityTests
{
    private const string Writer = """
        using Declarative;
        using Declarative.Guardrails;
        using Declarative.Reflection;

        namespace Demo;

        public sealed record Note(string Text);

        [Agent("You judge notes.", OutputType = typeof(RubricVerdict))]
        public partial class NoteCritic;

        [Agent("You write notes.", OutputType = typeof(Note))]
        public partial class NoteWriter([Critic] NoteCritic critic)
        {
            [Check]
            public CheckResult Short(Note note) => note.Text.Length < 100 ? CheckResult.Pass() : CheckResult.Fail("Too long.");

            [InputGuardrail]
            public GuardrailResult Clean(string input) => input.Length > 0 ? GuardrailResult.Pass() : GuardrailResult.Trip("Empty.");
        }
        """;

    private const string Other = """
        using Declarative;

        namespace Demo;

        [Agent("You help.")]
        public partial class Helper;
        """;

    [Fact]
    public void Editing_inside_a_check_s_body_re_emits_nothing()
    {
        var (first, second) = RunEdited(Writer.Replace("note.Text.Length < 100", "note.Text.Length < 120", StringComparison.Ordinal));

        Assert.All(Incrementality.Outputs(second.Result, TrackingNames.Agents),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(Incrementality.SourceOutputs(second.Result), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(first.Files, second.Files);
    }

    [Fact]
    public void Adding_a_check_re_emits_only_its_agent()
    {
        var edited = Writer.Replace("    [InputGuardrail]", """
                [Check("not_blank")]
                public static CheckResult NotBlank(Note note) => note.Text.Trim().Length > 0 ? CheckResult.Pass() : CheckResult.Fail("Blank.");

                [InputGuardrail]
            """, StringComparison.Ordinal);

        var (first, second) = RunEdited(edited);

        var changed = first.Files.Concat(second.Files).GroupBy(f => f.HintName)
            .Where(g => g.Count() != 2 || g.First().Text != g.Last().Text).Select(g => g.Key).ToList();
        Assert.Equal(["Demo.NoteWriter.Agent.g.cs"], changed);
        Assert.Contains("\"not_blank\"", second.Files.Single(f => f.HintName == "Demo.NoteWriter.Agent.g.cs").Text, StringComparison.Ordinal);
    }

    private static (GeneratorRun First, GeneratorRun Second) RunEdited(string writer)
    {
        Assert.NotEqual(Writer, writer);
        var first = GeneratorHarness.RunAndCompile(TestCompilation.Create([Writer, Other]));
        var second = GeneratorHarness.RunAndCompile(TestCompilation.ReplaceSource(first.Input, "Source0.cs", writer), first.Driver);
        return (first, second);
    }
}
