using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>
/// The rules on managers and compositions: DCL0024 to DCL0031, each at its exact place (the member, the
/// attribute argument or the method, never the whole class) and with the contract's exact message.
/// </summary>
public sealed class MultiAgentRuleTests
{
    private const string Team = """
        using Declarative.Orchestration;
        using Declarative.Reflection;

        public sealed record Brief(string Product, int? WordLimit);

        public sealed record Notes(string Product, List<string> Facts);

        public sealed record Image(string Url, int Width);

        public sealed record Draft(string Headline, List<Image> Images);

        public sealed record Frame(string Url, string Width);

        public sealed record Layout(string Headline, List<Frame> Images);

        [Agent("You research products.", InputType = typeof(Brief), OutputType = typeof(Notes))]
        public partial class Researcher;

        [Agent("You write brochures.", InputType = typeof(Notes), OutputType = typeof(Draft))]
        public partial class Writer;

        [Agent("You lay out brochures.", InputType = typeof(Layout))]
        public partial class Designer;

        [Agent("You sort requests.")]
        public partial class Triage;

        [Agent("You answer about orders.")]
        public partial class OrdersAgent;

        [Agent("You judge.", OutputType = typeof(RubricVerdict))]
        public partial class Judge;

        """;

    [Fact]
    public Task DCL0024_a_member_that_is_not_an_agent() => VerifyAsync(Team + """
        public sealed class Helper;

        [Agent("You manage.")]
        public partial class Editor([UseAgent] Researcher researcher, [UseAgent] Helper {|DCL0024:helper|});

        [Sequential]
        public partial class Pipeline([UseAgent] Researcher researcher, [UseAgent] Writer writer)
        {
            [UseAgent]
            public string {|DCL0024:Note|} { get; } = "";
        }
        """);

    [Fact]
    public async Task DCL0024_message() => Assert.Equal(
        "'helper' is used as an agent, but its type Helper is not an [Agent] class",
        (await SingleAsync("DCL0024", Team + """
            public sealed class Helper;

            [Agent("You manage.")]
            public partial class Editor([UseAgent] Helper helper);
            """)).GetMessage());

    [Fact]
    public Task DCL0025_a_stage_that_cannot_take_the_previous_answer() => VerifyAsync(Team + """
        [Sequential]
        public partial class Pipeline([UseAgent] Researcher researcher, [UseAgent] Writer writer, [UseAgent] Designer {|DCL0025:designer|});
        """);

    [Theory]
    [InlineData("[UseAgent] Researcher a, [UseAgent] Writer b, [UseAgent] Designer c",
        "stage 'Designer' cannot take what stage 'Writer' hands on: Draft and Layout differ at '$.images[*].width': integer in Draft, string in Layout")]
    [InlineData("[UseAgent] Triage a, [UseAgent] Researcher b",
        "stage 'Researcher' cannot take what stage 'Triage' hands on: string and Brief differ at '$': text in string, object in Brief")]
    public async Task DCL0025_message(string members, string expected)
    {
        var message = (await SingleAsync("DCL0025", Team + "[Sequential] public partial class Pipeline(" + members + ");")).GetMessage();

        Assert.Equal(expected, message);
    }

    [Fact]
    public Task DCL0026_a_branch_a_join_and_a_missing_join() => VerifyAsync(Team + """
        [Parallel]
        public partial class Gather([UseAgent] Researcher researcher, [UseAgent] Writer {|DCL0026:writer|})
        {
            [Join]
            public Draft {|DCL0026:Join|}(Notes notes) => new(notes.Product, []);
        }

        [{|DCL0026:Parallel|}]
        public partial class NoJoin([UseAgent] Researcher researcher, [UseAgent("other")] Researcher other);
        """);

    [Fact]
    public async Task DCL0026_messages()
    {
        var diagnostics = await AnalyzeAsync(Team + """
            [Parallel]
            public partial class Gather([UseAgent] Researcher researcher, [UseAgent] Writer writer)
            {
                [Join]
                public Draft Join(Notes notes) => new(notes.Product, []);
            }
            """);

        Assert.Equal(
            [
                "branch 'Writer' cannot take the composition's input: Brief and Notes differ at '$.facts': Notes requires it, Brief does not have it",
                "the [Join] method must take 2 parameters, one per branch in order (Notes, Draft), and return the result",
            ],
            diagnostics.Where(d => d.Id == "DCL0026").Select(d => d.GetMessage()).ToList());
    }

    [Fact]
    public Task DCL0027_an_unknown_hand_off_target_at_its_name() => VerifyAsync(Team + """
        [HandOff]
        public partial class Support([UseAgent(HandOffTo = ["OrdersAgent", {|DCL0027:"Refunds"|}])] Triage triage, [UseAgent] OrdersAgent orders);
        """);

    [Fact]
    public async Task DCL0027_message() => Assert.Equal(
        "'Triage' hands off to 'Refunds', which is not a participant of Support",
        (await SingleAsync("DCL0027", Team + """
            [HandOff]
            public partial class Support([UseAgent(HandOffTo = ["Refunds"])] Triage triage, [UseAgent] OrdersAgent orders);
            """)).GetMessage());

    [Fact]
    public Task DCL0028_a_participant_that_cannot_finish() => VerifyAsync(Team + """
        [HandOff(OutputType = typeof(Notes))]
        public partial class Desk([UseAgent(HandOffTo = ["Writer"])] Researcher researcher, [UseAgent] Writer {|DCL0028:writer|});
        """);

    [Fact]
    public async Task DCL0028_message() => Assert.Equal(
        "'Triage' can neither finish Desk (it does not answer with Notes) nor hand off to a participant that can",
        (await SingleAsync("DCL0028", Team + """
            [HandOff(OutputType = typeof(Notes))]
            public partial class Desk([UseAgent] Triage triage, [UseAgent] Researcher researcher);
            """)).GetMessage());

    [Fact]
    public Task DCL0029_a_cycle_without_a_limit_on_the_attribute() => VerifyAsync(Team + """
        [{|DCL0029:HandOff|}]
        public partial class Support([UseAgent(HandOffTo = ["OrdersAgent"])] Triage triage, [UseAgent(HandOffTo = ["Triage"])] OrdersAgent orders);

        [HandOff(MaxHandOffs = 3)]
        public partial class Limited([UseAgent(HandOffTo = ["OrdersAgent"])] Triage triage, [UseAgent(HandOffTo = ["Triage"])] OrdersAgent orders);
        """);

    [Fact]
    public async Task DCL0029_message() => Assert.Equal(
        "the hand-offs of Support form a cycle (Triage -> OrdersAgent -> Triage) and MaxHandOffs is not set",
        (await SingleAsync("DCL0029", Team + """
            [HandOff]
            public partial class Support([UseAgent(HandOffTo = ["OrdersAgent"])] Triage triage, [UseAgent(HandOffTo = ["Triage"])] OrdersAgent orders);
            """)).GetMessage());

    [Fact]
    public Task DCL0030_duplicate_names_and_a_clashing_tool() => VerifyAsync(Team + """
        [Agent("You manage.")]
        public partial class Editor([UseAgent] Triage triage, [UseAgent] Triage {|DCL0030:again|})
        {
            [UseAgent]
            public OrdersAgent {|DCL0030:Orders|} { get; } = new();

            [Tool(Description = "Clashes.")]
            public string OrdersAgent([Description("Why.")] string why) => why;
        }

        [Sequential]
        public partial class Twice([UseAgent] Triage triage, [UseAgent("Triage")] OrdersAgent {|DCL0030:second|});
        """);

    [Fact]
    public async Task DCL0030_messages()
    {
        var diagnostics = await AnalyzeAsync(Team + """
            [Agent("You manage.")]
            public partial class Editor([UseAgent] Triage triage, [UseAgent] Triage again, [UseAgent("lookup")] OrdersAgent orders)
            {
                [Tool(Description = "Looks up.")]
                public string Lookup([Description("What.")] string what) => what;
            }
            """);

        Assert.Equal(
            ["two agents of Editor are named 'Triage'", "the specialist tool 'lookup' of Editor clashes with another tool of that name"],
            diagnostics.Where(d => d.Id == "DCL0030").Select(d => d.GetMessage()).ToList());
    }

    [Fact]
    public Task DCL0031_too_few_participants_selectors_finishers_and_templates() => VerifyAsync(Team + """
        [{|DCL0031:Sequential|}]
        public partial class Alone([UseAgent] Researcher researcher);

        [{|DCL0031:GroupChat(Selection = SpeakerSelection.Code)|}]
        public partial class NoSelector([UseAgent] Triage triage, [UseAgent] OrdersAgent orders);

        [GroupChat(OutputType = typeof(Notes))]
        public partial class Chat([UseAgent] Triage triage, [UseAgent(Finishes = true)] OrdersAgent {|DCL0031:orders|})
        {
            [SpeakerSelector]
            public string? {|DCL0031:Next|}(GroupChatState state) => null;
        }

        [GroupChat(Selection = SpeakerSelection.Code)]
        public partial class WrongSelector([UseAgent] Triage triage, [UseAgent] OrdersAgent orders)
        {
            [Critic]
            private readonly Judge _judge = new();

            [SpeakerSelector]
            public int {|DCL0031:Next|}(GroupChatState state) => 0;
        }

        [Agent("You explain.", InputType = typeof(Brief))]
        public partial class Explainer
        {
            [InputTemplate]
            public string {|DCL0031:Render|}(Notes notes) => notes.Product;
        }

        [Agent("You explain.")]
        public partial class Untyped
        {
            [InputTemplate]
            public string {|DCL0031:Render|}(Brief brief) => brief.Product;
        }
        """);

    [Fact]
    public Task DCL0031_an_agent_using_itself_through_a_chain() => VerifyAsync(Team + """
        [Agent("You write.")]
        public partial class Author([UseAgent] Reviewer {|DCL0031:reviewer|});

        [Agent("You review.")]
        public partial class Reviewer([UseAgent] Author {|DCL0031:author|});

        [Agent("You recurse.")]
        public partial class Self
        {
            [UseAgent("me")]
            public Self? {|DCL0031:Me|} { get; set; }
        }
        """);

    [Fact]
    public async Task DCL0031_messages()
    {
        var diagnostics = await AnalyzeAsync(Team + """
            [Sequential]
            public partial class Alone([UseAgent] Researcher researcher);

            [Agent("You write.")]
            public partial class Author([UseAgent] Reviewer reviewer);

            [Agent("You review.")]
            public partial class Reviewer([UseAgent] Author author);

            [Agent("You explain.", InputType = typeof(Brief))]
            public partial class Explainer
            {
                [InputTemplate]
                public string Render(Notes notes) => notes.Product;
            }
            """);

        Assert.Equal(
            [
                "'Author' uses itself through [UseAgent] (Author -> Reviewer -> Author), which would never end",
                "'Reviewer' uses itself through [UseAgent] (Reviewer -> Author -> Reviewer), which would never end",
                "Alone has 1 participant; a sequential composition needs at least 2 [UseAgent] members",
                "the [InputTemplate] method 'Render' of Explainer must take one parameter of type Brief and return string",
            ],
            diagnostics.Where(d => d.Id == "DCL0031").Select(d => d.GetMessage()).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public Task DCL0031_an_input_type_that_cannot_be_described_on_its_argument() => VerifyAsync(Team + """
        public sealed record Handle(IntPtr Pointer);

        [Agent("You handle.", {|DCL0031:InputType = typeof(Handle)|})]
        public partial class Handler;
        """);

    [Fact]
    public Task A_tool_guardrail_may_guard_a_specialist_tool() => VerifyAsync(Team + """
        [Agent("You manage.")]
        public partial class Editor([UseAgent] Researcher researcher)
        {
            [ToolGuardrail("researcher")]
            public Declarative.Guardrails.GuardrailResult Limit(Declarative.Guardrails.ToolCallContext call) => Declarative.Guardrails.GuardrailResult.Pass();
        }
        """);

    [Fact]
    public Task DCL0031_a_composition_class_that_is_not_partial() => VerifyAsync(Team + """
        [Sequential]
        public class {|DCL0031:Pipeline|}([UseAgent] Researcher researcher, [UseAgent] Writer writer);
        """);

    /// <summary>The rule the runtime copies for a specialist's tool name (and, after <c>transfer_to_</c>, a hand-off's).</summary>
    [Theory]
    [InlineData("Researcher", "researcher")]
    [InlineData("OrdersAgent", "orders_agent")]
    [InlineData("HTTPFetcher", "http_fetcher")]
    [InlineData("Writer2", "writer2")]
    [InlineData("QAReviewer", "qa_reviewer")]
    [InlineData("product_owner", "product_owner")]
    [InlineData("SummarizeAsync", "summarize")]
    public void A_specialist_s_tool_name_is_snake_case_of_its_agent_name(string agentName, string toolName)
        => Assert.Equal(toolName, Declarative.Generators.Parsing.Naming.ToolName(agentName));
}
