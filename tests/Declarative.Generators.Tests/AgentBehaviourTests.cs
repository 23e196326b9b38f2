using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Xunit;
using Xunit.Sdk;

namespace Declarative.Generators.Tests;

/// <summary>
/// Generated agents compiled, loaded and used: the merged tool list, the routing of each call to the
/// set that owns the tool, the refusal of any other name, and the typed output reader.
/// </summary>
public sealed class AgentBehaviourTests
{
    private const string ResourceName = "Prompts.translator.md";
    private const string ResourceText = "You translate the user's text into French.";

    /// <summary>A tool set the agent is not given: its tools exist in the assembly but are out of scope.</summary>
    private const string Admin = """
        using Declarative;

        namespace Demo;

        public static partial class Admin
        {
            /// <summary>Drops the database.</summary>
            [Tool]
            public static void DropDatabase() { }
        }
        """;

    private static readonly Lazy<Assembly> UserAssembly = new(() => Load(
        GeneratorHarness.RunAndCompile(TestCompilation.Create([
            AgentDeclarationSnapshotTests.ToolSets,
            AgentDeclarationSnapshotTests.ShopAssistant,
            AgentDeclarationSnapshotTests.Reviewer,
            AgentDeclarationSnapshotTests.Translator,
            Admin,
        ])).Output));

    private static readonly string[] ShopTools = ["remember", "to_inches", "place_order", "find_products", "price"];

    private static Type UserType(string name) => UserAssembly.Value.GetType(name, throwOnError: true)!;

    private static IAgent NewShopAssistant()
    {
        var catalog = Activator.CreateInstance(UserType("Demo.Catalog"))!;
        return (IAgent)Activator.CreateInstance(UserType("Demo.ShopAssistant"), catalog)!;
    }

    [Fact]
    public void Tools_lists_own_tools_then_each_source_s_in_order()
    {
        var agent = NewShopAssistant();

        Assert.Equal(ShopTools, agent.Tools.Tools.Select(t => t.Name));
        Assert.Equal(ShopTools, agent.Descriptor.Tools.Select(t => t.Name));
        // Each descriptor is the owning set's own, flags and schema included.
        Assert.True(agent.Tools.Tools.Single(t => t.Name == "place_order").RequiresApproval);
        Assert.True(agent.Tools.Tools.Single(t => t.Name == "price").ReadOnly);
        Assert.Equal(
            ["sku", "quantity"],
            agent.Tools.Tools.Single(t => t.Name == "place_order").ParametersSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Each_call_goes_to_the_set_that_owns_the_tool()
    {
        var agent = NewShopAssistant();

        var remembered = await agent.Tools.InvokeAsync("remember", """{"text":"likes blue"}""");
        var inches = await agent.Tools.InvokeAsync("to_inches", """{"centimetres":2.54}""");
        var found = await agent.Tools.InvokeAsync("find_products", """{"name":"hat"}""");
        var price = await agent.Tools.InvokeAsync("price", """{"sku":"hat-1"}""");
        var order = await agent.Tools.InvokeAsync("place_order", """{"sku":"hat-1","quantity":2}""");

        Assert.Equal("1", Json(remembered));
        Assert.Equal("1", Json(inches));
        Assert.Equal("""["hat-1","hat-2"]""", Json(found));
        Assert.Equal("5", Json(price));
        Assert.Equal("\"order-1:hat-1x2\"", Json(order));
    }

    [Fact]
    public async Task Calls_reach_the_instances_the_agent_holds()
    {
        var agent = NewShopAssistant();
        var orders = (IToolSet)agent.GetType().GetProperty("Orders")!.GetValue(agent)!;

        await agent.Tools.InvokeAsync("place_order", """{"sku":"a"}""");
        var direct = await orders.InvokeAsync("place_order", """{"sku":"b"}""");
        var second = await agent.Tools.InvokeAsync("remember", """{"text":"x"}""");
        var third = await ((IToolSet)agent).InvokeAsync("remember", """{"text":"y"}""");

        // The agent's Orders property is the set its calls went to, and its own tools run on itself.
        Assert.Equal("\"order-2:bx1\"", Json(direct));
        Assert.Equal("1", Json(second));
        Assert.Equal("2", Json(third));
    }

    [Theory]
    [InlineData("drop_database")]
    [InlineData("Price")]
    [InlineData("")]
    public async Task A_name_outside_the_agent_s_scope_is_refused_with_the_available_tools(string name)
    {
        var agent = NewShopAssistant();
        var admin = (IToolSet)UserType("Demo.Admin").GetProperty("ToolSet")!.GetValue(null)!;
        Assert.False((await admin.InvokeAsync("drop_database", "{}")).IsError);

        var result = await agent.Tools.InvokeAsync(name, "{}");

        Assert.True(result.IsError);
        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.StartsWith($"unknown tool '{name}'", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Available tools: " + string.Join(", ", ShopTools) + ".", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_near_miss_gets_a_suggestion()
    {
        var result = await NewShopAssistant().Tools.InvokeAsync("place_orders", "{}");

        Assert.Contains("did you mean 'place_order'?", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Argument_errors_of_a_routed_call_keep_their_paths()
    {
        var result = await NewShopAssistant().Tools.InvokeAsync("place_order", """{"sku":7,"quantity":"two","colour":"red"}""");

        Assert.True(result.IsError);
        Assert.Equal(["$.colour", "$.quantity", "$.sku"], result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_null_UseTools_member_is_reported_when_the_tools_are_first_needed()
    {
        var agent = (IAgent)Activator.CreateInstance(UserType("Demo.ShopAssistant"), new object?[] { null })!;

        var exception = Assert.Throws<InvalidOperationException>(() => agent.Tools);

        Assert.Equal("The [UseTools] member 'catalog' of ShopAssistant is null.", exception.Message);
    }

    [Fact]
    public void The_descriptor_carries_the_attribute_s_values()
    {
        var shop = NewShopAssistant().Descriptor;
        var reviewer = ((IAgent)Activator.CreateInstance(UserType("Demo.Reviews.CodeReviewer"))!).Descriptor;

        Assert.Equal(("ShopAssistant", "small", "Helps customers find and order products."), (shop.Name, shop.Model, shop.Description));
        Assert.Equal("You help customers of the shop find products and place orders.", shop.Instructions);
        Assert.Null(shop.OutputSchema);
        Assert.Equal(("reviewer", "Reviews a diff.", "Review"), (reviewer.Name, reviewer.Description, reviewer.OutputTypeName));
        Assert.Empty(reviewer.Tools);
        var schema = reviewer.OutputSchema!.Value;
        Assert.Equal(["summary", "findings", "verdict"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            """["Low","Medium","High"]""",
            JsonSerializer.Serialize(schema.GetProperty("properties").GetProperty("findings").GetProperty("items").GetProperty("properties").GetProperty("severity").GetProperty("enum")));
    }

    [Fact]
    public void Instructions_are_read_from_the_embedded_resource()
    {
        var translator = (IAgent)Activator.CreateInstance(UserType("Demo.Agents+Translator"))!;

        Assert.Equal(ResourceText, translator.Descriptor.Instructions);
        Assert.Empty(translator.Tools.Tools);
    }

    [Fact]
    public void TryReadOutput_reads_a_valid_answer()
    {
        const string Answer = """{"summary":"Fine.","findings":[{"line":3,"message":"Typo.","severity":"Low"},{"line":9,"message":"Leak.","severity":"High"}],"verdict":"Medium"}""";

        var (ok, output, errors) = ReadReview(Answer);

        Assert.True(ok, string.Join("; ", errors.Select(e => e.Path + ": " + e.Message)));
        Assert.Empty(errors);
        Assert.Equal(UserType("Demo.Reviews.Review"), output!.GetType());
        Assert.Equal(Answer, JsonSerializer.Serialize(output, output.GetType(), OutputJson));
    }

    [Fact]
    public void TryReadOutput_reports_every_error_by_path()
    {
        var (ok, output, errors) = ReadReview("""
            {"summary":1,"findings":[{"line":3,"message":"Typo.","severity":"Low"},{"line":"nine","message":"Leak.","severity":"Critical","fix":"x"}]}
            """);

        Assert.False(ok);
        Assert.Null(output);
        Assert.Equal(
            ["$.findings[1].fix", "$.findings[1].line", "$.findings[1].severity", "$.summary", "$.verdict"],
            errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Contains("expected one of \"Low\", \"Medium\", \"High\"", errors.Single(e => e.Path == "$.findings[1].severity").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"summary":"Fine.","findings":[""")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("""{"summary":"Fine.","findings":[],"verdict":"Low"} trailing""")]
    public void TryReadOutput_reports_malformed_json_without_throwing(string answer)
    {
        var (ok, output, errors) = ReadReview(answer);

        Assert.False(ok);
        Assert.Null(output);
        Assert.NotEmpty(errors);
    }

    private static readonly JsonSerializerOptions OutputJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Reads an answer with the reviewer's <c>IAgent&lt;Review&gt;.TryReadOutput</c>; the type is only known at run time.</summary>
    private static (bool Ok, object? Output, IReadOnlyList<ToolError> Errors) ReadReview(string answer)
    {
        var reviewer = Activator.CreateInstance(UserType("Demo.Reviews.CodeReviewer"))!;
        var read = typeof(AgentBehaviourTests).GetMethod(nameof(TryReadOutput), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(UserType("Demo.Reviews.Review"));
        return ((bool, object?, IReadOnlyList<ToolError>))read.Invoke(null, [reviewer, Encoding.UTF8.GetBytes(answer)])!;
    }

    private static (bool, object?, IReadOnlyList<ToolError>) TryReadOutput<T>(IAgent<T> agent, byte[] answer)
    {
        var ok = agent.TryReadOutput(answer, out var output, out var errors);
        return (ok, output, errors);
    }

    private static string Json(ToolResult result)
    {
        Assert.False(result.IsError, string.Join("; ", result.Errors.Select(e => e.Path + ": " + e.Message)));
        return result.Value is { } value ? JsonSerializer.Serialize(value) : "null";
    }

    /// <summary>
    /// Emits the compilation, with the translator's prompt as an embedded resource, and loads it in a
    /// collectible context; the runtime assembly is shared with the tests, so its interfaces match.
    /// </summary>
    private static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var resources = new[]
        {
            new ResourceDescription(ResourceName, () => new MemoryStream(Encoding.UTF8.GetBytes(ResourceText)), isPublic: true),
        };
        EmitResult emitted = compilation.Emit(image, manifestResources: resources);
        if (!emitted.Success)
        {
            throw new XunitException("Emit failed:\n" + GeneratorHarness.Describe(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        image.Position = 0;
        return new AssemblyLoadContext("GeneratedAgents", isCollectible: true).LoadFromStream(image);
    }
}
