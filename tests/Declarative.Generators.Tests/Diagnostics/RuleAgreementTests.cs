using System.Text.RegularExpressions;
using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>
/// The analyzers and the generator apply the same rule book (<c>Rules/ToolRules</c>): a method the
/// analyzers accept is emitted, one they reject with an error is not, and the description a diagnostic
/// judges is the one the generated descriptor carries.
/// </summary>
public sealed class RuleAgreementTests
{
    private const string Usings = """
        global using System;
        global using System.Collections.Generic;
        global using System.ComponentModel;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Declarative;
        """;

    [Theory]
    [InlineData("public void M(int x) { }", true)]
    [InlineData("public void M(int x, CancellationToken cancellationToken) { }", true)]
    [InlineData("public void M(params int[] xs) { }", true)]
    [InlineData("public Task<int> M(string s) => Task.FromResult(s.Length);", true)]
    [InlineData("public void M<T>(int x) { }", false)]
    [InlineData("public async void M() { await Task.Yield(); }", false)]
    [InlineData("public void M(ref int x) { }", false)]
    [InlineData("public void M(out int x) { x = 0; }", false)]
    [InlineData("public void M(in int x) { }", false)]
    [InlineData("public void M(Span<int> s) { }", false)]
    [InlineData("public void M(params List<int> xs) { }", false)]
    [InlineData("public ref int M() => ref _field;", false)]
    public async Task A_method_is_emitted_exactly_when_the_analyzers_report_no_error(string method, bool accepted)
    {
        var source = $$"""
            public partial class C
            {
                private int _field;

                [Tool(Description = "Always fine.")]
                public void Ok() => _field++;

                [Tool(Description = "The case.")]
                {{method}}
            }
            """;

        var errors = (await AnalyzeAsync(source)).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var emitted = ToolNames(source);

        Assert.Equal(accepted, errors.Count == 0);
        Assert.Equal(accepted ? ["ok", "m"] : ["ok"], emitted);
    }

    [Theory]
    [InlineData("[Tool(Description = \"from the attribute\")] [Description(\"from Description\")]", "from the attribute")]
    [InlineData("[Tool] [Description(\"from Description\")]", "from Description")]
    [InlineData("[Tool]", null)]
    public async Task The_description_the_analyzer_judges_is_the_one_emitted(string attributes, string? expected)
    {
        var source = $$"""
            public partial class C
            {
                {{attributes}}
                public void M([Description("The value.")] int x) { }
            }
            """;

        var missing = (await AnalyzeAsync(source)).Any(d => d.Id == "DCL0009");
        var generated = string.Concat(GeneratorHarness.RunAndCompile(TestCompilation.Create([Usings, source])).Files.Select(f => f.Text));

        Assert.Equal(expected is null, missing);
        Assert.DoesNotContain(expected is null ? "from Description" : expected == "from the attribute" ? "from Description" : "from the attribute", generated);
        if (expected is not null)
        {
            Assert.Contains("\"" + expected + "\"", generated);
        }
        Assert.Contains("\"The value.\"", generated);
    }

    private static List<string> ToolNames(string source)
    {
        var run = GeneratorHarness.Run(TestCompilation.Create([Usings, source]));
        return run.Files
            .Where(f => f.HintName.EndsWith(".Tools.g.cs", StringComparison.Ordinal))
            .SelectMany(f => Regex.Matches(f.Text, @"string\[\] ToolNames = \[(?<names>[^\]]*)\];").Select(m => m.Groups["names"].Value))
            .SelectMany(names => Regex.Matches(names, "\"([^\"]*)\"").Select(m => m.Groups[1].Value))
            .ToList();
    }
}
