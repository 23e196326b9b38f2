using System.Reflection;
using System.Runtime.Loader;
using Declarative.Generators.Tests.Infrastructure;
using Declarative.Guardrails;
using Declarative.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Sdk;

namespace Declarative.Generators.Tests;

/// <summary>
/// Generated checks, critics and guardrails compiled, loaded and run: each list entry calls its method with
/// the candidate (and the token), adapts sync and Task results, and keeps its name, order and flags.
/// </summary>
/// <remarks>The producer answers with a <c>List&lt;string&gt;</c>, so the test can name <c>IReflectiveAgent&lt;List&lt;string&gt;&gt;</c> across the load context.</remarks>
public sealed class RunningReflectionCodeTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Declarative;
        using Declarative.Guardrails;
        using Declarative.Reflection;

        namespace Demo;

        [Agent("You judge outlines.", OutputType = typeof(RubricVerdict))]
        public partial class Judge;

        [Agent("You write outlines.", OutputType = typeof(List<string>))]
        public partial class Outliner
        {
            public int TokensSeen { get; private set; }

            [Critic]
            public Judge Reviewer { get; } = new();

            [Tool]
            public string Publish(string title) => title;

            [Tool(ReadOnly = true)]
            public string Search(string query) => query;

            [Check]
            public CheckResult NotEmpty(List<string> lines)
                => lines.Count > 0 ? CheckResult.Pass() : CheckResult.Fail("The outline is empty.");

            [Check("short_lines")]
            public static Task<CheckResult> ShortLinesAsync(List<string> lines)
            {
                var long_ = lines.FindIndex(l => l.Length > 20);
                return Task.FromResult(long_ < 0 ? CheckResult.Pass() : CheckResult.Fail("A line is too long.", new ToolError($"$[{long_}]", "over 20 characters")));
            }

            [Check(Independent = false)]
            public ValueTask<CheckResult> NoDuplicatesAsync(List<string> lines, CancellationToken cancellationToken)
            {
                if (cancellationToken.CanBeCanceled)
                {
                    TokensSeen++;
                }
                return new(lines.Distinct().Count() == lines.Count ? CheckResult.Pass() : CheckResult.Fail("A line repeats."));
            }

            [InputGuardrail(Concurrent = true)]
            public GuardrailResult NoPasswords(string input)
                => input.Contains("password") ? GuardrailResult.Trip("The input holds a password.") : GuardrailResult.Pass();

            [OutputGuardrail]
            public static Task<GuardrailResult> AtMostFive(List<string> output, CancellationToken cancellationToken)
                => Task.FromResult(output.Count <= 5 ? GuardrailResult.Pass() : GuardrailResult.Trip("Too many lines."));

            [ToolGuardrail("publish", Name = "review_before_publishing")]
            public GuardrailResult ReviewFirst(ToolCallContext call)
                => call.ArgumentsJson.Contains("draft") ? GuardrailResult.Feedback("Do not publish drafts.") : GuardrailResult.Pass();
        }
        """;

    private static readonly Lazy<Assembly> UserAssembly = new(() => Load(GeneratorHarness.RunAndCompile(TestCompilation.Create(Source)).Output));

    private static object NewOutliner() => Activator.CreateInstance(UserAssembly.Value.GetType("Demo.Outliner")!)!;

    [Fact]
    public async Task Checks_run_their_methods_in_declaration_order_with_their_names_and_flags()
    {
        var agent = (IReflectiveAgent<List<string>>)NewOutliner();

        var checks = agent.Checks;

        Assert.Equal(["not_empty", "short_lines", "no_duplicates"], checks.Select(c => c.Name));
        Assert.Equal([true, true, false], checks.Select(c => c.Independent));
        Assert.Same(checks, agent.Checks);

        List<string> good = ["Intro", "Body"];
        List<string> bad = ["Intro", "A line far longer than twenty", "Intro"];
        foreach (var check in checks)
        {
            Assert.True((await check.RunAsync(good, CancellationToken.None)).IsPassed, check.Name);
        }
        var empty = await checks[0].RunAsync([], CancellationToken.None);
        var tooLong = await checks[1].RunAsync(bad, CancellationToken.None);
        var repeated = await checks[2].RunAsync(bad, new CancellationTokenSource().Token);

        Assert.Equal("The outline is empty.", empty.Feedback);
        Assert.False(tooLong.IsPassed);
        Assert.Equal("$[1]", Assert.Single(tooLong.Findings).Path);
        Assert.Equal("A line repeats.", repeated.Feedback);
        Assert.Equal(1, (int)agent.GetType().GetProperty("TokensSeen")!.GetValue(agent)!);
    }

    [Fact]
    public void The_critic_is_the_marked_member()
    {
        var agent = NewOutliner();

        var critic = ((IReflectiveAgent<List<string>>)agent).Critic;

        Assert.NotNull(critic);
        Assert.Same(agent.GetType().GetProperty("Reviewer")!.GetValue(agent), critic);
        Assert.Equal("Judge", critic.Descriptor.Name);
    }

    [Fact]
    public async Task Guardrails_are_listed_by_kind_and_call_their_methods()
    {
        var agent = (IGuardedAgent)NewOutliner();
        var guardrails = agent.Guardrails;

        Assert.Equal(["no_passwords", "at_most_five", "review_before_publishing"], guardrails.Select(g => g.Name));
        Assert.Equal([GuardrailKind.Input, GuardrailKind.Output, GuardrailKind.ToolCall], guardrails.Select(g => g.Kind));
        Assert.True(guardrails[0].Concurrent);
        Assert.True(guardrails[2].Guards("publish"));
        Assert.False(guardrails[2].Guards("search"));
        Assert.Same(guardrails, agent.Guardrails);

        Assert.False((await Check(guardrails[0], text: "hello")).Tripped);
        Assert.Equal("The input holds a password.", (await Check(guardrails[0], text: "my password is 1234")).Reason);
        Assert.False((await Check(guardrails[1], value: new List<string> { "a" })).Tripped);
        Assert.Equal("Too many lines.", (await Check(guardrails[1], value: new List<string> { "1", "2", "3", "4", "5", "6" })).Reason);

        var publish = agent.Tools.Tools.Single(t => t.Name == "publish");
        var feedback = await Check(guardrails[2], call: new ToolCallContext("Outliner", publish, "call-1", """{"title":"draft 2"}"""));
        Assert.True(feedback.Tripped);
        Assert.True(feedback.AsFeedback);
        Assert.False((await Check(guardrails[2], call: new ToolCallContext("Outliner", publish, "call-2", """{"title":"final"}"""))).Tripped);
    }

    /// <summary>
    /// Runs a guardrail as the agent runner does. <see cref="Guardrail"/> exposes no public way to run one
    /// (the runner is its only caller), so this goes through its internal entry point.
    /// </summary>
    private static async Task<GuardrailResult> Check(Guardrail guardrail, string? text = null, object? value = null, ToolCallContext? call = null)
    {
        var subjectType = typeof(Guardrail).Assembly.GetType("Declarative.Guardrails.GuardrailSubject", throwOnError: true)!;
        var subject = Activator.CreateInstance(subjectType, text, value, call);
        var method = typeof(Guardrail).GetMethod("CheckAsync", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new XunitException("Guardrail.CheckAsync not found");
        return await (ValueTask<GuardrailResult>)method.Invoke(guardrail, [subject, CancellationToken.None])!;
    }

    private static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new XunitException("Emit failed:\n" + GeneratorHarness.Describe(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        image.Position = 0;
        return new AssemblyLoadContext("GeneratedReflectionCode", isCollectible: true).LoadFromStream(image);
    }
}
