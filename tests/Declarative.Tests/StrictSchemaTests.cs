using System.Text.Json;
using System.Text.Json.Nodes;
using Declarative.Tests.Support;
using Declarative.Tests.ToolSets;
using NJsonSchema;
using Xunit;

namespace Declarative.Tests;

/// <summary>
/// The strict variant of each arguments schema (every object closed, every property required,
/// optional ones nullable) and the <see cref="ToolInvocationOptions.NullMeansDefault"/> reading that
/// goes with it: a call written against the strict schema gives the same result as the plain call.
/// </summary>
public sealed class StrictSchemaTests
{
    private static readonly ToolInvocationOptions Strict = new() { NullMeansDefault = true };

    public static IEnumerable<object[]> Tools() => ToolCatalog.AllTools();

    public static IEnumerable<object[]> StrictCalls()
        => from call in Samples.Valid
           where ToolCatalog.Create(call.ToolClass).FindTool(call.Tool)!.StrictParametersSchemaJson is not null
           select new object[] { call.ToolClass, call.Tool, call.Arguments };

    [Fact]
    public void Only_dictionaries_any_values_and_recursion_have_no_strict_schema()
    {
        var without = ToolCatalog.ToolClasses
            .SelectMany(t => ToolCatalog.Create(t).Tools)
            .Where(t => t.StrictParametersSchemaJson is null)
            .Select(t => t.Name)
            .Order();

        // place_order, merge_counts, present: dictionaries; wrap: JsonElement; count_nodes, echo_tree, lineage: recursive.
        Assert.Equal(["count_nodes", "echo_tree", "lineage", "merge_counts", "place_order", "present", "wrap"], without);
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task Strict_schemas_load_and_close_and_require_every_object(Type toolClass, string toolName)
    {
        var tool = ToolCatalog.Create(toolClass).FindTool(toolName)!;
        if (tool.StrictParametersSchema is not { } strict)
        {
            return;
        }

        await JsonSchema.FromJsonAsync(tool.StrictParametersSchemaJson!);
        Assert.True(JsonDiff.Equal(JsonElement.Parse(tool.StrictParametersSchemaJson!), strict));
        foreach (var (path, schema) in Objects(strict, "#"))
        {
            Assert.True(schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False, path + " is open");
            var names = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).Order().ToList() : [];
            Assert.Equal(names, required);
        }
    }

    [Theory]
    [MemberData(nameof(StrictCalls))]
    public async Task A_strict_call_validates_and_gives_the_plain_calls_result(Type toolClass, string toolName, string arguments)
    {
        var tools = ToolCatalog.Create(toolClass);
        var tool = tools.FindTool(toolName)!;
        var strictArguments = FillWithNulls(JsonNode.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments), tool.StrictParametersSchema!.Value)!.ToJsonString();

        var schema = await JsonSchema.FromJsonAsync(tool.StrictParametersSchemaJson!);
        var errors = NJsonValidation.Validate(schema, tool.StrictParametersSchema!.Value, strictArguments);
        Assert.True(errors.Count == 0, strictArguments + "\n" + string.Join("\n", errors));

        var plain = await tools.InvokeAsync(toolName, arguments);
        var strict = await tools.InvokeAsync(toolName, strictArguments, Strict);

        Assert.False(strict.IsError, strictArguments + "\n" + strict);
        Assert.Empty(JsonDiff.Compare(plain.Value, strict.Value));
    }

    [Fact]
    public async Task Null_means_default_only_when_asked_and_only_for_optional_values()
    {
        IToolSet tools = new Store();
        const string arguments = """{"itemId":"SG-1","color":null,"qty":null}""";

        var plain = await tools.InvokeAsync("get_item_price", arguments);
        var strict = await tools.InvokeAsync("get_item_price", arguments, Strict);
        var required = await tools.InvokeAsync("get_item_price", """{"itemId":null,"color":null,"qty":null}""", Strict);

        Assert.Equal("$.color", Assert.Single(plain.Errors).Path);
        Assert.Equal(4.25m, strict.Value!.Value.GetDecimal());
        Assert.Equal("$.itemId", Assert.Single(required.Errors).Path);
    }

    [Fact]
    public async Task Null_means_default_reaches_constructor_defaults_of_nested_records()
    {
        IToolSet tools = new ObjectTools();

        var result = await tools.InvokeAsync("normalize", """{"address":{"street":"1 Main St","city":"x","country":null}}""", Strict);

        Assert.Equal("US", result.Value!.Value.GetProperty("country").GetString());
    }

    [Fact]
    public void The_adapter_offers_the_strict_schema()
    {
        foreach (var type in ToolCatalog.ToolClasses)
        {
            var tools = ToolCatalog.Create(type);
            foreach (var function in tools.AsAIFunctions())
            {
                var descriptor = tools.FindTool(function.Name)!;
                if (descriptor.StrictParametersSchemaJson is { } text)
                {
                    var offered = Assert.IsType<JsonElement>(function.AdditionalProperties["declarative.strictParametersSchema"]);
                    Assert.Equal(text, offered.GetRawText());
                }
                else
                {
                    Assert.False(function.AdditionalProperties.ContainsKey("declarative.strictParametersSchema"));
                }
            }
        }
    }

    // Every object schema (with properties) inside a schema, with its pointer.
    private static IEnumerable<(string Path, JsonElement Schema)> Objects(JsonElement schema, string path)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        if (schema.TryGetProperty("properties", out var properties))
        {
            yield return (path, schema);
            foreach (var property in properties.EnumerateObject())
            {
                foreach (var inner in Objects(property.Value, path + "/properties/" + property.Name))
                {
                    yield return inner;
                }
            }
        }
        foreach (var keyword in new[] { "items", "additionalProperties" })
        {
            if (schema.TryGetProperty(keyword, out var child))
            {
                foreach (var inner in Objects(child, path + "/" + keyword))
                {
                    yield return inner;
                }
            }
        }
    }

    // What a model under strict function calling sends: every property, null for those it leaves out.
    private static JsonNode? FillWithNulls(JsonNode? value, JsonElement schema)
    {
        switch (value)
        {
            case JsonObject obj when schema.TryGetProperty("properties", out var properties):
                foreach (var property in properties.EnumerateObject())
                {
                    if (obj.TryGetPropertyValue(property.Name, out var member))
                    {
                        obj[property.Name] = FillWithNulls(member?.DeepClone(), property.Value);
                    }
                    else
                    {
                        obj[property.Name] = null;
                    }
                }
                return obj;
            case JsonArray array when schema.TryGetProperty("items", out var items):
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = FillWithNulls(array[i]?.DeepClone(), items);
                }
                return array;
            default:
                return value;
        }
    }
}
