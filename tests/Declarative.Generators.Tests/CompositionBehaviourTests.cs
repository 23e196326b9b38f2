using Declarative.Generators.Parsing;
using Declarative.Generators.Rules;
using Declarative.Generators.Tests.Diagnostics;
using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>
/// Compositions and managers beyond their snapshots: the structural type comparison on a table of pairs
/// (the runtime's schema comparison has a test over the same pairs), the generator emitting a composition
/// exactly when the analyzer reports no error, specialists from a referenced assembly, and what an edit costs.
/// </summary>
public sealed class CompositionBehaviourTests
{
    private const string Types = """
        using System.Collections.Generic;

        namespace Demo;

        public enum Color { Red, Green }
        public enum Shade { Red, Green, Blue }
        public sealed record Image(string Url, int Width);
        public sealed record Picture(string Url, double Width);
        public sealed record Photo(string Url, string Width);
        public sealed record Notes(string Topic, List<string> Facts);
        public sealed record Summary(string Topic);
        public sealed record Report(string Topic, List<string> Facts, string Author);
        public sealed record OptionalAuthor(string Topic, List<string> Facts, string? Author = null);
        public sealed record Gallery(List<Image> Images);
        public sealed record Album(List<Photo> Images);
        public sealed record Paint(Color Color);
        public sealed record Palette(Shade Color);
        public sealed record Named(string Color);
        public sealed record Counted(int Count);
        public sealed record Measured(double Count);
        public sealed record MaybeCounted(int? Count);
        """;

    /// <summary>The pairs the runtime checks too: sent type, received type, the message tail (null: they fit).</summary>
    public static TheoryData<string?, string?, string?> Pairs => new()
    {
        { "Notes", "Notes", null },
        { null, null, null },
        { "Notes", null, null },
        { null, "Notes", "string and Notes differ at '$': text in string, object in Notes" },
        { "Notes", "Summary", "Notes and Summary differ at '$.facts': Notes has it, Summary does not" },
        { "Summary", "Notes", "Summary and Notes differ at '$.facts': Notes requires it, Summary does not have it" },
        { "Notes", "Report", "Notes and Report differ at '$.author': Report requires it, Notes does not have it" },
        { "Notes", "OptionalAuthor", null },
        { "Image", "Picture", null },
        { "Picture", "Image", "Picture and Image differ at '$.width': number in Picture, integer in Image" },
        { "Gallery", "Album", "Gallery and Album differ at '$.images[*].width': integer in Gallery, string in Album" },
        { "Paint", "Named", null },
        { "Paint", "Palette", null },
        { "Palette", "Paint", "Palette and Paint differ at '$.color': enum in Palette, enum in Paint" },
        { "Named", "Paint", "Named and Paint differ at '$.color': string in Named, enum in Paint" },
        { "Counted", "Measured", null },
        { "Counted", "MaybeCounted", null },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Types_fit_by_structure_with_the_first_difference_named(string? sent, string? received, string? expected)
    {
        var compilation = TestCompilation.Create(Types);
        var known = KnownTypeSymbols.For(compilation);
        ITypeSymbol? Type(string? name) => name is null ? null : compilation.GetTypeByMetadataName("Demo." + name)!;

        var misfit = TypeFitRules.Misfit(Type(sent), Type(received), known, CancellationToken.None);

        Assert.Equal(expected, misfit);
    }

    private const string Agents = """
        using System.Collections.Generic;
        using Declarative;

        namespace Demo;

        public sealed record Brief(string Product);
        public sealed record Notes(string Product, List<string> Facts);
        public sealed record Draft(string Headline);

        [Agent("You research.", InputType = typeof(Brief), OutputType = typeof(Notes))]
        public partial class Researcher;

        [Agent("You write.", InputType = typeof(Notes), OutputType = typeof(Draft))]
        public partial class Writer;

        [Agent("You sort.")]
        public partial class Triage;
        """;

    [Theory]
    [InlineData("[Sequential] public partial class P([UseAgent] Researcher a, [UseAgent] Writer b);", true)]
    [InlineData("[Sequential] public partial class P([UseAgent] Writer a, [UseAgent] Researcher b);", false)]
    [InlineData("[Sequential] public partial class P([UseAgent] Researcher a);", false)]
    [InlineData("[Sequential] public partial class P([UseAgent] Triage a, [UseAgent] Triage b);", false)]
    [InlineData("[HandOff(MaxHandOffs = 2)] public partial class P([UseAgent(HandOffTo = [\"Writer\"])] Triage a, [UseAgent(HandOffTo = [\"Triage\"])] Writer b);", true)]
    [InlineData("[HandOff] public partial class P([UseAgent(HandOffTo = [\"Writer\"])] Triage a, [UseAgent(HandOffTo = [\"Triage\"])] Writer b);", false)]
    [InlineData("[HandOff] public partial class P([UseAgent(HandOffTo = [\"Nobody\"])] Triage a, [UseAgent] Writer b);", false)]
    [InlineData("[HandOff(OutputType = typeof(Draft))] public partial class P([UseAgent(HandOffTo = [\"Writer\"])] Triage a, [UseAgent] Writer b);", true)]
    [InlineData("[HandOff(OutputType = typeof(Draft))] public partial class P([UseAgent] Triage a, [UseAgent] Writer b);", false)]
    [InlineData("[Parallel] public partial class P([UseAgent] Researcher a, [UseAgent(\"b\")] Researcher b) { [Join] public Notes J(Notes x, Notes y) => x; }", true)]
    [InlineData("[Parallel] public partial class P([UseAgent] Researcher a, [UseAgent(\"b\")] Researcher b) { [Join] public Notes J(Notes x) => x; }", false)]
    [InlineData("[GroupChat] public partial class P([UseAgent] Triage a, [UseAgent(Finishes = true)] Writer b);", true)]
    [InlineData("[GroupChat(Selection = Declarative.Orchestration.SpeakerSelection.Code)] public partial class P([UseAgent] Triage a, [UseAgent] Writer b);", false)]
    public async Task A_composition_is_emitted_exactly_when_the_analyzer_reports_no_error(string composition, bool accepted)
    {
        var source = "namespace Demo;\n" + composition;

        var errors = (await AnalyzerHarness.AnalyzeAsync(Agents, source)).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var run = GeneratorHarness.RunAndCompile(TestCompilation.Create([Agents, "using Declarative;\n" + source]));

        Assert.Equal(accepted, errors.Count == 0);
        Assert.Equal(accepted, run.Files.Any(f => f.HintName == "Demo.P.Composition.g.cs"));
    }

    [Theory]
    [InlineData("[Agent(\"You manage.\")] public partial class M([UseAgent] Researcher a, [UseAgent] Triage b);", true)]
    [InlineData("[Agent(\"You manage.\")] public partial class M([UseAgent] Triage a, [UseAgent] Triage b);", false)]
    [InlineData("[Agent(\"You manage.\")] public partial class M([UseAgent(\"lookup\")] Triage a) { [Tool(Description = \"Looks.\")] public string Lookup([System.ComponentModel.Description(\"What.\")] string what) => what; }", false)]
    [InlineData("[Agent(\"You manage.\")] public partial class M([UseAgent] M self);", false)]
    public async Task A_manager_is_emitted_exactly_when_the_analyzer_reports_no_error(string manager, bool accepted)
    {
        var source = "namespace Demo;\n" + manager;

        var errors = (await AnalyzerHarness.AnalyzeAsync(Agents, source)).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var run = GeneratorHarness.Run(TestCompilation.Create([Agents, "using Declarative;\n" + source]));

        Assert.Equal(accepted, errors.Count == 0);
        Assert.Equal(accepted, run.Files.Any(f => f.HintName == "Demo.M.Agent.g.cs"));
    }

    [Fact]
    public void A_manager_uses_specialists_from_a_referenced_assembly_by_their_attribute_data()
    {
        // The specialists are compiled (with the generator) into their own assembly; the manager sees only metadata.
        var library = GeneratorHarness.RunAndCompile(TestCompilation.Create(Agents)).Output;
        using var image = new MemoryStream();
        Assert.True(library.Emit(image).Success);
        var reference = MetadataReference.CreateFromImage(image.ToArray());
        var manager = CSharpCompilation.Create(
            "Declarative.Manager",
            [TestCompilation.Parse("""
                using Declarative;

                namespace Team;

                [Agent("You run the team.")]
                public partial class Editor([UseAgent] Demo.Researcher researcher, [UseAgent] Demo.Triage triage);

                [Sequential]
                public partial class Pipeline([UseAgent] Demo.Researcher researcher, [UseAgent] Demo.Writer writer);
                """, "Manager.cs", TestCompilation.ParseOptions())],
            [.. TestReferences.All, reference],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var run = GeneratorHarness.RunAndCompile(manager);

        var editor = run.Files.Single(f => f.HintName == "Team.Editor.Agent.g.cs").Text;
        Assert.Contains("Participant.Of<global::Demo.Brief, global::Demo.Notes>(agent0", editor, StringComparison.Ordinal);
        Assert.Contains("\"researcher\"", editor, StringComparison.Ordinal);
        Assert.Contains("Participant.Of(agent1", editor, StringComparison.Ordinal);
        var pipeline = run.Files.Single(f => f.HintName == "Team.Pipeline.Composition.g.cs").Text;
        Assert.Contains("IComposition<global::Demo.Brief, global::Demo.Draft>", pipeline, StringComparison.Ordinal);
    }

    private const string Pipeline = """
        using Declarative;

        namespace Demo;

        [Sequential(Description = "Research, then write.")]
        public partial class Pipeline([UseAgent] Researcher researcher, [UseAgent] Writer writer)
        {
            public int Runs { get; private set; }

            public void Count() => Runs++;
        }
        """;

    [Fact]
    public void An_unrelated_edit_re_emits_nothing_for_a_composition()
    {
        var first = GeneratorHarness.RunAndCompile(TestCompilation.Create([Agents, Pipeline]));
        Assert.Contains(first.Files, f => f.HintName == "Demo.Pipeline.Composition.g.cs");

        var edited = Pipeline.Replace("Runs++;", "Runs += 1;", StringComparison.Ordinal);
        var second = GeneratorHarness.RunAndCompile(TestCompilation.ReplaceSource(first.Input, "Source1.cs", edited), first.Driver);

        var compositions = Incrementality.Outputs(second.Result, TrackingNames.Compositions);
        Assert.Single(compositions);
        Assert.All(compositions, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(Incrementality.SourceOutputs(second.Result), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(first.Files, second.Files);
    }

    [Fact]
    public void Changing_a_composition_s_description_re_emits_only_the_composition()
    {
        var first = GeneratorHarness.RunAndCompile(TestCompilation.Create([Agents, Pipeline]));

        var edited = Pipeline.Replace("Research, then write.", "Research first.", StringComparison.Ordinal);
        var second = GeneratorHarness.RunAndCompile(TestCompilation.ReplaceSource(first.Input, "Source1.cs", edited), first.Driver);

        var changed = first.Files.Concat(second.Files).GroupBy(f => f.HintName).Where(g => g.First().Text != g.Last().Text).Select(g => g.Key).ToList();
        Assert.Equal(["Demo.Pipeline.Composition.g.cs"], changed);
        Assert.All(Incrementality.Outputs(second.Result, TrackingNames.Agents), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }
}
