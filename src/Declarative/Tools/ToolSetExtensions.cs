using System.Text;
using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>Conveniences over <see cref="IToolSet"/>.</summary>
public static class ToolSetExtensions
{
    /// <summary>
    /// Exposes each tool as a <see cref="AIFunction"/> whose schema is the generated one and whose
    /// invocation goes through the generated dispatch, for use in any <see cref="IChatClient"/> pipeline.
    /// </summary>
    /// <param name="toolSet">The tool set.</param>
    /// <param name="options">Invocation options for every call; <see cref="ToolInvocationOptions.Default"/> if omitted.</param>
    public static IReadOnlyList<AIFunction> AsAIFunctions(this IToolSet toolSet, ToolInvocationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(toolSet);
        var tools = toolSet.Tools;
        var functions = new AIFunction[tools.Count];
        for (var i = 0; i < functions.Length; i++)
        {
            functions[i] = new ToolSetAIFunction(toolSet, tools[i], options ?? ToolInvocationOptions.Default);
        }
        return functions;
    }

    /// <summary>
    /// As <see cref="AsAIFunctions(IToolSet, ToolInvocationOptions?)"/>, but every tool declared with
    /// <see cref="ToolDescriptor.RequiresApproval"/> is wrapped in an <see cref="ApprovalRequiredAIFunction"/>,
    /// so <c>FunctionInvokingChatClient</c> (and agents built on it) asks for approval before calling it
    /// instead of calling it straight away.
    /// </summary>
    /// <param name="toolSet">The tool set.</param>
    /// <param name="options">Invocation options for every call; <see cref="ToolInvocationOptions.Default"/> if omitted.</param>
    /// <example><code>
    /// var chat = new FunctionInvokingChatClient(inner);
    /// var options = new ChatOptions { Tools = [.. store.AsAIFunctionsWithApproval()] };
    /// // A response may now hold ToolApprovalRequestContent; answer it with request.CreateResponse(approved).
    /// </code></example>
    public static IReadOnlyList<AIFunction> AsAIFunctionsWithApproval(this IToolSet toolSet, ToolInvocationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(toolSet);
        var functions = AsAIFunctions(toolSet, options);
        var wrapped = new AIFunction[functions.Count];
        for (var i = 0; i < wrapped.Length; i++)
        {
            wrapped[i] = toolSet.Tools[i].RequiresApproval ? new ApprovalRequiredAIFunction(functions[i]) : functions[i];
        }
        return wrapped;
    }

    /// <summary>Invokes a tool with arguments given as JSON text.</summary>
    /// <param name="toolSet">The tool set.</param>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="json">The arguments object as JSON text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <example><code>var result = await store.InvokeAsync("get_item_price", """{"itemId":"SG-001"}""");</code></example>
    public static ValueTask<ToolResult> InvokeAsync(this IToolSet toolSet, string toolName, string json,
                                                    CancellationToken cancellationToken = default)
        => InvokeAsync(toolSet, toolName, json, ToolInvocationOptions.Default, cancellationToken);

    /// <summary>Invokes a tool with arguments given as JSON text and explicit options.</summary>
    /// <param name="toolSet">The tool set.</param>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="json">The arguments object as JSON text.</param>
    /// <param name="options">Limits and error reporting.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static ValueTask<ToolResult> InvokeAsync(this IToolSet toolSet, string toolName, string json,
                                                    ToolInvocationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toolSet);
        ArgumentNullException.ThrowIfNull(options);
        return toolSet.InvokeAsync(toolName, Encoding.UTF8.GetBytes(json ?? ""), options, cancellationToken);
    }

    /// <summary>Finds a tool's descriptor by name, or returns <see langword="null"/>.</summary>
    /// <param name="toolSet">The tool set.</param>
    /// <param name="toolName">The tool's name.</param>
    public static ToolDescriptor? FindTool(this IToolSet toolSet, string toolName)
    {
        ArgumentNullException.ThrowIfNull(toolSet);
        foreach (var tool in toolSet.Tools)
        {
            if (tool.Name == toolName)
            {
                return tool;
            }
        }
        return null;
    }
}
