using Declarative.Generators.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>What an <c>[Agent]</c> class gets: its descriptor, its merged tool dispatch and its typed output.</summary>
public sealed class AgentSnapshotTests
{
    [Fact]
    public void Agent_with_used_tool_sets_and_a_typed_output() => GeneratorAssert.MatchesSnapshots("""
        using System.ComponentModel.DataAnnotations;
        using Declarative;

        namespace Demo;

        public partial class Weather
        {
            /// <summary>Gets the forecast.</summary>
            [Tool]
            public string Forecast(string city) => "sunny";
        }

        public static partial class Clock
        {
            /// <summary>Now, in UTC.</summary>
            [Tool(ReadOnly = true)]
            public static string Now() => "noon";
        }

        public sealed record Plan(string Summary, [property: Range(1, 5)] int Confidence);

        /// <summary>Plans a day out.</summary>
        [Agent("You plan days out.", OutputType = typeof(Plan), Model = "small")]
        [UseTools(typeof(Clock))]
        public partial class Planner([UseTools] Weather weather)
        {
            /// <summary>Books a table.</summary>
            [Tool(RequiresApproval = true)]
            public string Book(string place) => place + weather.GetHashCode();
        }
        """,
        only: ["Demo.Planner.Agent.g.cs", "Demo.Planner.Tools.g.cs"]);
}
