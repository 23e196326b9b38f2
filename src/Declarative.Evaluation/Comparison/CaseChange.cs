namespace Declarative.Evaluation;

/// <summary>One case whose outcome changed between the baseline and the candidate.</summary>
public sealed class CaseChange
{
    /// <summary>The case's id.</summary>
    public required string Id { get; init; }

    /// <summary>Its pass rate in the baseline.</summary>
    public double BaselinePassRate { get; init; }

    /// <summary>Its pass rate in the candidate.</summary>
    public double CandidatePassRate { get; init; }

    /// <summary>For a regression, the component that failed first in the candidate's first failing run; for a fix, in the baseline's.</summary>
    public string? FailedComponent { get; init; }

    /// <summary>The first failed grade's reason in that run.</summary>
    public string? Reason { get; init; }

    internal static CaseChange Of(CaseResult baseline, CaseResult candidate)
    {
        var failing = candidate.IsPassed ? baseline : candidate;
        var run = failing.Runs.FirstOrDefault(r => !r.Passed);
        var grade = run?.Grades.FirstOrDefault(g => !g.Passed && (run.FailedComponent is null || g.Component == run.FailedComponent))
                    ?? run?.Grades.FirstOrDefault(g => !g.Passed);
        return new CaseChange
        {
            Id = candidate.Id,
            BaselinePassRate = baseline.PassRate,
            CandidatePassRate = candidate.PassRate,
            FailedComponent = run?.FailedComponent,
            Reason = grade?.Reason ?? run?.Error ?? run?.Reason,
        };
    }
}
