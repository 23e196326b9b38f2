using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.Testing.Tests;

/// <summary>The one routine every chat client of ours uses to turn argument text into a call.</summary>
public sealed class ToolCallArgumentsTests
{
    [Theory]
    [InlineData("[1, 2]", "arguments must be a JSON object, but got an array")]
    [InlineData("\"x\"", "arguments must be a JSON object, but got a string")]
    [InlineData("3", "arguments must be a JSON object, but got a number")]
    [InlineData("true", "arguments must be a JSON object, but got a boolean")]
    [InlineData("null", "arguments must be a JSON object, but got null")]
    [InlineData("{\"a\":", "arguments are not valid JSON")]
    public void Text_that_is_not_an_object_is_marked_unusable_with_the_reason(string text, string reason)
    {
        var call = ToolCallArguments.Parse("call_1", "lookup", text);

        Assert.Null(call.Arguments);
        Assert.IsType<InvalidDataException>(call.Exception);
        Assert.StartsWith(reason, (string)call.AdditionalProperties![ToolCallArguments.ArgumentsErrorKey]!, StringComparison.Ordinal);
        Assert.Equal(text, call.AdditionalProperties[ToolCallArguments.RawArgumentsKey]);
        // The scripted client and the loop use the very same keys.
        Assert.Equal(ToolCallArguments.RawArgumentsKey, ScriptedToolCall.RawArgumentsKey);
    }

    [Fact]
    public void Long_raw_text_is_kept_whole_but_quoted_shortened_in_the_message()
    {
        var text = "{\"a\": \"" + new string('x', 5000);
        var call = ToolCallArguments.Parse("call_1", "lookup", text);

        Assert.Equal(text, call.AdditionalProperties![ToolCallArguments.RawArgumentsKey]);
        Assert.True(call.Exception!.Message.Length < 2600, $"message of {call.Exception.Message.Length} characters");
        Assert.EndsWith("...", call.Exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void No_text_means_no_arguments(string? text)
    {
        var call = ToolCallArguments.Parse("call_1", "lookup", text);

        Assert.NotNull(call.Arguments);
        Assert.Empty(call.Arguments!);
        Assert.Null(call.Exception);
    }

    [Fact]
    public void An_object_is_parsed_into_json_elements()
    {
        var call = ToolCallArguments.Parse("call_1", "lookup", """{"key":"a","n":2}""");

        Assert.Equal("a", ((System.Text.Json.JsonElement)call.Arguments!["key"]!).GetString());
        Assert.Equal(2, ((System.Text.Json.JsonElement)call.Arguments["n"]!).GetInt32());
        Assert.IsType<FunctionCallContent>(call);
    }
}
