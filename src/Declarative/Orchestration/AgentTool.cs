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
    public static IToolSet Create(Participant specialist, string? toolName = null)
        => throw new NotImplementedException("multi-agent runtime: in progress");
}
