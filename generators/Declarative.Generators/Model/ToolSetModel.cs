namespace Declarative.Generators.Model;

/// <summary>How a tool's method returns.</summary>
internal enum ReturnKind
{
    Void,
    Value,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>One parameter of a tool method.</summary>
internal sealed record ParameterModel
{
    public required string Name { get; init; }

    public required TypeShape Shape { get; init; }

    public string? Description { get; init; }

    public Constraints Constraints { get; init; } = Constraints.None;

    public bool IsCancellationToken { get; init; }

    public bool IsRequired { get; init; }

    public string? DefaultValueExpression { get; init; }

    public string? DefaultValueJson { get; init; }
}

/// <summary>One <c>[Tool]</c> method.</summary>
internal sealed record ToolModel
{
    public required string Name { get; init; }

    public required string MethodName { get; init; }

    public string? Description { get; init; }

    public required EquatableArray<ParameterModel> Parameters { get; init; }

    public required ReturnKind ReturnKind { get; init; }

    /// <summary>The shape of the value returned (unwrapped from Task/ValueTask), or null for none.</summary>
    public TypeShape? ReturnShape { get; init; }

    public string? ReturnDescription { get; init; }

    public bool RequiresApproval { get; init; }

    public bool ReadOnly { get; init; }

    public bool IsStatic { get; init; }

    /// <summary>JSON paths of the arguments marked <c>[Sensitive]</c> (<c>$.cardNumber</c>, <c>$.customer.email</c>).</summary>
    public EquatableArray<string> SensitiveArguments { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The result is marked <c>[return: Sensitive]</c>.</summary>
    public bool SensitiveResult { get; init; }
}

/// <summary>A containing type declaration, outermost first, to re-open nested partial classes.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>Everything needed to emit one class's tool set.</summary>
internal sealed record ToolSetModel
{
    public required string? Namespace { get; init; }

    /// <summary>The class itself and its containing types, outermost first.</summary>
    public required EquatableArray<ContainingType> TypeChain { get; init; }

    /// <summary>The class's fully qualified name, for hint names and lookups.</summary>
    public required string FullName { get; init; }

    public required bool IsStatic { get; init; }

    public required EquatableArray<ToolModel> Tools { get; init; }

    public required EquatableArray<NamedType> Types { get; init; }

    /// <summary>The <c>[ToolJsonSerializer]</c> context type, if any.</summary>
    public string? SerializerContextTypeName { get; init; }
}
