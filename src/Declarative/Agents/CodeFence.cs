namespace Declarative;

/// <summary>
/// Models sometimes wrap JSON in a Markdown code fence even when asked for JSON only. The agent loop
/// (typed answers) and the plan runner (plans) read what is inside through this one routine.
/// </summary>
internal static class CodeFence
{
    /// <summary>The text inside a fence that opens the text (its info string, such as <c>json</c>, dropped); otherwise the text, trimmed.</summary>
    public static string Strip(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }
        var firstLine = trimmed.IndexOf('\n');
        var end = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine < 0 || end <= firstLine ? trimmed : trimmed[(firstLine + 1)..end].Trim();
    }
}
