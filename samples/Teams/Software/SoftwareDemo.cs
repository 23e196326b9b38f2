using Declarative;
using Microsoft.Extensions.AI;

namespace TeamsSample.Software;

/// <summary>
/// The software team on Roman numerals: owner, programmer, reviewer, tester, and round again until the tests pass.
/// Offline the first version must fail 7 of 9 tests (execution feedback the reviewer could not give), the second pass
/// all 9, and the chat must end there because the test bench says so. Exits non-zero otherwise.
/// </summary>
internal static class SoftwareDemo
{
    private static readonly string[] Tiers = ["owner", "programmer", "reviewer", "tester"];

    public static async Task<int> RunAsync(IChatClient? endpoint)
    {
        var task = ReflectionSample.Coding.CodeTask.RomanNumerals;
        var bench = new TestBench(task.Tests);
        var models = endpoint is null ? TeamModels.Offline("software", Tiers) : TeamModels.Live(endpoint);
        var runner = new AgentRunner(models.Registry, new AgentRunOptions { Prices = Report.Prices, MaxIterations = 4 });
        var team = new SoftwareTeam(new ProductOwner(), new Programmer(), new Reviewer(), new Tester(bench), bench);
        var problems = new List<string>();

        Report.Heading("the team on: " + task.Prompt.Split('\n')[0]);
        var result = await runner.RunAsync(team, task.Prompt);
        foreach (var turn in result.Trace.AgentInvocations.Where(t => !string.IsNullOrEmpty(t.Text)))
        {
            var text = turn.Text!.Length > 160 ? turn.Text[..160] + " ..." : turn.Text;
            Console.WriteLine($"[{turn.AgentName}] {text.ReplaceLineEndings(" ")}");
        }
        Report.PrintTree(result.Trace);

        Report.Expect(problems, result.Succeeded, $"the chat ended {result.Status}: {result.Reason}");
        Report.Expect(problems, bench.LastRun is { Compiled: true } last && last.Passed == last.Total && last.Total > 0, "the last test run should pass every test");
        if (endpoint is not null)
        {
            return Report.SelfCheck("live: the team's code passed the tests", problems);
        }

        var speakers = result.Trace.AgentInvocations.Select(a => a.AgentName).ToList();
        Report.Expect(problems, speakers.SequenceEqual(["ProductOwner", "Programmer", "Reviewer", "Tester", "Programmer", "Reviewer", "Tester"]),
            "expected owner, then programmer-reviewer-tester twice, got " + string.Join(", ", speakers));
        var runs = result.Trace.AgentInvocations.Where(a => a.AgentName == "Tester").SelectMany(a => a.Steps.OfType<ToolCallStep>()).ToList();
        Report.Expect(problems, runs.Count == 2 && runs[0].Result?.Contains("\"passed\":2", StringComparison.Ordinal) == true && runs[1].Result?.Contains("\"passed\":9", StringComparison.Ordinal) == true,
            "the tester's runs should pass 2 of 9, then 9 of 9: " + string.Join(" | ", runs.Select(r => r.Result)));
        foreach (var unused in models.Unused())
        {
            problems.Add("recorded answers left over: " + unused);
        }
        return Report.SelfCheck("the first version failed 7 of 9 tests, the fix passed all 9, and the chat ended on the test bench's word", problems);
    }
}
