using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Declarative.Evaluation;

/// <summary>
/// Runs our graders as a Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/>, so code graders, trace graders
/// and rubric judges plug into its pipelines (a <see cref="CompositeEvaluator"/>, its reporting): each grade becomes a
/// <see cref="BooleanMetric"/> with an interpretation and the grade's reason (<see cref="EvaluationResults.ToMetric"/>).
/// </summary>
/// <remarks>
/// <para>The case and the run come in the additional context as an <see cref="EvalRunContext{TInput, TOutput}"/>. Without
/// one, a string-to-string evaluator makes them from the chat itself: the last user message is the input, the response's
/// text the answer, and the trace is empty (so trace graders find no steps); other types report an error diagnostic.</para>
/// <para>A grader gives one metric named after it; a component grader that grades several steps gives one per step,
/// named with the step's path (<c>calls_search @ steps[2]</c>). A grader that throws gives a failed metric with an
/// error diagnostic. Judges use <see cref="ChatConfiguration.ChatClient"/>.</para>
/// </remarks>
/// <typeparam name="TInput">The input's type.</typeparam>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public sealed class GraderEvaluator<TInput, TOutput> : IEvaluator
{
    private readonly Grader<TInput, TOutput>[] _graders;

    /// <summary>Creates an evaluator over graders.</summary>
    /// <param name="graders">The graders, at least one, with distinct names.</param>
    public GraderEvaluator(params IEnumerable<Grader<TInput, TOutput>> graders)
    {
        ArgumentNullException.ThrowIfNull(graders);
        _graders = [.. graders];
        if (_graders.Length == 0)
        {
            throw new ArgumentException("At least one grader.", nameof(graders));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var grader in _graders)
        {
            ArgumentNullException.ThrowIfNull(grader, nameof(graders));
            if (!names.Add(grader.Name))
            {
                throw new ArgumentException($"Two graders are named '{grader.Name}'; metric names must differ.", nameof(graders));
            }
        }
        EvaluationMetricNames = names;
    }

    /// <summary>The graders' names: the metrics this evaluator gives (component graders add the step's path).</summary>
    public IReadOnlyCollection<string> EvaluationMetricNames { get; }

    /// <summary>Grades the run with every grader.</summary>
    /// <param name="messages">The conversation up to the response.</param>
    /// <param name="modelResponse">The response.</param>
    /// <param name="chatConfiguration">The chat client for judges; without it a judge fails, saying so.</param>
    /// <param name="additionalContext">Should hold an <see cref="EvalRunContext{TInput, TOutput}"/>.</param>
    /// <param name="cancellationToken">Stops grading.</param>
    public async ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null, IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(modelResponse);
        var run = additionalContext?.OfType<EvalRunContext<TInput, TOutput>>().FirstOrDefault() ?? FromChat(messages, modelResponse);
        if (run is null)
        {
            var missing = $"no {nameof(EvalRunContext<TInput, TOutput>)}<{typeof(TInput).Name}, {typeof(TOutput).Name}> in the additional context: "
                + "the case and run to grade are not known";
            return new EvaluationResult(_graders.Select(g => ErrorMetric(g.Name, missing)));
        }
        var context = new GradingContext<TInput, TOutput>
        {
            Case = run.Case,
            Run = run.Run,
            Repetition = run.Repetition,
            ChatClient = chatConfiguration?.ChatClient ?? NoChatClient.Instance,
            Prices = run.Prices,
        };
        var metrics = new List<EvaluationMetric>();
        foreach (var grader in _graders)
        {
            IReadOnlyList<Grade> grades;
            try
            {
                grades = await grader.GradeAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                metrics.Add(ErrorMetric(grader.Name, $"the grader threw {exception.GetType().Name}: {exception.Message}"));
                continue;
            }
            foreach (var metric in grades.ToEvaluationResult().Metrics.Values)
            {
                metrics.Add(metric);
            }
        }
        var result = new EvaluationResult(metrics);
        result.AddOrUpdateContextInAllMetrics(run);
        return result;
    }

    // Without our context: a text case from the chat, when the types allow it.
    private static EvalRunContext<TInput, TOutput>? FromChat(IEnumerable<ChatMessage> messages, ChatResponse response)
    {
        if (typeof(TInput) != typeof(string) || typeof(TOutput) != typeof(string))
        {
            return null;
        }
        var input = messages.TryGetUserRequest(out var request) ? request.Text : string.Join('\n', messages.Select(m => m.Text));
        var text = response.Text;
        var evalCase = new EvalCase<TInput, TOutput> { Id = response.ResponseId ?? "chat", Input = (TInput)(object)input };
        var run = new EvalRun<TOutput>
        {
            Trace = new RunTrace { AgentName = response.ModelId ?? "chat", Status = AgentRunStatus.Completed },
            Completed = true,
            Status = nameof(AgentRunStatus.Completed),
            Output = (TOutput)(object)text,
            Text = text,
        };
        return new EvalRunContext<TInput, TOutput>(evalCase, run);
    }

    private static BooleanMetric ErrorMetric(string name, string message)
    {
        var metric = new BooleanMetric(name, false, message)
        {
            Interpretation = new EvaluationMetricInterpretation(EvaluationRating.Inconclusive, failed: true, reason: message),
        };
        metric.AddDiagnostics(EvaluationDiagnostic.Error(message));
        return metric;
    }

    // Stands in for a missing ChatConfiguration: a judge's call fails with this message and the judge's grade says so.
    private sealed class NoChatClient : IChatClient
    {
        public static readonly NoChatClient Instance = new();

        private const string Message = "no ChatConfiguration was given to the GraderEvaluator, so a judge has no model to call";

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException(Message);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default)
            => throw new InvalidOperationException(Message);

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
