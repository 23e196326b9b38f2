using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Declarative.Tests.ToolSets;

/// <summary>DataAnnotations on parameters and on properties: in the schema and enforced when reading.</summary>
public partial class ConstraintTools
{
    [Tool(Description = "Registers a team.")]
    public Registration Register(
        [Range(1, 10)] int seats,
        [Range(0.5, 99.5)] double budget,
        [MinLength(2), MaxLength(20)] string nickname,
        [StringLength(8, MinimumLength = 3)] string code,
        [Description("Like AB-123.")][RegularExpression("[A-Z]{2}-[0-9]+")] string sku,
        [EmailAddress] string email,
        [Url] string homepage,
        [MinLength(1), MaxLength(3)] string[] tags)
        => new(seats, budget, nickname, code, sku, email, homepage, tags);

    [Tool(Description = "Adds a line to a basket; the quantity is limited by [Range] on the record.")]
    public decimal AddLine(LineItem line) => line.Quantity * line.UnitPrice;

    [Tool(Description = "Scales a value by a fraction.")]
    public double Scale([Range(0.0, 1.0, MinimumIsExclusive = true)] double fraction, [Range(-1000, 1000)] long value)
        => fraction * value;
}
