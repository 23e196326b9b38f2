using System.Text.Json;
using Declarative;
using Declarative.Planning;
using EvalsSample;
using Microsoft.Extensions.AI;
using RetailStore;

Console.OutputEncoding = System.Text.Encoding.UTF8;

// Temporary: replay each case's recording with the real tools and print the trace.
var dataset = args[0];
foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Datasets", dataset + ".jsonl")))
{
    if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) continue;
    using var doc = JsonDocument.Parse(line);
    var id = doc.RootElement.GetProperty("id").GetString()!;
    if (args.Length > 1 && args[1] != id) continue;
    var input = doc.RootElement.GetProperty("input").GetString()!;
    var set = dataset == "plan" ? RecordingSet.Plans() : args.Length > 2 ? RecordingSet.Candidate() : RecordingSet.Baseline();
    var client = set.For(id, 1);
    var models = new ModelRegistry().Add("small", client, client.ModelId);
    IAgent agent = args.Length > 2 ? new CandidateServiceAgent(new Store(Catalog.CreateSample())) : new CustomerServiceAgent(new Store(Catalog.CreateSample()));
    Console.WriteLine($"== {id}: {input}");
    RunTrace trace; string? text; string status;
    if (dataset == "plan")
    {
        var r = await new PlanRunner(models, new PlanRunOptions { Execution = new PlanExecutionOptions { ApprovalHandler = new ReturnPolicy() } }).RunAsync(agent, input);
        trace = r.Trace; text = r.Text; status = r.Status.ToString();
    }
    else
    {
        var r = await new AgentRunner(models, new AgentRunOptions { ApprovalHandler = new ReturnPolicy() }).RunAsync(agent, input);
        trace = r.Trace; text = r.Text; status = r.Status.ToString();
    }
    foreach (var step in trace.Steps)
    {
        switch (step)
        {
            case ToolCallStep t: Console.WriteLine($"  -> {t.ToolName} {t.Arguments} approved={t.Approved} <- {t.Outcome} {t.Result} {string.Join("; ", t.Errors)}"); break;
            case PlanValidationStep v: Console.WriteLine($"  plan valid={v.IsValid} {string.Join("; ", v.Errors)}"); break;
            case PlanStepCall p: Console.WriteLine($"  step {p.StepId} {p.ToolName} {p.Arguments} <- {p.Status} {p.Result}"); break;
            case ModelCallStep m: Console.WriteLine($"  model {m.Model} {m.Usage.InputTokens}/{m.Usage.OutputTokens} cost={m.Cost} err={m.Error}"); break;
        }
    }
    Console.WriteLine($"  {status}: {text}");
    foreach (var u in set.Unfinished()) Console.WriteLine("  UNFINISHED " + u);
    Console.WriteLine($"  requests[0] first message: {client.Requests}");
}
return 0;
