using Declarative;
using Microsoft.Extensions.AI;

namespace TeamsSample.Support;

/// <summary>
/// The customer-service desk on two messages: Ana's return (triage's first hand-off misses a field its target requires,
/// is told so by path, and corrected) and Ben's delivery question. Offline the return must be opened in the order book
/// for the gold aviators only, triage must never see the desks' tools, and both replies must be typed. Exits non-zero otherwise.
/// </summary>
internal static class SupportDemo
{
    private static readonly string[] Tiers = ["triage", "orders", "returns"];

    public static async Task<int> RunAsync(IChatClient? endpoint)
    {
        var book = new OrderBook();
        var models = endpoint is null ? TeamModels.Offline("support", Tiers) : TeamModels.Live(endpoint);
        var runner = new AgentRunner(models.Registry, new AgentRunOptions { Prices = Report.Prices, MaxIterations = 6 });
        var desk = new CustomerService(new TriageAgent(), new OrdersAgent(new OrderTools(book)), new ReturnsAgent(new ReturnTools(book)));
        var problems = new List<string>();

        Report.Heading("1/2  \"I want to return the gold-frame sunglasses I bought, not the metal ones\"");
        var ana = await runner.RunAsync(desk, "Hi, this is ana@example.com. I want to return the gold-frame sunglasses I bought, not the metal ones.");
        Console.WriteLine($"reply: {ana.Output?.Message}");
        Report.PrintTree(ana.Trace);

        Report.Heading("2/2  \"When will my order arrive?\"");
        var ben = await runner.RunAsync(desk, "ben@example.com here. When will my order arrive?");
        Console.WriteLine($"reply: {ben.Output?.Message}");
        Report.PrintTree(ben.Trace);

        Report.Expect(problems, ana.Succeeded && ana.Output?.ReturnId is not null, $"Ana's conversation ended {ana.Status}: {ana.Reason}");
        Report.Expect(problems, ben.Succeeded && ben.Output is not null, $"Ben's conversation ended {ben.Status}: {ben.Reason}");
        Report.Expect(problems, book.Returns.Count == 1, $"exactly one return should be opened, got {book.Returns.Count}");
        Report.Expect(problems, ((IAgent)new TriageAgent()).Descriptor.Tools.Count == 0, "triage should have no tools of its own");
        if (endpoint is not null)
        {
            return Report.SelfCheck("live: both messages reached a desk and got a reply", problems);
        }

        Report.Expect(problems, book.Returns is [{ OrderId: "ORD-1004", ItemId: "SG-007" }], "the return should be for the gold aviators (SG-007) of ORD-1004 only");
        var agents = ana.Trace.AgentInvocations.Select(a => a.AgentName).ToList();
        Report.Expect(problems, agents.SequenceEqual(["TriageAgent", "ReturnsAgent"]), "Ana's conversation should go triage -> returns, got " + string.Join(" -> ", agents));
        var triageCalls = ana.Trace.AgentInvocations.First().Steps.OfType<ToolCallStep>().ToList();
        Report.Expect(problems, triageCalls.Count == 2 && triageCalls[0].IsError && triageCalls[0].Errors.Any(e => e.Path == "$.reason") && !triageCalls[1].IsError,
            "triage's first hand-off should fail on $.reason and the second succeed");
        Report.Expect(problems, ben.Trace.AgentInvocations.Select(a => a.AgentName).SequenceEqual(["TriageAgent", "OrdersAgent"]), "Ben's conversation should go triage -> orders");
        Report.Expect(problems, ben.Output?.OrderId == "ORD-1007", "Ben's reply should be about ORD-1007");
        foreach (var unused in models.Unused())
        {
            problems.Add("recorded answers left over: " + unused);
        }
        return Report.SelfCheck("triage handed Ana to returns (after fixing a malformed hand-off) and Ben to orders; one return opened, for the right item", problems);
    }
}
