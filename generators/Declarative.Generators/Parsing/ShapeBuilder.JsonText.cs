using System;
using System.Globalization;

namespace Declarative.Generators.Parsing;

// JSON number and string literals: the escaping the emitted schemas and defaults use.
internal sealed partial class ShapeBuilder
{
    private static string JsonNumber(string text) => text.Contains("E") ? text.Replace("E+", "e").Replace("E", "e") : text;

    private static string JsonString(string text)
    {
        if (!NeedsEscaping(text))
        {
            return "\"" + text + "\"";
        }
        var builder = new System.Text.StringBuilder(text.Length + 8);
        AppendJsonString(builder, text);
        return builder.ToString();
    }

    private static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' || c == '"' || c == '\\')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Appends <paramref name="text"/> as a JSON string literal, quotes included, escaped as <see cref="ToJsonString"/> does.</summary>
    public static void AppendJsonString(System.Text.StringBuilder builder, string text)
    {
        builder.Append('"');
        if (!NeedsEscaping(text))
        {
            builder.Append(text).Append('"');
            return;
        }
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
    }

    /// <summary>Escapes text for a JSON string literal (without the quotes' surroundings beyond the pair).</summary>
    public static string ToJsonString(string text) => JsonString(text);
}
