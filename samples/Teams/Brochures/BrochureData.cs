namespace TeamsSample.Brochures;

/// <summary>The shop's local data the researcher and the designer search: products, reviews and pictures.</summary>
public sealed class BrochureData
{
    /// <summary>The sunglasses catalog.</summary>
    public IReadOnlyList<ProductSummary> Products { get; } =
    [
        new("SG-001", "Harbour Round", 89m, ["round acetate frame", "UV400 polarised lenses", "tortoiseshell or black"]),
        new("SG-004", "Lido Round Wire", 119m, ["round gold wire frame", "UV400 gradient lenses", "adjustable nose pads"]),
        new("SG-007", "Coast Aviator", 139m, ["gold metal aviator frame", "UV400 mirrored lenses"]),
        new("SG-009", "Pebble Kids Round", 39m, ["round flexible frame", "UV400 lenses", "for ages 4 to 10"]),
    ];

    /// <summary>What customers said.</summary>
    public IReadOnlyList<Review> Reviews { get; } =
    [
        new("SG-001", 5, "Light enough to forget I'm wearing them, and the polarised lenses cut the glare off the water."),
        new("SG-001", 4, "Lovely tortoiseshell, a bit snug for wide faces."),
        new("SG-004", 5, "The gold wire looks far more expensive than it was."),
        new("SG-009", 5, "My daughter actually keeps them on."),
        new("SG-007", 3, "Classic look, the mirror coating scratches easily."),
    ];

    /// <summary>The image catalog the designer picks from.</summary>
    public IReadOnlyList<CatalogImage> Images { get; } =
    [
        new("IMG-101", "Harbour Round in tortoiseshell on a white background", ["product", "round", "tortoiseshell"]),
        new("IMG-102", "A woman in Harbour Round on a sailing boat at noon", ["lifestyle", "sunny", "round", "water"]),
        new("IMG-103", "Lido Round Wire, gold, folded on a beach towel", ["product", "sunny", "round", "gold"]),
        new("IMG-104", "A family on the beach, the child in Pebble Kids Round", ["lifestyle", "sunny", "round", "kids"]),
        new("IMG-105", "Coast Aviator on a dashboard", ["product", "aviator"]),
    ];
}
