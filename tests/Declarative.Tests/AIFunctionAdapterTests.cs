using System.Text.Json;
using Declarative.Tests.Support;
using Declarative.Testing;
using Declarative.Tests.ToolSets;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.Tests;

/// <summary><see cref="ToolSetExtensions.AsAIFunctions"/>: generated tools as M.E.AI functions.</summary>
public sealed class AIFunctionAdapterTests
{
    [Fact]
    public void Names_descriptions_and_schemas_are_the_descriptors()
    {
        foreach (var type in ToolCatalog.ToolClasses)
        {
            var tools = ToolCatalog.Create(type);
            var functions = tools.AsAIFunctions();

            Assert.Equal(tools.Tools.Count, functions.Count);
            for (var i = 0; i < functions.Count; i++)
            {
                var (function, descriptor) = (functions[i], tools.Tools[i]);
                Assert.Equal(descriptor.Name, function.Name);
                Assert.Equal(descriptor.Description, function.Description);
                Assert.Equal(descriptor.ParametersSchemaJson, function.JsonSchema.GetRawText());
                Assert.Equal(descriptor.ReturnSchemaJson, function.ReturnJsonSchema?.GetRawText());
                Assert.Equal(descriptor.ReadOnly, function.AdditionalProperties["declarative.readOnly"]);
                Assert.Equal(descriptor.RequiresApproval, function.AdditionalProperties["declarative.requiresApproval"]);
            }
        }
    }

    public static IEnumerable<object[]> ValidCalls() => Samples.Valid.Select(c => new object[] { c.ToolClass, c.Tool, c.Arguments });

    [Theory]
    [MemberData(nameof(ValidCalls))]
    public async Task Invoking_with_json_element_arguments_gives_the_direct_result(Type toolClass, string toolName, string arguments)
    {
        var direct = await ToolCatalog.Create(toolClass).InvokeAsync(toolName, arguments);
        var function = ToolCatalog.Create(toolClass).AsAIFunctions().Single(f => f.Name == toolName);

        var result = await function.InvokeAsync(ToolCatalog.Arguments(arguments));

        Assert.False(direct.IsError, direct.ToString());
        if (direct.Value is null)
        {
            Assert.Null(result);
        }
        else
        {
            var element = Assert.IsType<JsonElement>(result);
            Assert.Empty(JsonDiff.Compare(direct.Value, element));
        }
    }

    [Fact]
    public async Task Arguments_built_in_code_are_serialized_then_validated()
    {
        var function = MathTools.ToolSet.AsAIFunctions().Single(f => f.Name == "add");

        var result = await function.InvokeAsync(new AIFunctionArguments { ["a"] = 40, ["b"] = 2L });

        Assert.Equal(42, Assert.IsType<JsonElement>(result).GetInt32());

        var order = new Store().AsAIFunctions().Single(f => f.Name == "place_order");
        var receipt = await order.InvokeAsync(new AIFunctionArguments
        {
            ["order"] = new Order { Id = "o-7", CustomerEmail = "a@b.c", Priority = Priority.Low, Items = [new LineItem("S", 3, 2m)] },
        });
        var json = Assert.IsType<JsonElement>(receipt);
        Assert.Equal(6m, json.GetProperty("total").GetDecimal());
        Assert.Equal("Low", json.GetProperty("priority").GetString());
    }

    [Fact]
    public async Task A_refused_call_returns_an_error_object_not_an_exception()
    {
        var function = new Store().AsAIFunctions().Single(f => f.Name == "get_item_price");

        var result = await function.InvokeAsync(ToolCatalog.Arguments("""{"itemId":5,"colour":"Red"}"""));

        var json = Assert.IsType<JsonElement>(result);
        Assert.Contains("$.itemId", json.GetProperty("error").GetString(), StringComparison.Ordinal);
        var errors = json.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.GetProperty("path").GetString() == "$.itemId" && e.GetProperty("message").GetString()!.Contains("expected string", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.GetProperty("path").GetString() == "$.colour" && e.GetProperty("message").GetString()!.Contains("did you mean 'color'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tool_that_throws_returns_an_error_object()
    {
        var function = new LifecycleTools().AsAIFunctions().Single(f => f.Name == "explode");

        var result = await function.InvokeAsync(ToolCatalog.Arguments("""{"reason":"x"}"""));

        var json = Assert.IsType<JsonElement>(result);
        Assert.Contains("boom: x", json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("$", json.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Options_given_to_the_adapter_apply_to_every_call()
    {
        var function = new LifecycleTools().AsAIFunctions(new ToolInvocationOptions { IncludeExceptionDetails = true })
            .Single(f => f.Name == "explode");

        var result = await function.InvokeAsync(ToolCatalog.Arguments("""{"reason":"x"}"""));

        Assert.Contains("System.InvalidOperationException", Assert.IsType<JsonElement>(result).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_flows_through_the_adapter()
    {
        var tools = new LifecycleTools();
        var function = tools.AsAIFunctions().Single(f => f.Name == "wait");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await function.InvokeAsync(ToolCatalog.Arguments("""{"milliseconds":30000}"""), cts.Token));
        Assert.Equal(cts.Token, tools.LastToken);
    }

    [Fact]
    public async Task Functions_work_as_chat_tools()
    {
        // The real FunctionInvokingChatClient: the scripted model asks for two tools of two sets, the
        // middleware finds them among ChatOptions.Tools, invokes them, and sends the results back.
        var model = new ScriptedChatClient()
            .ThenToolCalls(("add", new { a = 1, b = 2 }, "c1"), ("get_item_price", new { itemId = "SG-001" }, "c2"))
            .ThenText("done");
        using var chat = new FunctionInvokingChatClient(model);
        var options = new ChatOptions { Tools = [.. new Store().AsAIFunctions(), .. MathTools.ToolSet.AsAIFunctions()] };

        var response = await chat.GetResponseAsync("add and price", options);

        Assert.Equal("done", response.Text);
        model.AssertScriptCompleted();
        var results = model.Requests[1].ToolResults.ToDictionary(r => r.CallId);
        Assert.Equal(3, Assert.IsType<JsonElement>(results["c1"].Result).GetInt32());
        Assert.Equal(new Store().GetItemPrice("SG-001"), Assert.IsType<JsonElement>(results["c2"].Result).GetDecimal());
    }

    [Fact]
    public async Task Tools_that_require_approval_ask_FunctionInvokingChatClient_first()
    {
        var functions = MathTools.ToolSet.AsAIFunctionsWithApproval();
        Assert.IsType<ApprovalRequiredAIFunction>(functions.Single(f => f.Name == "divide"));
        Assert.IsNotType<ApprovalRequiredAIFunction>(functions.Single(f => f.Name == "add"));

        foreach (var approved in new[] { true, false })
        {
            var model = new ScriptedChatClient()
                .ThenToolCalls(("divide", new { dividend = 6, divisor = 3 }, "c1"))
                .ThenText("answered");
            using var chat = new FunctionInvokingChatClient(model);
            var options = new ChatOptions { Tools = [.. functions] };
            List<ChatMessage> messages = [new(ChatRole.User, "divide")];

            var first = await chat.GetResponseAsync(messages, options);
            var request = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>());
            Assert.Single(model.Requests);
            messages.AddRange(first.Messages);
            messages.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved)]));
            var second = await chat.GetResponseAsync(messages, options);

            Assert.Equal("answered", second.Text);
            var result = Assert.Single(model.Requests[1].ToolResults);
            if (approved)
            {
                Assert.Equal(2m, Assert.IsType<JsonElement>(result.Result).GetDecimal());
            }
            else
            {
                Assert.IsNotType<JsonElement>(result.Result);
            }
        }
    }
}
