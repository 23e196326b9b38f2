namespace Declarative.Evaluation;

// Turns the runs into the result: each run's verdict and first failing component, the cases, the summary, the
// error analysis (component × failures, also per tag) and the cost and latency per component.
internal static class ResultBuilder
{
    private const int Examples = 5;

    public static CaseRun Run<TOutput>(int repetition, EvalRun<TOutput> run, List<Grade> grades, TimeSpan elapsed, RunCounters counters)
    {
        Grade? first = null;
        var judgeUsage = UsageTotals.Zero;
        decimal? judgeCost = null;
        var unpricedJudge = false;
        foreach (var grade in grades)
        {
            if (!grade.Passed && (first is null || Earlier(grade, first)))
            {
                first = grade;
            }
            if (grade.JudgeUsage is { } usage)
            {
                judgeUsage += usage;
                if (grade.JudgeCost is { } cost)
                {
                    judgeCost = (judgeCost ?? 0m) + cost;
                }
                else
                {
                    unpricedJudge = true;
                }
            }
        }
        return new CaseRun
        {
            Repetition = repetition,
            Passed = first is null,
            FailedComponent = first?.Component,
            Grades = grades,
            Status = run.Status,
            Reason = run.Reason,
            Error = run.Error,
            Text = run.Text,
            Trace = run.Trace,
            DurationMs = (run.Trace.Duration > TimeSpan.Zero ? run.Trace.Duration : elapsed).TotalMilliseconds,
            Cost = run.Trace.Cost,
            Usage = run.Trace.Usage,
            JudgeCost = unpricedJudge ? null : judgeCost,
            JudgeUsage = judgeUsage,
            CacheHits = counters.Hits,
            CacheMisses = counters.Misses,
            Retries = counters.Retries,
        };
    }

    // A failure at a step comes before one at a later step, and both before a failure of the run as a whole.
    private static bool Earlier(Grade candidate, Grade current)
        => candidate.StepOrder is { } order && (current.StepOrder is not { } currentOrder || order < currentOrder);

    public static EvalResult Build<TInput, TOutput>(string name, string target, EvalDataset<TInput, TOutput> dataset, CaseRun[] runs,
        EvalOptions options, DateTimeOffset startedAt, TimeSpan duration)
    {
        var repetitions = options.Repetitions;
        var confidence = options.ConfidenceLevel;
        var cases = new CaseResult[dataset.Count];
        for (var c = 0; c < cases.Length; c++)
        {
            var evalCase = dataset[c];
            var caseRuns = new CaseRun[repetitions];
            Array.Copy(runs, c * repetitions, caseRuns, 0, repetitions);
            var passed = caseRuns.Count(r => r.Passed);
            cases[c] = new CaseResult
            {
                Id = evalCase.Id,
                Tags = evalCase.Tags,
                Line = evalCase.Line,
                Input = evalCase.InputJson,
                Expected = evalCase.ExpectedJson,
                Runs = caseRuns,
                PassedRuns = passed,
                PassRate = (double)passed / repetitions,
                Interval = Proportions.Wilson(passed, repetitions, confidence),
                IsPassed = passed == repetitions,
                IsFlaky = passed > 0 && passed < repetitions,
            };
        }
        return new EvalResult
        {
            Name = name,
            Target = target,
            Dataset = dataset.Name,
            StartedAt = startedAt,
            DurationMs = duration.TotalMilliseconds,
            Repetitions = repetitions,
            ConfidenceLevel = confidence,
            Summary = Summary(cases, runs, confidence),
            Errors = new ErrorAnalysis
            {
                Components = Failures(cases),
                ByTag = cases.SelectMany(c => c.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(tag =>
                {
                    var tagged = cases.Where(c => c.Tags.Contains(tag)).ToArray();
                    var tagRuns = tagged.Sum(c => c.Runs.Count);
                    var tagPassed = tagged.Sum(c => c.PassedRuns);
                    return new TagFailures
                    {
                        Tag = tag,
                        Runs = tagRuns,
                        PassedRuns = tagPassed,
                        PassRate = tagRuns == 0 ? 0 : (double)tagPassed / tagRuns,
                        Components = Failures(tagged),
                    };
                }).ToList(),
            },
            Costs = Costs(runs),
            Cases = cases,
        };
    }

    private static EvalSummary Summary(CaseResult[] cases, CaseRun[] runs, double confidence)
    {
        var passedRuns = runs.Count(r => r.Passed);
        decimal? cost = 0m;
        decimal? judgeCost = null;
        var judged = false;
        var unpricedJudge = false;
        var usage = UsageTotals.Zero;
        var judgeUsage = UsageTotals.Zero;
        foreach (var run in runs)
        {
            cost = cost is null || run.Cost is null ? null : cost + run.Cost;
            usage += run.Usage;
            judgeUsage += run.JudgeUsage;
            if (run.JudgeUsage.TotalTokens > 0 || run.JudgeCost is not null)
            {
                judged = true;
                unpricedJudge |= run.JudgeCost is null;
                judgeCost = (judgeCost ?? 0m) + (run.JudgeCost ?? 0m);
            }
        }
        var latencies = runs.Select(r => r.DurationMs).Order().ToArray();
        return new EvalSummary
        {
            Cases = cases.Length,
            PassedCases = cases.Count(c => c.IsPassed),
            FlakyCases = cases.Count(c => c.IsFlaky),
            Runs = runs.Length,
            PassedRuns = passedRuns,
            PassRate = runs.Length == 0 ? 0 : (double)passedRuns / runs.Length,
            Interval = Proportions.Wilson(passedRuns, runs.Length, confidence),
            Cost = cost,
            JudgeCost = judged && !unpricedJudge ? judgeCost : null,
            Usage = usage,
            JudgeUsage = judgeUsage,
            CacheHits = runs.Sum(r => r.CacheHits),
            CacheMisses = runs.Sum(r => r.CacheMisses),
            MedianLatencyMs = Percentile(latencies, 0.5),
            P95LatencyMs = Percentile(latencies, 0.95),
        };
    }

    // Nearest rank: the smallest value with at least p of the values at or below it.
    internal static double Percentile(double[] sorted, double p)
        => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static List<ComponentFailures> Failures(IEnumerable<CaseResult> cases)
    {
        var table = new Dictionary<string, FailureRow>(StringComparer.Ordinal);
        FailureRow Row(string component)
        {
            if (!table.TryGetValue(component, out var row))
            {
                table[component] = row = new FailureRow();
            }
            return row;
        }
        foreach (var evalCase in cases)
        {
            foreach (var run in evalCase.Runs)
            {
                if (run.FailedComponent is { } component)
                {
                    var row = Row(component);
                    row.First++;
                    AddExample(row.FirstIds, evalCase.Id);
                }
                foreach (var grade in run.Grades)
                {
                    if (!grade.Passed)
                    {
                        var row = Row(grade.Component);
                        row.Failures++;
                        AddExample(row.Ids, evalCase.Id);
                    }
                }
            }
        }
        return table
            .OrderByDescending(e => e.Value.First).ThenByDescending(e => e.Value.Failures).ThenBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new ComponentFailures
            {
                Component = e.Key,
                FirstFailures = e.Value.First,
                Failures = e.Value.Failures,
                ExampleCaseIds = e.Value.FirstIds.Count > 0 ? e.Value.FirstIds : e.Value.Ids,
            })
            .ToList();

        static void AddExample(List<string> ids, string id)
        {
            if (ids.Count < Examples && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }
    }

    private sealed class FailureRow
    {
        public int First;
        public int Failures;
        public readonly List<string> FirstIds = [];
        public readonly List<string> Ids = [];
    }

    private static List<ComponentCost> Costs(CaseRun[] runs)
    {
        var order = new List<string>();
        var table = new Dictionary<string, (int Steps, double Ms, decimal Cost, bool Unpriced, bool HasModel, UsageTotals Usage, int Graded, int Failed)>(StringComparer.Ordinal);
        void Add(string component, double ms, ModelCallStep? call)
        {
            if (!table.TryGetValue(component, out var row))
            {
                order.Add(component);
            }
            row.Steps++;
            row.Ms += ms;
            if (call is not null)
            {
                row.HasModel = true;
                row.Usage += call.Usage;
                row.Unpriced |= call.Cost is null && call.Error is null;
                row.Cost += call.Cost ?? 0m;
            }
            table[component] = row;
        }
        foreach (var run in runs)
        {
            foreach (var node in TraceNode.Walk(run.Trace))
            {
                switch (node.Step)
                {
                    case ModelCallStep call:
                        Add(Components.Agent(node.AgentName), call.Duration.TotalMilliseconds, call);
                        break;
                    case ToolCallStep { Agent: null } tool:
                        Add(Components.Tool(tool.ToolName), tool.Duration.TotalMilliseconds, null);
                        break;
                    case PlanStepCall planStep when planStep.Status != Planning.PlanStepStatus.Skipped:
                        Add(Components.Tool(planStep.ToolName), planStep.Duration.TotalMilliseconds, null);
                        break;
                    case PlanValidationStep validation:
                        Add(Components.Plan, validation.Duration.TotalMilliseconds, null);
                        break;
                }
            }
        }
        var graded = new List<string>();
        foreach (var run in runs)
        {
            foreach (var grade in run.Grades)
            {
                if (!table.TryGetValue(grade.Component, out var row))
                {
                    graded.Add(grade.Component);
                    row.Steps = 0;
                }
                row.Graded++;
                row.Failed += grade.Passed ? 0 : 1;
                table[grade.Component] = row;
            }
        }
        // The run as a whole first, then the components in the order the runs reached them.
        return graded.Where(c => c == Components.Answer).Concat(order).Concat(graded.Where(c => c != Components.Answer))
            .Select(component =>
            {
                var row = table[component];
                return new ComponentCost
                {
                    Component = component,
                    Steps = row.Steps,
                    LatencyMs = row.Ms,
                    Cost = !row.HasModel ? (row.Steps > 0 ? 0m : null) : row.Unpriced ? null : row.Cost,
                    Usage = row.Usage,
                    Graded = row.Graded,
                    Failed = row.Failed,
                };
            })
            .ToList();
    }
}
