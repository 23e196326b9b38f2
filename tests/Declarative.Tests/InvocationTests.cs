using System.Text;
using Declarative.Tests.ToolSets;
using Xunit;

namespace Declarative.Tests;

/// <summary>Dispatch itself: unknown tools, tools that fail, return kinds, cancellation, options.</summary>
public sealed class InvocationTests
{
    [Fact]
    public async Task An_unknown_tool_is_an_error_listing_the_tools()
    {
        var result = await new Store().InvokeAsync("get_price", "{}");

        Assert.True(result.IsError);
        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("unknown tool 'get_price'", error.Message, StringComparison.Ordinal);
        Assert.Contains("get_item_price", error.Message, StringComparison.Ordinal);
        Assert.Contains("place_order", error.Message, StringComparison.Ordinal);
        Assert.Contains("lookup-v2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET_ITEM_PRICE", "did you mean 'get_item_price'")]
    [InlineData("get-item-price", "did you mean 'get_item_price'")]
    [InlineData("", "unknown tool ''")]
    public async Task Tool_names_are_exact_with_a_hint(string name, string fragment)
    {
        var result = await new Store().InvokeAsync(name, """{"itemId":"x"}""");

        Assert.True(result.IsError);
        Assert.Contains(fragment, result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_tool_name_is_an_error_not_an_exception()
    {
        var result = await ((IToolSet)new Store()).InvokeAsync(null!, "{}"u8.ToArray());
        Assert.True(result.IsError);
    }

    [Fact]
    public async Task A_tool_that_throws_is_an_error_with_its_message_and_no_stack_trace()
    {
        var result = await new LifecycleTools().InvokeAsync("explode", """{"reason":"why"}""");

        Assert.True(result.IsError);
        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("boom: why", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(LifecycleTools), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_exception_details_the_type_and_stack_trace_appear()
    {
        var options = new ToolInvocationOptions { IncludeExceptionDetails = true };
        var result = await new LifecycleTools().InvokeAsync("explode", """{"reason":"why"}""", options);

        var error = Assert.Single(result.Errors);
        Assert.Contains("boom: why", error.Message, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException", error.Message, StringComparison.Ordinal);
        Assert.Contains(" at ", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(LifecycleTools.Explode), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tool_that_fails_asynchronously_is_an_error()
    {
        var result = await new LifecycleTools().InvokeAsync("explode_later", "{}");

        Assert.True(result.IsError);
        Assert.Contains("bad state", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tool_that_cancels_itself_is_an_error_when_the_caller_did_not_cancel()
    {
        var result = await new LifecycleTools().InvokeAsync("time_out", "{}");

        Assert.True(result.IsError);
        Assert.Contains("timed out", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_token_is_bound_to_the_tools_CancellationToken_parameter()
    {
        using var cts = new CancellationTokenSource();
        var tools = new LifecycleTools();

        var result = await tools.InvokeAsync("capture_token", "{}", cts.Token);

        Assert.True(result.Value!.Value.GetBoolean());
        Assert.Equal(cts.Token, tools.LastToken);
    }

    [Fact]
    public async Task The_token_is_not_part_of_the_schema()
    {
        var tool = new LifecycleTools().AsToolSet().FindTool("wait")!;

        var properties = tool.ParametersSchema.GetProperty("properties");
        Assert.True(properties.TryGetProperty("milliseconds", out _));
        Assert.False(properties.TryGetProperty("cancellationToken", out _));
        var result = await new LifecycleTools().InvokeAsync("wait", """{"milliseconds":0,"cancellationToken":1}""");
        Assert.Contains(result.Errors, e => e.Path == "$.cancellationToken");
    }

    [Fact]
    public async Task Caller_cancellation_during_the_tool_propagates()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var tools = new LifecycleTools();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await tools.InvokeAsync("wait", """{"milliseconds":30000}""", cts.Token));
        Assert.Equal(cts.Token, tools.LastToken);
    }

    [Fact]
    public async Task Caller_cancellation_before_the_call_propagates()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await new LifecycleTools().InvokeAsync("get_order", """{"id":"o"}""", cts.Token));
    }

    [Fact]
    public async Task Void_and_task_tools_return_null()
    {
        var tools = new LifecycleTools();
        foreach (var name in new[] { "reset", "clear", "ping" })
        {
            var result = await tools.InvokeAsync(name, "{}");
            Assert.False(result.IsError, result.ToString());
            Assert.Null(result.Value);
            Assert.Equal("null", Encoding.UTF8.GetString(result.Utf8Json.Span));
        }
        Assert.Equal(0, tools.ResetCount); // reset, then clear
        Assert.Null(tools.AsToolSet().FindTool("reset")!.ReturnSchema);
    }

    [Fact]
    public async Task Async_results_are_written()
    {
        var tools = new LifecycleTools();

        var order = await tools.InvokeAsync("get_order", """{"id":"o-1"}""");
        var items = await tools.InvokeAsync("list_items", """{"count":2}""");

        Assert.Equal("o-1", order.Value!.Value.GetProperty("id").GetString());
        Assert.Equal("High", order.Value!.Value.GetProperty("priority").GetString());
        Assert.Equal(2, items.Value!.Value.GetArrayLength());
        Assert.Equal("SKU-2", items.Value!.Value[1].GetProperty("sku").GetString());
    }

    [Fact]
    public async Task A_static_class_exposes_a_static_tool_set()
    {
        var tools = MathTools.ToolSet;

        Assert.Same(tools, MathTools.ToolSet);
        Assert.Equal(42, (await tools.InvokeAsync("add", """{"a":40,"b":2}""")).Value!.Value.GetInt32());
        Assert.True(tools.FindTool("add")!.ReadOnly);
        Assert.True(tools.FindTool("divide")!.RequiresApproval);
        Assert.False(tools.FindTool("divide")!.ReadOnly);
    }

    [Fact]
    public async Task The_readme_example_works()
    {
        IToolSet tools = new Store();

        var result = await tools.InvokeAsync("get_item_price", """{"itemId":"SG-1"}""");

        Assert.False(result.IsError);
        Assert.Equal(4.25m, result.Value!.Value.GetDecimal());
        Assert.Equal("4.25", result.ToString());
        Assert.Equal("Gets the price of an item in a color.", tools.Tools[0].Description);
        Assert.True(tools.Tools[0].ReadOnly);
    }

    [Fact]
    public async Task Byte_and_string_overloads_agree()
    {
        IToolSet tools = new Store();
        const string arguments = """{"itemId":"SG-1","color":"Green","qty":2}""";

        var fromText = await tools.InvokeAsync("get_item_price", arguments);
        var fromBytes = await tools.InvokeAsync("get_item_price", Encoding.UTF8.GetBytes(arguments));
        var withOptions = await tools.InvokeAsync("get_item_price", Encoding.UTF8.GetBytes(arguments), ToolInvocationOptions.Default);

        Assert.Equal(fromText.ToString(), fromBytes.ToString());
        Assert.Equal(fromText.ToString(), withOptions.ToString());
    }

    [Fact]
    public async Task Calls_on_many_threads_do_not_interfere()
    {
        IToolSet tools = new ScalarTools();
        var tasks = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var good = await tools.InvokeAsync("echo_text", $$"""{"text":"t{{i}}","letter":"x","flag":true}""");
            var bad = await tools.InvokeAsync("echo_text", $$"""{"text":{{i}},"letter":"x","flag":true}""");
            Assert.Equal("t" + i, good.Value!.Value.GetProperty("text").GetString());
            Assert.Equal("$.text", Assert.Single(bad.Errors).Path);
        }));
        await Task.WhenAll(tasks);
    }
}
