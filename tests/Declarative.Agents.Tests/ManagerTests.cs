using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Declarative.Orchestration;
using Declarative.Testing;
using Xunit;

namespace Declarative.Agents.Tests;

public sealed class ManagerTests
{
    // A typed specialist with tools of its own, a text specialist, and a manager over both.
    private static (IAgent Manager, Models Models) Team(AgentRunOptions? options = null)
    {
        var models = new Models();
        var researcher = new TypedAgent<Brief, Notes>("Researcher", Schemas.Brief, Schemas.Notes, tools: new ProbeTools(), description: "Finds facts.");
        var writer = Agent.Create("Writer", "You write.", "Writer");
        var manager = Agent.Create("Manager", "You manage.", "Manager",
            AgentTool.Create(Participant.Of(researcher)), AgentTool.Create(Participant.Of(writer, description: "Writes copy.")));
        return (manager, models);
    }

    [Fact]
    public async Task A_specialist_runs_as_a_nested_run_and_its_typed_answer_is_the_tool_result()
    {
        var (manager, models) = Team();
        models["Manager"].ThenToolCalls(("researcher", new { topic = "sun", pages = 2 })).WithUsage(100, 10)
            .ThenToolCalls(("writer", new { request = "Write about: hot" })).WithUsage(120, 10)
            .ThenText("Done: Sunny copy").WithUsage(130, 5);
        models["Researcher"].ThenToolCalls(("add", new { a = 1, b = 2 })).WithUsage(10, 1)
            .ThenJson(new Notes("sun", ["hot"])).WithUsage(11, 2);
        models["Writer"].ThenText("Sunny copy").WithUsage(5, 3);

        var result = await models.Runner().RunAsync(manager, "Make a brochure about the sun");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal("Done: Sunny copy", result.Text);
        // The specialist was given its typed input, rendered; the manager got the typed answer's JSON.
        Assert.Equal("""{"topic":"sun","pages":2}""", models["Researcher"].Requests[0].Messages.Last().Text);
        Assert.Equal("Write about: hot", models["Writer"].Requests[0].Messages.Last().Text);
        var toManager = models["Manager"].Requests[1].Messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionResultContent>().Single();
        Assert.True(JsonElement.DeepEquals(JsonElement.Parse("""{"topic":"sun","facts":["hot"]}"""), JsonElement.Parse(toManager.Result!.ToString()!)));

        // The trace is a tree: the manager's tool call holds the specialist's run, with its own steps.
        var calls = result.Trace.ToolCalls.ToList();
        Assert.Equal(["researcher", "writer"], calls.Select(c => c.ToolName));
        var research = calls[0].Agent!;
        Assert.Equal("Researcher", research.AgentName);
        Assert.Equal(calls[0].CallId, research.CallId);
        Assert.Equal(AgentRunStatus.Completed, research.Status);
        Assert.Equal(2, research.Steps.OfType<ModelCallStep>().Count());
        Assert.Equal("add", Assert.Single(research.Steps.OfType<ToolCallStep>()).ToolName);
        Assert.Equal(21, research.Usage.InputTokens);
        // Totals roll up: the manager's 350 input tokens plus the specialists' 21 + 5.
        Assert.Equal(376, result.Trace.Usage.InputTokens);
        Assert.Equal(["Researcher", "Writer"], result.Trace.AgentInvocations.Select(i => i.AgentName));
    }

    [Fact]
    public async Task The_manager_never_sees_the_specialists_tools()
    {
        var (manager, models) = Team();
        models["Manager"].ThenToolCalls(("researcher", new { topic = "sun", pages = 1 })).ThenToolCalls(("add", new { a = 1, b = 1 })).ThenText("ok");
        models["Researcher"].ThenJson(new Notes("sun", []));

        var result = await models.Runner().RunAsync(manager, "go");

        var managerTools = models["Manager"].Requests[0].Options!.Tools!.Select(t => t.Name).ToList();
        Assert.Equal(["researcher", "writer"], managerTools);
        Assert.Contains("add", models["Researcher"].Requests[0].Options!.Tools!.Select(t => t.Name));
        // Naming the specialist's tool anyway is refused.
        var refused = result.Trace.ToolCalls.Single(c => c.ToolName == "add");
        Assert.Equal(ToolCallOutcome.Refused, refused.Outcome);
        var descriptor = manager.Descriptor.Tools.Single(t => t.Name == "researcher");
        Assert.Equal("Finds facts.", descriptor.Description);
        Assert.Equal(Schemas.Brief, descriptor.ParametersSchemaJson);
        Assert.Equal(Schemas.Notes, descriptor.ReturnSchemaJson);
        Assert.False(descriptor.ReadOnly);
        Assert.Equal(SpecialistToolSet.RequestSchema, manager.Descriptor.Tools.Single(t => t.Name == "writer").ParametersSchemaJson);
    }

    [Fact]
    public async Task Arguments_the_specialist_cannot_read_are_a_path_addressed_tool_error_and_it_does_not_run()
    {
        var (manager, models) = Team();
        models["Manager"].ThenToolCalls(("writer", new { text = "hi" })).ThenToolCalls(("writer", new { request = 3 })).ThenText("gave up");

        var result = await models.Runner().RunAsync(manager, "go");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        var calls = result.Trace.ToolCalls.ToList();
        Assert.Equal(["$.text", "$.request"], calls.SelectMany(c => c.Errors).Select(e => e.Path));
        Assert.All(calls, c => Assert.Null(c.Agent));
        Assert.Empty(models["Writer"].Requests);
    }

    [Fact]
    public async Task A_failing_specialist_is_a_tool_error_the_manager_can_act_on()
    {
        var (manager, models) = Team();
        models["Manager"].ThenToolCalls(("researcher", new { topic = "sun", pages = 1 })).ThenText("Could not research; here is a summary anyway.");
        models["Researcher"].ThenText("not json").ThenText("not json").ThenText("not json");

        var result = await models.Runner().RunAsync(manager, "go");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        var call = Assert.Single(result.Trace.ToolCalls);
        Assert.Equal(ToolCallOutcome.Failed, call.Outcome);
        Assert.Contains("the specialist 'Researcher' did not finish: InvalidOutput", call.Errors[0].Message);
        Assert.Equal(AgentRunStatus.InvalidOutput, call.Agent!.Status);
        var fed = models["Manager"].Requests[1].Messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionResultContent>().Single();
        Assert.Contains("did not finish", fed.Result?.ToString());
    }

    [Fact]
    public async Task A_repeated_identical_delegation_is_refused_then_stops_the_run()
    {
        var (manager, models) = Team();
        models["Manager"].ThenToolCalls(("writer", new { request = "same" }))
            .ThenToolCalls(("writer", new { request = "same" }))
            .ThenToolCalls(("writer", new { request = "other" }))
            .ThenToolCalls(("writer", new { request = "same" }))
            .ThenText("never");
        models["Writer"].ThenText("one").ThenText("two");

        var result = await models.Runner().RunAsync(manager, "go");

        Assert.Equal(AgentRunStatus.DelegationLoop, result.Status);
        Assert.Contains("'Manager' delegated the same work to 'Writer' 3 times", result.Reason);
        var calls = result.Trace.ToolCalls.ToList();
        Assert.Equal(4, calls.Count);
        Assert.Contains("was already called with these same arguments", calls[1].Errors[0].Message);
        Assert.Null(calls[1].Agent);
        Assert.NotNull(calls[2].Agent);
        Assert.Equal(2, models["Writer"].Requests.Count);
        Assert.Equal(1, models["Manager"].RemainingSteps);
    }

    [Fact]
    public async Task The_budget_counts_the_specialists_spending()
    {
        var (manager, models) = Team();
        models["Manager"].ThenToolCalls(("writer", new { request = "a" })).WithUsage(10, 1).ThenText("unreachable");
        models["Writer"].ThenText("long").WithUsage(500, 500);

        var result = await models.Runner(new AgentRunOptions { Budget = new UsageBudget { MaxTotalTokens = 600 } }).RunAsync(manager, "go");

        Assert.Equal(AgentRunStatus.BudgetExceeded, result.Status);
        Assert.Equal(1011, result.Trace.Usage.TotalTokens);
        Assert.Equal(1, models["Manager"].RemainingSteps);
    }

    [Fact]
    public async Task The_limit_on_agent_invocations_stops_the_run()
    {
        var (manager, models) = Team();
        models["Manager"].ThenToolCalls(("writer", new { request = "a" })).ThenToolCalls(("writer", new { request = "b" })).ThenText("unreachable");
        models["Writer"].ThenText("one").ThenText("two");

        var options = new AgentRunOptions { MultiAgent = new MultiAgentLimits { MaxAgentInvocations = 1 } };
        var result = await models.Runner(options).RunAsync(manager, "go");

        Assert.Equal(AgentRunStatus.AgentInvocationLimitReached, result.Status);
        Assert.Contains("limit of 1 agent invocations", result.Reason);
        Assert.Single(models["Writer"].Requests);
    }

    [Fact]
    public async Task A_streamed_managers_updates_from_its_specialist_are_tagged_with_the_specialist()
    {
        var (manager, models) = Team();
        models["Manager"].ThenToolCalls(("writer", new { request = "a" })).ThenText("done");
        models["Writer"].ThenText("copy");

        var updates = new List<Declarative.Streaming.AgentRunUpdate>();
        await foreach (var update in models.Runner().RunStreamingAsync(manager, "go"))
        {
            updates.Add(update);
        }

        var models_ = updates.OfType<Declarative.Streaming.ModelCallFinished>().ToList();
        Assert.Equal([null, "Writer", null], models_.Select(m => m.AgentName));
        Assert.Equal("copy", string.Concat(updates.OfType<Declarative.Streaming.TextDelta>().Where(d => d.AgentName == "Writer").Select(d => d.Text)));
        var end = Assert.IsType<Declarative.Streaming.RunCompleted>(updates[^1]);
        Assert.Equal("Writer", end.Trace.ToolCalls.Single().Agent!.AgentName);
    }

    [Fact]
    public async Task Invoked_outside_a_runner_the_tool_says_it_needs_one()
    {
        var tool = AgentTool.Create(Participant.Of(Agent.Create("Writer", "w")));
        var result = await tool.InvokeAsync("writer", """{"request":"x"}""");
        Assert.True(result.IsError);
        Assert.Contains("only an AgentRunner can do", result.Errors[0].Message);
        Assert.Equal("writer", Assert.Single(tool.Tools).Name);
        Assert.Equal("scribe", AgentTool.Create(Participant.Of(Agent.Create("Writer", "w")), "scribe").Tools[0].Name);
        Assert.Throws<ArgumentException>(() => AgentTool.Create(Participant.Of(Agent.Create("Writer", "w")), "not valid!"));
    }

    [Fact]
    public void The_tool_name_rule_agrees_with_the_generators()
    {
        string[] names = ["Researcher", "OrdersAgent", "HTTPFetcher", "GetHTTPStatusAsync", "Agent2Go", "already_snake", "A", "XMLHttpRequest", "Async", "ReturnsAgent"];
        var generated = GeneratorToolName();
        foreach (var name in names)
        {
            Assert.Equal(generated(name), AgentNaming.ToolName(name));
        }
        Assert.Equal("orders_agent", AgentNaming.ToolName("OrdersAgent"));
        Assert.Equal("http_fetcher", AgentNaming.ToolName("HTTPFetcher"));
        Assert.Equal("transfer_to_orders_agent", AgentNaming.HandOffToolName("OrdersAgent"));
    }

    // The generator's own Naming.ToolName, loaded from its build output (the tests reference it as an analyzer only).
    private static Func<string, string> GeneratorToolName()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "generators")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        var path = Path.Combine(directory.FullName, "generators", "Declarative.Generators", "bin", configuration, "netstandard2.0", "Declarative.Generators.dll");
        var assembly = Assembly.Load(File.ReadAllBytes(path));
        var method = assembly.GetType("Declarative.Generators.Parsing.Naming", throwOnError: true)!.GetMethod("ToolName", BindingFlags.Public | BindingFlags.Static)!;
        return name => (string)method.Invoke(null, [name])!;
    }

    [Fact]
    public async Task A_specialists_invoke_agent_span_nests_under_the_managers_execute_tool()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var source = new ActivitySource("Declarative.Agents.Tests.Manager");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is DeclarativeTelemetry.SourceName or "Declarative.Agents.Tests.Manager",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var (manager, models) = Team();
        models["Manager"].ThenToolCalls(("writer", new { request = "a" })).ThenText("done");
        models["Writer"].ThenText("copy");

        string rootId;
        using (var root = source.StartActivity("test root")!)
        {
            rootId = root.TraceId.ToString();
            await models.Runner().RunAsync(manager, "go");
        }

        var mine = stopped.Where(a => a.TraceId.ToString() == rootId).ToList();
        var managerSpan = mine.Single(a => a.DisplayName == "invoke_agent Manager");
        var tool = mine.Single(a => a.DisplayName == "execute_tool writer");
        var writer = mine.Single(a => a.DisplayName == "invoke_agent Writer");
        Assert.Equal(managerSpan.SpanId, tool.ParentSpanId);
        Assert.Equal(tool.SpanId, writer.ParentSpanId);
        Assert.Contains(mine, a => a.DisplayName == "chat Writer" && a.ParentSpanId == writer.SpanId);
    }
}
