using System.Text;

namespace Declarative.Evaluation;

// Writes HTML into a string with everything that comes from the data encoded: text and attribute values
// pass through Encode, and only the report's own fixed markup goes in raw. Attribute names and tag names
// are the report's constants, never data.
internal sealed class HtmlBuilder
{
    private readonly StringBuilder _text = new(16 * 1024);

    /// <summary>Markup written as is: only the report's own constants.</summary>
    public HtmlBuilder Raw(string markup)
    {
        _text.Append(markup);
        return this;
    }

    /// <summary>Text from the data, encoded.</summary>
    public HtmlBuilder Text(string? text)
    {
        Encode(_text, text);
        return this;
    }

    /// <summary>An opening tag; attributes whose value is null are left out, values are encoded.</summary>
    public HtmlBuilder Open(string tag, params (string Name, string? Value)[] attributes)
    {
        _text.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is null)
            {
                continue;
            }
            _text.Append(' ').Append(name).Append("=\"");
            Encode(_text, value);
            _text.Append('"');
        }
        _text.Append('>');
        return this;
    }

    public HtmlBuilder Close(string tag)
    {
        _text.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>An element holding only encoded text.</summary>
    public HtmlBuilder Element(string tag, string? text, params (string Name, string? Value)[] attributes)
        => Open(tag, attributes).Text(text).Close(tag);

    public HtmlBuilder Line()
    {
        _text.Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>The text with the five characters that mean something in HTML replaced by references.</summary>
    public static string Encode(string? text)
    {
        var builder = new StringBuilder();
        Encode(builder, text);
        return builder.ToString();
    }

    private static void Encode(StringBuilder builder, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                // Control characters other than tab and line breaks are not allowed in HTML text.
                case < ' ' and not '\t' and not '\n' and not '\r': builder.Append('\uFFFD'); break;
                default: builder.Append(c); break;
            }
        }
    }
}
