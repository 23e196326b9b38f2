namespace Declarative.Evaluation;

/// <summary>
/// The names of a run's components, one scheme for graders, the error analysis and the cost table:
/// <c>answer</c> (the run as a whole), <c>plan</c>, <c>tool:&lt;name&gt;</c> and <c>agent:&lt;name&gt;</c>.
/// </summary>
public static class Components
{
    /// <summary>The end result: the final answer, the run as a whole. End-to-end graders grade it.</summary>
    public const string Answer = "answer";

    /// <summary>The plan of a plan-and-execute run: its validation and its steps as a whole.</summary>
    public const string Plan = "plan";

    /// <summary>A tool's calls (in the loop or as plan steps).</summary>
    /// <param name="toolName">The tool's name as the model sees it.</param>
    public static string Tool(string toolName) => "tool:" + toolName;

    /// <summary>A nested agent's invocations (a specialist, a participant, a hand-off target) — or the run's own agent's model calls.</summary>
    /// <param name="agentName">The agent's name in the run.</param>
    public static string Agent(string agentName) => "agent:" + agentName;
}
