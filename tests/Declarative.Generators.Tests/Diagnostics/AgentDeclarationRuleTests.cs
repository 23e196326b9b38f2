using System.Globalization;
using Microsoft.CodeAnalysis;
using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>The rules on an agent's declaration: DCL0015 (the class), DCL0016 (its output type) and DCL0018 (its instructions).</summary>
public sealed class AgentDeclarationRuleTests
{
    [Fact]
    public Task DCL0015_is_reported_on_the_identifier_of_a_class_that_is_not_partial() => VerifyAsync("""
        [Agent("You summarize tickets.")]
        public class {|DCL0015:Summarizer|}
        {
        }
        """);

    [Fact]
    public Task DCL0015_is_reported_on_a_static_partial_class() => VerifyAsync("""
        [Agent("You summarize tickets.")]
        public static partial class {|DCL0015:Summarizer|};
        """);

    [Fact]
    public Task DCL0015_is_reported_on_the_agent_when_a_containing_type_is_not_partial() => VerifyAsync("""
        public class Agents
        {
            [Agent("You summarize tickets.")]
            public partial class {|DCL0015:Summarizer|};
        }
        """);

    [Fact]
    public Task DCL0015_is_reported_on_the_part_carrying_the_attribute() => VerifyAsync(
        """
        public partial class Summarizer;
        """,
        """
        [Agent("You summarize tickets.")]
        public static partial class {|DCL0015:Summarizer|};
        """);

    [Theory]
    [InlineData("""
        namespace Support;
        [Agent("You summarize tickets.")]
        public class Summarizer;
        """, "'Support.Summarizer' cannot be an agent: it is not partial, so the generator cannot add IAgent to it; declare it 'partial'")]
    [InlineData("""
        [Agent("You summarize tickets.")]
        public static partial class Summarizer;
        """, "'Summarizer' cannot be an agent: it is static, but an agent is an instance that holds its tool sets; remove 'static'")]
    [InlineData("""
        public partial struct Outer
        {
            public class Middle
            {
                [Agent("You summarize tickets.")]
                public partial class Summarizer;
            }
        }
        """, "'Outer.Middle.Summarizer' cannot be an agent: its containing type 'Outer.Middle' is not partial, so the generator cannot reopen it; declare it 'partial'")]
    [InlineData("""
        public partial interface IAgents
        {
            [Agent("You summarize tickets.")]
            public partial class Summarizer;
        }
        """, "'IAgents.Summarizer' cannot be an agent: its containing type 'IAgents' is an interface, which the generator cannot reopen; declare the agent in a partial class or at namespace level")]
    public async Task DCL0015_says_what_is_wrong(string source, string message)
    {
        var diagnostic = await SingleAsync("DCL0015", source);

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task DCL0015_leaves_a_missing_partial_on_an_agent_with_tools_to_DCL0001() => VerifyAsync("""
        public class {|DCL0001:Agents|}
        {
            [Agent("You summarize tickets.")]
            public class {|DCL0001:Summarizer|}
            {
                /// <summary>Reads a ticket.</summary>
                /// <param name="id">The ticket.</param>
                [Tool]
                public string Read(int id) => "";
            }
        }
        """);

    [Fact]
    public Task DCL0015_is_not_reported_on_a_partial_record_class() => VerifyAsync("""
        [Agent("You summarize tickets.")]
        public sealed partial record Summarizer(string Tone);
        """);

    [Fact]
    public Task DCL0015_is_reported_on_a_record_that_is_not_partial() => VerifyAsync("""
        [Agent("You summarize tickets.")]
        public sealed record {|DCL0015:Summarizer|}(string Tone);
        """);

    [Fact]
    public Task DCL0015_is_not_reported_on_partial_classes_and_nested_agents() => VerifyAsync("""
        [Agent("You summarize tickets.")]
        public partial class Summarizer;

        public partial record Host
        {
            [Agent("You summarize tickets.")]
            public sealed partial class HostedSummarizer;
        }

        public partial struct Outer
        {
            internal static partial class Middle
            {
                [Agent("You summarize tickets.")]
                private partial class Inner;
            }
        }
        """);

    [Fact]
    public Task DCL0016_is_reported_on_the_OutputType_argument() => VerifyAsync("""
        public sealed record Forecast(string City, (DateOnly Day, double Celsius)[] Days);

        [Agent("You forecast the weather.", {|DCL0016:OutputType = typeof(Forecast)|}, Model = "small")]
        public partial class Forecaster;
        """);

    [Fact]
    public async Task DCL0016_names_the_type_its_path_and_the_reason()
    {
        var diagnostic = await SingleAsync("DCL0016", """
            namespace Weather;

            public sealed class Forecast
            {
                public required string City { get; init; }

                public required List<Day> Days { get; init; }
            }

            public sealed class Day
            {
                public required Action Callback { get; init; }
            }

            [Agent("You forecast the weather.", Name = "forecaster", OutputType = typeof(Forecast))]
            public partial class Forecaster;
            """);

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "The output type 'Weather.Forecast' of agent 'forecaster' cannot be described to a model: "
            + "type 'System.Action' at 'output.days[].callback' is not supported (delegates cannot cross the model boundary)",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task DCL0016_reports_an_output_that_is_not_a_value()
    {
        var diagnostic = await SingleAsync("DCL0016", """
            [Agent("You forecast the weather.", OutputType = typeof(void))]
            public partial class Forecaster;
            """);

        Assert.Equal(
            "The output type 'void' of agent 'Forecaster' cannot be described to a model: type 'void' at 'output' is not supported (void is not a value)",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task DCL0016_is_not_reported_for_records_lists_enums_and_recursion() => VerifyAsync("""
        public enum Severity { Low, High }

        public sealed record Finding(string Text, Severity Severity, List<Finding> Related);

        public sealed record Review(string Summary, List<Finding> Findings, Dictionary<string, int> Counts, Severity? Worst);

        [Agent("You review code.", OutputType = typeof(Review))]
        public partial class Reviewer;

        [Agent("You count words.", OutputType = typeof(int))]
        public partial class Counter;
        """);

    [Fact]
    public Task DCL0018_is_reported_on_the_attribute_when_there_are_no_instructions() => VerifyAsync("""
        [{|DCL0018:Agent|}]
        public partial class Translator;

        [{|DCL0018:Agent(Model = "small", Description = "Translates.")|}]
        public partial class SmallTranslator;

        [{|DCL0018:Agent("  ")|}]
        public partial class BlankTranslator;

        [{|DCL0018:Agent(InstructionsResource = "")|}]
        public partial class EmptyResourceTranslator;
        """);

    [Fact]
    public async Task DCL0018_names_the_agent()
    {
        var diagnostic = await SingleAsync("DCL0018", """
            [Agent(Name = "translator")]
            public partial class Translator;
            """);

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            "Agent 'translator' has no instructions; pass them to [Agent(\"...\")] or name an embedded resource with InstructionsResource",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task DCL0018_is_not_reported_for_instructions_or_a_resource() => VerifyAsync("""
        [Agent("You translate into French.")]
        public partial class Translator;

        [Agent(InstructionsResource = "translator.md")]
        public partial class FileTranslator;
        """);
}
