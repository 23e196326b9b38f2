using System.Text;

namespace Declarative.Generators.Parsing;

/// <summary>The naming rules shared by the parser and the analyzers.</summary>
internal static class Naming
{
    /// <summary>snake_case of a method name with a trailing <c>Async</c> dropped: <c>GetHTTPStatusAsync</c> → <c>get_http_status</c>.</summary>
    public static string ToolName(string methodName)
    {
        var name = methodName.Length > 5 && methodName.EndsWith("Async", System.StringComparison.Ordinal)
            ? methodName.Substring(0, methodName.Length - 5)
            : methodName;
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previous = i > 0 ? name[i - 1] : '\0';
                var next = i + 1 < name.Length ? name[i + 1] : '\0';
                var startsWord = i > 0 && previous != '_' &&
                    (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next)));
                if (startsWord)
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>Whether a tool name matches <c>^[a-zA-Z0-9_-]{1,64}$</c>.</summary>
    public static bool IsValidToolName(string? name)
    {
        if (name is null || name.Length == 0 || name.Length > 64)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>camelCase exactly as <c>JsonNamingPolicy.CamelCase</c> does it (<c>URLValue</c> → <c>urlValue</c>).</summary>
    public static string CamelCase(string name)
    {
        if (string.IsNullOrEmpty(name) || !char.IsUpper(name[0]))
        {
            return name;
        }
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }
            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ')
                {
                    chars[i] = char.ToLowerInvariant(chars[i]);
                }
                break;
            }
            chars[i] = char.ToLowerInvariant(chars[i]);
        }
        return new string(chars);
    }

    /// <summary>A file name for a type's generated source: its full name with dots kept (so <c>A.B_C</c> and <c>A_B.C</c> differ).</summary>
    public static string HintName(string typeName)
    {
        var text = typeName.StartsWith("global::", System.StringComparison.Ordinal) ? typeName.Substring(8) : typeName;
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '.' || c == '_' ? c : c == '<' ? '{' : c == '>' ? '}' : '_');
        }
        return builder.ToString();
    }

    /// <summary>A C# identifier: the name itself, or <c>@name</c> when it is a keyword.</summary>
    public static string Escape(string name)
        => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    /// <summary>A C# identifier fragment for a type name, used in generated member names.</summary>
    public static string Identifier(string typeName)
    {
        var builder = new StringBuilder(typeName.Length);
        var text = typeName.StartsWith("global::", System.StringComparison.Ordinal) ? typeName.Substring(8) : typeName;
        var lastUnderscore = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
                lastUnderscore = false;
            }
            else if (c == '?')
            {
                builder.Append("_N");
                lastUnderscore = false;
            }
            else if (!lastUnderscore)
            {
                builder.Append('_');
                lastUnderscore = true;
            }
        }
        return builder.ToString().Trim('_');
    }
}
