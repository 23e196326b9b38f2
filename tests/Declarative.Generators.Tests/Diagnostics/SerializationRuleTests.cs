using System.Globalization;
using Microsoft.CodeAnalysis;
using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>DCL0011 and DCL0012: types the generator leaves to System.Text.Json, without or with a context.</summary>
public sealed class SerializationRuleTests
{
    private const string Types = """
        public interface IShape { double Area { get; } }

        public abstract class Animal { public string Name { get; set; } = ""; }

        [System.Text.Json.Serialization.JsonConverter(typeof(MoneyConverter))]
        public readonly record struct Money(decimal Amount, string Currency);

        public sealed class MoneyConverter : System.Text.Json.Serialization.JsonConverter<Money>
        {
            public override Money Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) => default;
            public override void Write(System.Text.Json.Utf8JsonWriter writer, Money value, System.Text.Json.JsonSerializerOptions options) { }
        }

        public sealed class Drawing
        {
            public string Title { get; set; } = "";
            public List<IShape> Shapes { get; set; } = [];
        }

        public sealed class ShapesContext { }
        """;

    [Fact]
    public Task DCL0011_is_reported_on_parameters_and_return_types_left_to_reflection() => VerifyAsync(
        """
        public partial class Canvas
        {
            /// <summary>Draws.</summary>
            /// <param name="shape">The shape.</param>
            /// <param name="tag">A tag.</param>
            /// <param name="image">The image.</param>
            /// <param name="price">The price.</param>
            /// <param name="drawing">The drawing.</param>
            /// <param name="size">The size.</param>
            [Tool]
            public {|DCL0011:Task<Animal>|} {|DCL0017:Draw|}(
                {|DCL0011:IShape shape|},
                {|DCL0011:object? tag|},
                {|DCL0011:byte[] image|},
                {|DCL0011:Money price|},
                {|DCL0011:Drawing drawing|},
                string size) => throw new NotImplementedException();
        }
        """,
        Types);

    [Fact]
    public async Task DCL0011_is_a_warning_that_names_the_type_the_path_and_the_fix()
    {
        var diagnostic = await SingleAsync("DCL0011", """
            public partial class Canvas
            {
                [Tool(Description = "Draws.")]
                public void Draw([Description("The drawing.")] Drawing drawing) { }
            }
            """, Types);

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            "Type 'IShape' at 'drawing.shapes[]' in tool 'draw' goes through System.Text.Json reflection (interfaces have no fixed shape), which is not safe under trimming or Native AOT; name a JsonSerializerContext with [ToolJsonSerializer] on 'Canvas'",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task DCL0012_replaces_DCL0011_when_the_class_names_a_serializer_context() => VerifyAsync(
        """
        [ToolJsonSerializer(typeof(ShapesContext))]
        public partial class Canvas
        {
            /// <summary>Draws.</summary>
            /// <param name="drawing">The drawing.</param>
            /// <param name="shape">The shape.</param>
            [Tool]
            public {|DCL0012:Animal|} {|DCL0017:Draw|}({|DCL0012:Drawing drawing|}, {|DCL0012:IShape shape|}) => throw new NotImplementedException();
        }
        """,
        Types);

    [Fact]
    public async Task DCL0012_is_information_that_names_the_context()
    {
        var diagnostic = await SingleAsync("DCL0012", """
            [ToolJsonSerializer(typeof(ShapesContext))]
            public partial class Canvas
            {
                [Tool(Description = "Draws.")]
                public void Draw([Description("The shape.")] IShape shape) { }
            }
            """, Types);

        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal(
            "Type 'IShape' at 'shape' in tool 'draw' goes through the JsonSerializerContext 'ShapesContext' (interfaces have no fixed shape)",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("IShape shape", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public Task An_unsupported_type_is_reported_as_DCL0002_only() => VerifyAsync(
        """
        public partial class Canvas
        {
            /// <summary>Draws.</summary>
            /// <param name="shapes">The shapes.</param>
            [Tool]
            public void Draw({|DCL0002:Dictionary<int, IShape> shapes|}) { }
        }
        """,
        Types);
}
