namespace Declarative.Orchestration;

/// <summary>What a child run is given by its parent: the shared scope and its own trace builder (linked to the parent's).</summary>
/// <param name="Scope">The multi-agent run's shared scope.</param>
/// <param name="Trace">The child's own trace builder, whose <see cref="RunTraceBuilder.Parent"/> is the parent's.</param>
internal sealed record ChildRunContext(OrchestrationScope Scope, RunTraceBuilder Trace);
