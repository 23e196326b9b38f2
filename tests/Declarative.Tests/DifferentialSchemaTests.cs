using System.Text.Json;
using Declarative.Tests.Support;
using Declarative.Tests.ToolSets;
using Microsoft.Extensions.AI;
using Xunit;
using Xunit.Abstractions;

namespace Declarative.Tests;

/// <summary>
/// Generated schemas against the ones Microsoft.Extensions.AI derives by reflection from the same
/// methods. The only differences allowed are the deliberate ones in <see cref="SchemaComparer.Allowance"/>.
/// </summary>
public sealed class DifferentialSchemaTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Tools() => ToolCatalog.AllTools();

    [Theory]
    [MemberData(nameof(Tools))]
    public void Parameters_schema_matches_AIFunctionFactory(Type toolClass, string toolName)
    {
        var descriptor = Descriptor(toolClass, toolName);
        var reference = ToolCatalog.Reference(toolClass, toolName);

        var comparison = SchemaComparer.Compare(descriptor.ParametersSchema, reference.JsonSchema, descriptor.Description);

        Report(comparison, descriptor.ParametersSchema, reference.JsonSchema);
        Assert.True(comparison.Differences.Count == 0, string.Join("\n", comparison.Differences));
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public void Parameters_schema_matches_CreateFunctionJsonSchema(Type toolClass, string toolName)
    {
        var descriptor = Descriptor(toolClass, toolName);
        var reference = AIJsonUtilities.CreateFunctionJsonSchema(ToolCatalog.Method(toolClass, toolName));

        var comparison = SchemaComparer.Compare(descriptor.ParametersSchema, reference, descriptor.Description);

        Report(comparison, descriptor.ParametersSchema, reference);
        Assert.True(comparison.Differences.Count == 0, string.Join("\n", comparison.Differences));
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public void Return_schema_matches_AIFunctionFactory(Type toolClass, string toolName)
    {
        var descriptor = Descriptor(toolClass, toolName);
        var reference = ToolCatalog.Reference(toolClass, toolName);

        if (reference.ReturnJsonSchema is null)
        {
            Assert.Null(descriptor.ReturnSchema);
            Assert.Null(descriptor.ReturnSchemaJson);
            return;
        }
        Assert.NotNull(descriptor.ReturnSchema);
        var comparison = SchemaComparer.Compare(descriptor.ReturnSchema.Value, reference.ReturnJsonSchema.Value);

        Report(comparison, descriptor.ReturnSchema.Value, reference.ReturnJsonSchema.Value);
        Assert.True(comparison.Differences.Count == 0, string.Join("\n", comparison.Differences));
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public void Name_and_description_match_the_declaration(Type toolClass, string toolName)
    {
        var descriptor = Descriptor(toolClass, toolName);
        var attribute = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<ToolAttribute>(ToolCatalog.Method(toolClass, toolName))!;

        Assert.Equal(toolName, descriptor.Name);
        Assert.Equal(attribute.Description, descriptor.Description);
        Assert.Equal(attribute.ReadOnly, descriptor.ReadOnly);
        Assert.Equal(attribute.RequiresApproval, descriptor.RequiresApproval);
    }

    [Fact]
    public void Every_deliberate_difference_is_exercised()
    {
        // If an allowance is never needed, it should go: an unused escape hatch hides regressions.
        var used = new HashSet<SchemaComparer.Allowance>();
        foreach (var row in Tools())
        {
            var (type, name) = ((Type)row[0], (string)row[1]);
            var descriptor = Descriptor(type, name);
            var reference = ToolCatalog.Reference(type, name);
            used.UnionWith(SchemaComparer.Compare(descriptor.ParametersSchema, reference.JsonSchema, descriptor.Description).Used);
            if (descriptor.ReturnSchema is { } ours && reference.ReturnJsonSchema is { } theirs)
            {
                used.UnionWith(SchemaComparer.Compare(ours, theirs).Used);
            }
        }
        output.WriteLine("allowances used: " + string.Join(", ", used.Order()));
        var expected = Enum.GetValues<SchemaComparer.Allowance>().Where(a => a != SchemaComparer.Allowance.RootDescription);
        Assert.Empty(expected.Except(used));
    }

    [Fact]
    public void Tool_names_follow_the_naming_rule_in_declaration_order()
    {
        string[] Names(IToolSet set) => [.. set.Tools.Select(t => t.Name)];

        Assert.Equal(["get_item_price", "place_order", "lookup-v2"], Names(new Store()));
        Assert.Equal(["echo_integers", "echo_floats", "echo_text", "describe"], Names(new ScalarTools()));
        Assert.Equal(["echo_times", "echo_nullables", "add_days", "pick_color"], Names(new TimeTools()));
        Assert.Equal(["sum_all", "count_sets", "has_dark_blue", "merge_counts", "transpose", "flatten", "present"], Names(new CollectionTools()));
        Assert.Equal(["move", "count_nodes", "lineage", "wrap", "echo_tree", "normalize"], Names(new ObjectTools()));
        Assert.Equal(["register", "add_line", "scale"], Names(new ConstraintTools()));
        Assert.Equal(
            ["reset", "clear", "ping", "get_order", "list_items", "explode", "explode_later", "wait", "capture_token", "time_out"],
            Names(new LifecycleTools()));
        Assert.Equal(["add", "average", "divide"], Names(MathTools.ToolSet));
    }

    [Fact]
    public void Every_tool_method_has_a_descriptor_and_every_descriptor_a_method()
    {
        foreach (var type in ToolCatalog.ToolClasses)
        {
            var fromReflection = ToolCatalog.ToolMethods(type).Select(m => m.Name).Order();
            var generated = ToolCatalog.Create(type).Tools.Select(t => t.Name).Order();
            Assert.Equal(fromReflection, generated);
        }
    }

    [Fact]
    public void Schema_text_and_element_agree_and_are_objects()
    {
        foreach (var type in ToolCatalog.ToolClasses)
        {
            foreach (var tool in ToolCatalog.Create(type).Tools)
            {
                Assert.Equal(JsonValueKind.Object, tool.ParametersSchema.ValueKind);
                Assert.Equal("object", tool.ParametersSchema.GetProperty("type").GetString());
                Assert.True(JsonDiff.Equal(JsonElement.Parse(tool.ParametersSchemaJson), tool.ParametersSchema));
                if (tool.ReturnSchemaJson is { } text)
                {
                    Assert.True(JsonDiff.Equal(JsonElement.Parse(text), tool.ReturnSchema!.Value));
                }
            }
        }
    }

    private static ToolDescriptor Descriptor(Type toolClass, string toolName)
    {
        var descriptor = ToolCatalog.Create(toolClass).FindTool(toolName);
        Assert.True(descriptor is not null, $"{toolClass.Name} has no generated tool '{toolName}'");
        return descriptor;
    }

    private void Report(SchemaComparer comparison, JsonElement ours, JsonElement theirs)
    {
        output.WriteLine("ours:   " + ours.GetRawText());
        output.WriteLine("theirs: " + theirs.GetRawText());
        output.WriteLine("allowed: " + string.Join(", ", comparison.Used));
    }
}
