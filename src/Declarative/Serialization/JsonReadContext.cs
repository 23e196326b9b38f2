using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Declarative.Serialization;

/// <summary>
/// The state of one argument read: where in the JSON the reader is (kept as a stack of segments and
/// turned into a path string only when an error needs one) and every error found so far.
/// Generated readers use it; it is public so generated code can stay on public APIs.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonReadContext
{
    [ThreadStatic]
    private static JsonReadContext? t_cached;

    private string?[] _names = new string?[16];
    private int[] _indices = new int[16];
    private int _depth;
    private List<ToolError>? _errors;

    /// <summary>Creates an empty context.</summary>
    public JsonReadContext()
    {
    }

    /// <summary>The options of the current invocation.</summary>
    public ToolInvocationOptions Options { get; private set; } = ToolInvocationOptions.Default;

    /// <summary>Whether any error has been recorded.</summary>
    public bool HasErrors => _errors is { Count: > 0 };

    /// <summary>The errors recorded so far, in the order found.</summary>
    public IReadOnlyList<ToolError> Errors => (IReadOnlyList<ToolError>?)_errors ?? [];

    /// <summary>Takes a context for this thread (reused between calls, since reading never awaits).</summary>
    /// <param name="options">The invocation's options.</param>
    public static JsonReadContext Rent(ToolInvocationOptions options)
    {
        var context = t_cached;
        if (context is null)
        {
            context = new JsonReadContext();
        }
        else
        {
            t_cached = null;
        }
        context.Options = options ?? ToolInvocationOptions.Default;
        return context;
    }

    /// <summary>Gives a context back for reuse; its errors must have been copied out already.</summary>
    /// <param name="context">The context from <see cref="Rent"/>.</param>
    public static void Return(JsonReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context._depth = 0;
        context._errors = null;
        context.Options = ToolInvocationOptions.Default;
        t_cached = context;
    }

    /// <summary>Reader options honouring <see cref="ToolInvocationOptions.MaxDepth"/>.</summary>
    public JsonReaderOptions ReaderOptions => new() { MaxDepth = Options.MaxDepth, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Enters a property.</summary>
    /// <param name="name">The property name as in the JSON.</param>
    public void PushProperty(string name)
    {
        // Called for every property read: one range check, then straight stores.
        var depth = _depth;
        var names = _names;
        if ((uint)depth >= (uint)names.Length)
        {
            names = Grow();
        }
        names[depth] = name;
        _depth = depth + 1;
    }

    /// <summary>Enters an array element.</summary>
    /// <param name="index">The element's index.</param>
    public void PushIndex(int index)
    {
        var depth = _depth;
        var names = _names;
        var indices = _indices;
        if ((uint)depth >= (uint)names.Length || (uint)depth >= (uint)indices.Length)
        {
            names = Grow();
            indices = _indices;
        }
        names[depth] = null;
        indices[depth] = index;
        _depth = depth + 1;
    }

    /// <summary>Leaves the innermost property or element.</summary>
    public void Pop() => _depth--;

    /// <summary>The JSON path of the current position, such as <c>$.items[2].quantity</c>.</summary>
    public string CurrentPath => BuildPath(null);

    /// <summary>Records an error at the current position.</summary>
    /// <param name="message">What is wrong.</param>
    public void AddError(string message) => (_errors ??= []).Add(new ToolError(BuildPath(null), message));

    /// <summary>Records an error about a child property of the current position.</summary>
    /// <param name="property">The child property's name.</param>
    /// <param name="message">What is wrong.</param>
    public void AddErrorAt(string property, string message) => (_errors ??= []).Add(new ToolError(BuildPath(property), message));

    /// <summary>Records that a required property was not sent.</summary>
    /// <param name="property">The missing property.</param>
    public void AddMissing(string property) => AddErrorAt(property, "required property is missing");

    /// <summary>Turns the recorded errors into a failed result and returns the context for reuse.</summary>
    public ToolResult ToFailureAndReturn()
    {
        var result = ToolResult.Failure(_errors is { Count: > 0 } ? _errors.ToArray() : [new ToolError("$", "invalid arguments")]);
        Return(this);
        return result;
    }

    /// <summary>
    /// Ends a validation-only read: the errors found (empty when <paramref name="valid"/>), and the
    /// context goes back for reuse.
    /// </summary>
    /// <param name="valid">What the generated reader returned.</param>
    public IReadOnlyList<ToolError> CompleteValidation(bool valid)
    {
        IReadOnlyList<ToolError> errors = valid
            ? []
            : _errors is { Count: > 0 } ? _errors.ToArray() : [new ToolError("$", "invalid arguments")];
        Return(this);
        return errors;
    }

    private string?[] Grow()
    {
        Array.Resize(ref _names, _names.Length * 2);
        Array.Resize(ref _indices, _names.Length);
        return _names;
    }

    private string BuildPath(string? extra)
    {
        var builder = new StringBuilder("$");
        for (var i = 0; i < _depth; i++)
        {
            if (_names[i] is { } name)
            {
                AppendName(builder, name);
            }
            else
            {
                builder.Append('[').Append(_indices[i].ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }
        if (extra is not null)
        {
            AppendName(builder, extra);
        }
        return builder.ToString();
    }

    /// <summary>Appends a member to a JSON path: <c>.name</c>, or <c>['odd name']</c>.</summary>
    internal static void AppendName(StringBuilder builder, string name)
    {
        if (IsPlainName(name))
        {
            builder.Append('.').Append(name);
        }
        else
        {
            builder.Append("['").Append(name.Replace("\\", "\\\\").Replace("'", "\\'")).Append("']");
        }
    }

    private static bool IsPlainName(string name)
    {
        if (name.Length == 0 || char.IsDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }
        return true;
    }
}
