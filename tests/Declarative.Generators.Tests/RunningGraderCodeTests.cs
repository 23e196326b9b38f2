using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Declarative.Evaluation;
using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.AI;
using Xunit;
using Xunit.Sdk;

namespace Declarative.Generators.Tests;

/// <summary>
/// A generated grader suite compiled, loaded and run over a hand-built case, run and trace: each grader calls its
/// method (instance or static, sync or async, bool or CheckResult, with or without the token), keeps its name and
/// component, and a component grader grades exactly the matching steps at any depth, in trace order.
/// </summary>
public sealed class RunningGraderCodeTests
{
    private const string Source = """
        using System.Threading;
        using System.Threading.Tasks;
        using Declarative;
        using Declarative.Evaluation;
        using Declarative.Reflection;

        namespace Demo;

        public partial class SupportGraders
        {
            public int TokensSeen { get; private set; }

            [Grader]
            public bool Completed(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;

            [Grader("matches_expected", Component = "wording")]
            public static CheckResult MatchesExpected(EvalCase<string, string> evalCase, EvalRun<string> run)
                => run.Text == evalCase.Expected ? CheckResult.Pass() : CheckResult.Fail("Expected '" + evalCase.Expected + "'.");

            [Grader(Tool = "search")]
            public ValueTask<bool> SearchSucceeded(EvalCase<string, string> evalCase, ToolCallStep call, CancellationToken cancellationToken)
            {
                if (cancellationToken.CanBeCanceled)
                {
                    TokensSeen++;
                }
                return new(!call.IsError);
            }

            [Grader(Tool = "issue_refund")]
            public static Task<CheckResult> RefundIssuedAsync(EvalCase<string, string> evalCase, ToolCallStep call)
                => Task.FromResult(call.IsError ? CheckResult.Fail("The refund failed.", new ToolError("$.amount", "over the limit")) : CheckResult.Pass());

            [Grader(Agent = "shipping")]
            public async Task<bool> ShippingAnsweredAsync(EvalCase<string, string> evalCase, AgentInvocationStep step, CancellationToken cancellationToken)
            {
                await Task.Yield();
                return step.Text is { Length: > 0 };
            }

            [Grader(Agent = "billing")]
            public bool BillingInvoked(EvalCase<string, string> evalCase, AgentInvocationStep step) => step.Steps.Count == 2;

            [Grader(Agent = "warehouse")]
            public bool WarehouseInvoked(EvalCase<string, string> evalCase, AgentInvocationStep step) => true;

            [Grader(Tool = "reserve", Optional = true)]
            public bool ReservedOnce(EvalCase<string, string> evalCase, PlanStepCall step) => step.Attempts == 1;

            [Grader]
            public static bool ModelCallsSucceed(EvalCase<string, string> evalCase, ModelCallStep call) => call.Error is null;

            [Grader]
            public ValueTask<CheckResult> PlanIsValid(EvalCase<string, string> evalCase, PlanValidationStep validation, CancellationToken cancellationToken)
                => new(validation.IsValid ? CheckResult.Pass() : CheckResult.Fail("The plan is invalid."));
        }
        """;

    private static readonly Lazy<Assembly> UserAssembly = new(() => Load(GeneratorHarness.RunAndCompile(TestCompilation.Create(Source)).Output));

    private static object NewSuite() => Activator.CreateInstance(UserAssembly.Value.GetType("Demo.SupportGraders")!)!;

    /// <summary>
    /// steps[0] model call; steps[1] search; steps[2] a call of the billing specialist (steps[2].agent), whose run made a
    /// model call and a failed issue_refund; steps[3] the shipping participant, which searched; steps[4] a valid plan.
    /// </summary>
    private static RunTrace Trace() => new()
    {
        AgentName = "support",
        Steps =
        [
            new ModelCallStep { Model = "m" },
            new ToolCallStep { ToolName = "search", CallId = "c1" },
            new ToolCallStep
            {
                ToolName = "ask_billing",
                CallId = "c2",
                Agent = new AgentInvocationStep
                {
                    AgentName = "billing",
                    Steps =
                    [
                        new ModelCallStep { Model = "m", Error = "overloaded" },
                        new ToolCallStep { ToolName = "issue_refund", CallId = "c3", Outcome = ToolCallOutcome.Failed },
                    ],
                },
            },
            new AgentInvocationStep
            {
                AgentName = "shipping",
                Text = "It ships tomorrow.",
                Steps = [new ToolCallStep { ToolName = "search", CallId = "c4", Outcome = ToolCallOutcome.Failed }],
            },
            new PlanValidationStep { Plan = "{}" },
        ],
    };

    private static GradingContext<string, string> Context(string text, bool completed = true) => new()
    {
        Case = new EvalCase<string, string> { Id = "refund-1", Input = "Refund my order", Expected = "Refunded.", HasExpected = true },
        Run = new EvalRun<string> { Trace = Trace(), Completed = completed, Text = text, Output = text },
        Repetition = 1,
        ChatClient = new NoChatClient(),
    };

    [Fact]
    public void The_suite_lists_its_graders_in_declaration_order_with_names_and_components()
    {
        var suite = (IGraderSuite<string, string>)NewSuite();

        var graders = suite.Graders;

        Assert.Equal(["completed", "matches_expected", "search_succeeded", "refund_issued", "shipping_answered", "billing_invoked", "warehouse_invoked", "reserved_once", "model_calls_succeed", "plan_is_valid"],
            graders.Select(g => g.Name));
        Assert.Equal(["answer", "wording", "tool:search", "tool:issue_refund", "agent:shipping", "agent:billing", "agent:warehouse", "tool:reserve", "model", "plan"],
            graders.Select(g => g.Component));
        Assert.Same(graders, suite.Graders);
    }

    [Fact]
    public async Task End_to_end_graders_grade_the_run_once()
    {
        var graders = ((IGraderSuite<string, string>)NewSuite()).Graders;

        var passed = await graders[0].GradeAsync(Context("Refunded."), CancellationToken.None);
        var notCompleted = await graders[0].GradeAsync(Context("Refunded.", completed: false), CancellationToken.None);
        var wrongText = await graders[1].GradeAsync(Context("Sorry."), CancellationToken.None);

        Assert.True(Assert.Single(passed).Passed);
        var failed = Assert.Single(notCompleted);
        Assert.False(failed.Passed);
        Assert.Equal("The grader returned false.", failed.Reason);
        Assert.Null(failed.StepOrder);
        var wrong = Assert.Single(wrongText);
        Assert.Equal(("matches_expected", "wording", false, "Expected 'Refunded.'."), (wrong.Grader, wrong.Component, wrong.Passed, wrong.Reason));
    }

    [Fact]
    public async Task Component_graders_grade_each_matching_step_at_any_depth_in_trace_order()
    {
        var suite = NewSuite();
        var graders = ((IGraderSuite<string, string>)suite).Graders;
        var context = Context("Refunded.");
        using var source = new CancellationTokenSource();

        var search = await graders[2].GradeAsync(context, source.Token);
        var refund = await graders[3].GradeAsync(context, CancellationToken.None);
        var shipping = await graders[4].GradeAsync(context, CancellationToken.None);
        var billing = await graders[5].GradeAsync(context, CancellationToken.None);
        var models = await graders[8].GradeAsync(context, CancellationToken.None);
        var plan = await graders[9].GradeAsync(context, CancellationToken.None);

        Assert.Equal([(1, "steps[1]", true), (7, "steps[3].steps[0]", false)], search.Select(g => (g.StepOrder!.Value, g.StepPath!, g.Passed)));
        Assert.Equal(2, (int)suite.GetType().GetProperty("TokensSeen")!.GetValue(suite)!);
        var failedRefund = Assert.Single(refund);
        Assert.Equal((5, "steps[2].agent.steps[1]", false, "The refund failed."), (failedRefund.StepOrder!.Value, failedRefund.StepPath!, failedRefund.Passed, failedRefund.Reason!));
        Assert.Equal("$.amount", Assert.Single(failedRefund.Findings).Path);
        // The specialist run by the manager's tool call is a node of its own, right after the call.
        Assert.Equal((3, "steps[2].agent", true), (Assert.Single(billing).StepOrder!.Value, Assert.Single(billing).StepPath!, Assert.Single(billing).Passed));
        Assert.Equal((6, "steps[3]", true), (Assert.Single(shipping).StepOrder!.Value, Assert.Single(shipping).StepPath!, Assert.Single(shipping).Passed));
        Assert.Equal([(0, true), (4, false)], models.Select(g => (g.StepOrder!.Value, g.Passed)));
        Assert.Equal((8, true), (Assert.Single(plan).StepOrder!.Value, Assert.Single(plan).Passed));
    }

    [Fact]
    public async Task A_grader_without_a_matching_step_fails_unless_optional()
    {
        var graders = ((IGraderSuite<string, string>)NewSuite()).Graders;
        var context = Context("Refunded.");

        var warehouse = Assert.Single(await graders[6].GradeAsync(context, CancellationToken.None));
        var reserve = Assert.Single(await graders[7].GradeAsync(context, CancellationToken.None));

        Assert.False(warehouse.Passed);
        Assert.Contains("no matching step", warehouse.Reason, StringComparison.Ordinal);
        Assert.Null(warehouse.StepOrder);
        Assert.True(reserve.Passed);
        Assert.Equal("tool:reserve", reserve.Component);
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
        return new AssemblyLoadContext("GeneratedGraderCode", isCollectible: true).LoadFromStream(image);
    }

    /// <summary>Code graders never call a model; a call here is a bug.</summary>
    private sealed class NoChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new XunitException("A code grader called the model.");

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new XunitException("A code grader called the model.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
