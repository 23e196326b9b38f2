using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Declarative.Evaluation.Tests;

// Evaluators written against Microsoft.Extensions.AI.Evaluation's IEvaluator, as a user of that library would: the
// package served offline has no built-in evaluators (they live in .Quality and .NLP, which need a model or are not
// served), so these stand in for them, and its CompositeEvaluator combines them.

/// <summary>Counts the answer's words; fails above a maximum.</summary>
internal sealed class WordCountEvaluator(int max) : IEvaluator
{
    public const string MetricName = "words";

    public IReadOnlyCollection<string> EvaluationMetricNames => [MetricName];

    public ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
    {
        var answer = modelResponse.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant)?.Text ?? "";
        var words = answer.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var metric = new NumericMetric(MetricName, words, $"{words} words")
        {
            Interpretation = new EvaluationMetricInterpretation(words <= max ? EvaluationRating.Good : EvaluationRating.Poor, failed: words > max,
                reason: words <= max ? "short enough" : $"{words} words, over {max}"),
        };
        return new ValueTask<EvaluationResult>(new EvaluationResult(metric));
    }
}

/// <summary>Checks that the response called a tool, from the function calls in it; keeps what it saw.</summary>
internal sealed class CalledToolEvaluator(string tool) : IEvaluator
{
    public List<ChatMessage> SeenMessages { get; } = [];

    public ChatResponse? SeenResponse { get; private set; }

    public List<EvaluationContext> SeenContext { get; } = [];

    public IReadOnlyCollection<string> EvaluationMetricNames => ["called " + tool];

    public ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
    {
        SeenMessages.AddRange(messages);
        SeenResponse = modelResponse;
        SeenContext.AddRange(additionalContext ?? []);
        var called = modelResponse.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Any(c => c.Name == tool);
        var metric = new BooleanMetric("called " + tool, called)
        {
            Interpretation = new EvaluationMetricInterpretation(called ? EvaluationRating.Good : EvaluationRating.Unacceptable, !called, called ? null : tool + " was never called"),
        };
        return new ValueTask<EvaluationResult>(new EvaluationResult(metric));
    }
}

/// <summary>An LLM-based evaluator: asks the configured model whether the answer is polite.</summary>
internal sealed class PolitenessEvaluator(bool streaming = false) : IEvaluator
{
    public IReadOnlyCollection<string> EvaluationMetricNames => ["polite"];

    public async ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
    {
        var metric = new BooleanMetric("polite");
        if (chatConfiguration is null)
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Error("no chat configuration"));
            return new EvaluationResult(metric);
        }
        ChatMessage[] question = [new ChatMessage(ChatRole.User, "Is this polite? Answer yes or no.\n" + modelResponse.Text)];
        var response = streaming
            ? await chatConfiguration.ChatClient.GetStreamingResponseAsync(question, cancellationToken: cancellationToken).ToChatResponseAsync(cancellationToken)
            : await chatConfiguration.ChatClient.GetResponseAsync(question, cancellationToken: cancellationToken);
        var polite = response.Text.Trim().StartsWith("yes", StringComparison.OrdinalIgnoreCase);
        metric.Value = polite;
        metric.Interpretation = new EvaluationMetricInterpretation(polite ? EvaluationRating.Good : EvaluationRating.Poor, !polite, polite ? null : "the judge model found it rude");
        metric.AddOrUpdateChatMetadata(response);
        return new EvaluationResult(metric);
    }
}

/// <summary>Misbehaves in a chosen way.</summary>
internal sealed class BrokenEvaluator(string how) : IEvaluator
{
    public IReadOnlyCollection<string> EvaluationMetricNames => ["broken"];

    public ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
    {
        switch (how)
        {
            case "throw":
                throw new InvalidOperationException("could not parse the judge's answer");
            case "diagnostic":
                var metric = new NumericMetric("broken");
                metric.AddDiagnostics(EvaluationDiagnostic.Error("the model's score was not a number"));
                return new ValueTask<EvaluationResult>(new EvaluationResult(metric));
            default:
                return new ValueTask<EvaluationResult>(new EvaluationResult());
        }
    }
}

/// <summary>Grounding for an evaluator, passed as additional context.</summary>
internal sealed class PriceListContext(string prices) : EvaluationContext("price list", prices);
