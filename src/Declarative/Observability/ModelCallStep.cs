namespace Declarative;

/// <summary>A call to the model.</summary>
public sealed class ModelCallStep : TraceStep
{
    /// <summary>The model id requested (or reported by the response).</summary>
    public string? Model { get; init; }

    /// <summary>Messages sent.</summary>
    public int RequestMessageCount { get; init; }

    /// <summary>Characters of text sent (instructions, history, tool results).</summary>
    public long RequestCharacters { get; init; }

    /// <summary>The text of the response.</summary>
    public string? ResponseText { get; init; }

    /// <summary>The call ids of the tool calls the model asked for.</summary>
    public IReadOnlyList<string> ToolCallIds { get; init; } = [];

    /// <summary>Why the model stopped: stop, length, tool_calls, content_filter.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Tokens used by this call.</summary>
    public UsageTotals Usage { get; init; } = UsageTotals.Zero;

    /// <summary>What this call cost, when the model has a price.</summary>
    public decimal? Cost { get; init; }

    /// <summary>The error, when the call failed.</summary>
    public string? Error { get; init; }
}
