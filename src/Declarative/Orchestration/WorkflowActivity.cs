using System.Diagnostics;

namespace Declarative.Orchestration;

/// <summary>The <c>invoke_workflow {name}</c> span of a composition's run; its agents' <c>invoke_agent</c> spans nest under it.</summary>
internal static class WorkflowActivity
{
    /// <summary>The operation name, <c>invoke_workflow</c>.</summary>
    public const string Operation = "invoke_workflow";

    /// <summary>The tag naming the composition: <c>gen_ai.workflow.name</c>.</summary>
    public const string WorkflowNameTag = "gen_ai.workflow.name";

    /// <summary>Starts the span, or returns null when nobody listens.</summary>
    public static Activity? Start(Composition composition)
    {
        if (!DeclarativeTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }
        var activity = DeclarativeTelemetry.ActivitySource.StartActivity(Operation + " " + composition.Name, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.AddTag(DeclarativeTelemetry.Tags.OperationName, Operation);
            activity.AddTag(WorkflowNameTag, composition.Name);
            activity.AddTag("declarative.composition.kind", composition.Kind.ToString());
        }
        return activity;
    }

    /// <summary>Ends the span with the run's totals and, when it did not complete, its error.</summary>
    public static void End(Activity? activity, RunTrace trace, CompositionOutcome outcome)
    {
        if (activity is null)
        {
            return;
        }
        if (activity.IsAllDataRequested)
        {
            activity.AddTag(DeclarativeTelemetry.Tags.InputTokens, trace.Usage.InputTokens);
            activity.AddTag(DeclarativeTelemetry.Tags.OutputTokens, trace.Usage.OutputTokens);
        }
        if (outcome.Status != CompositionRunStatus.Completed)
        {
            activity.SetTag(DeclarativeTelemetry.Tags.ErrorType, outcome.Status.ToString());
            activity.SetStatus(ActivityStatusCode.Error, outcome.Reason);
        }
    }
}
