using System.Globalization;
using Declarative.Reflection;
using Microsoft.Extensions.AI.Evaluation;

namespace Declarative.Evaluation;

/// <summary>
/// Conversions between our grades and Microsoft.Extensions.AI.Evaluation's results, both ways: a
/// <see cref="Grade"/> is a <see cref="BooleanMetric"/> with an interpretation (so our results show in its tooling),
/// and an <see cref="EvaluationResult"/> is a grade (failed when any metric's interpretation failed).
/// </summary>
public static class EvaluationResults
{
    /// <summary>The metadata key of a grade's component.</summary>
    public const string ComponentKey = "declarative.component";

    /// <summary>The metadata key of a graded step's path in the trace.</summary>
    public const string StepPathKey = "declarative.step-path";

    /// <summary>The metadata key of a grade's findings, one <c>path: message</c> a line.</summary>
    public const string FindingsKey = "declarative.findings";

    /// <summary>
    /// A grade as a metric: a <see cref="BooleanMetric"/> (true when it passed) whose interpretation fails when the grade
    /// failed, with the grade's reason, and its component, step, findings, judge spending and numeric extras as metadata.
    /// </summary>
    /// <param name="grade">The grade.</param>
    /// <param name="name">The metric's name; default the grader's.</param>
    public static BooleanMetric ToMetric(this Grade grade, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(grade);
        var metric = new BooleanMetric(name ?? grade.Grader, grade.Passed, grade.Reason)
        {
            Interpretation = new EvaluationMetricInterpretation(grade.Passed ? EvaluationRating.Good : EvaluationRating.Unacceptable,
                failed: !grade.Passed, reason: grade.Reason ?? (grade.Passed ? "passed" : "failed")),
        };
        metric.AddOrUpdateMetadata(ComponentKey, grade.Component);
        if (grade.StepPath is { } path)
        {
            metric.AddOrUpdateMetadata(StepPathKey, path);
        }
        if (grade.Findings.Count > 0)
        {
            metric.AddOrUpdateMetadata(FindingsKey, string.Join('\n', grade.Findings.Select(f => f.Path + ": " + f.Message)));
        }
        foreach (var item in grade.Criteria)
        {
            metric.AddOrUpdateMetadata("criterion: " + item.Criterion, (item.Passed ? "passed" : "failed") + (item.Reason is null ? "" : ": " + item.Reason));
        }
        if (grade.JudgeUsage is { } usage)
        {
            // The names MEAI's own evaluators use for the tokens they spent.
            metric.AddOrUpdateMetadata("eval-input-tokens", usage.InputTokens.ToString(CultureInfo.InvariantCulture));
            metric.AddOrUpdateMetadata("eval-output-tokens", usage.OutputTokens.ToString(CultureInfo.InvariantCulture));
            metric.AddOrUpdateMetadata("eval-total-tokens", usage.TotalTokens.ToString(CultureInfo.InvariantCulture));
        }
        if (grade.JudgeCost is { } cost)
        {
            metric.AddOrUpdateMetadata("declarative.judge-cost", cost.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var (key, value) in grade.Metrics)
        {
            metric.AddOrUpdateMetadata(key, value.ToString("R", CultureInfo.InvariantCulture));
        }
        metric.AddOrUpdateDurationMetadata(grade.Duration);
        return metric;
    }

    /// <summary>A grade as an evaluation result of one metric, named after the grader.</summary>
    /// <param name="grade">The grade.</param>
    public static EvaluationResult ToEvaluationResult(this Grade grade)
    {
        ArgumentNullException.ThrowIfNull(grade);
        return new EvaluationResult(grade.ToMetric());
    }

    /// <summary>
    /// Grades as one evaluation result: a metric per grade, named after its grader, with the step's path added
    /// (<c>calls_search @ steps[2]</c>) when a grader gave several, and a number when names would still repeat.
    /// </summary>
    /// <param name="grades">The grades.</param>
    public static EvaluationResult ToEvaluationResult(this IEnumerable<Grade> grades)
    {
        ArgumentNullException.ThrowIfNull(grades);
        var list = grades.ToList();
        var perGrader = list.GroupBy(g => g.Grader, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var metrics = new List<EvaluationMetric>(list.Count);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var grade in list)
        {
            var name = perGrader[grade.Grader] > 1 && grade.StepPath is { } path ? grade.Grader + " @ " + path : grade.Grader;
            var unique = name;
            for (var n = 2; !used.Add(unique); n++)
            {
                unique = name + " #" + n.ToString(CultureInfo.InvariantCulture);
            }
            metrics.Add(grade.ToMetric(unique));
        }
        return new EvaluationResult(metrics);
    }

    /// <summary>
    /// Every run of an eval as an evaluation result of its grades, keyed by case id (<c>id#2</c> for the second
    /// repetition when there are several), in dataset order: our results in MEAI's shape, for its tooling.
    /// </summary>
    /// <param name="result">The eval's result.</param>
    public static IReadOnlyList<KeyValuePair<string, EvaluationResult>> ToEvaluationResults(this EvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var results = new List<KeyValuePair<string, EvaluationResult>>();
        foreach (var evalCase in result.Cases)
        {
            foreach (var run in evalCase.Runs)
            {
                var key = evalCase.Runs.Count > 1 || result.Repetitions > 1
                    ? evalCase.Id + "#" + run.Repetition.ToString(CultureInfo.InvariantCulture)
                    : evalCase.Id;
                results.Add(new(key, run.Grades.ToEvaluationResult()));
            }
        }
        return results;
    }

    /// <summary>
    /// An eval's summary as metrics: the pass rate (failed below <paramref name="minPassRate"/>, when given) with its
    /// interval, the passed and flaky cases, cost and median latency.
    /// </summary>
    /// <param name="result">The eval's result.</param>
    /// <param name="minPassRate">The pass rate below which the pass-rate metric is interpreted as failed; null for no threshold.</param>
    public static EvaluationResult ToSummaryMetrics(this EvalResult result, double? minPassRate = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var summary = result.Summary;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"{summary.PassedRuns} of {summary.Runs} runs passed; {result.ConfidenceLevel * 100:0.##}% interval {summary.Interval}");
        var passRate = new NumericMetric("pass rate", summary.PassRate, reason);
        if (minPassRate is { } min)
        {
            var failed = summary.PassRate < min;
            passRate.Interpretation = new EvaluationMetricInterpretation(failed ? EvaluationRating.Unacceptable : EvaluationRating.Good, failed,
                string.Create(CultureInfo.InvariantCulture, $"{Percent.Of(summary.PassRate)} {(failed ? "is below" : "meets")} the minimum {Percent.Of(min)}"));
        }
        var metrics = new List<EvaluationMetric>
        {
            passRate,
            new NumericMetric("passed cases", summary.PassedCases, string.Create(CultureInfo.InvariantCulture, $"of {summary.Cases}")),
            new NumericMetric("flaky cases", summary.FlakyCases),
            new NumericMetric("median latency ms", summary.MedianLatencyMs),
        };
        if (summary.Cost is { } cost)
        {
            metrics.Add(new NumericMetric("cost", (double)cost));
        }
        if (summary.JudgeCost is { } judgeCost)
        {
            metrics.Add(new NumericMetric("judge cost", (double)judgeCost));
        }
        return new EvaluationResult(metrics);
    }

    /// <summary>
    /// An evaluation result as a grade: failed when any metric's interpretation failed or any metric carries an error
    /// diagnostic (an evaluator that could not evaluate has not passed), or when there are no metrics; numeric and
    /// boolean values in <see cref="Grade.Metrics"/>; each interpreted metric a criterion; the reason from the failed
    /// metrics' interpretations and the error diagnostics.
    /// </summary>
    /// <param name="result">The evaluator's result.</param>
    /// <param name="grader">The grade's grader name.</param>
    /// <param name="component">The component.</param>
    public static Grade ToGrade(this EvaluationResult result, string grader, string component = Components.Answer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(grader);
        ArgumentException.ThrowIfNullOrEmpty(component);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var criteria = new List<RubricItem>();
        var failures = new List<string>();
        foreach (var (key, metric) in result.Metrics)
        {
            var name = metric?.Name ?? key;
            switch (metric)
            {
                case NumericMetric { Value: { } number }:
                    values[name] = number;
                    break;
                case BooleanMetric { Value: { } flag }:
                    values[name] = flag ? 1 : 0;
                    break;
            }
            if (metric?.Interpretation is { } interpretation)
            {
                var why = interpretation.Reason ?? metric.Reason;
                criteria.Add(new RubricItem { Criterion = name, Passed = !interpretation.Failed, Reason = why });
                if (interpretation.Failed)
                {
                    failures.Add(name + ": " + (why ?? interpretation.Rating.ToString()));
                }
            }
            foreach (var diagnostic in metric?.Diagnostics ?? [])
            {
                if (diagnostic.Severity == EvaluationDiagnosticSeverity.Error)
                {
                    failures.Add(name + ": error: " + diagnostic.Message);
                }
            }
        }
        if (result.Metrics.Count == 0)
        {
            failures.Add("the evaluator returned no metrics");
        }
        return new Grade
        {
            Grader = grader,
            Component = component,
            Passed = failures.Count == 0,
            Reason = failures.Count == 0 ? null : string.Join("; ", failures),
            Criteria = criteria,
            Metrics = values,
        };
    }
}
