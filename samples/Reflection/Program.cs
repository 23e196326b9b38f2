using Declarative.OpenAI;
using Microsoft.Extensions.AI;
using ReflectionSample;
using ReflectionSample.Brochures;
using ReflectionSample.Coding;

// The reflection pattern with external feedback, in two samples: a brochure writer checked by code and judged by a
// critic's rubric (with guardrails), and a code writer whose check compiles its C# and runs tests in a child process.
// Offline (the default unless OPENAI_API_KEY / OPENAI_BASE_URL is set) the model's answers come from a recording and
// the run checks itself: it exits non-zero unless the rounds and the final status are the recorded ones.

Console.OutputEncoding = System.Text.Encoding.UTF8;

if (args is [SnippetHost.Flag])
{
    return SnippetHost.Run();   // the child process of the code check: runs one compiled snippet's tests
}

if (args is not [("brochure" or "code") and var mode, .. var flags] || flags.Any(f => f is not ("--offline" or "--live")))
{
    Console.Error.WriteLine("""
        Usage: Reflection brochure [--offline|--live]   the brochure writer: code checks, a critic's rubric, guardrails
               Reflection code [--offline|--live]       the code writer: its C# compiled and tested in a child process
        Offline (the default without OPENAI_API_KEY or OPENAI_BASE_URL) replays a recording and checks the outcome;
        --live uses the endpoint from OPENAI_API_KEY, OPENAI_BASE_URL and OPENAI_MODEL.
        """);
    return 2;
}

var live = flags.Contains("--live")
    || (!flags.Contains("--offline")
        && (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_API_KEY")) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_BASE_URL"))));

IChatClient model;
if (live)
{
    try
    {
        var client = OpenAIChatClient.FromEnvironment();
        Console.WriteLine($"model: {client.DefaultModel ?? "(OPENAI_MODEL not set: the server's default)"} at {client.BaseUrl} (live)");
        model = client;
    }
    catch (InvalidOperationException ex)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine("Run with --offline to use the recording instead.");
        return 2;
    }
}
else
{
    var recording = Recordings.Load(mode == "brochure" ? "brochure-spring-sale" : "code-roman-numerals");
    Console.WriteLine($"model: recorded answers of {recording.ModelId} (offline; set OPENAI_API_KEY or OPENAI_BASE_URL for a real model)");
    model = recording;
}

return mode == "brochure" ? await BrochureDemo.RunAsync(model, live) : await CodeDemo.RunAsync(model, live);
