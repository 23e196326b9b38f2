using Declarative.Generators.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>Where the tool set is declared: instance or static, nested, namespaced or global.</summary>
public sealed class ToolSetSnapshotTests
{
    [Fact]
    public void Instance_class_becomes_a_tool_set() => GeneratorAssert.MatchesSnapshots("""
        using Declarative;

        namespace Demo;

        public partial class Greeter
        {
            private readonly string _greeting = "Hello";

            [Tool]
            public string Greet(string name) => $"{_greeting}, {name}!";
        }
        """);

    [Fact]
    public void Static_class_gets_a_static_tool_set_property() => GeneratorAssert.MatchesSnapshots("""
        using Declarative;

        namespace Demo;

        public static partial class MathTools
        {
            [Tool]
            public static int Add(int a, int b) => a + b;
        }
        """);

    [Fact]
    public void Nested_partial_class_in_a_namespace() => GeneratorAssert.MatchesSnapshots("""
        using Declarative;

        namespace Demo.Nested
        {
            public partial class Outer
            {
                internal partial class Inner
                {
                    [Tool]
                    public bool Toggle(bool value) => !value;
                }
            }
        }
        """);

    [Fact]
    public void Class_in_the_global_namespace() => GeneratorAssert.MatchesSnapshots("""
        using Declarative;

        public partial class GlobalTools
        {
            [Tool("ping")]
            public string Ping() => "pong";
        }
        """);

    [Fact]
    public void Tool_flags_and_names() => GeneratorAssert.MatchesSnapshots("""
        using Declarative;

        namespace Demo;

        public partial class Files
        {
            [Tool(ReadOnly = true)]
            public string ReadFileAsync(string path) => "";

            [Tool("rm", RequiresApproval = true)]
            public void DeleteFile(string path) { }
        }
        """);
}
