using Declarative.Tests.Support;
using NJsonSchema;
using Xunit;
using Xunit.Abstractions;

namespace Declarative.Tests;

/// <summary>
/// The generated schemas seen by an independent validator (NJsonSchema 10.7.2): they load, valid
/// arguments and results pass, and every kind of argument the reader refuses is refused by the schema.
/// </summary>
public sealed class NJsonSchemaTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Tools() => ToolCatalog.AllTools();

    public static IEnumerable<object[]> ValidCalls() => Samples.Valid.Select(c => new object[] { c.ToolClass, c.Tool, c.Arguments });

    public static IEnumerable<object[]> SchemaRefusals()
        => BadCalls.All.Where(b => b.InSchema).Select(b => new object[] { b.Class, b.ToolClass, b.Tool, b.Arguments, b.Path });

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task Schemas_load(Type toolClass, string toolName)
    {
        var tool = ToolCatalog.Create(toolClass).FindTool(toolName)!;

        var parameters = await JsonSchema.FromJsonAsync(tool.ParametersSchemaJson);
        Assert.Equal(JsonObjectType.Object, parameters.Type & JsonObjectType.Object);
        if (tool.ReturnSchemaJson is { } returns)
        {
            await JsonSchema.FromJsonAsync(returns);
        }
    }

    [Theory]
    [MemberData(nameof(ValidCalls))]
    public async Task Valid_arguments_and_their_results_validate(Type toolClass, string toolName, string arguments)
    {
        var tools = ToolCatalog.Create(toolClass);
        var tool = tools.FindTool(toolName)!;

        var parameters = await JsonSchema.FromJsonAsync(tool.ParametersSchemaJson);
        var json = string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments;
        var errors = NJsonValidation.Validate(parameters, tool.ParametersSchema, json);
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var result = await tools.InvokeAsync(toolName, arguments);
        Assert.False(result.IsError, result.ToString());
        if (tool.ReturnSchemaJson is { } returns)
        {
            var returnSchema = await JsonSchema.FromJsonAsync(returns);
            var text = System.Text.Encoding.UTF8.GetString(result.Utf8Json.Span);
            output.WriteLine(text);
            var resultErrors = NJsonValidation.Validate(returnSchema, tool.ReturnSchema!.Value, text);
            Assert.True(resultErrors.Count == 0, string.Join("\n", resultErrors));
        }
    }

    [Theory]
    [MemberData(nameof(SchemaRefusals))]
    public async Task What_the_reader_refuses_the_schema_refuses(string kind, Type toolClass, string toolName, string arguments, string path)
    {
        var tool = ToolCatalog.Create(toolClass).FindTool(toolName)!;
        var schema = await JsonSchema.FromJsonAsync(tool.ParametersSchemaJson);

        var errors = NJsonValidation.Validate(schema, tool.ParametersSchema, arguments);

        output.WriteLine($"{kind} at {path}: " + string.Join("; ", errors));
        Assert.NotEmpty(errors);
    }

    public static IEnumerable<object[]> SchemaGaps()
        => BadCalls.All.Where(b => !b.InSchema).Select(b => new object[] { b.Class, b.ToolClass, b.Tool, b.Arguments, b.Why ?? "" });

    /// <summary>
    /// A refusal marked as beyond the schema must be one: the reader refuses it, and the schema either
    /// accepts it (so the reader is the only guard) or cannot even be applied because it is not JSON.
    /// </summary>
    [Theory]
    [MemberData(nameof(SchemaGaps))]
    public async Task Every_refusal_the_schema_cannot_express_says_why(string kind, Type toolClass, string toolName, string arguments, string why)
    {
        Assert.False(string.IsNullOrWhiteSpace(why), kind + ": no reason given");
        var tools = ToolCatalog.Create(toolClass);
        var result = await tools.InvokeAsync(toolName, arguments);
        Assert.True(result.IsError, $"{kind}: the reader accepted {arguments}");

        bool isJson;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(arguments);
            isJson = true;
        }
        catch (System.Text.Json.JsonException)
        {
            isJson = false;
        }
        if (!isJson)
        {
            Assert.Contains("not JSON", why, StringComparison.Ordinal);
            return;
        }
        var schema = await JsonSchema.FromJsonAsync(tools.FindTool(toolName)!.ParametersSchemaJson);
        var errors = schema.Validate(arguments);
        output.WriteLine($"{kind}: {why}; schema errors: " + string.Join("; ", errors));
        Assert.True(errors.Count == 0, $"{kind}: the schema does refuse {arguments}, so it belongs with the InSchema refusals");
    }
}
