using System.Globalization;
using Microsoft.CodeAnalysis;
using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>DCL0017: a tool whose arguments have no strict schema variant, with the generator's own reason.</summary>
public sealed class StrictSchemaRuleTests
{
    [Fact]
    public Task DCL0017_is_reported_on_the_method_name() => VerifyAsync("""
        public partial class Settings
        {
            /// <summary>Updates settings.</summary>
            /// <param name="values">The settings to change.</param>
            [Tool]
            public void {|DCL0017:UpdateSettings|}(Dictionary<string, string> values) { }
        }
        """);

    [Theory]
    [InlineData("Dictionary<string, int> counts", "dictionaries are open objects")]
    [InlineData("System.Text.Json.JsonElement payload", "'any' values have no strict schema")]
    [InlineData("Node tree", "type 'Node' is recursive")]
    [InlineData("List<Node?> forest", "type 'Node' is recursive")]
    public async Task DCL0017_gives_the_reason(string parameter, string reason)
    {
        var diagnostic = await SingleAsync("DCL0017", """
            public sealed class Node
            {
                public string Name { get; set; } = "";

                public List<Node> Children { get; set; } = [];
            }

            public partial class Tools
            {
                /// <summary>Stores a value.</summary>
                [Tool]
                public void Store(
            """ + parameter + """
            ) { }
            }
            """);

        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal(
            "Tool 'store' has no strict schema (" + reason + "), so strict function calling sends it in non-strict form",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task DCL0017_comes_with_DCL0011_for_a_type_left_to_System_Text_Json()
    {
        var diagnostics = await AnalyzeAsync("""
            public partial class Notes
            {
                /// <summary>Stores a note.</summary>
                /// <param name="metadata">Anything.</param>
                [Tool]
                public void AddNote(object metadata) { }
            }
            """);

        Assert.Equal(["DCL0011", "DCL0017"], diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Equal(
            "Tool 'add_note' has no strict schema (type 'object' is left to System.Text.Json), so strict function calling sends it in non-strict form",
            diagnostics.Single(d => d.Id == "DCL0017").GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task DCL0017_is_not_reported_for_closed_types_optional_parameters_or_results() => VerifyAsync("""
        public enum Unit { Metric, Imperial }

        public sealed record Change(string Name, string? Value, int[] Scores);

        public partial class Settings
        {
            /// <summary>Updates settings.</summary>
            /// <param name="changes">The changes.</param>
            /// <param name="unit">The unit.</param>
            /// <param name="note">A note.</param>
            [Tool]
            public Dictionary<string, int> Update(List<Change> changes, Unit unit = Unit.Metric, string? note = null, CancellationToken cancellationToken = default) => [];
        }
        """);

    [Fact]
    public Task DCL0017_is_not_reported_for_a_tool_the_generator_skips() => VerifyIgnoringAsync(["DCL0002"], """
        public partial class Tools
        {
            /// <summary>Stores a value.</summary>
            /// <param name="values">The values.</param>
            /// <param name="callback">Called after.</param>
            [Tool]
            public void Store(Dictionary<string, int> values, Action callback) { }
        }
        """);
}
