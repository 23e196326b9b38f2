using System.Globalization;
using Microsoft.CodeAnalysis;
using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>The rules that look at a whole tool class: DCL0001 (partial) and DCL0007 (unique names).</summary>
public sealed class ToolSetRuleTests
{
    [Fact]
    public Task DCL0001_is_reported_on_the_identifier_of_a_class_that_is_not_partial() => VerifyAsync("""
        public class {|DCL0001:Store|}
        {
            [Tool(Description = "Gets a price.")]
            public decimal GetPrice([Description("The item.")] string item) => 1m;
        }
        """);

    [Fact]
    public async Task DCL0001_names_the_type_that_must_be_partial_and_the_tool_class()
    {
        var diagnostic = await SingleAsync("DCL0001", """
            namespace Shop;
            public class Store
            {
                [Tool(Description = "Gets a price.")]
                public decimal GetPrice([Description("The item.")] string item) => 1m;
            }
            """);

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "'Shop.Store' must be partial so that the generator can add the tool set of 'Shop.Store', which declares [Tool] methods",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task DCL0001_is_reported_once_on_a_containing_type_that_is_not_partial() => VerifyAsync("""
        public class {|DCL0001:Outer|}
        {
            public partial class Prices
            {
                [Tool(Description = "Gets a price.")]
                public decimal GetPrice([Description("The item.")] string item) => 1m;
            }

            public partial class Stock
            {
                [Tool(Description = "Counts items.")]
                public int Count([Description("The item.")] string item) => 1;
            }
        }
        """);

    [Fact]
    public Task DCL0001_is_reported_on_each_type_of_the_chain_that_is_not_partial() => VerifyAsync("""
        public static class {|DCL0001:Outer|}
        {
            public partial struct Middle
            {
                public class {|DCL0001:Tools|}
                {
                    [Tool(Description = "Pings.")]
                    public static void Ping() { }
                }
            }
        }
        """);

    [Fact]
    public Task DCL0001_is_not_reported_for_partial_classes_or_classes_without_tools() => VerifyAsync("""
        public static partial class Outer
        {
            public partial record Store
            {
                [Tool(Description = "Pings.")]
                public void Ping() { }
            }
        }

        public class Plain
        {
            public void NotATool() { }
        }
        """);

    [Fact]
    public Task DCL0007_is_reported_on_the_second_tool_with_a_name_across_partial_declarations() => VerifyAsync(
        """
        public partial class Store
        {
            [Tool(Description = "Finds items by name.")]
            public string[] Search([Description("The name.")] string name) => [];
        }
        """,
        """
        public partial class Store
        {
            [Tool(Description = "Finds items by id.")]
            public string[] {|DCL0007:Search|}([Description("The id.")] int id) => [];
        }
        """);

    [Fact]
    public async Task DCL0007_names_the_first_tool_and_points_at_it()
    {
        var diagnostic = await SingleAsync("DCL0007", """
            public partial class Store
            {
                [Tool(Description = "Finds items.")]
                public string[] FindItems() => [];

                [Tool("find_items", Description = "Finds items, again.")]
                public string[] LookUp() => [];
            }
            """);

        Assert.Equal(
            "Tool name 'find_items' is already used by method 'FindItems' in 'Store'; tool names must be unique within a tool set",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("LookUp", Text(diagnostic.Location));
        Assert.Equal("FindItems", Text(Assert.Single(diagnostic.AdditionalLocations)));
    }

    [Fact]
    public Task DCL0007_is_reported_on_every_duplicate_after_the_first() => VerifyAsync("""
        public static partial class Clock
        {
            [Tool(Description = "Now.")]
            public static string Now() => "";

            [Tool(Description = "Now, async.")]
            public static Task<string> {|DCL0007:NowAsync|}() => Task.FromResult("");

            [Tool("now", Description = "Now, by name.")]
            public static string {|DCL0007:Current|}() => "";
        }
        """);

    [Fact]
    public Task DCL0007_is_not_reported_for_the_same_name_in_different_classes_or_for_distinct_names() => VerifyAsync("""
        public partial class A
        {
            [Tool(Description = "Now.")]
            public string Now() => "";

            [Tool("now_utc", Description = "Now in UTC.")]
            public string Now([Description("Hours from UTC.")] int offset) => "";
        }

        public partial class B
        {
            [Tool(Description = "Now.")]
            public string Now() => "";
        }
        """);

    [Fact]
    public Task A_partial_method_is_one_tool_reported_once_at_its_definition() => VerifyAsync(
        """
        public partial class Store
        {
            [Tool]
            public partial int {|DCL0009:Count|}({|DCL0010:string kind|});
        }
        """,
        """
        public partial class Store
        {
            public partial int Count(string kind) => 0;
        }
        """);

    private static string Text(Location location) => location.SourceTree!.GetText().ToString(location.SourceSpan);
}
