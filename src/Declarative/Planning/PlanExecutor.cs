using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Declarative.Planning;

/// <summary>
/// Runs a validated <see cref="Plan"/> as a graph: a step starts as soon as the steps it depends on
/// have succeeded, independent steps run in parallel up to a limit, and references are resolved
/// against the actual results (the tool's reader checks the resolved arguments again).
/// </summary>
/// <remarks>
/// <para>A failed step's dependents are skipped while independent branches finish; with
/// <see cref="PlanExecutionOptions.FailFast"/> everything still running is cancelled instead.
/// Read-only tools may be retried by <see cref="PlanExecutionOptions.Retry"/>; others never run twice.</para>
/// <para>Every step is recorded in the trace (<see cref="PlanStepCall"/>) and as an OpenTelemetry
/// activity <c>execute_tool {tool}</c> under one <c>plan {name}</c> activity. Cancellation by the caller
/// propagates; nothing else throws.</para>
/// </remarks>
public sealed partial class PlanExecutor
{
    private static readonly byte[] NullJson = "null"u8.ToArray();
    private readonly IToolSet _tools;
    private readonly Dictionary<string, ToolDescriptor> _descriptors = new(StringComparer.Ordinal);

    /// <summary>Creates an executor.</summary>
    /// <param name="tools">The tools the plan was validated against.</param>
    /// <param name="options">How plans run; <see cref="PlanExecutionOptions.Default"/> when null.</param>
    public PlanExecutor(IToolSet tools, PlanExecutionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        _tools = tools;
        Options = options ?? PlanExecutionOptions.Default;
        if (Options.MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxDegreeOfParallelism must be at least 1.");
        }
        foreach (var tool in tools.Tools)
        {
            _descriptors.TryAdd(tool.Name, tool);
        }
    }

    /// <summary>How plans run.</summary>
    public PlanExecutionOptions Options { get; }

    /// <summary>Runs a plan; its steps are in <see cref="PlanExecutionResult.Trace"/>.</summary>
    /// <param name="plan">A plan from <see cref="PlanValidator"/>.</param>
    /// <param name="cancellationToken">Stops the run; the exception propagates.</param>
    public Task<PlanExecutionResult> ExecuteAsync(Plan plan, CancellationToken cancellationToken = default)
        => ExecuteAsync(plan, "plan", cancellationToken);

    /// <summary>Runs a plan under a name: the name of its trace and of its <c>plan {name}</c> activity.</summary>
    /// <param name="plan">A plan from <see cref="PlanValidator"/>.</param>
    /// <param name="name">The agent (or job) the plan is for.</param>
    /// <param name="cancellationToken">Stops the run; the exception propagates.</param>
    public Task<PlanExecutionResult> ExecuteAsync(Plan plan, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ExecuteAsync(plan, name, iteration: 1, runTrace: null, cancellationToken);
    }

    // iteration and runTrace: the plan run's turn and trace, which the steps are recorded in; without
    // one, the execution has a trace of its own.
    internal async Task<PlanExecutionResult> ExecuteAsync(Plan plan, string name, int iteration, RunTraceBuilder? runTrace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? DeclarativeTelemetry.ActivitySource.StartActivity("plan " + name, ActivityKind.Internal)
            : null;
        activity?.SetTag(DeclarativeTelemetry.Tags.OperationName, "plan");
        activity?.SetTag(DeclarativeTelemetry.Tags.AgentName, name);
        activity?.SetTag("declarative.plan.steps", plan.Steps.Count);

        var run = new Run(this, plan, runTrace ?? new RunTraceBuilder(name, Options.TimeProvider, plan.Steps.Count, concurrentStarts: true), iteration, name);
        var result = await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            activity?.SetTag(DeclarativeTelemetry.Tags.ErrorType, result.Status.ToString());
            activity?.SetStatus(ActivityStatusCode.Error, result.Reason);
        }
        return result;
    }

    /// <summary>The state of one execution.</summary>
    private sealed partial class Run
    {
        private readonly PlanExecutor _owner;
        private readonly Plan _plan;
        private readonly RunTraceBuilder _trace;
        private readonly int _iteration;
        private readonly string _name;
        private readonly PlanStepResult[] _results;
        private readonly List<int>[] _dependents;
        private readonly int[] _waitingOn;
        private readonly long _started;
        private readonly int _firstIndex;
        private bool _approvedAsWhole;

        public Run(PlanExecutor owner, Plan plan, RunTraceBuilder trace, int iteration, string name)
        {
            _started = trace.Clock.Timestamp();
            _firstIndex = trace.NextIndex;
            _owner = owner;
            _plan = plan;
            _trace = trace;
            _iteration = iteration;
            _name = name;
            var count = plan.Steps.Count;
            _results = new PlanStepResult[count];
            _dependents = new List<int>[count];
            _waitingOn = new int[count];
            for (var i = 0; i < count; i++)
            {
                _results[i] = new PlanStepResult(plan.Steps[i]) { Status = PlanStepStatus.Pending };
                _dependents[i] = [];
            }
            foreach (var step in plan.Steps)
            {
                foreach (var dependency in step.Dependencies)
                {
                    _dependents[plan[dependency].Index].Add(step.Index);
                    _waitingOn[step.Index]++;
                }
            }
        }

        private PlanExecutionOptions Options => _owner.Options;

        private TimeProvider Time => _trace.Time;

        private RunClock Clock => _trace.Clock;

        public async Task<PlanExecutionResult> ExecuteAsync(CancellationToken cancellationToken)
        {
            if (await ApproveWholePlanAsync(cancellationToken).ConfigureAwait(false) is { } denial)
            {
                foreach (var result in _results)
                {
                    Skip(result, "the plan was not approved" + (denial.Length > 0 ? ": " + denial : ""));
                }
                return Finish(PlanExecutionStatus.Denied, "the plan was not approved" + (denial.Length > 0 ? ": " + denial : ""));
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var ready = new List<int>();
            for (var i = 0; i < _results.Length; i++)
            {
                if (_waitingOn[i] == 0)
                {
                    ready.Add(i);
                }
            }
            var running = new Dictionary<Task, int>();
            var sideEffectRunning = false;
            string? stoppedBecause = null;
            try
            {
                while (true)
                {
                    // Start what may start, in plan order: up to the parallelism limit, one side effect at a time.
                    for (var r = 0; r < ready.Count && running.Count < Options.MaxDegreeOfParallelism && stoppedBecause is null;)
                    {
                        var index = ready[r];
                        var sideEffect = !IsReadOnly(index);
                        if (sideEffect && sideEffectRunning && Options.SerializeSideEffects)
                        {
                            r++;
                            continue;
                        }
                        ready.RemoveAt(r);
                        sideEffectRunning |= sideEffect;
                        running[RunStepAsync(index, stop.Token, cancellationToken)] = index;
                    }
                    if (running.Count == 0)
                    {
                        break;
                    }

                    var done = await Task.WhenAny(running.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);
                    var finished = running[done];
                    running.Remove(done);
                    await done.ConfigureAwait(false); // rethrows the caller's cancellation
                    if (!IsReadOnly(finished))
                    {
                        sideEffectRunning = false;
                    }

                    var outcome = _results[finished];
                    if (outcome.Succeeded)
                    {
                        foreach (var dependent in _dependents[finished])
                        {
                            if (--_waitingOn[dependent] == 0 && _results[dependent].Status == PlanStepStatus.Pending)
                            {
                                InsertInPlanOrder(ready, dependent);
                            }
                        }
                    }
                    else
                    {
                        SkipDependents(finished);
                        if (Options.FailFast && stoppedBecause is null && outcome.Status != PlanStepStatus.Cancelled)
                        {
                            stoppedBecause = $"step '{outcome.Id}' {outcome.Status.ToString().ToLowerInvariant()} and the plan fails fast";
                            await stop.CancelAsync().ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Let the steps still running see the cancellation and record how far they got; each
                // step stops promptly (the tool-call step and approvals stop waiting on cancellation).
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await Task.WhenAll(running.Keys).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                throw;
            }

            foreach (var result in _results)
            {
                if (result.Status == PlanStepStatus.Pending)
                {
                    Skip(result, stoppedBecause ?? "a step it depends on did not succeed");
                }
            }
            var failed = _results.Where(r => !r.Succeeded).ToList();
            return failed.Count == 0
                ? Finish(PlanExecutionStatus.Completed, null)
                : Finish(PlanExecutionStatus.Failed, stoppedBecause
                    ?? $"{failed.Count} of {_results.Length} steps did not succeed: " + string.Join(", ", failed.Select(f => f.Id + " (" + f.Status.ToString().ToLowerInvariant() + ")")));
        }

        private PlanExecutionResult Finish(PlanExecutionStatus status, string? reason)
        {
            var duration = Clock.Elapsed(_started);
            var traceStatus = status switch
            {
                PlanExecutionStatus.Completed => AgentRunStatus.Completed,
                PlanExecutionStatus.Denied => AgentRunStatus.Denied,
                _ => AgentRunStatus.PlanStepsFailed,
            };
            // This execution's steps: from its first, in the run's trace or its own.
            var trace = _trace.Slice(_firstIndex, _started, _name, traceStatus, reason, duration);
            return new(_plan, status, _results, duration, reason, trace);
        }

        private bool IsReadOnly(int index) => _owner._descriptors.TryGetValue(_plan.Steps[index].Tool, out var tool) && tool.ReadOnly;

        private static void InsertInPlanOrder(List<int> ready, int index)
        {
            var at = ready.BinarySearch(index);
            ready.Insert(at < 0 ? ~at : at, index);
        }

        private void SkipDependents(int failed)
        {
            var pending = new Stack<int>(_dependents[failed]);
            while (pending.Count > 0)
            {
                var index = pending.Pop();
                if (_results[index].Status != PlanStepStatus.Pending)
                {
                    continue;
                }
                var blocker = _plan.Steps[index].Dependencies.First(d => !_results[_plan[d].Index].Succeeded && _results[_plan[d].Index].Status != PlanStepStatus.Pending);
                Skip(_results[index], $"step '{blocker}' did not succeed");
                foreach (var next in _dependents[index])
                {
                    pending.Push(next);
                }
            }
        }

        private void Skip(PlanStepResult result, string reason)
        {
            result.Status = PlanStepStatus.Skipped;
            result.Reason = reason;
            var now = Clock.Timestamp();
            result.StartOffset = Clock.Elapsed(_started, now);
            _trace.Add(index => new PlanStepCall
            {
                Index = index,
                StepId = result.Id,
                ToolName = result.Step.Tool,
                Status = PlanStepStatus.Skipped,
                Reason = reason,
                Dependencies = result.Step.Dependencies,
                Iteration = _iteration,
                StartedAt = _trace.TimeAt(now),
            });
        }

        // Null when the plan may run; otherwise the reason it may not (possibly empty).
        private async ValueTask<string?> ApproveWholePlanAsync(CancellationToken cancellationToken)
        {
            if (Options.ApprovalMode != PlanApprovalMode.WholePlan)
            {
                return null;
            }
            var needing = _plan.Steps.Where(s => _owner._descriptors.TryGetValue(s.Tool, out var tool) && tool.RequiresApproval).ToList();
            if (needing.Count == 0)
            {
                return null;
            }
            var decision = await Approvals.DecideAsync(Options.PlanApprovalHandler, new PlanApprovalRequest(_name, _plan, needing), cancellationToken).ConfigureAwait(false);
            if (decision.Approved)
            {
                _approvedAsWhole = true;
                return null;
            }
            return decision.Reason ?? "";
        }
    }
}
