using System.Globalization;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;

namespace Declarative.Benchmarks;

/// <summary>
/// Dispatch of arguments that are collections (cases d–g of docs/benchmarks.md), the generated
/// <see cref="IToolSet"/> against <c>AIFunctionFactory.Create(method, target)</c> exactly as in
/// <see cref="DispatchBenchmarks"/>: a list of 20 records (a positional record and a class with
/// <c>init</c> properties: a string id, an int quantity, a decimal price), a dictionary of 50 entries
/// and a list of 200 strings. Run with <c>--filter '*DispatchCollection*'</c>; the interleaved mode
/// runs them too and prints the allocation per element.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DispatchCollectionBenchmarks
{
    /// <summary>Elements in the list-of-records cases.</summary>
    public const int RecordCount = 20;

    /// <summary>Entries in the dictionary case.</summary>
    public const int EntryCount = 50;

    /// <summary>Strings in the list-of-strings case.</summary>
    public const int StringCount = 200;

    internal static readonly byte[] ItemsArguments = Utf8("items", Records(RecordCount));

    internal static readonly byte[] RowsArguments = Utf8("rows", Records(RecordCount));

    internal static readonly byte[] CountsArguments = Utf8("counts",
        "{" + string.Join(",", Enumerable.Range(0, EntryCount).Select(static i => FormattableString.Invariant($"\"sku-{i:D4}\":{(i * 37) % 1000}"))) + "}");

    internal static readonly byte[] NamesArguments = Utf8("names",
        "[" + string.Join(",", Enumerable.Range(0, StringCount).Select(static i => FormattableString.Invariant($"\"customer-{i:D3}\""))) + "]");

    private readonly IToolSet _generated = new DispatchCollectionTools();
    private AIFunction _items = null!;
    private AIFunction _rows = null!;
    private AIFunction _counts = null!;
    private AIFunction _names = null!;

    [GlobalSetup]
    public void Setup()
    {
        var target = new DispatchCollectionTools();
        _items = AIFunctionFactory.Create(Method(nameof(DispatchCollectionTools.SumItems)), target);
        _rows = AIFunctionFactory.Create(Method(nameof(DispatchCollectionTools.SumRows)), target);
        _counts = AIFunctionFactory.Create(Method(nameof(DispatchCollectionTools.SumCounts)), target);
        _names = AIFunctionFactory.Create(Method(nameof(DispatchCollectionTools.MeasureNames)), target);

        DispatchBenchmarks.Check(_generated, "sum_items", ItemsArguments, _items);
        DispatchBenchmarks.Check(_generated, "sum_rows", RowsArguments, _rows);
        DispatchBenchmarks.Check(_generated, "sum_counts", CountsArguments, _counts);
        DispatchBenchmarks.Check(_generated, "measure_names", NamesArguments, _names);
    }

    // (d) a list of 20 positional records

    [Benchmark(Baseline = true), BenchmarkCategory("d: 20 records (positional)")]
    public ValueTask<object?> Items_AIFunctionFactory() => DispatchBenchmarks.Reference(_items, ItemsArguments);

    [Benchmark, BenchmarkCategory("d: 20 records (positional)")]
    public ValueTask<ToolResult> Items_Generated() => _generated.InvokeAsync("sum_items", ItemsArguments);

    // (e) a list of 20 classes with init properties

    [Benchmark(Baseline = true), BenchmarkCategory("e: 20 records (init)")]
    public ValueTask<object?> Rows_AIFunctionFactory() => DispatchBenchmarks.Reference(_rows, RowsArguments);

    [Benchmark, BenchmarkCategory("e: 20 records (init)")]
    public ValueTask<ToolResult> Rows_Generated() => _generated.InvokeAsync("sum_rows", RowsArguments);

    // (f) a dictionary of 50 entries

    [Benchmark(Baseline = true), BenchmarkCategory("f: dictionary of 50")]
    public ValueTask<object?> Counts_AIFunctionFactory() => DispatchBenchmarks.Reference(_counts, CountsArguments);

    [Benchmark, BenchmarkCategory("f: dictionary of 50")]
    public ValueTask<ToolResult> Counts_Generated() => _generated.InvokeAsync("sum_counts", CountsArguments);

    // (g) a list of 200 strings

    [Benchmark(Baseline = true), BenchmarkCategory("g: 200 strings")]
    public ValueTask<object?> Names_AIFunctionFactory() => DispatchBenchmarks.Reference(_names, NamesArguments);

    [Benchmark, BenchmarkCategory("g: 200 strings")]
    public ValueTask<ToolResult> Names_Generated() => _generated.InvokeAsync("measure_names", NamesArguments);

    // Line items as a model sends them: short ids, small quantities, prices with two decimals.
    private static string Records(int count)
        => "[" + string.Join(",", Enumerable.Range(0, count).Select(static i => string.Create(CultureInfo.InvariantCulture,
            $$"""{"id":"SKU-{{1000 + i}}","quantity":{{1 + (i % 7)}},"price":{{(i * 3.17m) + 0.99m}}}"""))) + "]";

    private static byte[] Utf8(string name, string value) => Encoding.UTF8.GetBytes("{\"" + name + "\":" + value + "}");

    private static MethodInfo Method(string name) => typeof(DispatchCollectionTools).GetMethod(name)!;
}
