using System.Globalization;
using Microsoft.CodeAnalysis;
using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>The rules about one tool method's signature and name: DCL0002 to DCL0006 and DCL0008.</summary>
public sealed class ToolMethodRuleTests
{
    // The description rules have their own tests; here they would only add noise.
    private static readonly string[] Descriptions = ["DCL0009", "DCL0010"];

    [Fact]
    public Task DCL0002_is_reported_on_a_parameter_whose_type_cannot_be_described() => VerifyIgnoringAsync(Descriptions, """
        public partial class Native
        {
            [Tool]
            public void Use(string name, {|DCL0002:System.IntPtr handle|}, int count = 3) { }
        }
        """);

    [Fact]
    public async Task DCL0002_names_the_type_the_reason_and_the_path_to_a_nested_type()
    {
        var diagnostic = await SingleAsync("DCL0002", """
            public partial class Orders
            {
                [Tool(Description = "Places an order.")]
                public void PlaceOrder([Description("The order.")] Order order) { }
            }

            public sealed class Order
            {
                public List<Line> Lines { get; set; } = [];
            }

            public sealed class Line
            {
                public string Sku { get; set; } = "";
                public System.IntPtr Handle { get; set; }
            }
            """);

        // Types are shown as the compiler's own messages show them: System.IntPtr is 'nint' since C# 11.
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "Parameter 'order' of tool 'place_order' cannot be described to a model: type 'nint' at 'order.lines[].handle' is not supported (native-sized integers have no JSON representation)",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("Order order", Text(diagnostic.Location));
    }

    [Theory]
    [InlineData("Dictionary<int, string> map", "dictionary keys must be strings")]
    [InlineData("int[,] grid", "multi-dimensional arrays are not supported")]
    [InlineData("Action callback", "delegates cannot cross the model boundary")]
    [InlineData("CancellationToken? token", "a CancellationToken is bound to the call")]
    [InlineData("NoConstructor value", "no public constructor")]
    public async Task DCL0002_explains_each_kind_of_unsupported_type(string parameter, string reason)
    {
        var diagnostic = await SingleAsync("DCL0002", $$"""
            public partial class Tools
            {
                [Tool(Description = "Does it.")]
                public void DoIt([Description("The value.")] {{parameter}}) { }
            }

            public sealed class NoConstructor
            {
                private NoConstructor() { }
                public int Value { get; set; }
            }
            """);

        Assert.Equal(parameter, Text(diagnostic.Location));
        Assert.Contains(reason, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public Task DCL0003_is_reported_on_the_return_type_syntax() => VerifyIgnoringAsync(Descriptions, """
        public partial class Lookups
        {
            [Tool]
            public async {|DCL0003:Task<Dictionary<int, string>>|} Codes() { await Task.Yield(); return []; }

            [Tool]
            public {|DCL0003:IAsyncEnumerable<string>|} Stream() => throw new NotImplementedException();

            [Tool]
            public {|DCL0003:Result|} Get() => new();
        }

        public sealed class Result
        {
            public Dictionary<string, System.UIntPtr> Handles { get; set; } = [];
        }
        """);

    [Fact]
    public async Task DCL0003_names_the_type_the_reason_and_the_path_from_the_return_value()
    {
        var diagnostic = await SingleAsync("DCL0003", """
            public partial class Lookups
            {
                [Tool(Description = "Gets handles.")]
                public ValueTask<Result> GetHandles() => default;
            }

            public sealed class Result
            {
                public Dictionary<string, System.UIntPtr> Handles { get; set; } = [];
            }
            """);

        Assert.Equal(
            "The return type of tool 'get_handles' cannot be described to a model: type 'nuint' at 'return.handles{}' is not supported (native-sized integers have no JSON representation)",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("ValueTask<Result>", Text(diagnostic.Location));
    }

    [Fact]
    public Task DCL0003_is_reported_for_ref_returns() => VerifyIgnoringAsync(Descriptions, """
        public partial class Counters
        {
            private int _count;

            [Tool]
            public {|DCL0003:ref int|} Count() => ref _count;
        }
        """);

    [Theory]
    [InlineData("ref int count", "passed by 'ref'")]
    [InlineData("out int count", "an 'out' parameter")]
    [InlineData("in int count", "passed by 'in'")]
    [InlineData("ref readonly int count", "passed by 'ref readonly'")]
    [InlineData("int* count", "'int*' is a pointer type")]
    [InlineData("Span<int> counts", "'System.Span<int>' is a ref struct")]
    [InlineData("ReadOnlySpan<char> text", "'System.ReadOnlySpan<char>' is a ref struct")]
    [InlineData("params List<int> counts", "'params' works only with arrays")]
    public async Task DCL0004_is_reported_on_the_whole_parameter_with_its_modifiers(string parameter, string reason)
    {
        var diagnostics = await AnalyzeAsync($$"""
            public unsafe partial class Counters
            {
                [Tool(Description = "Counts.")]
                public void Count([Description("The value.")] {{parameter}}) { {{(parameter.StartsWith("out", StringComparison.Ordinal) ? "count = 0;" : "")}} }
            }
            """);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("DCL0004", diagnostic.Id);
        Assert.Equal(parameter, Text(diagnostic.Location));
        Assert.Contains(reason, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public Task DCL0004_marks_each_bad_parameter_and_leaves_the_good_ones() => VerifyIgnoringAsync(Descriptions, """
        public partial class Counters
        {
            [Tool]
            public bool TryCount(string name, {|DCL0004:out int count|}, {|DCL0004:Span<byte> buffer|}, CancellationToken cancellationToken) { count = 0; return true; }
        }
        """);

    [Fact]
    public Task DCL0005_is_reported_on_the_identifier_of_a_generic_tool() => VerifyAsync("""
        public partial class Echo
        {
            /// <summary>Echoes a value.</summary>
            /// <param name="value">The value.</param>
            [Tool]
            public T {|DCL0005:Repeat|}<T>(T value) => value;
        }
        """);

    [Fact]
    public Task DCL0006_is_reported_on_the_identifier_of_an_async_void_tool() => VerifyAsync("""
        public partial class Mailer
        {
            /// <summary>Sends mail.</summary>
            /// <param name="to">The recipient.</param>
            [Tool]
            public async void {|DCL0006:SendAsync|}(string to) => await Task.Delay(1);

            /// <summary>Sends mail and waits.</summary>
            /// <param name="to">The recipient.</param>
            [Tool]
            public async Task SendAndWaitAsync(string to) => await Task.Delay(1);

            /// <summary>Forgets.</summary>
            [Tool]
            public void Forget() { }
        }
        """);

    [Fact]
    public Task DCL0008_is_reported_on_the_explicit_name_argument() => VerifyIgnoringAsync(Descriptions, """
        public partial class Weather
        {
            [Tool({|DCL0008:"get weather"|})]
            public string Get() => "";

            [Tool({|DCL0008:""|}, Description = "Empty.")]
            public string Empty() => "";

            [Tool({|DCL0008:"a_name_that_is_far_too_long_for_any_model_provider_to_accept_as_a_tool_name"|})]
            public string Long() => "";

            [Tool("get_weather-v2")]
            public string Valid() => "";
        }
        """);

    [Theory]
    [InlineData("get weather", "it contains ' '")]
    [InlineData("", "it is empty")]
    [InlineData("a_name_that_is_far_too_long_for_any_model_provider_to_accept_as_a_tool_name", "it is 75 characters long and the limit is 64")]
    public async Task DCL0008_says_why_the_name_is_invalid(string name, string reason)
    {
        var diagnostic = await SingleAsync("DCL0008", $$"""
            public partial class Weather
            {
                [Tool("{{name}}", Description = "Weather.")]
                public string Get() => "";
            }
            """);

        Assert.Equal(
            $"'{name}' is not a valid tool name ({reason}); tool names must match ^[a-zA-Z0-9_-]{{1,64}}$",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task DCL0008_is_reported_on_the_method_when_the_derived_name_is_invalid() => VerifyIgnoringAsync(Descriptions, """
        public partial class Sizes
        {
            [Tool]
            public int {|DCL0008:Größe|}() => 1;

            [Tool("groesse")]
            public int Größe2() => 1;
        }
        """);

    private static string Text(Location location) => location.SourceTree!.GetText().ToString(location.SourceSpan);
}
