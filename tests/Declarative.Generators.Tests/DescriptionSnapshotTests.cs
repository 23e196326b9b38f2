using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>Where descriptions come from, and which wins.</summary>
public sealed class DescriptionSnapshotTests
{
    private const string DocComments = """
        using Declarative;

        namespace Demo;

        public partial class Weather
        {
            /// <summary>
            /// Gets the forecast for a city.
            /// Uses <see cref="Weather"/> data and <c>metric</c> units.
            /// </summary>
            /// <param name="city">The city's name, e.g. "Paris".</param>
            /// <param name="days">How many days &amp; nights, 1 to 7.</param>
            /// <returns>One line per day.</returns>
            [Tool]
            public string[] Forecast(string city, int days = 3) => [];
        }
        """;

    [Fact]
    public void From_the_Tool_attribute() => GeneratorAssert.MatchesSnapshots("""
        using System.ComponentModel;
        using Declarative;

        namespace Demo;

        public partial class Tools
        {
            /// <summary>Loses to the attribute.</summary>
            [Tool(Description = "Adds two numbers.")]
            [Description("Also loses to the Tool attribute.")]
            public int Add(int a, int b) => a + b;
        }
        """);

    [Fact]
    public void From_Description_attributes() => GeneratorAssert.MatchesSnapshots("""
        using System.ComponentModel;
        using Declarative;

        namespace Demo;

        public partial class Tools
        {
            /// <summary>Loses to the attribute.</summary>
            /// <param name="a">Loses to the attribute.</param>
            [Tool]
            [Description("Adds two numbers.")]
            public int Add([Description("The first addend.")] int a, int b) => a + b;
        }
        """);

    [Fact]
    public void From_XML_doc_comments_without_a_documentation_file() => GeneratorAssert.MatchesSnapshots(DocComments, DocumentationMode.None);

    [Theory]
    [InlineData(DocumentationMode.Parse)]
    [InlineData(DocumentationMode.Diagnose)]
    public void XML_doc_comments_read_the_same_in_every_documentation_mode(DocumentationMode mode)
    {
        var none = GeneratorAssert.Checked(TestCompilation.Create(DocComments, DocumentationMode.None)).Files;
        var other = GeneratorAssert.Checked(TestCompilation.Create(DocComments, mode)).Files;

        Assert.Equal(none, other);
    }
}
