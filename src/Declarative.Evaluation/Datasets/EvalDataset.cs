using System.Collections;
using System.Text;
using System.Text.Json;

namespace Declarative.Evaluation;

/// <summary>
/// The cases of an eval, read from JSONL (one JSON object per line) or built in code. Reading checks every line
/// before anything runs and reports every fault with its line and JSON path (<see cref="EvalDatasetException"/>).
/// </summary>
/// <remarks>
/// <para>A line is <c>{"id": "price-1", "input": …, "expected": …, "reference": "…", "tags": ["pricing"]}</c>:
/// <c>id</c> (a unique string) and <c>input</c> (read by the <see cref="CaseReader{TInput, TOutput}"/>, usually the agent's
/// generated reader) are required; <c>expected</c> (read by the same reader as the agent's answers), <c>reference</c>
/// (a reference answer in words) and <c>tags</c> are optional. Any other property is a fault, so a misspelt
/// <c>"expcted"</c> is caught rather than silently grading against nothing. Blank lines and lines starting with
/// <c>//</c> are skipped.</para>
/// </remarks>
/// <typeparam name="TInput">The input's type.</typeparam>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public sealed class EvalDataset<TInput, TOutput> : IReadOnlyList<EvalCase<TInput, TOutput>>
{
    private readonly IReadOnlyList<EvalCase<TInput, TOutput>> _cases;

    private EvalDataset(string name, IReadOnlyList<EvalCase<TInput, TOutput>> cases)
    {
        Name = name;
        _cases = cases;
    }

    /// <summary>The dataset's name: its file name without the extension, or the name given.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public int Count => _cases.Count;

    /// <inheritdoc/>
    public EvalCase<TInput, TOutput> this[int index] => _cases[index];

    /// <summary>The distinct tags of the cases, sorted.</summary>
    public IEnumerable<string> Tags => _cases.SelectMany(c => c.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>Reads a JSONL file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="reader">Reads the inputs and expected answers.</param>
    /// <exception cref="EvalDatasetException">The file has faults; every one is listed with its line and path.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static EvalDataset<TInput, TOutput> Load(string path, CaseReader<TInput, TOutput> reader)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(reader);
        var text = File.ReadAllText(path, Encoding.UTF8);
        return Parse(text, reader, Path.GetFileNameWithoutExtension(path), Path.GetFileName(path));
    }

    /// <summary>Reads JSONL text.</summary>
    /// <param name="jsonl">The text: one case per line.</param>
    /// <param name="reader">Reads the inputs and expected answers.</param>
    /// <param name="name">The dataset's name in reports and errors.</param>
    /// <exception cref="EvalDatasetException">The text has faults; every one is listed with its line and path.</exception>
    public static EvalDataset<TInput, TOutput> Parse(string jsonl, CaseReader<TInput, TOutput> reader, string name = "dataset")
    {
        ArgumentNullException.ThrowIfNull(jsonl);
        return Parse(jsonl, reader, name, name);
    }

    /// <summary>A dataset of cases built in code.</summary>
    /// <param name="name">Its name in reports.</param>
    /// <param name="cases">The cases; their ids must be unique and not empty.</param>
    /// <exception cref="EvalDatasetException">An id is empty or repeated.</exception>
    public static EvalDataset<TInput, TOutput> Create(string name, IEnumerable<EvalCase<TInput, TOutput>> cases)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(cases);
        var list = cases.ToList();
        var errors = new List<DatasetError>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var id = list[i]?.Id;
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add(new DatasetError(name, i + 1, "$.id", "must not be empty"));
            }
            else if (!seen.TryAdd(id, i + 1))
            {
                errors.Add(new DatasetError(name, i + 1, "$.id", $"duplicate id \"{id}\" (first at case {seen[id]})"));
            }
        }
        return errors.Count > 0 ? throw new EvalDatasetException(errors) : new EvalDataset<TInput, TOutput>(name, list);
    }

    /// <summary>The cases with any of the given tags (all cases when none are given), in order.</summary>
    /// <param name="tags">The tags.</param>
    public EvalDataset<TInput, TOutput> WithTags(params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.Length == 0 ? this : new EvalDataset<TInput, TOutput>(Name, _cases.Where(c => c.Tags.Any(tags.Contains)).ToList());
    }

    /// <inheritdoc/>
    public IEnumerator<EvalCase<TInput, TOutput>> GetEnumerator() => _cases.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static EvalDataset<TInput, TOutput> Parse(string jsonl, CaseReader<TInput, TOutput> reader, string name, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cases = new List<EvalCase<TInput, TOutput>>();
        var errors = new List<DatasetError>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in jsonl.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            var trimmed = line.AsSpan().Trim();
            if (trimmed.IsEmpty || trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }
            var lineErrors = new List<DatasetError>();
            var parsed = ParseLine(line, lineNumber, source, reader, lineErrors);
            if (parsed is not null && !firstLineOfId.TryAdd(parsed.Id, lineNumber))
            {
                lineErrors.Add(new DatasetError(source, lineNumber, "$.id", $"duplicate id \"{parsed.Id}\" (first on line {firstLineOfId[parsed.Id]})"));
            }
            if (lineErrors.Count > 0)
            {
                errors.AddRange(lineErrors);
            }
            else if (parsed is not null)
            {
                cases.Add(parsed);
            }
        }
        if (errors.Count == 0 && cases.Count == 0)
        {
            errors.Add(new DatasetError(source, Math.Max(lineNumber, 1), "$", "the dataset has no cases"));
        }
        return errors.Count > 0 ? throw new EvalDatasetException(errors) : new EvalDataset<TInput, TOutput>(name, cases);
    }

    private static EvalCase<TInput, TOutput>? ParseLine(string line, int lineNumber, string source, CaseReader<TInput, TOutput> reader, List<DatasetError> errors)
    {
        void Fault(string path, string message) => errors.Add(new DatasetError(source, lineNumber, path, message));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException exception)
        {
            Fault("$", "not valid JSON: " + FirstSentence(exception.Message));
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Fault("$", "expected an object, one case per line");
                return null;
            }
            string? id = null;
            JsonElement? input = null, expected = null;
            string? reference = null;
            var tags = new List<string>();
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "id":
                        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                        {
                            Fault("$.id", "expected a non-empty string");
                        }
                        else
                        {
                            id = value.GetString();
                        }
                        break;
                    case "input":
                        input = value.Clone();
                        break;
                    case "expected":
                        expected = value.Clone();
                        break;
                    case "reference":
                        if (value.ValueKind == JsonValueKind.String)
                        {
                            reference = value.GetString();
                        }
                        else if (value.ValueKind != JsonValueKind.Null)
                        {
                            Fault("$.reference", "expected a string");
                        }
                        break;
                    case "tags":
                        ReadTags(value, tags, Fault);
                        break;
                    default:
                        Fault("$." + property.Name, "unknown property (a case has id, input, expected, reference and tags)");
                        break;
                }
            }
            if (!root.TryGetProperty("id", out _))
            {
                Fault("$.id", "required");
            }
            if (input is null)
            {
                Fault("$.input", "required");
                return null;
            }
            var inputJson = input.Value.GetRawText();
            if (!reader.Input(Encoding.UTF8.GetBytes(inputJson), out var inputValue, out var inputErrors))
            {
                foreach (var error in inputErrors)
                {
                    Fault(Nest("$.input", error.Path), error.Message);
                }
            }
            TOutput? expectedValue = default;
            string? expectedJson = null;
            if (expected is { ValueKind: not JsonValueKind.Null } e)
            {
                expectedJson = e.GetRawText();
                if (!reader.Expected(Encoding.UTF8.GetBytes(expectedJson), out var value, out var expectedErrors))
                {
                    foreach (var error in expectedErrors)
                    {
                        Fault(Nest("$.expected", error.Path), error.Message);
                    }
                }
                expectedValue = value;
            }
            return id is null ? null : new EvalCase<TInput, TOutput>
            {
                Id = id,
                Input = inputValue,
                InputJson = inputJson,
                Expected = expectedValue,
                HasExpected = expectedJson is not null,
                ExpectedJson = expectedJson,
                Reference = reference,
                Tags = tags,
                Line = lineNumber,
            };
        }
    }

    private static void ReadTags(JsonElement value, List<string> tags, Action<string, string> fault)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            fault("$.tags", "expected an array of strings");
            return;
        }
        var i = 0;
        foreach (var tag in value.EnumerateArray())
        {
            if (tag.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(tag.GetString()))
            {
                fault($"$.tags[{i}]", "expected a non-empty string");
            }
            else if (!tags.Contains(tag.GetString()!))
            {
                tags.Add(tag.GetString()!);
            }
            i++;
        }
    }

    // "$" → "$.input"; "$.items[0]" → "$.input.items[0]"; "$[2]" → "$.input[2]".
    internal static string Nest(string prefix, string path)
        => path.StartsWith('$') ? prefix + path[1..] : prefix + "." + path;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
