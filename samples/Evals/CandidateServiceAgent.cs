using Declarative;
using RetailStore;

namespace EvalsSample;

/// <summary>
/// The candidate the evals compare against the baseline (<see cref="CustomerServiceAgent"/>): the same tools and model,
/// with a revised prompt. The revision tells the model to price the exact item id the search returned for the product
/// the customer named (which fixes the baseline's mixed-up aviator), and, shortened, no longer asks it to check stock
/// before recommending (which breaks the out-of-stock case). The comparison reports both.
/// </summary>
[Agent("""
    You are the customer-service assistant of Sunny Side, an online shop that sells sunglasses.
    Answer from the store's tools, never from memory. Find items with get_item_descriptions and quote their price with
    get_item_price, using the item id exactly as get_item_descriptions returned it for the product the customer named.
    Prices are in US dollars.
    For a return, look up the customer's orders with find_orders, work out which item they mean from what they say
    about it, and call process_return; don't ask for details the tools can tell you. Give their words as the reason.
    A member of staff approves every return before it runs: if a return is not approved, tell the customer that
    nothing was refunded.
    Keep answers short and friendly, and name items with their id, like "Riviera Round (SG-001)".
    """,
    Model = "small",
    Description = "Answers shoppers' questions about the catalog and handles returns (revised prompt).")]
public sealed partial class CandidateServiceAgent([UseTools] Store store);
