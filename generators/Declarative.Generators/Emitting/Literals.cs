using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Generators.Emitting;

/// <summary>C# literals for generated code.</summary>
internal static class Literals
{
    public static string String(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Utf8(string value) => SymbolDisplay.FormatLiteral(value, quote: true) + "u8";

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>
    /// A raw string literal for JSON text when it can be one (readable in the generated file),
    /// otherwise an ordinary escaped literal.
    /// </summary>
    public static string Json(string json)
    {
        if (json.Length == 0 || json[0] == '"' || json[json.Length - 1] == '"' || json.IndexOf('\n') >= 0 || json.IndexOf('\r') >= 0)
        {
            return String(json);
        }
        var longest = 0;
        var run = 0;
        foreach (var c in json)
        {
            run = c == '"' ? run + 1 : 0;
            longest = run > longest ? run : longest;
        }
        var quotes = new string('"', longest < 3 ? 3 : longest + 1);
        return quotes + json + quotes;
    }

    /// <summary>Joins names as a C# collection expression of string literals.</summary>
    public static string StringArray(System.Collections.Generic.IEnumerable<string> values)
        => "[" + string.Join(", ", values.Select(String)) + "]";
}
