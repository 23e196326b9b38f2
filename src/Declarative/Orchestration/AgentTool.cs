namespace Declarative.Orchestration;

/// <summary>
/// A specialist agent as a manager's tool: its parameters are the specialist's input schema (a
/// <c>request</c> string for a text agent), its result the specialist's typed answer. Calling it runs the
/// specialist — its own tools, model, limits and checks — as a nested run of the manager's run: its cost and
/// trace roll up into the manager's, its spans nest under the manager's <c>execute_tool</c>. The manager never
/// gets the specialist's tools. <see cref="UseAgentAttribute"/> generates this; use it directly for
/// specialists known only at run time.
/// </summary>
public static class AgentTool
{
    /// <summary>Makes a tool set of one tool that delegates to <paramref name="specialist"/>.</summary>
    /// <param name="specialist">The specialist.</param>
    /// <param name="toolName">The tool's name; the snake_case of the participant's name when null.</param>
    /// <returns>A tool set to give the manager (with <c>[UseTools]</c> or <see cref="Agent.Create(string, string, IToolSet[])"/>).</returns>
    /// <remarks>
    /// <para>The tool's name is <paramref name="toolName"/>, else the snake_case of the participant's name (the
    /// generator's rule: <c>OrdersAgent</c> → <c>orders_agent</c>); its description the participant's; its
    /// parameters the specialist's input schema, or <c>{"request": string}</c> for a specialist that takes text;
    /// its result the typed answer's JSON (or the text as a JSON string).</para>
    /// <para>Run by an <see cref="AgentRunner"/>, a call runs the specialist with the manager's runner, models,
    /// options (its limits apply to the specialist's own run; <see cref="AgentRunOptions.ToolTimeout"/> does not,
    /// since its <see cref="AgentRunOptions.RunTimeout"/> does), budget, trace and stream. Arguments the
    /// specialist cannot read, and a specialist that does not complete, come back to the manager as tool errors
    /// it can act on. A repeated identical delegation is refused (<see cref="MultiAgentLimits"/>). Invoked
    /// outside a run, the tool returns an error result saying so.</para>
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="toolName"/> is empty, or the name is not a valid tool name.</exception>
    public static IToolSet Create(Participant specialist, string? toolName = null)
    {
        ArgumentNullException.ThrowIfNull(specialist);
        if (toolName is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(toolName);
        }
        var name = toolName ?? AgentNaming.ToolName(specialist.Name);
        if (name.Length > 64 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            throw new ArgumentException($"'{name}' is not a valid tool name (^[a-zA-Z0-9_-]{{1,64}}$); pass a tool name for the specialist '{specialist.Name}'.",
                nameof(toolName));
        }
        return new SpecialistToolSet(specialist, name);
    }
}
