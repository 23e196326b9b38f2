using System.Text.RegularExpressions;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Declarative.Generators.Tests.Infrastructure;
using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>
/// The rules on <c>[Grader]</c> methods: DCL0032 to DCL0037, each at its exact place, with messages that name the
/// method and what to change, and the generator emitting exactly the graders the analyzer accepts.
/// </summary>
public sealed partial class GraderRuleTests
{
    private const string Usings = """
        using Declarative.Evaluation;
        using Declarative.Reflection;

        public sealed record Receipt(string OrderId, decimal Total);

        """;

    [Fact]
    public Task DCL0032_wrong_parameter_lists() => VerifyAsync(Usings + """
        public partial class Graders
        {
            [Grader]
            public bool {|DCL0032:RunOnly|}(EvalRun<string> run) => run.Completed;

            [Grader]
            public bool CaseSecond(EvalRun<string> {|DCL0032:run|}, EvalCase<string, string> evalCase) => run.Completed;

            [Grader]
            public bool WrongSubject(EvalCase<string, string> evalCase, string {|DCL0032:text|}) => text.Length > 0;

            [Grader]
            public bool NotAGradedStep(EvalCase<string, string> evalCase, CheckStep {|DCL0032:step|}) => step.Passed;

            [Grader]
            public bool Extra(EvalCase<string, string> evalCase, EvalRun<string> run, int {|DCL0032:limit|}) => limit > 0;

            [Grader]
            public bool TokenThenMore(EvalCase<string, string> evalCase, EvalRun<string> run, CancellationToken cancellationToken, int {|DCL0032:limit|}) => limit > 0;

            [Grader]
            public bool ByRef(EvalCase<string, string> evalCase, ref EvalRun<string> {|DCL0032:run|}) => run.Completed;

            [Grader]
            public bool {|DCL0032:Generic|}<T>(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;

            [Grader]
            public bool Fine(EvalCase<string, string> evalCase, EvalRun<string> run, CancellationToken cancellationToken) => run.Completed;
        }
        """);

    [Fact]
    public Task DCL0033_wrong_return_types() => VerifyAsync(Usings + """
        public partial class Graders
        {
            [Grader]
            public {|DCL0033:string|} Text(EvalCase<string, string> evalCase, EvalRun<string> run) => "ok";

            [Grader]
            public {|DCL0033:void|} Nothing(EvalCase<string, string> evalCase, EvalRun<string> run) { }

            [Grader]
            public {|DCL0033:Task|} NoResult(EvalCase<string, string> evalCase, ToolCallStep call) => Task.CompletedTask;

            [Grader]
            public {|DCL0033:Task<double>|} Score(EvalCase<string, string> evalCase, ToolCallStep call) => Task.FromResult(1.0);

            [Grader]
            public Task<bool> FineTask(EvalCase<string, string> evalCase, ToolCallStep call) => Task.FromResult(true);

            [Grader]
            public ValueTask<CheckResult> FineValueTask(EvalCase<string, string> evalCase, ModelCallStep call) => new(CheckResult.Pass());
        }
        """);

    [Fact]
    public Task DCL0034_the_class_and_its_container_must_be_partial() => VerifyAsync(Usings + """
        public class {|DCL0034:Graders|}
        {
            [Grader]
            public bool Completed(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;
        }

        public class {|DCL0034:Outer|}
        {
            public partial class Inner
            {
                [Grader]
                public static bool Completed(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;
            }
        }

        namespace Static
        {
            public static partial class {|DCL0034:Graders|}
            {
                [Grader]
                public static bool Completed(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;
            }
        }

        public partial struct {|DCL0034:Scores|}
        {
            [Grader]
            public bool Completed(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;
        }
        """);

    [Fact]
    public Task DCL0035_graders_disagree_with_the_first_or_with_their_own_case() => VerifyAsync(Usings + """
        public partial class Graders
        {
            [Grader]
            public bool Completed(EvalCase<string, Receipt> evalCase, EvalRun<Receipt> run) => run.Completed;

            [Grader]
            public bool OtherCase(EvalCase<string, string> {|DCL0035:evalCase|}, EvalRun<string> run) => run.Completed;

            [Grader]
            public bool OtherInput(EvalCase<int, Receipt> {|DCL0035:evalCase|}, ToolCallStep call) => !call.IsError;

            [Grader]
            public bool RunOfAnotherOutput(EvalCase<string, Receipt> evalCase, EvalRun<string> {|DCL0035:run|}) => run.Completed;

            [Grader]
            public bool Agrees(EvalCase<string, Receipt> evalCase, ToolCallStep call) => !call.IsError;
        }
        """);

    [Fact]
    public Task DCL0036_filters_that_cannot_apply() => VerifyAsync(Usings + """
        public partial class Graders
        {
            [Grader({|DCL0036:Tool = "search"|})]
            public bool EndToEndWithTool(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;

            [Grader({|DCL0036:Optional = true|})]
            public bool EndToEndOptional(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;

            [Grader({|DCL0036:Agent = "billing"|})]
            public bool AgentOnToolCall(EvalCase<string, string> evalCase, ToolCallStep call) => !call.IsError;

            [Grader({|DCL0036:Tool = "search"|})]
            public bool ToolOnModelCall(EvalCase<string, string> evalCase, ModelCallStep call) => call.Error is null;

            [Grader({|DCL0036:Tool = "search"|}, Optional = true)]
            public bool ToolOnAgent(EvalCase<string, string> evalCase, AgentInvocationStep step) => step.Text is not null;

            [Grader(Tool = "search", Optional = true)]
            public bool ToolOnPlanStep(EvalCase<string, string> evalCase, PlanStepCall step) => step.Attempts == 1;

            [Grader(Agent = "billing", Component = "billing")]
            public bool AgentOnAgent(EvalCase<string, string> evalCase, AgentInvocationStep step) => step.Text is not null;
        }
        """);

    [Fact]
    public Task DCL0037_names_taken_twice() => VerifyAsync(Usings + """
        public partial class Graders
        {
            [Grader("polite")]
            public bool SaysPlease(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Text?.Contains("please") == true;

            [Grader("polite")]
            public bool {|DCL0037:SaysThanks|}(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Text?.Contains("thank") == true;

            [Grader]
            public bool Completed(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;

            [Grader]
            public static Task<bool> {|DCL0037:CompletedAsync|}(EvalCase<string, string> evalCase, ToolCallStep call) => Task.FromResult(true);
        }
        """);

    [Fact]
    public async Task Messages_name_the_grader_its_method_and_the_fix()
    {
        var parameters = await SingleAsync("DCL0032", Usings + """
            public partial class Graders
            {
                [Grader("judged")]
                public bool Check(EvalCase<string, string> evalCase, string text) => true;
            }
            """);
        var types = await SingleAsync("DCL0035", Usings + """
            public partial class Graders
            {
                [Grader]
                public bool First(EvalCase<string, Receipt> evalCase, EvalRun<Receipt> run) => true;

                [Grader]
                public bool Second(EvalCase<string, string> evalCase, EvalRun<string> run) => true;
            }
            """);
        var filter = await SingleAsync("DCL0036", Usings + """
            public partial class Graders
            {
                [Grader(Agent = "billing")]
                public bool Refunded(EvalCase<string, string> evalCase, ToolCallStep call) => true;
            }
            """);
        var partial = await SingleAsync("DCL0034", Usings + """
            public class Graders
            {
                [Grader]
                public bool Completed(EvalCase<string, string> evalCase, EvalRun<string> run) => true;
            }
            """);

        Assert.Equal("Grader 'judged' (Check) takes 'string' second; take EvalRun<string> (end-to-end) or one of ToolCallStep, PlanStepCall, AgentInvocationStep, ModelCallStep, PlanValidationStep (component)",
            parameters.GetMessage());
        Assert.Equal("Grader 'second' (Second) grades EvalCase<string, string>, but the first grader of 'Graders', 'first' (First), grades EvalCase<string, Receipt>; "
            + "a class's graders form one suite over one dataset, so take EvalCase<string, Receipt> or move the grader to a class of its own", types.GetMessage());
        Assert.Equal("Grader 'refunded' (Refunded) sets Agent, but a grader of ToolCallStep has no agent to filter on; take an AgentInvocationStep, or remove Agent", filter.GetMessage());
        Assert.Equal("'Graders' must be partial so that the generator can add the grader suite of 'Graders', which declares [Grader] methods", partial.GetMessage());
    }

    [Fact]
    public async Task The_generator_emits_exactly_the_graders_the_analyzer_accepts()
    {
        var source = """
            using Declarative.Evaluation;

            namespace Demo;

            public partial class Graders
            {
                [Grader]
                public bool Completed(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;

                [Grader]
                public string Text(EvalCase<string, string> evalCase, EvalRun<string> run) => "";

                [Grader(Agent = "billing")]
                public bool AgentOnToolCall(EvalCase<string, string> evalCase, ToolCallStep call) => true;

                [Grader]
                public bool OtherCase(EvalCase<int, string> evalCase, EvalRun<string> run) => true;

                [Grader("completed")]
                public bool Again(EvalCase<string, string> evalCase, ToolCallStep call) => true;

                [Grader(Tool = "search")]
                public bool Searched(EvalCase<string, string> evalCase, ToolCallStep call) => !call.IsError;
            }
            """;

        var reported = (await AnalyzeAsync(source)).Select(d => d.Id).Order(StringComparer.Ordinal).ToList();
        var run = GeneratorHarness.RunAndCompile(TestCompilation.Create(["global using System;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\nglobal using Declarative;", source]));
        var emitted = GraderNames().Matches(run.Files.Single(f => f.HintName == "Demo.Graders.Graders.g.cs").Text).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(["DCL0033", "DCL0035", "DCL0036", "DCL0037"], reported);
        Assert.Equal(["completed", "searched"], emitted);
    }

    [Fact]
    public async Task Without_Declarative_Evaluation_nothing_is_reported_or_emitted()
    {
        // A project may declare its own attribute of that name: without the evaluation runtime there is nothing to wire it to.
        var source = """
            namespace Declarative.Evaluation
            {
                [System.AttributeUsage(System.AttributeTargets.Method)]
                public sealed class GraderAttribute : System.Attribute;
            }

            public partial class Graders
            {
                [Declarative.Evaluation.Grader]
                public string NotAGrader(int x) => "";
            }
            """;

        var run = GeneratorHarness.RunAndCompile(TestCompilation.Create([source], TestReferences.WithoutEvaluation));

        Assert.Empty(run.Files);
        Assert.Empty(Infrastructure.Incrementality.Outputs(run.Result, TrackingNames.GraderMethods));
        var analyzed = await run.Input.WithAnalyzers([new GraderAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(analyzed);
    }

    [GeneratedRegex(@"\.Grader\.(?:Create|ForSteps)<[^\n]*\(\n\s*""([^""]*)""")]
    private static partial Regex GraderNames();
}
