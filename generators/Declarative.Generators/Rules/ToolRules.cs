using System.Linq;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Rules;

/// <summary>
/// The rules for a <c>[Tool]</c> method that both the generator and the analyzers apply: which methods
/// can be called, which parameters can be bound from JSON, which parameter is the cancellation token,
/// and which text describes a tool or a parameter. Each rule is stated here once, so a diagnostic and
/// the generated code cannot disagree about it.
/// </summary>
internal static class ToolRules
{
    /// <summary>
    /// Whether the generator can call the method: not generic, not <c>async void</c>, no ref return, and
    /// every parameter bindable (<see cref="NotBindableReason"/>). The analyzers report each failure.
    /// </summary>
    public static bool IsCallable(IMethodSymbol method)
        => !method.IsGenericMethod
            && !IsAsyncVoid(method)
            && !ReturnsByRef(method)
            && method.Parameters.All(p => NotBindableReason(p) is null);

    /// <summary>An <c>async void</c> method: the caller cannot await it (DCL0006).</summary>
    public static bool IsAsyncVoid(IMethodSymbol method) => method.IsAsync && method.ReturnsVoid;

    /// <summary>A ref return, which cannot be written as JSON (DCL0003).</summary>
    public static bool ReturnsByRef(IMethodSymbol method) => method.ReturnsByRef || method.ReturnsByRefReadonly;

    /// <summary>Why a parameter cannot be bound from a JSON object at all (DCL0004), or null when it can.</summary>
    public static string? NotBindableReason(IParameterSymbol parameter)
    {
        switch (parameter.RefKind)
        {
            case RefKind.Ref:
                return "it is passed by 'ref'; take it by value and return any result";
            case RefKind.Out:
                return "it is an 'out' parameter; return the value instead";
            case RefKind.In:
                return "it is passed by 'in'; take it by value";
            case RefKind.RefReadOnlyParameter:
                return "it is passed by 'ref readonly'; take it by value";
        }
        var type = parameter.Type;
        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            return "'" + type.ToDisplayString() + "' is a pointer type; take the value it points to";
        }
        if (type.IsRefLikeType)
        {
            return "'" + type.ToDisplayString() + "' is a ref struct; take an array or a list";
        }
        if (parameter.IsParams && type.TypeKind != TypeKind.Array)
        {
            return "'params' works only with arrays, not with '" + type.ToDisplayString() + "'; use an array or drop 'params'";
        }
        return null;
    }

    /// <summary>Whether the parameter receives the caller's cancellation token rather than a JSON argument.</summary>
    public static bool IsCancellationToken(IParameterSymbol parameter, KnownTypeSymbols known)
        => known.Is(parameter.Type, KnownType.CancellationToken);

    /// <summary>A tool's description: the attribute's <c>Description</c>, else <c>[Description]</c>, else the doc comment's summary.</summary>
    public static string? ToolDescription(IMethodSymbol method, AttributeData toolAttribute, DocComments docs, KnownTypeSymbols known)
        => NamedArgument(toolAttribute, "Description") as string ?? known.Description(method) ?? docs.Summary;

    /// <summary>A parameter's description: <c>[Description]</c>, else the method's <c>&lt;param&gt;</c> doc comment.</summary>
    public static string? ParameterDescription(IParameterSymbol parameter, DocComments methodDocs, KnownTypeSymbols known)
        => known.Description(parameter) ?? methodDocs.Parameter(parameter.Name);

    /// <summary>The value of a named argument of an attribute, or null when it is not given.</summary>
    public static object? NamedArgument(AttributeData attribute, string name)
        => attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value;
}
