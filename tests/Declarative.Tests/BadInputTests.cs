using System.Text;
using Declarative.Tests.Support;
using Declarative.Tests.ToolSets;
using Xunit;
using Xunit.Abstractions;

namespace Declarative.Tests;

/// <summary>
/// Everything a model can get wrong comes back as an error result naming the offending JSON path;
/// nothing it sends makes <see cref="IToolSet.InvokeAsync(string, ReadOnlyMemory{byte}, CancellationToken)"/> throw.
/// </summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Refusals()
        => BadCalls.All.Select(b => new object[] { b.Class, b.ToolClass, b.Tool, b.Arguments, b.Path, b.Fragment });

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_arguments_are_refused_at_their_path(string kind, Type toolClass, string toolName, string arguments, string path, string fragment)
    {
        var result = await ToolCatalog.Create(toolClass).InvokeAsync(toolName, arguments);

        output.WriteLine($"[{kind}] {result}");
        Assert.True(result.IsError, $"accepted: {arguments}");
        Assert.Null(result.Value);
        Assert.Equal("null", Encoding.UTF8.GetString(result.Utf8Json.Span));
        Assert.Contains(result.Errors, e => e.Path == path && e.Message.Contains(fragment, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_refused_call_does_not_run_the_tool()
    {
        var tools = new LifecycleTools();
        var result = await ((IToolSet)tools).InvokeAsync("reset", """{"x":1}""");

        Assert.True(result.IsError);
        Assert.Equal(0, tools.ResetCount);
    }

    [Fact]
    public async Task Every_error_is_reported_in_one_result()
    {
        var result = await new ConstraintTools().InvokeAsync("register", BadCalls.AllWrongRegistration);

        output.WriteLine(result.ToString());
        Assert.True(result.IsError);
        Assert.Equal(BadCalls.AllWrongRegistrationPaths.Order(), result.Errors.Select(e => e.Path).Order());
        Assert.Equal(result.Errors.Count, result.ToString().Split('\n').Length);
    }

    [Fact]
    public async Task Errors_in_nested_values_are_all_reported_with_their_paths()
    {
        const string arguments = """
            {"order":{"id":5,"customer_email":"x","priority":"Urgent",
                      "items":[{"sku":"a","quantity":1,"unitPrice":1},{"sku":null,"quantity":1000,"unitPrice":"1","colour":1}],
                      "shipTo":{"city":"c"}}}
            """;
        var result = await new Store().InvokeAsync("place_order", arguments);

        output.WriteLine(result.ToString());
        Assert.True(result.IsError);
        string[] expected =
        [
            "$.order.id", "$.order.customer_email", "$.order.priority",
            "$.order.items[1].sku", "$.order.items[1].quantity", "$.order.items[1].unitPrice", "$.order.items[1].colour",
            "$.order.shipTo.street",
        ];
        Assert.Equal(expected.Order(), result.Errors.Select(e => e.Path).Order());
    }

    [Fact]
    public async Task Unknown_and_missing_are_reported_together_for_a_case_variant()
    {
        var result = await new Store().InvokeAsync("get_item_price", """{"ItemId":"x"}""");

        Assert.True(result.IsError);
        Assert.Contains(result.Errors, e => e.Path == "$.ItemId" && e.Message.Contains("did you mean 'itemId'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == "$.itemId" && e.Message.Contains("required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ten_thousand_nested_arrays_in_a_json_parameter_are_refused_for_depth()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        var result = await new ObjectTools().InvokeAsync("wrap", "{\"data\":" + deep + "}");

        output.WriteLine(result.ToString());
        Assert.True(result.IsError);
        var error = Assert.Single(result.Errors);
        Assert.Contains("deeper than the limit of 64", error.Message, StringComparison.Ordinal);
        Assert.Equal("$.data", error.Path);
    }

    [Fact]
    public async Task Ten_thousand_nested_objects_in_a_recursive_type_are_refused_for_depth()
    {
        var builder = new StringBuilder("{\"root\":");
        for (var i = 0; i < 10_000; i++)
        {
            builder.Append("{\"name\":\"n\",\"children\":[");
        }
        for (var i = 0; i < 10_000; i++)
        {
            builder.Append("]}");
        }
        builder.Append('}');

        var result = await new ObjectTools().InvokeAsync("count_nodes", builder.ToString());

        output.WriteLine(result.ToString());
        Assert.True(result.IsError);
        var error = Assert.Single(result.Errors);
        Assert.Contains("deeper than the limit of 64", error.Message, StringComparison.Ordinal);
        // Depth 64 is reached in the 31st child (2 levels for the arguments and the root, 2 per child:
        // the array and the object); its "children" array is the one that goes too deep.
        Assert.Equal("$.root" + string.Concat(Enumerable.Repeat(".children[0]", 31)), error.Path);
    }

    [Fact]
    public async Task Ten_thousand_nested_categories_are_refused_for_depth()
    {
        var builder = new StringBuilder("{\"category\":");
        for (var i = 0; i < 10_000; i++)
        {
            builder.Append("{\"name\":\"n\",\"parent\":");
        }
        builder.Append("null");
        builder.Append('}', 10_001);

        var result = await new ObjectTools().InvokeAsync("lineage", builder.ToString());

        Assert.True(result.IsError);
        Assert.Contains("deeper than the limit", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Depth_limit_is_configurable()
    {
        var nested = "{\"data\":[[[[1]]]]}"; // depth 5
        IToolSet tools = new ObjectTools();

        var tight = await tools.InvokeAsync("wrap", nested, new ToolInvocationOptions { MaxDepth = 4 });
        var loose = await tools.InvokeAsync("wrap", nested, new ToolInvocationOptions { MaxDepth = 5 });

        Assert.True(tight.IsError);
        Assert.Contains("limit of 4", tight.Errors[0].Message, StringComparison.Ordinal);
        Assert.False(loose.IsError, loose.ToString());
    }

    [Fact]
    public async Task Arguments_over_the_default_limit_are_refused_before_parsing()
    {
        // 2 MiB of arguments that are not even JSON: refused on size alone.
        var huge = new byte[2 * 1024 * 1024];
        huge.AsSpan().Fill((byte)'[');

        var result = await MathTools.ToolSet.InvokeAsync("add", huge);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("over the limit of 1048576 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_valid_string_under_the_limit_is_accepted()
    {
        var text = new string('x', 900_000);
        var result = await new Store().InvokeAsync("lookup-v2", "{\"query\":\"" + text + "\"}");

        Assert.False(result.IsError, result.IsError ? result.ToString() : "");
        Assert.Equal("found " + text, result.Value!.Value.GetString());
    }

    [Fact]
    public async Task The_size_limit_is_configurable()
    {
        const string arguments = """{"a":1,"b":2}"""; // 13 bytes
        var options = new ToolInvocationOptions { MaxArgumentBytes = 12 };

        var refused = await MathTools.ToolSet.InvokeAsync("add", arguments, options);
        var accepted = await MathTools.ToolSet.InvokeAsync("add", arguments, new ToolInvocationOptions { MaxArgumentBytes = 13 });

        var error = Assert.Single(refused.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("13 bytes, over the limit of 12 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, accepted.Value!.Value.GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\t ")]
    [InlineData("{}")]
    [InlineData(" { } ")]
    public async Task Empty_or_blank_arguments_mean_an_empty_object(string arguments)
    {
        var result = await new ScalarTools().InvokeAsync("describe", arguments);

        Assert.False(result.IsError, result.ToString());
        Assert.Equal("hi*-*0.25*Normal*5*1.5", result.Value!.Value.GetString());
    }

    [Fact]
    public async Task Empty_memory_means_an_empty_object()
    {
        var result = await new LifecycleTools().AsToolSet().InvokeAsync("ping", ReadOnlyMemory<byte>.Empty);
        Assert.False(result.IsError, result.ToString());
    }

    public static IEnumerable<object[]> HostilePayloads()
    {
        yield return ["not json"u8.ToArray()];
        yield return ["{"u8.ToArray()];
        yield return ["}"u8.ToArray()];
        yield return ["{\"a\":"u8.ToArray()];
        yield return ["{\"a\":1e999,\"b\":-1e999}"u8.ToArray()];
        yield return [new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' }]; // BOM
        yield return ["\u0000"u8.ToArray()];
        yield return [Encoding.UTF8.GetBytes(new string('{', 100_000))];
        yield return [Encoding.UTF8.GetBytes("{\"values\":[" + string.Join(",", Enumerable.Repeat("1", 100_000)) + "]}")];
        yield return [Encoding.UTF8.GetBytes("{\"a\":" + new string('9', 10_000) + "}")];
        yield return [Encoding.UTF8.GetBytes("{\"data\":" + new string('[', 5_000) + "}")];
        yield return ["[]"u8.ToArray()];
        yield return ["null"u8.ToArray()];
        yield return ["{\"x\":{\"y\":{\"z\":[1,{\"w\":null}]}}}"u8.ToArray()];
    }

    [Theory]
    [MemberData(nameof(HostilePayloads))]
    public async Task No_payload_makes_any_tool_throw(byte[] payload)
    {
        foreach (var row in ToolCatalog.AllTools())
        {
            var (type, name) = ((Type)row[0], (string)row[1]);
            ToolResult result;
            try
            {
                result = await ToolCatalog.Create(type).InvokeAsync(name, payload);
            }
            catch (Exception ex)
            {
                Assert.Fail($"{type.Name}.{name} threw {ex.GetType().Name}: {ex.Message}");
                return;
            }
            Assert.NotNull(result);
            if (result.IsError)
            {
                Assert.NotEmpty(result.Errors);
                Assert.All(result.Errors, e => Assert.StartsWith("$", e.Path, StringComparison.Ordinal));
            }
        }
    }
}

internal static class ToolSetTestExtensions
{
    public static IToolSet AsToolSet(this IToolSet tools) => tools;
}
