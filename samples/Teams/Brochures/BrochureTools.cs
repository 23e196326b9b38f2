using Declarative;

namespace TeamsSample.Brochures;

/// <summary>The researcher's tools: the catalog and the reviews, read-only.</summary>
public sealed partial class ResearchTools(BrochureData data)
{
    /// <summary>Finds products whose name or features contain every word of the query (case-insensitive).</summary>
    /// <param name="query">Words to look for, e.g. "round".</param>
    [Tool(ReadOnly = true)]
    public IReadOnlyList<ProductSummary> SearchProducts(string query)
    {
        var words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. data.Products.Where(p => words.All(w => (p.Name + " " + string.Join(" ", p.Features)).Contains(w, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>The reviews of one product, best first.</summary>
    /// <param name="productId">The catalog id (SG-...).</param>
    [Tool(ReadOnly = true)]
    public IReadOnlyList<Review> GetReviews(string productId)
        => data.Products.Any(p => p.Id == productId)
            ? [.. data.Reviews.Where(r => r.ProductId == productId).OrderByDescending(r => r.Stars)]
            : throw new ArgumentException($"there is no product '{productId}'; ids look like SG-001");
}

/// <summary>The designer's tool: the image catalog, read-only.</summary>
public sealed partial class ImageTools(BrochureData data)
{
    /// <summary>Pictures tagged with every one of the tags (e.g. "round", "sunny"), and optionally of one mood.</summary>
    /// <param name="tags">Tags the picture must have.</param>
    /// <param name="mood">Only pictures of this mood.</param>
    [Tool(ReadOnly = true)]
    public IReadOnlyList<CatalogImage> FindImages(IReadOnlyList<string> tags, ImageMood? mood = null)
        => [.. data.Images.Where(i => tags.All(t => i.Tags.Contains(t, StringComparer.OrdinalIgnoreCase))
                                   && (mood is null || i.Tags.Contains(mood.Value.ToString(), StringComparer.OrdinalIgnoreCase)))];
}
