using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Sdk;

namespace Declarative.Generators.Tests;

/// <summary>
/// Generated code compiled, loaded and called: the snapshots show what is emitted, these show that it
/// reads arguments, calls the method, writes the result and reports bad input by JSON path.
/// </summary>
public sealed class RunningGeneratedCodeTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using Declarative;

        namespace Demo;

        public enum Size { Small, [JsonStringEnumMemberName("extra-large")] ExtraLarge }

        public sealed record Item(string Sku, int Quantity, Size Size = Size.Small);

        public partial class Shop
        {
            private readonly List<Item> _cart = [];

            [Tool]
            public async Task<int> AddAsync(Item item, CancellationToken cancellationToken)
            {
                await Task.Yield();
                _cart.Add(item);
                return _cart.Count;
            }

            [Tool(ReadOnly = true)]
            public List<Item> Cart() => _cart;
        }

        public static partial class Calculator
        {
            [Tool]
            public static double Divide(double dividend, double divisor = 1) => dividend / divisor;

            [Tool]
            public static string Describe(double d = double.NaN, float f = float.NegativeInfinity, decimal m = 0.5m, Size size = Size.ExtraLarge, string? note = null)
                => string.Join("|", d, f, m, size, note ?? "null");
        }
        """;

    private static readonly Lazy<Assembly> UserAssembly = new(() => Load(GeneratorHarness.RunAndCompile(TestCompilation.Create(Source)).Output));

    [Fact]
    public async Task An_instance_tool_set_reads_its_arguments_calls_the_method_and_writes_the_result()
    {
        var shop = (IToolSet)Activator.CreateInstance(UserAssembly.Value.GetType("Demo.Shop")!)!;

        var added = await shop.InvokeAsync("add", """{"item":{"sku":"A-1","quantity":2,"size":"extra-large"}}""");
        var cart = await shop.InvokeAsync("cart", "{}");

        Assert.False(added.IsError, added.ToString());
        Assert.Equal("1", added.Value?.GetRawText());
        Assert.False(cart.IsError, cart.ToString());
        Assert.Equal("""[{"sku":"A-1","quantity":2,"size":"extra-large"}]""", Compact(cart.Value));
    }

    [Fact]
    public async Task A_static_tool_set_applies_defaults()
    {
        var calculator = (IToolSet)UserAssembly.Value.GetType("Demo.Calculator")!.GetProperty("ToolSet")!.GetValue(null)!;

        var result = await calculator.InvokeAsync("divide", """{"dividend":3}""");

        Assert.False(result.IsError, result.ToString());
        Assert.Equal(3d, result.Value?.GetDouble());
    }

    [Fact]
    public async Task Every_kind_of_default_reaches_the_method_when_the_argument_is_omitted()
    {
        var calculator = (IToolSet)UserAssembly.Value.GetType("Demo.Calculator")!.GetProperty("ToolSet")!.GetValue(null)!;

        var result = await calculator.InvokeAsync("describe", "{}");

        Assert.False(result.IsError, result.ToString());
        Assert.Equal(string.Join("|", double.NaN, float.NegativeInfinity, 0.5m, "ExtraLarge", "null"), result.Value?.GetString());
    }

    [Fact]
    public async Task Bad_arguments_are_all_reported_with_their_paths_and_the_method_is_not_called()
    {
        var shop = (IToolSet)Activator.CreateInstance(UserAssembly.Value.GetType("Demo.Shop")!)!;

        var result = await shop.InvokeAsync("add", """{"item":{"sku":7,"quantity":"two","size":"huge","colour":"red"}}""");
        var cart = await shop.InvokeAsync("cart", "{}");

        Assert.True(result.IsError);
        Assert.Equal(["$.item.colour", "$.item.quantity", "$.item.size", "$.item.sku"], result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal("[]", Compact(cart.Value));
    }

    [Fact]
    public async Task Descriptors_carry_the_generated_schemas()
    {
        var shop = (IToolSet)Activator.CreateInstance(UserAssembly.Value.GetType("Demo.Shop")!)!;

        Assert.Equal(["add", "cart"], shop.Tools.Select(t => t.Name));
        Assert.True(shop.Tools[1].ReadOnly);
        var item = shop.Tools[0].ParametersSchema.GetProperty("properties").GetProperty("item");
        Assert.Equal("""["Small","extra-large"]""", Compact(item.GetProperty("properties").GetProperty("size").GetProperty("enum")));
        Assert.False((await shop.InvokeAsync("nope", "{}")).Errors.Count == 0);
    }

    private static string Compact(JsonElement? element) => element is { } e ? JsonSerializer.Serialize(e) : "null";

    /// <summary>Emits the compilation and loads it in a collectible context that shares the runtime with the tests.</summary>
    private static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new XunitException("Emit failed:\n" + GeneratorHarness.Describe(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        image.Position = 0;
        return new AssemblyLoadContext("GeneratedCode", isCollectible: true).LoadFromStream(image);
    }
}
