using System.Diagnostics;
using Declarative.OpenAI;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit;

namespace Declarative.Hosting.Tests;

// Alone, after the parallel tests: the OpenTelemetry test listens to the process-wide activity source,
// and an agent run of another test at the same time would show up in its export.
[Collection(TelemetryCollection.Name)]
public sealed class HostingTests
{
    private static ServiceProvider Build(IConfiguration configuration, Action<DeclarativeBuilder>? configure = null, CapturingLoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton<Ledger>();
        services.AddSingleton<ShopTools>();
        if (logs is not null)
        {
            services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        }
        var builder = services.AddDeclarative().AddAgent<ShopAgent>();
        configure?.Invoke(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static ScriptedChatClient LookupThenAnswer() => new ScriptedChatClient { ModelId = "scripted-small" }
        .ThenToolCalls(("lookup", new { sku = "secret-sku-42" })).WithUsage(100, 10)
        .ThenText("It costs 12.").WithUsage(120, 5);

    [Fact]
    public void Models_from_configuration_resolve_to_clients_and_model_ids()
    {
        using var provider = Build(Config.From(
            ("Declarative:DefaultModel", "small"),
            ("Declarative:Models:small:Provider", "OpenAICompatible"),
            ("Declarative:Models:small:Endpoint", "http://127.0.0.1:11434/v1"),
            ("Declarative:Models:small:ModelId", "llama3.2"),
            ("Declarative:Models:big:Provider", "openai"),
            ("Declarative:Models:big:ApiKey", "sk-test"),
            ("Declarative:Models:big:ModelId", "gpt-4o")));

        provider.GetRequiredService<IStartupValidator>().Validate();
        var registry = provider.GetRequiredService<ModelRegistry>();
        var (small, smallId) = registry.Resolve("SMALL");
        Assert.Equal("llama3.2", smallId);
        Assert.Equal(new Uri("http://127.0.0.1:11434/v1"), Assert.IsType<OpenAIChatClient>(small).BaseUrl);
        var (big, bigId) = registry.Resolve("big");
        Assert.Equal("gpt-4o", bigId);
        Assert.NotSame(small, big);
        var (fallback, fallbackId) = registry.Resolve(null);
        Assert.Same(small, fallback);
        Assert.Equal("llama3.2", fallbackId);
    }

    [Fact]
    public void Bad_configuration_fails_at_start_up_with_every_error_and_its_path()
    {
        using var provider = Build(Config.From(
            ("Declarative:DefaultModel", "missing"),
            ("Declarative:Models:fast:Provider", "OpenAICompatible"),
            ("Declarative:Models:fast:Endpont", "http://localhost:1/v1"),
            ("Declarative:Models:cloud:Provider", "OpenAI"),
            ("Declarative:Models:envy:Provider", "OpenAI"),
            ("Declarative:Models:envy:ApiKeyEnvironmentVariable", "DECLARATIVE_TEST_KEY_THAT_IS_NOT_SET"),
            ("Declarative:Models:odd:Provider", "Anthropix"),
            ("Declarative:Models:url:Provider", "OpenAICompatible"),
            ("Declarative:Models:url:Endpoint", "not a url"),
            ("Declarative:Run:MaxIterations", "zero"),
            ("Declarative:Run:RunTimeout", "-00:01:00")));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var failures = ex.Failures.ToList();
        Assert.Contains(failures, f => f.StartsWith("Declarative:Models:fast:Endpont: unknown setting; did you mean 'Endpoint'?", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Declarative:Models:fast:Endpoint: required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Declarative:Models:cloud:ApiKey: required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Declarative:Models:envy:ApiKeyEnvironmentVariable:", StringComparison.Ordinal) && f.Contains("DECLARATIVE_TEST_KEY_THAT_IS_NOT_SET"));
        Assert.Contains(failures, f => f.StartsWith("Declarative:Models:odd:Provider: unknown provider 'Anthropix'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Declarative:Models:url:Endpoint: 'not a url'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Declarative:Run:MaxIterations: 'zero'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Declarative:Run:RunTimeout:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Declarative:DefaultModel: 'missing' names no model", StringComparison.Ordinal));
        Assert.Equal(9, failures.Count);
        // Resolving the registry directly reports the same errors instead of failing mid-run.
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ModelRegistry>());
    }

    [Fact]
    public void An_environment_variable_supplies_the_key()
    {
        Environment.SetEnvironmentVariable("DECLARATIVE_HOSTING_TEST_KEY", "sk-from-env");
        try
        {
            using var provider = Build(Config.From(
                ("Declarative:Models:cloud:Provider", "OpenAI"),
                ("Declarative:Models:cloud:ApiKeyEnvironmentVariable", "DECLARATIVE_HOSTING_TEST_KEY")));
            provider.GetRequiredService<IStartupValidator>().Validate();
            Assert.IsType<OpenAIChatClient>(provider.GetRequiredService<ModelRegistry>().Resolve("cloud").Client);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DECLARATIVE_HOSTING_TEST_KEY", null);
        }
    }

    [Fact]
    public async Task AddAgent_resolves_the_agents_UseTools_dependencies_from_the_container()
    {
        var model = new ScriptedChatClient().ThenToolCalls(("refund", new { sku = "A-1" })).ThenText("Refunded.");
        using var provider = Build(Config.From(), b => b
            .AddChatClient("small", model, "gpt-test")
            .AddApprovalHandler<ApproveAll>());

        var runner = provider.GetRequiredService<IAgentRunner<ShopAgent>>();
        Assert.Equal(["lookup", "refund"], ((IAgent)runner.Agent).Descriptor.Tools.Select(t => t.Name));
        var result = await runner.RunAsync("Refund A-1");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(1, provider.GetRequiredService<Ledger>().Refunds);
        Assert.Equal("gpt-test", model.Requests[0].Options?.ModelId);
        model.AssertScriptCompleted();
    }

    [Fact]
    public async Task Run_options_from_configuration_limit_the_run()
    {
        var model = new ScriptedChatClient()
            .ThenToolCalls(("lookup", new { sku = "A-1" }))
            .ThenToolCalls(("lookup", new { sku = "A-2" }))
            .ThenText("never reached");
        using var provider = Build(Config.From(("Declarative:Run:MaxIterations", "1"), ("Declarative:Run:Budget:MaxTotalTokens", "5000")),
            b => b.AddChatClient("small", model).ConfigureRunOptions(o => o with { MaxConsecutiveErrors = 7 }));

        var options = provider.GetRequiredService<IOptions<AgentRunOptions>>().Value;
        Assert.Equal(1, options.MaxIterations);
        Assert.Equal(7, options.MaxConsecutiveErrors);
        Assert.Equal(5000, options.Budget?.MaxTotalTokens);

        var result = await provider.GetRequiredService<IAgentRunner<ShopAgent>>().RunAsync("Price of A-1?");
        Assert.Equal(AgentRunStatus.MaxIterationsReached, result.Status);
        Assert.Single(result.Trace.ModelCalls);
    }

    [Fact]
    public async Task The_registered_approval_handler_decides_and_is_logged()
    {
        var model = new ScriptedChatClient().ThenToolCalls(("refund", new { sku = "secret-sku-42" })).ThenText("Sorry, not refunded.");
        var logs = new CapturingLoggerProvider();
        using var provider = Build(Config.From(), b => b.AddChatClient("small", model).AddApprovalHandler<DenyAll>(), logs);

        var result = await provider.GetRequiredService<IAgentRunner<ShopAgent>>().RunAsync("Refund it");

        var call = Assert.Single(result.Trace.ToolCalls);
        Assert.Equal(ToolCallOutcome.Denied, call.Outcome);
        Assert.Equal("policy says no", call.ApprovalReason);
        Assert.Equal(0, provider.GetRequiredService<Ledger>().Refunds);
        var approvals = logs.Entries.Where(e => e.Category == DeclarativeLog.ApprovalsCategory).ToList();
        Assert.Contains(approvals, e => e.EventId.Id == 3000);
        var decided = Assert.Single(approvals, e => e.EventId.Id == 3002);
        Assert.Contains(decided.State, kv => kv.Key == "Decision" && Equals(kv.Value, "denied"));
        Assert.Contains(decided.State, kv => kv.Key == "Reason" && Equals(kv.Value, "policy says no"));
    }

    [Fact]
    public async Task Without_a_handler_approval_required_calls_are_denied_and_a_warning_is_logged()
    {
        var model = new ScriptedChatClient().ThenToolCalls(("refund", new { sku = "A-1" })).ThenText("Not refunded.");
        var logs = new CapturingLoggerProvider();
        using var provider = Build(Config.From(), b => b.AddChatClient("small", model), logs);

        var result = await provider.GetRequiredService<IAgentRunner<ShopAgent>>().RunAsync("Refund it");

        Assert.Equal(ToolCallOutcome.Denied, Assert.Single(result.Trace.ToolCalls).Outcome);
        Assert.Equal(0, provider.GetRequiredService<Ledger>().Refunds);
        Assert.Contains(logs.Entries, e => e.Category == DeclarativeLog.ApprovalsCategory && e.EventId.Id == 3003 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Runs_and_tools_are_logged_in_their_categories_without_content_by_default()
    {
        var logs = new CapturingLoggerProvider();
        using var provider = Build(Config.From(), b => b.AddChatClient("small", LookupThenAnswer()), logs);

        var result = await provider.GetRequiredService<IAgentRunner<ShopAgent>>().RunAsync("What does secret-sku-42 cost? my-private-question");
        Assert.True(result.IsCompleted);

        var entries = logs.Entries.ToList();
        Assert.Contains(entries, e => e.Category == DeclarativeLog.RunsCategory && e.EventId.Id == 1000);
        var finished = Assert.Single(entries, e => e.Category == DeclarativeLog.RunsCategory && e.EventId.Id == 1002);
        Assert.Contains(finished.State, kv => kv.Key == "Status" && Equals(kv.Value, AgentRunStatus.Completed));
        Assert.Contains(finished.State, kv => kv.Key == "Iterations" && Equals(kv.Value, 2));
        Assert.Contains(finished.State, kv => kv.Key == "InputTokens" && Equals(kv.Value, 220L));
        Assert.Contains(finished.State, kv => kv.Key == "OutputTokens" && Equals(kv.Value, 15L));
        var tool = Assert.Single(entries, e => e.Category == DeclarativeLog.ToolsCategory);
        Assert.Equal(2000, tool.EventId.Id);
        Assert.Contains(tool.State, kv => kv.Key == "ToolName" && Equals(kv.Value, "lookup"));
        Assert.Contains(tool.State, kv => kv.Key == "DurationMs" && kv.Value is double);

        foreach (var entry in entries)
        {
            var text = entry.Message + string.Join(" ", entry.State.Select(kv => kv.Value?.ToString()));
            Assert.DoesNotContain("secret-sku-42", text, StringComparison.Ordinal);
            Assert.DoesNotContain("my-private-question", text, StringComparison.Ordinal);
            Assert.DoesNotContain("It costs 12.", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Content_is_logged_only_when_opted_in_through_configuration()
    {
        var logs = new CapturingLoggerProvider();
        using var provider = Build(Config.From(("Declarative:Logging:IncludeContent", "true")), b => b.AddChatClient("small", LookupThenAnswer()), logs);

        await provider.GetRequiredService<IAgentRunner<ShopAgent>>().RunAsync("What does secret-sku-42 cost?");

        var entries = logs.Entries.ToList();
        var tool = Assert.Single(entries, e => e.Category == DeclarativeLog.ToolsCategory);
        Assert.Contains(tool.State, kv => kv.Key == "Arguments" && kv.Value is string s && s.Contains("secret-sku-42", StringComparison.Ordinal));
        Assert.Contains(tool.State, kv => kv.Key == "Result" && kv.Value is string s && s.Contains("costs 12", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.EventId.Id == 1001 && e.Message.Contains("secret-sku-42", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.EventId.Id == 1004 && e.Message.Contains("It costs 12.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_that_ends_early_is_a_warning_with_its_reason()
    {
        var logs = new CapturingLoggerProvider();
        var model = new ScriptedChatClient().ThenToolCalls(("lookup", new { sku = "A" })).ThenToolCalls(("lookup", new { sku = "B" }));
        using var provider = Build(Config.From(("Declarative:Run:MaxIterations", "2")), b => b.AddChatClient("small", model), logs);

        await provider.GetRequiredService<IAgentRunner<ShopAgent>>().RunAsync("?");

        var ended = Assert.Single(logs.Entries, e => e.EventId.Id == 1003);
        Assert.Equal(LogLevel.Warning, ended.Level);
        Assert.Contains(ended.State, kv => kv.Key == "Reason" && kv.Value is string s && s.Contains("2 iterations", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenTelemetry_helpers_export_the_runs_spans_and_metrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        ActivitySpanId mineSpan = default;
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddDeclarativeInstrumentation().AddInMemoryExporter(spans).Build())
        using (var meters = Sdk.CreateMeterProviderBuilder().AddDeclarativeInstrumentation().AddInMemoryExporter(metrics).Build())
        {
            using var provider = Build(Config.From(), b => b.AddChatClient("small", LookupThenAnswer()));
            // Other tests in this process run agents too and the exporter sees their spans: this run's
            // spans are the ones under this test's own trace.
            // (Marked as recorded: OpenTelemetry's default sampler follows the parent's decision.)
            using var mine = new Activity("this test") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start();
            var result = await provider.GetRequiredService<IAgentRunner<ShopAgent>>().RunAsync("What does A-1 cost?");
            Assert.True(result.IsCompleted);
            mine.Stop();
            mineSpan = mine.SpanId;
            meters.ForceFlush();
            tracing.ForceFlush();
            spans.RemoveAll(s => s.TraceId != mine.TraceId);
        }

        var agent = Assert.Single(spans, s => s.DisplayName == "invoke_agent ShopAgent" && s.ParentSpanId == mineSpan);
        Assert.Equal(2, spans.Count(s => s.DisplayName.StartsWith("chat ", StringComparison.Ordinal) && s.ParentSpanId == agent.SpanId));
        Assert.Single(spans, s => s.DisplayName == "execute_tool lookup" && s.ParentSpanId == agent.SpanId);
        Assert.Contains(metrics, m => m.Name == "gen_ai.client.token.usage");
        Assert.Contains(metrics, m => m.Name == "gen_ai.client.operation.duration");
    }

    [Fact]
    public async Task Default_chat_client_from_the_container_serves_agents_when_nothing_else_does()
    {
        var model = new ScriptedChatClient().ThenText("hello");
        var services = new ServiceCollection();
        services.AddSingleton<Ledger>().AddSingleton<ShopTools>();
        services.AddSingleton<IChatClient>(model);
        services.AddDeclarative().AddAgent<ShopAgent>();
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IAgentRunner<ShopAgent>>().RunAsync("hi");
        Assert.Equal("hello", result.Text);
        // The agent asks for "small", which nothing registers: it goes to the default client under that id.
        Assert.Equal("small", model.Requests[0].Options?.ModelId);
    }

    private sealed class ApproveAll : IToolApprovalHandler
    {
        public ValueTask<ToolApprovalDecision> DecideAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(ToolApprovalDecision.Approve("ok"));
    }

    private sealed class DenyAll : IToolApprovalHandler
    {
        public ValueTask<ToolApprovalDecision> DecideAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(ToolApprovalDecision.Deny("policy says no"));
    }
}

/// <summary>Tests that listen to the process-wide telemetry run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
