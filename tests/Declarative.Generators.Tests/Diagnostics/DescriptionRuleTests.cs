using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>DCL0009 and DCL0010: the descriptions a model reads to choose a tool and fill its arguments.</summary>
public sealed class DescriptionRuleTests
{
    [Fact]
    public Task DCL0009_is_reported_on_the_identifier_of_a_tool_without_description() => VerifyAsync("""
        public partial class Store
        {
            // A plain comment is not a description.
            [Tool]
            public int {|DCL0009:CountItems|}() => 0;
        }
        """);

    [Fact]
    public async Task DCL0009_is_a_warning_that_names_the_tool()
    {
        var diagnostic = await SingleAsync("DCL0009", """
            public partial class Store
            {
                [Tool]
                public int CountItems() => 0;
            }
            """);

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.StartsWith("Tool 'count_items' has no description;", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public Task DCL0009_is_reported_for_an_empty_description() => VerifyAsync("""
        public partial class Store
        {
            /// <summary>Ignored: the attribute's empty description wins, and the model would get nothing.</summary>
            [Tool(Description = " ")]
            public int {|DCL0009:CountItems|}() => 0;
        }
        """);

    [Fact]
    public Task A_tool_described_in_any_of_the_three_ways_has_no_DCL0009() => VerifyAsync("""
        public partial class Store
        {
            [Tool(Description = "Counts the items in stock.")]
            public int CountItems() => 0;

            [Tool, Description("Counts the orders.")]
            public int CountOrders() => 0;

            /// <summary>
            /// Counts the <see cref="Store"/>'s customers.
            /// </summary>
            [Tool]
            public int CountCustomers() => 0;
        }
        """);

    [Theory]
    [InlineData(DocumentationMode.None)]
    [InlineData(DocumentationMode.Parse)]
    [InlineData(DocumentationMode.Diagnose)]
    public Task Doc_comments_count_whatever_the_documentation_mode(DocumentationMode mode) => VerifyAsync(
        new CSharpParseOptions(LanguageVersion.Latest, mode),
        ignoredIds: [],
        """
        /// <summary>The store.</summary>
        public partial class Store
        {
            /// <summary>Counts items of a kind.</summary>
            /// <param name="kind">The kind of item.</param>
            [Tool]
            public int CountItems(string kind) => 0;
        }
        """);

    [Fact]
    public Task DCL0010_is_reported_on_each_undescribed_parameter() => VerifyAsync("""
        public partial class Store
        {
            /// <summary>Finds items.</summary>
            /// <param name="query">What to look for.</param>
            /// <param name="nothing">Not a parameter of this method.</param>
            [Tool]
            public string[] Find(string query, {|DCL0010:int limit|} = 10, [Description("Sort order.")] string order = "name", {|DCL0010:bool? inStock|} = null) => [];
        }
        """);

    [Fact]
    public async Task DCL0010_is_a_warning_that_names_the_parameter_and_the_tool()
    {
        var diagnostic = await SingleAsync("DCL0010", """
            public partial class Store
            {
                [Tool(Description = "Finds items.")]
                public string[] Find(string query) => [];
            }
            """);

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.StartsWith("Parameter 'query' of tool 'find' has no description;", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public Task CancellationToken_parameters_need_no_description() => VerifyAsync("""
        public partial class Store
        {
            /// <summary>Finds items.</summary>
            /// <param name="query">What to look for.</param>
            [Tool]
            public Task<string[]> FindAsync(string query, CancellationToken cancellationToken = default) => Task.FromResult<string[]>([]);

            /// <summary>Refreshes the cache.</summary>
            [Tool]
            public ValueTask RefreshAsync(CancellationToken ct) => default;
        }
        """);
}
