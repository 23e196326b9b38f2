using System.Text;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace Declarative.Generators.Tests.Infrastructure;

/// <summary>Reads and asserts the reasons the driver gives for each tracked step and output.</summary>
internal static class Incrementality
{
    /// <summary>
    /// Reruns the driver on a clone of the input compilation — equal content, new object, as after a
    /// keystroke that changes nothing the generator reads — and requires every tracked step and
    /// every output to be <see cref="IncrementalStepRunReason.Cached"/> or
    /// <see cref="IncrementalStepRunReason.Unchanged"/>. A model that compares by reference fails here.
    /// </summary>
    public static GeneratorRun AssertCacheable(GeneratorRun first)
    {
        // A step renamed without its TrackingNames constant would make these checks vacuous. Each pipeline
        // runs only for its own attribute, so require one named step per run with output, and let
        // ModelTests (whose source reaches every pipeline) require them all.
        if (first.Result.GeneratedSources.Length > 0 && !GeneratorHarness.TrackedStepNames.Any(first.Result.TrackedSteps.ContainsKey))
        {
            throw new XunitException($"No step named in TrackingNames ran. Steps seen: {string.Join(", ", first.Result.TrackedSteps.Keys.Order(StringComparer.Ordinal))}");
        }

        var second = GeneratorHarness.Run(first.Input.Clone(), first.Driver);
        var failures = new StringBuilder();
        foreach (var name in GeneratorHarness.TrackedStepNames)
        {
            foreach (var (value, reason) in Outputs(second.Result, name))
            {
                if (reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                {
                    failures.AppendLine($"  step {name}: {reason} for {Show(value)}");
                }
            }
        }
        foreach (var (name, steps) in second.Result.TrackedOutputSteps)
        {
            foreach (var (value, reason) in steps.SelectMany(s => s.Outputs))
            {
                if (reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                {
                    failures.AppendLine($"  output {name}: {reason} for {Show(value)}");
                }
            }
        }
        if (failures.Length > 0)
        {
            throw new XunitException("A rerun on an equal compilation recomputed work; a model is probably not equatable:\n" + failures);
        }
        return second;
    }

    /// <summary>Every output of every run of a tracked step, with its reason; empty when the step did not run.</summary>
    public static IReadOnlyList<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string stepName)
        => result.TrackedSteps.TryGetValue(stepName, out var steps)
            ? steps.SelectMany(s => s.Outputs).ToList()
            : [];

    /// <summary>Every output of the generator's source outputs, with its reason.</summary>
    public static IReadOnlyList<(object Value, IncrementalStepRunReason Reason)> SourceOutputs(GeneratorRunResult result)
        => result.TrackedOutputSteps.Values.SelectMany(steps => steps).SelectMany(s => s.Outputs).ToList();

    /// <summary>A one-line summary of a step's reasons, for assertion messages: "Cached x2, Modified x1".</summary>
    public static string Summary(GeneratorRunResult result, string stepName)
    {
        var outputs = Outputs(result, stepName);
        return outputs.Count == 0
            ? "(no outputs)"
            : string.Join(", ", outputs.GroupBy(o => o.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}"));
    }

    private static string Show(object value)
    {
        var text = value.ToString() ?? value.GetType().Name;
        return text.Length > 160 ? text[..160] + "…" : text;
    }
}
