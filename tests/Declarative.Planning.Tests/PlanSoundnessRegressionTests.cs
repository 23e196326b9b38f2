using System.Text;
using Xunit;

namespace Declarative.Planning.Tests;

/// <summary>Minimal cases the plan property tests found, one per bug, kept so they stay fixed.</summary>
public sealed class PlanSoundnessRegressionTests
{
    // Found by the raw-bytes property: bytes that are not UTF-8 inside a string (here a property name)
    // parse as JSON, but reading the name as text threw InvalidOperationException out of Validate.
    [Theory]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    public void Invalid_utf8_in_a_plan_is_an_error_not_an_exception(byte[] bad)
    {
        var plan = new List<byte>(Encoding.UTF8.GetBytes("""{"steps":[{"id":"find","tool":"get_item_descriptions","arguments":{"category":"sunglasses"}},{"""));
        plan.Add((byte)'"');
        plan.AddRange(bad);
        plan.AddRange(Encoding.UTF8.GetBytes("""id":"x","tool":"log","arguments":{"line":"a"}}]}"""));
        var (_, validator) = Plans.Shop();

        var result = validator.Validate(plan.ToArray());

        Assert.False(result.IsValid);
        Plans.HasError(result.Errors, "$.steps[1]", "a property name is not valid Unicode text", "UTF-8");
    }

    // The same through escapes: a lone surrogate is valid JSON, but not text .NET can read as a string.
    [Theory]
    [InlineData("""{"steps":[{"id":"a\ud800","tool":"log","arguments":{"line":"a"}}]}""")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"li\udc00ne":"a"}}]}""")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"line":"a"}},{"id":"b","tool":"log","arguments":{"line":{"$from":"a\ud800"}}}]}""")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"line":"a"}},{"id":"b","tool":"log","arguments":{"line":"b"},"dependsOn":["\ud800"]}]}""")]
    public void A_lone_surrogate_in_a_plan_is_an_error_not_an_exception(string plan)
    {
        var (_, validator) = Plans.Shop();

        var result = validator.Validate(plan);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Path.StartsWith("$.steps[", StringComparison.Ordinal) && e.Message.Contains("is not valid Unicode text", StringComparison.Ordinal));
    }
}
