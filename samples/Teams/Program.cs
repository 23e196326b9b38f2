using Declarative.OpenAI;
using TeamsSample;

// Three teams of agents with typed interfaces, checked at build time: a brochure team (as a pipeline and under an
// editor), a customer-service desk with hand-offs, and a software team in a group chat whose tester runs the tests.
// Offline (the default unless OPENAI_API_KEY / OPENAI_BASE_URL is set) every agent's answers come from its own
// recording and the run checks itself: it exits non-zero unless what happened is what was recorded.

Console.OutputEncoding = System.Text.Encoding.UTF8;

if (args is [ReflectionSample.Coding.SnippetHost.Flag])
{
    return ReflectionSample.Coding.SnippetHost.Run();   // the child process of the tester's tool
}

if (args is not [("brochure" or "support" or "software") and var mode, .. var flags] || flags.Any(f => f is not ("--offline" or "--live")))
{
    Console.Error.WriteLine("""
        Usage: Teams brochure [--offline|--live]   researcher, designer and writer: a pipeline, then under an editor
               Teams support [--offline|--live]    triage handing off to the orders or the returns desk
               Teams software [--offline|--live]   owner, programmer, reviewer and tester in a group chat
        Offline (the default without OPENAI_API_KEY or OPENAI_BASE_URL) replays recordings and checks the outcome;
        --live uses the endpoint from OPENAI_API_KEY, OPENAI_BASE_URL and OPENAI_MODEL.
        """);
    return 2;
}

var live = flags.Contains("--live")
    || (!flags.Contains("--offline")
        && (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_API_KEY")) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_BASE_URL"))));

Microsoft.Extensions.AI.IChatClient? endpoint = null;
if (live)
{
    try
    {
        var client = OpenAIChatClient.FromEnvironment();
        Console.WriteLine($"model: {client.DefaultModel ?? "(OPENAI_MODEL not set: the server's default)"} at {client.BaseUrl} (live)");
        endpoint = client;
    }
    catch (InvalidOperationException ex)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine("Run with --offline to use the recordings instead.");
        return 2;
    }
}
else
{
    Console.WriteLine("model: recorded answers, one recording per agent (offline; set OPENAI_API_KEY or OPENAI_BASE_URL for a real model)");
}

return mode switch
{
    "brochure" => await TeamsSample.Brochures.BrochureTeamDemo.RunAsync(endpoint),
    "support" => await TeamsSample.Support.SupportDemo.RunAsync(endpoint),
    _ => await TeamsSample.Software.SoftwareDemo.RunAsync(endpoint),
};
