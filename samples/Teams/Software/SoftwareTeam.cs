using Declarative;
using Declarative.Orchestration;

namespace TeamsSample.Software;

/// <summary>What running the tests gave, as the tester's tool returns it.</summary>
/// <param name="Compiled">Whether the code compiled (against the sandbox's allow-list).</param>
/// <param name="Passed">Tests passed.</param>
/// <param name="Total">Tests run.</param>
/// <param name="Problems">Compiler errors or failed tests, each with where it is.</param>
public sealed record TestRun(bool Compiled, int Passed, int Total, IReadOnlyList<string> Problems);

/// <summary>
/// The tester's tool: compiles the programmer's C# with the task's tests (which no model writes) and runs them in a
/// time-limited child process. It remembers the last run, so the chat's speaker selector decides on what ran, not on
/// what a model says ran.
/// </summary>
public sealed partial class TestBench(string tests)
{
    private readonly ReflectionSample.Coding.CodeSandbox _sandbox = new(TimeSpan.FromSeconds(10));

    /// <summary>The last run, or null before the first.</summary>
    public TestRun? LastRun { get; private set; }

    /// <summary>Compiles the C# file and runs the task's tests against it.</summary>
    /// <param name="code">The whole C# file, exactly as the programmer wrote it.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    [Tool]
    public async Task<TestRun> RunTests(string code, CancellationToken cancellationToken)
    {
        var compiled = ReflectionSample.Coding.CodeSandbox.Compile(code, tests);
        if (compiled.Assembly is not { } assembly)
        {
            return LastRun = new TestRun(false, 0, 0, [.. compiled.Findings.Select(f => f.Message)]);
        }
        var outcome = await _sandbox.RunTestsAsync(assembly, cancellationToken).ConfigureAwait(false);
        return LastRun = new TestRun(true, outcome.Passed, outcome.Total, [.. outcome.Failures.Select(f => f.Message)]);
    }
}

/// <summary>States what is wanted and what "done" means.</summary>
[Agent("""
    You are the product owner in a small software team. Restate the task for the programmer in a few bullet points:
    what the function must do, its edge cases, and what the tests will check. Do not write code.
    """, Model = "owner", Description = "States the requirement and its acceptance criteria.")]
public sealed partial class ProductOwner;

/// <summary>Writes the code.</summary>
[Agent("""
    You are the programmer. Write the whole C# file the task asks for in one ```csharp block, and nothing else but one
    line saying what changed. When the tester reports failures, fix exactly those.
    """, Model = "programmer", Description = "Writes and fixes the C# code.")]
public sealed partial class Programmer;

/// <summary>Reviews the code; it cannot run it.</summary>
[Agent("""
    You review the programmer's latest C# file for correctness against the product owner's points. Name concrete
    problems in one or two lines, or say it looks ready for testing. You cannot run code.
    """, Model = "reviewer", Description = "Reviews the latest code against the requirement.")]
public sealed partial class Reviewer;

/// <summary>Runs the tests; the only one who can.</summary>
[Agent("""
    You are the tester. Run the tests on the programmer's latest C# file with run_tests, passing the file exactly as
    written. Report the result in one line per problem, or say "ALL TESTS PASSED" when every test passed.
    """, Model = "tester", Description = "Runs the tests on the latest code and reports the result.")]
public sealed partial class Tester([UseTools] TestBench bench);

/// <summary>
/// The team in one transcript: the product owner, then programmer, reviewer and tester in turn until the tests pass
/// (decided by the test bench's last run, not by a message) or the round limit.
/// </summary>
[GroupChat(Selection = SpeakerSelection.Code, MaxRounds = 12, Description = "Owner, programmer, reviewer and tester until the tests pass.")]
public sealed partial class SoftwareTeam(
    [UseAgent] ProductOwner owner, [UseAgent] Programmer programmer, [UseAgent] Reviewer reviewer, [UseAgent] Tester tester, TestBench bench)
{
    /// <summary>Owner first; then programmer, reviewer, tester; after the tester, done if the tests passed, else back to the programmer.</summary>
    [SpeakerSelector]
    public string? NextSpeaker(GroupChatState state) => state.LastSpeaker switch
    {
        null => nameof(ProductOwner),
        nameof(ProductOwner) => nameof(Programmer),
        nameof(Programmer) => nameof(Reviewer),
        nameof(Reviewer) => nameof(Tester),
        _ => bench.LastRun is { Compiled: true } run && run.Passed == run.Total && run.Total > 0 ? null : nameof(Programmer),
    };
}
