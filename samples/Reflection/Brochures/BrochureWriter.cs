using System.Text.RegularExpressions;
using Declarative;
using Declarative.Guardrails;
using Declarative.Reflection;

namespace ReflectionSample.Brochures;

/// <summary>
/// The writer: drafts a <see cref="Brochure"/> for its <see cref="Offer"/>. Its quality gate is all in this class —
/// three code checks (external feedback a program can decide), the critic's rubric, and two guardrails — and the
/// generator wires them into the agent (<see cref="IReflectiveAgent{T}"/>, <see cref="IGuardedAgent"/>).
/// </summary>
[Agent("""
    You write one-page marketing brochures for Sunny Frames, a sunglasses shop. Answer with the brochure as JSON:
    a headline, two to four sections (title and body) and a call to action. Be warm and concrete; state the offer's
    facts exactly as given.
    """, OutputType = typeof(Brochure))]
public sealed partial class BrochureWriter(Offer offer, [Critic] BrochureCritic critic)
{
    /// <summary>The limits the layout has room for.</summary>
    public const int MaxHeadline = 60, MaxBody = 300, MaxCallToAction = 100, MinSections = 2, MaxSections = 4;

    /// <summary>The offer this writer writes about.</summary>
    public Offer Offer => offer;

    /// <summary>Length limits: the headline, each section's body, the call to action and the number of sections.</summary>
    [Check]
    public CheckResult WithinLengthLimits(Brochure brochure)
    {
        var findings = new List<ToolError>();
        if (brochure.Headline.Length > MaxHeadline)
        {
            findings.Add(new ToolError("$.headline", $"{brochure.Headline.Length} characters; at most {MaxHeadline}"));
        }
        if (brochure.Sections.Count is < MinSections or > MaxSections)
        {
            findings.Add(new ToolError("$.sections", $"{brochure.Sections.Count} sections; {MinSections} to {MaxSections}"));
        }
        for (var i = 0; i < brochure.Sections.Count; i++)
        {
            if (brochure.Sections[i].Body.Length > MaxBody)
            {
                findings.Add(new ToolError($"$.sections[{i}].body", $"{brochure.Sections[i].Body.Length} characters; at most {MaxBody}"));
            }
        }
        if (brochure.CallToAction.Length > MaxCallToAction)
        {
            findings.Add(new ToolError("$.callToAction", $"{brochure.CallToAction.Length} characters; at most {MaxCallToAction}"));
        }
        return findings.Count == 0 ? CheckResult.Pass() : CheckResult.Fail("Parts of the brochure do not fit the layout.", [.. findings]);
    }

    /// <summary>Every required fact of the offer appears somewhere, exactly.</summary>
    [Check]
    public CheckResult RequiredFactsPresent(Brochure brochure)
    {
        var text = AllText(brochure);
        var missing = offer.RequiredFacts.Where(fact => !text.Contains(fact, StringComparison.Ordinal)).ToList();
        return missing.Count == 0
            ? CheckResult.Pass()
            : CheckResult.Fail("Facts of the offer are missing: " + string.Join(", ", missing.Select(f => $"\"{f}\"")) + ". State them exactly as given.");
    }

    /// <summary>No forbidden claim anywhere; each finding points at the part that makes it.</summary>
    [Check]
    public CheckResult NoForbiddenClaims(Brochure brochure)
    {
        var findings = new List<ToolError>();
        foreach (var (path, text) in Parts(brochure))
        {
            foreach (var claim in offer.ForbiddenClaims.Where(c => text.Contains(c, StringComparison.OrdinalIgnoreCase)))
            {
                findings.Add(new ToolError(path, $"makes the forbidden claim \"{claim}\""));
            }
        }
        return findings.Count == 0 ? CheckResult.Pass() : CheckResult.Fail("The brochure makes claims we may not make; remove them.", [.. findings]);
    }

    /// <summary>
    /// A hard stop, not feedback: the brief must not carry customers' personal data (an e-mail address or a phone
    /// number), so none ever reaches the model. It runs before the first model call of every round.
    /// </summary>
    [InputGuardrail]
    public GuardrailResult NoCustomerData(string input)
        => PersonalData().Match(input) is { Success: true } match
            ? GuardrailResult.Trip($"the brief holds personal data ({(match.Value.Contains('@') ? "an e-mail address" : "a phone number")}); send the offer, not the customer list")
            : GuardrailResult.Pass();

    /// <summary>A hard stop on the answer: a brochure links to our own site only (never returned otherwise).</summary>
    [OutputGuardrail]
    public GuardrailResult OnlyOurWebsite(Brochure brochure)
    {
        foreach (Match link in Link().Matches(AllText(brochure)))
        {
            if (!link.Value.Contains(offer.Website, StringComparison.OrdinalIgnoreCase))
            {
                return GuardrailResult.Trip($"the brochure links to {link.Value}, not to {offer.Website}");
            }
        }
        return GuardrailResult.Pass();
    }

    private static IEnumerable<(string Path, string Text)> Parts(Brochure brochure)
    {
        yield return ("$.headline", brochure.Headline);
        for (var i = 0; i < brochure.Sections.Count; i++)
        {
            yield return ($"$.sections[{i}].title", brochure.Sections[i].Title);
            yield return ($"$.sections[{i}].body", brochure.Sections[i].Body);
        }
        yield return ("$.callToAction", brochure.CallToAction);
    }

    private static string AllText(Brochure brochure) => string.Join("\n", Parts(brochure).Select(p => p.Text));

    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ()-]{7,}\d")]
    private static partial Regex PersonalData();

    [GeneratedRegex(@"(https?://|www\.)\S+|\b[\w-]+\.(com|net|org|example)(/\S*)?", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}

/// <summary>The critic: judges a brochure against a binary rubric (what code cannot check: tone, clarity, focus).</summary>
[Agent("""
    You review marketing brochures for Sunny Frames. Judge the candidate against exactly these criteria, each passed
    or failed with a one-sentence reason:
    1. "speaks to the reader": it addresses the reader as "you", not the shop as "we" throughout.
    2. "one idea per section": each section makes one clear point.
    3. "clear call to action": the call to action says what to do, where, and by when.
    4. "no hype": no exclamation marks piled up, no superlatives.
    Answer with the verdict as JSON only.
    """, OutputType = typeof(RubricVerdict))]
public sealed partial class BrochureCritic;
