using Declarative.Generators.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>The generated <c>IComposition&lt;TIn, TOut&gt;</c> of each composition kind, compiled against the runtime's builders.</summary>
public sealed class CompositionSnapshotTests
{
    private const string Team = """
        using System.Collections.Generic;
        using Declarative;
        using Declarative.Orchestration;
        using Declarative.Reflection;

        namespace Demo;

        public sealed record Brief(string Product, int? WordLimit);

        public sealed record Notes(string Product, List<string> Facts);

        public sealed record Draft(string Headline, string Body);

        public sealed record Brochure(Draft Draft, List<string> Images);

        [Agent("You research products.", InputType = typeof(Brief), OutputType = typeof(Notes))]
        public partial class Researcher;

        [Agent("You pick images.", InputType = typeof(Brief), OutputType = typeof(List<string>))]
        public partial class Designer;

        [Agent("You write brochures.", InputType = typeof(Notes), OutputType = typeof(Draft))]
        public partial class Writer;

        [Agent("You judge drafts.", OutputType = typeof(RubricVerdict))]
        public partial class Judge;

        [Agent("You sort requests.")]
        public partial class Triage;

        [Agent("You answer about orders.")]
        public partial class OrdersAgent;

        [Agent("You take returns.")]
        public partial class ReturnsAgent;

        """;

    [Fact]
    public void Sequential_pipeline() => GeneratorAssert.MatchesSnapshots(Team + """
        [Sequential(Description = "Research, then write.")]
        public partial class BrochurePipeline([UseAgent] Researcher researcher, [UseAgent("copy")] Writer writer);
        """,
        only: ["Demo.BrochurePipeline.Composition.g.cs"]);

    [Fact]
    public void Parallel_fan_out_with_a_join() => GeneratorAssert.MatchesSnapshots(Team + """
        [Parallel(Name = "Gather")]
        public partial class GatherMaterial
        {
            [UseAgent]
            public Researcher Researcher { get; } = new();

            [UseAgent]
            public Designer Designer { get; } = new();

            [Join]
            public Brochure Join(Notes notes, List<string> images) => new(new Draft(notes.Product, string.Join(" ", notes.Facts)), images);
        }
        """,
        only: ["Demo.GatherMaterial.Composition.g.cs"]);

    [Fact]
    public void Hand_offs_between_text_agents() => GeneratorAssert.MatchesSnapshots(Team + """
        [HandOff(MaxHandOffs = 4)]
        public partial class CustomerService(
            [UseAgent(HandOffTo = ["OrdersAgent", "returns"])] Triage triage,
            [UseAgent(HandOffTo = ["Triage"])] OrdersAgent orders,
            [UseAgent("returns")] ReturnsAgent returns);
        """,
        only: ["Demo.CustomerService.Composition.g.cs"]);

    [Fact]
    public void Group_chat_with_a_selector_a_judge_and_a_finisher() => GeneratorAssert.MatchesSnapshots(Team + """
        [GroupChat(Selection = SpeakerSelection.Code, MaxRounds = 6, TerminationPhrase = "SHIP IT", OutputType = typeof(Draft))]
        public partial class Studio([UseAgent] Triage lead, [UseAgent(Finishes = true)] Writer writer)
        {
            [Critic]
            private readonly Judge _judge = new();

            [SpeakerSelector]
            public string? Next(GroupChatState state) => null;
        }
        """,
        only: ["Demo.Studio.Composition.g.cs"]);
}
