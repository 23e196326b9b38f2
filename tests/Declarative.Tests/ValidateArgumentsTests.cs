using System.Text;
using Declarative.Tests.Support;
using Declarative.Tests.ToolSets;
using Xunit;

namespace Declarative.Tests;

/// <summary>
/// <see cref="IToolSet.ValidateArguments"/> is the generated reader without the call: it reports
/// exactly the errors an invocation would, and never runs the tool.
/// </summary>
public sealed class ValidateArgumentsTests
{
    public static IEnumerable<object[]> Refusals()
        => BadCalls.All.Select(b => new object[] { b.ToolClass, b.Tool, b.Arguments });

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Validation_reports_the_errors_an_invocation_reports(Type toolClass, string toolName, string arguments)
    {
        var tools = ToolCatalog.Create(toolClass);

        var errors = tools.ValidateArguments(toolName, Encoding.UTF8.GetBytes(arguments), ToolInvocationOptions.Default);
        var result = await tools.InvokeAsync(toolName, arguments);

        Assert.NotNull(errors);
        Assert.NotEmpty(errors);
        Assert.Equal(result.Errors.Select(e => e.ToString()), errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Valid_arguments_give_no_errors_and_the_tool_does_not_run()
    {
        var tools = new LifecycleTools();

        var errors = ((IToolSet)tools).ValidateArguments("reset", "{}"u8.ToArray(), ToolInvocationOptions.Default);

        Assert.NotNull(errors);
        Assert.Empty(errors);
        Assert.Equal(0, tools.ResetCount);
    }

    [Fact]
    public void An_unknown_tool_is_one_error_at_the_root()
    {
        IToolSet tools = new LifecycleTools();

        var errors = tools.ValidateArguments("rest", "{}"u8.ToArray(), ToolInvocationOptions.Default);

        var error = Assert.Single(errors!);
        Assert.Equal("$", error.Path);
        Assert.Contains("did you mean 'reset'", error.Message);
    }

    [Fact]
    public void The_size_limit_applies_to_validation_too()
    {
        IToolSet tools = new LifecycleTools();

        var errors = tools.ValidateArguments("reset", Encoding.UTF8.GetBytes("{\"x\":\"" + new string('a', 100) + "\"}"), new ToolInvocationOptions { MaxArgumentBytes = 10 });

        Assert.Contains(errors!, e => e.Path == "$" && e.Message.Contains("bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hand_written_tool_set_says_it_cannot_validate()
    {
        IToolSet tools = new HandWritten();

        Assert.Null(tools.ValidateArguments("x", "{}"u8.ToArray(), ToolInvocationOptions.Default));
    }

    [Fact]
    public void A_composite_routes_validation_to_the_owning_set()
    {
        var composite = new CompositeToolSet(new LifecycleTools(), new HandWritten());

        Assert.Empty(composite.ValidateArguments("reset", "{}"u8.ToArray(), ToolInvocationOptions.Default)!);
        Assert.Null(composite.ValidateArguments("x", "{}"u8.ToArray(), ToolInvocationOptions.Default));
        Assert.Equal("$", Assert.Single(composite.ValidateArguments("nope", "{}"u8.ToArray(), ToolInvocationOptions.Default)!).Path);
    }

    private sealed class HandWritten : IToolSet
    {
        public IReadOnlyList<ToolDescriptor> Tools { get; } = [new ToolDescriptor("x", "", """{"type":"object"}""", null)];

        public ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, CancellationToken cancellationToken = default)
            => new(ToolResult.Void);
    }
}
