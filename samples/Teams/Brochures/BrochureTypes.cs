using System.ComponentModel;

namespace TeamsSample.Brochures;

// The typed interfaces between the brochure team's agents: what each one is handed and what it hands on. The
// generator checks at build time that each stage of the pipeline can take what the stage before it produces.

/// <summary>What the team is asked for.</summary>
/// <param name="Product">The product family the brochure is about.</param>
/// <param name="Audience">Who it is for.</param>
/// <param name="Occasion">The campaign or season.</param>
public sealed record BrochureBrief(string Product, string Audience, string Occasion);

/// <summary>What the researcher found: facts from the catalog and what customers said.</summary>
/// <param name="Product">The product family.</param>
/// <param name="Audience">Who the brochure is for.</param>
/// <param name="KeyFacts">Facts from the catalog, each true of the products named (prices, materials, lenses).</param>
/// <param name="Quotes">Short customer quotes from reviews, verbatim.</param>
/// <param name="ProductIds">The catalog ids of the products the facts are about.</param>
public sealed record ResearchNotes(string Product, string Audience, IReadOnlyList<string> KeyFacts, IReadOnlyList<string> Quotes, IReadOnlyList<string> ProductIds);

/// <summary>The research with the designer's pictures.</summary>
/// <param name="Product">The product family.</param>
/// <param name="Audience">Who the brochure is for.</param>
/// <param name="KeyFacts">The researcher's facts.</param>
/// <param name="Quotes">The researcher's quotes.</param>
/// <param name="ProductIds">The products.</param>
/// <param name="Images">The chosen pictures, in the order they should appear.</param>
public sealed record DesignedNotes(string Product, string Audience, IReadOnlyList<string> KeyFacts, IReadOnlyList<string> Quotes,
                                   IReadOnlyList<string> ProductIds, IReadOnlyList<ImageChoice> Images);

/// <summary>A picture from the image catalog and what it shows in the brochure.</summary>
/// <param name="ImageId">The catalog id (IMG-...).</param>
/// <param name="Caption">The caption under it.</param>
public sealed record ImageChoice(string ImageId, string Caption);

/// <summary>The finished brochure.</summary>
/// <param name="Headline">At most 60 characters.</param>
/// <param name="Sections">Two to four sections.</param>
/// <param name="CallToAction">What the reader should do, and by when.</param>
/// <param name="ImageIds">The pictures used, from the designer's choice.</param>
public sealed record Brochure(string Headline, IReadOnlyList<BrochureSection> Sections, string CallToAction, IReadOnlyList<string> ImageIds);

/// <summary>One section of the brochure.</summary>
/// <param name="Title">Its title.</param>
/// <param name="Body">Its text.</param>
public sealed record BrochureSection(string Title, string Body);

/// <summary>A product as the catalog search returns it.</summary>
/// <param name="Id">The catalog id.</param>
/// <param name="Name">The name.</param>
/// <param name="Price">The price in US dollars.</param>
/// <param name="Features">What it is made of and what its lenses do.</param>
public sealed record ProductSummary(string Id, string Name, decimal Price, IReadOnlyList<string> Features);

/// <summary>A customer review.</summary>
/// <param name="ProductId">The product reviewed.</param>
/// <param name="Stars">1 to 5.</param>
/// <param name="Text">What the customer wrote.</param>
public sealed record Review(string ProductId, int Stars, string Text);

/// <summary>A picture in the image catalog.</summary>
/// <param name="Id">The catalog id.</param>
/// <param name="Description">What it shows.</param>
/// <param name="Tags">Its tags.</param>
public sealed record CatalogImage(string Id, string Description, IReadOnlyList<string> Tags);

/// <summary>Which tags to look for.</summary>
public enum ImageMood
{
    /// <summary>Bright, outdoors, summer.</summary>
    [Description("bright, outdoors, summer")] Sunny,

    /// <summary>Studio shots of the product alone.</summary>
    [Description("studio shots of the product alone")] Product,

    /// <summary>People wearing the product.</summary>
    [Description("people wearing the product")] Lifestyle,
}
