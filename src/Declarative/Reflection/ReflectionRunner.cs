// Over 500 lines: the loop, its checks and the texts it sends (critic prompt, revision request) stay together;
// the allocation-free helpers for failed checks and criteria are what made it longer.
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative.Reflection;

/// <summary>
/// The reflection pattern with external feedback: the producer drafts a typed answer; every check runs on
/// it (independent checks at the same time), then the critic and the reviewer judge it against their
/// binary rubrics; anything that failed goes back to the producer as one revision request, with paths; and
/// the loop repeats until a candidate passes, or a limit says stop.
/// </summary>
/// <remarks>
/// <para>The producer and the critic run as parts of one run: their model and tool calls, every check and
/// every round's end are in one <see cref="RunTrace"/>, and <see cref="ReflectionOptions.Budget"/> counts
/// them together. Spans: one <c>invoke_agent {agent}</c> for the loop, one <c>reflect {agent}</c> per round
/// under it (tags <c>declarative.reflection.round</c>, <c>.passed</c>, <c>.failed</c>), and the producer's and
/// critic's own spans under that.</para>
/// <para>A check that throws is a failed check saying so, and the loop goes on. Cancellation by the caller
/// throws <see cref="OperationCanceledException"/>; nothing else does.</para>
/// </remarks>
/// <example>
/// <code>
/// var reflection = new ReflectionRunner(chatClient);
/// ReflectionResult&lt;Brochure&gt; result = await reflection.RunAsync(new BrochureWriter(new BrochureCritic()), "A brochure for the spring sale");
/// Console.WriteLine(result.Status);              // Accepted, RoundLimitReached, NoImprovement, ...
/// foreach (var round in result.Rounds) Console.WriteLine($"{round.Number}: {round.Accepted} {round.Feedback}");
/// </code>
/// </example>
public sealed class ReflectionRunner
{
    private readonly AgentRunner _runner;
    private readonly ReflectionOptions _defaults;

    /// <summary>Creates a runner whose agents (producer and critic) all use one chat client.</summary>
    /// <param name="chatClient">The model.</param>
    /// <param name="options">Default options for loops.</param>
    public ReflectionRunner(IChatClient chatClient, ReflectionOptions? options = null)
        : this(new ModelRegistry(chatClient ?? throw new ArgumentNullException(nameof(chatClient))), options)
    {
    }

    /// <summary>Creates a runner that picks each agent's client from a registry (a critic may use another model than the producer).</summary>
    /// <param name="models">Model ids and tiers to clients.</param>
    /// <param name="options">Default options for loops.</param>
    public ReflectionRunner(ModelRegistry models, ReflectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        _runner = new AgentRunner(models);
        _defaults = options ?? ReflectionOptions.Default;
    }

    /// <summary>Runs the loop over an agent's own checks and critic.</summary>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="agent">The producer, with its checks and critic.</param>
    /// <param name="input">The user's request.</param>
    /// <param name="cancellationToken">Stops the loop (throws <see cref="OperationCanceledException"/>).</param>
    public Task<ReflectionResult<TOutput>> RunAsync<TOutput>(IReflectiveAgent<TOutput> agent, string input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return RunAsync(agent, [new ChatMessage(ChatRole.User, input)], agent.Checks, agent.Critic, null, cancellationToken);
    }

    /// <summary>Runs the loop over any typed agent with checks and a critic given here (for ones known only at run time).</summary>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="agent">The producer.</param>
    /// <param name="messages">The conversation so far.</param>
    /// <param name="checks">The checks; may be empty.</param>
    /// <param name="critic">The critic, or null.</param>
    /// <param name="options">Options for this loop; the runner's defaults when null.</param>
    /// <param name="cancellationToken">Stops the loop (throws <see cref="OperationCanceledException"/>).</param>
    public async Task<ReflectionResult<TOutput>> RunAsync<TOutput>(IAgent<TOutput> agent, IEnumerable<ChatMessage> messages, IReadOnlyList<OutputCheck<TOutput>> checks,
                                                                   IAgent<RubricVerdict>? critic, ReflectionOptions? options = null,
                                                                   CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(checks);
        cancellationToken.ThrowIfCancellationRequested();
        options ??= _defaults;
        if (options.MaxRounds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxRounds must be at least 1.");
        }
        var name = agent.Descriptor.Name;
        var runOptions = options.Budget is null || ReferenceEquals(options.Budget, options.Run.Budget) ? options.Run : options.Run with { Budget = options.Budget };
        var trace = new RunTraceBuilder(name, runOptions.TimeProvider, capacity: 16);
        var conversation = messages.ToList();
        // The task is shown only to the critic and the reviewer.
        var task = critic is not null || options.Reviewer is not null ? TaskOf(conversation) : "";
        var rounds = new List<ReflectionRound<TOutput>>(Math.Min(options.MaxRounds, 8));

        using var activity = AgentActivity.Start(name);

        using var timeout = options.Timeout is { } limit ? new CancellationTokenSource(limit, runOptions.TimeProvider) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked?.Token ?? cancellationToken;

        // inner: the status of the producer's or critic's run that ended the loop, for the trace.
        ReflectionResult<TOutput> End(ReflectionStatus status, string? reason, TOutput? value, AgentRunStatus? inner = null)
        {
            var published = trace.Build(inner ?? status switch
            {
                ReflectionStatus.Accepted => AgentRunStatus.Completed,
                ReflectionStatus.BudgetExceeded => AgentRunStatus.BudgetExceeded,
                ReflectionStatus.TimedOut => AgentRunStatus.TimedOut,
                _ => AgentRunStatus.InvalidOutput,
            }, reason);
            if (status != ReflectionStatus.Accepted)
            {
                activity?.SetTag(DeclarativeTelemetry.Tags.ErrorType, status.ToString());
                activity?.SetStatus(ActivityStatusCode.Error, reason);
            }
            return new ReflectionResult<TOutput>(status, reason, value, rounds, conversation, published);
        }

        string? previousFailures = null;
        var repeats = 1;
        try
        {
            for (var round = 1; round <= options.MaxRounds; round++)
            {
                if (runOptions.Budget?.Exceeded(trace.Usage, trace.Cost) is { } spent)
                {
                    return End(ReflectionStatus.BudgetExceeded, spent, default);
                }
                using var roundActivity = DeclarativeTelemetry.ActivitySource.HasListeners()
                    ? DeclarativeTelemetry.ActivitySource.StartActivity("reflect " + name, ActivityKind.Internal)
                    : null;
                roundActivity?.SetTag(DeclarativeTelemetry.Tags.OperationName, "reflect");
                roundActivity?.SetTag(DeclarativeTelemetry.Tags.AgentName, name);
                roundActivity?.SetTag("declarative.reflection.round", round);

                // Draft (or revise): the producer's own loop, typed answer checked against its schema.
                // After the first round the conversation is already without the instructions: it is handed on as it is
                // (the run copies it before anything is added to it here).
                var input = round == 1 && HasInstructions(conversation, agent) ? WithoutInstructions(conversation, agent) : conversation;
                var draft = await _runner.RunPartAsync(agent, input, runOptions, trace, token).ConfigureAwait(false);
                conversation = TakeWithoutInstructions(draft.Messages, agent);
                if (draft.Status != AgentRunStatus.Completed || draft.Output is not { } candidate)
                {
                    roundActivity?.SetStatus(ActivityStatusCode.Error, draft.Reason);
                    return draft.Status switch
                    {
                        AgentRunStatus.BudgetExceeded => End(ReflectionStatus.BudgetExceeded, draft.Reason, default),
                        AgentRunStatus.TimedOut => End(ReflectionStatus.TimedOut, draft.Reason, default),
                        _ => End(ReflectionStatus.ProducerFailed, $"round {round}: the producer's run ended {draft.Status}: {draft.Reason}", default, draft.Status),
                    };
                }

                var outcomes = await RunChecksAsync(checks, candidate, trace, round, token).ConfigureAwait(false);

                RubricVerdict? verdict = null;
                if (critic is not null)
                {
                    var judged = await _runner.RunPartAsync(critic, [new ChatMessage(ChatRole.User, CriticPrompt(task, draft.Text, outcomes))], runOptions, trace, token)
                        .ConfigureAwait(false);
                    if (judged.Status != AgentRunStatus.Completed || judged.Output is null)
                    {
                        // The candidate and its checks are kept: work done is never lost.
                        rounds.Add(new ReflectionRound<TOutput>(round, draft.Text, candidate, outcomes, null, null, false, null));
                        roundActivity?.SetStatus(ActivityStatusCode.Error, judged.Reason);
                        return judged.Status switch
                        {
                            AgentRunStatus.BudgetExceeded => End(ReflectionStatus.BudgetExceeded, judged.Reason, default),
                            AgentRunStatus.TimedOut => End(ReflectionStatus.TimedOut, judged.Reason, default),
                            _ => End(ReflectionStatus.CriticFailed, $"round {round}: the critic '{critic.Descriptor.Name}' gave no verdict ({judged.Status}: {judged.Reason})", default, judged.Status),
                        };
                    }
                    verdict = judged.Output;
                }
                RubricVerdict? review = options.Reviewer is { } reviewer
                    ? await reviewer.ReviewAsync(new ReviewRequest(name, round, task, draft.Text ?? "", outcomes, verdict), token).ConfigureAwait(false)
                    : null;

                var failedChecks = FailedChecks(outcomes);
                var failedItems = FailedItems(verdict, review);
                var accepted = failedChecks.Count == 0 && failedItems.Count == 0;
                if (roundActivity is not null)
                {
                    roundActivity.SetTag("declarative.reflection.passed", outcomes.Count - failedChecks.Count + ItemCount(verdict) + ItemCount(review) - failedItems.Count);
                    roundActivity.SetTag("declarative.reflection.failed", failedChecks.Count + failedItems.Count);
                }
                var feedback = accepted || round == options.MaxRounds ? null : RevisionRequest(failedChecks, failedItems);
                var roundIndex = trace.Reserve();
                trace.Fill(new ReflectionRoundStep
                {
                    Index = roundIndex,
                    Iteration = round,
                    StartedAt = trace.Now(),
                    Accepted = accepted,
                    FailedChecks = CheckNames(failedChecks),
                    FailedCriteria = Criteria(failedItems),
                    Feedback = feedback,
                });
                rounds.Add(new ReflectionRound<TOutput>(round, draft.Text, candidate, outcomes, verdict, review, accepted, feedback));
                if (accepted)
                {
                    return End(ReflectionStatus.Accepted, null, candidate);
                }
                roundActivity?.SetStatus(ActivityStatusCode.Error, "the candidate did not pass");

                if (options.StopAfterRepeatedFailures > 0)
                {
                    var failures = Signature(failedChecks, failedItems);
                    repeats = failures == previousFailures ? repeats + 1 : 1;
                    previousFailures = failures;
                }
                if (options.StopAfterRepeatedFailures > 0 && repeats >= options.StopAfterRepeatedFailures)
                {
                    return End(ReflectionStatus.NoImprovement, $"{repeats} rounds in a row failed the same way: " + Describe(failedChecks, failedItems), default);
                }
                if (feedback is not null)
                {
                    conversation.Add(new ChatMessage(ChatRole.User, feedback));
                }
            }
            var last = rounds[^1];
            return End(ReflectionStatus.RoundLimitReached,
                $"no candidate passed in {options.MaxRounds} round{(options.MaxRounds == 1 ? "" : "s")}; the last failed: "
                + Describe(FailedChecks(last.Checks), FailedItems(last.Verdict, last.Review)), default);
        }
        catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            return End(ReflectionStatus.TimedOut, $"the loop took longer than its limit of {options.Timeout}", default);
        }
    }

    // The user's messages, one a line: the task as the critic and the reviewer see it.
    private static string TaskOf(List<ChatMessage> conversation)
    {
        string? only = null;
        StringBuilder? joined = null;
        foreach (var message in conversation)
        {
            if (message.Role != ChatRole.User)
            {
                continue;
            }
            if (only is null && joined is null)
            {
                only = message.Text;
            }
            else
            {
                (joined ??= new StringBuilder(only)).Append('\n').Append(message.Text);
            }
        }
        return joined?.ToString() ?? only ?? "";
    }

    private static bool HasInstructions(List<ChatMessage> messages, IAgent agent)
    {
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System && message.Text == agent.Descriptor.Instructions)
            {
                return true;
            }
        }
        return false;
    }

    // The checks that failed, in order; an empty array (no list) when none did.
    private static IReadOnlyList<CheckOutcome> FailedChecks(IReadOnlyList<CheckOutcome> outcomes)
    {
        List<CheckOutcome>? failed = null;
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (!outcomes[i].Result.IsPassed)
            {
                (failed ??= new List<CheckOutcome>(outcomes.Count - i)).Add(outcomes[i]);
            }
        }
        return failed is null ? Array.Empty<CheckOutcome>() : failed;
    }

    // The critic's failed criteria, then the reviewer's; an empty array when none failed.
    private static IReadOnlyList<RubricItem> FailedItems(RubricVerdict? verdict, RubricVerdict? review)
    {
        List<RubricItem>? failed = null;
        AddFailed(verdict, ref failed);
        AddFailed(review, ref failed);
        return failed is null ? Array.Empty<RubricItem>() : failed;

        static void AddFailed(RubricVerdict? judged, ref List<RubricItem>? failed)
        {
            if (judged?.Items is not { } items)
            {
                return;
            }
            foreach (var item in items)
            {
                if (!item.Passed)
                {
                    (failed ??= []).Add(item);
                }
            }
        }
    }

    private static int ItemCount(RubricVerdict? judged) => judged?.Items?.Count ?? 0;

    private static string[] CheckNames(IReadOnlyList<CheckOutcome> checks)
    {
        if (checks.Count == 0)
        {
            return [];
        }
        var names = new string[checks.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = checks[i].Name;
        }
        return names;
    }

    private static string[] Criteria(IReadOnlyList<RubricItem> items)
    {
        if (items.Count == 0)
        {
            return [];
        }
        var criteria = new string[items.Count];
        for (var i = 0; i < criteria.Length; i++)
        {
            criteria[i] = items[i].Criterion;
        }
        return criteria;
    }

    // The draft's conversation, kept for the next round: the run's own list is the loop's from now on (nothing
    // else holds it), so the instructions are taken out of it in place rather than copied around.
    private static List<ChatMessage> TakeWithoutInstructions(IReadOnlyList<ChatMessage> messages, IAgent agent)
    {
        if (messages is not List<ChatMessage> list)
        {
            return WithoutInstructions(messages, agent);
        }
        var instructions = agent.Descriptor.Instructions;
        var kept = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var message = list[i];
            if (!(message.Role == ChatRole.System && message.Text == instructions))
            {
                list[kept++] = message;
            }
        }
        list.RemoveRange(kept, list.Count - kept);
        return list;
    }

    // The producer's conversation as the next run starts it: its instructions are added by the run itself.
    private static List<ChatMessage> WithoutInstructions(IReadOnlyList<ChatMessage> messages, IAgent agent)
    {
        var list = new List<ChatMessage>(messages.Count + 1);
        foreach (var message in messages)
        {
            if (!(message.Role == ChatRole.System && message.Text == agent.Descriptor.Instructions))
            {
                list.Add(message);
            }
        }
        return list;
    }

    private static async ValueTask<IReadOnlyList<CheckOutcome>> RunChecksAsync<TOutput>(IReadOnlyList<OutputCheck<TOutput>> checks, TOutput candidate,
                                                                                       RunTraceBuilder trace, int round, CancellationToken cancellationToken)
    {
        if (checks.Count == 0)
        {
            return [];
        }
        var outcomes = new CheckOutcome[checks.Count];
        // Each check's place in the trace is its place in the agent: reserved in order, before any runs. Nothing
        // else reserves places meanwhile (the round's producer and critic runs are over), so they are consecutive.
        var first = trace.Reserve();
        for (var i = 1; i < checks.Count; i++)
        {
            trace.Reserve();
        }
        // Independent checks are started together (an asynchronous one runs beside the others); only those
        // that did not finish at once are awaited. The others run alone, in order, after them.
        Task<CheckOutcome>?[]? pending = null;
        for (var i = 0; i < checks.Count; i++)
        {
            if (checks[i].Independent)
            {
                var started = RunCheckAsync(checks[i], candidate, trace, first + i, round, cancellationToken);
                if (started.IsCompletedSuccessfully)
                {
                    outcomes[i] = started.Result;
                }
                else
                {
                    (pending ??= new Task<CheckOutcome>?[checks.Count])[i] = started.AsTask();
                }
            }
        }
        if (pending is not null)
        {
            await Task.WhenAll(pending.Where(p => p is not null)!).ConfigureAwait(false);
            for (var i = 0; i < pending.Length; i++)
            {
                if (pending[i] is { } task)
                {
                    outcomes[i] = task.Result;
                }
            }
        }
        for (var i = 0; i < checks.Count; i++)
        {
            if (!checks[i].Independent)
            {
                outcomes[i] = await RunCheckAsync(checks[i], candidate, trace, first + i, round, cancellationToken).ConfigureAwait(false);
            }
        }
        return outcomes;
    }

    private static async ValueTask<CheckOutcome> RunCheckAsync<TOutput>(OutputCheck<TOutput> check, TOutput candidate, RunTraceBuilder trace, int index, int round,
                                                                    CancellationToken cancellationToken)
    {
        var started = trace.Clock.Timestamp();
        using var activity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? DeclarativeTelemetry.ActivitySource.StartActivity("check " + check.Name, ActivityKind.Internal)
            : null;
        CheckResult result;
        try
        {
            result = await check.RunAsync(candidate, cancellationToken).ConfigureAwait(false) ?? CheckResult.Fail("the check returned no result");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A broken check fails (it cannot vouch for the candidate), says why briefly, and the loop goes on.
            result = CheckResult.Fail($"the check '{check.Name}' threw {exception.GetType().Name}: {exception.Message}");
        }
        catch (OperationCanceledException)
        {
            trace.Fill(new CheckStep { Index = index, Iteration = round, StartedAt = trace.TimeAt(started), Duration = trace.Clock.Elapsed(started), Name = check.Name, Feedback = "cancelled" });
            throw;
        }
        var duration = trace.Clock.Elapsed(started);
        trace.Fill(new CheckStep
        {
            Index = index,
            Iteration = round,
            StartedAt = trace.TimeAt(started),
            Duration = duration,
            Name = check.Name,
            Passed = result.IsPassed,
            Feedback = result.Feedback,
            Findings = result.Findings,
        });
        if (!result.IsPassed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Feedback);
        }
        return new CheckOutcome(check.Name, result, duration);
    }

    private static string CriticPrompt(string task, string? candidate, IReadOnlyList<CheckOutcome> outcomes)
    {
        var prompt = new StringBuilder();
        prompt.Append("Task given to the writer:\n").Append(task).Append("\n\nCandidate answer (JSON):\n").Append(candidate).Append('\n');
        if (outcomes.Count > 0)
        {
            prompt.Append("\nAutomatic checks already run on it:\n");
            foreach (var outcome in outcomes)
            {
                prompt.Append("- ").Append(outcome.Name).Append(": ").Append(outcome.Result).Append('\n');
            }
        }
        prompt.Append("\nJudge the candidate against each of your criteria: passed or failed, with a reason. Answer with the JSON verdict only.");
        return prompt.ToString();
    }

    private const string RevisionHeader = "Your answer did not pass review. Fix every point below and answer again with the whole corrected JSON.\n";
    private const string ChecksHeader = "Checks that failed:\n";
    private const string CriteriaHeader = "Review criteria not met:\n";

    // Built straight into the string: its length is counted first, then every part is copied in once.
    private static string RevisionRequest(IReadOnlyList<CheckOutcome> failedChecks, IReadOnlyList<RubricItem> failedItems)
    {
        var length = RevisionHeader.Length;
        if (failedChecks.Count > 0)
        {
            length += ChecksHeader.Length;
            foreach (var check in failedChecks)
            {
                length += check.Name.Length + (check.Result.Feedback?.Length ?? 0) + 5; // "- " name ": " feedback "\n"
                foreach (var finding in check.Result.Findings)
                {
                    length += finding.Path.Length + finding.Message.Length + 7; // "  - " path ": " message "\n"
                }
            }
        }
        if (failedItems.Count > 0)
        {
            length += CriteriaHeader.Length;
            foreach (var item in failedItems)
            {
                length += (item.Criterion?.Length ?? 0) + (item.Reason is null ? 0 : item.Reason.Length + 2) + 3; // "- " criterion [": " reason] "\n"
            }
        }
        return string.Create(length, (failedChecks, failedItems), static (span, failed) =>
        {
            var at = 0;
            Put(span, ref at, RevisionHeader);
            if (failed.failedChecks.Count > 0)
            {
                Put(span, ref at, ChecksHeader);
                foreach (var check in failed.failedChecks)
                {
                    Put(span, ref at, "- ");
                    Put(span, ref at, check.Name);
                    Put(span, ref at, ": ");
                    Put(span, ref at, check.Result.Feedback);
                    Put(span, ref at, "\n");
                    foreach (var finding in check.Result.Findings)
                    {
                        Put(span, ref at, "  - ");
                        Put(span, ref at, finding.Path);
                        Put(span, ref at, ": ");
                        Put(span, ref at, finding.Message);
                        Put(span, ref at, "\n");
                    }
                }
            }
            if (failed.failedItems.Count > 0)
            {
                Put(span, ref at, CriteriaHeader);
                foreach (var item in failed.failedItems)
                {
                    Put(span, ref at, "- ");
                    Put(span, ref at, item.Criterion);
                    if (item.Reason is not null)
                    {
                        Put(span, ref at, ": ");
                        Put(span, ref at, item.Reason);
                    }
                    Put(span, ref at, "\n");
                }
            }
        });
    }

    private static void Put(Span<char> span, ref int at, string? text)
    {
        text.AsSpan().CopyTo(span[at..]);
        at += text?.Length ?? 0;
    }

    // What failed, as a comparable value: the same checks, criteria and finding paths mean no improvement.
    private static string Signature(IReadOnlyList<CheckOutcome> failedChecks, IReadOnlyList<RubricItem> failedItems)
        => string.Join("|", failedChecks.Select(c => c.Name + "[" + string.Join(",", c.Result.Findings.Select(f => f.Path).Order(StringComparer.Ordinal)) + "]")
            .Concat(failedItems.Select(i => "rubric:" + i.Criterion)).Order(StringComparer.Ordinal));

    private static string Describe(IReadOnlyList<CheckOutcome> failedChecks, IReadOnlyList<RubricItem> failedItems)
        => string.Join("; ", failedChecks.Select(c => c.Name + " (" + c.Result.Feedback + ")").Concat(failedItems.Select(i => "'" + i.Criterion + "'" + (i.Reason is null ? "" : " (" + i.Reason + ")"))));
}
