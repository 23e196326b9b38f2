using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using RetailStore;

// The RetailStore agent without the generator: AIFunctionFactory tools over the same Store methods and
// FunctionInvokingChatClient as the loop, on the sample's recorded scripts (every return approved, as with
// the sample's --offline --approve yes). Exits non-zero unless the return really changed the store.
// With --json-context the functions serialize through a source-generated JsonSerializerContext over the
// Store's types (what Native AOT needs: reflection-based JSON is off there); without it, through
// AIJsonUtilities.DefaultOptions, as AIFunctionFactory.Create does when given no options.
var options = args is ["--json-context"]
    ? new AIFunctionFactoryOptions { SerializerOptions = new JsonSerializerOptions(StoreJson.Default.Options) { TypeInfoResolver = JsonTypeInfoResolver.Combine(StoreJson.Default, AIJsonUtilities.DefaultOptions.TypeInfoResolver) } }
    : null;
const string Instructions = "You are the customer-service assistant of Sunny Side, an online shop that sells sunglasses.";

var catalog = Catalog.CreateSample();
var store = new Store(catalog);
AIFunction[] tools =
[
    Create(store.GetItemDescriptions, "get_item_descriptions", "Searches the catalog and describes the matching sunglasses."),
    Create(store.CheckInventory, "check_inventory", "Checks how many units of each item are in stock."),
    Create(store.GetItemPrice, "get_item_price", "Gets the current price of items."),
    Create(store.GetOrder, "get_order", "Looks up a past order."),
    Create(store.FindOrders, "find_orders", "Lists a customer's past orders, newest first."),
    Create(store.ProcessReturn, "process_return", "Accepts a return of items from a past order."),
];

AIFunction Create(Delegate method, string name, string description)
    => AIFunctionFactory.Create(method, new AIFunctionFactoryOptions
    {
        Name = name,
        Description = description,
        SerializerOptions = options?.SerializerOptions,
    });

var stockBefore = catalog.StockOf("SG-007");
foreach (var (script, question) in new[]
{
    ("round-sunglasses", "Any round sunglasses in stock under $100?"),
    ("return-gold-frames", "I want to return the gold-frame sunglasses I bought, not the metal ones"),
})
{
    var model = RecordedScript.Parse(ReadScript(script));
    using IChatClient client = new ChatClientBuilder(model).UseFunctionInvocation().Build();
    List<ChatMessage> messages =
    [
        new(ChatRole.System, Instructions + " The signed-in customer is ana@example.com."),
        new(ChatRole.User, question),
    ];
    var response = await client.GetResponseAsync(messages, new ChatOptions { Tools = [.. tools] });
    var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.Name);
    Console.WriteLine($"{script}: {string.Join(", ", calls)}");
    Console.WriteLine($"  {response.Text}");
}

var stockAfter = catalog.StockOf("SG-007");
var passed = catalog.Returns.Count == 1 && stockAfter == stockBefore + 1;
Console.WriteLine($"returns recorded: {catalog.Returns.Count}; stock of SG-007: {stockBefore} before, {stockAfter} after");
Console.WriteLine(passed ? "self-check: passed" : "self-check: FAILED (the return did not reach the store)");
return passed ? 0 : 1;

static string ReadScript(string name)
{
    using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Scripts/" + name + ".json")
        ?? throw new InvalidOperationException($"The script '{name}.json' is not embedded.");
    using var reader = new StreamReader(stream);
    return reader.ReadToEnd();
}

/// <summary>Source-generated JSON metadata for every type the Store's tools take or return.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Category?))]
[JsonSerializable(typeof(FrameShape?))]
[JsonSerializable(typeof(FrameMaterial?))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<ItemDescription>))]
[JsonSerializable(typeof(IReadOnlyList<StockLevel>))]
[JsonSerializable(typeof(IReadOnlyList<Price>))]
[JsonSerializable(typeof(IReadOnlyList<OrderSummary>))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(ReturnReceipt))]
internal sealed partial class StoreJson : JsonSerializerContext;
