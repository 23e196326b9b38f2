using Declarative;
using Declarative.Reflection;
using Microsoft.Extensions.AI;

namespace ReflectionSample.Coding;

/// <summary>
/// The code writer in the reflection loop, its checks the compiler and tests run in a child process. Offline, on the
/// recording, it must take exactly three rounds (a compile error, then failed tests, then accepted); then the sandbox
/// itself is probed (an endless loop is stopped, a file read is refused, a huge allocation fails). Exits non-zero otherwise.
/// </summary>
internal static class CodeDemo
{
    public static async Task<int> RunAsync(IChatClient model, bool live)
    {
        var task = CodeTask.RomanNumerals;
        var sandbox = new CodeSandbox(TimeSpan.FromSeconds(10));
        var writer = new CodeWriter(task, sandbox);
        var runner = new ReflectionRunner(model, new ReflectionOptions
        {
            MaxRounds = 4,
            Run = new AgentRunOptions { Prices = Report.Prices, Temperature = live ? 0f : null, RunTimeout = live ? TimeSpan.FromMinutes(2) : null },
        });

        Report.Heading("the task");
        Console.WriteLine(task.Prompt.TrimEnd());
        Console.WriteLine($"sandbox: the code may use {string.Join(", ", CodeSandbox.AllowedNamespaces)} only; tests in a child process, {sandbox.TimeLimit.TotalSeconds:0} s limit, 256 MB heap");
        var result = await runner.RunAsync(writer, task.Prompt);
        Report.PrintRounds(result, submission => Console.WriteLine(Numbered(submission.Code)));
        Report.Heading($"result: {result.Status}{(result.Reason is null ? "" : " — " + result.Reason)}");
        Report.PrintTrace(result.Trace);

        var problems = new List<string>();
        await ProbeSandboxAsync(task, problems);
        if (live)
        {
            Expect(problems, result.IsAccepted, $"the live run ended {result.Status}: {result.Reason}");
            return Report.SelfCheck($"live: accepted after {result.Rounds.Count} round(s); the sandbox probes held", problems);
        }

        var recording = (Declarative.Testing.ScriptedChatClient)model;
        Expect(problems, result.Status == ReflectionStatus.Accepted, $"expected Accepted, got {result.Status}: {result.Reason}");
        Expect(problems, result.Rounds.Count == 3, $"expected 3 rounds, got {result.Rounds.Count}");
        if (result.Rounds.Count == 3)
        {
            var (first, second, third) = (result.Rounds[0], result.Rounds[1], result.Rounds[2]);
            Expect(problems, Failed(first).SequenceEqual(["compiles", "passes_tests"]), "round 1 should fail both checks, failed: " + string.Join(", ", Failed(first)));
            var compileErrors = first.Checks[0].Result.Findings;
            Expect(problems, compileErrors.Count == 1 && compileErrors[0].Message.StartsWith("line 7, column 26: CS0246:", StringComparison.Ordinal),
                "round 1 should have one compiler error, CS0246 at line 7, got: " + string.Join(" | ", compileErrors));
            Expect(problems, Failed(second).SequenceEqual(["passes_tests"]), "round 2 should compile and fail the tests, failed: " + string.Join(", ", Failed(second)));
            var failedTests = second.Checks[1].Result.Findings.Select(f => f.Message).ToList();
            Expect(problems, second.Checks[1].Result.Feedback == "7 of 9 tests failed."
                && failedTests.Contains("test four_is_IV: expected \"IV\", got \"IIII\"")
                && failedTests.Contains("test zero_is_out_of_range: expected ArgumentOutOfRangeException, got \"\""),
                "round 2 should fail 7 of 9 tests (IIII for 4, no exception for 0), got: " + second.Checks[1].Result.Feedback + " " + string.Join(" | ", failedTests));
            // Each round's feedback is what the writer got next: the last message of its next request.
            Expect(problems, recording.Requests.Count == 3 && recording.Requests[1].Messages[^1].Text == first.Feedback && recording.Requests[2].Messages[^1].Text == second.Feedback
                && first.Feedback!.Contains("CS0246", StringComparison.Ordinal) && second.Feedback!.Contains("four_is_IV", StringComparison.Ordinal),
                "the compiler error and the failed tests were not sent back to the writer");
            Expect(problems, third.Accepted && third.Checks.All(c => c.Result.IsPassed) && ReferenceEquals(result.Value, third.Candidate), "round 3 should pass both checks and be the value");
        }
        Expect(problems, recording.RemainingSteps == 0, $"{recording.RemainingSteps} recorded answer(s) unused");
        return Report.SelfCheck("3 rounds: a compile error (CS0246, line 7), then 7 of 9 tests failed, then all 9 passed; the sandbox stopped a loop, refused a file read and capped the heap", problems);
    }

    /// <summary>The sandbox's limits, tried with code no recording needs to write.</summary>
    private static async Task ProbeSandboxAsync(CodeTask task, List<string> problems)
    {
        Report.Heading("the sandbox, probed");
        var quick = new CodeSandbox(TimeSpan.FromSeconds(2));
        const string Head = "using System;\npublic static class RomanNumerals\n{\n    public static string ToRoman(int number)\n    {\n";

        var endless = CodeSandbox.Compile(Head + "        while (number > 0) { }\n        return \"\";\n    }\n}\n", task.Tests);
        var looped = endless.Assembly is { } loop ? await quick.RunTestsAsync(loop, CancellationToken.None) : null;
        var stopped = looped?.Failures.FirstOrDefault()?.Message;
        Console.WriteLine($"an endless loop:   {stopped ?? "(did not compile)"}");
        Expect(problems, stopped == "test one_is_I: did not finish in 2 s and was stopped (an endless loop?)", "the endless loop was not stopped at the limit: " + stopped);

        var reading = CodeSandbox.Compile(Head + "        return System.IO.File.ReadAllText(\"/etc/passwd\") + Environment.UserName;\n    }\n}\n", task.Tests);
        Console.WriteLine($"a file read:       {string.Join(" | ", reading.Findings.Select(f => f.Message.Split('\n')[0]))}");
        Expect(problems, reading.Assembly is null && reading.Findings.Count == 2
            && reading.Findings[0].Message.StartsWith("line 6, column 26: System.IO.File is not allowed", StringComparison.Ordinal)
            && reading.Findings[1].Message.Contains("System.Environment is not allowed", StringComparison.Ordinal),
            "the file read and the environment were not refused before running");

        var hungry = CodeSandbox.Compile(Head + "        return new string('I', 1 << 29);\n    }\n}\n", task.Tests);
        var ran = hungry.Assembly is { } big ? await quick.RunTestsAsync(big, CancellationToken.None) : null;
        var capped = ran?.Failures.FirstOrDefault()?.Message;
        Console.WriteLine($"a 1 GB string:     {capped ?? "(did not compile)"}");
        Expect(problems, capped?.StartsWith("test one_is_I: threw OutOfMemoryException", StringComparison.Ordinal) == true,
            "a 1 GB allocation was not refused by the heap limit: " + capped);
    }

    private static List<string> Failed(ReflectionRound<CodeSubmission> round) => [.. round.Checks.Where(c => !c.Result.IsPassed).Select(c => c.Name)];

    private static string Numbered(string code)
        => string.Join("\n", code.TrimEnd().Split('\n').Select((line, i) => $"  {i + 1,3} | {line}"));

    private static void Expect(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
