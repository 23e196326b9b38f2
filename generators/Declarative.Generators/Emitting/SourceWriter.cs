using System;
using System.Text;

namespace Declarative.Generators.Emitting;

/// <summary>A small indentation-aware writer for generated C#.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
        }
        _builder.Append(text).Append('\n');
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
