using Declarative;
using Declarative.Reflection;

namespace TeamsSample.Brochures;

// Three specialists, each with only the tools its role needs (least privilege), and two ways to put them together:
// a sequential pipeline, and an editor that delegates to them as tools.

/// <summary>Finds the facts and the customer quotes; it can read the catalog and the reviews, nothing else.</summary>
[Agent("""
    You research sunglasses for a brochure. Search the catalog for the products the brief is about, read their reviews,
    and answer with JSON: facts true of those products (prices, frames, lenses) and two or three short customer quotes,
    copied word for word. Never invent a fact or a quote.
    """, Model = "researcher", Description = "Finds facts about products and customer quotes from reviews.",
    InputType = typeof(BrochureBrief), OutputType = typeof(ResearchNotes))]
public sealed partial class Researcher([UseTools] ResearchTools tools);

/// <summary>Chooses pictures; it can search the image catalog, nothing else.</summary>
[Agent("""
    You design a brochure. Given the research, choose two or three pictures from the image catalog that show the
    products named, and answer with the research unchanged plus your choice, each with a short caption.
    """, Model = "designer", Description = "Chooses pictures from the image catalog for researched products.",
    InputType = typeof(ResearchNotes), OutputType = typeof(DesignedNotes))]
public sealed partial class Designer([UseTools] ImageTools images);

/// <summary>Writes the brochure; it has no tools, and code checks its draft.</summary>
[Agent("""
    You write a short brochure from research and chosen pictures. Use only the facts and quotes you are given, keep the
    headline under 60 characters, and use every picture you are given by its id.
    """, Model = "writer", Description = "Writes a brochure from research notes and chosen pictures.",
    InputType = typeof(DesignedNotes), OutputType = typeof(Brochure))]
public sealed partial class Writer
{
    /// <summary>A headline that fits the cover.</summary>
    [Check]
    public CheckResult HeadlineFits(Brochure brochure)
        => brochure.Headline.Length <= 60
            ? CheckResult.Pass()
            : CheckResult.Fail($"The headline has {brochure.Headline.Length} characters; the cover fits 60.", new ToolError("$.headline", "over 60 characters"));

    /// <summary>Two to four sections.</summary>
    [Check]
    public CheckResult SectionCount(Brochure brochure)
        => brochure.Sections.Count is >= 2 and <= 4
            ? CheckResult.Pass()
            : CheckResult.Fail($"The brochure has {brochure.Sections.Count} sections; write two to four.", new ToolError("$.sections", "two to four sections"));
}

/// <summary>The three specialists as a pipeline: research, then design, then writing.</summary>
[Sequential(Description = "Research, design and writing, one after the other.")]
public sealed partial class BrochurePipeline([UseAgent] Researcher researcher, [UseAgent] Designer designer, [UseAgent] Writer writer);

/// <summary>The same three under an editor who decides whom to ask and passes the work along.</summary>
[Agent("""
    You are the editor of the shop's brochures. You cannot search or write yourself: ask the researcher for facts and
    quotes, give the research to the designer, give the designed notes to the writer, and answer with the writer's
    brochure as JSON, unchanged.
    """, Model = "editor", Description = "Has a brochure researched, designed and written.",
    InputType = typeof(BrochureBrief), OutputType = typeof(Brochure))]
public sealed partial class BrochureEditor([UseAgent] Researcher researcher, [UseAgent] Designer designer, [UseAgent] Writer writer);
