using Declarative.Generators.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>
/// What <c>[Grader]</c> methods make of their class: an <c>IGraderSuite&lt;TInput, TOutput&gt;</c> whose list calls
/// <c>Grader.Create</c> / <c>Grader.ForSteps</c> with each method adapted (every snapshot is also a compile,
/// cacheability and model-graph check, see <see cref="GeneratorAssert"/>).
/// </summary>
public sealed class GraderSnapshotTests
{
    [Fact]
    public void Suite_with_every_kind_of_grader() => GeneratorAssert.MatchesSnapshots("""
        using System.Threading;
        using System.Threading.Tasks;
        using Declarative;
        using Declarative.Evaluation;
        using Declarative.Reflection;

        namespace Demo;

        public sealed record Order(string Sku, int Quantity);

        public sealed record Receipt(string OrderId, decimal Total);

        public partial class CheckoutGraders
        {
            [Grader]
            public bool Completed(EvalCase<Order, Receipt> evalCase, EvalRun<Receipt> run) => run.Completed;

            [Grader("total_matches", Component = "receipt")]
            public static CheckResult TotalMatches(EvalCase<Order, Receipt> evalCase, EvalRun<Receipt> run)
                => run.Output?.Total == evalCase.Expected?.Total ? CheckResult.Pass() : CheckResult.Fail("The total differs.", new ToolError("$.total", "wrong total"));

            [Grader]
            public Task<bool> AnsweredAsync(EvalCase<Order, Receipt> evalCase, EvalRun<Receipt> run, CancellationToken cancellationToken)
                => Task.FromResult(run.Text is { Length: > 0 });

            [Grader(Tool = "place_order")]
            public ValueTask<CheckResult> OrderPlaced(EvalCase<Order, Receipt> evalCase, ToolCallStep call, CancellationToken cancellationToken)
                => new(call.IsError ? CheckResult.Fail("The order was not placed.") : CheckResult.Pass());

            [Grader(Tool = "reserve_stock", Optional = true)]
            public async ValueTask<bool> ReservedOnceAsync(EvalCase<Order, Receipt> evalCase, PlanStepCall step)
            {
                await Task.Yield();
                return step.Attempts == 1;
            }

            [Grader(Agent = "payments")]
            public static Task<CheckResult> PaymentsCompleted(EvalCase<Order, Receipt> evalCase, AgentInvocationStep step)
                => Task.FromResult(step.Status == AgentRunStatus.Completed ? CheckResult.Pass() : CheckResult.Fail("Payments did not complete."));

            [Grader]
            public bool ModelCallsSucceed(EvalCase<Order, Receipt> evalCase, ModelCallStep call) => call.Error is null;

            [Grader]
            public static bool PlanIsValid(EvalCase<Order, Receipt> evalCase, PlanValidationStep validation, CancellationToken cancellationToken) => validation.IsValid;
        }
        """);

    [Fact]
    public void Static_class_and_nested_class() => GeneratorAssert.MatchesSnapshots("""
        using Declarative;
        using Declarative.Evaluation;

        public static partial class TextGraders
        {
            [Grader]
            public static bool NotEmpty(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Text is { Length: > 0 };
        }

        namespace Demo.Evals
        {
            public partial class Outer
            {
                internal partial class SearchGraders
                {
                    [Grader(Component = "search")]
                    public bool SearchSucceeded(EvalCase<string, string> evalCase, ToolCallStep call) => !call.IsError;
                }
            }
        }
        """);

    [Fact]
    public void A_class_named_Graders_implements_the_interface_explicitly() => GeneratorAssert.MatchesSnapshots("""
        using Declarative.Evaluation;

        namespace Demo;

        public partial class Graders
        {
            [Grader]
            public bool Completed(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;
        }
        """);
}
