using System.Text;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Emitting;

// Constraints as schema keywords: string formats, lengths and anchored patterns, number ranges and the
// CLR bounds of integer types. The reader enforces the same patterns and bounds.
internal sealed partial class SchemaWriter
{
    // Must equal Declarative.Serialization.JsonRead.TimeSpanPattern, which the reader enforces.
    private const string TimeSpanPattern = @"^-?(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d{1,7})?$";

    private static void StringConstraints(StringBuilder b, Constraints constraints)
    {
        if (constraints.Format is { } format)
        {
            b.Append(",\"format\":");
            ShapeBuilder.AppendJsonString(b, format);
        }
        if (constraints.MinLength is { } min)
        {
            b.Append(",\"minLength\":").Append(min.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (constraints.MaxLength is { } max)
        {
            b.Append(",\"maxLength\":").Append(max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (constraints.Pattern is { } pattern)
        {
            b.Append(",\"pattern\":");
            ShapeBuilder.AppendJsonString(b, AnchoredPattern(pattern));
        }
        else if (constraints.Format == "uri" && constraints.IsUrl)
        {
            // [Url] allows only http, https and ftp; format "uri" alone would admit mailto: and the like.
            b.Append(",\"pattern\":");
            ShapeBuilder.AppendJsonString(b, UrlSchemePattern);
        }
    }

    private static void NumberConstraints(StringBuilder b, Constraints constraints, (string Min, string Max)? bounds)
    {
        var min = constraints.Minimum ?? bounds?.Min;
        var max = constraints.Maximum ?? bounds?.Max;
        if (min is not null)
        {
            b.Append(constraints.Minimum is not null && constraints.MinimumExclusive ? ",\"exclusiveMinimum\":" : ",\"minimum\":").Append(min);
        }
        if (max is not null)
        {
            b.Append(constraints.Maximum is not null && constraints.MaximumExclusive ? ",\"exclusiveMaximum\":" : ",\"maximum\":").Append(max);
        }
    }

    /// <summary>The schemes <c>[Url]</c> accepts, as a JSON Schema (ECMA-262) pattern.</summary>
    public const string UrlSchemePattern = "^([hH][tT][tT][pP][sS]?|[fF][tT][pP]):";

    /// <summary>The pattern as the reader applies it: to the whole string, as DataAnnotations does.</summary>
    public static string AnchoredPattern(string pattern)
        => pattern.StartsWith("^", System.StringComparison.Ordinal) && pattern.EndsWith("$", System.StringComparison.Ordinal) ? pattern : "^(?:" + pattern + ")$";

    /// <summary>The CLR range of an integer primitive, as JSON numbers.</summary>
    public static (string Min, string Max)? IntegerBounds(string? primitive) => primitive switch
    {
        "SByte" => ("-128", "127"),
        "Byte" => ("0", "255"),
        "Int16" => ("-32768", "32767"),
        "UInt16" => ("0", "65535"),
        "Int32" => ("-2147483648", "2147483647"),
        "UInt32" => ("0", "4294967295"),
        "Int64" => ("-9223372036854775808", "9223372036854775807"),
        "UInt64" => ("0", "18446744073709551615"),
        _ => null,
    };
}
