using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>
/// What an edit costs the grader pipeline: graders are parsed one method at a time and regrouped by class, so an
/// edit elsewhere or inside a grader's body re-emits nothing, and a new grader re-emits only its own class.
/// </summary>
public sealed class GraderIncrementalityTests
{
    private const string Checkout = """
        using Declarative;
        using Declarative.Evaluation;
        using Declarative.Reflection;

        namespace Demo;

        public partial class CheckoutGraders
        {
            [Grader]
            public bool Completed(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;

            [Grader(Tool = "place_order")]
            public CheckResult OrderPlaced(EvalCase<string, string> evalCase, ToolCallStep call)
                => call.IsError ? CheckResult.Fail("The order was not placed.") : CheckResult.Pass();
        }
        """;

    private const string Other = """
        using Declarative;
        using Declarative.Evaluation;

        namespace Demo;

        public partial class SearchGraders
        {
            [Grader(Tool = "search", Optional = true)]
            public static bool Searched(EvalCase<string, string> evalCase, ToolCallStep call) => !call.IsError;
        }

        public partial class Clock
        {
            /// <summary>The hour.</summary>
            [Tool]
            public int Hour() => 12;
        }
        """;

    [Fact]
    public void A_rerun_on_an_equal_compilation_is_all_cached()
    {
        var first = GeneratorAssert.Checked(TestCompilation.Create([Checkout, Other]));

        Assert.NotEmpty(Incrementality.Outputs(first.Result, TrackingNames.GraderSuites));
    }

    [Fact]
    public void Editing_inside_a_grader_s_body_re_emits_nothing()
    {
        var (first, second) = RunEdited(Checkout.Replace("=> run.Completed;", "=> run.Completed && run.Error is null;", StringComparison.Ordinal));

        Assert.All(Incrementality.Outputs(second.Result, TrackingNames.GraderMethods),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(Incrementality.Outputs(second.Result, TrackingNames.GraderSuites),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(Incrementality.SourceOutputs(second.Result), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(first.Files, second.Files);
    }

    [Fact]
    public void An_unrelated_edit_re_emits_nothing()
    {
        var first = GeneratorHarness.RunAndCompile(TestCompilation.Create([Checkout, Other]));
        var second = GeneratorHarness.RunAndCompile(
            TestCompilation.AddSource(first.Input, "Unrelated.cs", "namespace Demo; public sealed record Note(string Text);"), first.Driver);

        // The grader files were not parsed again (their trees did not change), so every output is cached.
        Assert.All(Incrementality.Outputs(second.Result, TrackingNames.GraderMethods), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(Incrementality.SourceOutputs(second.Result), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(first.Files, second.Files);
    }

    [Fact]
    public void Adding_a_grader_re_emits_only_its_class()
    {
        var edited = Checkout.Replace("    [Grader(Tool = \"place_order\")]", """
                [Grader("answered")]
                public static bool HasText(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Text is { Length: > 0 };

                [Grader(Tool = "place_order")]
            """, StringComparison.Ordinal);

        var (first, second) = RunEdited(edited);

        var changed = first.Files.Concat(second.Files).GroupBy(f => f.HintName)
            .Where(g => g.Count() != 2 || g.First().Text != g.Last().Text).Select(g => g.Key).ToList();
        Assert.Equal(["Demo.CheckoutGraders.Graders.g.cs"], changed);
        Assert.Contains("\"answered\"", second.Files.Single(f => f.HintName == "Demo.CheckoutGraders.Graders.g.cs").Text, StringComparison.Ordinal);
    }

    private static (GeneratorRun First, GeneratorRun Second) RunEdited(string checkout)
    {
        Assert.NotEqual(Checkout, checkout);
        var first = GeneratorHarness.RunAndCompile(TestCompilation.Create([Checkout, Other]));
        var second = GeneratorHarness.RunAndCompile(TestCompilation.ReplaceSource(first.Input, "Source0.cs", checkout), first.Driver);
        return (first, second);
    }
}
