using Declarative;
using Declarative.Reflection;
using Microsoft.Extensions.AI;

namespace ReflectionSample.Brochures;

/// <summary>
/// The brochure writer in the reflection loop: draft, three code checks, the critic's rubric, revise. Offline, on
/// the recording, it must take exactly two rounds (a failing draft with its feedback, then the accepted one); then a
/// brief carrying customer data must trip the input guardrail before any model call. Exits non-zero otherwise.
/// </summary>
internal static class BrochureDemo
{
    private const string Task = "Write the brochure for our spring sale. The offer: ";

    public static async Task<int> RunAsync(IChatClient model, bool live)
    {
        var offer = Offer.SpringSale;
        var writer = new BrochureWriter(offer, new BrochureCritic());
        var options = new ReflectionOptions
        {
            MaxRounds = 3,
            Run = new AgentRunOptions { Prices = Report.Prices, Temperature = live ? 0.2f : null, RunTimeout = live ? TimeSpan.FromMinutes(2) : null },
        };
        var runner = new ReflectionRunner(model, options);

        Report.Heading("1/2  the spring-sale brochure");
        Console.WriteLine($"checks: {string.Join(", ", ((IReflectiveAgent<Brochure>)writer).Checks.Select(c => c.Name))}; critic: {((IReflectiveAgent<Brochure>)writer).Critic?.Descriptor.Name}");
        Console.WriteLine($"guardrails: {string.Join(", ", ((Declarative.Guardrails.IGuardedAgent)writer).Guardrails.Select(g => $"{g.Name} ({g.Kind.ToString().ToLowerInvariant()})"))}");
        var result = await runner.RunAsync(writer, Task + offer.Description);
        Report.PrintRounds(result, Show);
        Report.Heading($"result: {result.Status}{(result.Reason is null ? "" : " — " + result.Reason)}");
        Report.PrintTrace(result.Trace);

        Report.Heading("2/2  a brief carrying customer data (the input guardrail)");
        var leaky = Task + offer.Description + " Send it to ana.lima@example.com and +44 20 7946 0958.";
        Console.WriteLine("user: ..." + leaky[^60..]);
        var requestsBefore = (model as Declarative.Testing.ScriptedChatClient)?.Requests.Count;
        var refused = await runner.RunAsync(new BrochureWriter(offer, new BrochureCritic()), leaky);
        Console.WriteLine($"result: {refused.Status} — {refused.Reason}");
        Report.PrintTrace(refused.Trace);

        var problems = new List<string>();
        if (live)
        {
            // A real model may need another round, or fail; the guardrail's refusal is the same for any model.
            if (!result.IsAccepted)
            {
                problems.Add($"the live run ended {result.Status}: {result.Reason}");
            }
            CheckRefusal(refused, problems);
            return Report.SelfCheck($"live: accepted after {result.Rounds.Count} round(s); the leaky brief was refused before any model call", problems);
        }

        var recording = (Declarative.Testing.ScriptedChatClient)model;
        Expect(problems, result.Status == ReflectionStatus.Accepted, $"expected Accepted, got {result.Status}: {result.Reason}");
        Expect(problems, result.Rounds.Count == 2, $"expected 2 rounds, got {result.Rounds.Count}");
        if (result.Rounds.Count == 2)
        {
            var (first, second) = (result.Rounds[0], result.Rounds[1]);
            Expect(problems, !first.Accepted, "round 1 was accepted");
            var failed = first.Checks.Where(c => !c.Result.IsPassed).Select(c => c.Name).ToList();
            Expect(problems, failed.SequenceEqual(["within_length_limits", "required_facts_present", "no_forbidden_claims"]),
                "round 1 should fail all three checks, failed: " + string.Join(", ", failed));
            var paths = first.Checks.SelectMany(c => c.Result.Findings).Select(f => f.Path).ToHashSet();
            Expect(problems, paths.SetEquals(["$.headline", "$.sections[0].body", "$.sections[1].body"]),
                "round 1's findings should point at the headline and the first two sections, got " + string.Join(", ", paths));
            Expect(problems, first.Verdict?.Items.Where(i => !i.Passed).Select(i => i.Criterion).SequenceEqual(["speaks to the reader", "clear call to action", "no hype"]) == true,
                "round 1's critic should fail three criteria");
            var feedback = first.Feedback ?? "";
            foreach (var must in new[] { "within_length_limits", "$.headline", "\"SPRING20\"", "\"30 April\"", "$.sections[1].body", "forbidden claim \"cataract\"", "clear call to action" })
            {
                Expect(problems, feedback.Contains(must, StringComparison.Ordinal), $"round 1's feedback does not mention {must}");
            }
            // The feedback really went back to the writer: it is the last message of the writer's second request.
            Expect(problems, recording.Requests.Count >= 3 && recording.Requests[2].Messages[^1].Text == first.Feedback,
                "the writer's round-2 request did not end with round 1's feedback");
            Expect(problems, second.Accepted && second.Feedback is null && second.Checks.All(c => c.Result.IsPassed) && second.Verdict?.AllPassed == true,
                "round 2 should pass every check and criterion");
            Expect(problems, ReferenceEquals(result.Value, second.Candidate) && result.Value is { } value && offer.RequiredFacts.All(f => (value.Headline + value.CallToAction + string.Concat(value.Sections.Select(s => s.Body))).Contains(f, StringComparison.Ordinal)),
                "the accepted value is not round 2's brochure with every required fact");
        }
        Expect(problems, result.Trace.ModelCalls.Count() == 4 && recording.RemainingSteps == 0 && requestsBefore == 4,
            $"expected the 4 recorded answers used by 4 model calls, got {result.Trace.ModelCalls.Count()} calls and {recording.RemainingSteps} unused");
        var guards = result.Trace.Steps.OfType<GuardrailStep>().ToList();
        Expect(problems, guards.Count(g => g.Name == "no_customer_data") == 2 && guards.Count(g => g.Name == "only_our_website") == 2 && guards.All(g => !g.Tripped),
            "each round should pass both guardrails once");
        Expect(problems, result.Trace.Steps.OfType<CheckStep>().Count() == 6, "expected 6 check steps (3 checks x 2 rounds)");
        CheckRefusal(refused, problems);
        Expect(problems, recording.Requests.Count == 4, "the refused brief reached the model");
        return Report.SelfCheck("2 rounds: a draft failing 3 checks and 3 criteria, its feedback sent back, the revision accepted; the leaky brief refused before any model call", problems);
    }

    private static void CheckRefusal(ReflectionResult<Brochure> refused, List<string> problems)
    {
        Expect(problems, refused.Status == ReflectionStatus.ProducerFailed
            && refused.Reason?.Contains("guardrail 'no_customer_data' tripped on the input", StringComparison.Ordinal) == true,
            $"the leaky brief should end ProducerFailed by the no_customer_data guardrail, got {refused.Status}: {refused.Reason}");
        Expect(problems, !refused.Trace.ModelCalls.Any() && refused.Rounds.Count == 0, "the leaky brief should make no model call and keep no round");
        Expect(problems, refused.Trace.Steps.OfType<GuardrailStep>().SingleOrDefault() is { Tripped: true, Name: "no_customer_data" }, "the trace should hold the one tripped guardrail");
    }

    private static void Show(Brochure brochure)
    {
        Console.WriteLine($"  # {brochure.Headline}");
        foreach (var section in brochure.Sections)
        {
            Console.WriteLine($"  ## {section.Title}");
            Console.WriteLine($"     {section.Body}");
        }
        Console.WriteLine($"  > {brochure.CallToAction}");
    }

    private static void Expect(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
