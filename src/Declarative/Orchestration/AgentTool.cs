namespace Declarative.Orchestration;

/// <summary>
/// A specialist agent as a manager's tool: its parameters are the specialist's input schema (a
/// <c>request</c> string for a text agent), its result the specialist's typed answer. Calling it runs the
/// specialist — its own tools, model, limits and checks — as a nested run of the manager's run: its cost and
/// trace roll up into the manager's, its spans nest under the manager's <c>execute_tool</c>. The manager never
/// gets the specialist's tools. <see cref="UseAgentAttribute"/> generates this; use it directly for
/// specialists known only at run time.
/// </summary>
/// <remarks>
/// A specialist's failure comes back to the manager as a tool error it can act on; asking one specialist exactly the
/// same thing twice in a run is refused the second time (agents delegating in circles), and every nested run counts
/// against <see cref="AgentRunOptions.MaxAgentInvocations"/> and the run's budget. Only an <see cref="AgentRunner"/> run
/// can run the nested run; any other caller of the tool set gets an error result saying so.
/// </remarks>
public static class AgentTool
{
    /// <summary>Makes a tool set of one tool that delegates to <paramref name="specialist"/>.</summary>
    /// <param name="specialist">The specialist.</param>
    /// <param name="toolName">The tool's name; the snake_case of the participant's name when null.</param>
    /// <returns>A tool set to give the manager (with <c>[UseTools]</c> or <see cref="Agent.Create(string, string, IToolSet[])"/>).</returns>
    public static IToolSet Create(Participant specialist, string? toolName = null)
    {
        ArgumentNullException.ThrowIfNull(specialist);
        return new SpecialistTool(specialist, string.IsNullOrEmpty(toolName) ? ToolName(specialist.Name) : toolName);
    }

    // The generator's rule for a default tool name (Naming.ToolName): "Async" dropped, then snake_case, a word starting
    // at a capital after a lower-case letter or digit, or at the last capital of an acronym followed by lower case.
    internal static string ToolName(string name)
    {
        if (name.Length > 5 && name.EndsWith("Async", StringComparison.Ordinal))
        {
            name = name[..^5];
        }
        var builder = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsUpper(c))
            {
                builder.Append(c);
                continue;
            }
            if (i > 0 && name[i - 1] != '_')
            {
                var before = name[i - 1];
                var after = i + 1 < name.Length ? name[i + 1] : '\0';
                if (char.IsLower(before) || char.IsDigit(before) || (char.IsUpper(before) && char.IsLower(after)))
                {
                    builder.Append('_');
                }
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
