using Declarative.Generators.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>What typed inputs, <c>[UseAgent]</c> specialists and compositions add to the generated code.</summary>
public sealed class MultiAgentSnapshotTests
{
    [Fact]
    public void Agent_with_a_typed_input_and_output() => GeneratorAssert.MatchesSnapshots("""
        using System.Collections.Generic;
        using Declarative;

        namespace Demo;

        public sealed record Brief(string Product, List<string> Audiences, int? WordLimit);

        public sealed record Notes(string Summary, List<string> Facts);

        [Agent("You research products.", InputType = typeof(Brief), OutputType = typeof(Notes))]
        public partial class Researcher;
        """,
        only: ["Demo.Researcher.Agent.g.cs"]);

    [Fact]
    public void Agent_with_a_typed_input_a_template_and_a_text_answer() => GeneratorAssert.MatchesSnapshots("""
        using Declarative;

        namespace Demo;

        public sealed record Question(string Topic, int Depth);

        [Agent("You explain topics.", InputType = typeof(Question))]
        public partial class Explainer
        {
            [InputTemplate]
            public static string Render(Question question) => $"Explain {question.Topic} at depth {question.Depth}.";
        }
        """,
        only: ["Demo.Explainer.Agent.g.cs"]);

    [Fact]
    public void Manager_over_specialists() => GeneratorAssert.MatchesSnapshots("""
        using System.Collections.Generic;
        using Declarative;

        namespace Demo;

        public sealed record Brief(string Product);

        public sealed record Notes(string Summary, List<string> Facts);

        [Agent("You research products.", InputType = typeof(Brief), OutputType = typeof(Notes))]
        public partial class Researcher;

        [Agent("You pick images.", OutputType = typeof(List<string>))]
        public partial class Designer;

        [Agent("You write.", InputType = typeof(Notes))]
        public partial class Writer;

        [Agent("You proofread.", Name = "ProofReader")]
        public partial class Checker;

        [Agent("You run the brochure team.")]
        public partial class Editor([UseAgent] Researcher researcher, [UseAgent("pick_images", Description = "Picks images.")] Designer designer)
        {
            [UseAgent]
            public Writer Writer { get; } = new();

            [UseAgent]
            private readonly Checker _checker = new();

            [Tool]
            public string Today() => "Thursday";
        }
        """,
        only: ["Demo.Editor.Agent.g.cs"]);
}
