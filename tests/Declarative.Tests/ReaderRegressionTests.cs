using Declarative.Tests.Support;
using Declarative.Tests.ToolSets;
using Xunit;

namespace Declarative.Tests;

/// <summary>
/// Regressions for reader and writer bugs these tests found (fixed in c87c267 "Fix reader bugs found
/// by the runtime tests"); each test names what was wrong.
/// </summary>
public sealed class ReaderRegressionTests
{
    // Was: JsonRead.Malformed reported any JsonException mentioning "depth" as too deep, and STJ says
    // "Expected depth to be zero at the end of the JSON payload" for truncated input.
    [Theory]
    [InlineData("""{"itemId":"x" """)]
    [InlineData("{\"itemId\":\"x")]
    [InlineData("""{"itemId":""")]
    [InlineData("{")]
    public async Task Truncated_json_is_malformed_not_too_deep(string arguments)
    {
        var result = await new Store().InvokeAsync("get_item_price", arguments);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("malformed JSON", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("deeper", error.Message, StringComparison.Ordinal);
    }

    public static IEnumerable<object[]> InvalidTextPayloads()
    {
        yield return ["get_item_price", "{\"\\ud800\":1}"u8.ToArray()];                  // lone surrogate in a property name
        yield return ["get_item_price", "{\"itemId\":\"\\ud800\"}"u8.ToArray()];          // lone surrogate in a string value
        yield return ["get_item_price", new byte[] { (byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}' }]; // invalid UTF-8 name
        yield return ["lookup-v2", new byte[] { (byte)'{', (byte)'"', (byte)'q', (byte)'u', (byte)'e', (byte)'r', (byte)'y', (byte)'"', (byte)':', (byte)'"', 0xC3, (byte)'"', (byte)'}' }]; // truncated UTF-8 value
    }

    // Was: generated readers caught only JsonException, and Utf8JsonReader.GetString() throws
    // InvalidOperationException for invalid UTF-8 and lone surrogate escapes, so InvokeAsync threw.
    [Theory]
    [MemberData(nameof(InvalidTextPayloads))]
    public async Task Invalid_text_is_an_error_result_not_an_exception(string tool, byte[] payload)
    {
        var result = await ((IToolSet)new Store()).InvokeAsync(tool, payload);

        Assert.True(result.IsError);
        Assert.StartsWith("$", Assert.Single(result.Errors).Path, StringComparison.Ordinal);
    }

    // Was: TimeSpan "c" parsing takes "1:2" (01:02:00), which the schema's pattern refuses.
    [Fact]
    public async Task A_time_span_the_schema_refuses_is_refused()
    {
        var tool = new TimeTools().AsToolSet().FindTool("echo_times")!;
        var pattern = tool.ParametersSchema.GetProperty("properties").GetProperty("duration").GetProperty("pattern").GetString()!;
        Assert.DoesNotMatch(pattern, "1:2");

        var result = await new TimeTools().InvokeAsync("echo_times", BadCallsArguments("duration", "\"1:2\""));

        Assert.Contains(result.Errors, e => e.Path == "$.duration");
    }

    // Was: on Unix Uri.TryCreate("/relative/path", UriKind.Absolute) succeeds (an implicit file path).
    [Fact]
    public async Task A_rooted_relative_path_is_not_an_absolute_uri()
    {
        var result = await new TimeTools().InvokeAsync("echo_times", BadCallsArguments("link", "\"/relative/path\""));

        Assert.Contains(result.Errors, e => e.Path == "$.link" && e.Message.Contains("absolute URI", StringComparison.Ordinal));
    }

    // Was: JsonWrite.TimeOnly wrote HH:mm:ss.FFFFFFF (13:45:10.5); System.Text.Json writes 13:45:10.5000000.
    [Fact]
    public async Task Times_with_fractions_are_written_as_System_Text_Json_writes_them()
    {
        const string arguments = """
            {"id":"123e4567-e89b-12d3-a456-426614174000","at":"2024-05-01T13:45:00Z","atOffset":"2024-05-01T13:45:00Z",
             "day":"2024-02-29","time":"13:45:10.5","duration":"00:00:01","link":"https://example.com"}
            """;
        var ours = await new TimeTools().InvokeAsync("echo_times", arguments);
        var theirs = await ToolCatalog.Reference(typeof(TimeTools), "echo_times").InvokeAsync(ToolCatalog.Arguments(arguments));

        Assert.Empty(JsonDiff.Compare((System.Text.Json.JsonElement)theirs!, ours.Value));
    }

    private static string BadCallsArguments(string member, string value)
    {
        var members = new Dictionary<string, string>
        {
            ["id"] = "\"123e4567-e89b-12d3-a456-426614174000\"",
            ["at"] = "\"2024-05-01T13:45:00Z\"",
            ["atOffset"] = "\"2024-05-01T13:45:00+02:00\"",
            ["day"] = "\"2024-02-29\"",
            ["time"] = "\"13:45:00\"",
            ["duration"] = "\"00:30:00\"",
            ["link"] = "\"https://example.com\"",
        };
        members[member] = value;
        return "{" + string.Join(",", members.Select(m => "\"" + m.Key + "\":" + m.Value)) + "}";
    }
}
