using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Declarative.Planning;

namespace Declarative.Benchmarks;

/// <summary>
/// Whether composing an agent's plan schema and validator at run time costs anything that matters, against
/// what a generated constant would cost (docs/planning.md, "Why the plan schema is composed at run time").
/// The agent is <see cref="PlanShopAgent"/>: eight tools over nested records, lists, a dictionary, enums,
/// optional values, dates and constraints; the plan is six steps with four references.
/// Run with <c>--filter '*PlanSchemaBenchmarks*'</c>, or side by side with <c>--plan-schema-interleaved</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>compose</b>: <see cref="Schema_ParseConstant"/> (baseline) is what the generated route would pay
/// at run time: the same plan schema, as a precomputed string constant, parsed into the
/// <see cref="JsonElement"/> a response format needs. <see cref="Schema_Compose"/> is
/// <see cref="PlanSchema.Create"/> from the tools' descriptors. <see cref="Validator_FirstPlan"/> is
/// everything a tool set pays before and for its first plan: a new validator, its schema, and one
/// validation (which is when the tools' schemas are first interpreted). <see cref="Validator_Cached"/> is
/// what <see cref="PlanRunner"/> pays per run once the agent's validator exists, against
/// <see cref="Schema_CachedConstant"/>, the generated route's schema parsed once and kept in a static field.</item>
/// <item><b>validate</b>: <see cref="Validate_ReadersOnly"/> (baseline) is the floor of any validator,
/// generated or not: parse the plan and run each step's generated argument reader, on the same plan with
/// every reference replaced by a literal value. <see cref="Validate_Plan"/> is the validator on the real
/// plan: structure, ids, tools, arguments through the same readers, reference typing, cycles, fan-out.</item>
/// <item><b>request</b>: <see cref="Request_WriteSchema"/> writes the plan schema as UTF-8, which every model
/// call pays to send it as the response format, whichever way the schema was made.</item>
/// </list>
/// </remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PlanSchemaBenchmarks
{
    /// <summary>The plan the model writes: search, stock and prices chained, a customer, a quote, an e-mail.</summary>
    public const string PlanJson = """
        {"steps":[
          {"id":"find","tool":"search_items","arguments":{"query":"round","category":"Sunglasses","limit":5}},
          {"id":"stock","tool":"check_inventory","arguments":{"itemIds":{"$from":"find","path":"/*/id"}}},
          {"id":"price","tool":"get_prices","arguments":{"itemIds":{"$from":"stock","path":"/*/itemId"},"currency":"EUR"}},
          {"id":"customer","tool":"find_customer","arguments":{"email":"ana@example.com"},"description":"who asked"},
          {"id":"quote","tool":"create_quote","arguments":{"customerId":{"$from":"customer","path":"/id"},"lines":[{"itemId":"SG-001","quantity":2}],"notes":{"delivery":"two days"}},"dependsOn":["price"]},
          {"id":"mail","tool":"send_email","arguments":{"to":{"$from":"customer","path":"/email"},"subject":"Your quote","body":"Here is the quote you asked for."},"dependsOn":["quote"]}
        ]}
        """;

    /// <summary><see cref="PlanJson"/> with every reference replaced by a literal of the right type.</summary>
    public const string LiteralPlanJson = """
        {"steps":[
          {"id":"find","tool":"search_items","arguments":{"query":"round","category":"Sunglasses","limit":5}},
          {"id":"stock","tool":"check_inventory","arguments":{"itemIds":["SG-001","SG-002"]}},
          {"id":"price","tool":"get_prices","arguments":{"itemIds":["SG-001","SG-002"],"currency":"EUR"}},
          {"id":"customer","tool":"find_customer","arguments":{"email":"ana@example.com"},"description":"who asked"},
          {"id":"quote","tool":"create_quote","arguments":{"customerId":"C-1","lines":[{"itemId":"SG-001","quantity":2}],"notes":{"delivery":"two days"}},"dependsOn":["price"]},
          {"id":"mail","tool":"send_email","arguments":{"to":"ana@example.com","subject":"Your quote","body":"Here is the quote you asked for."},"dependsOn":["quote"]}
        ]}
        """;

    private static JsonElement CachedSchema;
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private IAgent _agent = null!;
    private IToolSet _tools = null!;
    private PlanValidator _validator = null!;
    private string _schemaConstant = null!;
    private JsonElement _schema;

    /// <summary>The plan schema's size in UTF-8 bytes (it is sent with every planning call).</summary>
    public int SchemaBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _agent = new PlanShopAgent(new PlanShopTools());
        _tools = _agent.Tools;
        _validator = PlanRunner.ValidatorFor(_agent);
        _schema = _validator.Schema;
        _schemaConstant = _schema.GetRawText();
        SchemaBytes = Encoding.UTF8.GetByteCount(_schemaConstant);
        CachedSchema = JsonElement.Parse(_schemaConstant);

        // Each side must do the work it claims before its speed means anything.
        if (_tools.Tools.Count != 8)
        {
            throw new InvalidOperationException($"expected 8 tools, got {_tools.Tools.Count}");
        }
        if (Validate_Plan() is not { IsValid: true } valid || valid.Plan!.Steps.Sum(s => s.References.Count) != 4)
        {
            throw new InvalidOperationException("the plan should be valid, with 4 references: " + Validate_Plan());
        }
        if (Validator_FirstPlan() is not { IsValid: true })
        {
            throw new InvalidOperationException("a fresh validator should accept the plan");
        }
        if (Validate_ReadersOnly() != 6)
        {
            throw new InvalidOperationException("the generated readers should accept every step of the literal plan");
        }
        if (Schema_Compose().GetRawText() != _schemaConstant || Schema_ParseConstant().GetRawText() != _schemaConstant)
        {
            throw new InvalidOperationException("the composed and the constant schema should be the same text");
        }
        if (!ReferenceEquals(PlanRunner.ValidatorFor(_agent), _validator) || Validator_Cached() != _schema.ValueKind)
        {
            throw new InvalidOperationException("the agent's validator should be cached");
        }
        // A plan the readers refuse must be refused by the baseline too, or it would be measuring nothing.
        if (ReadersAccept(LiteralPlanJson.Replace("\"limit\":5", "\"limit\":500", StringComparison.Ordinal)) != 5)
        {
            throw new InvalidOperationException("the readers-only baseline should refuse an out-of-range limit");
        }
    }

    /// <summary>The generated route: the plan schema as a string constant, parsed for the response format.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("compose")]
    public JsonElement Schema_ParseConstant() => JsonElement.Parse(_schemaConstant);

    /// <summary>The plan schema composed from the tools' descriptors.</summary>
    [Benchmark, BenchmarkCategory("compose")]
    public JsonElement Schema_Compose() => PlanSchema.Create(_tools.Tools);

    /// <summary>A new validator for the tool set, its schema, and its first plan.</summary>
    [Benchmark, BenchmarkCategory("compose")]
    public PlanValidationResult Validator_FirstPlan()
    {
        var validator = new PlanValidator(_tools);
        _ = validator.Schema;
        return validator.Validate(PlanJson);
    }

    /// <summary>The generated route once its constant is parsed and kept (a static field): reading it.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("cached")]
    public JsonValueKind Schema_CachedConstant() => CachedSchema.ValueKind;

    /// <summary>What a run pays once the agent's validator exists: the lookup and the schema.</summary>
    [Benchmark, BenchmarkCategory("cached")]
    public JsonValueKind Validator_Cached() => PlanRunner.ValidatorFor(_agent).Schema.ValueKind;

    /// <summary>The floor: parse the literal plan and run each step's generated reader; how many steps read.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("validate")]
    public int Validate_ReadersOnly() => ReadersAccept(LiteralPlanJson);

    /// <summary>The validator on the plan with its references.</summary>
    [Benchmark, BenchmarkCategory("validate")]
    public PlanValidationResult Validate_Plan() => _validator.Validate(PlanJson);

    /// <summary>The plan schema written as UTF-8, as into each planning request.</summary>
    [Benchmark, BenchmarkCategory("request")]
    public int Request_WriteSchema()
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            _schema.WriteTo(writer);
        }
        return _buffer.WrittenCount;
    }

    private int ReadersAccept(string plan)
    {
        using var document = JsonDocument.Parse(plan);
        var accepted = 0;
        foreach (var step in document.RootElement.GetProperty("steps").EnumerateArray())
        {
            var tool = step.GetProperty("tool").GetString()!;
            var arguments = JsonMarshal.GetRawUtf8Value(step.GetProperty("arguments")).ToArray();
            if (_tools.ValidateArguments(tool, arguments, ToolInvocationOptions.Default) is { Count: 0 })
            {
                accepted++;
            }
        }
        return accepted;
    }
}

/// <summary>
/// The <see cref="PlanSchemaBenchmarks"/> comparisons side by side in one process, as <see cref="DispatchInterleaved"/>
/// does for dispatch: <c>dotnet run -c Release --project tests/Declarative.Benchmarks -- --plan-schema-interleaved [rounds] [calls]</c>.
/// </summary>
internal static class PlanSchemaInterleaved
{
    public static int Run(string[] args)
    {
        var benchmarks = new PlanSchemaBenchmarks();
        benchmarks.Setup();
        Console.WriteLine($"plan schema: {benchmarks.SchemaBytes:N0} bytes for {PlanSchemaBenchmarks.PlanJson.Length:N0} characters of plan");
        InterleavedComparison.Run(
            "plan schema", "generated constant / readers only", "composed at run time",
            [
                new("schema: parse a constant vs PlanSchema.Create", () => benchmarks.Schema_ParseConstant(), () => benchmarks.Schema_Compose()),
                new("first plan: parse a constant + readers vs new validator + schema + validate", () => FirstPlanByConstant(benchmarks), () => benchmarks.Validator_FirstPlan()),
                new("cached: a static constant vs ValidatorFor(agent).Schema", () => benchmarks.Schema_CachedConstant(), () => benchmarks.Validator_Cached()),
                new("validate: readers only vs PlanValidator.Validate", () => benchmarks.Validate_ReadersOnly(), () => benchmarks.Validate_Plan()),
            ],
            InterleavedComparison.Count(args, 0, 100), InterleavedComparison.Count(args, 1, 200));
        return 0;
    }

    // The generated route's first plan: its schema from the constant, and the plan read by the generated readers.
    private static object FirstPlanByConstant(PlanSchemaBenchmarks benchmarks)
    {
        var schema = benchmarks.Schema_ParseConstant();
        return benchmarks.Validate_ReadersOnly() + (int)schema.ValueKind;
    }
}
