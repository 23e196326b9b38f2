using Declarative.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Declarative.Hosting.Tests;

public sealed class MoreHostingTests
{
    [Fact]
    public async Task A_typed_agent_runs_through_its_runner_with_logged_tools()
    {
        var model = new ScriptedChatClient().ThenToolCalls(("lookup", new { sku = "A-1" })).ThenText("""{"price": 12, "sku": "A-1"}""");
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection().AddSingleton<Ledger>().AddSingleton<ShopTools>();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddDeclarative().AddChatClient("small", model).AddAgent<QuoteAgent>();
        using var provider = services.BuildServiceProvider();

        var runner = provider.GetRequiredService<IAgentRunner<QuoteAgent>>();
        var result = await runner.RunAsync<Quote>([new ChatMessage(ChatRole.User, "Price of A-1?")]);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(new Quote(12, "A-1"), result.Output);
        Assert.Single(logs.Entries, e => e.Category == DeclarativeLog.ToolsCategory && e.EventId.Id == 2000);
        await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync<string>([new ChatMessage(ChatRole.User, "?")]));
    }

    [Fact]
    public void A_custom_provider_reads_its_entry_and_its_own_settings()
    {
        var client = new ScriptedChatClient();
        ModelSettings? seen = null;
        var services = new ServiceCollection();
        services.AddSingleton(Config.From(
            ("Declarative:Models:house:Provider", "HouseModels"),
            ("Declarative:Models:house:Endpoint", "https://models.internal.test/v2"),
            ("Declarative:Models:house:Region", "north"),
            ("Declarative:Models:house:ModelId", "house-7b")));
        services.AddDeclarative().AddProvider("housemodels", (settings, _) =>
        {
            seen = settings;
            return client;
        });
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var (resolved, modelId) = provider.GetRequiredService<ModelRegistry>().Resolve("house");
        Assert.Same(client, resolved);
        Assert.Equal("house-7b", modelId);
        Assert.Equal("Declarative:Models:house", seen!.Path);
        Assert.Equal(new Uri("https://models.internal.test/v2"), seen.Endpoint);
        Assert.Equal("north", seen.Section["Region"]);
    }

    [Fact]
    public void A_keyed_chat_client_from_the_container_serves_its_tier()
    {
        var fast = new ScriptedChatClient();
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IChatClient>("fast", fast);
        services.AddDeclarative().AddKeyedChatClient("fast", "gpt-fast");
        using var provider = services.BuildServiceProvider();

        var (client, modelId) = provider.GetRequiredService<ModelRegistry>().Resolve("fast");
        Assert.Same(fast, client);
        Assert.Equal("gpt-fast", modelId);
    }

    [Fact]
    public void Unknown_top_level_settings_and_bad_values_are_reported_with_their_paths()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Config.From(
            ("Declarative:Modles:small:Provider", "OpenAI"),
            ("Declarative:Logging:IncludeContent", "maybe"),
            ("Declarative:Run:Temperature", "hot"),
            ("Declarative:Run:Budget:MaxCost", "-1")));
        services.AddDeclarative();
        using var provider = services.BuildServiceProvider();

        var failures = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate()).Failures.ToList();
        Assert.Contains("Declarative:Modles: unknown setting; did you mean 'Models'?", failures);
        Assert.Contains(failures, f => f.StartsWith("Declarative:Logging:IncludeContent: 'maybe'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Declarative:Run:Temperature: 'hot'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Declarative:Run:Budget:MaxCost: '-1'", StringComparison.Ordinal));
        Assert.Equal(4, failures.Count);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AgentRunOptions>>().Value);
    }

    [Fact]
    public async Task The_logging_tool_set_keeps_argument_validation_and_the_tool_list()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection().AddSingleton<Ledger>().AddSingleton<ShopTools>();
        services.AddLogging(b => b.AddProvider(logs));
        var model = new ScriptedChatClient().ThenToolCalls(("lookup", new { sku = 5 })).ThenText("done");
        services.AddDeclarative().AddChatClient("small", model).AddAgent<ShopAgent>();
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IAgentRunner<ShopAgent>>().RunAsync("?");

        var call = Assert.Single(result.Trace.ToolCalls);
        Assert.Equal(ToolCallOutcome.Failed, call.Outcome);
        Assert.Contains(call.Errors, e => e.Path == "$.sku");
        var failed = Assert.Single(logs.Entries, e => e.EventId.Id == 2001);
        Assert.Contains(failed.State, kv => kv.Key == "ErrorPaths" && Equals(kv.Value, "$.sku"));
        // The wrapper's tool list is the agent's own, so the runner's caches and scope checks are unchanged.
        Assert.Equal(2, model.Requests[0].Options?.Tools?.Count);
    }
}
