namespace ReflectionSample.Brochures;

/// <summary>A one-page brochure, as the writer answers it (JSON read by the generated reader).</summary>
/// <param name="Headline">The headline: one line, at most 60 characters.</param>
/// <param name="Sections">Two to four short sections.</param>
/// <param name="CallToAction">What the reader should do, and by when.</param>
public sealed record Brochure(string Headline, List<BrochureSection> Sections, string CallToAction);

/// <summary>One section of a brochure.</summary>
/// <param name="Title">A short title.</param>
/// <param name="Body">At most 300 characters.</param>
public sealed record BrochureSection(string Title, string Body);

/// <summary>The offer a brochure is about: the facts it must state and the claims it must never make.</summary>
/// <param name="Description">The offer in words, as the writer is briefed.</param>
/// <param name="RequiredFacts">Text that must appear somewhere in the brochure (the discount, the code, the end date).</param>
/// <param name="ForbiddenClaims">Words and phrases legal does not allow (medical and absolute claims, promises we do not make).</param>
/// <param name="Website">The only site a brochure may link to.</param>
public sealed record Offer(string Description, IReadOnlyList<string> RequiredFacts, IReadOnlyList<string> ForbiddenClaims, string Website)
{
    /// <summary>The spring sale the sample writes about.</summary>
    public static Offer SpringSale { get; } = new(
        "The Sunny Frames spring sale: 20% off every round frame, 1 to 30 April, in the Harbour Street shop and online "
        + "with the code SPRING20. All our lenses block UV400. Website: sunnyframes.example/spring",
        RequiredFacts: ["20%", "SPRING20", "30 April"],
        ForbiddenClaims: ["cure", "cataract", "guarantee", "best in the world", "free shipping", "100% protection"],
        Website: "sunnyframes.example");
}
