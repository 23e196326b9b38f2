using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Declarative;
using RetailStore;

namespace EvalsSample;

/// <summary>
/// What a case's <c>"expected"</c> says, for the graders: the items the case is about, the prices the answer must state,
/// text it must and must not contain, tools that must and must not be called, and the one return the agent should ask for.
/// Every part is optional; a grader whose part is absent passes.
/// </summary>
// Settable rather than init-only: the source-generated reader assigns every init-only member, absent ones as null.
internal sealed record Expectation
{
    /// <summary>The items the case is about: the agent may ask prices and stock of these only.</summary>
    public IReadOnlyList<string> Items { get; set; } = [];

    /// <summary>Prices the answer must state, by item id.</summary>
    public IReadOnlyDictionary<string, decimal> Prices { get; set; } = new Dictionary<string, decimal>();

    /// <summary>Text the answer must contain (case-insensitive).</summary>
    public IReadOnlyList<string> Mentions { get; set; } = [];

    /// <summary>Text the answer must not contain (case-insensitive).</summary>
    public IReadOnlyList<string> Avoid { get; set; } = [];

    /// <summary>Tools the run must call (a plan run: tools its executed steps must use).</summary>
    public IReadOnlyList<string> Calls { get; set; } = [];

    /// <summary>Tools the run must not call.</summary>
    public IReadOnlyList<string> NoCalls { get; set; } = [];

    /// <summary>The return the agent should ask for, and whether the staff's policy approves it.</summary>
    public ExpectedReturn? Return { get; set; }

    private static readonly ConditionalWeakTable<string, Expectation> Parsed = new();

    /// <summary>The expectation of a case, from the raw JSON its <c>"expected"</c> was (nothing expected when absent).</summary>
    public static Expectation Of(string? expectedJson)
        => expectedJson is null ? new Expectation()
            : Parsed.GetValue(expectedJson, static json => JsonSerializer.Deserialize(json, ExpectationJson.Default.Expectation) ?? new Expectation());

    /// <summary>
    /// Reads a case's <c>"expected"</c>: checks it is an expectation naming real tools and catalog items, and keeps its raw
    /// JSON as the value (the graders read it with <see cref="Of"/>). Every problem is reported with its JSON path.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, out string value, out IReadOnlyList<ToolError> errors)
    {
        value = "";
        var problems = new List<ToolError>();
        CheckNames(utf8Json, problems);
        Expectation? expectation;
        try
        {
            // Unknown names are reported above, all of them; read the rest to check what it names too.
            expectation = JsonSerializer.Deserialize(utf8Json, ExpectationJson.Default.Expectation);
        }
        catch (JsonException exception)
        {
            problems.Add(new ToolError(exception.Path ?? "$", FirstLine(exception.Message)));
            errors = problems;
            return false;
        }
        if (expectation is null)
        {
            errors = [new ToolError("$", "expected an object")];
            return false;
        }

        CheckTools(expectation.Calls, "$.calls", problems);
        CheckTools(expectation.NoCalls, "$.noCalls", problems);
        CheckItems(expectation.Items, (i, _) => $"$.items[{i}]", problems);
        CheckItems([.. expectation.Prices.Keys], (_, id) => $"$.prices.{id}", problems);
        if (expectation.Return is { } expected)
        {
            CheckItems([expected.ItemId], (_, _) => "$.return.itemId", problems);
        }
        errors = problems;
        if (problems.Count > 0)
        {
            return false;
        }
        value = System.Text.Encoding.UTF8.GetString(utf8Json);
        return true;
    }

    /// <summary>Reads a case's <c>"input"</c>: a JSON string, the customer's message.</summary>
    public static bool TryReadInput(ReadOnlySpan<byte> utf8Json, out string value, out IReadOnlyList<ToolError> errors)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (reader.Read() && reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } text)
        {
            value = text;
            errors = [];
            return true;
        }
        value = "";
        errors = [new ToolError("$", "expected the customer's message, a non-empty JSON string")];
        return false;
    }

    private static readonly Catalog Shop = Catalog.CreateSample();
    private static readonly HashSet<string> ToolNames = [.. ((IToolSet)new Store(Shop)).Tools.Select(t => t.Name)];

    private static readonly string[] Names = ["items", "prices", "mentions", "avoid", "calls", "noCalls", "return"];
    private static readonly string[] ReturnNames = ["orderId", "itemId", "quantity", "approved"];

    // Every unknown property, with the nearest known name as a hint (the reader below stops at the first).
    private static void CheckNames(ReadOnlySpan<byte> utf8Json, List<ToolError> problems)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            Check(document.RootElement, "$", Names, problems);
            if (document.RootElement.TryGetProperty("return", out var expected) && expected.ValueKind == JsonValueKind.Object)
            {
                Check(expected, "$.return", ReturnNames, problems);
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is reported by the reader.
        }

        static void Check(JsonElement element, string path, string[] known, List<ToolError> problems)
        {
            foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
            {
                var hint = known.OrderBy(k => Distance(k, property.Name)).First();
                problems.Add(new ToolError($"{path}.{property.Name}", $"unknown property; did you mean '{hint}'? Known: {string.Join(", ", known)}"));
            }
        }
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }

    private static void CheckTools(IReadOnlyList<string> names, string path, List<ToolError> problems)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (!ToolNames.Contains(names[i]))
            {
                problems.Add(new ToolError($"{path}[{i}]", $"no tool '{names[i]}'; the store's tools: {string.Join(", ", ToolNames.Order(StringComparer.Ordinal))}"));
            }
        }
    }

    private static void CheckItems(IReadOnlyList<string> ids, Func<int, string, string> pathOf, List<ToolError> problems)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (!Shop.TryGetItem(ids[i], out _))
            {
                problems.Add(new ToolError(pathOf(i, ids[i]), $"no item '{ids[i]}' in the catalog"));
            }
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}

/// <summary>The return a case expects the agent to ask for.</summary>
/// <param name="OrderId">The order, like ORD-1004.</param>
/// <param name="ItemId">The item returned.</param>
/// <param name="Quantity">How many units.</param>
/// <param name="Approved">Whether the staff's policy (<see cref="ReturnPolicy"/>) approves it.</param>
internal sealed record ExpectedReturn(string OrderId, string ItemId, int Quantity, bool Approved);

/// <summary>Reading of expectations; unknown properties are errors too, found beforehand (all of them, with a hint).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(Expectation))]
internal sealed partial class ExpectationJson : JsonSerializerContext;
