namespace Declarative.Orchestration;

/// <summary>The ways agents are composed.</summary>
public enum CompositionKind
{
    /// <summary>Stages in order, each given the previous stage's answer.</summary>
    Sequential,

    /// <summary>The same input to every branch at once; their answers joined.</summary>
    Parallel,

    /// <summary>One conversation passed between agents through <c>transfer_to_&lt;name&gt;</c> tools.</summary>
    HandOff,

    /// <summary>Several agents sharing one transcript, a speaker chosen each turn.</summary>
    GroupChat,
}
