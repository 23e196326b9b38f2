using System.Diagnostics.CodeAnalysis;

namespace Declarative.Orchestration;

/// <summary>
/// A participant as it runs one hand-off turn: the same name, input and answer reader, but its agent also has
/// its transfer tools (<see cref="HandOffTurnAgent"/>), so the nested run can end the turn with a transfer.
/// </summary>
internal sealed class HandOffTurnParticipant : Participant
{
    private readonly Participant _inner;

    public HandOffTurnParticipant(Participant inner, HandOffToolSet transfers)
        : base(new HandOffTurnAgent(inner.Agent, transfers), inner.Name, inner.Description)
        => _inner = inner;

    internal override Type? InputType => _inner.InputType;

    internal override Type? OutputType => _inner.OutputType;

    internal override AgentRunner.OutputReader? Reader => _inner.Reader;

    internal override bool TryRender(in ParticipantInput input, [NotNullWhen(true)] out string? message, out IReadOnlyList<ToolError> errors)
        => _inner.TryRender(input, out message, out errors);
}
