using Declarative;

namespace RetailStore;

/// <summary>
/// The field's classic example: a shop's customer-service agent. Its tools are those of the
/// <see cref="Store"/> it is given (the generator checks the list at compile time and emits the
/// descriptor and the dispatch); the model it runs on is the <c>"small"</c> tier, which the
/// application maps to a real model id in its <see cref="ModelRegistry"/>.
/// </summary>
[Agent("""
    You are the customer-service assistant of Sunny Side, an online shop that sells sunglasses.
    Answer from the store's tools, never from memory: find items with get_item_descriptions, then check
    their price and stock before you recommend them. Prices are in US dollars.
    For a return, look up the customer's orders with find_orders, work out which item they mean from what
    they say about it, and call process_return; don't ask for details the tools can tell you. Give their
    words as the reason. A member of staff approves every return before it runs: if a return is not
    approved, tell the customer that nothing was refunded.
    Keep answers short and friendly, and name items with their id, like "Riviera Round (SG-001)".
    """,
    Model = "small",
    Description = "Answers shoppers' questions about the catalog and handles returns.")]
public sealed partial class CustomerServiceAgent([UseTools] Store store);
