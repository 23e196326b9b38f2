using System.Linq;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Emitting;

internal static partial class ToolEmitter
{
    private const string Reflection = "global::Declarative.Reflection";

    private const string GuardrailsNs = "global::Declarative.Guardrails";

    private sealed partial class Context
    {
        /// <summary>The interfaces an agent's checks, critic and guardrails add: <c>, IReflectiveAgent&lt;T&gt;, IGuardedAgent</c>.</summary>
        private static string AgentHookInterfaces(AgentModel agent)
            => (agent.IsReflective ? ", " + Reflection + ".IReflectiveAgent<" + agent.Output!.TypeName + ">" : "")
                + (agent.Guardrails.Count > 0 ? ", " + GuardrailsNs + ".IGuardedAgent" : "");

        /// <summary>
        /// The agent's quality gate as the runtime reads it: <c>Checks</c> (one <c>OutputCheck&lt;T&gt;</c> per
        /// <c>[Check]</c> method), <c>Critic</c> (the <c>[Critic]</c> member) and <c>Guardrails</c>. The lists are
        /// built on first use and kept, so one agent instance always hands out the same objects.
        /// </summary>
        private void EmitAgentHooks(AgentModel agent)
        {
            if (agent.IsReflective)
            {
                var output = agent.Output!.TypeName;
                var checkType = Reflection + ".OutputCheck<" + output + ">";
                var listType = "global::System.Collections.Generic.IReadOnlyList<" + checkType + ">";
                var result = Tasks + ".ValueTask<" + Reflection + ".CheckResult>";
                _w.Line("private ", listType, "? __declarativeChecks;");
                _w.Line();
                _w.Line(listType + " " + Reflection + ".IReflectiveAgent<" + output + ">.Checks => __declarativeChecks ??= new " + checkType + "[]");
                _w.Line("{");
                _w.Indent();
                foreach (var check in agent.Checks)
                {
                    _w.Line("new " + checkType + "(" + Literals.String(check.Name) + ", (candidate, cancellationToken) => "
                        + HookCall(check, "candidate", result) + ", independent: " + Literals.Bool(check.Flag) + "),");
                }
                _w.Outdent();
                _w.Line("};");
                _w.Line();
                _w.Line(Runtime + ".IAgent<" + Reflection + ".RubricVerdict>? " + Reflection + ".IReflectiveAgent<" + output + ">.Critic => "
                    + (agent.CriticMember is null ? "null" : Naming.Escape(agent.CriticMember)) + ";");
                _w.Line();
            }

            if (agent.Guardrails.Count > 0)
            {
                var listType = "global::System.Collections.Generic.IReadOnlyList<" + GuardrailsNs + ".Guardrail>";
                var result = Tasks + ".ValueTask<" + GuardrailsNs + ".GuardrailResult>";
                _w.Line("private ", listType, "? __declarativeGuardrails;");
                _w.Line();
                _w.Line(listType, " ", GuardrailsNs, ".IGuardedAgent.Guardrails => __declarativeGuardrails ??= new ", GuardrailsNs, ".Guardrail[]");
                _w.Line("{");
                _w.Indent();
                foreach (var guardrail in agent.Guardrails)
                {
                    var name = Literals.String(guardrail.Name);
                    var line = guardrail.Kind switch
                    {
                        HookKind.InputGuardrail => "Input(" + name + ", (input, cancellationToken) => " + HookCall(guardrail, "input", result)
                            + ", concurrent: " + Literals.Bool(guardrail.Flag) + ")",
                        HookKind.OutputGuardrail => "Output(" + name + ", (output, cancellationToken) => " + HookCall(guardrail, "output", result) + ")",
                        HookKind.TypedOutputGuardrail => "Output<" + agent.Output!.TypeName + ">(" + name + ", (output, cancellationToken) => "
                            + HookCall(guardrail, "output", result) + ")",
                        _ => "ToolCall(" + name + ", (call, cancellationToken) => " + HookCall(guardrail, "call", result)
                            + string.Concat(guardrail.Tools.Select(t => ", " + Literals.String(t))) + ")",
                    };
                    _w.Line(GuardrailsNs, ".Guardrail.", line, ",");
                }
                _w.Outdent();
                _w.Line("};");
                _w.Line();
            }
        }

        /// <summary>The call of a hook method as a <c>ValueTask</c> of its result: sync and <c>Task</c> results are wrapped, a <c>ValueTask</c> is passed on.</summary>
        private static string HookCall(HookModel hook, string subject, string valueTaskType)
        {
            var call = (hook.IsStatic ? "" : "this.") + Naming.Escape(hook.MethodName) + "(" + subject + (hook.TakesCancellationToken ? ", cancellationToken" : "") + ")";
            return hook.Returns == ReturnKind.ValueTaskOfT ? call : "new " + valueTaskType + "(" + call + ")";
        }
    }
}
