using System.Diagnostics;
using System.Globalization;
using System.Text;
using Declarative;
using Declarative.Planning;

namespace RetailStore;

/// <summary>
/// A wide plan run by <see cref="PlanExecutor"/> directly, with no model (<c>RetailStore plan-wide</c>): eight
/// independent stock lookups, one per warehouse, each behind a simulated remote service that takes
/// 200 ms, then one step that takes all eight results and proposes where to ship an order from. The
/// lookups are read-only and depend on nothing, so the executor runs them at the same time; the demo
/// prints when each step started and how long it took, and checks that the plan took well under the
/// sum of its steps.
/// </summary>
internal static class WidePlanDemo
{
    private const string ItemId = "SG-001";
    private const int Quantity = 20;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var latencyMs = 200;
        var parallelism = 8;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--latency" when i + 1 < args.Count && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var ms) && ms >= 0:
                    latencyMs = ms;
                    i++;
                    break;
                case "--parallelism" when i + 1 < args.Count && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n >= 1:
                    parallelism = n;
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"Unknown or incomplete option '{args[i]}'. plan-wide takes --latency <ms> and --parallelism <n>.");
                    return 2;
            }
        }

        IToolSet tools = new Warehouses(TimeSpan.FromMilliseconds(latencyMs));
        var json = BuildPlan();
        Console.WriteLine($"RetailStore plan-wide: a plan of {Warehouses.Ids.Count + 1} steps over the Warehouses tools, run by PlanExecutor directly (no model).");
        Console.WriteLine($"each get_warehouse_stock call waits {latencyMs} ms (a simulated remote stock service); MaxDegreeOfParallelism = {parallelism}");
        Console.WriteLine($"question: where do we ship {Quantity} x {ItemId} from, fastest first?");

        PlanDemo.Heading("The plan");
        Console.WriteLine(PlanDemo.Indent(json, "  "));

        var validation = new PlanValidator(tools).Validate(json);
        Console.WriteLine(validation.IsValid ? "validation: valid" : "validation: REFUSED\n" + PlanDemo.Indent(validation.ToString(), "  ! "));
        if (validation.Plan is not { } plan)
        {
            return 1;
        }

        // Listen to the Declarative activity source, as an OpenTelemetry exporter would, to show what a run records.
        var activities = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DeclarativeTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (activities)
                {
                    activities.Add(activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var executor = new PlanExecutor(tools, new PlanExecutionOptions { MaxDegreeOfParallelism = parallelism });
        var result = await executor.ExecuteAsync(plan, "warehouse-lookup");

        PlanDemo.Heading($"Execution: {result.Status.ToString().ToLowerInvariant()}");
        var total = result.Duration;
        var scale = Math.Max(1, total.TotalMilliseconds);
        const int Width = 40;
        Console.WriteLine($"  {"step",-6} {"tool",-20} {"status",-9} {"start",9} {"took",9}  timeline (0 .. {PlanDemo.Ms(total)})");
        foreach (var step in result.Steps)
        {
            var from = (int)Math.Round(step.StartOffset.TotalMilliseconds / scale * Width);
            var length = Math.Max(1, (int)Math.Round(step.Duration.TotalMilliseconds / scale * Width));
            from = Math.Min(from, Width - 1);
            length = Math.Min(length, Width - from);
            var bar = new string(' ', from) + new string('#', length) + new string(' ', Width - from - length);
            Console.WriteLine($"  {step.Id,-6} {step.Step.Tool,-20} {step.Status.ToString().ToLowerInvariant(),-9} {"+" + PlanDemo.Ms(step.StartOffset),9} {PlanDemo.Ms(step.Duration),9}  |{bar}|");
        }

        var sum = TimeSpan.FromTicks(result.Steps.Sum(s => s.Duration.Ticks));
        var lookups = result.Steps.Where(s => s.Step.Tool == "get_warehouse_stock").ToList();
        var maxConcurrent = MaxConcurrent(result.Steps);
        Console.WriteLine();
        Console.WriteLine($"total (PlanExecutionResult.Duration, wall clock): {PlanDemo.Ms(total)}");
        Console.WriteLine($"sum of the steps' durations:                      {PlanDemo.Ms(sum)}  ({(sum.TotalMilliseconds / scale).ToString("0.0", CultureInfo.InvariantCulture)}x the total)");
        Console.WriteLine($"most steps running at once:                       {maxConcurrent}");
        Console.WriteLine("(a first run in a fresh process: JIT compilation adds to the earliest calls of each tool)");

        if (result.IsSuccess && result.ValueOf("ship") is { } proposal)
        {
            Console.WriteLine($"proposal: {proposal}");
        }

        var recorded = result.Trace.PlanSteps.ToList();
        Console.WriteLine($"trace: {recorded.Count} PlanStepCall records ({recorded.Count(s => s.Status == PlanStepStatus.Succeeded)} succeeded), "
            + $"{PlanDemo.Ms(TimeSpan.FromTicks(recorded.Sum(s => s.Duration.Ticks)))} in steps");
        lock (activities)
        {
            Console.WriteLine("OpenTelemetry activities: " + string.Join(", ", activities.GroupBy(a => a).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}")));
        }

        var problems = new List<string>();
        if (!result.IsSuccess)
        {
            problems.Add("the plan did not complete: " + result.Describe());
            return PlanDemo.Report(problems, "");
        }
        var ship = result["ship"];
        if (lookups.Any(l => ship.StartOffset < l.StartOffset + l.Duration))
        {
            problems.Add("'ship' started before every lookup it depends on had finished");
        }
        if (recorded.Count != result.Steps.Count)
        {
            problems.Add($"the trace holds {recorded.Count} step records for {result.Steps.Count} steps");
        }
        if (result["ship"].Result?.ToString() is not { } text || !text.Contains("\"allocated\":20", StringComparison.Ordinal)
            || !text.Contains("\"arrivesInDays\":4", StringComparison.Ordinal))
        {
            problems.Add($"expected all {Quantity} units allocated, the last parcel arriving in 4 days; got {result["ship"].Result}");
        }
        var overlapping = parallelism >= 2 && latencyMs > 0;
        if (overlapping && total.TotalMilliseconds > sum.TotalMilliseconds / 2)
        {
            problems.Add($"the lookups did not overlap: the plan took {PlanDemo.Ms(total)}, more than half the sum of its steps ({PlanDemo.Ms(sum)})");
        }
        if (overlapping && maxConcurrent < 2)
        {
            problems.Add("no two steps ever ran at the same time");
        }
        return PlanDemo.Report(problems, overlapping
            ? $"the {lookups.Count} lookups overlapped (up to {maxConcurrent} at once), so the plan took {PlanDemo.Ms(total)} instead of the {PlanDemo.Ms(sum)} its steps add up to"
            : "the plan completed (overlap not checked: one step at a time or no latency)");
    }

    /// <summary>Eight lookups with no dependencies, then one step that references every one of their results.</summary>
    private static string BuildPlan()
    {
        var builder = new StringBuilder("{\"steps\": [\n");
        var ids = Warehouses.Ids.Select(id => id[3..].ToLowerInvariant()).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            builder.Append(CultureInfo.InvariantCulture,
                $"  {{\"id\": \"{ids[i]}\", \"tool\": \"get_warehouse_stock\", \"arguments\": {{\"warehouseId\": \"{Warehouses.Ids[i]}\", \"itemId\": \"{ItemId}\"}}}},\n");
        }
        builder.Append(CultureInfo.InvariantCulture,
            $"  {{\"id\": \"ship\", \"tool\": \"propose_allocation\", \"description\": \"fastest warehouses first\",\n   \"arguments\": {{\"itemId\": \"{ItemId}\", \"quantity\": {Quantity}, \"levels\": [");
        builder.AppendJoin(", ", ids.Select(id => $"{{\"$from\": \"{id}\"}}"));
        builder.Append("]}}\n]}");
        return builder.ToString();
    }

    // The largest number of steps whose [start, end) intervals overlap at one instant.
    private static int MaxConcurrent(IReadOnlyList<PlanStepResult> steps)
    {
        var events = steps.Where(s => s.Attempts > 0)
            .SelectMany(s => new[] { (At: s.StartOffset, Delta: 1), (At: s.StartOffset + s.Duration, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        int running = 0, most = 0;
        foreach (var (_, delta) in events)
        {
            running += delta;
            most = Math.Max(most, running);
        }
        return most;
    }
}
