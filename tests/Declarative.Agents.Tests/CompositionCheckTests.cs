using System.Text.Json;
using Declarative.Orchestration;
using Xunit;

namespace Declarative.Agents.Tests;

/// <summary>The run-time builders' checks: the generator's rules and messages (DCL0025, DCL0026, DCL0030, DCL0031), over JSON schemas.</summary>
public sealed class CompositionCheckTests
{
    // The schemas the generator emits for the types of its own pair table (Declarative.Generators.Tests/CompositionBehaviourTests).
    private static readonly Dictionary<string, string> Types = new()
    {
        ["Image"] = """{"type":"object","properties":{"url":{"type":"string"},"width":{"type":"integer"}},"required":["url","width"]}""",
        ["Picture"] = """{"type":"object","properties":{"url":{"type":"string"},"width":{"type":"number"}},"required":["url","width"]}""",
        ["Photo"] = """{"type":"object","properties":{"url":{"type":"string"},"width":{"type":"string"}},"required":["url","width"]}""",
        ["Notes"] = """{"type":"object","properties":{"topic":{"type":"string"},"facts":{"type":"array","items":{"type":"string"}}},"required":["topic","facts"]}""",
        ["Summary"] = """{"type":"object","properties":{"topic":{"type":"string"}},"required":["topic"]}""",
        ["Report"] = """{"type":"object","properties":{"topic":{"type":"string"},"facts":{"type":"array","items":{"type":"string"}},"author":{"type":"string"}},"required":["topic","facts","author"]}""",
        ["OptionalAuthor"] = """{"type":"object","properties":{"topic":{"type":"string"},"facts":{"type":"array","items":{"type":"string"}},"author":{"type":["string","null"]}},"required":["topic","facts"]}""",
        ["Gallery"] = """{"type":"object","properties":{"images":{"type":"array","items":{"$ref":"#/$defs/Image"}}},"required":["images"],"$defs":{"Image":{"type":"object","properties":{"url":{"type":"string"},"width":{"type":"integer"}},"required":["url","width"]}}}""",
        ["Album"] = """{"type":"object","properties":{"images":{"type":"array","items":{"type":"object","properties":{"url":{"type":"string"},"width":{"type":"string"}},"required":["url","width"]}}},"required":["images"]}""",
        ["Paint"] = """{"type":"object","properties":{"color":{"type":"string","enum":["Red","Green"]}},"required":["color"]}""",
        ["Palette"] = """{"type":"object","properties":{"color":{"type":"string","enum":["Red","Green","Blue"]}},"required":["color"]}""",
        ["Named"] = """{"type":"object","properties":{"color":{"type":"string"}},"required":["color"]}""",
        ["Counted"] = """{"type":"object","properties":{"count":{"type":"integer"}},"required":["count"]}""",
        ["Measured"] = """{"type":"object","properties":{"count":{"type":"number"}},"required":["count"]}""",
        ["MaybeCounted"] = """{"type":"object","properties":{"count":{"anyOf":[{"type":"integer"},{"type":"null"}]}},"required":["count"]}""",
    };

    /// <summary>The generator's pairs: sent type, received type, the message tail (null: they fit).</summary>
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
    public void Schemas_fit_by_structure_with_the_first_difference_named(string? sent, string? received, string? expected)
    {
        JsonElement? Schema(string? name) => name is null ? null : JsonElement.Parse(Types[name]);

        Assert.Equal(expected, SchemaComparison.Misfit(Schema(sent), sent, Schema(received), received));
    }

    private static readonly OutputAgent<Notes> Researcher = new("Researcher", Schemas.Notes);
    private static readonly TypedAgent<Brief, Draft> Briefed = new("Briefed", Schemas.Brief, Schemas.Draft);
    private static readonly InputAgent<Draft> Writer = new("Writer", Schemas.Draft);

    [Fact]
    public void A_stage_that_cannot_take_the_previous_answer_is_DCL0025()
    {
        var error = Assert.Throws<CompositionException>(() => Composition.Sequential<string, string>("P", null, Participant.Of(Researcher), Participant.Of(Briefed)));
        Assert.Equal("DCL0025", error.DiagnosticId);
        Assert.Equal("stage 'Briefed' cannot take what stage 'Researcher' hands on: Notes and Brief differ at '$.pages': Brief requires it, Notes does not have it", error.Message);

        var text = Assert.Throws<CompositionException>(() => Composition.Sequential<string, string>("P", null,
            Participant.Of(Agent.Create("Triage", "t")), Participant.WithInput(Writer)));
        Assert.Equal("stage 'Writer' cannot take what stage 'Triage' hands on: string and Draft differ at '$': text in string, object in Draft", text.Message);
    }

    [Fact]
    public void A_branch_that_cannot_take_the_input_is_DCL0026()
    {
        var notesIn = new InputAgent<Notes>("Notes reader", Schemas.Notes);
        var error = Assert.Throws<CompositionException>(() => Composition.Parallel<string, string>("Fan", null, o => "",
            Participant.Of(Researcher), Participant.WithInput(notesIn)));
        Assert.Equal("DCL0026", error.DiagnosticId);
        Assert.Equal("branch 'Notes reader' cannot take the composition's input: string and Notes differ at '$': text in string, object in Notes", error.Message);

        var typed = Assert.Throws<CompositionException>(() => Composition.Parallel<Brief, string>("Fan", null, o => "",
            Participant.Of(Briefed), Participant.WithInput(notesIn)));
        Assert.Equal("branch 'Notes reader' cannot take the composition's input: Brief and Notes differ at '$.facts': Notes requires it, Brief does not have it", typed.Message);
    }

    [Fact]
    public void Too_few_participants_and_duplicate_names_are_DCL0031_and_DCL0030()
    {
        var few = Assert.Throws<CompositionException>(() => Composition.Sequential<string, string>("Solo", null, Participant.Of(Researcher)));
        Assert.Equal("DCL0031", few.DiagnosticId);
        Assert.Equal("Solo has 1 participant; a sequential composition needs at least 2 participants", few.Message);

        var twice = Assert.Throws<CompositionException>(() => Composition.Parallel<string, string>("Fan", null, o => "",
            Participant.Of(Researcher), Participant.Of(Researcher)));
        Assert.Equal("DCL0030", twice.DiagnosticId);
        Assert.Equal("two agents of Fan are named 'Researcher'", twice.Message);
        // Renamed, the same agent twice is fine.
        Assert.Equal(2, Composition.Parallel<string, string>("Fan", null, o => "", Participant.Of(Researcher), Participant.Of(Researcher, "Second")).Participants.Count);
    }

    [Fact]
    public void The_composition_types_must_be_its_ends()
    {
        var input = Assert.Throws<CompositionException>(() => Composition.Sequential<Brief, string>("P", null, Participant.Of(Researcher), Participant.Of(Agent.Create("W", "w"))));
        Assert.Equal("DCL0031", input.DiagnosticId);
        Assert.Equal("P takes Brief, but its first participant 'Researcher' takes text", input.Message);
        var output = Assert.Throws<CompositionException>(() => Composition.Sequential<string, Draft>("P", null, Participant.Of(Researcher), Participant.Of(Agent.Create("W", "w"))));
        Assert.Equal("P produces Draft, but its last participant 'W' answers with text", output.Message);
    }

    [Fact]
    public async Task Typed_ends_pass_values_through()
    {
        var models = new Models();
        models["Briefed"].ThenJson(new Draft("T", "B"));
        models["Second"].ThenJson(new Draft("T2", "B2"));
        var fan = Composition.Parallel<Brief, Draft>("Fan", null, o => new Draft(o.Get<Draft>(0).Title + o.Get<Draft>(1).Title, ""),
            Participant.Of(Briefed), Participant.Of(new TypedAgent<Brief, Draft>("Second", Schemas.Brief, Schemas.Draft)));

        var result = await models.Runner().RunAsync(fan, new Brief("sun", 2));

        Assert.Equal(CompositionRunStatus.Completed, result.Status);
        Assert.Equal(new Draft("TT2", ""), result.Output);
        Assert.Equal("""{"topic":"sun","pages":2}""", models["Second"].Requests[0].Messages.Last().Text);
    }
}
