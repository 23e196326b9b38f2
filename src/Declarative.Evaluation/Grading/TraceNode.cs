namespace Declarative.Evaluation;

/// <summary>
/// One step of a run's trace tree, in the order the run took them: a pre-order walk in which a specialist's
/// steps follow the manager's tool call that started it, and a participant's follow its invocation step.
/// </summary>
/// <param name="Order">The step's position in the walk, from 0: "first in trace order" means the smallest.</param>
/// <param name="Path">Where the step is: <c>steps[3]</c>; <c>steps[1].agent</c> (the specialist run by a manager's tool call, a node of its own right after the call) and <c>steps[1].agent.steps[0]</c> (a step inside it); <c>steps[2].steps[1]</c> (inside a composition participant's run).</param>
/// <param name="Step">The step.</param>
/// <param name="AgentName">The agent whose run the step belongs to.</param>
public sealed record TraceNode(int Order, string Path, TraceStep Step, string AgentName)
{
    /// <summary>Walks a trace in order.</summary>
    /// <param name="trace">The trace.</param>
    /// <returns>Every step at every depth.</returns>
    public static IReadOnlyList<TraceNode> Walk(RunTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var nodes = new List<TraceNode>(trace.Steps.Count);
        Walk(trace.Steps, "steps", trace.AgentName, nodes);
        return nodes;
    }

    private static void Walk(IReadOnlyList<TraceStep> steps, string prefix, string agentName, List<TraceNode> nodes)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var path = prefix + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
            nodes.Add(new TraceNode(nodes.Count, path, step, agentName));
            switch (step)
            {
                case ToolCallStep { Agent: { } specialist }:
                    // The specialist's run is a node of its own (so agent graders find it), then its steps.
                    nodes.Add(new TraceNode(nodes.Count, path + ".agent", specialist, agentName));
                    Walk(specialist.Steps, path + ".agent.steps", specialist.AgentName, nodes);
                    break;
                case AgentInvocationStep participant:
                    Walk(participant.Steps, path + ".steps", participant.AgentName, nodes);
                    break;
            }
        }
    }
}
