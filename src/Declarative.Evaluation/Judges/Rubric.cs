using System.Collections;
using System.Text;
using System.Text.Json;

namespace Declarative.Evaluation;

/// <summary>
/// The binary criteria a <see cref="RubricJudge"/> checks an answer against: each is met or not, with a reason.
/// Yes/no criteria, not 1–5 scores, because a named yes/no judgement is reproducible and says what to fix.
/// </summary>
/// <remarks>
/// A rubric file is either one criterion per line (blank lines and lines starting with <c>#</c> are skipped) or a
/// JSON array of strings. Every problem in it is reported at once, each with its line
/// (<see cref="RubricFormatException"/>).
/// </remarks>
/// <example>
/// <code>
/// var rubric = Rubric.Of("The answer names the order's delivery date", "The answer does not promise a refund");
/// var fromFile = Rubric.Load("evals/support.rubric");
/// </code>
/// </example>
public sealed class Rubric : IReadOnlyList<string>
{
    private readonly string[] _criteria;

    private Rubric(string[] criteria) => _criteria = criteria;

    /// <summary>The number of criteria.</summary>
    public int Count => _criteria.Length;

    /// <summary>A criterion, by position.</summary>
    /// <param name="index">The position, from 0.</param>
    public string this[int index] => _criteria[index];

    /// <summary>A rubric from criteria written in code.</summary>
    /// <param name="criteria">The criteria: at least one, none empty, no two the same (case and spacing aside).</param>
    /// <exception cref="ArgumentException">A criterion is empty or repeated, or there are none.</exception>
    public static Rubric Of(params string[] criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var errors = new List<RubricError>();
        var kept = Collect(criteria.Select((c, i) => (Text: c, Line: i + 1)), "criteria", errors, positionWord: "criterion");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors.Select(e => e.Message)), nameof(criteria));
        }
        return new Rubric(kept);
    }

    /// <summary>Reads a rubric file: one criterion per line with <c>#</c> comments, or a JSON array of strings.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="RubricFormatException">The file is not a valid rubric; every error, with its line.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static Rubric Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    /// <summary>Reads a rubric from text: one criterion per line with <c>#</c> comments, or a JSON array of strings.</summary>
    /// <param name="text">The text.</param>
    /// <param name="source">The name errors give as their source (a file name).</param>
    /// <exception cref="RubricFormatException">The text is not a valid rubric; every error, with its line.</exception>
    public static Rubric Parse(string text, string source = "rubric")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var errors = new List<RubricError>();
        var entries = text.TrimStart().StartsWith('[') ? JsonEntries(text, source, errors) : LineEntries(text);
        var criteria = Collect(entries, source, errors, positionWord: null);
        if (errors.Count == 0 && criteria.Length == 0)
        {
            errors.Add(new RubricError(source, 1, "the rubric has no criteria"));
        }
        return errors.Count > 0 ? throw new RubricFormatException(errors) : new Rubric(criteria);
    }

    /// <summary>The criteria as a numbered list, one a line, as the judge is shown them.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < _criteria.Length; i++)
        {
            text.Append(i + 1).Append(". ").Append(_criteria[i]).Append('\n');
        }
        return text.ToString();
    }

    /// <inheritdoc/>
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_criteria).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _criteria.GetEnumerator();

    // Two criteria are the same when they differ only in case, spacing or a final full stop: the judge may echo
    // "the answer names a date." for "The answer names a date".
    internal static string Normalize(string criterion)
    {
        var text = new StringBuilder(criterion.Length);
        var space = false;
        foreach (var c in criterion.Trim().TrimEnd('.', ' '))
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space && text.Length > 0)
            {
                text.Append(' ');
            }
            space = false;
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    private static IEnumerable<(string Text, int Line)> LineEntries(string text)
    {
        var line = 0;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            var trimmed = raw.Trim();
            if (trimmed.Length > 0 && trimmed[0] != '#')
            {
                yield return (trimmed, line);
            }
        }
    }

    // A JSON array of strings, each with the line it starts on; a syntax error is reported at its own line.
    private static List<(string Text, int Line)> JsonEntries(string text, string source, List<RubricError> errors)
    {
        var entries = new List<(string Text, int Line)>();
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            reader.Read(); // the '[' checked by the caller
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var line = LineAt(bytes, (int)reader.TokenStartIndex);
                if (reader.TokenType == JsonTokenType.String)
                {
                    entries.Add((reader.GetString()!, line));
                }
                else
                {
                    errors.Add(new RubricError(source, line, $"$[{index}]: expected a criterion as a string, got {Describe(reader.TokenType)}"));
                    reader.Skip();
                }
                index++;
            }
            if (reader.Read())
            {
                errors.Add(new RubricError(source, LineAt(bytes, (int)reader.TokenStartIndex), "unexpected text after the array's closing ']'"));
            }
        }
        catch (JsonException exception)
        {
            errors.Add(new RubricError(source, (int)(exception.LineNumber ?? 0) + 1, "invalid JSON: " + FirstSentence(exception.Message)));
        }
        return entries;
    }

    private static string[] Collect(IEnumerable<(string Text, int Line)> entries, string source, List<RubricError> errors, string? positionWord)
    {
        var kept = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (raw, line) in entries)
        {
            var where = positionWord is null ? "" : $"{positionWord} {line}: ";
            var criterion = raw?.Trim() ?? "";
            if (criterion.Length == 0)
            {
                errors.Add(new RubricError(source, line, where + "a criterion is empty"));
                continue;
            }
            var key = Normalize(criterion);
            if (seen.TryGetValue(key, out var first))
            {
                errors.Add(new RubricError(source, line, $"{where}\"{criterion}\" repeats the criterion of {(positionWord ?? "line")} {first}"));
                continue;
            }
            seen.Add(key, line);
            kept.Add(criterion);
        }
        if (positionWord is not null && kept.Count == 0 && errors.Count == 0)
        {
            errors.Add(new RubricError(source, 0, "a rubric needs at least one criterion"));
        }
        return [.. kept];
    }

    private static int LineAt(byte[] bytes, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
            }
        }
        return line;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    // System.Text.Json's messages end with "LineNumber: 2 | BytePositionInLine: 5."; the line is given separately.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).TrimEnd();
    }
}
