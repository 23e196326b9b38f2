using Declarative.Generators.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>
/// Agent declarations at the edges of what C# allows: each must produce code that compiles without a
/// warning (users build with warnings as errors and cannot fix generated code), and be cacheable.
/// </summary>
public sealed class AgentEdgeCaseTests
{
    private const string Tools = """
        using Declarative;

        namespace Demo.Tools;

        public partial class Catalog
        {
            /// <summary>Finds products.</summary>
            /// <param name="name">Part of the name.</param>
            [Tool]
            public string[] Find(string name) => [];
        }

        public partial class Stock
        {
            /// <summary>Counts units.</summary>
            /// <param name="sku">The product.</param>
            [Tool]
            public int Count(string sku) => 0;
        }
        """;

    public static TheoryData<string, string> Cases => new()
    {
        {
            "a record class as an agent",
            """
            using Declarative;
            using Demo.Tools;

            [Agent("You help.")]
            public partial record Helper([UseTools] Catalog Catalog);
            """
        },
        {
            "members named like the generated constructor's parameters and fields",
            """
            using Declarative;
            using Demo.Tools;

            [Agent("You help.")]
            public partial class Helper([UseTools] Catalog agent, [UseTools] Stock _tools)
            {
                [UseTools]
                public Catalog? _set0 { get; init; } = null;
            }
            """
        },
        {
            "members named with keywords",
            """
            using Declarative;
            using Demo.Tools;

            [Agent("You help.")]
            public partial class Helper([UseTools] Catalog @event)
            {
                [UseTools]
                private readonly Stock @class = new();
            }
            """
        },
        {
            "a static [UseTools] property",
            """
            using Declarative;
            using Demo.Tools;

            [Agent("You help.")]
            public partial class Helper
            {
                [UseTools]
                public static Catalog Shared { get; } = new();
            }
            """
        },
        {
            "two agents using one tool set, in the global namespace",
            """
            using Declarative;
            using Demo.Tools;

            [Agent("You help.")]
            public partial class First([UseTools] Catalog catalog);

            [Agent("You help too.")]
            public partial class Second([UseTools] Catalog catalog);
            """
        },
        {
            "obsolete output types and an obsolete agent",
            """
            using System;
            using Declarative;

            namespace Demo;

            [Obsolete("Use Answer2.")]
            public sealed record Answer(string Text);

            [Obsolete]
            public sealed record Note(string Text);

            #pragma warning disable CS0612, CS0618
            [Agent("You answer.", OutputType = typeof(Answer))]
            public partial class Answerer;

            [Agent("You take notes.", OutputType = typeof(Note))]
            public partial class NoteTaker;

            [Obsolete("Use Answerer.")]
            [Agent("You answer.", OutputType = typeof(Answer))]
            public partial class OldAnswerer;
            #pragma warning restore CS0612, CS0618
            """
        },
        {
            "a generic agent inside a partial struct",
            """
            using Declarative;
            using Demo.Tools;

            namespace Demo;

            public partial struct Host
            {
                [Agent("You help.")]
                public partial class Helper<T>([UseTools] Catalog catalog)
                {
                    public T? Last { get; set; }
                }
            }
            """
        },
        {
            "an agent with own tools, [UseTools] sources and a typed output",
            """
            using System.Collections.Generic;
            using Declarative;
            using Demo.Tools;

            namespace Demo;

            public sealed record Plan(List<string> Steps);

            [Agent("You plan.", OutputType = typeof(Plan))]
            public sealed partial class Planner([UseTools] Stock stock)
            {
                [UseTools]
                internal Catalog Catalog { get; } = new();

                /// <summary>Notes a step.</summary>
                /// <param name="step">The step.</param>
                [Tool]
                public void Note(string step) { }
            }
            """
        },
        {
            "outputs that are not objects",
            """
            using System.Collections.Generic;
            using Declarative;

            namespace Demo;

            public enum Mood { Happy, Sad }

            [Agent("You count.", OutputType = typeof(int))]
            public partial class Counter;

            [Agent("You list.", OutputType = typeof(List<string>))]
            public partial class Lister;

            [Agent("You judge.", OutputType = typeof(Mood?))]
            public partial class Judge;

            [Agent("You map.", OutputType = typeof(Dictionary<string, int[]>))]
            public partial class Mapper;
            """
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generates_code_that_compiles(string name, string source)
    {
        var run = GeneratorAssert.Checked(TestCompilation.Create([Tools, source]));

        Assert.True(run.Files.Any(f => f.HintName.EndsWith(".Agent.g.cs", StringComparison.Ordinal)), name + ": no agent was generated");
    }
}
