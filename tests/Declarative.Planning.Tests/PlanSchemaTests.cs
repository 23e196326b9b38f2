using System.Text.Json;
using NJsonSchema;
using Xunit;

namespace Declarative.Planning.Tests;

/// <summary>The plan schema: a valid JSON schema (checked with NJsonSchema) that admits good plans and not bad ones.</summary>
public sealed class PlanSchemaTests
{
    private static async Task<JsonSchema> LoadAsync()
    {
        var validator = new PlanValidator(new ShopTools());
        return await JsonSchema.FromJsonAsync(validator.Schema.GetRawText());
    }

    [Fact]
    public async Task Every_tool_is_one_branch_of_the_step_union_with_its_own_argument_schema()
    {
        var tools = new ShopTools();
        var schema = new PlanValidator(tools).Schema;

        var branches = schema.GetProperty("properties").GetProperty("steps").GetProperty("items").GetProperty("anyOf").EnumerateArray().ToList();
        Assert.Equal(((IToolSet)tools).Tools.Select(t => t.Name), branches.Select(b => b.GetProperty("properties").GetProperty("tool").GetProperty("enum")[0].GetString()));
        var inventory = branches.Single(b => b.GetProperty("properties").GetProperty("tool").GetProperty("enum")[0].GetString() == "check_inventory");
        // The arguments: the tool's parameters object, or a reference to a whole earlier result.
        var arguments = inventory.GetProperty("properties").GetProperty("arguments");
        Assert.Equal("#/definitions/reference", arguments.GetProperty("anyOf")[1].GetProperty("$ref").GetString());
        var itemIds = arguments.GetProperty("anyOf")[0].GetProperty("properties").GetProperty("itemIds");
        // A value, or a reference in its place.
        Assert.Equal("array", itemIds.GetProperty("anyOf")[0].GetProperty("type").GetString());
        Assert.Equal("#/definitions/reference", itemIds.GetProperty("anyOf")[1].GetProperty("$ref").GetString());
        // Inside the list too.
        Assert.Equal("#/definitions/reference", itemIds.GetProperty("anyOf")[0].GetProperty("items").GetProperty("anyOf")[1].GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task The_sunglasses_plan_is_valid_against_the_schema()
    {
        var schema = await LoadAsync();
        Assert.Empty(schema.Validate(Plans.Sunglasses));
    }

    // The validator takes a reference for the whole arguments object (and checks that the result fits the
    // parameters); the schema must admit it too, leaving the type check to the validator.
    [Fact]
    public async Task A_reference_for_the_whole_arguments_is_valid_for_the_schema_and_type_checked_by_the_validator()
    {
        var schema = await LoadAsync();
        const string Plan = """{"steps":[{"id":"t","tool":"taxonomy","arguments":{}},{"id":"c","tool":"count_nodes","arguments":{"$from":"t"}}]}""";

        Assert.Empty(schema.Validate(Plan));
        var result = new PlanValidator(new ShopTools()).Validate(Plan);
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("$.steps[1].arguments", error.Path);
        Assert.Contains("does not fit", error.Message, StringComparison.Ordinal);
    }

    // The validator takes a null dependsOn or description as absent; the schema must admit them too.
    [Fact]
    public async Task Null_optional_members_are_valid_for_the_schema_and_the_validator_alike()
    {
        var schema = await LoadAsync();
        const string Plan = """{"steps":[{"id":"a","tool":"log","arguments":{"line":"x"},"dependsOn":null,"description":null}]}""";

        Assert.Empty(schema.Validate(Plan));
        Assert.True(new PlanValidator(new ShopTools()).Validate(Plan).IsValid);
        Assert.NotEmpty(schema.Validate("""{"steps":[{"id":"a","tool":"log","arguments":{"line":"x"},"dependsOn":"b"}]}"""));
    }

    [Theory]
    [InlineData("""{"steps":[{"id":"a","tool":"no_such_tool","arguments":{}}]}""")]
    [InlineData("""{"steps":[{"id":"a b","tool":"log","arguments":{"line":"x"}}]}""")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"line":5}}]}""")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"line":{"$from":"b","extra":1}}}]}""")]
    [InlineData("""{"steps":[]}""")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"line":"x"},"when":"now"}]}""")]
    public async Task Plans_the_validator_refuses_for_their_shape_are_invalid_against_the_schema(string plan)
    {
        var schema = await LoadAsync();
        Assert.NotEmpty(schema.Validate(plan));
        Assert.False(new PlanValidator(new ShopTools()).Validate(plan).IsValid);
    }

    [Fact]
    public async Task Recursive_argument_types_keep_working_refs_inside_the_plan_schema()
    {
        var schema = await LoadAsync();
        const string Plan = """
            {"steps":[{"id":"t","tool":"count_nodes","arguments":{"root":{"name":"a","children":[{"name":"b","children":[{"name":"c","children":[]}]},{"$from":"x"}]}}},
                      {"id":"x","tool":"taxonomy","arguments":{}}]}
            """;
        Assert.Empty(schema.Validate(Plan));
        // A wrong type deep in the recursion is caught through the rewritten $ref.
        Assert.NotEmpty(schema.Validate(Plan.Replace("\"name\":\"c\"", "\"name\":3", StringComparison.Ordinal)));

        var refs = new List<string>();
        Collect(new PlanValidator(new ShopTools()).Schema, refs);
        var text = new PlanValidator(new ShopTools()).Schema.GetRawText();
        Assert.All(refs, r => Assert.True(Resolves(JsonDocument.Parse(text).RootElement, r), "unresolvable $ref " + r));
        Assert.Contains(refs, r => r.Contains("/properties/arguments/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_whole_tree_from_one_step_goes_into_a_recursive_parameter()
    {
        var tools = new ShopTools();
        var validation = new PlanValidator(tools).Validate("""
            {"steps":[{"id":"tree","tool":"taxonomy","arguments":{}},
                      {"id":"count","tool":"count_nodes","arguments":{"root":{"$from":"tree"}}},
                      {"id":"sub","tool":"count_nodes","arguments":{"root":{"$from":"tree","path":"/children/0"}}}]}
            """);
        Assert.True(validation.IsValid, validation.ToString());

        var result = await new PlanExecutor(tools).ExecuteAsync(validation.Plan!);

        Assert.Equal("4", result["count"].Result!.ToString());
        Assert.Equal("2", result["sub"].Result!.ToString());
    }

    private static void Collect(JsonElement element, List<string> refs)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "$ref")
                {
                    refs.Add(property.Value.GetString()!);
                }
                Collect(property.Value, refs);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, refs);
            }
        }
    }

    private static bool Resolves(JsonElement root, string reference)
    {
        var current = root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return false;
            }
        }
        return current.ValueKind == JsonValueKind.Object;
    }
}
