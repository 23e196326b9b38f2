using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generators.Rules;

/// <summary>One thing wrong with a composition or a manager: its id, where it is reported and the message.</summary>
internal readonly record struct Problem(string Id, Location? Location, string Message);

/// <summary>
/// The build-time checks of compositions (DCL0024 to DCL0031) that both the generator and the analyzer
/// apply: the generator emits a composition only when <see cref="Problems"/> finds nothing, so a
/// composition that compiles is one the analyzer accepted. The messages are the contract's, word for
/// word, so the runtime's builders (which check compositions only known at run time) say the same.
/// </summary>
internal static class CompositionRules
{
    private static readonly (KnownType Attribute, CompositionShape Shape)[] s_attributes =
    [
        (KnownType.SequentialAttribute, CompositionShape.Sequential),
        (KnownType.ParallelAttribute, CompositionShape.Parallel),
        (KnownType.HandOffAttribute, CompositionShape.HandOff),
        (KnownType.GroupChatAttribute, CompositionShape.GroupChat),
    ];

    /// <summary>The composition attribute on a class (the first, if several), with the shape it declares.</summary>
    public static (AttributeData Attribute, CompositionShape Shape)? CompositionAttribute(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        foreach (var (attributeType, shape) in s_attributes)
        {
            if (known.Attribute(type, attributeType) is { } attribute)
            {
                return (attribute, shape);
            }
        }
        return null;
    }

    /// <summary>The composition's name: the attribute's <c>Name</c>, else the class name.</summary>
    public static string Name(INamedTypeSymbol type, AttributeData attribute) => ToolRules.NamedArgument(attribute, "Name") as string ?? type.Name;

    /// <summary>One participant as the rules see it: its member, its model and its agent's ends.</summary>
    public sealed record Member(ISymbol Symbol, AttributeData UseAgent, AgentRef Reference, ITypeSymbol? Input, ITypeSymbol? Output);

    /// <summary>The participants (the <c>[UseAgent]</c> members holding agents), in declaration order.</summary>
    public static List<Member> Participants(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        var members = new List<Member>();
        foreach (var (symbol, memberType, useAgent) in AgentRules.UseAgentMembers(type, known))
        {
            if (AgentRules.Reference(symbol, memberType, useAgent, known) is { } reference)
            {
                var agent = AgentRules.AgentAttributeOf(memberType, known)!;
                members.Add(new Member(symbol, useAgent, reference,
                    ToolRules.NamedArgument(agent, "InputType") as ITypeSymbol,
                    ToolRules.NamedArgument(agent, "OutputType") as ITypeSymbol));
            }
        }
        return members;
    }

    /// <summary>The <c>[Join]</c> methods (parallel) or <c>[SpeakerSelector]</c> methods (group chat) of a type.</summary>
    public static List<IMethodSymbol> Methods(INamedTypeSymbol type, KnownType attribute, KnownTypeSymbols known)
        => type.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary && known.HasAttribute(m, attribute)).ToList();

    /// <summary>The declared <c>OutputType</c> of a hand-off or group chat (null: text).</summary>
    public static ITypeSymbol? DeclaredOutput(AttributeData attribute) => ToolRules.NamedArgument(attribute, "OutputType") as ITypeSymbol;

    /// <summary>The <c>SpeakerSelection</c> value of a group chat (0 round-robin, 1 model, 2 code).</summary>
    public static int Selection(AttributeData attribute) => ToolRules.NamedArgument(attribute, "Selection") is int value ? value : 0;

    /// <summary>Whether a method is a valid speaker selector: <c>string? M(GroupChatState state)</c>.</summary>
    public static bool IsSelector(IMethodSymbol method, KnownTypeSymbols known)
        => !method.IsGenericMethod && method.Parameters.Length == 1 && method.Parameters[0].RefKind == RefKind.None
            && known.Is(method.Parameters[0].Type, KnownType.GroupChatState) && method.ReturnType.SpecialType == SpecialType.System_String && !method.ReturnsByRef;

    /// <summary>Whether a join method takes one parameter per branch output, in order, and returns a value.</summary>
    public static bool IsJoin(IMethodSymbol method, IReadOnlyList<ITypeSymbol?> outputs, Compilation compilation)
    {
        if (method.IsGenericMethod || method.ReturnsVoid || method.ReturnsByRef || method.Parameters.Length != outputs.Count)
        {
            return false;
        }
        for (var i = 0; i < outputs.Count; i++)
        {
            var expected = outputs[i] ?? compilation.GetSpecialType(SpecialType.System_String);
            var parameter = method.Parameters[i];
            if (parameter.RefKind != RefKind.None
                || !SymbolEqualityComparer.Default.Equals(parameter.Type.WithNullableAnnotation(NullableAnnotation.None), expected.WithNullableAnnotation(NullableAnnotation.None)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Every problem of the composition class <paramref name="type"/>, in a stable order.</summary>
    public static List<Problem> Problems(INamedTypeSymbol type, Compilation compilation, KnownTypeSymbols known, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        if (CompositionAttribute(type, known) is not { } found)
        {
            return problems;
        }
        var (attribute, shape) = found;
        var name = Name(type, attribute);
        var attributeLocation = AttributeLocation(attribute) ?? type.Locations.FirstOrDefault();
        if (type.IsStatic || !ToolParser.IsPartialChainPublic(type, cancellationToken))
        {
            problems.Add(new Problem("DCL0031", type.Locations.FirstOrDefault(),
                "the composition class " + type.Name + " must be a non-static partial class (as must every class containing it), so the generator can add its composition"));
        }

        foreach (var (symbol, memberType, _) in AgentRules.UseAgentMembers(type, known))
        {
            if (memberType.TypeKind != TypeKind.Error && AgentRules.AgentAttributeOf(memberType, known) is null)
            {
                problems.Add(new Problem("DCL0024", symbol.Locations.FirstOrDefault(), AgentRules.NotAnAgentMessage(symbol, memberType)));
            }
        }
        var participants = Participants(type, known);
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var participant in participants)
        {
            if (!names.Add(participant.Reference.Name))
            {
                problems.Add(new Problem("DCL0030", participant.Symbol.Locations.FirstOrDefault(), AgentRules.DuplicateNameMessage(name, participant.Reference.Name)));
            }
        }
        if (participants.Count < 2)
        {
            problems.Add(new Problem("DCL0031", attributeLocation,
                name + " has " + participants.Count + (participants.Count == 1 ? " participant" : " participants") + "; a " + KindWord(shape)
                + " composition needs at least 2 [UseAgent] members"));
            return problems;
        }

        switch (shape)
        {
            case CompositionShape.Sequential:
                for (var i = 1; i < participants.Count; i++)
                {
                    var previous = participants[i - 1];
                    var next = participants[i];
                    if (TypeFitRules.Misfit(previous.Output, next.Input, known, cancellationToken) is { } misfit)
                    {
                        problems.Add(new Problem("DCL0025", next.Symbol.Locations.FirstOrDefault(),
                            "stage '" + next.Reference.Name + "' cannot take what stage '" + previous.Reference.Name + "' hands on: " + misfit));
                    }
                }
                break;
            case CompositionShape.Parallel:
                ParallelProblems(type, compilation, known, participants, attributeLocation, problems, cancellationToken);
                break;
            case CompositionShape.HandOff:
                HandOffProblems(name, attribute, attributeLocation, participants, known, problems, cancellationToken);
                break;
            default:
                GroupChatProblems(type, name, attribute, attributeLocation, participants, known, problems, cancellationToken);
                break;
        }
        return problems;
    }

    private static string KindWord(CompositionShape shape) => shape switch
    {
        CompositionShape.Sequential => "sequential",
        CompositionShape.Parallel => "parallel",
        CompositionShape.HandOff => "hand-off",
        _ => "group chat",
    };

    private static void ParallelProblems(INamedTypeSymbol type, Compilation compilation, KnownTypeSymbols known, List<Member> participants, Location? attributeLocation, List<Problem> problems, CancellationToken cancellationToken)
    {
        // The composition's input is the first branch's; every other branch must be able to take it.
        var input = participants[0].Input;
        foreach (var branch in participants.Skip(1))
        {
            if (TypeFitRules.Misfit(input, branch.Input, known, cancellationToken) is { } misfit)
            {
                problems.Add(new Problem("DCL0026", branch.Symbol.Locations.FirstOrDefault(),
                    "branch '" + branch.Reference.Name + "' cannot take the composition's input: " + misfit));
            }
        }
        var joins = Methods(type, KnownType.JoinAttribute, known);
        if (joins.Count != 1)
        {
            var location = joins.Count > 1 ? joins[1].Locations.FirstOrDefault() : attributeLocation;
            problems.Add(new Problem("DCL0026", location, "a [Parallel] composition needs one [Join] method"));
            return;
        }
        var outputs = participants.Select(p => p.Output).ToList();
        if (!IsJoin(joins[0], outputs, compilation))
        {
            problems.Add(new Problem("DCL0026", joins[0].Locations.FirstOrDefault(),
                "the [Join] method must take " + outputs.Count + " parameters, one per branch in order ("
                + string.Join(", ", outputs.Select(TypeFitRules.Display)) + "), and return the result"));
        }
    }

    private static void HandOffProblems(string name, AttributeData attribute, Location? attributeLocation, List<Member> participants, KnownTypeSymbols known, List<Problem> problems, CancellationToken cancellationToken)
    {
        var byName = new Dictionary<string, Member>(System.StringComparer.Ordinal);
        foreach (var participant in participants)
        {
            if (!byName.ContainsKey(participant.Reference.Name))
            {
                byName[participant.Reference.Name] = participant;
            }
        }
        foreach (var participant in participants)
        {
            foreach (var target in participant.Reference.HandOffTo.Where(t => !byName.ContainsKey(t)))
            {
                problems.Add(new Problem("DCL0027", HandOffTargetLocation(participant, target),
                    "'" + participant.Reference.Name + "' hands off to '" + target + "', which is not a participant of " + name));
            }
        }
        var output = DeclaredOutput(attribute);
        var finishes = participants.Where(p => TypeFitRules.Misfit(p.Output, output, known, cancellationToken) is null).Select(p => p.Reference.Name).ToList();
        List<string> Targets(string from) => byName[from].Reference.HandOffTo.Where(byName.ContainsKey).ToList();

        // Who the entry (the first participant) can reach, in participant order.
        var reachable = new HashSet<string>(System.StringComparer.Ordinal);
        var stack = new Stack<string>();
        stack.Push(participants[0].Reference.Name);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (reachable.Add(current))
            {
                foreach (var target in Targets(current))
                {
                    stack.Push(target);
                }
            }
        }
        // Who can reach a finisher: the finishers, then backwards along hand-offs until nothing changes.
        var canEnd = new HashSet<string>(finishes, System.StringComparer.Ordinal);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var participant in byName.Keys)
            {
                if (!canEnd.Contains(participant) && Targets(participant).Any(canEnd.Contains))
                {
                    changed = canEnd.Add(participant);
                }
            }
        }
        foreach (var participant in participants.Where(p => reachable.Contains(p.Reference.Name) && !canEnd.Contains(p.Reference.Name)).GroupBy(p => p.Reference.Name).Select(g => g.First()))
        {
            problems.Add(new Problem("DCL0028", participant.Symbol.Locations.FirstOrDefault(),
                "'" + participant.Reference.Name + "' can neither finish " + name + " (it does not answer with " + TypeFitRules.Display(output) + ") nor hand off to a participant that can"));
        }
        if ((ToolRules.NamedArgument(attribute, "MaxHandOffs") is int max ? max : 0) <= 0 && Cycle(participants[0].Reference.Name, Targets) is { } cycle)
        {
            problems.Add(new Problem("DCL0029", attributeLocation,
                "the hand-offs of " + name + " form a cycle (" + string.Join(" -> ", cycle) + ") and MaxHandOffs is not set"));
        }
    }

    /// <summary>The first hand-off cycle reachable from <paramref name="entry"/>, as its names with the first repeated at the end.</summary>
    private static List<string>? Cycle(string entry, System.Func<string, List<string>> targets)
    {
        var path = new List<string>();
        var done = new HashSet<string>(System.StringComparer.Ordinal);
        return Visit(entry);

        List<string>? Visit(string node)
        {
            var at = path.IndexOf(node);
            if (at >= 0)
            {
                return [.. path.Skip(at), node];
            }
            if (!done.Add(node))
            {
                return null;
            }
            path.Add(node);
            foreach (var target in targets(node))
            {
                if (Visit(target) is { } cycle)
                {
                    return cycle;
                }
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    private static void GroupChatProblems(INamedTypeSymbol type, string name, AttributeData attribute, Location? attributeLocation, List<Member> participants, KnownTypeSymbols known, List<Problem> problems, CancellationToken cancellationToken)
    {
        var selectors = Methods(type, KnownType.SpeakerSelectorAttribute, known);
        var byCode = Selection(attribute) == 2;
        if (byCode && selectors.Count == 0)
        {
            problems.Add(new Problem("DCL0031", attributeLocation, name + " chooses speakers with SpeakerSelection.Code but has no [SpeakerSelector] method"));
        }
        foreach (var selector in selectors)
        {
            var location = selector.Locations.FirstOrDefault();
            if (!byCode)
            {
                problems.Add(new Problem("DCL0031", location, "the [SpeakerSelector] method '" + selector.Name + "' of " + name + " is used only with Selection = SpeakerSelection.Code"));
            }
            else if (!IsSelector(selector, known))
            {
                problems.Add(new Problem("DCL0031", location, "the [SpeakerSelector] method '" + selector.Name + "' of " + name + " must take a GroupChatState and return string?"));
            }
            else if (!SymbolEqualityComparer.Default.Equals(selector, selectors[0]))
            {
                problems.Add(new Problem("DCL0031", location, name + " has more than one [SpeakerSelector] method"));
            }
        }
        if ((ToolRules.NamedArgument(attribute, "MaxRounds") is int rounds ? rounds : 10) < 1)
        {
            problems.Add(new Problem("DCL0031", attributeLocation, "the group chat " + name + " needs MaxRounds of at least 1"));
        }
        var output = DeclaredOutput(attribute);
        foreach (var participant in participants.Where(p => p.Reference.Finishes))
        {
            if (TypeFitRules.Misfit(participant.Output, output, known, cancellationToken) is not null)
            {
                problems.Add(new Problem("DCL0031", participant.Symbol.Locations.FirstOrDefault(),
                    "'" + participant.Reference.Name + "' is marked Finishes, but it does not answer with " + TypeFitRules.Display(output)));
            }
        }
    }

    /// <summary>The <c>[Critic]</c> member judging a group chat: the first that is an <c>IAgent&lt;RubricVerdict&gt;</c>.</summary>
    public static ISymbol? Judge(INamedTypeSymbol type, KnownTypeSymbols known)
        => ReflectionRules.MarkedMembers(type, KnownType.CriticAttribute, known).FirstOrDefault(m => ReflectionRules.CriticProblem(m.Type, known) is null).Symbol;

    private static Location? AttributeLocation(AttributeData attribute) => attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation();

    /// <summary>The string naming <paramref name="target"/> in <c>HandOffTo = [...]</c>, else the member.</summary>
    private static Location? HandOffTargetLocation(Member participant, string target)
    {
        if (participant.UseAgent.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList: { } arguments })
        {
            foreach (var argument in arguments.Arguments.Where(a => a.NameEquals?.Name.Identifier.ValueText == "HandOffTo"))
            {
                var literal = argument.Expression.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().FirstOrDefault(l => l.Token.ValueText == target);
                return (literal ?? (SyntaxNode)argument).GetLocation();
            }
        }
        return participant.Symbol.Locations.FirstOrDefault();
    }
}
