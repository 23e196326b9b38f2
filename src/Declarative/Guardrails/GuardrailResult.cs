namespace Declarative.Guardrails;

/// <summary>What a guardrail decided: pass, or a tripwire with a reason (which ends the run, or becomes feedback the model may act on).</summary>
public sealed record GuardrailResult
{
    private static readonly GuardrailResult Passed = new();

    /// <summary>Whether the guardrail tripped.</summary>
    public bool Tripped { get; init; }

    /// <summary>Why, when it tripped.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// When tripped: send the reason to the model as feedback and let the run go on, instead of ending it.
    /// (For a tool guardrail: the tool does not run, and the model is told why.)
    /// </summary>
    public bool AsFeedback { get; init; }

    /// <summary>A pass.</summary>
    public static GuardrailResult Pass() => Passed;

    /// <summary>A tripwire that ends the run with <see cref="AgentRunStatus.GuardrailTripped"/>.</summary>
    /// <param name="reason">Why.</param>
    public static GuardrailResult Trip(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new GuardrailResult { Tripped = true, Reason = reason };
    }

    /// <summary>A tripwire whose reason goes back to the model as feedback; the run goes on.</summary>
    /// <param name="reason">What the model should change.</param>
    public static GuardrailResult Feedback(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new GuardrailResult { Tripped = true, Reason = reason, AsFeedback = true };
    }
}
