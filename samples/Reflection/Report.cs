using System.Globalization;
using Declarative;
using Declarative.Reflection;

namespace ReflectionSample;

/// <summary>Printing a reflection loop (rounds, checks, verdicts, feedback, the trace) and collecting self-check failures.</summary>
internal static class Report
{
    /// <summary>OpenAI list prices (US dollars per million tokens), for the trace's cost.</summary>
    public static readonly PriceTable Prices = new PriceTable()
        .Add("gpt-4o-mini", new ModelPrice(InputPerMillion: 0.15m, OutputPerMillion: 0.60m, CachedInputPerMillion: 0.075m))
        .Add("gpt-4o", new ModelPrice(InputPerMillion: 2.50m, OutputPerMillion: 10.00m, CachedInputPerMillion: 1.25m))
        .Add("gpt-4.1-mini", new ModelPrice(InputPerMillion: 0.40m, OutputPerMillion: 1.60m, CachedInputPerMillion: 0.10m))
        .Add("gpt-4.1", new ModelPrice(InputPerMillion: 2.00m, OutputPerMillion: 8.00m, CachedInputPerMillion: 0.50m));

    public static void Heading(string title)
    {
        Console.WriteLine();
        Console.WriteLine("== " + title + " ==");
    }

    /// <summary>Each round: the candidate (as <paramref name="show"/> prints it), every check, the verdict, and the feedback sent back.</summary>
    public static void PrintRounds<T>(ReflectionResult<T> result, Action<T> show)
    {
        foreach (var round in result.Rounds)
        {
            Heading($"round {round.Number}: {(round.Accepted ? "ACCEPTED" : "not accepted")}");
            if (round.Candidate is { } candidate)
            {
                show(candidate);
            }
            Console.WriteLine("checks:");
            foreach (var check in round.Checks)
            {
                Console.WriteLine($"  {(check.Result.IsPassed ? "pass" : "FAIL")}  {check.Name}  ({Ms(check.Duration)})"
                    + (check.Result.IsPassed ? "" : ": " + check.Result.Feedback));
                foreach (var finding in check.Result.Findings)
                {
                    Console.WriteLine($"          {finding.Path}: {finding.Message.ReplaceLineEndings("\n            ")}");
                }
            }
            if (round.Verdict is { } verdict)
            {
                Console.WriteLine("critic:");
                foreach (var item in verdict.Items)
                {
                    Console.WriteLine($"  {(item.Passed ? "pass" : "FAIL")}  {item.Criterion}: {item.Reason}");
                }
            }
            if (round.Feedback is { } feedback)
            {
                Console.WriteLine("feedback sent back to the producer:");
                Console.WriteLine("  | " + feedback.TrimEnd().ReplaceLineEndings("\n  | "));
            }
        }
    }

    /// <summary>The trace, step by step, and its summary.</summary>
    public static void PrintTrace(RunTrace trace)
    {
        Heading("trace");
        // The round a step belongs to, from its place: every step up to a round's end is that round's.
        var round = 1;
        foreach (var step in trace.Steps)
        {
            var line = step switch
            {
                ModelCallStep m => $"model call      {m.Model}: {m.Usage.InputTokens} in, {m.Usage.OutputTokens} out{(m.Error is null ? "" : ", error " + m.Error)}",
                OutputValidationStep => "typed answer    read by the generated reader",
                GuardrailStep g => $"guardrail       {g.Name} ({g.Stage.ToString().ToLowerInvariant()}): {(g.Tripped ? "TRIPPED: " + g.Reason : "passed")}",
                CheckStep c => $"check           {c.Name}: {(c.Passed ? "passed" : "failed")}",
                ReflectionRoundStep r => $"round end       {(r.Accepted ? "accepted" : "failed: " + string.Join(", ", r.FailedChecks.Concat(r.FailedCriteria.Select(c => "'" + c + "'"))))}",
                _ => step.GetType().Name,
            };
            Console.WriteLine($"  {step.Index,2}  round {round}  {line}");
            round += step is ReflectionRoundStep ? 1 : 0;
        }
        Console.WriteLine("summary:");
        Console.WriteLine("  " + trace.Summarize().ReplaceLineEndings(Environment.NewLine + "  "));
        var checks = trace.Steps.OfType<CheckStep>().ToList();
        var guardrails = trace.Steps.OfType<GuardrailStep>().ToList();
        Console.WriteLine($"  checks: {checks.Count} ({checks.Count(c => !c.Passed)} failed); guardrails: {guardrails.Count} ({guardrails.Count(g => g.Tripped)} tripped); "
            + $"rounds: {trace.Steps.OfType<ReflectionRoundStep>().Count()}");
    }

    /// <summary>Prints the problems found by a self-check and returns the exit code (0 when there are none).</summary>
    public static int SelfCheck(string what, List<string> problems)
    {
        Console.WriteLine();
        if (problems.Count == 0)
        {
            Console.WriteLine("self-check: passed (" + what + ")");
            return 0;
        }
        foreach (var problem in problems)
        {
            Console.Error.WriteLine("self-check FAILED: " + problem);
        }
        return 1;
    }

    public static string Ms(TimeSpan duration)
        => duration.TotalMilliseconds.ToString(duration.TotalMilliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";
}
