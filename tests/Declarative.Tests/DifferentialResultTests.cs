using System.Text.Json;
using Declarative.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Declarative.Tests;

/// <summary>
/// For valid arguments, the generated reader, call and writer give the same JSON result as
/// <c>AIFunctionFactory.Create(method, target).InvokeAsync(...)</c> given the same arguments.
/// </summary>
public sealed class DifferentialResultTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> ValidCalls()
        => Samples.Valid.Where(c => !Samples.NoReferenceResult.ContainsKey(c.Tool))
                        .Select(c => new object[] { c.ToolClass, c.Tool, c.Arguments });

    public static IEnumerable<object[]> AllValidCalls()
        => Samples.Valid.Select(c => new object[] { c.ToolClass, c.Tool, c.Arguments });

    [Theory]
    [MemberData(nameof(ValidCalls))]
    public async Task Result_matches_AIFunctionFactory(Type toolClass, string toolName, string arguments)
    {
        var ours = await ToolCatalog.Create(toolClass).InvokeAsync(toolName, arguments);
        Assert.False(ours.IsError, ours.ToString());

        var theirs = await ToolCatalog.Reference(toolClass, toolName).InvokeAsync(ToolCatalog.Arguments(arguments));
        JsonElement? expected = theirs switch
        {
            null => null,
            JsonElement element => element,
            var other => JsonSerializer.SerializeToElement(other, other.GetType(), Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions),
        };

        output.WriteLine("ours:   " + System.Text.Encoding.UTF8.GetString(ours.Utf8Json.Span));
        output.WriteLine("theirs: " + expected?.GetRawText());

        // AIJsonUtilities.DefaultOptions ignores null properties when writing (WhenWritingNull); ours
        // writes them, as the schema lists them. A member null on one side and absent on the other is equal.
        var differences = JsonDiff.Compare(expected, ours.Value, absentEqualsNull: true);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Theory]
    [MemberData(nameof(AllValidCalls))]
    public async Task Valid_arguments_succeed_and_the_result_text_is_compact_json(Type toolClass, string toolName, string arguments)
    {
        var result = await ToolCatalog.Create(toolClass).InvokeAsync(toolName, arguments);

        Assert.False(result.IsError, result.ToString());
        Assert.Empty(result.Errors);
        var text = System.Text.Encoding.UTF8.GetString(result.Utf8Json.Span);
        var parsed = JsonElement.Parse(text);
        Assert.DoesNotContain('\n', text);
        if (result.Value is { } value)
        {
            Assert.True(JsonDiff.Equal(parsed, value));
            Assert.Equal(text, result.ToString());
        }
        else
        {
            Assert.Equal("null", text);
        }
    }

    [Fact]
    public async Task The_readonly_set_tool_reads_what_System_Text_Json_cannot()
    {
        var tools = new ToolSets.CollectionTools();
        var result = await ((IToolSet)tools).InvokeAsync("has_dark_blue", """{"colors":["Red","dark-blue"]}""");
        Assert.False(result.IsError, result.ToString());
        Assert.True(result.Value!.Value.GetBoolean());
    }

    [Fact]
    public async Task Every_tool_has_a_valid_sample_unless_it_always_throws()
    {
        var covered = Samples.Valid.Select(c => (c.ToolClass, c.Tool)).ToHashSet();
        foreach (var row in ToolCatalog.AllTools())
        {
            var (type, name) = ((Type)row[0], (string)row[1]);
            Assert.True(covered.Contains((type, name)) || Samples.NoValidSample.ContainsKey(name), $"no valid sample for {type.Name}.{name}");
        }
        await Task.CompletedTask;
    }
}
