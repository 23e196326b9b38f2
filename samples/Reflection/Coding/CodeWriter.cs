using System.Runtime.CompilerServices;
using Declarative;
using Declarative.Reflection;

namespace ReflectionSample.Coding;

/// <summary>The code writer's answer.</summary>
/// <param name="Code">The whole C# file: usings and the class asked for.</param>
public sealed record CodeSubmission(string Code);

/// <summary>
/// The code writer: answers a <see cref="CodeTask"/> with a C# file. Its checks are execution feedback — the compiler
/// and tests that ran — so the next draft answers the compiler's errors and the failed assertions, not a hunch.
/// </summary>
[Agent("""
    You write small, correct C# files. Answer with JSON: {"code": "<the whole file>"}. When your code is sent back
    with compiler errors or failed tests, fix exactly those and answer with the whole corrected file.
    """, OutputType = typeof(CodeSubmission))]
internal sealed partial class CodeWriter(CodeTask task, CodeSandbox sandbox)
{
    // One compilation per candidate, shared by both checks (the second runs after the first: it is not independent).
    private readonly ConditionalWeakTable<CodeSubmission, CompileOutcome> _compiled = [];

    /// <summary>The code compiles with the tests, and uses only what the sandbox allows; each error is a finding with its line.</summary>
    [Check]
    public CheckResult Compiles(CodeSubmission submission)
    {
        var outcome = CompileOnce(submission);
        return outcome.Assembly is not null
            ? CheckResult.Pass()
            : CheckResult.Fail($"The code does not compile ({outcome.Findings.Count} error{(outcome.Findings.Count == 1 ? "" : "s")}).", [.. outcome.Findings]);
    }

    /// <summary>The tests pass, run in a child process under a time limit; each failed assertion is a finding.</summary>
    [Check(Independent = false)]
    public async Task<CheckResult> PassesTests(CodeSubmission submission, CancellationToken cancellationToken)
    {
        if (CompileOnce(submission).Assembly is not { } assembly)
        {
            return CheckResult.Fail("The tests did not run: the code does not compile (see 'compiles').");
        }
        var outcome = await sandbox.RunTestsAsync(assembly, cancellationToken).ConfigureAwait(false);
        return outcome.Failures.Count == 0 && outcome.Total > 0
            ? CheckResult.Pass()
            : CheckResult.Fail($"{outcome.Total - outcome.Passed} of {outcome.Total} tests failed.", [.. outcome.Failures]);
    }

    private CompileOutcome CompileOnce(CodeSubmission submission)
        => _compiled.GetValue(submission, s => CodeSandbox.Compile(s.Code, task.Tests));
}
