using Declarative.Generators.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>
/// What the generator emits for <c>[Agent]</c> classes. Each test also proves the output compiles, that
/// a rerun on an equal compilation is all cached, and that the pipeline's models hold only values.
/// </summary>
public sealed class AgentDeclarationSnapshotTests
{
    /// <summary>Tool sets an agent can use: an instance set, another instance set, and a static one.</summary>
    internal const string ToolSets = """
        using System.Collections.Generic;
        using Declarative;

        namespace Demo;

        /// <summary>The product catalog.</summary>
        public partial class Catalog
        {
            /// <summary>Finds products by name.</summary>
            /// <param name="name">Part of the name.</param>
            [Tool(ReadOnly = true)]
            public List<string> FindProducts(string name) => [name + "-1", name + "-2"];

            /// <summary>The price of a product.</summary>
            /// <param name="sku">The product.</param>
            [Tool(ReadOnly = true)]
            public decimal Price(string sku) => sku.Length;
        }

        /// <summary>The customer's orders.</summary>
        public partial class Orders
        {
            private readonly List<string> _placed = [];

            /// <summary>Places an order.</summary>
            /// <param name="sku">The product.</param>
            /// <param name="quantity">How many.</param>
            [Tool(RequiresApproval = true)]
            public string PlaceOrder(string sku, int quantity = 1)
            {
                _placed.Add(sku);
                return "order-" + _placed.Count + ":" + sku + "x" + quantity;
            }
        }

        /// <summary>Unit conversions.</summary>
        public static partial class Units
        {
            /// <summary>Converts centimetres to inches.</summary>
            /// <param name="centimetres">The length.</param>
            [Tool]
            public static double ToInches(double centimetres) => centimetres / 2.54;
        }
        """;

    /// <summary>An agent with its own tools and all three kinds of <c>[UseTools]</c> source.</summary>
    internal const string ShopAssistant = """
        using Declarative;

        namespace Demo;

        /// <summary>Helps customers find and order products.</summary>
        [Agent("You help customers of the shop find products and place orders.", Model = "small")]
        [UseTools(typeof(Units))]
        public partial class ShopAssistant([UseTools] Catalog catalog)
        {
            private int _notes;

            [UseTools]
            public Orders Orders { get; } = new();

            /// <summary>Notes something the customer said, for the next visit.</summary>
            /// <param name="text">What to remember.</param>
            [Tool]
            public int Remember(string text) => ++_notes;

            /// <summary>The catalog in use.</summary>
            public Catalog Catalog => catalog;
        }
        """;

    /// <summary>An agent whose answer is a record holding a list and an enum.</summary>
    internal const string Reviewer = """
        using System.Collections.Generic;
        using Declarative;

        namespace Demo.Reviews;

        /// <summary>How serious a finding is.</summary>
        public enum Severity { Low, Medium, High }

        /// <summary>One problem found.</summary>
        /// <param name="Line">The line it is on.</param>
        /// <param name="Message">What is wrong.</param>
        /// <param name="Severity">How serious it is.</param>
        public sealed record Finding(int Line, string Message, Severity Severity);

        /// <summary>The review of a change.</summary>
        /// <param name="Summary">One paragraph.</param>
        /// <param name="Findings">The problems, most serious first.</param>
        /// <param name="Verdict">Whether to merge.</param>
        public sealed record Review(string Summary, List<Finding> Findings, Severity Verdict);

        [Agent("You review code changes.", Name = "reviewer", Description = "Reviews a diff.", OutputType = typeof(Review))]
        public partial class CodeReviewer;
        """;

    /// <summary>An agent whose long instructions are an embedded resource.</summary>
    internal const string Translator = """
        using Declarative;

        namespace Demo;

        public static partial class Agents
        {
            /// <summary>Translates into French.</summary>
            [Agent(InstructionsResource = "Prompts.translator.md")]
            public partial class Translator;
        }
        """;

    [Fact]
    public void Agent_with_own_tools_and_every_kind_of_UseTools_source()
        => GeneratorAssert.MatchesSnapshots(TestCompilation.Create([ToolSets, ShopAssistant]));

    [Fact]
    public void Agent_with_a_typed_output()
        => GeneratorAssert.MatchesSnapshots(Reviewer);

    [Fact]
    public void Agent_with_instructions_from_a_resource()
        => GeneratorAssert.MatchesSnapshots(Translator);
}
