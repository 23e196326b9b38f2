using System.Text.Json;
using System.Text.Json.Nodes;
using Declarative;

namespace Consumer;

/// <summary>Counts and prints checks. A check that throws fails; it never stops the run.</summary>
public sealed class Checks
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Runs a check: the body returns <see langword="null"/> for success or a reason for failure.</summary>
    public async Task RunAsync(string name, Func<Task<string?>> body)
    {
        string? failure;
        try
        {
            failure = await body();
        }
        catch (Exception exception)
        {
            failure = "threw " + exception.GetType().Name + ": " + exception.Message;
        }
        Record(name, failure);
    }

    public void Run(string name, Func<string?> body)
    {
        string? failure;
        try
        {
            failure = body();
        }
        catch (Exception exception)
        {
            failure = "threw " + exception.GetType().Name + ": " + exception.Message;
        }
        Record(name, failure);
    }

    private void Record(string name, string? failure)
    {
        if (failure is null)
        {
            Passed++;
            Console.WriteLine("  ok    " + name);
        }
        else
        {
            Failed++;
            Console.WriteLine("  FAIL  " + name);
            foreach (var line in failure.Split('\n'))
            {
                Console.WriteLine("        " + line);
            }
        }
    }

    public static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine("## " + title);
    }
}

/// <summary>Small helpers to derive test arguments from a valid object.</summary>
public static class Json
{
    /// <summary>The object with one property set to raw JSON (added if absent).</summary>
    public static string With(string json, string property, string rawValue)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node[property] = JsonNode.Parse(rawValue);
        return node.ToJsonString();
    }

    /// <summary>The object without one property.</summary>
    public static string Without(string json, string property)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove(property);
        return node.ToJsonString();
    }

    public static string Nested(string open, string close, int depth, string inner = "")
        => string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

    public static string Describe(ToolResult result) => result.IsError
        ? "error: " + string.Join(" | ", result.Errors.Select(e => e.ToString()))
        : "value: " + JsonSemantic.Show(result.Value);
}
