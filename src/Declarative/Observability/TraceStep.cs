using System.Text.Json.Serialization;

namespace Declarative;

/// <summary>One step of a run: a model call, a tool call, a check or a plan step.</summary>
/// <remarks>
/// Steps are values: the runner records each one when it has ended, and nothing changes it afterwards.
/// Build them with object initializers (in tests, or to write traces of your own); read them from
/// <see cref="RunTrace.Steps"/>.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ModelCallStep), "model_call")]
[JsonDerivedType(typeof(ToolCallStep), "tool_call")]
[JsonDerivedType(typeof(OutputValidationStep), "output_validation")]
[JsonDerivedType(typeof(PlanValidationStep), "plan_validation")]
[JsonDerivedType(typeof(PlanStepCall), "plan_step")]
[JsonDerivedType(typeof(CheckStep), "check")]
[JsonDerivedType(typeof(ReflectionRoundStep), "reflection_round")]
[JsonDerivedType(typeof(GuardrailStep), "guardrail")]
[JsonDerivedType(typeof(AgentInvocationStep), "agent_invocation")]
public abstract class TraceStep
{
    /// <summary>The step's position in the run, from 0.</summary>
    public int Index { get; init; }

    /// <summary>The loop iteration (model turn) it belongs to, from 1.</summary>
    public int Iteration { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long it took.</summary>
    public TimeSpan Duration { get; init; }
}
