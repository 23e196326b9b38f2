using System.Text;
using Xunit;

namespace Declarative.Planning.Tests;

/// <summary>Minimal cases the plan property tests found, one per bug, kept so they stay fixed.</summary>
public sealed class PlanSoundnessRegressionTests
{
    private static string Numbers(string tool, string path)
        => """{"steps":[{"id":"n","tool":"make_numbers","arguments":{"low":false}},{"id":"x","tool":"TOOL","arguments":{"value":{"$from":"n","path":"PATH"}}}]}"""
            .Replace("TOOL", tool, StringComparison.Ordinal).Replace("PATH", path, StringComparison.Ordinal);

    // Found by the typed-plan property: {"type":"number"} is the schema of double, float and decimal alike,
    // so a double result (here 1.5e300) was accepted for a decimal parameter, whose reader then refused it.
    [Fact]
    public void A_result_that_may_be_any_number_is_refused_where_a_decimal_is_wanted()
    {
        var validator = new PlanValidator(new PropertyTools());

        var result = validator.Validate(Numbers("take_decimal", "/real"));

        Assert.False(result.IsValid, "accepted a double for a decimal");
        Plans.HasError(result.Errors, "$.steps[1].arguments.value", "may be any number", "decimal");
    }

    // The schemas cannot tell a decimal result from a double one, so decimal to decimal is refused too
    // (soundly) until generated schemas carry the decimal range; double and integer places still take them.
    [Theory]
    [InlineData("take_double", "/real")]
    [InlineData("take_double", "/money")]
    [InlineData("take_decimal", "/large")]
    [InlineData("take_double", "/large")]
    public async Task Numbers_that_always_fit_are_accepted_and_run(string tool, string path)
    {
        var tools = new PropertyTools();
        var result = new PlanValidator(tools).Validate(Numbers(tool, path));
        Assert.True(result.IsValid, result.ToString());

        var run = await new PlanExecutor(tools).ExecuteAsync(result.Plan!);

        Assert.True(run.IsSuccess, run.Describe());
    }

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

    // Found by the mutation property: a name given twice where a reference stands. The reader's
    // "appears more than once" at that place was dropped with the errors about the null written for the
    // reference, so the plan was accepted, and the resolved arguments were refused when the step ran.
    [Theory]
    [InlineData("""{"points":1,"reason":{"$from":"n"},"reason":{"$from":"n"}}""", "$.steps[1].arguments.reason")]
    [InlineData("""{"points":1,"reason":"x","reason":{"$from":"n"}}""", "$.steps[1].arguments.reason")]
    [InlineData("""{"points":1,"reason":{"$from":"n"},"reason":"x"}""", "$.steps[1].arguments.reason")]
    public void A_name_given_twice_where_a_reference_stands_is_refused(string arguments, string path)
    {
        var (_, validator) = Plans.Shop();

        var result = validator.Validate(Plans.TwoSteps("notify", """{"to":"a@b.co","text":"hi"}""", "spend", arguments).Replace("\"src\"", "\"n\"", StringComparison.Ordinal));

        Assert.False(result.IsValid, "accepted a duplicated name");
        Plans.HasError(result.Errors, path, "more than once");
    }
}
