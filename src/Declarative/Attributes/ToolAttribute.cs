namespace Declarative;

/// <summary>
/// Marks a method of a <c>partial</c> class as a tool a model may call. The source generator emits
/// the tool's JSON schema, an argument reader that reports every error with its JSON path, a result
/// writer and a direct-call dispatch entry.
/// </summary>
/// <example>
/// <code>
/// public partial class Store
/// {
///     /// &lt;summary&gt;Gets the price of an item.&lt;/summary&gt;
///     [Tool]
///     public decimal GetItemPrice(string itemId) =&gt; 42m;
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ToolAttribute : Attribute
{
    /// <summary>Declares a tool named after the method: snake_case, with a trailing <c>Async</c> dropped.</summary>
    public ToolAttribute()
    {
    }

    /// <summary>Declares a tool with an explicit name, which must match <c>^[a-zA-Z0-9_-]{1,64}$</c>.</summary>
    /// <param name="name">The name the model sees.</param>
    public ToolAttribute(string name) => Name = name;

    /// <summary>The explicit tool name, or <see langword="null"/> to derive it from the method name.</summary>
    public string? Name { get; }

    /// <summary>What the tool does, for the model. Overrides <c>[Description]</c> and XML doc comments.</summary>
    public string? Description { get; set; }

    /// <summary>A person (or a policy) must approve each call before it runs.</summary>
    public bool RequiresApproval { get; set; }

    /// <summary>The tool has no side effects: it is safe to run in parallel with others and to cache.</summary>
    public bool ReadOnly { get; set; }
}
