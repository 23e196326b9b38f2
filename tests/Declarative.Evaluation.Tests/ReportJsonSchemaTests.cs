using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Declarative.Reflection;
using NJsonSchema;

namespace Declarative.Evaluation.Tests;

/// <summary>
/// docs/eval-report.schema.json describes exactly what <see cref="EvalResultJson.Write"/> writes: real reports
/// validate, broken ones do not, and its properties are the result types' properties, each with a description.
/// </summary>
public sealed class ReportJsonSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(RepoRoot(), "docs", "eval-report.schema.json");

    private static Task<JsonSchema> LoadAsync() => JsonSchema.FromFileAsync(SchemaPath);

    [Fact]
    public async Task A_real_run_with_failures_a_judge_repetitions_and_tags_validates()
    {
        var result = await ReportSample.ResultAsync();
        // The sample has what the schema must cover: failed and flaky cases, a judge's criteria and cost, tags.
        Assert.True(result.Repetitions > 1);
        Assert.Contains(result.Cases, c => !c.IsPassed && !c.IsFlaky);
        Assert.Contains(result.Cases, c => c.IsFlaky);
        Assert.Contains(result.Cases.SelectMany(c => c.Runs).SelectMany(r => r.Grades), g => g.Criteria.Count > 0 && g.JudgeCost is not null);
        Assert.NotEmpty(result.Errors.ByTag);

        var errors = (await LoadAsync()).Validate(EvalResultJson.Write(result));

        Assert.Empty(errors.Select(e => e.ToString()));
    }

    [Fact]
    public async Task A_trace_with_every_kind_of_step_validates()
    {
        var sample = await ReportSample.ResultAsync();
        var result = ReportTraces.WithTrace(sample, ReportTraces.EveryKindOfStep());

        var json = EvalResultJson.Write(result);
        var errors = (await LoadAsync()).Validate(json);

        Assert.Empty(errors.Select(e => e.ToString()));
        foreach (var kind in new[] { "model_call", "tool_call", "agent_invocation", "output_validation", "plan_validation", "plan_step",
                     "check", "reflection_round", "guardrail", "hand_off" })
        {
            Assert.Contains($"\"kind\": \"{kind}\"", json, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("summary", "passRate", null, "a required number left out")]
    [InlineData("summary", "passRate", "\"70%\"", "a number written as text")]
    [InlineData("summary", "passRates", "0.7", "an unknown property")]
    [InlineData("", "schemaVersion", "\"declarative.eval/2\"", "another format version")]
    [InlineData("summary", "interval", "{\"low\": 0.2, \"high\": 1.4}", "an interval bound above 1")]
    [InlineData("step", "kind", "\"telepathy\"", "an unknown kind of step")]
    [InlineData("step", "duration", "\"0.25\"", "a duration not in TimeSpan form")]
    [InlineData("grade", "passed", "\"yes\"", "a verdict that is not a boolean")]
    public async Task A_broken_report_does_not_validate(string where, string property, string? value, string what)
    {
        var document = JsonNode.Parse(EvalResultJson.Write(await ReportSample.ResultAsync()))!.AsObject();
        var target = where switch
        {
            "" => document,
            "summary" => document["summary"]!.AsObject(),
            "step" => document["cases"]![0]!["runs"]![0]!["trace"]!["steps"]![0]!.AsObject(),
            "grade" => document["cases"]![0]!["runs"]![0]!["grades"]![0]!.AsObject(),
            _ => throw new ArgumentOutOfRangeException(nameof(where)),
        };
        if (value is null)
        {
            Assert.True(target.Remove(property));
        }
        else
        {
            target[property] = JsonNode.Parse(value);
        }

        var errors = (await LoadAsync()).Validate(document.ToJsonString());

        Assert.True(errors.Count > 0, "the schema admitted " + what);
    }

    // The schema's object definitions and the types EvalResultJson writes, property for property: a field added
    // to a result type without the schema (or the other way round) fails here, naming it.
    [Theory]
    [InlineData("#", typeof(EvalResult))]
    [InlineData("summary", typeof(EvalSummary))]
    [InlineData("caseResult", typeof(CaseResult))]
    [InlineData("caseRun", typeof(CaseRun))]
    [InlineData("errorAnalysis", typeof(ErrorAnalysis))]
    [InlineData("componentFailures", typeof(ComponentFailures))]
    [InlineData("tagFailures", typeof(TagFailures))]
    [InlineData("componentCost", typeof(ComponentCost))]
    [InlineData("grade", typeof(Grade))]
    [InlineData("rubricItem", typeof(RubricItem))]
    [InlineData("toolError", typeof(ToolError))]
    [InlineData("usage", typeof(UsageTotals))]
    [InlineData("interval", typeof(Interval))]
    [InlineData("runTrace", typeof(RunTrace))]
    [InlineData("modelCallStep", typeof(ModelCallStep))]
    [InlineData("toolCallStep", typeof(ToolCallStep))]
    [InlineData("agentInvocationStep", typeof(AgentInvocationStep))]
    [InlineData("nestedAgentInvocation", typeof(AgentInvocationStep))]
    [InlineData("outputValidationStep", typeof(OutputValidationStep))]
    [InlineData("planValidationStep", typeof(PlanValidationStep))]
    [InlineData("planStepCall", typeof(PlanStepCall))]
    [InlineData("checkStep", typeof(CheckStep))]
    [InlineData("reflectionRoundStep", typeof(ReflectionRoundStep))]
    [InlineData("guardrailStep", typeof(GuardrailStep))]
    [InlineData("handOffStep", typeof(HandOffStep))]
    public void The_schema_has_the_properties_of_the_type(string definition, Type type)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var node = definition == "#" ? schema.RootElement : schema.RootElement.GetProperty("definitions").GetProperty(definition);

        var inSchema = node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Where(n => n != "kind").Order(StringComparer.Ordinal);
        var written = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .Order(StringComparer.Ordinal);

        Assert.Equal(written, inSchema);
        Assert.False(node.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Every_property_of_the_schema_has_a_description()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var missing = new List<string>();
        void Walk(JsonElement node, string path)
        {
            if (node.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            if (node.TryGetProperty("properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                {
                    if (!property.Value.TryGetProperty("description", out var description) || description.GetString() is not { Length: > 0 })
                    {
                        missing.Add(path + "." + property.Name);
                    }
                    Walk(property.Value, path + "." + property.Name);
                }
            }
            if (node.TryGetProperty("definitions", out var definitions))
            {
                foreach (var definition in definitions.EnumerateObject())
                {
                    if (!definition.Value.TryGetProperty("description", out _))
                    {
                        missing.Add("definitions." + definition.Name);
                    }
                    Walk(definition.Value, "definitions." + definition.Name);
                }
            }
        }

        Walk(schema.RootElement, "$");

        Assert.Empty(missing);
    }

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Declarative.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("No Declarative.sln above " + AppContext.BaseDirectory);
    }
}
