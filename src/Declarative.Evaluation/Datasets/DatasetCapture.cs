using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Declarative.Evaluation;

/// <summary>
/// Turns real runs into cases: JSONL lines to review, correct and save as a dataset. The answer a run gave becomes
/// the case's <c>expected</c> — a starting point for a person to check, not a truth.
/// </summary>
public static class DatasetCapture
{
    /// <summary>
    /// One case per invocation of the nested agent <paramref name="agentName"/> (a specialist, a participant) in the
    /// traces: its input (the JSON it was given, or the message as a string) and its answer. Component datasets from
    /// production traces: evaluate the specialist alone on what it really received.
    /// </summary>
    /// <param name="traces">The traces.</param>
    /// <param name="agentName">The agent's name in the runs.</param>
    /// <param name="idPrefix">The ids' prefix; cases are numbered from 1.</param>
    /// <returns>JSONL text, one case per line.</returns>
    public static string FromInvocations(IEnumerable<RunTrace> traces, string agentName, string idPrefix)
    {
        ArgumentNullException.ThrowIfNull(traces);
        ArgumentException.ThrowIfNullOrEmpty(agentName);
        ArgumentException.ThrowIfNullOrEmpty(idPrefix);
        var text = new StringBuilder();
        var number = 0;
        foreach (var trace in traces)
        {
            foreach (var invocation in trace.AgentInvocations)
            {
                if (invocation.AgentName != agentName || invocation.Input is null)
                {
                    continue;
                }
                number++;
                text.Append(Line($"{idPrefix}-{number}", invocation.Input, invocation.Status == AgentRunStatus.Completed ? invocation.Text : null, [agentName]));
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>One case from a finished run: its input, its answer as the expected one, and tags.</summary>
    /// <param name="id">The case's id.</param>
    /// <param name="input">The input: JSON (a typed input) or the user's message.</param>
    /// <param name="result">The run.</param>
    /// <param name="tags">Tags for the case.</param>
    /// <returns>One JSONL line (without a line break).</returns>
    public static string FromRun(string id, string input, AgentRunResult result, IEnumerable<string>? tags = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        return Line(id, input, result.IsCompleted ? result.Text : null, tags?.ToList() ?? []);
    }

    private static string Line(string id, string input, string? answer, IReadOnlyList<string> tags)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WritePropertyName("input");
            WriteJsonOrString(writer, input);
            if (answer is not null)
            {
                writer.WritePropertyName("expected");
                WriteJsonOrString(writer, answer);
            }
            if (tags.Count > 0)
            {
                writer.WriteStartArray("tags");
                foreach (var tag in tags)
                {
                    writer.WriteStringValue(tag);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // A typed input or answer is JSON already (an object or array): copy it as it is. Anything else is text.
    private static void WriteJsonOrString(Utf8JsonWriter writer, string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '[')
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                document.RootElement.WriteTo(writer);
                return;
            }
            catch (JsonException)
            {
                // Text that only looks like JSON.
            }
        }
        writer.WriteStringValue(text);
    }
}
