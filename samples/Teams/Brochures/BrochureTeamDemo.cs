using Declarative;
using Microsoft.Extensions.AI;

namespace TeamsSample.Brochures;

/// <summary>
/// The brochure team twice: as a <see cref="BrochurePipeline"/> and under a <see cref="BrochureEditor"/>. Offline each
/// must use every recorded answer, the writer's first draft must fail its headline check and be revised, the editor
/// must never get a specialist's tools, and both must end with the same brochure. Exits non-zero otherwise.
/// </summary>
internal static class BrochureTeamDemo
{
    private static readonly string[] Tiers = ["researcher", "designer", "writer", "editor"];

    public static async Task<int> RunAsync(IChatClient? endpoint)
    {
        var brief = new BrochureBrief("round sunglasses", "people heading to the coast this summer", "the summer sale");
        var data = new BrochureData();
        var options = new AgentRunOptions { Prices = Report.Prices, MaxIterations = 8, Temperature = endpoint is null ? null : 0.2f };
        var problems = new List<string>();

        Report.Heading("1/2  the pipeline: researcher -> designer -> writer");
        var pipelineModels = endpoint is null ? TeamModels.Offline("brochure", Tiers) : TeamModels.Live(endpoint);
        var pipeline = new BrochurePipeline(new Researcher(new ResearchTools(data)), new Designer(new ImageTools(data)), new Writer());
        var piped = await new AgentRunner(pipelineModels.Registry, options).RunAsync(pipeline, brief);
        Show(piped.Output);
        Report.PrintTree(piped.Trace);

        Report.Heading("2/2  the editor, delegating to the three as tools");
        var editorModels = endpoint is null ? TeamModels.Offline("brochure", Tiers) : TeamModels.Live(endpoint);
        var editor = new BrochureEditor(new Researcher(new ResearchTools(data)), new Designer(new ImageTools(data)), new Writer());
        var tools = ((IAgent)editor).Descriptor.Tools.Select(t => t.Name).ToList();
        Console.WriteLine("the editor's tools: " + string.Join(", ", tools));
        var edited = await new AgentRunner(editorModels.Registry, options).RunAsync(editor, brief);
        Show(edited.Output);
        Report.PrintTree(edited.Trace);

        Report.Expect(problems, piped.Succeeded, $"the pipeline ended {piped.Status}: {piped.Reason}");
        Report.Expect(problems, edited.IsCompleted, $"the editor ended {edited.Status}: {edited.Reason}");
        Report.Expect(problems, tools.SequenceEqual(["researcher", "designer", "writer"]), "the editor should have exactly one tool per specialist, and none of theirs");
        if (endpoint is not null)
        {
            return Report.SelfCheck("live: both teams finished a brochure", problems);
        }

        var stages = piped.Trace.Steps.OfType<AgentInvocationStep>().Select(s => s.AgentName).ToList();
        Report.Expect(problems, stages.SequenceEqual(["Researcher", "Designer", "Writer"]), "the pipeline's trace should hold the three stages in order, got " + string.Join(", ", stages));
        var delegated = edited.Trace.AgentInvocations.Select(s => s.AgentName).ToList();
        Report.Expect(problems, delegated.SequenceEqual(["Researcher", "Designer", "Writer"]), "the editor's trace should hold the three nested runs, got " + string.Join(", ", delegated));
        foreach (var (name, trace) in new[] { ("pipeline", piped.Trace), ("editor", edited.Trace) })
        {
            var writerRun = trace.AgentInvocations.LastOrDefault(s => s.AgentName == "Writer");
            var checks = writerRun?.Steps.OfType<CheckStep>().Where(c => c.Name == "headline_fits").Select(c => c.Passed).ToList();
            Report.Expect(problems, checks is [false, true], $"{name}: the writer's headline check should fail once, then pass");
            var nestedTokens = Report.AllModelCalls(trace.Steps).Sum(m => m.Usage.TotalTokens);
            Report.Expect(problems, trace.Usage.TotalTokens == nestedTokens && trace.Usage.TotalTokens > 0, $"{name}: the total should be the sum of every agent's tokens");
        }
        Report.Expect(problems, piped.Output is { Headline: "Round Frames for the Coast", ImageIds: ["IMG-102", "IMG-103"] }, "the pipeline's brochure is not the revised draft with both pictures");
        Report.Expect(problems, edited.Output is { } e && piped.Output is { } p && e.Headline == p.Headline && e.ImageIds.SequenceEqual(p.ImageIds),
            "the editor's brochure should be the writer's, unchanged");
        // The pipeline has no editor, so only the editor's recording is left after it.
        foreach (var unused in pipelineModels.Unused().Where(u => !u.StartsWith("editor:", StringComparison.Ordinal)).Concat(editorModels.Unused()))
        {
            problems.Add("recorded answers left over: " + unused);
        }
        return Report.SelfCheck("the pipeline and the editor each ran researcher, designer and writer (revised once by its check) to the same brochure", problems);
    }

    private static void Show(Brochure? brochure)
    {
        if (brochure is null)
        {
            Console.WriteLine("  (no brochure)");
            return;
        }
        Console.WriteLine($"  # {brochure.Headline}");
        foreach (var section in brochure.Sections)
        {
            Console.WriteLine($"  ## {section.Title}");
            Console.WriteLine($"     {section.Body}");
        }
        Console.WriteLine($"  > {brochure.CallToAction}   [pictures: {string.Join(", ", brochure.ImageIds)}]");
    }
}
