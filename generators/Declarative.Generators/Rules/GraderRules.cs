using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generators.Rules;

/// <summary>Which rule a <c>[Grader]</c> method breaks, and so which diagnostic reports it.</summary>
internal enum GraderProblemKind
{
    /// <summary>DCL0032: the parameter list.</summary>
    Parameters,

    /// <summary>DCL0033: the return type.</summary>
    Return,

    /// <summary>DCL0035: its <c>EvalRun&lt;T&gt;</c> does not match its <c>EvalCase&lt;TInput, TOutput&gt;</c>.</summary>
    Types,

    /// <summary>DCL0036: a <c>Tool</c>, <c>Agent</c> or <c>Optional</c> that cannot apply to what it grades.</summary>
    Filter,
}

/// <summary>One problem of a <c>[Grader]</c> method: the rule, a sentence naming what to change, and where it is.</summary>
internal sealed record GraderProblem(GraderProblemKind Kind, string Message, Location Location);

/// <summary>A <c>[Grader]</c> method the rules accept: its model and the case types it grades.</summary>
internal sealed record AcceptedGrader(GraderModel Model, ITypeSymbol Input, ITypeSymbol Output);

/// <summary>
/// The rules for <c>[Grader]</c> methods that both the generator and <c>GraderAnalyzer</c> apply: which
/// signatures are accepted (DCL0032, DCL0033), which filters apply to which steps (DCL0036), how a grader
/// and its component are named, and which graders of one class make its suite (DCL0035, DCL0037). The
/// generator emits exactly the graders these rules accept, so a diagnostic and the generated
/// <c>Graders</c> list cannot disagree.
/// </summary>
internal static class GraderRules
{
    /// <summary>The step types a component grader may take, with what each grades.</summary>
    private static readonly (KnownType Type, GraderSubject Subject)[] s_stepTypes =
    [
        (KnownType.ToolCallStep, GraderSubject.ToolCall),
        (KnownType.PlanStepCall, GraderSubject.PlanStep),
        (KnownType.AgentInvocationStep, GraderSubject.AgentInvocation),
        (KnownType.ModelCallStep, GraderSubject.ModelCall),
        (KnownType.PlanValidationStep, GraderSubject.PlanValidation),
    ];

    private const string Shapes = "(EvalCase<TInput, TOutput> case, EvalRun<TOutput> run[, CancellationToken]) for an end-to-end grader, or "
        + "(EvalCase<TInput, TOutput> case, ToolCallStep | PlanStepCall | AgentInvocationStep | ModelCallStep | PlanValidationStep step[, CancellationToken]) for a component grader";

    /// <summary>
    /// Whether the compilation can use graders at all: it references <c>Declarative.Evaluation</c> (its
    /// attribute, case, run and factory types). Without it the generator emits nothing for graders.
    /// </summary>
    public static bool IsAvailable(KnownTypeSymbols known)
        => known.Defines(KnownType.GraderAttribute) && known.Defines(KnownType.EvalCase) && known.Defines(KnownType.EvalRun)
            && known.Defines(KnownType.GraderFactory) && known.Defines(KnownType.GraderSuite) && known.Defines(KnownType.CheckResult);

    /// <summary>The <c>[Grader]</c> attribute of a method the generator would pick up, else null.</summary>
    public static AttributeData? GraderAttribute(IMethodSymbol method, KnownTypeSymbols known)
        => method.MethodKind == MethodKind.Ordinary && method.PartialDefinitionPart is null ? known.Attribute(method, KnownType.GraderAttribute) : null;

    /// <summary>A type's <c>[Grader]</c> methods, in declaration order.</summary>
    public static IEnumerable<(IMethodSymbol Method, AttributeData Attribute)> Graders(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol method && GraderAttribute(method, known) is { } attribute)
            {
                yield return (method, attribute);
            }
        }
    }

    /// <summary>The grader's name: the attribute's constructor argument, else snake_case of the method (<c>Async</c> dropped).</summary>
    public static string Name(IMethodSymbol method, AttributeData attribute)
        => attribute.ConstructorArguments.FirstOrDefault().Value is string { Length: > 0 } name ? name : Naming.ToolName(method.Name);

    /// <summary>
    /// The component a grader's grades are filed under: <c>Component</c> when given; else <c>answer</c> for an
    /// end-to-end grader, <c>tool:&lt;Tool&gt;</c> or <c>agent:&lt;Agent&gt;</c> for a filtered one (as the runtime's
    /// cost table names tools and agents), <c>plan</c> for unfiltered plan steps and validations, and <c>tools</c>,
    /// <c>agents</c> or <c>model</c> for unfiltered tool calls, agent invocations and model calls.
    /// </summary>
    public static string Component(GraderSubject subject, string? explicitComponent, string? tool, string? agent)
    {
        if (!string.IsNullOrEmpty(explicitComponent))
        {
            return explicitComponent!;
        }
        return subject switch
        {
            GraderSubject.Run => "answer",
            GraderSubject.ToolCall => tool is null ? "tools" : "tool:" + tool,
            GraderSubject.PlanStep => tool is null ? "plan" : "tool:" + tool,
            GraderSubject.AgentInvocation => agent is null ? "agents" : "agent:" + agent,
            GraderSubject.ModelCall => "model",
            _ => "plan",
        };
    }

    /// <summary>
    /// The model of a grader the generator emits, or null with every problem of its signature and filters.
    /// The class-level rules (<see cref="Suite"/>) are judged apart.
    /// </summary>
    public static AcceptedGrader? Build(IMethodSymbol method, AttributeData attribute, KnownTypeSymbols known, System.Threading.CancellationToken cancellationToken, out IReadOnlyList<GraderProblem> problems)
    {
        var found = new List<GraderProblem>();
        problems = found;
        var name = Name(method, attribute);
        var nameLocation = method.Locations.FirstOrDefault() ?? Location.None;
        var label = "Grader '" + name + "' (" + method.Name + ")";

        if (method.IsGenericMethod)
        {
            found.Add(new GraderProblem(GraderProblemKind.Parameters, label + " is generic; declare it without type parameters", nameLocation));
            return null;
        }
        var parameters = method.Parameters;
        if (parameters.Length < 2)
        {
            found.Add(new GraderProblem(GraderProblemKind.Parameters, label + " takes " + Display(parameters) + "; take " + Shapes, nameLocation));
            return null;
        }
        foreach (var parameter in parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                found.Add(new GraderProblem(GraderProblemKind.Parameters, label + " takes '" + parameter.Name + "' by reference; take it by value", Where(parameter)));
                return null;
            }
        }
        if (parameters.Length > 3 || (parameters.Length == 3 && !known.Is(parameters[2].Type, KnownType.CancellationToken)))
        {
            var extra = parameters.Length > 3 && known.Is(parameters[2].Type, KnownType.CancellationToken) ? parameters[3] : parameters[2];
            found.Add(new GraderProblem(GraderProblemKind.Parameters, label + " has the extra parameter '" + extra.Name + "' ("
                + extra.Type.ToDisplayString() + "); a grader takes the case, the run or a step, and optionally a CancellationToken last", Where(extra)));
            return null;
        }

        var caseType = parameters[0].Type as INamedTypeSymbol;
        if (caseType is null || !known.Is(caseType, KnownType.EvalCase) || caseType.TypeArguments.Length != 2)
        {
            found.Add(new GraderProblem(GraderProblemKind.Parameters, label + " takes '" + parameters[0].Type.ToDisplayString()
                + "' first; take the case, EvalCase<TInput, TOutput>, first", Where(parameters[0])));
            return null;
        }
        var input = caseType.TypeArguments[0];
        var output = caseType.TypeArguments[1];

        var subjectType = parameters[1].Type;
        GraderSubject? subject = null;
        if (known.Is(subjectType, KnownType.EvalRun) && subjectType is INamedTypeSymbol { TypeArguments.Length: 1 } run)
        {
            if (!SymbolEqualityComparer.Default.Equals(run.TypeArguments[0], output))
            {
                found.Add(new GraderProblem(GraderProblemKind.Types, label + " takes '" + subjectType.ToDisplayString() + "' but its case's output type is '"
                    + output.ToDisplayString() + "'; take EvalRun<" + output.ToDisplayString() + ">", Where(parameters[1])));
            }
            subject = GraderSubject.Run;
        }
        else
        {
            foreach (var (type, stepSubject) in s_stepTypes)
            {
                if (known.Is(subjectType, type))
                {
                    subject = stepSubject;
                }
            }
        }
        if (subject is null)
        {
            found.Add(new GraderProblem(GraderProblemKind.Parameters, label + " takes '" + subjectType.ToDisplayString()
                + "' second; take EvalRun<" + output.ToDisplayString() + "> (end-to-end) or one of ToolCallStep, PlanStepCall, AgentInvocationStep, ModelCallStep, PlanValidationStep (component)",
                Where(parameters[1])));
        }

        var (returns, value) = ToolParser.Return(method, known);
        var returnsBool = value?.SpecialType == SpecialType.System_Boolean;
        if (returns is not (ReturnKind.Value or ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT) || (!returnsBool && !known.Is(value, KnownType.CheckResult)))
        {
            found.Add(new GraderProblem(GraderProblemKind.Return, label + " returns '" + (method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString())
                + "'; return bool or CheckResult, directly or as Task<T> or ValueTask<T>", ReturnLocation(method, cancellationToken) ?? nameLocation));
        }

        if (subject is { } judged)
        {
            FilterProblems(judged, attribute, label, nameLocation, cancellationToken, found);
        }
        if (found.Count > 0 || subject is not { } graded)
        {
            return null;
        }

        var tool = NonEmpty(ToolRules.NamedArgument(attribute, "Tool") as string);
        var agent = NonEmpty(ToolRules.NamedArgument(attribute, "Agent") as string);
        var model = new GraderModel(
            Name: name,
            MethodName: method.Name,
            IsStatic: method.IsStatic,
            TakesCancellationToken: parameters.Length == 3,
            Returns: returns,
            ReturnsBool: returnsBool,
            Subject: graded,
            Component: Component(graded, ToolRules.NamedArgument(attribute, "Component") as string, tool, agent),
            Tool: tool,
            Agent: agent,
            Optional: ToolRules.NamedArgument(attribute, "Optional") is true);
        return new AcceptedGrader(model, input, output);
    }

    /// <summary>DCL0036: <c>Tool</c> applies to tool calls and plan steps, <c>Agent</c> to agent invocations, <c>Optional</c> to any component grader.</summary>
    private static void FilterProblems(GraderSubject subject, AttributeData attribute, string label, Location fallback, System.Threading.CancellationToken cancellationToken, List<GraderProblem> found)
    {
        var what = subject switch
        {
            GraderSubject.Run => "an end-to-end grader (it takes EvalRun)",
            GraderSubject.ToolCall => "a grader of ToolCallStep",
            GraderSubject.PlanStep => "a grader of PlanStepCall",
            GraderSubject.AgentInvocation => "a grader of AgentInvocationStep",
            GraderSubject.ModelCall => "a grader of ModelCallStep",
            _ => "a grader of PlanValidationStep",
        };
        if (NonEmpty(ToolRules.NamedArgument(attribute, "Tool") as string) is not null && subject is not (GraderSubject.ToolCall or GraderSubject.PlanStep))
        {
            found.Add(new GraderProblem(GraderProblemKind.Filter, label + " sets Tool, but " + what
                + " has no tool to filter on; take a ToolCallStep or PlanStepCall, or remove Tool", ArgumentLocation(attribute, "Tool", cancellationToken) ?? fallback));
        }
        if (NonEmpty(ToolRules.NamedArgument(attribute, "Agent") as string) is not null && subject != GraderSubject.AgentInvocation)
        {
            found.Add(new GraderProblem(GraderProblemKind.Filter, label + " sets Agent, but " + what
                + " has no agent to filter on; take an AgentInvocationStep, or remove Agent", ArgumentLocation(attribute, "Agent", cancellationToken) ?? fallback));
        }
        if (ToolRules.NamedArgument(attribute, "Optional") is true && subject == GraderSubject.Run)
        {
            found.Add(new GraderProblem(GraderProblemKind.Filter, label + " sets Optional, but " + what
                + " always has a run to grade; remove Optional", ArgumentLocation(attribute, "Optional", cancellationToken) ?? fallback));
        }
    }

    /// <summary>
    /// The graders of one class that make its suite, given in declaration order with their case types: those
    /// whose case types agree with the first one's (the others: DCL0035) and whose names no earlier one has
    /// (the others: DCL0037). The generator applies the same choice to its models (<see cref="Suite"/>).
    /// </summary>
    public static IReadOnlyList<int> SuiteMembers(IReadOnlyList<(string Name, string Input, string Output)> graders, out IReadOnlyList<(int Index, bool Duplicate)> rejected)
    {
        var members = new List<int>();
        var rejects = new List<(int, bool)>();
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        for (var i = 0; i < graders.Count; i++)
        {
            var (name, input, output) = graders[i];
            if (members.Count > 0 && (graders[members[0]].Input != input || graders[members[0]].Output != output))
            {
                rejects.Add((i, false));
            }
            else if (!names.Add(name))
            {
                rejects.Add((i, true));
            }
            else
            {
                members.Add(i);
            }
        }
        rejected = rejects;
        return members;
    }

    /// <summary>The indices of the graders <see cref="SuiteMembers"/> keeps.</summary>
    public static IReadOnlyList<int> Suite(IReadOnlyList<(string Name, string Input, string Output)> graders) => SuiteMembers(graders, out _);

    /// <summary>The first type of the class's containing chain that is not declared partial (DCL0034), or null.</summary>
    public static INamedTypeSymbol? FirstNotPartial(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            var declarations = current.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().ToList();
            if (declarations.Count == 0 || !declarations.Any(d => d.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword)))
            {
                return current;
            }
        }
        return null;
    }

    /// <summary>
    /// A static class named <c>Graders</c> (DCL0034): its suite would be a static property of the class's own name,
    /// which C# forbids (an instance class implements the interface explicitly instead).
    /// </summary>
    public static bool IsStaticNamedGraders(INamedTypeSymbol type) => type.IsStatic && type.Name == "Graders";

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Display(IEnumerable<IParameterSymbol> parameters) => "(" + string.Join(", ", parameters.Select(p => p.Type.ToDisplayString())) + ")";

    private static Location Where(IParameterSymbol parameter) => parameter.Locations.FirstOrDefault() ?? Location.None;

    private static Location? ReturnLocation(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        => method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault()?.ReturnType.GetLocation();

    /// <summary>The <c>Name = value</c> argument of the attribute as written.</summary>
    private static Location? ArgumentLocation(AttributeData attribute, string name, System.Threading.CancellationToken cancellationToken)
        => (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax)?.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation();
}
