using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>
/// What an edit costs: the generator runs on every keystroke in the IDE, so an edit that cannot change
/// the output must re-emit nothing, and an edit to one class must re-emit only that class's file.
/// Each test runs the driver once, edits the compilation, reruns the same driver and reads the reasons
/// it records for each tracked step and output.
/// </summary>
public sealed class IncrementalityTests
{
    private const string Weather = """
        using System.Threading.Tasks;
        using Declarative;

        namespace Demo;

        public partial class Weather
        {
            /// <summary>Gets the forecast.</summary>
            [Tool]
            public Task<string> ForecastAsync(string city, int days = 3)
            {
                return Task.FromResult($"{city}: sunny for {days} days");
            }
        }
        """;

    private const string Calendar = """
        using Declarative;

        namespace Demo;

        public partial class Calendar
        {
            [Tool]
            public string[] Events(Day day) => [];
        }
        """;

    private const string Clock = """
        using System;
        using Declarative;

        namespace Demo;

        public static partial class Clock
        {
            [Tool(ReadOnly = true)]
            public static DateTimeOffset Now() => DateTimeOffset.UtcNow;
        }
        """;

    private const string Types = """
        namespace Demo;

        public enum Day { Monday, Tuesday }

        public sealed record Unused(string Name);
        """;

    private const string Planner = """
        using Declarative;

        namespace Demo;

        [Agent("You plan the week.")]
        [UseTools(typeof(Clock))]
        public partial class Planner([UseTools] Weather weather, [UseTools] Calendar calendar)
        {
        }
        """;

    [Fact]
    public void Adding_an_unrelated_file_re_emits_nothing()
    {
        var (first, second) = RunEdited(c => TestCompilation.AddSource(c, "Unrelated.cs", """
            namespace Demo.Other;

            public sealed class Helper
            {
                public int Twice(int x) => x * 2;
            }
            """));

        AssertNothingReEmitted(first, second);
    }

    [Fact]
    public void Adding_an_unrelated_class_to_a_file_with_tools_re_emits_nothing()
    {
        var (first, second) = RunEdited(c => TestCompilation.ReplaceSource(c, "Source0.cs", Weather + """

            public sealed class Unrelated
            {
                public void Nothing() { }
            }
            """));

        AssertNothingReEmitted(first, second);
    }

    [Fact]
    public void Editing_inside_a_tool_method_body_re_emits_nothing()
    {
        var edited = Weather.Replace("sunny for", "rain for", StringComparison.Ordinal);
        Assert.NotEqual(Weather, edited);

        var (first, second) = RunEdited(c => TestCompilation.ReplaceSource(c, "Source0.cs", edited));

        AssertNothingReEmitted(first, second);
    }

    [Fact]
    public void Editing_an_unrelated_type_in_a_referenced_file_re_emits_nothing()
    {
        var (first, second) = RunEdited(c => TestCompilation.ReplaceSource(c, "Source3.cs", Types.Replace("string Name", "string Name, int Age", StringComparison.Ordinal)));

        AssertNothingReEmitted(first, second);
    }

    [Fact]
    public void Changing_one_tool_signature_re_emits_only_its_class()
    {
        var edited = Weather.Replace("int days = 3)", "int days = 3, bool metric = true)", StringComparison.Ordinal);
        Assert.NotEqual(Weather, edited);

        var (first, second) = RunEdited(c => TestCompilation.ReplaceSource(c, "Source0.cs", edited));

        AssertOnlyReEmitted(first, second, "Demo.Weather");
    }

    [Fact]
    public void Changing_a_type_one_class_uses_re_emits_only_that_class()
    {
        var (first, second) = RunEdited(c => TestCompilation.ReplaceSource(c, "Source3.cs", Types.Replace("Tuesday", "Tuesday, Wednesday", StringComparison.Ordinal)));

        AssertOnlyReEmitted(first, second, "Demo.Calendar");
    }

    [Fact]
    public void Removing_a_class_s_last_tool_removes_its_file_and_leaves_the_other_tool_sets_cached()
    {
        var (first, second) = RunEdited(c => TestCompilation.ReplaceSource(c, "Source2.cs", Clock.Replace("[Tool(ReadOnly = true)]", "", StringComparison.Ordinal)));

        Assert.Equal(first.Files.Count - 1, second.Files.Count);
        Assert.DoesNotContain(second.Files, f => f.HintName.Contains("Clock", StringComparison.Ordinal));
        AssertReasons(second, TrackingNames.ToolSets, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Removed);
        Assert.Single(Incrementality.Outputs(second.Result, TrackingNames.ToolSets), o => o.Reason == IncrementalStepRunReason.Removed);
        // The agent that uses the class re-emits: its list of tools changed.
        Assert.Contains(Incrementality.Outputs(second.Result, TrackingNames.Agents), o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
    }

    [Fact]
    public void Adding_a_tool_to_a_used_class_re_emits_that_class_and_the_agent_using_it()
    {
        var edited = Calendar.Replace("=> [];", "=> [];\n\n    [Tool]\n    public void Clear(Day day) { }", StringComparison.Ordinal);
        Assert.NotEqual(Calendar, edited);

        var (first, second) = RunEdited(c => TestCompilation.ReplaceSource(c, "Source1.cs", edited));

        Assert.Single(Incrementality.Outputs(second.Result, TrackingNames.Agents), o => o.Reason == IncrementalStepRunReason.Modified);
        var changed = first.Files.Zip(second.Files).Where(p => p.First != p.Second).Select(p => p.Second.HintName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, changed.Count);
        Assert.All(changed, hint => Assert.True(hint.Contains("Calendar", StringComparison.Ordinal) || hint.Contains("Planner", StringComparison.Ordinal), hint));
    }

    [Fact]
    public void Changing_a_used_tool_s_signature_does_not_re_emit_the_agent()
    {
        var edited = Weather.Replace("int days = 3)", "int days = 3, bool metric = true)", StringComparison.Ordinal);

        var (_, second) = RunEdited(c => TestCompilation.ReplaceSource(c, "Source0.cs", edited));

        // The agent holds only the names of the tools it uses; their schemas live in the tool set's file.
        Assert.All(Incrementality.Outputs(second.Result, TrackingNames.Agents), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.Equal(1, Incrementality.SourceOutputs(second.Result).Count(o => o.Reason == IncrementalStepRunReason.Modified));
    }

    /// <summary>Runs the generator on the five sources, applies <paramref name="edit"/>, and reruns the same driver.</summary>
    private static (GeneratorRun First, GeneratorRun Second) RunEdited(Func<Compilation, Compilation> edit)
    {
        var first = GeneratorHarness.RunAndCompile(TestCompilation.Create([Weather, Calendar, Clock, Types, Planner]));
        Assert.Equal(4, first.Files.Count);
        var second = GeneratorHarness.RunAndCompile(edit(first.Input), first.Driver);
        return (first, second);
    }

    private static void AssertNothingReEmitted(GeneratorRun first, GeneratorRun second)
    {
        // A re-parsed file re-runs its methods' transforms; their models compare equal, so every named
        // step downstream is Cached (input unchanged) or Unchanged (recomputed, equal).
        foreach (var step in GeneratorHarness.TrackedStepNames)
        {
            AssertReasons(second, step, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        }
        Assert.NotEmpty(Incrementality.Outputs(second.Result, TrackingNames.ToolSets));
        Assert.NotEmpty(Incrementality.Outputs(second.Result, TrackingNames.Agents));
        AssertSourceOutputs(second, IncrementalStepRunReason.Cached);
        Assert.Equal(first.Files, second.Files);
    }

    /// <summary>
    /// The class's tool-set model is Modified and its file re-emitted; every other class's model is
    /// Unchanged or Cached and its file Cached.
    /// </summary>
    private static void AssertOnlyReEmitted(GeneratorRun first, GeneratorRun second, string className)
    {
        Assert.Single(Incrementality.Outputs(second.Result, TrackingNames.ToolMethods), o => o.Reason == IncrementalStepRunReason.Modified);

        var sets = Incrementality.Outputs(second.Result, TrackingNames.ToolSets);
        Assert.Equal(3, sets.Count);
        foreach (var (value, reason) in sets)
        {
            var isTarget = value.ToString()!.Contains($"FullName = global::{className},", StringComparison.Ordinal);
            if (isTarget)
            {
                Assert.Equal(IncrementalStepRunReason.Modified, reason);
            }
            else
            {
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{reason} for {value}");
            }
        }
        Assert.Single(sets, s => s.Reason == IncrementalStepRunReason.Modified);

        var outputs = Incrementality.SourceOutputs(second.Result);
        Assert.Single(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(outputs.Count - 1, outputs.Count(o => o.Reason == IncrementalStepRunReason.Cached));

        var changed = first.Files.Zip(second.Files).Where(p => p.First != p.Second).Select(p => p.Second.HintName).ToList();
        Assert.Equal([className + ".Tools.g.cs"], changed);
    }

    private static void AssertReasons(GeneratorRun run, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = Incrementality.Outputs(run.Result, step);
        Assert.True(outputs.All(o => allowed.Contains(o.Reason)), $"{step}: {Incrementality.Summary(run.Result, step)}");
    }

    private static void AssertSourceOutputs(GeneratorRun run, IncrementalStepRunReason expected)
    {
        var outputs = Incrementality.SourceOutputs(run.Result);
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Equal(expected, o.Reason));
    }
}
