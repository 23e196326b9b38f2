using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>
/// A compilation that sees two definitions of <c>Declarative.ToolAttribute</c>: the runtime's and a copy
/// in another reference (under an extern alias, so the sources still compile). The generator finds tools
/// by metadata name, so the analyzers must treat a method marked with either copy as a tool. A single
/// symbol lookup (<c>GetTypeByMetadataName</c>) finds neither here, since the name is ambiguous.
/// </summary>
public sealed class AttributeCopyTests
{
    private static readonly Lazy<MetadataReference> Copy = new(() =>
    {
        var compilation = CSharpCompilation.Create(
            "AttributeCopy",
            [CSharpSyntaxTree.ParseText("""
                namespace Declarative
                {
                    [System.AttributeUsage(System.AttributeTargets.Method)]
                    public sealed class ToolAttribute : System.Attribute
                    {
                    }
                }
                """)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray()).WithAliases(["copy"]);
    });

    [Fact]
    public Task A_tool_marked_with_either_copy_of_the_attribute_is_checked() => VerifyWithReferencesAsync([Copy.Value], """
        extern alias copy;

        public partial class Echo
        {
            /// <summary>Echoes a value.</summary>
            /// <param name="value">The value.</param>
            [Tool]
            public T {|DCL0005:Repeat|}<T>(T value) => value;

            /// <summary>Echoes a value again.</summary>
            /// <param name="value">The value.</param>
            [copy::Declarative.Tool]
            public T {|DCL0005:Again|}<T>(T value) => value;
        }
        """);

    [Fact]
    public Task A_class_whose_tools_use_the_other_copy_must_be_partial() => VerifyWithReferencesAsync([Copy.Value], """
        extern alias copy;

        public class {|DCL0001:Clock|}
        {
            /// <summary>The hour.</summary>
            [copy::Declarative.Tool]
            public int Hour() => 12;
        }
        """);
}
