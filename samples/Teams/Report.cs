using System.Globalization;
using Declarative;

namespace TeamsSample;

/// <summary>Printing a team's trace tree and collecting self-check failures.</summary>
internal static class Report
{
    /// <summary>OpenAI list prices (US dollars per million tokens), for the trace's cost.</summary>
    public static readonly PriceTable Prices = new PriceTable()
        .Add("gpt-4o-mini", new ModelPrice(InputPerMillion: 0.15m, OutputPerMillion: 0.60m, CachedInputPerMillion: 0.075m))
        .Add("gpt-4o", new ModelPrice(InputPerMillion: 2.50m, OutputPerMillion: 10.00m, CachedInputPerMillion: 1.25m))
        .Add("gpt-4.1-mini", new ModelPrice(InputPerMillion: 0.40m, OutputPerMillion: 1.60m, CachedInputPerMillion: 0.10m));

    public static void Heading(string title)
    {
        Console.WriteLine();
        Console.WriteLine("== " + title + " ==");
    }

    /// <summary>The trace as a tree: each agent's run with its model and tool calls, and the totals per agent.</summary>
    public static void PrintTree(RunTrace trace)
    {
        Console.WriteLine($"trace of {trace.AgentName}: {trace.Status}{(trace.Reason is null ? "" : " — " + trace.Reason)}");
        Print(trace.Steps, "  ");
        Console.WriteLine("per agent (each one's own share):");
        foreach (var total in trace.AgentTotals())
        {
            var cost = total.Cost?.ToString("0.000000", CultureInfo.InvariantCulture) ?? "n/a";
            Console.WriteLine($"  {total.AgentName,-14} {total.Invocations} run(s), {total.Usage.TotalTokens,6} tokens, ${cost}");
        }
        Console.WriteLine($"total: {trace.Usage.TotalTokens} tokens, ${trace.Cost?.ToString("0.000000", CultureInfo.InvariantCulture) ?? "n/a"}, {trace.Duration.TotalMilliseconds:0} ms");
    }

    /// <summary>Every model call in the tree, nested agents' included.</summary>
    public static IEnumerable<ModelCallStep> AllModelCalls(IEnumerable<TraceStep> steps)
    {
        foreach (var step in steps)
        {
            switch (step)
            {
                case ModelCallStep call:
                    yield return call;
                    break;
                case AgentInvocationStep agent:
                    foreach (var nested in AllModelCalls(agent.Steps))
                    {
                        yield return nested;
                    }
                    break;
                case ToolCallStep { Agent: { } specialist }:
                    foreach (var nested in AllModelCalls(specialist.Steps))
                    {
                        yield return nested;
                    }
                    break;
            }
        }
    }

    private static void Print(IEnumerable<TraceStep> steps, string indent)
    {
        foreach (var step in steps)
        {
            switch (step)
            {
                case AgentInvocationStep agent:
                    Console.WriteLine($"{indent}agent {agent.AgentName}: {agent.Status}, {agent.Usage.TotalTokens} tokens{(agent.Reason is null ? "" : " — " + agent.Reason)}");
                    Print(agent.Steps, indent + "  ");
                    break;
                case ModelCallStep model:
                    Console.WriteLine($"{indent}model call: {model.Usage.InputTokens} in, {model.Usage.OutputTokens} out");
                    break;
                case ToolCallStep tool:
                    Console.WriteLine($"{indent}tool {tool.ToolName}: {tool.Outcome}{(tool.IsError ? " — " + tool.Result : "")}");
                    if (tool.Agent is { } specialist)
                    {
                        Print([specialist], indent + "  ");
                    }
                    break;
                case CheckStep check:
                    Console.WriteLine($"{indent}check {check.Name}: {(check.Passed ? "pass" : "FAIL")}");
                    break;
                default:
                    Console.WriteLine($"{indent}{step.GetType().Name.Replace("Step", "", StringComparison.Ordinal).ToLowerInvariant()}");
                    break;
            }
        }
    }

    /// <summary>Prints the outcome of the self-check and gives the exit code.</summary>
    public static int SelfCheck(string what, List<string> problems)
    {
        Heading(problems.Count == 0 ? "self-check: OK" : "self-check: FAILED");
        if (problems.Count == 0)
        {
            Console.WriteLine(what);
            return 0;
        }
        foreach (var problem in problems)
        {
            Console.WriteLine("  - " + problem);
        }
        return 1;
    }

    public static void Expect(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
