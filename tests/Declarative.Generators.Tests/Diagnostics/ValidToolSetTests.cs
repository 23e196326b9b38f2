using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>
/// Well-formed tool sets report no errors and no warnings; the only information is DCL0017 for a tool
/// that takes 'any' JSON, which by design has no strict schema.
/// </summary>
public sealed class ValidToolSetTests
{
    [Fact]
    public Task A_well_formed_tool_set_reports_nothing() => VerifyAsync(
        """
        namespace Shop;

        /// <summary>The store's tools.</summary>
        public sealed partial class Store
        {
            /// <summary>Places an order and returns its receipt.</summary>
            /// <param name="order">The order to place.</param>
            /// <param name="priority">How urgent it is.</param>
            /// <param name="cancellationToken">Cancels the call.</param>
            [Tool(RequiresApproval = true)]
            public async Task<Receipt> PlaceOrderAsync(Order order, Priority priority = Priority.Normal, CancellationToken cancellationToken = default)
            {
                await Task.Yield();
                return new Receipt(Guid.NewGuid(), order.Lines.Sum(l => l.Quantity), DateTimeOffset.UtcNow);
            }

            [Tool("find-items", Description = "Finds items by name.", ReadOnly = true)]
            public IReadOnlyList<Item> Find(
                [Description("Part of the item's name.")] string query,
                [Description("At most this many items."), System.ComponentModel.DataAnnotations.Range(1, 100)] int limit = 10,
                [Description("Only items with these tags.")] HashSet<string>? tags = null) => [];

            /// <summary>Prices of items by id.</summary>
            /// <param name="ids">The items.</param>
            [Tool]
            public ValueTask<Dictionary<string, decimal?>> Prices(int[] ids) => default;

            /// <summary>Clears the cart.</summary>
            [Tool]
            public Task ClearCart() => Task.CompletedTask;

            public void NotATool(IntPtr handle, ref int count) { }
        }

        /// <summary>How urgent an order is.</summary>
        public enum Priority { Low, Normal, High }

        /// <summary>An order.</summary>
        /// <param name="Lines">What is ordered.</param>
        /// <param name="Note">A note for the courier.</param>
        public sealed record Order(List<OrderLine> Lines, string? Note = null);

        /// <summary>One line of an order.</summary>
        public sealed class OrderLine
        {
            /// <summary>The item.</summary>
            public required string Sku { get; init; }

            /// <summary>How many.</summary>
            public int Quantity { get; set; } = 1;

            /// <summary>When it is wanted.</summary>
            public DateOnly? WantedBy { get; set; }
        }

        /// <summary>An item.</summary>
        public sealed record Item(string Sku, string Name, Uri? Picture, TimeSpan Lead);

        /// <summary>A receipt.</summary>
        public sealed record Receipt(Guid Id, int Items, DateTimeOffset At);
        """,
        """
        namespace Shop;

        /// <summary>More of the store's tools, in a second file.</summary>
        public sealed partial class Store
        {
            /// <summary>Echoes a note.</summary>
            /// <param name="note">Any JSON.</param>
            [Tool]
            public static System.Text.Json.JsonElement {|DCL0017:Echo|}(System.Text.Json.JsonElement note) => note;
        }

        /// <summary>A class without tools need not be partial.</summary>
        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }
        """);
}
