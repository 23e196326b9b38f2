using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>A type the parser and the analyzers recognise by identity, not by what it looks like.</summary>
internal enum KnownType
{
    /// <summary>Not one of the types below.</summary>
    None,

    // Declarative's own attributes.
    ToolAttribute,
    AgentAttribute,
    UseToolsAttribute,
    ToolJsonSerializerAttribute,
    CheckAttribute,
    CriticAttribute,
    InputGuardrailAttribute,
    OutputGuardrailAttribute,
    ToolGuardrailAttribute,
    SensitiveAttribute,
    InputTemplateAttribute,
    UseAgentAttribute,
    SequentialAttribute,
    ParallelAttribute,
    JoinAttribute,
    HandOffAttribute,
    GroupChatAttribute,
    SpeakerSelectorAttribute,

    // Declarative's runtime types that checks, critics and guardrails must use.
    CheckResult,
    RubricVerdict,
    GuardrailResult,
    ToolCallContext,
    AgentOfT,
    GroupChatState,

    // Declarative.Evaluation's types that [Grader] methods take, and the trace steps component graders grade.
    GraderAttribute,
    EvalCase,
    EvalRun,
    GraderOfT,
    GraderFactory,
    GraderSuite,
    ToolCallStep,
    PlanStepCall,
    AgentInvocationStep,
    ModelCallStep,
    PlanValidationStep,

    // Descriptions and System.Text.Json's naming and binding attributes.
    DescriptionAttribute,
    JsonConverterAttribute,
    JsonPropertyNameAttribute,
    JsonRequiredAttribute,
    JsonIgnoreAttribute,
    JsonConstructorAttribute,
    JsonStringEnumMemberNameAttribute,

    // DataAnnotations that become schema constraints.
    RangeAttribute,
    MinLengthAttribute,
    MaxLengthAttribute,
    LengthAttribute,
    StringLengthAttribute,
    RegularExpressionAttribute,
    EmailAddressAttribute,
    UrlAttribute,

    // Value types with a JSON form of their own.
    Guid,
    DateTimeOffset,
    DateOnly,
    TimeOnly,
    TimeSpan,
    Uri,
    JsonElement,
    JsonNode,

    // Types that are bound to the call or are not values.
    CancellationToken,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
    AsyncEnumerable,

    // Collections, by the collection the reader builds.
    List,
    IList,
    ICollection,
    IEnumerable,
    IReadOnlyList,
    IReadOnlyCollection,
    HashSet,
    ISet,
    IReadOnlySet,
    Dictionary,
    IDictionary,
    IReadOnlyDictionary,
}

/// <summary>
/// The symbols of the types in <see cref="KnownType"/>, resolved once per <see cref="Compilation"/>, so
/// that "is this <c>[Tool]</c>?" or "is this a <c>List&lt;T&gt;</c>?" is a lookup of the symbol's original
/// definition rather than a comparison of display strings (the approach of System.Text.Json's
/// generator, whose <c>KnownTypeSymbols</c> plays the same part).
/// </summary>
/// <remarks>
/// <para>
/// Every definition of a metadata name is kept (<see cref="Compilation.GetTypesByMetadataName"/>): the
/// generator finds <c>[Tool]</c> by metadata name (<c>ForAttributeWithMetadataName</c>), so when a
/// compilation sees two copies of an attribute (its own and a referenced one, or two references) both
/// must count, exactly as the display-string comparisons they replace counted both.
/// </para>
/// <para>
/// The table is built in the constructor and only read afterwards, so one instance is shared by
/// every thread that parses or analyses the compilation without a lock. It holds symbols, so it
/// lives beside its compilation (<see cref="ConditionalWeakTable{TKey, TValue}"/>) and never in the
/// pipeline.
/// </para>
/// </remarks>
internal sealed class KnownTypeSymbols
{
    private static readonly ConditionalWeakTable<Compilation, KnownTypeSymbols> s_byCompilation = new();

    private static readonly (string MetadataName, KnownType Type)[] s_metadataNames =
    [
        (ToolGenerator.ToolAttributeName, KnownType.ToolAttribute),
        (ToolGenerator.AgentAttributeName, KnownType.AgentAttribute),
        ("Declarative.UseToolsAttribute", KnownType.UseToolsAttribute),
        ("Declarative.ToolJsonSerializerAttribute", KnownType.ToolJsonSerializerAttribute),
        ("Declarative.CheckAttribute", KnownType.CheckAttribute),
        ("Declarative.CriticAttribute", KnownType.CriticAttribute),
        ("Declarative.InputGuardrailAttribute", KnownType.InputGuardrailAttribute),
        ("Declarative.OutputGuardrailAttribute", KnownType.OutputGuardrailAttribute),
        ("Declarative.ToolGuardrailAttribute", KnownType.ToolGuardrailAttribute),
        ("Declarative.SensitiveAttribute", KnownType.SensitiveAttribute),
        ("Declarative.InputTemplateAttribute", KnownType.InputTemplateAttribute),
        ("Declarative.UseAgentAttribute", KnownType.UseAgentAttribute),
        ("Declarative.SequentialAttribute", KnownType.SequentialAttribute),
        ("Declarative.ParallelAttribute", KnownType.ParallelAttribute),
        ("Declarative.JoinAttribute", KnownType.JoinAttribute),
        ("Declarative.HandOffAttribute", KnownType.HandOffAttribute),
        ("Declarative.GroupChatAttribute", KnownType.GroupChatAttribute),
        ("Declarative.SpeakerSelectorAttribute", KnownType.SpeakerSelectorAttribute),
        ("Declarative.Orchestration.GroupChatState", KnownType.GroupChatState),
        ("Declarative.Reflection.CheckResult", KnownType.CheckResult),
        ("Declarative.Reflection.RubricVerdict", KnownType.RubricVerdict),
        ("Declarative.Guardrails.GuardrailResult", KnownType.GuardrailResult),
        ("Declarative.Guardrails.ToolCallContext", KnownType.ToolCallContext),
        ("Declarative.IAgent`1", KnownType.AgentOfT),
        (ToolGenerator.GraderAttributeName, KnownType.GraderAttribute),
        ("Declarative.Evaluation.EvalCase`2", KnownType.EvalCase),
        ("Declarative.Evaluation.EvalRun`1", KnownType.EvalRun),
        ("Declarative.Evaluation.Grader`2", KnownType.GraderOfT),
        ("Declarative.Evaluation.Grader", KnownType.GraderFactory),
        ("Declarative.Evaluation.IGraderSuite`2", KnownType.GraderSuite),
        ("Declarative.ToolCallStep", KnownType.ToolCallStep),
        ("Declarative.PlanStepCall", KnownType.PlanStepCall),
        ("Declarative.AgentInvocationStep", KnownType.AgentInvocationStep),
        ("Declarative.ModelCallStep", KnownType.ModelCallStep),
        ("Declarative.PlanValidationStep", KnownType.PlanValidationStep),
        ("System.ComponentModel.DescriptionAttribute", KnownType.DescriptionAttribute),
        ("System.Text.Json.Serialization.JsonConverterAttribute", KnownType.JsonConverterAttribute),
        ("System.Text.Json.Serialization.JsonPropertyNameAttribute", KnownType.JsonPropertyNameAttribute),
        ("System.Text.Json.Serialization.JsonRequiredAttribute", KnownType.JsonRequiredAttribute),
        ("System.Text.Json.Serialization.JsonIgnoreAttribute", KnownType.JsonIgnoreAttribute),
        ("System.Text.Json.Serialization.JsonConstructorAttribute", KnownType.JsonConstructorAttribute),
        ("System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute", KnownType.JsonStringEnumMemberNameAttribute),
        ("System.ComponentModel.DataAnnotations.RangeAttribute", KnownType.RangeAttribute),
        ("System.ComponentModel.DataAnnotations.MinLengthAttribute", KnownType.MinLengthAttribute),
        ("System.ComponentModel.DataAnnotations.MaxLengthAttribute", KnownType.MaxLengthAttribute),
        ("System.ComponentModel.DataAnnotations.LengthAttribute", KnownType.LengthAttribute),
        ("System.ComponentModel.DataAnnotations.StringLengthAttribute", KnownType.StringLengthAttribute),
        ("System.ComponentModel.DataAnnotations.RegularExpressionAttribute", KnownType.RegularExpressionAttribute),
        ("System.ComponentModel.DataAnnotations.EmailAddressAttribute", KnownType.EmailAddressAttribute),
        ("System.ComponentModel.DataAnnotations.UrlAttribute", KnownType.UrlAttribute),
        ("System.Guid", KnownType.Guid),
        ("System.DateTimeOffset", KnownType.DateTimeOffset),
        ("System.DateOnly", KnownType.DateOnly),
        ("System.TimeOnly", KnownType.TimeOnly),
        ("System.TimeSpan", KnownType.TimeSpan),
        ("System.Uri", KnownType.Uri),
        ("System.Text.Json.JsonElement", KnownType.JsonElement),
        ("System.Text.Json.Nodes.JsonNode", KnownType.JsonNode),
        ("System.Threading.CancellationToken", KnownType.CancellationToken),
        ("System.Threading.Tasks.Task", KnownType.Task),
        ("System.Threading.Tasks.Task`1", KnownType.TaskOfT),
        ("System.Threading.Tasks.ValueTask", KnownType.ValueTask),
        ("System.Threading.Tasks.ValueTask`1", KnownType.ValueTaskOfT),
        ("System.Collections.Generic.IAsyncEnumerable`1", KnownType.AsyncEnumerable),
        ("System.Collections.Generic.List`1", KnownType.List),
        ("System.Collections.Generic.IList`1", KnownType.IList),
        ("System.Collections.Generic.ICollection`1", KnownType.ICollection),
        ("System.Collections.Generic.IEnumerable`1", KnownType.IEnumerable),
        ("System.Collections.Generic.IReadOnlyList`1", KnownType.IReadOnlyList),
        ("System.Collections.Generic.IReadOnlyCollection`1", KnownType.IReadOnlyCollection),
        ("System.Collections.Generic.HashSet`1", KnownType.HashSet),
        ("System.Collections.Generic.ISet`1", KnownType.ISet),
        ("System.Collections.Generic.IReadOnlySet`1", KnownType.IReadOnlySet),
        ("System.Collections.Generic.Dictionary`2", KnownType.Dictionary),
        ("System.Collections.Generic.IDictionary`2", KnownType.IDictionary),
        ("System.Collections.Generic.IReadOnlyDictionary`2", KnownType.IReadOnlyDictionary),
    ];

    private readonly Dictionary<ITypeSymbol, KnownType> _byDefinition = new(SymbolEqualityComparer.Default);

    /// <summary>Resolves every known type in <paramref name="compilation"/> and its references.</summary>
    public KnownTypeSymbols(Compilation compilation)
    {
        foreach (var (metadataName, type) in s_metadataNames)
        {
            foreach (var definition in compilation.GetTypesByMetadataName(metadataName))
            {
                _byDefinition[definition] = type;
            }
        }
    }

    /// <summary>The table of <paramref name="compilation"/>, built on first use and shared after.</summary>
    public static KnownTypeSymbols For(Compilation compilation)
        => s_byCompilation.GetValue(compilation, static c => new KnownTypeSymbols(c));

    /// <summary>Whether the compilation defines or references <paramref name="type"/> at all.</summary>
    public bool Defines(KnownType type) => _byDefinition.ContainsValue(type);

    /// <summary>Which known type <paramref name="type"/> is (a constructed generic by its definition), or <see cref="KnownType.None"/>.</summary>
    public KnownType Classify(ITypeSymbol? type)
        => type is not null && _byDefinition.TryGetValue(type.OriginalDefinition, out var known) ? known : KnownType.None;

    /// <summary>Whether <paramref name="type"/> is <paramref name="known"/>.</summary>
    public bool Is(ITypeSymbol? type, KnownType known) => Classify(type) == known;

    /// <summary>The first attribute of class <paramref name="attributeType"/> on <paramref name="symbol"/>, or null.</summary>
    public AttributeData? Attribute(ISymbol symbol, KnownType attributeType)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute.AttributeClass, attributeType))
            {
                return attribute;
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="symbol"/> carries an attribute of class <paramref name="attributeType"/>.</summary>
    public bool HasAttribute(ISymbol symbol, KnownType attributeType) => Attribute(symbol, attributeType) is not null;

    /// <summary>The first constructor argument of the attribute, when it is a string.</summary>
    public string? AttributeString(ISymbol symbol, KnownType attributeType)
        => Attribute(symbol, attributeType) is { ConstructorArguments.Length: > 0 } attribute
            ? attribute.ConstructorArguments[0].Value as string
            : null;

    /// <summary>The text of <c>[Description]</c>, if present.</summary>
    public string? Description(ISymbol symbol) => AttributeString(symbol, KnownType.DescriptionAttribute);
}
