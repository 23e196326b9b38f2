using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Declarative;
using Declarative.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using RetailStore;
using RetailStore.Hosted;

// The RetailStore customer-service agent as a web API. Models, run limits and logging come from
// configuration (appsettings.json; appsettings.Live.json with --environment Live for a real model);
// the agent and its Store come from the container; returns are approved by a policy registered there.
//
//   dotnet run --project samples/RetailStore.Hosted                      offline, on the recorded scripts
//   dotnet run --project samples/RetailStore.Hosted -- --self-check      start, call POST /chat twice, check, exit
//   OPENAI_API_KEY=... dotnet run --project samples/RetailStore.Hosted -- --environment Live
var selfCheck = args.Contains("--self-check");
var builder = WebApplication.CreateSlimBuilder(args.Where(a => a != "--self-check").ToArray());
if (selfCheck)
{
    builder.WebHost.UseUrls("http://127.0.0.1:0");
}
var live = builder.Environment.IsEnvironment("Live");

builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, HostedJson.Default));
builder.Services.AddSingleton(_ => Catalog.CreateSample());
builder.Services.AddSingleton<Store>();

var declarative = builder.Services.AddDeclarative()
    .AddAgent<CustomerServiceAgent>()
    .AddApprovalHandler<StaffApprovalPolicy>()
    .ConfigureRunOptions(o => o with { Prices = Prices.OpenAI });
if (!live)
{
    // Offline: the agent's "small" tier is served by the recordings, registered in code.
    declarative.AddChatClient("small", new RecordedModels(), "gpt-4o-mini");
}

var app = builder.Build();

app.MapPost("/chat", async (ChatRequest request, IAgentRunner<CustomerServiceAgent> agent, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(request.Message))
    {
        return Results.BadRequest(new ErrorResponse("message: required"));
    }
    List<ChatMessage> messages = [new(ChatRole.User, request.Message)];
    if (!string.IsNullOrWhiteSpace(request.CustomerEmail))
    {
        messages.Insert(0, new ChatMessage(ChatRole.System, $"The customer is signed in as {request.CustomerEmail}."));
    }
    var result = await agent.RunAsync(messages, cancellationToken: cancellationToken);
    return Results.Ok(new ChatResponseBody(
        result.Status.ToString(), result.Reason, result.Text,
        [.. result.Trace.ToolCalls.Select(t => new ToolCallSummary(t.ToolName, t.Outcome.ToString(), t.Approved))],
        result.Usage.InputTokens, result.Usage.OutputTokens, result.Cost));
});
app.MapGet("/store/returns", (Catalog catalog) => catalog.Returns.Select(r => new ReturnSummary(r.ReturnId, r.OrderId, r.ItemId, r.Quantity, r.Refund)).ToList());
app.MapGet("/healthz", () => "ok");

if (!selfCheck)
{
    await app.RunAsync();
    return 0;
}
return await SelfCheck.RunAsync(app, live);

/// <summary>A customer's message to the agent.</summary>
internal sealed record ChatRequest(string? Message, string? CustomerEmail);

/// <summary>The agent's answer and how the run went.</summary>
internal sealed record ChatResponseBody(string Status, string? Reason, string? Answer, List<ToolCallSummary> ToolCalls,
                                        long InputTokens, long OutputTokens, decimal? Cost);

/// <summary>One tool call of the run.</summary>
internal sealed record ToolCallSummary(string Tool, string Outcome, bool? Approved);

/// <summary>A return the store recorded.</summary>
internal sealed record ReturnSummary(string ReturnId, string OrderId, string ItemId, int Quantity, decimal Refund);

/// <summary>A refused request.</summary>
internal sealed record ErrorResponse(string Error);

[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(ChatResponseBody))]
[JsonSerializable(typeof(List<ReturnSummary>))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class HostedJson : JsonSerializerContext;

/// <summary>Prices per million tokens, for the runs' cost.</summary>
internal static class Prices
{
    public static readonly PriceTable OpenAI = new PriceTable()
        .Add("gpt-4o-mini", new ModelPrice(InputPerMillion: 0.15m, OutputPerMillion: 0.60m, CachedInputPerMillion: 0.075m));
}

/// <summary>Starts the host on a free loopback port, talks to it over real HTTP, checks the answers and the store, and stops.</summary>
internal static class SelfCheck
{
    public static async Task<int> RunAsync(WebApplication app, bool live)
    {
        await app.StartAsync();
        var problems = new List<string>();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Console.WriteLine($"self-check: listening on {address}");
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(3) };

            var health = await http.GetStringAsync("/healthz");
            Check(health == "ok", $"GET /healthz answered '{health}'", problems);

            var bad = await http.PostAsJsonAsync("/chat", new ChatRequest("  ", null), HostedJson.Default.ChatRequest);
            Check((int)bad.StatusCode == 400, $"POST /chat with no message answered {(int)bad.StatusCode}, expected 400", problems);

            var round = await ChatAsync(http, "Any round sunglasses in stock under $100?");
            Check(round?.Status == "Completed", $"the product question ended {round?.Status}: {round?.Reason}", problems);
            Check(live || round?.Answer?.Contains("SG-008", StringComparison.Ordinal) == true, "the product answer does not name SG-008", problems);
            Check(live || round?.ToolCalls.Count == 3 && round.ToolCalls.All(t => t.Outcome == "Succeeded"), "the product question did not make its three tool calls", problems);

            var ret = await ChatAsync(http, "I want to return the gold-frame sunglasses I bought, not the metal ones");
            Check(ret?.Status == "Completed", $"the return ended {ret?.Status}: {ret?.Reason}", problems);
            Check(live || ret?.ToolCalls.Any(t => t.Tool == "process_return" && t.Approved == true && t.Outcome == "Succeeded") == true,
                "process_return was not approved by the policy and run", problems);

            if (!live)
            {
                var returns = await http.GetFromJsonAsync("/store/returns", HostedJson.Default.ListReturnSummary);
                Check(returns is [{ OrderId: "ORD-1004", ItemId: "SG-007", Quantity: 1, Refund: 179.00m }],
                    $"expected one return of SG-007 from ORD-1004 for $179.00, found {returns?.Count ?? 0}", problems);
            }
        }
        catch (Exception ex)
        {
            problems.Add("the self-check failed: " + ex.Message);
        }
        finally
        {
            await app.StopAsync();
        }
        foreach (var problem in problems)
        {
            Console.Error.WriteLine("self-check FAILED: " + problem);
        }
        if (problems.Count == 0)
        {
            Console.WriteLine("self-check: passed (health, a refused request, a product question and an approved return, over HTTP)");
        }
        return problems.Count == 0 ? 0 : 1;
    }

    private static async Task<ChatResponseBody?> ChatAsync(HttpClient http, string message)
    {
        Console.WriteLine($"POST /chat  {message}");
        var response = await http.PostAsJsonAsync("/chat", new ChatRequest(message, "ana@example.com"), HostedJson.Default.ChatRequest);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync(HostedJson.Default.ChatResponseBody);
        Console.WriteLine($"  -> {body?.Status}: {body?.Answer}");
        Console.WriteLine($"     tools: {string.Join(", ", body?.ToolCalls.Select(t => $"{t.Tool} {t.Outcome}{(t.Approved is { } a ? (a ? " (approved)" : " (denied)") : "")}") ?? [])}; "
            + $"tokens {body?.InputTokens} in, {body?.OutputTokens} out; cost {body?.Cost}");
        return body;
    }

    private static void Check(bool ok, string problem, List<string> problems)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }
}
