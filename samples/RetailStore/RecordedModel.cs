using System.Reflection;
using Declarative.Testing;
using Microsoft.Extensions.AI;

namespace RetailStore;

/// <summary>
/// The offline stand-in for a model: it replays a <see cref="RecordedScript"/> of a model's decisions
/// (which tools to call with which arguments, and the final answers), while the tools themselves run for
/// real. A recording can only follow one path, so where the conversation forks on a person's decision
/// — a return approved or denied — the script has a second file with the model's answer for the other
/// branch, and this client follows whichever branch the run actually took.
/// </summary>
internal sealed class RecordedModel : DelegatingChatClient
{
    private readonly ScriptedChatClient _script;
    private readonly ScriptedChatClient? _ifDenied;

    private RecordedModel(ScriptedChatClient script, ScriptedChatClient? ifDenied)
        : base(script)
    {
        _script = script;
        _ifDenied = ifDenied;
    }

    /// <summary>The model id the recording was made with.</summary>
    public string ModelId => _script.ModelId;

    /// <summary>Loads <c>Scripts/{name}.json</c> and, when there is one, <c>Scripts/{name}.if-denied.json</c>.</summary>
    public static RecordedModel Load(string name)
    {
        var script = RecordedScript.Parse(ReadResource(name + ".json")
            ?? throw new InvalidOperationException($"The recorded script '{name}.json' is not embedded in the sample."));
        var ifDenied = ReadResource(name + ".if-denied.json") is { } text ? RecordedScript.Parse(text) : null;
        return new RecordedModel(script, ifDenied);
    }

    /// <summary>The requests the recording was asked to answer, in order (messages and options as sent).</summary>
    public IReadOnlyList<ScriptedRequest> Requests => _script.Requests;

    /// <summary>How many recorded responses were not used (0 when the run followed the recording to its end).</summary>
    public int UnusedResponses => _script.RemainingSteps;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
                                                              CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        // The main recording always advances, so it is used up exactly when the run reached its end.
        var response = await _script.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        if (_ifDenied is not null && LastTurnWasDenied(list))
        {
            response = await _ifDenied.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    // The runner answers a denied call with "Error: the call to '<tool>' was not approved ...".
    private static bool LastTurnWasDenied(IReadOnlyList<ChatMessage> messages)
        => messages.Count > 0 && messages[^1].Role == ChatRole.Tool
            && messages[^1].Contents.OfType<FunctionResultContent>()
                .Any(r => r.Result?.ToString()?.Contains("was not approved", StringComparison.Ordinal) == true);

    private static string? ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Scripts/" + name);
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
