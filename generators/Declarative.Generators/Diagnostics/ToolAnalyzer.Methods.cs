using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Emitting;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;
using Declarative.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Declarative.Generators.Diagnostics;

public sealed partial class ToolAnalyzer
{
    /// <summary>DCL0002 to DCL0006, DCL0008 to DCL0012 and DCL0017: everything one tool method can get wrong, or do at a cost.</summary>
    private static void AnalyzeMethod(SymbolAnalysisContext context, KnownTypeSymbols known)
    {
        var method = (IMethodSymbol)context.Symbol;
        var attribute = ToolAttribute(method, known);
        if (attribute is null || Declaration(method, context.CancellationToken) is not { } declaration)
        {
            return;
        }

        var name = ToolParser.ToolName(method, attribute);
        CheckName(context, method, attribute, name);

        // The generator emits a method only when ToolRules.IsCallable holds; each failing part is reported here.
        if (method.IsGenericMethod)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GenericMethod, method.Locations[0], method.Name));
        }
        if (ToolRules.IsAsyncVoid(method))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AsyncVoid, method.Locations[0], method.Name));
        }

        var docs = DocComments.For(method);
        var description = ToolRules.ToolDescription(method, attribute, docs, known);
        if (string.IsNullOrWhiteSpace(description))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingToolDescription, method.Locations[0], name));
        }

        var parameterChecks = new List<(IParameterSymbol Parameter, Location Location)>();
        foreach (var parameter in method.Parameters)
        {
            if (ToolRules.IsCancellationToken(parameter, known))
            {
                continue;
            }
            var location = ParameterLocation(parameter, context.CancellationToken);
            var notBindable = ToolRules.NotBindableReason(parameter);
            if (notBindable is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ParameterNotBindable, location, parameter.Name, name, notBindable));
                continue;
            }
            var parameterDescription = ToolRules.ParameterDescription(parameter, docs, known);
            if (string.IsNullOrWhiteSpace(parameterDescription))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingParameterDescription, location, parameter.Name, name));
            }
            parameterChecks.Add((parameter, location));
        }

        // A generic method's types mention its type parameters; DCL0005 already says all there is to say.
        if (method.IsGenericMethod)
        {
            return;
        }
        var types = new TypeCheck(context, known, method.ContainingType, name);
        foreach (var (parameter, location) in parameterChecks)
        {
            types.Check(parameter.Type, parameter.Name, location, DiagnosticDescriptors.UnsupportedParameterType, parameter.Name, name);
        }
        CheckReturn(types, known, method, declaration.ReturnType.GetLocation(), name);
        CheckStrict(context, known, method, attribute);
    }

    /// <summary>DCL0017: the tool the generator emits has no strict arguments schema, and why.</summary>
    private static void CheckStrict(SymbolAnalysisContext context, KnownTypeSymbols known, IMethodSymbol method, AttributeData attribute)
    {
        // Only a tool the generator emits has a schema to speak of; the errors above cover the rest.
        if (ToolParser.BuildToolForAnalysis(method, attribute, known, context.CancellationToken) is not { } built)
        {
            return;
        }
        var types = built.Types.ToDictionary(t => t.Id, t => t, System.StringComparer.Ordinal);
        if (SchemaWriter.ForStrictParameters(built.Tool, types, out var reason) is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.NoStrictSchema, method.Locations[0], built.Tool.Name, (reason ?? "").Replace("global::", "")));
        }
    }

    private static void CheckReturn(TypeCheck types, KnownTypeSymbols known, IMethodSymbol method, Location location, string name)
    {
        const string Root = "return";
        if (ToolRules.ReturnsByRef(method))
        {
            types.Context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsupportedReturnType, location,
                name, method.ReturnType.ToDisplayString(), Root, "ref returns cannot be written as JSON; return the value"));
            return;
        }
        var (_, valueType) = ToolParser.Return(method, known);
        if (valueType is not null)
        {
            types.Check(valueType, Root, location, DiagnosticDescriptors.UnsupportedReturnType, name);
        }
    }

    /// <summary>
    /// Shapes the types of one tool with one <see cref="ShapeBuilder"/> (as the generator does) and
    /// reports, per parameter or return value, the first type that cannot be described (DCL0002,
    /// DCL0003) or, failing that, the first one left to System.Text.Json (DCL0011, DCL0012).
    /// </summary>
    private sealed class TypeCheck
    {
        private readonly ShapeBuilder _builder;
        private readonly INamedTypeSymbol _toolClass;
        private readonly string _toolName;
        private readonly string? _serializerContext;

        public TypeCheck(SymbolAnalysisContext context, KnownTypeSymbols known, INamedTypeSymbol toolClass, string toolName)
        {
            Context = context;
            _builder = new ShapeBuilder(known, context.CancellationToken);
            _toolClass = toolClass;
            _toolName = toolName;
            // The generator's own answer, so "has a context" means exactly what the emitted code will use.
            _serializerContext = ToolParser.SerializerContextPublic(toolClass, known)?.Replace("global::", "");
        }

        public SymbolAnalysisContext Context { get; }

        /// <param name="type">The parameter's type, or the returned value's.</param>
        /// <param name="root">The first segment of paths in messages: the parameter's name, or <c>return</c>.</param>
        /// <param name="location">Where to report.</param>
        /// <param name="unsupported">DCL0002 or DCL0003.</param>
        /// <param name="leadingArguments">The message arguments before the type, path and reason.</param>
        public void Check(ITypeSymbol type, string root, Location location, DiagnosticDescriptor unsupported, params string[] leadingArguments)
        {
            var shape = _builder.Build(type);
            if (ShapeSearch.First(shape, root, ShapeKind.Unsupported, _builder) is { } bad)
            {
                var arguments = leadingArguments.Concat([bad.DisplayTypeName, bad.Path, bad.Reason]).ToArray<object?>();
                Context.ReportDiagnostic(Diagnostic.Create(unsupported, location, arguments));
                return;
            }
            if (ShapeSearch.First(shape, root, ShapeKind.Serializer, _builder) is not { } serialized)
            {
                return;
            }
            Context.ReportDiagnostic(_serializerContext is not null
                ? Diagnostic.Create(
                    DiagnosticDescriptors.ContextSerialization, location,
                    serialized.DisplayTypeName, serialized.Path, _toolName, _serializerContext, serialized.Reason)
                : Diagnostic.Create(
                    DiagnosticDescriptors.ReflectionSerialization, location,
                    serialized.DisplayTypeName, serialized.Path, _toolName, serialized.Reason, _toolClass.Name));
        }
    }

    /// <summary>DCL0008, at the explicit name's argument, or at the method's name when the tool name derives from it.</summary>
    private static void CheckName(SymbolAnalysisContext context, IMethodSymbol method, AttributeData attribute, string name)
    {
        if (Naming.IsValidToolName(name))
        {
            return;
        }
        var location = method.Locations[0];
        if (attribute.ConstructorArguments.FirstOrDefault().Value is string
            && attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is AttributeSyntax { ArgumentList: { } arguments }
            && arguments.Arguments.FirstOrDefault(a => a.NameEquals is null) is { } argument)
        {
            location = argument.GetLocation();
        }
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidToolName, location, name, InvalidNameReason(name)));
    }

    private static string InvalidNameReason(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }
        if (name.Length > 64)
        {
            return "it is " + name.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters long and the limit is 64";
        }
        var bad = name.First(c => !Naming.IsValidToolName(c.ToString()));
        return "it contains '" + bad + "'";
    }

    /// <summary>The parameter from its modifiers to its name: <c>ref int count</c>, without attributes or default value.</summary>
    private static Location ParameterLocation(IParameterSymbol parameter, System.Threading.CancellationToken cancellationToken)
    {
        if (parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is ParameterSyntax syntax)
        {
            var start = syntax.Modifiers.Count > 0 ? syntax.Modifiers[0].SpanStart : syntax.Type?.SpanStart ?? syntax.Identifier.SpanStart;
            return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(start, syntax.Identifier.Span.End));
        }
        return parameter.Locations.FirstOrDefault() ?? Location.None;
    }
}
