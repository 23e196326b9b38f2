using System.Globalization;

namespace Declarative.Serialization;

// The DataAnnotations constraints generated readers enforce after reading a value (see JsonRead.cs).
public static partial class JsonRead
{
    /// <summary>Checks a string's length.</summary>
    public static bool CheckLength(JsonReadContext context, string value, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length < min)
        {
            return Invalid(context, string.Create(CultureInfo.InvariantCulture, $"must be at least {min} characters long, got {value.Length}"));
        }
        if (value.Length > max)
        {
            return Invalid(context, string.Create(CultureInfo.InvariantCulture, $"must be at most {max} characters long, got {value.Length}"));
        }
        return true;
    }

    /// <summary>Checks a collection's element count.</summary>
    public static bool CheckCount(JsonReadContext context, int count, int min, int max)
    {
        if (count < min)
        {
            return Invalid(context, string.Create(CultureInfo.InvariantCulture, $"must have at least {min} items, got {count}"));
        }
        if (count > max)
        {
            return Invalid(context, string.Create(CultureInfo.InvariantCulture, $"must have at most {max} items, got {count}"));
        }
        return true;
    }

    /// <summary>Checks a number against an inclusive or exclusive range.</summary>
    public static bool CheckRange(JsonReadContext context, double value, double min, double max, bool minExclusive, bool maxExclusive)
    {
        var low = minExclusive ? value > min : value >= min;
        var high = maxExclusive ? value < max : value <= max;
        if (low && high)
        {
            return true;
        }
        return Invalid(context, string.Create(CultureInfo.InvariantCulture,
            $"must be {(minExclusive ? "greater than" : "at least")} {min} and {(maxExclusive ? "less than" : "at most")} {max}, got {value}"));
    }

    /// <summary>Checks a string against a whole-string regular expression.</summary>
    public static bool CheckPattern(JsonReadContext context, string value, System.Text.RegularExpressions.Regex regex)
    {
        ArgumentNullException.ThrowIfNull(regex);
        try
        {
            if (regex.IsMatch(value))
            {
                return true;
            }
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return Invalid(context, "value took too long to check against the pattern " + regex);
        }
        return Invalid(context, "must match the pattern " + regex);
    }

    /// <summary>Checks an e-mail address as <c>[EmailAddress]</c> does: one '@', not first or last.</summary>
    public static bool CheckEmail(JsonReadContext context, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1 && !value.Contains('\r') && !value.Contains('\n'))
        {
            return true;
        }
        return Invalid(context, "must be an e-mail address such as name@example.com");
    }

    /// <summary>Checks an absolute http, https or ftp URL as <c>[Url]</c> does.</summary>
    public static bool CheckUrl(JsonReadContext context, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ftp")
        {
            return true;
        }
        return Invalid(context, "must be an absolute http, https or ftp URL");
    }
}
