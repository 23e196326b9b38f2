using System;
using System.Text;

namespace Declarative.Generators.Emitting;

/// <summary>A small indentation-aware writer for generated C#.</summary>
/// <remarks>
/// A tool set's file is large (100 KB and more for a class of ten tools) and a cold build writes many,
/// so the <see cref="StringBuilder"/> of a <see cref="Complete"/>d writer is kept for the next writer on
/// the same thread: it keeps its capacity, so after the first file nothing is allocated to grow it,
/// and the only copy of the text is the final string.
/// </remarks>
internal sealed class SourceWriter
{
    // Builders above this capacity (in chars, 512 KB) are not kept, so an unusually large file does not
    // pin memory on every thread of a long-lived compiler server.
    private const int MaxCachedCapacity = 256 * 1024;

    [ThreadStatic]
    private static StringBuilder? t_cached;

    private StringBuilder _builder;
    private int _indent;

    public SourceWriter()
    {
        _builder = t_cached ?? new StringBuilder(16 * 1024);
        t_cached = null;
    }

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
        }
        _builder.Append(text).Append('\n');
    }

    // A line given in parts is appended part by part: concatenating the parts first would make a
    // short-lived string per line, which for a cold build of a thousand tools is megabytes of garbage.

    public void Line(string a, string b) => Line(a, b, "", "", "", "");

    public void Line(string a, string b, string c) => Line(a, b, c, "", "", "");

    public void Line(string a, string b, string c, string d) => Line(a, b, c, d, "", "");

    public void Line(string a, string b, string c, string d, string e) => Line(a, b, c, d, e, "");

    public void Line(string a, string b, string c, string d, string e, string f)
    {
        if (a.Length + b.Length + c.Length + d.Length + e.Length + f.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
        }
        _builder.Append(a).Append(b).Append(c).Append(d).Append(e).Append(f).Append('\n');
    }

    /// <summary>Writes <c>{</c> and indents; dispose the result to write <c>}</c>.</summary>
    public Block Open(string? header = null, string close = "}")
    {
        if (header is not null)
        {
            Line(header);
        }
        Line("{");
        _indent++;
        return new Block(this, close);
    }

    public void Indent() => _indent++;

    public void Outdent() => _indent--;

    public override string ToString() => _builder.ToString();

    /// <summary>The text written; the writer must not be used afterwards (its buffer goes to the next writer).</summary>
    public string Complete()
    {
        var builder = _builder;
        var text = builder.ToString();
        _builder = null!;
        if (builder.Capacity <= MaxCachedCapacity)
        {
            builder.Clear();
            t_cached = builder;
        }
        return text;
    }

    internal readonly struct Block : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string _close;

        public Block(SourceWriter writer, string close)
        {
            _writer = writer;
            _close = close;
        }

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line(_close);
        }
    }
}
