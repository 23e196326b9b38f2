using System.Globalization;
using Microsoft.CodeAnalysis;
using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>The rules on an agent's tool scope: DCL0013 (one name, two tools) and DCL0014 (a source that is not a tool set).</summary>
public sealed class AgentScopeRuleTests
{
    private const string WebAndWiki = """
        /// <summary>The web.</summary>
        public partial class WebTools
        {
            /// <summary>Searches the web.</summary>
            /// <param name="query">What to look for.</param>
            [Tool]
            public string[] Search(string query) => [];

            /// <summary>Opens a page.</summary>
            /// <param name="url">The page.</param>
            [Tool]
            public string Open(string url) => "";
        }

        /// <summary>The wiki.</summary>
        public partial class WikiTools
        {
            /// <summary>Searches the wiki.</summary>
            /// <param name="query">What to look for.</param>
            [Tool]
            public string[] Search(string query) => [];
        }

        public static partial class Units
        {
            /// <summary>Converts miles to kilometres.</summary>
            /// <param name="miles">The distance in miles.</param>
            [Tool]
            public static double ToKilometres(double miles) => miles * 1.609;
        }

        public static partial class MoreUnits
        {
            /// <summary>Converts miles to kilometres, rounded.</summary>
            /// <param name="miles">The distance in miles.</param>
            [Tool]
            public static double ToKilometres(double miles) => Math.Round(miles * 1.609);
        }
        """;

    [Fact]
    public Task DCL0013_is_reported_on_the_later_of_two_primary_constructor_parameters() => VerifyAsync(WebAndWiki, """
        [Agent("You research.")]
        public partial class Researcher([UseTools] WebTools web, [UseTools] WikiTools {|DCL0013:wiki|});
        """);

    [Fact]
    public Task DCL0013_is_reported_on_a_UseTools_property_declared_after_the_own_method() => VerifyAsync(WebAndWiki, """
        [Agent("You research.")]
        public partial class Researcher
        {
            /// <summary>Searches the archive.</summary>
            /// <param name="query">What to look for.</param>
            [Tool]
            public string[] Search(string query) => [];

            [UseTools]
            public WebTools {|DCL0013:Web|} { get; } = new();
        }
        """);

    [Fact]
    public Task DCL0013_is_reported_on_an_own_method_declared_after_the_UseTools_parameter() => VerifyAsync(WebAndWiki, """
        [Agent("You research.")]
        public partial class Researcher([UseTools] WikiTools wiki)
        {
            /// <summary>Searches the archive.</summary>
            /// <param name="query">What to look for.</param>
            [Tool]
            public string[] {|DCL0013:Search|}(string query) => [];
        }
        """);

    [Fact]
    public Task DCL0013_is_reported_on_the_later_UseTools_attribute_of_the_class() => VerifyAsync(WebAndWiki, """
        [Agent("You convert units.")]
        [UseTools(typeof(Units))]
        [{|DCL0013:UseTools(typeof(MoreUnits))|}]
        public partial class Converter;
        """);

    [Fact]
    public Task DCL0013_is_reported_on_a_member_clashing_with_a_static_tool_class_named_on_the_class() => VerifyAsync(WebAndWiki, """
        public partial class Converters
        {
            /// <summary>Converts miles to kilometres, exactly.</summary>
            /// <param name="miles">The distance in miles.</param>
            [Tool]
            public double ToKilometres(double miles) => miles * 1.609344;
        }

        [Agent("You convert units.")]
        [UseTools(typeof(Units))]
        public partial class Converter([UseTools] Converters {|DCL0013:converters|});
        """);

    [Fact]
    public Task DCL0013_follows_the_order_of_the_files_for_a_class_declared_in_parts() => VerifyAsync(
        WebAndWiki,
        """
        [Agent("You research.")]
        public partial class Researcher
        {
            [UseTools]
            public WikiTools Wiki { get; } = new();
        }
        """,
        """
        public partial class Researcher
        {
            [UseTools]
            private readonly WebTools {|DCL0013:_web|} = new();
        }
        """);

    [Fact]
    public async Task DCL0013_is_reported_once_per_clashing_name()
    {
        var diagnostics = await AnalyzeAsync(WebAndWiki, """
            [Agent("You research.")]
            public partial class Researcher([UseTools] WebTools web, [UseTools] WikiTools wiki, [UseTools] WebTools mirror);
            """);

        var reported = diagnostics
            .Select(d => (d.Id, Source: d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan), Message: d.GetMessage(CultureInfo.InvariantCulture)))
            .OrderBy(d => d.Message, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            [
                ("DCL0013", "mirror", "Agent 'Researcher' gets a tool named 'open' from both [UseTools] parameter 'web' and [UseTools] parameter 'mirror'; a model calls tools by name, so the tools of one agent must have distinct names"),
                ("DCL0013", "mirror", "Agent 'Researcher' gets a tool named 'search' from both [UseTools] parameter 'web' and [UseTools] parameter 'mirror'; a model calls tools by name, so the tools of one agent must have distinct names"),
                ("DCL0013", "wiki", "Agent 'Researcher' gets a tool named 'search' from both [UseTools] parameter 'web' and [UseTools] parameter 'wiki'; a model calls tools by name, so the tools of one agent must have distinct names"),
            ],
            reported);
    }

    [Fact]
    public Task DCL0013_leaves_clashes_among_the_agent_s_own_methods_to_DCL0007() => VerifyAsync("""
        [Agent("You research.")]
        public partial class Researcher
        {
            /// <summary>Searches by title.</summary>
            /// <param name="title">The title.</param>
            [Tool]
            public string[] Search(string title) => [];

            /// <summary>Searches by year.</summary>
            /// <param name="year">The year.</param>
            [Tool]
            public string[] {|DCL0007:Search|}(int year) => [];
        }
        """);

    [Fact]
    public Task DCL0013_is_not_reported_for_distinct_names() => VerifyAsync(WebAndWiki, """
        public partial class Archive
        {
            /// <summary>Searches the archive.</summary>
            /// <param name="query">What to look for.</param>
            [Tool("search_archive")]
            public string[] Search(string query) => [];
        }

        [Agent("You research.")]
        [UseTools(typeof(Units))]
        public partial class Researcher([UseTools] WebTools web, [UseTools] Archive archive)
        {
            /// <summary>Notes a finding.</summary>
            /// <param name="text">The finding.</param>
            [Tool]
            public void Note(string text) { }
        }
        """);

    [Fact]
    public async Task DCL0013_names_the_tool_both_sources_and_points_at_the_first()
    {
        var diagnostic = await SingleAsync("DCL0013", WebAndWiki, """
            [Agent("You research.", Name = "researcher")]
            public partial class Researcher([UseTools] WebTools web)
            {
                /// <summary>Searches the archive.</summary>
                /// <param name="query">What to look for.</param>
                [Tool]
                public string[] Search(string query) => [];
            }
            """);

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "Agent 'researcher' gets a tool named 'search' from both [UseTools] parameter 'web' and its own method 'Search'; "
            + "a model calls tools by name, so the tools of one agent must have distinct names",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        var first = Assert.Single(diagnostic.AdditionalLocations);
        Assert.Equal("web", first.SourceTree!.GetText().ToString(first.SourceSpan));
    }

    [Fact]
    public async Task DCL0013_names_a_static_tool_class_by_its_attribute()
    {
        var diagnostic = await SingleAsync("DCL0013", WebAndWiki, """
            namespace Shop;

            [Agent("You convert units.")]
            [UseTools(typeof(Units))]
            public partial class Converter
            {
                [UseTools]
                public static MoreUnitsHolder.Tools Extra { get; } = new();
            }

            public static partial class MoreUnitsHolder
            {
                public partial class Tools
                {
                    /// <summary>Converts.</summary>
                    /// <param name="miles">Miles.</param>
                    [Tool]
                    public double ToKilometres(double miles) => miles;
                }
            }
            """);

        Assert.Equal(
            "Agent 'Converter' gets a tool named 'to_kilometres' from both [UseTools(typeof(Units))] and [UseTools] property 'Extra'; "
            + "a model calls tools by name, so the tools of one agent must have distinct names",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task DCL0014_is_reported_on_a_primary_constructor_parameter_typed_as_IToolSet() => VerifyAsync("""
        [Agent("You help customers.")]
        public partial class Assistant([UseTools] IToolSet {|DCL0014:catalog|});
        """);

    [Fact]
    public Task DCL0014_is_reported_on_a_property_or_field_whose_class_has_no_tools() => VerifyAsync("""
        public sealed class Catalog
        {
            public string[] Find(string name) => [];
        }

        [Agent("You help customers.")]
        public partial class Assistant
        {
            [UseTools]
            public Catalog {|DCL0014:Products|} { get; } = new();

            [UseTools]
            private readonly IToolSet? {|DCL0014:_extra|} = null;
        }
        """);

    [Fact]
    public Task DCL0014_is_reported_on_a_class_attribute_naming_an_instance_tool_set_or_no_tool_class() => VerifyAsync("""
        public partial class Catalog
        {
            /// <summary>Finds products.</summary>
            /// <param name="name">Part of the name.</param>
            [Tool]
            public string[] Find(string name) => [];
        }

        [Agent("You help customers.")]
        [{|DCL0014:UseTools(typeof(Catalog))|}]
        [{|DCL0014:UseTools(typeof(string))|}]
        [{|DCL0014:UseTools|}]
        public partial class Assistant;
        """);

    [Fact]
    public async Task DCL0014_says_why_IToolSet_is_not_enough()
    {
        var diagnostic = await SingleAsync("DCL0014", """
            [Agent("You help customers.")]
            public partial class Assistant([UseTools] IToolSet catalog);
            """);

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "[UseTools] on parameter 'catalog' gives agent 'Assistant' no tools: 'Declarative.IToolSet' is an interface, "
            + "so the names of its tools are not known at compile time; type the member as the generated tool set class",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("[UseTools(typeof(Catalog))]",
        "[UseTools] on the class gives agent 'Assistant' no tools: 'Catalog' is not static, so it has no shared tool set; "
        + "hold an instance in a [UseTools] field, property or constructor parameter")]
    [InlineData("[UseTools(typeof(System.Text.StringBuilder))]",
        "[UseTools] on the class gives agent 'Assistant' no tools: 'System.Text.StringBuilder' declares no [Tool] methods; "
        + "[UseTools(typeof(...))] takes a static class with [Tool] methods")]
    [InlineData("[UseTools]",
        "[UseTools] on the class gives agent 'Assistant' no tools: no tool class is named; write [UseTools(typeof(SomeTools))] "
        + "for a static tool class, or put [UseTools] on a member that holds a tool set")]
    public async Task DCL0014_says_what_is_wrong_with_a_class_attribute(string attribute, string message)
    {
        var diagnostic = await SingleAsync("DCL0014", """
            public partial class Catalog
            {
                /// <summary>Finds products.</summary>
                /// <param name="name">Part of the name.</param>
                [Tool]
                public string[] Find(string name) => [];
            }

            [Agent("You help customers.")]
            """ + "\n" + attribute + "\n" + """
            public partial class Assistant;
            """);

        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task DCL0014_points_a_member_typed_as_a_static_tool_class_to_the_class_attribute()
    {
        // C# itself rejects a parameter of a static type (CS0721); the analyzer still says what to write instead.
        var diagnostics = await AnalyzeAllowingErrorsAsync(["CS0721"], """
            public static partial class Units
            {
                /// <summary>Converts miles to kilometres.</summary>
                /// <param name="miles">The distance in miles.</param>
                [Tool]
                public static double ToKilometres(double miles) => miles * 1.609;
            }

            [Agent("You convert units.")]
            public partial class Converter([UseTools] Units units);
            """);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(
            "[UseTools] on parameter 'units' gives agent 'Converter' no tools: 'Units' is a static class; put [UseTools(typeof(Units))] on the agent class instead",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task DCL0014_sources_take_no_part_in_name_clashes() => VerifyAsync("""
        [Agent("You help customers.")]
        public partial class Assistant([UseTools] IToolSet {|DCL0014:first|}, [UseTools] IToolSet {|DCL0014:second|});
        """);

    [Fact]
    public Task UseTools_outside_an_agent_is_not_checked() => VerifyAsync("""
        public partial class Holder([UseTools] IToolSet tools);
        """);
}
