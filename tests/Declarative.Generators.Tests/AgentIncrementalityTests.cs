using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>
/// What an edit to an agent costs. Agents are parsed one per class, apart from the tool pipeline, so a
/// rerun on equal input re-emits nothing and an edit to one agent re-emits that agent alone.
/// </summary>
public sealed class AgentIncrementalityTests
{
    private const string Tools = """
        using Declarative;

        namespace Demo;

        public partial class Catalog
        {
            /// <summary>Finds products.</summary>
            /// <param name="name">Part of the name.</param>
            [Tool]
            public string[] Find(string name) => [];
        }

        public static partial class Units
        {
            /// <summary>Converts centimetres to inches.</summary>
            /// <param name="centimetres">The length.</param>
            [Tool]
            public static double ToInches(double centimetres) => centimetres / 2.54;
        }
        """;

    private const string Seller = """
        using Declarative;

        namespace Demo;

        public sealed record Quote(string Sku, decimal Price);

        [Agent("You quote prices.", OutputType = typeof(Quote))]
        [UseTools(typeof(Units))]
        public partial class Seller([UseTools] Catalog catalog)
        {
            private int _quotes;

            /// <summary>Counts a quote.</summary>
            [Tool]
            public int CountQuote()
            {
                _quotes++;
                return _quotes;
            }
        }
        """;

    private const string Helper = """
        using Declarative;

        namespace Demo;

        [Agent("You help.")]
        public partial class Helper([UseTools] Catalog catalog)
        {
            public string Greet() => "hello";
        }
        """;

    private const string SellerFile = "Source1.cs";

    [Fact]
    public void A_rerun_on_an_equal_compilation_leaves_every_agent_cached()
    {
        var first = Run();

        var second = Incrementality.AssertCacheable(first);

        var agents = Incrementality.Outputs(second.Result, TrackingNames.Agents);
        Assert.Equal(2, agents.Count);
        Assert.All(agents, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.Equal(first.Files, second.Files);
    }

    [Fact]
    public void Editing_inside_an_agent_s_method_body_re_emits_nothing()
    {
        var (first, second) = RunEdited(Seller.Replace("_quotes++;", "_quotes += 1;", StringComparison.Ordinal));

        var agents = Reasons(second, TrackingNames.Agents);
        Assert.Equal(2, agents.Count);
        Assert.All(agents, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(Incrementality.SourceOutputs(second.Result), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(first.Files, second.Files);
    }

    [Fact]
    public void Adding_a_UseTools_member_re_emits_only_that_agent()
    {
        var edited = Seller.Replace("private int _quotes;", "private int _quotes;\n\n    [UseTools]\n    public Catalog Backup { get; } = new();", StringComparison.Ordinal);

        var (first, second) = RunEdited(edited);

        Assert.Equal(
            [IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached],
            Reasons(second, TrackingNames.Agents));
        Assert.Equal(["Demo.Seller.Agent.g.cs"], ChangedFiles(first, second));
    }

    [Fact]
    public void Changing_an_agent_s_instructions_re_emits_only_that_agent()
    {
        var (first, second) = RunEdited(Seller.Replace("You quote prices.", "You quote prices in euros.", StringComparison.Ordinal));

        Assert.Equal(
            [IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached],
            Reasons(second, TrackingNames.Agents));
        Assert.Equal(["Demo.Seller.Agent.g.cs"], ChangedFiles(first, second));
        Assert.Contains("You quote prices in euros.", second.Files.Single(f => f.HintName == "Demo.Seller.Agent.g.cs").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_an_agent_s_output_type_re_emits_only_that_agent()
    {
        var (first, second) = RunEdited(Seller.Replace("decimal Price)", "decimal Price, string Currency)", StringComparison.Ordinal));

        Assert.Equal(
            [IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached],
            Reasons(second, TrackingNames.Agents));
        Assert.Equal(["Demo.Seller.Agent.g.cs"], ChangedFiles(first, second));
    }

    [Fact]
    public void Adding_an_own_tool_re_emits_the_agent_and_its_own_tool_set_only()
    {
        var edited = Seller.Replace("private int _quotes;", """
            private int _quotes;

                /// <summary>Forgets the quotes.</summary>
                [Tool]
                public void Reset() => _quotes = 0;
            """, StringComparison.Ordinal);

        var (first, second) = RunEdited(edited);

        Assert.Equal(["Demo.Seller.Agent.g.cs", "Demo.Seller.Tools.g.cs"], ChangedFiles(first, second));
        Assert.Contains(Incrementality.Outputs(second.Result, TrackingNames.Agents), o => o.Reason == IncrementalStepRunReason.Cached);
    }

    private static GeneratorRun Run() => GeneratorHarness.RunAndCompile(TestCompilation.Create([Tools, Seller, Helper]));

    /// <summary>Runs the generator, replaces the seller's file with <paramref name="seller"/>, and reruns the same driver.</summary>
    private static (GeneratorRun First, GeneratorRun Second) RunEdited(string seller)
    {
        Assert.NotEqual(Seller, seller);
        var first = Run();
        Assert.Equal(5, first.Files.Count);
        var second = GeneratorHarness.RunAndCompile(TestCompilation.ReplaceSource(first.Input, SellerFile, seller), first.Driver);
        return (first, second);
    }

    private static IReadOnlyList<IncrementalStepRunReason> Reasons(GeneratorRun run, string step)
        => [.. Incrementality.Outputs(run.Result, step).Select(o => o.Reason).Order()];

    /// <summary>The hint names whose text differs between the runs, or that only one run produced.</summary>
    private static IReadOnlyList<string> ChangedFiles(GeneratorRun first, GeneratorRun second)
        => [.. first.Files.Concat(second.Files)
            .GroupBy(f => f.HintName)
            .Where(g => g.Count() != 2 || g.First().Text != g.Last().Text)
            .Select(g => g.Key)
            .Order(StringComparer.Ordinal)];
}
