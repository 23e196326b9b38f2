using System.Reflection;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;

namespace Declarative.Benchmarks;

/// <summary>
/// Calling a tool from the UTF-8 arguments a model sent: the generated <see cref="IToolSet"/> against
/// <c>AIFunctionFactory.Create(method, target)</c> (the baseline, what a user would otherwise write:
/// parse the bytes into a dictionary of <see cref="JsonElement"/>s, wrap it in
/// <see cref="AIFunctionArguments"/>, invoke). Both produce the serialized result. Plus the cost of
/// the first parameters schema. Run with <c>--filter '*Dispatch*'</c>.
/// </summary>
// On a shared machine the mean is dragged up by other processes; the minimum is the most faithful
// estimate of what a call costs, so it is shown (and used for the ratios in docs/benchmarks.md).
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DispatchBenchmarks
{
    private static readonly byte[] LookupArguments = """{"itemId":"SG-1042","color":"Blue"}"""u8.ToArray();

    private static readonly byte[] OrderArguments = """
        {"order":{"customer":{"name":"Ada Lovelace","email":"ada@example.com",
                              "address":{"street":"12 St James's Square","city":"London","country":"GB"}},
                  "lines":[{"sku":"SG-1042","quantity":2,"unitPrice":19.99},
                           {"sku":"LMP-7","quantity":1,"unitPrice":149.5},
                           {"sku":"BLB-60W","quantity":6,"unitPrice":2.25}],
                  "tags":{"channel":"web","gift":"yes","priority":"high"}}}
        """u8.ToArray();

    private static readonly byte[] NumbersArguments = """{"a":12,"b":9000000000,"c":3.14159,"d":2.5,"e":19.99,"f":-7,"g":255}"""u8.ToArray();

    private readonly IToolSet _generated = new DispatchTools();
    private AIFunction _lookup = null!;
    private AIFunction _order = null!;
    private AIFunction _numbers = null!;
    private MethodInfo _orderMethod = null!;
    private string _orderSchemaJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        var target = new DispatchTools();
        _lookup = AIFunctionFactory.Create(Method(nameof(DispatchTools.GetItemPrice)), target);
        _order = AIFunctionFactory.Create(Method(nameof(DispatchTools.PlaceOrder)), target);
        _numbers = AIFunctionFactory.Create(Method(nameof(DispatchTools.Combine)), target);
        _orderMethod = Method(nameof(DispatchTools.PlaceOrder));
        _orderSchemaJson = _generated.Tools.Single(t => t.Name == "place_order").ParametersSchemaJson;

        // Both sides must agree before their speed means anything.
        Check(_generated, "get_item_price", LookupArguments, _lookup);
        Check(_generated, "place_order", OrderArguments, _order);
        Check(_generated, "combine", NumbersArguments, _numbers);
    }

    // (a) string + enum + optional parameter

    [Benchmark(Baseline = true), BenchmarkCategory("a: string+enum+optional")]
    public ValueTask<object?> Lookup_AIFunctionFactory() => Reference(_lookup, LookupArguments);

    [Benchmark, BenchmarkCategory("a: string+enum+optional")]
    public ValueTask<ToolResult> Lookup_Generated() => _generated.InvokeAsync("get_item_price", LookupArguments);

    // (b) nested object + list + dictionary

    [Benchmark(Baseline = true), BenchmarkCategory("b: object+list+dictionary")]
    public ValueTask<object?> Order_AIFunctionFactory() => Reference(_order, OrderArguments);

    [Benchmark, BenchmarkCategory("b: object+list+dictionary")]
    public ValueTask<ToolResult> Order_Generated() => _generated.InvokeAsync("place_order", OrderArguments);

    // (c) seven numeric parameters

    [Benchmark(Baseline = true), BenchmarkCategory("c: seven numbers")]
    public ValueTask<object?> Numbers_AIFunctionFactory() => Reference(_numbers, NumbersArguments);

    [Benchmark, BenchmarkCategory("c: seven numbers")]
    public ValueTask<ToolResult> Numbers_Generated() => _generated.InvokeAsync("combine", NumbersArguments);

    // The first parameters schema of tool (b). Ours: the descriptor parses its constant text on first
    // use (a new descriptor each time, so nothing is cached). Theirs: reflection over the method with
    // the shared default options (type metadata cached after the first call), and with fresh options
    // (nothing cached: what the very first call in a process pays, minus JIT).

    [Benchmark(Baseline = true), BenchmarkCategory("first schema")]
    public JsonElement FirstSchema_CreateFunctionJsonSchema() => AIJsonUtilities.CreateFunctionJsonSchema(_orderMethod);

    [Benchmark, BenchmarkCategory("first schema")]
    public JsonElement FirstSchema_CreateFunctionJsonSchema_FreshOptions()
        => AIJsonUtilities.CreateFunctionJsonSchema(_orderMethod, serializerOptions: new JsonSerializerOptions(AIJsonUtilities.DefaultOptions));

    [Benchmark, BenchmarkCategory("first schema")]
    public JsonElement FirstSchema_Generated()
        => new ToolDescriptor("place_order", "Places an order.", _orderSchemaJson, null).ParametersSchema;

    /// <summary>The baseline's call: parse the bytes, wrap them in <see cref="AIFunctionArguments"/>, invoke.</summary>
    internal static async ValueTask<object?> Reference(AIFunction function, byte[] utf8Arguments)
    {
        var members = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(utf8Arguments)!;
        var arguments = new AIFunctionArguments(members.ToDictionary(static m => m.Key, static m => (object?)m.Value));
        return await function.InvokeAsync(arguments).ConfigureAwait(false);
    }

    /// <summary>Throws unless the generated tool set and the baseline return the same JSON for <paramref name="arguments"/>.</summary>
    internal static void Check(IToolSet generated, string name, byte[] arguments, AIFunction reference)
    {
        var ours = generated.InvokeAsync(name, arguments).AsTask().GetAwaiter().GetResult();
        if (ours.IsError)
        {
            throw new InvalidOperationException(name + ": " + ours);
        }
        var theirs = (JsonElement)Reference(reference, arguments).AsTask().GetAwaiter().GetResult()!;
        var a = JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(ours.Utf8Json.Span));
        var b = JsonSerializer.Serialize(theirs);
        if (!Normalize(a).Equals(Normalize(b), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{name}: generated {a} but AIFunctionFactory {b}");
        }
    }

    // Numbers may be spelled differently (19.990 vs 19.99); compare values.
    private static string Normalize(string json)
    {
        var element = JsonElement.Parse(json);
        var builder = new StringBuilder();
        Write(element, builder);
        return builder.ToString();

        static void Write(JsonElement e, StringBuilder b)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    b.Append('{');
                    foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                    {
                        b.Append(p.Name).Append(':');
                        Write(p.Value, b);
                        b.Append(',');
                    }
                    b.Append('}');
                    break;
                case JsonValueKind.Array:
                    b.Append('[');
                    foreach (var item in e.EnumerateArray())
                    {
                        Write(item, b);
                        b.Append(',');
                    }
                    b.Append(']');
                    break;
                case JsonValueKind.Number:
                    b.Append(e.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    b.Append(e.GetRawText());
                    break;
            }
        }
    }

    private static MethodInfo Method(string name) => typeof(DispatchTools).GetMethod(name)!;
}
