using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Declarative.Serialization;

// Split by concern, all one type: this file holds the reader's state, Read and Skip, and the replay
// that turns malformed text into System.Text.Json's own exception; JsonTokenReader.Scanning.cs the
// byte-level scanning Read calls (white space, literals, numbers, strings and their escapes);
// JsonTokenReader.Values.cs the current token's value (strings, numbers, dates, GUIDs, raw text).
// Partial files change nothing in the compiled code; the split is for readers of the source.
/// <summary>
/// A forward-only reader of one complete JSON text held in memory, for generated argument readers.
/// It accepts exactly what <see cref="Utf8JsonReader"/> accepts with the same options (one final
/// block, no comments, no trailing commas) and yields the same tokens, but does only what reading
/// arguments needs (no multi-segment input, no partial blocks, no comment handling, no line
/// tracking), which takes about a third less time.
/// </summary>
/// <remarks>
/// <para>
/// Malformed JSON surfaces as the <see cref="JsonException"/> that <see cref="Utf8JsonReader"/>
/// throws for the same text, at the same token, with the same message and position: when this reader
/// finds the text malformed it replays it with <see cref="Utf8JsonReader"/> to obtain that exception,
/// so error messages are those of System.Text.Json. Text that is not valid UTF-8 is found, as there,
/// only when a string is decoded (an <see cref="InvalidOperationException"/>).
/// </para>
/// <para>Generated code uses it; it is public so generated code can stay on public APIs.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref partial struct JsonTokenReader
{
    private const int DefaultMaxDepth = 64;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly JsonReaderOptions _options;
    private readonly int _maxDepth;

    // The next byte to look at; the current token ends before it.
    private int _position;
    private int _valueStart;
    private int _valueLength;
    private int _depth;

    // Bit i says whether the container at depth i + 1 is an object (depths beyond 64 in _deeper).
    private ulong _objects;
    private bool[]? _deeper;
    private bool _escaped;
    private bool _plainAscii;
    private JsonTokenType _tokenType;

    /// <summary>Starts a reader on a complete JSON text.</summary>
    /// <param name="utf8Json">The text.</param>
    /// <param name="options">
    /// Reader options: <see cref="JsonReaderOptions.MaxDepth"/> is honoured; comments and trailing
    /// commas are not accepted whatever the options say.
    /// </param>
    public JsonTokenReader(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options)
    {
        _buffer = utf8Json;
        _options = new JsonReaderOptions { MaxDepth = options.MaxDepth, CommentHandling = JsonCommentHandling.Disallow };
        _maxDepth = options.MaxDepth == 0 ? DefaultMaxDepth : options.MaxDepth;
    }

    /// <summary>The kind of the current token.</summary>
    public readonly JsonTokenType TokenType => _tokenType;

    /// <summary>
    /// The current token's bytes: a string's or property name's text between the quotes (escapes not
    /// resolved), a number's digits, a literal's letters, or the bracket.
    /// </summary>
    public readonly ReadOnlySpan<byte> ValueSpan => _buffer.Slice(_valueStart, _valueLength);

    /// <summary>Whether the current string or property name contains escapes.</summary>
    public readonly bool ValueIsEscaped => _escaped;

    /// <summary>The number of containers open at the current token (0 outside any).</summary>
    public readonly int CurrentDepth => _tokenType is JsonTokenType.StartObject or JsonTokenType.StartArray ? _depth - 1 : _depth;

    /// <summary>Where the current token starts in the text (for a string, its opening quote).</summary>
    public readonly int TokenStartIndex => _tokenType is JsonTokenType.String or JsonTokenType.PropertyName ? _valueStart - 1 : _valueStart;

    // Token types after which a comma or the container's end comes next.
    private const int AfterValue = (1 << (int)JsonTokenType.String) | (1 << (int)JsonTokenType.Number) | (1 << (int)JsonTokenType.True)
        | (1 << (int)JsonTokenType.False) | (1 << (int)JsonTokenType.Null) | (1 << (int)JsonTokenType.EndObject) | (1 << (int)JsonTokenType.EndArray);

    /// <summary>Moves to the next token.</summary>
    /// <returns><see langword="false"/> at the end of the text, after a complete value.</returns>
    /// <exception cref="JsonException">The text is malformed or nested deeper than the limit.</exception>
    public bool Read()
    {
        var buffer = _buffer;
        var position = SkipWhiteSpace(buffer, _position);
        var type = _tokenType;
        if ((uint)position >= (uint)buffer.Length)
        {
            // The end of the text is only right after a complete top-level value.
            if (_depth == 0 && type != JsonTokenType.None && type != JsonTokenType.PropertyName)
            {
                _position = position;
                return false;
            }
            return Malformed();
        }
        var b = buffer[position];
        if (type == JsonTokenType.PropertyName)
        {
            return ReadValue(buffer, position, b);
        }
        if (((AfterValue >> (int)type) & 1) != 0)
        {
            // After a complete value (a string, number, literal, or an object's or array's end).
            if (b == (byte)',' && _depth > 0)
            {
                position = SkipWhiteSpace(buffer, position + 1);
                if ((uint)position < (uint)buffer.Length)
                {
                    b = buffer[position];
                    if (InObject)
                    {
                        if (b == (byte)'"')
                        {
                            return ReadPropertyName(buffer, position);
                        }
                    }
                    else if (b != (byte)']')
                    {
                        return ReadValue(buffer, position, b);
                    }
                }
                return Malformed();
            }
            if (b == (byte)'}' && InObject)
            {
                return EndContainer(position, JsonTokenType.EndObject);
            }
            if (b == (byte)']' && _depth > 0 && !InObject)
            {
                return EndContainer(position, JsonTokenType.EndArray);
            }
            return Malformed();
        }
        if (type == JsonTokenType.StartObject)
        {
            if (b == (byte)'"')
            {
                return ReadPropertyName(buffer, position);
            }
            if (b == (byte)'}')
            {
                return EndContainer(position, JsonTokenType.EndObject);
            }
            return Malformed();
        }
        if (type == JsonTokenType.StartArray && b == (byte)']')
        {
            return EndContainer(position, JsonTokenType.EndArray);
        }
        // The first token, or an array's first element.
        return ReadValue(buffer, position, b);
    }

    /// <summary>
    /// Skips the current value: on a property name, its value; on an object's or array's start, up to
    /// its end; on anything else, nothing.
    /// </summary>
    /// <exception cref="JsonException">The text is malformed.</exception>
    public void Skip()
    {
        if (_tokenType == JsonTokenType.PropertyName)
        {
            Read();
        }
        if (_tokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var depth = _depth - 1;
            while (Read() && _depth > depth)
            {
            }
            // Read() returns true for the matching end token, after which _depth == depth.
        }
    }

    /// <summary>Throws what <see cref="Utf8JsonReader"/> throws for this text.</summary>
    private readonly bool Malformed() => throw Replay(_buffer, _options);

    /// <summary>
    /// Reads the text with <see cref="Utf8JsonReader"/> to the first error and returns its exception:
    /// the same message and position System.Text.Json reports.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static JsonException Replay(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(utf8Json, options);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException exception)
        {
            return exception;
        }
        // Not reached unless the two readers disagree; the differential tests make sure they do not.
        return new JsonException("The JSON text is malformed.");
    }
}
