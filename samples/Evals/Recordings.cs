using System.Collections.Concurrent;
using System.Reflection;
using Declarative.Testing;
using Microsoft.Extensions.AI;

namespace EvalsSample;

/// <summary>
/// The offline model of one case: the agent's recorded decisions (<c>Recordings/{set}/{case}.json</c>) and the judge's
/// recorded verdict (<c>Recordings/{judge set}/{case}.json</c>), each a <see cref="RecordedScript"/>. The case's run and
/// its judge share it, so it tells them apart by the request: the agent's requests open with the shop's instructions as
/// the system message; anything else is the judge's.
/// </summary>
internal sealed class RecordedCase : IChatClient
{
    /// <summary>How the instructions of both shop agents begin (<c>CustomerServiceAgent</c>, <c>CandidateServiceAgent</c>).</summary>
    internal const string AgentInstructionsStart = "You are the customer-service assistant of Sunny Side";

    private readonly ScriptedChatClient _model;
    private readonly ScriptedChatClient? _judge;

    public RecordedCase(string caseId, string modelSource, ScriptedChatClient model, string? judgeSource, ScriptedChatClient? judge)
    {
        CaseId = caseId;
        ModelSource = modelSource;
        JudgeSource = judgeSource;
        _model = model;
        _judge = judge;
    }

    /// <summary>The case this is the model of.</summary>
    public string CaseId { get; }

    /// <summary>The recording the agent's side comes from, like <c>agent/price-riviera</c>.</summary>
    public string ModelSource { get; }

    /// <summary>The recording the judge's side comes from, if any.</summary>
    public string? JudgeSource { get; }

    /// <summary>The model id the recording was made with.</summary>
    public string ModelId => _model.ModelId;

    /// <summary>Recorded responses not asked for: 0 for both once the run and its grading followed the recordings to the end.</summary>
    public (int Model, int Judge) Unused => (_model.RemainingSteps, _judge?.RemainingSteps ?? 0);

    /// <summary>How many requests the agent and the judge made.</summary>
    public (int Model, int Judge) Requests => (_model.Requests.Count, _judge?.Requests.Count ?? 0);

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return Route(list).GetResponseAsync(list, options, cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
                                                                          CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return Route(list).GetStreamingResponseAsync(list, options, cancellationToken);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) => _model.GetService(serviceType, serviceKey);

    /// <inheritdoc/>
    public void Dispose()
    {
        _model.Dispose();
        _judge?.Dispose();
    }

    private ScriptedChatClient Route(IReadOnlyList<ChatMessage> messages)
    {
        if (messages is [{ Role: var role } first, ..] && role == ChatRole.System
            && first.Text.StartsWith(AgentInstructionsStart, StringComparison.Ordinal))
        {
            return _model;
        }
        return _judge ?? throw new InvalidOperationException(
            $"case '{CaseId}': a request that is not the agent's (a judge's?) has no recorded verdict to answer it; "
            + $"the agent's recording is {ModelSource}.");
    }
}

/// <summary>
/// A set of recordings to run a dataset on: where the agent's decisions and the judge's verdicts come from, with a
/// fallback set for the cases a candidate did not re-record (on those it made the baseline's decisions). Remembers every
/// client it made, so a run can be checked afterwards for recordings that were not followed to their end.
/// </summary>
internal sealed class RecordingSet(string model, string? modelFallback = null, string? judge = null, string? judgeFallback = null)
{
    private readonly ConcurrentDictionary<(string CaseId, int Repetition), RecordedCase> _made = new();

    /// <summary>The baseline agent's decisions and the judge's verdicts on them.</summary>
    public static RecordingSet Baseline() => new("agent", judge: "judge");

    /// <summary>The candidate's: its own recordings where it decided differently, the baseline's elsewhere.</summary>
    public static RecordingSet Candidate() => new("agent-candidate", "agent", "judge-candidate", "judge");

    /// <summary>The plan runner's plans and answers (no judge).</summary>
    public static RecordingSet Plans() => new("plan");

    /// <summary>Every client made so far, by case and repetition.</summary>
    public IReadOnlyDictionary<(string CaseId, int Repetition), RecordedCase> Made => _made;

    /// <summary>
    /// One client for a whole eval: each request is answered by the recording of the case whose run (or grading) made it,
    /// as <see cref="CaseScope"/> says. The harness's command line takes one client per eval, not one per case.
    /// </summary>
    public IChatClient Client => _client ??= new ScopedClient(this);

    private IChatClient? _client;

    /// <summary>The model of one run of a case: made on first use, then shared by the run and its judge; a fresh replay for each repetition.</summary>
    /// <exception cref="InvalidOperationException">No recording of the case in the set or its fallback.</exception>
    public RecordedCase For(string caseId, int repetition) => _made.GetOrAdd((caseId, repetition), key => Make(key.CaseId));

    private RecordedCase Make(string caseId)
    {
        var (modelSource, script) = Load(caseId, model, modelFallback)
            ?? throw new InvalidOperationException(
                $"no recording of case '{caseId}' in Recordings/{model}/{(modelFallback is null ? "" : $" or Recordings/{modelFallback}/")}; "
                + "record one, or run live (OPENAI_API_KEY or OPENAI_BASE_URL)");
        var verdict = judge is null ? null : Load(caseId, judge, judgeFallback);
        return new RecordedCase(caseId, modelSource, script, verdict?.Source, verdict?.Script);
    }

    /// <summary>Recordings that were not followed to their end, one line each (none when every run replayed its recordings fully).</summary>
    public IEnumerable<string> Unfinished()
        => _made.Values.OrderBy(c => c.CaseId, StringComparer.Ordinal).SelectMany(c => Describe(c));

    private static IEnumerable<string> Describe(RecordedCase client)
    {
        var (model, judge) = client.Unused;
        if (model > 0)
        {
            yield return $"{client.CaseId}: {model} recorded model response(s) of {client.ModelSource} unused";
        }
        if (judge > 0)
        {
            yield return $"{client.CaseId}: {judge} recorded verdict(s) of {client.JudgeSource} unused";
        }
    }

    private sealed class ScopedClient(RecordingSet set) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => Current().GetResponseAsync(messages, options, cancellationToken);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
                                                                              CancellationToken cancellationToken = default)
            => Current().GetStreamingResponseAsync(messages, options, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }

        private RecordedCase Current() => CaseScope.Current is var (caseId, repetition)
            ? set.For(caseId, repetition)
            : throw new InvalidOperationException("A recorded model was asked outside any case's run (CaseScope not entered).");
    }

    private static (string Source, ScriptedChatClient Script)? Load(string caseId, string set, string? fallback)
    {
        foreach (var folder in fallback is null ? [set] : new[] { set, fallback })
        {
            var source = folder + "/" + caseId;
            if (Read(source + ".json") is { } text)
            {
                try
                {
                    return (source, RecordedScript.Parse(text));
                }
                catch (InvalidDataException exception)
                {
                    throw new InvalidDataException($"Recordings/{source}.json: {exception.Message}", exception);
                }
            }
        }
        return null;
    }

    private static string? Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Recordings/" + name);
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>
/// Which case's run or grading the current code belongs to, flowing with the async calls under it. The shop's target and
/// judge enter it from their contexts (<see cref="Declarative.Evaluation.EvalTargetContext.CaseId"/>,
/// <see cref="Declarative.Evaluation.GradingContext{TInput, TOutput}.Case"/>), so one recorded client for the whole eval
/// can answer each request from the right case's recording.
/// </summary>
internal static class CaseScope
{
    private static readonly AsyncLocal<(string CaseId, int Repetition)?> Scope = new();

    /// <summary>The case and repetition being run or graded, if any.</summary>
    public static (string CaseId, int Repetition)? Current => Scope.Value;

    /// <summary>Runs <paramref name="body"/> as part of a case's run (the value reverts when this returns).</summary>
    public static async Task<T> RunAsync<T>(string caseId, int repetition, Func<Task<T>> body)
    {
        Scope.Value = (caseId, repetition);
        return await body().ConfigureAwait(false);
    }
}
