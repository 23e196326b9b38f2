using System.Text.Encodings.Web;
using System.Text.Json;
using Declarative;
using Microsoft.Extensions.AI;
using RetailStore;

// The customer-service example. By default: the CustomerServiceAgent answers two customers, on a recorded
// script of a model's decisions (or a real model when OPENAI_API_KEY / OPENAI_BASE_URL is set), with the
// tools running for real. The subcommands show the tool set on its own, with no model in the loop: what
// the generator produced (schemas) and how dispatch behaves (results and path-addressed errors). The plan
// subcommands show the planning pattern: the model writes a whole plan over the tools, which is validated
// and run as a graph (plan), and a wide plan run by PlanExecutor alone, its steps overlapping (plan-wide).

Console.OutputEncoding = System.Text.Encoding.UTF8;
IToolSet tools = new Store(Catalog.CreateSample());

return args switch
{
    ["agent", .. var options] => await RunAgentAsync(options),
    ["plan", .. var options] => DemoOptions.Parse(options, Console.Error) is { } planOptions ? await PlanDemo.RunAsync(planOptions) : Usage(Console.Error, 2),
    ["plan-wide", .. var options] => await WidePlanDemo.RunAsync(options),
    ["plan-check", "-"] => PlanDemo.Check(Console.In.ReadToEnd()),
    ["plan-check", var json] => PlanDemo.Check(json),
    _ when args is [] || (args[0].StartsWith("--", StringComparison.Ordinal) && args[0] != "--help") => await RunAgentAsync(args),
    ["tools-demo"] => await DemoAsync(tools),
    ["schemas"] => PrintSchemas(tools, tools.Tools),
    ["schemas", var name] => tools.FindTool(name) is { } tool ? PrintSchemas(tools, [tool]) : UnknownTool(tools, name),
    ["invoke", var name] => await InvokeAsync(tools, name, "{}"),
    ["invoke", var name, "-"] => await InvokeAsync(tools, name, Console.In.ReadToEnd()),
    ["invoke", var name, var json] => await InvokeAsync(tools, name, json),
    ["help" or "-h" or "--help"] => Usage(Console.Out, 0),
    _ => Usage(Console.Error, 2),
};

static async Task<int> RunAgentAsync(string[] args)
    => DemoOptions.Parse(args, Console.Error) is { } options ? await AgentDemo.RunAsync(options) : Usage(Console.Error, 2);

static async Task<int> DemoAsync(IToolSet tools)
{
    Console.WriteLine($"RetailStore: {tools.Tools.Count} tools, generated at compile time from the [Tool] methods of Store.");
    foreach (var tool in tools.Tools)
    {
        Console.WriteLine($"  {tool.Name,-24} {Flags(tool),-20} {FirstSentence(tool.Description)}");
    }

    Heading("What a model is told about get_item_price");
    Console.WriteLine();
    PrintSchemas(tools, [tools.FindTool("get_item_price")!]);

    Heading("Calls, as a model would make them (tool name + JSON arguments)");
    await ShowAsync(tools, "get_item_descriptions", """{"shape":"aviator","limit":2}""");
    await ShowAsync(tools, "get_item_price", """{"itemIds":["SG-001","SG-007"]}""");
    await ShowAsync(tools, "check_inventory", """{"itemIds":["SG-008"]}""");

    Heading("A call the generated reader refuses: every problem, each with its JSON path");
    await ShowAsync(tools, "process_return", """{"orderId":"1001","itemId":"SG-008","quantity":"two","reson":"too small"}""");

    Heading("process_return requires approval; a person approves this one");
    await ShowAsync(tools, "process_return", """{"orderId":"ORD-1001","itemId":"SG-008","quantity":1,"reason":"Too small for my son"}""");
    await ShowAsync(tools, "check_inventory", """{"itemIds":["SG-008"]}""");

    Heading("A tool that throws becomes an error result too");
    await ShowAsync(tools, "get_item_price", """{"itemIds":["SG-999"]}""");

    Heading("The same tools as Microsoft.Extensions.AI functions, for any IChatClient");
    var function = tools.AsAIFunctions().Single(f => f.Name == "check_inventory");
    var arguments = new AIFunctionArguments { ["itemIds"] = JsonElement.Parse("""["SG-005","SG-006"]""") };
    var value = await function.InvokeAsync(arguments);
    Console.WriteLine();
    Console.WriteLine($"AIFunction {function.Name}(itemIds: [\"SG-005\",\"SG-006\"]) -> {value}");

    Console.WriteLine();
    Console.WriteLine("Try: dotnet run --project samples/RetailStore                 (the agent)");
    Console.WriteLine("     dotnet run --project samples/RetailStore -- schemas");
    Console.WriteLine("     dotnet run --project samples/RetailStore -- invoke get_item_descriptions '{\"query\":\"gold\"}'");
    return 0;
}

static async Task ShowAsync(IToolSet tools, string name, string json)
{
    Console.WriteLine();
    Console.WriteLine($"> {name} {json}");
    var result = await tools.InvokeAsync(name, json);
    Console.WriteLine(result.IsError ? Indent(result.ToString(), "  ! ") : Indent(Pretty(result.Value), "  "));
}

static int PrintSchemas(IToolSet tools, IReadOnlyList<ToolDescriptor> selected)
{
    foreach (var tool in selected)
    {
        Console.WriteLine($"{tool.Name}  {Flags(tool)}");
        Console.WriteLine(Indent(tool.Description, "  "));
        Console.WriteLine("  parameters:");
        Console.WriteLine(Indent(Pretty(tool.ParametersSchema), "    "));
        Console.WriteLine("  returns:");
        Console.WriteLine(Indent(tool.ReturnSchema is { } schema ? Pretty(schema) : "(nothing)", "    "));
        Console.WriteLine();
    }
    return 0;
}

static async Task<int> InvokeAsync(IToolSet tools, string name, string json)
{
    if (tools.FindTool(name) is { RequiresApproval: true })
    {
        Console.Error.WriteLine($"({name} requires approval; invoking it by hand counts as approving it.)");
    }
    var result = await tools.InvokeAsync(name, json);
    if (result.IsError)
    {
        Console.Error.WriteLine(result.ToString());
        return 1;
    }
    Console.WriteLine(Pretty(result.Value));
    return 0;
}

static int UnknownTool(IToolSet tools, string name)
{
    Console.Error.WriteLine($"No tool '{name}'. Tools: {string.Join(", ", tools.Tools.Select(t => t.Name))}");
    return 2;
}

static int Usage(TextWriter writer, int exitCode)
{
    writer.WriteLine("""
        Usage: RetailStore [agent] [--offline|--live] [--approve ask|yes|no]
                   the customer-service agent on two conversations. Offline (the default unless OPENAI_API_KEY
                   or OPENAI_BASE_URL is set) the model's decisions come from a recorded script; --live uses
                   the endpoint from OPENAI_API_KEY, OPENAI_BASE_URL and OPENAI_MODEL. Returns need approval:
                   --approve ask prompts y/n (the default at a terminal), yes/no decide without asking (yes is
                   the default when input is redirected or CI is set).
               RetailStore plan [--offline|--live] [--approve ask|yes|no]
                   plan-and-execute: the model writes one plan for "which round sunglasses are in stock, and what do
                   they cost?" (find -> stock -> price, later steps taking values from earlier results); it is
                   validated, run as a graph by PlanRunner, and the model composes the answer. Offline and live as above.
               RetailStore plan-wide [--latency <ms>] [--parallelism <n>]
                   a wide plan run by PlanExecutor with no model: 8 independent warehouse lookups (200 ms each by
                   default) in parallel, then one step over all their results; prints each step's timing.
               RetailStore plan-check '<json>'       validate a plan against the shop's tools ('-' reads it from stdin)
               RetailStore tools-demo                schemas, calls and errors of the tools, no model involved
               RetailStore schemas [tool]            every tool's flags and parameter/return schemas
               RetailStore invoke <tool> '<json>'    call a tool with JSON arguments ('-' reads them from stdin)
        """);
    return exitCode;
}

static string Flags(ToolDescriptor tool) => (tool.ReadOnly, tool.RequiresApproval) switch
{
    (true, true) => "[read-only, approval]",
    (true, false) => "[read-only]",
    (false, true) => "[needs approval]",
    _ => "",
};

static string FirstSentence(string text)
{
    var end = text.IndexOf(". ", StringComparison.Ordinal);
    return end < 0 ? text : text[..(end + 1)];
}

static string Pretty(JsonElement? element)
{
    if (element is not { } value)
    {
        return "null";
    }
    using var stream = new MemoryStream();
    using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
    {
        value.WriteTo(writer);
    }
    return System.Text.Encoding.UTF8.GetString(stream.ToArray());
}

static string Indent(string text, string prefix) => prefix + text.ReplaceLineEndings("\n" + prefix);

static void Heading(string title)
{
    Console.WriteLine();
    Console.WriteLine("== " + title + " ==");
}
