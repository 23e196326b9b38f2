using Declarative;
using Declarative.Evaluation;
using Declarative.Reflection;

namespace Consumer;

/// <summary>Graders declared as methods: the generator shipped in the Declarative package wires them into a suite.</summary>
public sealed partial class CounterGraders
{
    [Grader]
    public bool Completed(EvalCase<string, string> evalCase, EvalRun<string> run) => run.Completed;

    [Grader(Tool = "read")]
    public static Task<CheckResult> ReadTheAskedCounter(EvalCase<string, string> evalCase, ToolCallStep call, CancellationToken cancellationToken)
        => Task.FromResult(evalCase.Input.Contains(call.Arguments.Split('"')[^2], StringComparison.Ordinal) ? CheckResult.Pass() : CheckResult.Fail("read another counter"));
}

/// <summary>A generated grader suite, compiled from the packages and run over a hand-built trace.</summary>
public static class GraderChecks
{
    public static async Task RunAsync(Checks checks)
    {
        Checks.Section("[Grader] methods from the packages");
        IGraderSuite<string, string> suite = new CounterGraders();
        checks.Run("the generated suite lists the graders with their components", () =>
            string.Join(",", suite.Graders.Select(g => g.Name + "@" + g.Component)) is "completed@answer,read_the_asked_counter@tool:read"
                ? null : string.Join(",", suite.Graders.Select(g => g.Name + "@" + g.Component)));
        var context = new GradingContext<string, string>
        {
            Case = new EvalCase<string, string> { Id = "read", Input = "How much is on 'apples'?" },
            Run = new EvalRun<string>
            {
                Completed = true,
                Trace = new RunTrace { AgentName = "CounterAgent", Steps = [new ToolCallStep { ToolName = "read", CallId = "c1", Arguments = """{"name":"pears"}""" }] },
            },
            Repetition = 1,
            ChatClient = new NoModel(),
        };
        var grades = new List<Grade>();
        foreach (var grader in suite.Graders)
        {
            grades.AddRange(await grader.GradeAsync(context, CancellationToken.None));
        }
        checks.Run("the generated graders run their methods", () =>
            grades.Select(g => (g.Passed, g.StepPath)).SequenceEqual([(true, null), (false, "steps[0]")]) && grades[1].Reason == "read another counter"
                ? null : string.Join("; ", grades.Select(g => $"{g.Grader} {g.Passed} {g.StepPath} {g.Reason}")));
    }

    private sealed class NoModel : Microsoft.Extensions.AI.IChatClient
    {
        public Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException("a code grader called the model");

        public IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
