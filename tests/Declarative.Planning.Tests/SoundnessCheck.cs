using System.Text;
using System.Text.Json;

namespace Declarative.Planning.Tests;

/// <summary>
/// Validates one plan and, when accepted, runs it, checking the soundness property; keeps counts.
/// </summary>
internal sealed class SoundnessCheck
{
    private readonly PlanExecutor _executor;
    private readonly Dictionary<string, ToolInfo> _byName;
    private readonly Lazy<NJsonSchema.JsonSchema> _planSchema;

    public SoundnessCheck(IToolSet tools, IReadOnlyCollection<string>? generated)
    {
        Validator = new PlanValidator(tools);
        _executor = new PlanExecutor(tools);
        var all = tools.Tools.Select(t => new ToolInfo(t)).ToList();
        _byName = all.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Infos = generated is null ? all : all.Where(t => generated.Contains(t.Name)).ToList();
        _planSchema = new(() => NJsonSchema.JsonSchema.FromJsonAsync(Validator.Schema.GetRawText()).GetAwaiter().GetResult());
    }

    public PlanValidator Validator { get; }

    /// <summary>The tools the generators use.</summary>
    public IReadOnlyList<ToolInfo> Infos { get; }

    public Dictionary<string, int> Refusals { get; } = [];

    /// <summary>Why steps of accepted plans failed on their data, by message shape.</summary>
    public Dictionary<string, int> DataFailures { get; } = [];

    public int Accepted { get; private set; }

    public int Rejected { get; private set; }

    public int AcceptedReferences { get; private set; }

    public int StepsSucceeded { get; private set; }

    public int StepsFailedOnData { get; private set; }

    public int StepsSkipped { get; private set; }

    public int SchemaChecked { get; private set; }

    public TimeSpan SchemaTime { get; private set; }

    /// <summary>Addresses the readers took that the schema's "email" format refuses.</summary>
    public int EmailLeniencies { get; private set; }

    /// <summary>Accepted plans NJsonSchema could not check (big integers).</summary>
    public int SchemaUncheckable { get; private set; }

    public string Summary
        => $"accepted {Accepted} (with {AcceptedReferences} references; steps: {StepsSucceeded} succeeded, {StepsFailedOnData} failed on data, "
           + $"{StepsSkipped} skipped; {SchemaChecked} checked against the plan schema, {SchemaUncheckable} not checkable there, {EmailLeniencies} e-mail addresses only the reader takes, in {SchemaTime.TotalMilliseconds:0} ms), rejected {Rejected}";

    public Task<string?> CheckAsync(string plan) => CheckAsync(Encoding.UTF8.GetBytes(plan));

    /// <summary>Null when the property holds for this plan; otherwise what broke it.</summary>
    public async Task<string?> CheckAsync(byte[] plan)
    {
        PlanValidationResult result;
        try
        {
            result = Validator.Validate(plan);
        }
        catch (Exception exception)
        {
            return "the validator threw " + exception;
        }
        if (!result.IsValid)
        {
            Rejected++;
            foreach (var error in result.Errors)
            {
                var key = System.Text.RegularExpressions.Regex.Replace(error.Message, "'[^']*'|\\d+", "_");
                key = key.Length > 90 ? key[..90] : key;
                Refusals[key] = Refusals.GetValueOrDefault(key) + 1;
            }
            if (result.Plan is not null || result.Errors.Count == 0)
            {
                return "a refusal without errors, or with a plan";
            }
            var unrooted = result.Errors.FirstOrDefault(e => e.Path is null || !e.Path.StartsWith('$'));
            return unrooted is null ? null : $"an error path does not start with '$': {unrooted}";
        }

        Accepted++;
        var accepted = result.Plan!;
        if (result.Errors.Count != 0)
        {
            return "accepted with errors: " + result;
        }
        AcceptedReferences += accepted.Steps.Sum(s => s.References.Count);

        var schemaTime = System.Diagnostics.Stopwatch.StartNew();
        var schemaErrors = SchemaErrors(accepted.Json);
        SchemaTime += schemaTime.Elapsed;
        if (schemaErrors is not null)
        {
            return "accepted, but the plan schema refuses it: " + schemaErrors;
        }

        PlanExecutionResult execution;
        try
        {
            execution = await _executor.ExecuteAsync(accepted);
        }
        catch (Exception exception)
        {
            return "the executor threw " + exception;
        }
        foreach (var step in execution.Steps)
        {
            switch (step.Status)
            {
                case PlanStepStatus.Succeeded:
                    StepsSucceeded++;
                    break;
                case PlanStepStatus.Skipped:
                    StepsSkipped++;
                    break;
                case PlanStepStatus.Failed when step.Reason == "a reference could not be resolved" && step.Errors.All(e => DependsOnData(accepted, step.Step, e)):
                    StepsFailedOnData++;
                    foreach (var error in step.Errors)
                    {
                        var key = System.Text.RegularExpressions.Regex.Replace(error.Message, "'[^']*'|\\d+", "_");
                        DataFailures[key] = DataFailures.GetValueOrDefault(key) + 1;
                    }
                    break;
                default:
                    return $"accepted, but step '{step.Id}' ({step.Step.Tool}) {step.Status.ToString().ToLowerInvariant()}: {step.Reason}\n"
                        + string.Join("\n", step.Errors.Select(e => "  " + e)) + "\narguments: " + step.Arguments + "\nrun:\n" + execution.Describe();
            }
        }
        return null;
    }

    private string? SchemaErrors(string json)
    {
        // Newtonsoft's default depth limit (64) is lower than the validator's: lift it.
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(json)) { MaxDepth = null };
        var token = Newtonsoft.Json.Linq.JToken.ReadFrom(reader);
        var steps = token["steps"]?.Children<Newtonsoft.Json.Linq.JObject>().ToList() ?? [];
        var schema = _planSchema.Value;
        var errors = new List<string>();
        try
        {
            // The plan minus its steps against the whole schema; then each step against the branch of the
            // step union for its tool (the only branch whose "tool" enum it can match). The same check as
            // the whole plan against the whole schema, without trying every branch for every step.
            errors.AddRange(schema.Validate(new Newtonsoft.Json.Linq.JObject { ["steps"] = new Newtonsoft.Json.Linq.JArray() })
                .Where(e => e.Kind != NJsonSchema.Validation.ValidationErrorKind.TooFewItems).Select(e => e.ToString()));
            var branches = schema.Properties["steps"].Item!.AnyOf;
            foreach (var step in steps)
            {
                // The validator reads a null dependsOn or description as absent (as strict structured outputs
                // send optional members); the schema lists them as optional, not nullable. Compare the rest.
                foreach (var name in new[] { "dependsOn", "description" })
                {
                    if (step[name]?.Type == Newtonsoft.Json.Linq.JTokenType.Null)
                    {
                        step.Remove(name);
                    }
                }
                var tool = step["tool"]?.ToString();
                var branch = branches.FirstOrDefault(b => b.Properties["tool"].Enumeration.Contains(tool));
                if (branch is null)
                {
                    errors.Add("no branch of the step union for the tool " + tool);
                    continue;
                }
                foreach (var error in branch.Validate(step))
                {
                    if (OnlyEmail(error))
                    {
                        EmailLeniencies++;
                    }
                    else
                    {
                        errors.Add(error.ToString());
                    }
                }
            }
        }
        catch (InvalidCastException)
        {
            // NJsonSchema 10.7.2 cannot compare an integer beyond 64 bits (a BigInteger) with a bound.
            SchemaUncheckable++;
            return null;
        }
        SchemaChecked++;
        return errors.Count == 0 ? null : string.Join("; ", errors);
    }

    // The readers check [EmailAddress] as DataAnnotations does (one '@', neither first nor last), so they
    // take "a@b" and ".x@example.org", which NJsonSchema's "email" format refuses. The schema is the
    // stricter side, so a model that keeps to it is never refused: counted, and reported, not failed.
    private static bool OnlyEmail(NJsonSchema.Validation.ValidationError error)
        => error.Kind == NJsonSchema.Validation.ValidationErrorKind.EmailExpected
           || (error is NJsonSchema.Validation.ChildSchemaValidationError child
               && child.Errors.Values.Any(branch => branch.Count > 0 && branch.All(OnlyEmail)));

    /// <summary>
    /// Whether a reference failed for a reason only the data decides: an index past the end of a list,
    /// a key missing from a map, a null met at run time, or anything below a result typed as any JSON.
    /// </summary>
    private bool DependsOnData(Plan plan, PlanStep step, ToolError error)
    {
        var reference = step.References.FirstOrDefault(r => error.Path == "$.steps[" + step.Index + "].arguments" + r.ArgumentPath[1..]);
        if (reference is null)
        {
            return false;
        }
        if (error.Message.Contains("is out of range", StringComparison.Ordinal)
            || error.Message.Contains("has no member", StringComparison.Ordinal)
            || error.Message.Contains("is null, which has no", StringComparison.Ordinal)
            || error.Message.EndsWith("is null", StringComparison.Ordinal))
        {
            return true;
        }
        var source = _byName[plan[reference.StepId].Tool];
        return source.Returns is { } returns && ThroughAny(returns, reference.Pointer);
    }

    /// <summary>Whether the pointer goes below a place typed as any JSON, where nothing is known.</summary>
    private static bool ThroughAny(SchemaDoc doc, string pointer)
    {
        var schema = doc.Root;
        foreach (var segment in pointer.Length == 0 ? [] : pointer[1..].Split('/'))
        {
            var (types, _, s) = doc.Shape(schema);
            if (types.Count == 0 && !(s.ValueKind == JsonValueKind.Object && s.TryGetProperty("enum", out _)))
            {
                return true;
            }
            if (s.TryGetProperty("items", out var items) && types.Contains("array"))
            {
                schema = items;
            }
            else if (s.TryGetProperty("properties", out var properties) && properties.TryGetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal), out var property))
            {
                schema = property;
            }
            else if (s.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                schema = values;
            }
            else
            {
                return false;
            }
        }
        return false;
    }
}
