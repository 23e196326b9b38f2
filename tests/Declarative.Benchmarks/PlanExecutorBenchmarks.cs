using System.ComponentModel;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Declarative.Planning;

namespace Declarative.Benchmarks;

/// <summary>
/// What <see cref="PlanExecutor"/> itself costs per step: an N-step plan of a trivial synchronous read-only
/// tool, run by the executor, against the same N calls made by hand through <see cref="IToolSet.InvokeAsync(string, ReadOnlyMemory{byte}, CancellationToken)"/>
/// in a loop (the baseline: what a user would write without plans). Two shapes: a <em>chain</em>, where
/// each step takes the previous step's result (by hand: the result's JSON spliced into the next call's
/// arguments), and a <em>wide</em> plan of N independent steps (by hand: N calls one after another). Plus
/// the cost of validating each plan (<see cref="PlanValidator.Validate(string)"/>), which runs before any
/// step does. The per-step overhead is (executor − baseline) / N. Run with <c>--filter '*PlanExecutor*'</c>.
/// </summary>
// As in DispatchBenchmarks: on a shared machine the minimum is the steadiest estimate, so it is shown too.
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PlanExecutorBenchmarks
{
    private const string Tool = "increment";
    private static readonly byte[] Prefix = """{"value":"""u8.ToArray();

    private readonly IToolSet _tools = new PlanBenchmarkTools();
    private PlanValidator _validator = null!;
    private PlanExecutor _executor = null!;
    private string _chainJson = null!;
    private string _wideJson = null!;
    private Plan _chain = null!;
    private Plan _wide = null!;
    private byte[][] _wideArguments = null!;

    /// <summary>Steps per plan.</summary>
    [Params(1, 8, 32)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // The default limit is 25 steps; the 32-step plans need more.
        _validator = new PlanValidator(_tools, new PlanLimits { MaxSteps = 64 });
        _executor = new PlanExecutor(_tools);
        _chainJson = ChainPlan(N);
        _wideJson = WidePlan(N);
        _chain = _validator.Validate(_chainJson).Plan ?? throw new InvalidOperationException(_validator.Validate(_chainJson).ToString());
        _wide = _validator.Validate(_wideJson).Plan ?? throw new InvalidOperationException(_validator.Validate(_wideJson).ToString());
        _wideArguments = [.. Enumerable.Range(0, N).Select(i => Encoding.UTF8.GetBytes($$$"""{"value":{{{Number(i)}}}}"""))];

        // Both sides must compute the same thing before their speed means anything.
        var byHand = Chain_ByHand().GetAwaiter().GetResult().ToString();
        var planned = Chain_PlanExecutor().GetAwaiter().GetResult();
        if (!planned.IsSuccess || planned.Steps[^1].Result!.ToString() != byHand || byHand != N.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"chain: by hand {byHand}, executor {planned.Describe()}");
        }
        var wideByHand = string.Join(",", Wide_ByHand().GetAwaiter().GetResult().Select(r => r.ToString()));
        var widePlanned = Wide_PlanExecutor().GetAwaiter().GetResult();
        if (!widePlanned.IsSuccess || string.Join(",", widePlanned.Steps.Select(s => s.Result!.ToString())) != wideByHand)
        {
            throw new InvalidOperationException($"wide: by hand {wideByHand}, executor {widePlanned.Describe()}");
        }
    }

    /// <summary>N calls, each given the previous result: <c>{"value":</c> + result JSON + <c>}</c>.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("chain")]
    public async Task<ToolResult> Chain_ByHand()
    {
        ReadOnlyMemory<byte> arguments = """{"value":0}"""u8.ToArray();
        ToolResult result = null!;
        for (var i = 0; i < N; i++)
        {
            result = await _tools.InvokeAsync(Tool, arguments).ConfigureAwait(false);
            if (result.IsError)
            {
                return result;
            }
            var value = result.Utf8Json.Span;
            var next = new byte[Prefix.Length + value.Length + 1];
            Prefix.CopyTo(next, 0);
            value.CopyTo(next.AsSpan(Prefix.Length));
            next[^1] = (byte)'}';
            arguments = next;
        }
        return result;
    }

    /// <summary>The same chain as a validated plan: <c>{"value": {"$from": "s{i-1}"}}</c>.</summary>
    [Benchmark, BenchmarkCategory("chain")]
    public Task<PlanExecutionResult> Chain_PlanExecutor() => _executor.ExecuteAsync(_chain);

    /// <summary>N independent calls, one after another.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("wide")]
    public async Task<ToolResult[]> Wide_ByHand()
    {
        var results = new ToolResult[N];
        for (var i = 0; i < N; i++)
        {
            results[i] = await _tools.InvokeAsync(Tool, _wideArguments[i]).ConfigureAwait(false);
        }
        return results;
    }

    /// <summary>N steps with no dependencies, which the executor may run in parallel (8 at a time by default).</summary>
    [Benchmark, BenchmarkCategory("wide")]
    public Task<PlanExecutionResult> Wide_PlanExecutor() => _executor.ExecuteAsync(_wide);

    /// <summary>Validating the chain from its JSON text: parse, tools, arguments, references and their types, cycles.</summary>
    [Benchmark, BenchmarkCategory("validate")]
    public PlanValidationResult Chain_Validate() => _validator.Validate(_chainJson);

    /// <summary>Validating the wide plan from its JSON text.</summary>
    [Benchmark, BenchmarkCategory("validate")]
    public PlanValidationResult Wide_Validate() => _validator.Validate(_wideJson);

    private static string ChainPlan(int n)
    {
        var steps = Enumerable.Range(0, n).Select(i => i == 0
            ? $$$"""{"id":"s0","tool":"{{{Tool}}}","arguments":{"value":0}}"""
            : $$$"""{"id":"s{{{Number(i)}}}","tool":"{{{Tool}}}","arguments":{"value":{"$from":"s{{{Number(i - 1)}}}""" + "\"}}}");
        return """{"steps":[""" + string.Join(",", steps) + "]}";
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string WidePlan(int n)
    {
        var steps = Enumerable.Range(0, n).Select(i => $$$"""{"id":"s{{{Number(i)}}}","tool":"{{{Tool}}}","arguments":{"value":{{{Number(i)}}}}}""");
        return """{"steps":[""" + string.Join(",", steps) + "]}";
    }
}

/// <summary>The trivial tool the plan benchmarks call: synchronous, read-only, an integer in and out.</summary>
public sealed partial class PlanBenchmarkTools
{
    [Tool(ReadOnly = true, Description = "Adds one to a number.")]
    public int Increment([Description("The number.")] int value) => value + 1;
}
