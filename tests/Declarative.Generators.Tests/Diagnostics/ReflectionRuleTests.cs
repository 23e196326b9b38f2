using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>
/// The rules on checks, critics, guardrails and <c>[Sensitive]</c>: DCL0019 to DCL0023, each at its exact
/// place, and the generator emitting exactly the hooks the analyzer accepts.
/// </summary>
public sealed class ReflectionRuleTests
{
    private const string Usings = """
        using Declarative.Guardrails;
        using Declarative.Reflection;

        public sealed record Draft(string Text);

        [Agent("You judge drafts.", OutputType = typeof(RubricVerdict))]
        public partial class Judge;

        """;

    [Fact]
    public Task DCL0019_a_check_on_an_agent_without_an_output_type() => VerifyAsync(Usings + """
        [Agent("You write.")]
        public partial class Writer
        {
            [Check]
            public CheckResult {|DCL0019:Short|}(string text) => CheckResult.Pass();
        }
        """);

    [Fact]
    public Task DCL0019_a_check_and_a_guardrail_outside_an_agent() => VerifyAsync(Usings + """
        public partial class Helpers
        {
            [Check]
            public CheckResult {|DCL0019:Short|}(Draft draft) => CheckResult.Pass();

            [InputGuardrail]
            public static GuardrailResult {|DCL0019:Clean|}(string input) => GuardrailResult.Pass();
        }
        """);

    [Fact]
    public Task DCL0020_wrong_parameters_and_returns() => VerifyAsync(Usings + """
        [Agent("You write.", OutputType = typeof(Draft))]
        public partial class Writer
        {
            [Check]
            public CheckResult {|DCL0020:WrongCandidate|}(string text) => CheckResult.Pass();

            [Check]
            public bool {|DCL0020:WrongReturn|}(Draft draft) => true;

            [Check]
            public CheckResult {|DCL0020:TooMany|}(Draft draft, int limit) => CheckResult.Pass();

            [Check]
            public Task {|DCL0020:NoResult|}(Draft draft) => Task.CompletedTask;

            [Check]
            public CheckResult {|DCL0020:Generic|}<T>(Draft draft) => CheckResult.Pass();

            [InputGuardrail]
            public GuardrailResult {|DCL0020:NotText|}(Draft input) => GuardrailResult.Pass();

            [OutputGuardrail]
            public GuardrailResult {|DCL0020:NotTheOutput|}(int output) => GuardrailResult.Pass();

            [OutputGuardrail]
            public CheckResult {|DCL0020:CheckResultFromAGuardrail|}(Draft output) => CheckResult.Pass();

            [ToolGuardrail]
            public GuardrailResult {|DCL0020:NotACall|}(string call) => GuardrailResult.Pass();

            [ToolGuardrail]
            public GuardrailResult {|DCL0020:ByRef|}(ref ToolCallContext call) => GuardrailResult.Pass();

            [Check]
            public CheckResult Fine(Draft draft, CancellationToken cancellationToken) => CheckResult.Pass();

            [OutputGuardrail]
            public Task<GuardrailResult> FineTyped(Draft output, CancellationToken cancellationToken) => Task.FromResult(GuardrailResult.Pass());
        }
        """);

    [Fact]
    public Task DCL0021_a_critic_that_is_no_rubric_agent() => VerifyAsync(Usings + """
        [Agent("You rate drafts.", OutputType = typeof(Draft))]
        public partial class Rater;

        [Agent("You write.", OutputType = typeof(Draft))]
        public partial class Writer([Critic] Judge judge)
        {
            [Critic]
            public Rater {|DCL0021:Rater|} { get; } = new();

            [Critic]
            private readonly string {|DCL0021:_name|} = "";
        }

        [Agent("You write freely.")]
        public partial class FreeWriter
        {
            [Critic]
            public Judge {|DCL0021:Judge|} { get; } = new();
        }
        """);

    [Fact]
    public Task DCL0021_a_second_critic() => VerifyAsync(Usings + """
        [Agent("You write.", OutputType = typeof(Draft))]
        public partial class Writer
        {
            [Critic]
            public Judge First { get; } = new();

            [Critic]
            public Judge {|DCL0021:Second|} { get; } = new();
        }
        """);

    [Fact]
    public Task DCL0022_a_tool_guardrail_naming_a_missing_tool() => VerifyAsync(Usings + """
        /// <summary>Mail.</summary>
        public partial class Mail
        {
            /// <summary>Sends mail.</summary>
            /// <param name="to">To whom.</param>
            [Tool]
            public string Send(string to) => to;
        }

        [Agent("You help.")]
        public partial class Helper([UseTools] Mail mail)
        {
            /// <summary>Refunds an order.</summary>
            /// <param name="orderId">The order.</param>
            [Tool]
            public string Refund(string orderId) => orderId;

            [ToolGuardrail("refund", "send", {|DCL0022:"refnud"|})]
            public GuardrailResult Limit(ToolCallContext call) => GuardrailResult.Pass();
        }
        """);

    [Fact]
    public Task DCL0023_sensitive_where_nothing_is_recorded() => VerifyAsync("""
        public partial class Payments
        {
            /// <summary>Charges a card.</summary>
            /// <param name="cardNumber">The card.</param>
            [Tool]
            [return: Sensitive]
            public string Charge([Sensitive] string cardNumber, [{|DCL0023:Sensitive|}] CancellationToken cancellationToken) => "ok";

            /// <summary>Voids a charge.</summary>
            /// <param name="id">The charge.</param>
            [Tool]
            [return: {|DCL0023:Sensitive|}]
            public void Void(string id) { }

            public void Helper([{|DCL0023:Sensitive|}] string secret) { }

            public sealed record Card([Sensitive] string Number);
        }
        """);

    [Theory]
    [InlineData("public CheckResult M(Draft draft) => CheckResult.Pass();", true)]
    [InlineData("public static async Task<CheckResult> M(Draft draft, CancellationToken cancellationToken) { await Task.Yield(); return CheckResult.Pass(); }", true)]
    [InlineData("public ValueTask<CheckResult> M(Draft draft) => new(CheckResult.Pass());", true)]
    [InlineData("public CheckResult M(string draft) => CheckResult.Pass();", false)]
    [InlineData("public CheckResult M(Draft draft, string other) => CheckResult.Pass();", false)]
    [InlineData("public CheckResult M() => CheckResult.Pass();", false)]
    [InlineData("public GuardrailResult M(Draft draft) => GuardrailResult.Pass();", false)]
    public async Task A_check_is_emitted_exactly_when_the_analyzers_report_no_error(string method, bool accepted)
    {
        var source = Usings + $$"""
            [Agent("You write.", OutputType = typeof(Draft))]
            public partial class Writer
            {
                [Check]
                public CheckResult Always(Draft draft) => CheckResult.Pass();

                [Check]
                {{method}}
            }
            """;

        var errors = (await AnalyzeAllowingErrorsAsync([], source)).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var generated = GeneratedAgent(source);

        Assert.Equal(accepted, errors.Count == 0);
        Assert.Contains("\"always\"", generated);
        Assert.Equal(accepted, generated.Contains("(\"m\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[ToolGuardrail(\"refund\")]", true)]
    [InlineData("[ToolGuardrail]", true)]
    [InlineData("[ToolGuardrail(\"refnud\")]", false)]
    public async Task A_tool_guardrail_is_judged_against_the_tools_the_generator_merges(string attribute, bool accepted)
    {
        var source = Usings + $$"""
            [Agent("You help.")]
            public partial class Helper
            {
                /// <summary>Refunds an order.</summary>
                /// <param name="orderId">The order.</param>
                [Tool]
                public string Refund(string orderId) => orderId;

                {{attribute}}
                public GuardrailResult Limit(ToolCallContext call) => GuardrailResult.Pass();
            }
            """;

        var errors = (await AnalyzeAllowingErrorsAsync([], source)).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var generated = GeneratedAgent(source);

        Assert.Equal(accepted, errors.Count == 0);
        Assert.Contains("Guardrail.ToolCall(\"limit\"", generated);
    }

    private static string GeneratedAgent(string source)
    {
        var compilation = TestCompilation.Create(["global using System; global using System.Threading; global using System.Threading.Tasks; global using Declarative;", source]);
        var run = GeneratorHarness.Run(compilation);
        return string.Concat(run.Files.Where(f => f.HintName.EndsWith(".Agent.g.cs", StringComparison.Ordinal)).Select(f => f.Text));
    }
}
