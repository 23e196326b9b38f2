namespace Declarative.Generators.Model;

// The models of this folder must stay immutable and structurally equal: the incremental pipeline
// compares them to decide what to re-emit. They hold strings, numbers, enums, other models and
// EquatableArray — never symbols, syntax nodes, locations or the compilation.

/// <summary>What kind of JSON value a .NET type becomes.</summary>
internal enum ShapeKind
{
    String,
    Char,
    Boolean,
    Integer,
    Number,
    Guid,
    DateTime,
    DateTimeOffset,
    DateOnly,
    TimeOnly,
    TimeSpan,
    Uri,
    JsonElement,
    JsonNode,
    Enum,
    Object,
    Array,
    Dictionary,
    /// <summary>A type the generator leaves to System.Text.Json (with a diagnostic).</summary>
    Serializer,
    /// <summary>A type that cannot cross the model boundary; only analyzers look at these.</summary>
    Unsupported,
}

/// <summary>How a collection is built after its elements are read.</summary>
internal enum CollectionKind
{
    None,
    Array,
    List,
    HashSet,
    Dictionary,
}

/// <summary>
/// One .NET type as it crosses the model boundary. Object and enum shapes are described once, in
/// <see cref="ToolSetModel.Types"/>, and referred to here by <see cref="TypeId"/>; everything else is inline.
/// </summary>
internal sealed record TypeShape
{
    public required ShapeKind Kind { get; init; }

    /// <summary>The C# type, fully qualified with <c>global::</c>, with its nullable annotation.</summary>
    public required string TypeName { get; init; }

    /// <summary>JSON null is accepted (a nullable value type or an annotated reference type).</summary>
    public bool IsNullable { get; init; }

    /// <summary>For a nullable value type, the underlying type's name (<c>global::System.Int32</c>).</summary>
    public string? UnderlyingTypeName { get; init; }

    /// <summary>The CLR primitive for numbers and integers: <c>Int32</c>, <c>Double</c>...</summary>
    public string? Primitive { get; init; }

    /// <summary>For enums and objects, the key into <see cref="ToolSetModel.Types"/>.</summary>
    public string? TypeId { get; init; }

    /// <summary>For arrays and dictionaries, the element (or value) shape.</summary>
    public TypeShape? Element { get; init; }

    public CollectionKind Collection { get; init; }

    /// <summary>Why the type is unsupported, for <see cref="ShapeKind.Unsupported"/>.</summary>
    public string? Reason { get; init; }
}

/// <summary>Constraints from DataAnnotations on a parameter or property; all optional.</summary>
internal sealed record Constraints
{
    public static readonly Constraints None = new();

    /// <summary>Invariant-culture literals, so the model stays culture-free.</summary>
    public string? Minimum { get; init; }

    public string? Maximum { get; init; }

    public bool MinimumExclusive { get; init; }

    public bool MaximumExclusive { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public string? Pattern { get; init; }

    /// <summary><c>email</c> or <c>uri</c> (from <c>[EmailAddress]</c>, <c>[Url]</c>).</summary>
    public string? Format { get; init; }

    /// <summary>The format comes from <c>[Url]</c>: http, https or ftp only.</summary>
    public bool IsUrl { get; init; }

    public bool IsEmpty => this == None;
}

/// <summary>A named type described once per tool set: an enum or an object.</summary>
internal sealed record NamedType
{
    public required string Id { get; init; }

    public required string TypeName { get; init; }

    public required ShapeKind Kind { get; init; }

    public string? Description { get; init; }

    /// <summary>Enum members: C# name and JSON name.</summary>
    public EquatableArray<EnumMember> EnumMembers { get; init; } = EquatableArray<EnumMember>.Empty;

    public EquatableArray<PropertyModel> Properties { get; init; } = EquatableArray<PropertyModel>.Empty;

    public bool IsValueType { get; init; }

    public bool IsRecord { get; init; }

    /// <summary>Constructor parameters bound by JSON name; the properties carry their index.</summary>
    public int ConstructorParameterCount { get; init; }
}

internal sealed record EnumMember(string Name, string JsonName);

/// <summary>A property of an object shape (or a constructor parameter bound to one).</summary>
internal sealed record PropertyModel
{
    public required string Name { get; init; }

    public required string JsonName { get; init; }

    public required TypeShape Shape { get; init; }

    public string? Description { get; init; }

    public Constraints Constraints { get; init; } = Constraints.None;

    public bool IsRequired { get; init; }

    /// <summary>Index of the constructor parameter it binds to, or -1.</summary>
    public int ConstructorIndex { get; init; } = -1;

    /// <summary>Set through an object initializer (settable, or <c>init</c>).</summary>
    public bool CanSet { get; init; }

    public bool IsInitOnly { get; init; }

    public bool CanGet { get; init; } = true;

    /// <summary>A C# default to pass to the constructor when the value is not sent.</summary>
    public string? DefaultValueExpression { get; init; }

    /// <summary>The same default as JSON, for the schema's <c>default</c>.</summary>
    public string? DefaultValueJson { get; init; }

    /// <summary>Marked <c>[Sensitive]</c> (on the property or its constructor parameter): redacted from traces.</summary>
    public bool IsSensitive { get; init; }
}
