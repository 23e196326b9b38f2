using System.Linq;
using Declarative.Generators.Emitting;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generators;

/// <summary>
/// Emits, for every <c>partial</c> class with <c>[Tool]</c> methods, an <c>IToolSet</c>
/// implementation: constant JSON schemas, argument readers, result writers and a dispatch switch.
/// </summary>
/// <remarks>
/// Parsing and emitting live in <see cref="ToolParser"/> and <see cref="ToolEmitter"/>; this class
/// only wires the pipeline. Diagnostics are reported by analyzers, so the pipeline carries no locations.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class ToolGenerator : IIncrementalGenerator
{
    /// <summary>The metadata name of <c>Declarative.ToolAttribute</c>.</summary>
    public const string ToolAttributeName = "Declarative.ToolAttribute";

    /// <summary>The metadata name of <c>Declarative.AgentAttribute</c>.</summary>
    public const string AgentAttributeName = "Declarative.AgentAttribute";

    /// <summary>The metadata name of <c>Declarative.Evaluation.GraderAttribute</c> (in the Declarative.Evaluation package).</summary>
    public const string GraderAttributeName = "Declarative.Evaluation.GraderAttribute";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // One model per [Tool] method. An edit inside a method's body re-runs this transform but
        // yields an equal model, so nothing downstream runs again.
        var methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ToolAttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) => ToolParser.ParseMethod(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(TrackingNames.ToolMethods);

        // Regroup by class. SelectMany yields one model per class and the driver compares each with
        // its previous value, so a change to one class's tools re-emits only that class's file.
        var toolSets = methods
            .Collect()
            .WithTrackingName(TrackingNames.AllToolMethods)
            .SelectMany(static (all, ct) => ToolParser.GroupByClass(all, ct))
            .WithTrackingName(TrackingNames.ToolSets);

        context.RegisterSourceOutput(toolSets, static (spc, model) =>
            spc.AddSource(ToolEmitter.HintName(model), ToolEmitter.Emit(model)));

        // Agents are independent of the tool pipeline: each reads the tool names of its own class and
        // of its [UseTools] members straight from their symbols, so one agent's edit re-emits one agent.
        var agents = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AgentAttributeName,
                predicate: static (node, _) => node is ClassDeclarationSyntax
                    || (node is RecordDeclarationSyntax record && !record.ClassOrStructKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StructKeyword)),
                transform: static (ctx, ct) => AgentParser.Parse(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(TrackingNames.Agents);

        context.RegisterSourceOutput(agents, static (spc, model) =>
            spc.AddSource(ToolEmitter.AgentHintName(model), ToolEmitter.EmitAgent(model)));

        // One pipeline per composition attribute, all alike: a class has one composition attribute, and each
        // model depends only on its class and its participants' [Agent] attributes.
        foreach (var attributeName in CompositionAttributeNames)
        {
            var compositions = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    attributeName,
                    predicate: static (node, _) => node is ClassDeclarationSyntax,
                    transform: static (ctx, ct) => CompositionParser.Parse(ctx, ct))
                .Where(static m => m is not null)
                .Select(static (m, _) => m!)
                .WithTrackingName(TrackingNames.Compositions);

            context.RegisterSourceOutput(compositions, static (spc, model) =>
                spc.AddSource(ToolEmitter.CompositionHintName(model), ToolEmitter.EmitComposition(model)));
        }

        // Graders, like tools, are parsed one method at a time and regrouped by class, so an edit elsewhere
        // re-runs no transform and an edit to one grader re-emits only its class. In a project that does not
        // reference Declarative.Evaluation the attribute never matches, and nothing runs past the predicate.
        var graderSuites = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                GraderAttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) => GraderParser.ParseMethod(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(TrackingNames.GraderMethods)
            .Collect()
            .WithTrackingName(TrackingNames.AllGraderMethods)
            .SelectMany(static (all, ct) => GraderParser.GroupByClass(all, ct))
            .WithTrackingName(TrackingNames.GraderSuites);

        context.RegisterSourceOutput(graderSuites, static (spc, model) =>
            spc.AddSource(GraderEmitter.HintName(model), GraderEmitter.Emit(model)));
    }

    /// <summary>The metadata names of the composition attributes.</summary>
    private static readonly string[] CompositionAttributeNames =
    [
        "Declarative.SequentialAttribute",
        "Declarative.ParallelAttribute",
        "Declarative.HandOffAttribute",
        "Declarative.GroupChatAttribute",
    ];
}
