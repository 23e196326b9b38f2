using Declarative.Orchestration;
using Xunit;

namespace Declarative.Agents.Tests;

public sealed class SequentialTests
{
    private static readonly OutputAgent<Notes> Researcher = new("Researcher", Schemas.Notes);
    private static readonly TypedAgent<Notes, Draft> Designer = new("Designer", Schemas.Notes, Schemas.Draft);
    private static readonly InputAgent<Draft> Writer = new("Writer", Schemas.Draft);

    private static Composition<string, string> Pipeline() => Composition.Sequential<string, string>("Brochure", "researches, designs, writes",
        Participant.Of(Researcher), Participant.Of(Designer), Participant.WithInput(Writer));

    [Fact]
    public async Task Each_stage_is_given_the_previous_answer_and_the_trace_is_a_tree()
    {
        var models = new Models();
        models["Researcher"].ThenJson(new Notes("sun", ["hot", "bright"])).WithUsage(10, 5);
        models["Designer"].ThenJson(new Draft("Sun", "It is hot.")).WithUsage(20, 6);
        models["Writer"].ThenText("The sun: hot and bright.").WithUsage(30, 7);

        var result = await models.Runner().RunAsync(Pipeline(), "Write about the sun");

        Assert.Equal(CompositionRunStatus.Completed, result.Status);
        Assert.Equal("The sun: hot and bright.", result.Output);
        Assert.Null(result.FailedAgent);
        // The designer was given the researcher's typed answer, rendered as its JSON input.
        var designerSaw = models["Designer"].Requests[0].Messages.Last().Text;
        Assert.Equal("""{"topic":"sun","facts":["hot","bright"]}""", designerSaw);
        var writerSaw = models["Writer"].Requests[0].Messages.Last().Text;
        Assert.Equal("""{"title":"Sun","body":"It is hot."}""", writerSaw);

        var trace = result.Trace;
        Assert.Equal("Brochure", trace.AgentName);
        var invocations = trace.Steps.Cast<AgentInvocationStep>().ToList();
        Assert.Equal(["Researcher", "Designer", "Writer"], invocations.Select(i => i.AgentName));
        Assert.All(invocations, i => Assert.Equal(AgentRunStatus.Completed, i.Status));
        Assert.All(invocations, i => Assert.Single(i.Steps.OfType<ModelCallStep>()));
        Assert.Equal(60, trace.Usage.InputTokens);
        Assert.Equal(18, trace.Usage.OutputTokens);
        Assert.Equal(20, invocations[1].Usage.InputTokens);
    }

    [Fact]
    public async Task A_failed_stage_stops_the_sequence_and_names_it()
    {
        var models = new Models();
        models["Researcher"].ThenJson(new Notes("sun", ["hot"]));
        models["Designer"].ThenText("not json").ThenText("still not").ThenText("never");
        models["Writer"].ThenText("unused");

        var result = await models.Runner().RunAsync(Pipeline(), "Write about the sun");

        Assert.Equal(CompositionRunStatus.AgentFailed, result.Status);
        Assert.Equal("Designer", result.FailedAgent);
        Assert.Equal(AgentRunStatus.InvalidOutput, result.FailedAgentStatus);
        Assert.Contains("stage 2 of 3", result.Reason);
        Assert.Equal(1, models["Writer"].RemainingSteps);
        Assert.Equal(2, result.Trace.Steps.Count);
        Assert.Equal(AgentRunStatus.InvalidOutput, result.Trace.Status);
    }
}
