using Declarative.Generators.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>What checks, critics, guardrails and <c>[Sensitive]</c> add to the generated agent and tool descriptors.</summary>
public sealed class ReflectionSnapshotTests
{
    [Fact]
    public void Agent_with_checks_and_a_critic() => GeneratorAssert.MatchesSnapshots("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Declarative;
        using Declarative.Reflection;

        namespace Demo;

        public sealed record Brochure(string Headline, List<string> Sections, string CallToAction);

        [Agent("You judge brochures against a rubric.", OutputType = typeof(RubricVerdict))]
        public partial class BrochureCritic;

        [Agent("You write brochures.", OutputType = typeof(Brochure))]
        public partial class BrochureWriter([Critic] BrochureCritic critic)
        {
            [Check]
            public CheckResult HeadlineFits(Brochure brochure)
                => brochure.Headline.Length <= 60 ? CheckResult.Pass() : CheckResult.Fail("The headline is over 60 characters.", new ToolError("$.headline", "too long"));

            [Check("has_sections")]
            public static Task<CheckResult> SectionsPresentAsync(Brochure brochure)
                => Task.FromResult(brochure.Sections.Count > 0 ? CheckResult.Pass() : CheckResult.Fail("Add at least one section."));

            [Check(Independent = false)]
            public async ValueTask<CheckResult> NoForbiddenClaimsAsync(Brochure brochure, CancellationToken cancellationToken)
            {
                await Task.Yield();
                return brochure.CallToAction.Contains("guaranteed") ? CheckResult.Fail("No guarantees.") : CheckResult.Pass();
            }
        }
        """,
        only: ["Demo.BrochureWriter.Agent.g.cs"]);

    [Fact]
    public void Agent_with_every_kind_of_guardrail() => GeneratorAssert.MatchesSnapshots("""
        using System.Threading;
        using System.Threading.Tasks;
        using Declarative;
        using Declarative.Guardrails;

        namespace Demo;

        public sealed record Reply(string Text);

        [Agent("You answer customers.", OutputType = typeof(Reply))]
        public partial class SupportAgent
        {
            [Tool]
            public string Refund(string orderId, decimal amount) => orderId;

            [Tool(ReadOnly = true)]
            public string Lookup(string orderId) => orderId;

            [InputGuardrail]
            public GuardrailResult NoSecrets(string input)
                => input.Contains("password") ? GuardrailResult.Trip("The input holds a password.") : GuardrailResult.Pass();

            [InputGuardrail("on_topic", Concurrent = true)]
            public static Task<GuardrailResult> OnTopicAsync(string input, CancellationToken cancellationToken)
                => Task.FromResult(GuardrailResult.Pass());

            [OutputGuardrail]
            public GuardrailResult NoLinks(string output)
                => output.Contains("http") ? GuardrailResult.Trip("No links.") : GuardrailResult.Pass();

            [OutputGuardrail("polite")]
            public ValueTask<GuardrailResult> PoliteReply(Reply output, CancellationToken cancellationToken)
                => new(output.Text.Length > 0 ? GuardrailResult.Pass() : GuardrailResult.Trip("Empty."));

            [ToolGuardrail("refund", Name = "refund_limit")]
            public GuardrailResult RefundLimit(ToolCallContext call)
                => call.ArgumentsJson.Length < 100 ? GuardrailResult.Pass() : GuardrailResult.Feedback("Too large.");

            [ToolGuardrail]
            public static ValueTask<GuardrailResult> AuditAsync(ToolCallContext call, CancellationToken cancellationToken)
                => new(GuardrailResult.Pass());
        }
        """,
        only: ["Demo.SupportAgent.Agent.g.cs"]);

    [Fact]
    public void Tool_with_sensitive_parameters_properties_and_result() => GeneratorAssert.MatchesSnapshots("""
        using System.Collections.Generic;
        using System.Threading;
        using Declarative;

        namespace Demo;

        public sealed record Card([Sensitive] string Number, string Holder);

        public sealed class Customer
        {
            public required string Name { get; init; }

            [Sensitive]
            public required string Email { get; init; }

            public List<Card> Cards { get; init; } = [];
        }

        public partial class Payments
        {
            [Tool]
            [return: Sensitive]
            public string Charge([Sensitive] string cardNumber, Customer customer, decimal amount, CancellationToken cancellationToken) => "receipt";

            [Tool(ReadOnly = true)]
            public string Status(string paymentId) => "ok";
        }
        """);
}
