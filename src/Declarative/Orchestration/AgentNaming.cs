using System.Text;

namespace Declarative.Orchestration;

/// <summary>The generator's naming rules, applied at run time to agents known only then (the same rule as its <c>Naming.ToolName</c>; a test keeps them in step).</summary>
internal static class AgentNaming
{
    /// <summary>snake_case, a trailing <c>Async</c> dropped: <c>OrdersAgent</c> → <c>orders_agent</c>, <c>HTTPFetcher</c> → <c>http_fetcher</c>.</summary>
    public static string ToolName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 5 && name.EndsWith("Async", StringComparison.Ordinal))
        {
            name = name[..^5];
        }
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previous = i > 0 ? name[i - 1] : '\0';
                var next = i + 1 < name.Length ? name[i + 1] : '\0';
                if (i > 0 && previous != '_' && (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next))))
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>A hand-off tool's name: <c>transfer_to_</c> and the target's snake_case name.</summary>
    public static string HandOffToolName(string participantName) => "transfer_to_" + ToolName(participantName);
}
