namespace Declarative.Evaluation;

/// <summary>
/// The tags of the eval's spans, on <see cref="DeclarativeTelemetry.ActivitySource"/>: <c>evaluate {name}</c> for the
/// eval and <c>evaluate case {id}</c> for each run, whose agent, model and tool spans hang under it.
/// </summary>
public static class EvalTags
{
    /// <summary>The eval's name.</summary>
    public const string Name = "declarative.eval.name";

    /// <summary>The target's name.</summary>
    public const string Target = "declarative.eval.target";

    /// <summary>The dataset's name.</summary>
    public const string Dataset = "declarative.eval.dataset";

    /// <summary>Runs in the eval (cases × repetitions).</summary>
    public const string Runs = "declarative.eval.runs";

    /// <summary>Runs that passed.</summary>
    public const string PassedRuns = "declarative.eval.passed_runs";

    /// <summary>The pass rate.</summary>
    public const string PassRate = "declarative.eval.pass_rate";

    /// <summary>A run's case id.</summary>
    public const string CaseId = "declarative.eval.case.id";

    /// <summary>A run's repetition.</summary>
    public const string Repetition = "declarative.eval.case.repetition";

    /// <summary>Whether a run passed.</summary>
    public const string Passed = "declarative.eval.case.passed";

    /// <summary>Where a run first failed.</summary>
    public const string FailedComponent = "declarative.eval.case.failed_component";
}
