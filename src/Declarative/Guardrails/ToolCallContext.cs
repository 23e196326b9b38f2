namespace Declarative.Guardrails;

/// <summary>A tool call as a tool guardrail sees it: after the arguments were read, before the tool runs.</summary>
/// <param name="AgentName">The agent whose call it is.</param>
/// <param name="Tool">The tool's descriptor.</param>
/// <param name="CallId">The model's id for the call (a plan step's id in plans).</param>
/// <param name="ArgumentsJson">The arguments, as JSON text, exactly as the tool will get them.</param>
public sealed record ToolCallContext(string AgentName, ToolDescriptor Tool, string CallId, string ArgumentsJson);
