using System.Collections.Immutable;
using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>
/// The pipeline's models must hold only values: a symbol, syntax node or compilation kept in a model
/// pins the whole compilation in memory and, compared by reference, makes every keystroke a full rebuild.
/// </summary>
public sealed class ModelTests
{
    /// <summary>One source reaching every kind of shape, so the walk sees every model type populated.</summary>
    private const string EverythingSource = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.ComponentModel.DataAnnotations;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using Declarative;

        namespace Everything;

        public enum Mood
        {
            [JsonStringEnumMemberName("very-happy")] VeryHappy,
            Sad,
        }

        /// <summary>A node of a tree.</summary>
        public sealed class Node
        {
            public required string Name { get; init; }

            public List<Node> Children { get; init; } = [];

            public Dictionary<string, Node?> Links { get; init; } = new();
        }

        public sealed record Settings(
            [property: Range(1, 10)] int Level = 3,
            Mood Mood = Mood.Sad,
            [property: JsonPropertyName("display_name")] string? Name = null);

        public partial class Outer
        {
            public partial class Everything
            {
                /// <summary>Does everything.</summary>
                /// <param name="node">The root.</param>
                /// <returns>A count.</returns>
                [Tool(Description = "Does it all.", ReadOnly = true)]
                public async Task<int> DoAsync(
                    Node node,
                    Settings settings,
                    [Description("Tags."), MinLength(1)] string[] tags,
                    HashSet<Guid> ids,
                    DateTimeOffset? when,
                    [EmailAddress] string? email,
                    [RegularExpression("^[a-z]+$"), StringLength(8)] string code = "abc",
                    double ratio = 0.5,
                    CancellationToken cancellationToken = default)
                {
                    await Task.Yield();
                    return 0;
                }

                [Tool(RequiresApproval = true)]
                public static ValueTask<Settings?> Configure(Mood? mood, TimeSpan delay, Uri? callback = null) => default;

                [Tool]
                public void Nothing() { }
            }
        }

        public static partial class Clock
        {
            [Tool]
            public static DateTimeOffset Now() => DateTimeOffset.UtcNow;
        }

        public sealed record Answer(string Text, [property: Range(0, 1)] double Confidence, List<Mood> Moods);

        /// <summary>Answers with everything.</summary>
        [Agent("You use every tool.", OutputType = typeof(Answer), Model = "small")]
        [UseTools(typeof(Clock))]
        public partial class Assistant([UseTools] Outer.Everything everything)
        {
            [Tool]
            public string Echo(string text) => text + everything.GetHashCode();
        }

        [Agent("You answer typed questions.", InputType = typeof(Answer), OutputType = typeof(Answer))]
        public partial class Reviser
        {
            [InputTemplate]
            public static string Render(Answer answer) => answer.Text;
        }

        [Agent("You delegate.")]
        public partial class Manager([UseAgent(Description = "Revises.")] Reviser reviser);

        [HandOff(MaxHandOffs = 2)]
        public partial class Desk([UseAgent(HandOffTo = ["Reviser"])] Assistant assistant, [UseAgent(HandOffTo = ["Assistant"])] Reviser reviser);

        public partial class AnswerGraders
        {
            [Declarative.Evaluation.Grader(Component = "answer")]
            public bool Completed(Declarative.Evaluation.EvalCase<Answer, Answer> evalCase, Declarative.Evaluation.EvalRun<Answer> run) => run.Completed;

            [Declarative.Evaluation.Grader(Tool = "echo", Optional = true)]
            public static Task<bool> EchoedAsync(Declarative.Evaluation.EvalCase<Answer, Answer> evalCase, ToolCallStep call, CancellationToken cancellationToken) => Task.FromResult(!call.IsError);
        }
        """;

    [Fact]
    public void Every_tracked_step_output_holds_only_values()
    {
        var run = GeneratorHarness.RunAndCompile(TestCompilation.Create(EverythingSource));

        foreach (var name in GeneratorHarness.TrackedStepNames)
        {
            var outputs = Incrementality.Outputs(run.Result, name);
            Assert.NotEmpty(outputs);
            var problems = outputs.SelectMany((o, i) => ModelGraph.FindProblems(o.Value, $"{name}[{i}]")).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }

    [Fact]
    public void The_graph_walk_reports_roslyn_objects_and_collections_that_compare_by_reference()
    {
        var compilation = TestCompilation.Create("class C { }");

        Assert.Empty(ModelGraph.FindProblems((1, "text", 2.5m, (true, 'c')), "tuple"));
        Assert.Contains(ModelGraph.FindProblems((1, new List<int>()), "m"), p => p.StartsWith("m.Item2: is a List<Int32>", StringComparison.Ordinal));
        Assert.Contains(ModelGraph.FindProblems((1, new[] { 1 }), "m"), p => p.StartsWith("m.Item2: is a Int32[]", StringComparison.Ordinal));
        Assert.Contains(ModelGraph.FindProblems((1, ImmutableArray.Create(1)), "m"), p => p.StartsWith("m.Item2: is a ImmutableArray<Int32>", StringComparison.Ordinal));
        Assert.Contains(ModelGraph.FindProblems((1, compilation), "m"), p => p.StartsWith("m.Item2: holds a Compilation", StringComparison.Ordinal));
        Assert.Contains(ModelGraph.FindProblems((1, compilation.GetTypeByMetadataName("C")!), "m"), p => p.StartsWith("m.Item2: holds a ISymbol", StringComparison.Ordinal));
        Assert.Contains(ModelGraph.FindProblems((1, Location.None), "m"), p => p.StartsWith("m.Item2: holds a Location", StringComparison.Ordinal));
        Assert.Contains(ModelGraph.FindProblems((1, new object()), "m"), p => p.StartsWith("m.Item2: is a Object, not a model type", StringComparison.Ordinal));
        // The driver's own output of a Collect step is an ImmutableArray: allowed at the root only.
        Assert.Empty(ModelGraph.FindProblems(ImmutableArray.Create((1, "a")), "root"));
    }
}
