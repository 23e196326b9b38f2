// One file on purpose (about 700 lines): the package consumer is a single program a user could have written,
// checking the restored package case by case; its cases read top to bottom as the list of what the package promises.
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Consumer;
using Declarative;
using Microsoft.Extensions.AI;

// Checks the Declarative package the way a user gets it: restored from a .nupkg, generator and all.
// The reference for schemas and results is Microsoft.Extensions.AI's AIJsonUtilities/AIFunctionFactory.

if (args is ["--case", var isolatedCase])
{
    return await Isolated.RunAsync(isolatedCase);
}

var checks = new Checks();
var kinds = new Kinds();
var sets = new List<ToolSetUnderTest>
{
    new("Kinds", kinds, typeof(Kinds), new Kinds()),
    new("MathTools", MathTools.ToolSet, typeof(MathTools), null),
    new("ArrayShapes", new ArrayShapes(), typeof(ArrayShapes), new ArrayShapes()),
};

Checks.Section("The package");
PackageChecks.Run(checks);

Checks.Section("Descriptors and schemas against AIJsonUtilities.CreateFunctionJsonSchema");
foreach (var set in sets)
{
    checks.Run($"{set.Label}: one tool per [Tool] method, in declaration order", () =>
    {
        var expected = set.Methods.Select(m => m.Name).ToList();
        var actual = set.ToolSet.Tools.Select(t => t.Name).ToList();
        return expected.SequenceEqual(actual) ? null : $"expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]";
    });
    foreach (var (name, method, attribute) in set.Methods)
    {
        var tool = set.ToolSet.FindTool(name);
        if (tool is null)
        {
            checks.Run($"{name}: exists", () => "no such tool");
            continue;
        }
        checks.Run($"{name}: description and flags", () =>
        {
            var description = method.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description;
            if (tool.Description != description)
            {
                return $"description '{tool.Description}', expected '{description}'";
            }
            return tool.ReadOnly == attribute.ReadOnly && tool.RequiresApproval == attribute.RequiresApproval
                ? null
                : $"ReadOnly={tool.ReadOnly}, RequiresApproval={tool.RequiresApproval}; expected {attribute.ReadOnly}, {attribute.RequiresApproval}";
        });
        checks.Run($"{name}: parameters schema", () =>
        {
            var reference = AIJsonUtilities.CreateFunctionJsonSchema(method, title: name, description: tool.Description);
            var differences = SchemaCompare.Differences(tool.ParametersSchema, reference);
            if (tool.ParametersSchema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind != JsonValueKind.False)
            {
                differences.Add("the arguments object should say additionalProperties: false");
            }
            return differences.Count == 0 ? null : Explain(differences, tool.ParametersSchema, reference);
        });
        checks.Run($"{name}: return schema", () =>
        {
            var reference = set.Function(name).ReturnJsonSchema;
            if (tool.ReturnSchema is null || reference is null)
            {
                return tool.ReturnSchema is null && reference is null
                    ? null
                    : $"Declarative: {JsonSemantic.Show(tool.ReturnSchema)}; AIFunctionFactory: {JsonSemantic.Show(reference)}";
            }
            var differences = SchemaCompare.Differences(tool.ReturnSchema.Value, reference.Value);
            return differences.Count == 0 ? null : Explain(differences, tool.ReturnSchema.Value, reference.Value);
        });
    }
}

checks.Run("doc comments become descriptions (tool, parameters)", () =>
{
    IToolSet documented = new Documented();
    var tool = documented.FindTool("greet");
    if (tool is null)
    {
        return "no tool 'greet'";
    }
    var properties = tool.ParametersSchema.GetProperty("properties");
    var problems = new List<string>();
    if (tool.Description != "Greets someone by name.")
    {
        problems.Add($"tool description '{tool.Description}'");
    }
    if (!properties.TryGetProperty("name", out var name) || !name.TryGetProperty("description", out var d1) || d1.GetString() != "Who to greet.")
    {
        problems.Add("name: " + JsonSemantic.Show(properties));
    }
    if (!properties.TryGetProperty("times", out var times) || !times.TryGetProperty("description", out var d2) || d2.GetString() != "How many times to say hello.")
    {
        problems.Add("times: " + JsonSemantic.Show(properties));
    }
    return problems.Count == 0 ? null : string.Join("\n", problems);
});

Checks.Section("Valid calls: same result as AIFunctionFactory, directly and through AsAIFunctions()");
const string Times = """{"id":"6F9619FF-8B86-D011-B42D-00C04FC964FF","when":"2024-01-02T03:04:05Z","at":"2024-01-02T03:04:05.123+02:00","day":"2024-02-29","time":"23:59:59.9999999","span":"1.02:03:04.5","link":"https://example.com/a?b=c#d"}""";
const string Collections = """{"numbers":[1,-2,3],"names":["a","b"],"values":[0.5,-1e-3,1e300],"tags":["x","y"],"counts":{"Alpha":1,"beta":2},"palette":{"sky":"deep-blue","Grass":"Green"},"addresses":[{"street":"1 Main St","city":"Oslo"},{"street":"2 High St","city":"Bergen","zip":"5003"}],"grid":[[1,2],[],[3]],"gaps":[1,null,3]}""";
const string Customer = """{"customer":{"name":"Ana","email":"ana@example.com","age":30,"vip":true,"tags":["gold"]},"address":{"street":"1 Main St","city":"Oslo","zip":null},"location":{"x":1,"y":-2},"deposit":{"amount":12.50,"currency":"EUR"}}""";
const string Constrained = """{"quantity":1,"ratio":0.5,"code":"ab","currency":"EUR","email":"a@b.co","site":"https://example.org/x","items":["a"],"pair":[1,2],"lines":[{"sku":"AB-123","quantity":99}]}""";
var valid = new (string Tool, string Json)[]
{
    ("echo_text", """{"text":"héllo \"quoted\" \u2603 <tag> & 'x' +","letter":"x","flag":true}"""),
    ("echo_text", """{"text":"","letter":"\u00e9","flag":false}"""),
    ("echo_integers", """{"i8":-128,"u8":0,"i16":-32768,"u16":0,"i32":-2147483648,"u32":0,"i64":-9223372036854775808,"u64":0}"""),
    ("echo_integers", """{"i8":127,"u8":255,"i16":32767,"u16":65535,"i32":2147483647,"u32":4294967295,"i64":9223372036854775807,"u64":18446744073709551615}"""),
    ("echo_integers", """{"u64":8,"i64":7,"u32":6,"i32":5,"u16":4,"i16":3,"u8":2,"i8":1}"""),
    ("echo_floats", """{"f32":0.1,"f64":0.1,"dec":1.10}"""),
    ("echo_floats", """{"f32":3.4e38,"f64":1.7976931348623157e308,"dec":79228162514264337593543950335}"""),
    ("echo_floats", """{"f32":1,"f64":-2,"dec":-0.0000000001}"""),
    ("echo_floats", """{"f32":1.17549435E-38,"f64":5e-324,"dec":0}"""),
    ("echo_enums", """{"color":"deep-blue","size":"Large","colors":["Red","Green","deep-blue"],"maybe":null}"""),
    ("echo_enums", """{"color":"Red","size":"Small","colors":[],"maybe":"Green"}"""),
    ("echo_enums", """{"color":"Green","size":"Medium","colors":["Red"]}"""),
    ("echo_times", Times),
    ("echo_times", Json.With(Json.With(Times, "when", "\"2024-01-02T03:04:05\""), "at", "\"2024-01-02T03:04:05Z\"")),
    ("echo_times", Json.With(Json.With(Times, "when", "\"2024-01-02T03:04:05.1234567-05:00\""), "span", "\"-00:00:01\"")),
    ("echo_times", Json.With(Json.With(Times, "time", "\"00:00:00\""), "link", "\"urn:isbn:0451450523\"")),
    ("echo_nullables", """{"count":null,"note":null,"id":null,"day":null,"color":null,"address":null}"""),
    ("echo_nullables", """{"count":3,"note":"n","id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","day":"2025-12-31","color":"deep-blue","address":{"street":"s","city":"c"}}"""),
    ("echo_collections", Collections),
    ("echo_collections", """{"numbers":[],"names":[],"values":[],"tags":[],"counts":{},"palette":{},"addresses":[],"grid":[],"gaps":[]}"""),
    ("echo_defaults", "{}"),
    ("echo_defaults", """{"greeting":"yo","times":3,"ratio":2,"loud":true,"color":"Red","suffix":"!"}"""),
    ("register_customer", Customer),
    ("register_customer", """{"customer":{"name":"Bo"},"address":{"street":"s","city":"c"},"location":{"y":5,"x":4},"deposit":{"currency":"NOK","amount":0}}"""),
    ("register_customer", Json.With(Customer, "settings", """{"level":3}""")),
    ("register_customer", Json.With(Customer, "settings", """{"level":-1,"mode":"manual","limits":{"a":1,"B":2}}""")),
    ("echo_arrays", """{"color":"Red","colors":["deep-blue","Green"],"sizes":["Large"],"stops":[{"street":"s","city":"c"}],"row":[1],"grid":[[2,3],[]],"rows":[[4],[5,6]],"aliases":{"x":["y","z"],"w":[]}}"""),
    ("measure_tree", """{"root":{"name":"r"}}"""),
    ("measure_tree", """{"root":{"name":"r","children":[{"name":"a","children":[{"name":"a1"},{"name":"a2","children":[]}]},{"name":"b","children":null}]}}"""),
    ("echo_json", """{"payload":{"a":[1,2.5,"x",null,true,{"b":{}}]},"node":{"k":"v"}}"""),
    ("echo_json", """{"payload":42,"node":null}"""),
    ("echo_json", """{"payload":"text","node":[1,[2,[3]]]}"""),
    ("echo_json", $$"""{"payload":{{Json.Nested("[", "]", 50)}},"node":{{Json.Nested("{\"a\":", "}", 50, "1")}}}"""),
    ("constrained", Constrained),
    ("constrained", """{"quantity":10,"ratio":9.5,"code":"abcdefgh","currency":"XYZ","email":"x@y","site":"ftp://h/","items":["a","b","c"],"pair":[7],"lines":[]}"""),
    ("touch", """{"key":"k1"}"""),
    ("nothing", "{}"),
    ("count", """{"text":"four"}"""),
    ("make_address", """{"street":"s","city":"c"}"""),
    ("wait", """{"milliseconds":1}"""),
    ("add", """{"a":2147483647,"b":2147483647}"""),
    ("average", """{"numbers":[1,2,4]}"""),
};
foreach (var (toolName, json) in valid)
{
    var set = sets.First(s => s.ToolSet.FindTool(toolName) is not null);
    var label = $"{toolName} {Shorten(json)}";
    ToolResult? ours = null;
    await checks.RunAsync($"{label}: succeeds and equals AIFunctionFactory", async () =>
    {
        ours = await set.ToolSet.InvokeAsync(toolName, json);
        if (ours.IsError)
        {
            return Json.Describe(ours);
        }
        var theirs = await Reference(set.Function(toolName), json);
        var difference = JsonSemantic.Difference(ours.Value, theirs);
        return difference is null ? null : $"differs at {difference}\nDeclarative:       {JsonSemantic.Show(ours.Value)}\nAIFunctionFactory: {JsonSemantic.Show(theirs)}";
    });
    await checks.RunAsync($"{label}: AsAIFunctions() agrees", async () =>
    {
        var function = set.ToolSet.AsAIFunctions().Single(f => f.Name == toolName);
        var result = ToElement(await function.InvokeAsync(Arguments(json)));
        var difference = JsonSemantic.Difference(ours?.Value, result);
        return difference is null ? null : $"differs at {difference}: {JsonSemantic.Show(result)}";
    });
}
checks.Run("touch ran once per call, directly and through the adapter (the void tool really runs)",
    () => kinds.Touched.SequenceEqual(["k1", "k1"]) ? null : string.Join(",", kinds.Touched));

Checks.Section("Bad arguments: error results with JSON paths, never exceptions");
const string Text = """{"text":"a","letter":"x","flag":true}""";
const string Integers = """{"i8":1,"u8":2,"i16":3,"u16":4,"i32":5,"u32":6,"i64":7,"u64":8}""";
const string Floats = """{"f32":1.5,"f64":2.5,"dec":3.5}""";
const string Enums = """{"color":"Red","size":"Small","colors":[]}""";
const string Nullables = """{"count":null,"note":null,"id":null,"day":null,"color":null,"address":null}""";
var bad = new List<(string Tool, string Json, string[] Paths)>
{
    ("echo_text", "{}", ["$.text", "$.letter", "$.flag"]),
    ("echo_text", Json.With(Text, "text", "1"), ["$.text"]),
    ("echo_text", Json.With(Text, "text", "null"), ["$.text"]),
    ("echo_text", Json.With(Text, "text", "[\"a\"]"), ["$.text"]),
    ("echo_text", Json.With(Text, "letter", "\"xy\""), ["$.letter"]),
    ("echo_text", Json.With(Text, "letter", "\"\""), ["$.letter"]),
    ("echo_text", Json.With(Text, "flag", "\"true\""), ["$.flag"]),
    ("echo_text", Json.With(Text, "flag", "1"), ["$.flag"]),
    ("echo_text", Json.With(Text, "txet", "\"a\""), ["$.txet"]),
    ("echo_text", """{"text":"a","text":"b","letter":"x","flag":true}""", ["$.text"]),
    ("echo_integers", Json.With(Integers, "i32", "\"5\""), ["$.i32"]),
    ("echo_integers", Json.With(Integers, "i32", "null"), ["$.i32"]),
    ("echo_integers", Json.With(Integers, "i32", "1.5"), ["$.i32"]),
    ("echo_integers", Json.With(Integers, "i32", "2147483648"), ["$.i32"]),
    ("echo_integers", Json.With(Integers, "i8", "-129"), ["$.i8"]),
    ("echo_integers", Json.With(Integers, "u8", "256"), ["$.u8"]),
    ("echo_integers", Json.With(Integers, "u8", "-1"), ["$.u8"]),
    ("echo_integers", Json.With(Integers, "i16", "32768"), ["$.i16"]),
    ("echo_integers", Json.With(Integers, "u16", "-1"), ["$.u16"]),
    ("echo_integers", Json.With(Integers, "u32", "4294967296"), ["$.u32"]),
    ("echo_integers", Json.With(Integers, "i64", "9223372036854775808"), ["$.i64"]),
    ("echo_integers", Json.With(Integers, "u64", "-1"), ["$.u64"]),
    ("echo_integers", Json.With(Integers, "u64", "18446744073709551616"), ["$.u64"]),
    ("echo_integers", """{"i8":"x","u8":-1,"i16":{},"u16":[],"i32":true,"u32":null,"i64":1.5,"u64":"8"}""",
        ["$.i8", "$.u8", "$.i16", "$.u16", "$.i32", "$.u32", "$.i64", "$.u64"]),
    ("echo_floats", Json.With(Floats, "f64", "\"2.5\""), ["$.f64"]),
    ("echo_floats", Json.With(Floats, "dec", "\"3.5\""), ["$.dec"]),
    ("echo_floats", Json.With(Floats, "f32", "true"), ["$.f32"]),
    ("echo_floats", Json.With(Floats, "f64", "null"), ["$.f64"]),
    ("echo_floats", Json.With(Floats, "f32", "1e39"), ["$.f32"]),
    ("echo_floats", Json.With(Floats, "f64", "1e400"), ["$.f64"]),
    ("echo_floats", Json.With(Floats, "dec", "1e30"), ["$.dec"]),
    ("echo_enums", Json.With(Enums, "color", "1"), ["$.color"]),
    ("echo_enums", Json.With(Enums, "color", "\"Blue\""), ["$.color"]),
    ("echo_enums", Json.With(Enums, "color", "\"DeepBlue\""), ["$.color"]),
    ("echo_enums", Json.With(Enums, "size", "3"), ["$.size"]),
    ("echo_enums", Json.With(Enums, "colors", "[\"Red\",5]"), ["$.colors[1]"]),
    ("echo_enums", Json.With(Enums, "colors", "\"Red\""), ["$.colors"]),
    ("echo_enums", Json.With(Enums, "maybe", "7"), ["$.maybe"]),
    ("echo_times", Json.With(Times, "id", "\"not-a-guid\""), ["$.id"]),
    ("echo_times", Json.With(Times, "when", "\"yesterday\""), ["$.when"]),
    ("echo_times", Json.With(Times, "at", "5"), ["$.at"]),
    ("echo_times", Json.With(Times, "day", "\"2024-02-30\""), ["$.day"]),
    ("echo_times", Json.With(Times, "time", "\"25:00:00\""), ["$.time"]),
    ("echo_times", Json.With(Times, "span", "\"forever\""), ["$.span"]),
    ("echo_times", Json.With(Times, "link", "\"relative/path\""), ["$.link"]),
    ("echo_nullables", Json.Without(Nullables, "count"), ["$.count"]),
    ("echo_nullables", Json.With(Nullables, "count", "\"3\""), ["$.count"]),
    ("echo_nullables", Json.With(Nullables, "address", "{\"street\":1}"), ["$.address.street", "$.address.city"]),
    ("echo_collections", Json.With(Collections, "numbers", "[1,\"2\"]"), ["$.numbers[1]"]),
    ("echo_collections", Json.With(Collections, "numbers", "{}"), ["$.numbers"]),
    ("echo_collections", Json.With(Collections, "names", "null"), ["$.names"]),
    ("echo_collections", Json.With(Collections, "names", "[null]"), ["$.names[0]"]),
    ("echo_collections", Json.With(Collections, "counts", "{\"a\":\"x\"}"), ["$.counts.a"]),
    ("echo_collections", Json.With(Collections, "counts", "{\"a b\":1.5}"), ["$.counts['a b']"]),
    ("echo_collections", Json.With(Collections, "palette", "{\"k\":\"purple\"}"), ["$.palette.k"]),
    ("echo_collections", Json.With(Collections, "addresses", "[{\"street\":\"s\"}]"), ["$.addresses[0].city"]),
    ("echo_collections", Json.With(Collections, "addresses", "[null]"), ["$.addresses[0]"]),
    ("echo_collections", Json.With(Collections, "grid", "[[1],[2,\"x\"]]"), ["$.grid[1][1]"]),
    ("register_customer", Json.With(Customer, "customer", "{}"), ["$.customer.name"]),
    ("register_customer", Json.With(Customer, "customer", "{\"name\":\"A\",\"secret\":\"x\"}"), ["$.customer.secret"]),
    ("register_customer", Json.With(Customer, "customer", "{\"name\":\"A\",\"isVip\":true}"), ["$.customer.isVip"]),
    ("register_customer", Json.With(Customer, "customer", "{\"name\":\"A\",\"age\":200}"), ["$.customer.age"]),
    ("register_customer", Json.With(Customer, "address", "{\"street\":\"s\",\"city\":\"c\",\"country\":\"x\"}"), ["$.address.country"]),
    ("register_customer", Json.With(Customer, "address", "{\"street\":\"s\"}"), ["$.address.city"]),
    ("register_customer", Json.With(Customer, "location", "{\"x\":\"1\",\"y\":2}"), ["$.location.x"]),
    ("register_customer", Json.With(Customer, "deposit", "{\"amount\":\"5\",\"currency\":\"EUR\"}"), ["$.deposit.amount"]),
    ("register_customer", Json.With(Customer, "settings", "{\"mode\":\"x\"}"), ["$.settings.level"]),
    ("register_customer", Json.With(Customer, "settings", "{\"level\":1,\"limits\":{\"a\":null}}"), ["$.settings.limits.a"]),
    ("echo_collections", Json.With(Collections, "gaps", "[1,\"x\"]"), ["$.gaps[1]"]),
    ("echo_arrays", """{"color":"Red","colors":[1],"sizes":["large"],"stops":[{}],"row":[],"grid":[[1],["a"]],"rows":[[true]],"aliases":{"x":[1]}}""",
        ["$.colors[0]", "$.sizes[0]", "$.stops[0].street", "$.grid[1][0]", "$.rows[0][0]", "$.aliases.x[0]"]),
    ("measure_tree", """{"root":{"name":"a","children":[{"name":"b","children":[{"nmae":"c"}]}]}}""", ["$.root.children[0].children[0].nmae"]),
    ("measure_tree", """{"root":{"name":"a","children":[null]}}""", ["$.root.children[0]"]),
    ("constrained", Json.With(Constrained, "quantity", "0"), ["$.quantity"]),
    ("constrained", Json.With(Constrained, "quantity", "11"), ["$.quantity"]),
    ("constrained", Json.With(Constrained, "ratio", "0.4"), ["$.ratio"]),
    ("constrained", Json.With(Constrained, "ratio", "9.6"), ["$.ratio"]),
    ("constrained", Json.With(Constrained, "code", "\"a\""), ["$.code"]),
    ("constrained", Json.With(Constrained, "code", "\"abcdefghi\""), ["$.code"]),
    ("constrained", Json.With(Constrained, "currency", "\"eur\""), ["$.currency"]),
    ("constrained", Json.With(Constrained, "currency", "\"EURO\""), ["$.currency"]),
    ("constrained", Json.With(Constrained, "email", "\"nope\""), ["$.email"]),
    ("constrained", Json.With(Constrained, "site", "\"not a url\""), ["$.site"]),
    ("constrained", Json.With(Constrained, "items", "[]"), ["$.items"]),
    ("constrained", Json.With(Constrained, "items", "[\"a\",\"b\",\"c\",\"d\"]"), ["$.items"]),
    ("constrained", Json.With(Constrained, "pair", "[]"), ["$.pair"]),
    ("constrained", Json.With(Constrained, "pair", "[1,2,3]"), ["$.pair"]),
    ("constrained", Json.With(Constrained, "lines", "[{\"sku\":\"bad\",\"quantity\":0}]"), ["$.lines[0].sku", "$.lines[0].quantity"]),
    ("add", """{"a":"1","b":2}""", ["$.a"]),
    ("add", """{"a":2147483648,"b":2}""", ["$.a"]),
    ("average", """{"numbers":[]}""", ["$.numbers"]),
    ("wait", """{"milliseconds":-1}""", ["$.milliseconds"]),
    // Malformed or non-object arguments.
    ("echo_text", """{"text":""", []),
    ("echo_text", "nope", []),
    ("echo_text", "[1,2]", ["$"]),
    ("echo_text", "\"text\"", ["$"]),
    ("echo_text", "42", ["$"]),
    ("echo_text", "null", []),
    ("echo_text", """{"text":"a","letter":"x","flag":true,}""", []),
    ("echo_text", """{"text":"a","letter":"x","flag":true} {}""", []),
    ("echo_text", """{'text':'a','letter':'x','flag':true}""", []),
    ("echo_text", """{"text":"a"/* comment */,"letter":"x","flag":true}""", []),
    ("echo_floats", """{"f32":NaN,"f64":1,"dec":1}""", []),
    ("echo_floats", """{"f32":1,"f64":"Infinity","dec":1}""", ["$.f64"]),
};
foreach (var (toolName, json, paths) in bad)
{
    var set = sets.First(s => s.ToolSet.FindTool(toolName) is not null);
    await checks.RunAsync($"{toolName} {Shorten(json)}: refused at {(paths.Length == 0 ? "a path" : string.Join(", ", paths))}",
        async () => ExpectErrors(await set.ToolSet.InvokeAsync(toolName, json), paths));
}
await checks.RunAsync("invalid UTF-8 in the arguments: refused", async () =>
{
    var bytes = Encoding.UTF8.GetBytes("""{"text":"a?","letter":"x","flag":true}""");
    bytes[10] = 0xFF;
    return ExpectErrors(await ((IToolSet)kinds).InvokeAsync("echo_text", bytes), []);
});

Checks.Section("Limits: huge and deeply nested arguments");
var twoMegabytes = new string('a', 2 * 1024 * 1024);
await checks.RunAsync("2 MB string argument: refused at $ before parsing", async () =>
    ExpectErrors(await ((IToolSet)kinds).InvokeAsync("echo_text", Json.With(Text, "text", "\"" + twoMegabytes + "\"")), ["$"]));
await checks.RunAsync("2 MB array argument: refused at $", async () =>
{
    var numbers = "[" + string.Join(",", Enumerable.Repeat("1", 1024 * 1024)) + "]";
    return ExpectErrors(await ((IToolSet)kinds).InvokeAsync("echo_collections", Json.With(Collections, "numbers", numbers)), ["$"]);
});
await checks.RunAsync("2 MB string with MaxArgumentBytes = 4 MB: accepted intact", async () =>
{
    var result = await ((IToolSet)kinds).InvokeAsync("echo_text", Json.With(Text, "text", "\"" + twoMegabytes + "\""),
        new ToolInvocationOptions { MaxArgumentBytes = 4 * 1024 * 1024 });
    return result.IsError ? Json.Describe(result)
        : result.Value?.GetProperty("text").GetString() == twoMegabytes ? null : "text came back different";
});
await checks.RunAsync("arrays nested 70 deep (over the default depth 64): refused", async () =>
    ExpectErrors(await ((IToolSet)kinds).InvokeAsync("echo_json", $$"""{"payload":{{Json.Nested("[", "]", 70)}},"node":null}"""), []));
foreach (var name in Isolated.Cases)
{
    await checks.RunAsync($"{name} (in a child process, so a stack overflow would be seen)", () => Isolated.RunInChildAsync(name));
}

foreach (var name in Isolated.LiftedCases)
{
    Console.WriteLine($"  info  {name}: {await Isolated.DescribeChildAsync(name)}");
}

Checks.Section("Unknown tools, throwing tools, cancellation, the AIFunction adapter");
await checks.RunAsync("unknown tool: refused at $ with a suggestion", async () =>
{
    var result = await ((IToolSet)kinds).InvokeAsync("echo_txt", Text);
    return ExpectErrors(result, ["$"]) ?? (result.Errors[0].Message.Contains("echo_text", StringComparison.Ordinal) ? null : "no hint: " + result);
});
await checks.RunAsync("empty and blank arguments mean {}", async () =>
{
    foreach (var json in new[] { "", "  \n\t" })
    {
        var result = await ((IToolSet)kinds).InvokeAsync("echo_defaults", json);
        if (result.IsError || JsonSemantic.Difference(result.Value, (await ((IToolSet)kinds).InvokeAsync("echo_defaults", "{}")).Value) is { } d)
        {
            return $"'{json}': {Json.Describe(result)}";
        }
    }
    return null;
});
await checks.RunAsync("a tool that throws: error at $ with the message and no internals", async () =>
{
    var result = await ((IToolSet)kinds).InvokeAsync("fail_always", """{"message":"boom"}""");
    return ExpectErrors(result, ["$"])
        ?? (result.Errors[0].Message.Contains("boom", StringComparison.Ordinal) && !result.ToString().Contains(" at ", StringComparison.Ordinal)
            && !result.ToString().Contains("InvalidOperationException", StringComparison.Ordinal) ? null : "message: " + result);
});
await checks.RunAsync("IncludeExceptionDetails adds the exception type", async () =>
{
    var result = await ((IToolSet)kinds).InvokeAsync("fail_always", """{"message":"boom"}""", new ToolInvocationOptions { IncludeExceptionDetails = true });
    return result.IsError && result.ToString().Contains("InvalidOperationException", StringComparison.Ordinal) ? null : Json.Describe(result);
});
await checks.RunAsync("a cancelled token propagates as OperationCanceledException", async () =>
{
    using var cancelled = new CancellationTokenSource();
    cancelled.Cancel();
    try
    {
        var result = await ((IToolSet)kinds).InvokeAsync("wait", """{"milliseconds":5000}""", cancelled.Token);
        return "returned " + Json.Describe(result);
    }
    catch (OperationCanceledException)
    {
        return null;
    }
});
await checks.RunAsync("cancellation reaches a running tool's CancellationToken", async () =>
{
    using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
    var clock = Stopwatch.StartNew();
    try
    {
        var result = await ((IToolSet)kinds).InvokeAsync("wait", """{"milliseconds":10000}""", soon.Token);
        return "returned " + Json.Describe(result);
    }
    catch (OperationCanceledException)
    {
        return clock.Elapsed < TimeSpan.FromSeconds(5) ? null : $"cancelled only after {clock.Elapsed}";
    }
});
await checks.RunAsync("AIFunction adapter: bad arguments come back as {error, errors[path, message]}", async () =>
{
    var function = ((IToolSet)kinds).AsAIFunctions().Single(f => f.Name == "echo_integers");
    var result = ToElement(await function.InvokeAsync(Arguments(Json.With(Integers, "i32", "\"5\""))));
    if (result is not { ValueKind: JsonValueKind.Object } error || !error.TryGetProperty("errors", out var errors))
    {
        return "got " + JsonSemantic.Show(result);
    }
    return errors.EnumerateArray().Any(e => e.GetProperty("path").GetString() == "$.i32") ? null : "got " + JsonSemantic.Show(result);
});
await checks.RunAsync("AIFunction adapter: CLR argument values (not JsonElement) are accepted", async () =>
{
    var function = MathTools.ToolSet.AsAIFunctions().Single(f => f.Name == "add");
    var result = ToElement(await function.InvokeAsync(new AIFunctionArguments { ["a"] = 2, ["b"] = 40 }));
    return result is { ValueKind: JsonValueKind.Number } n && n.GetInt64() == 42 ? null : "got " + JsonSemantic.Show(result);
});
checks.Run("AIFunction adapter: schema and description are the generated ones", () =>
{
    var tool = ((IToolSet)kinds).FindTool("constrained")!;
    var function = ((IToolSet)kinds).AsAIFunctions().Single(f => f.Name == "constrained");
    return function.Description == tool.Description && JsonSemantic.Difference(function.JsonSchema, tool.ParametersSchema) is null
        ? null : "adapter differs";
});

await checks.RunAsync("strict schema: every property required, optional ones nullable", async () =>
{
    await Task.CompletedTask;
    var tool = ((IToolSet)kinds).FindTool("echo_defaults")!;
    if (tool.StrictParametersSchema is not { } strict)
    {
        return "echo_defaults has no strict schema";
    }
    var properties = strict.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
    var required = strict.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order().ToList();
    var notNullable = strict.GetProperty("properties").EnumerateObject()
        .Where(p => !(p.Value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.GetString() == "null")))
        .Select(p => p.Name).ToList();
    return properties.SequenceEqual(required) && notNullable.Count == 0
        ? null : $"required [{string.Join(", ", required)}]; not nullable [{string.Join(", ", notNullable)}]";
});
await checks.RunAsync("NullMeansDefault: null for an optional parameter means its default (and only with the option)", async () =>
{
    const string allNull = """{"greeting":null,"times":null,"ratio":null,"loud":null,"color":null,"suffix":null}""";
    var lenient = await ((IToolSet)kinds).InvokeAsync("echo_defaults", allNull, new ToolInvocationOptions { NullMeansDefault = true });
    var defaults = await ((IToolSet)kinds).InvokeAsync("echo_defaults", "{}");
    var strictByDefault = await ((IToolSet)kinds).InvokeAsync("echo_defaults", allNull);
    if (lenient.IsError || JsonSemantic.Difference(lenient.Value, defaults.Value) is { } difference)
    {
        return "with the option: " + Json.Describe(lenient);
    }
    return ExpectErrors(strictByDefault, ["$.greeting", "$.times", "$.ratio", "$.loud", "$.color"]) is { } problem ? "without it: " + problem : null;
});

Checks.Section("Plans over the generated tools: validated whole, run as a graph");
{
    var planTools = new Kinds();
    var validator = new Declarative.Planning.PlanValidator(planTools);
    const string GoodPlan = """
        {"steps":[{"id":"first","tool":"echo_text","arguments":{"text":"hi","letter":"x","flag":true}},
                  {"id":"again","tool":"echo_text","arguments":{"text":{"$from":"first","path":"/text"},"letter":{"$from":"first","path":"/letter"},"flag":{"$from":"first","path":"/flag"}}}]}
        """;
    var good = validator.Validate(GoodPlan);
    checks.Run("a plan whose references fit is valid", () => good.IsValid ? null : good.ToString());
    await checks.RunAsync("the plan runs, and the second step gets the first step's values", async () =>
    {
        var result = await new Declarative.Planning.PlanExecutor(planTools).ExecuteAsync(good.Plan!);
        return result.IsSuccess && result["again"].Arguments == """{"text":"hi","letter":"x","flag":true}""" ? null : result.Describe();
    });
    var refused = validator.Validate("""
        {"steps":[{"id":"first","tool":"echo_text","arguments":{"text":"hi","letter":"x","flag":"yes"}},
                  {"id":"again","tool":"echo_text","arguments":{"text":"a","letter":{"$from":"first","path":"/text"},"flag":true}}]}
        """);
    checks.Run("argument errors come from the generated reader, re-rooted in the plan", () =>
        refused.Errors.Any(e => e.Path == "$.steps[0].arguments.flag") ? null : refused.ToString());
    checks.Run("a string where one character is wanted is refused statically", () =>
        refused.Errors.Any(e => e.Path == "$.steps[1].arguments.letter" && e.Message.Contains("characters", StringComparison.Ordinal)) ? null : refused.ToString());
    checks.Run("the plan schema names every tool", () =>
    {
        var schema = validator.Schema.GetRawText();
        var missing = ((IToolSet)planTools).Tools.Where(t => !schema.Contains("\"" + t.Name + "\"", StringComparison.Ordinal)).Select(t => t.Name).ToList();
        return missing.Count == 0 ? null : "missing: " + string.Join(", ", missing);
    });
}

await InteropChecks.RunAsync(checks);
await InteropChecks.RunAgentFrameworkAsync(checks);
await EvalChecks.RunAsync(checks);

Checks.Section("Where AIFunctionFactory is more lenient (for information; not counted)");
foreach (var (label, toolName, json) in new[]
{
    ("unknown property", "echo_text", Json.With(Text, "txet", "\"a\"")),
    ("null for an int", "echo_integers", Json.With(Integers, "i32", "null")),
    ("number as a string", "echo_integers", Json.With(Integers, "i32", "\"5\"")),
    ("integer for an enum", "echo_enums", Json.With(Enums, "color", "1")),
    ("relative URI", "echo_times", Json.With(Times, "link", "\"relative/path\"")),
    ("missing constructor parameter", "register_customer", Json.With(Customer, "address", "{\"street\":\"s\"}")),
    ("duplicate property", "echo_text", """{"text":"a","text":"b","letter":"x","flag":true}"""),
})
{
    var set = sets.First(s => s.ToolSet.FindTool(toolName) is not null);
    string theirs;
    try
    {
        theirs = "accepted: " + JsonSemantic.Show(await Reference(set.Function(toolName), json));
    }
    catch (Exception exception)
    {
        theirs = "threw " + exception.GetType().Name;
    }
    var ours = await set.ToolSet.InvokeAsync(toolName, json);
    Console.WriteLine($"  info  {label}: AIFunctionFactory {theirs}");
    Console.WriteLine($"        Declarative {(ours.IsError ? "refused: " + string.Join(" | ", ours.Errors) : "accepted")}");
}

Console.WriteLine();
Console.WriteLine($"{checks.Passed} passed, {checks.Failed} failed");
return checks.Failed == 0 ? 0 : 1;

static string? ExpectErrors(ToolResult result, string[] paths)
{
    if (!result.IsError)
    {
        return "accepted: " + Json.Describe(result);
    }
    if (result.Errors.Count == 0)
    {
        return "an error result with no errors";
    }
    if (result.Errors.FirstOrDefault(e => !e.Path.StartsWith('$') || string.IsNullOrWhiteSpace(e.Message)) is { } malformed)
    {
        return "an error without a path or message: " + malformed;
    }
    var missing = paths.Where(p => result.Errors.All(e => e.Path != p)).ToList();
    return missing.Count == 0 ? null : $"no error at {string.Join(", ", missing)}; got: {string.Join(" | ", result.Errors)}";
}

static async Task<JsonElement?> Reference(AIFunction function, string json) => ToElement(await function.InvokeAsync(Arguments(json)));

// As chat clients hand arguments over: JSON values as JsonElement, JSON null as null.
static AIFunctionArguments Arguments(string json)
    => new(JsonSerializer.Deserialize(json, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Dictionary<string, object?>))) as Dictionary<string, object?>);

static JsonElement? ToElement(object? value) => value switch
{
    null => null,
    JsonElement element => element,
    _ => JsonSerializer.SerializeToElement(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType())),
};

static string Shorten(string json) => json.Length <= 70 ? json : json[..67] + "...";

static string Explain(List<string> differences, JsonElement ours, JsonElement reference)
    => string.Join("\n", differences.Take(8))
       + (differences.Count > 8 ? $"\n... and {differences.Count - 8} more" : "")
       + "\nDeclarative:     " + ours.GetRawText()
       + "\nAIJsonUtilities: " + reference.GetRawText();

/// <summary>A tool set with its declaring type, and AIFunctionFactory's functions for the same methods.</summary>
internal sealed class ToolSetUnderTest
{
    private readonly Dictionary<string, AIFunction> _functions = [];

    public ToolSetUnderTest(string label, IToolSet toolSet, Type type, object? referenceTarget)
    {
        Label = label;
        ToolSet = toolSet;
        Methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttribute<ToolAttribute>() is not null)
            .OrderBy(m => m.MetadataToken)
            .Select(m => (m.GetCustomAttribute<ToolAttribute>()!.Name ?? SnakeCase(m.Name), m, m.GetCustomAttribute<ToolAttribute>()!))
            .ToList();
        foreach (var (name, method, _) in Methods)
        {
            _functions[name] = AIFunctionFactory.Create(method, referenceTarget, new AIFunctionFactoryOptions { Name = name });
        }
    }

    public string Label { get; }

    public IToolSet ToolSet { get; }

    public List<(string Name, MethodInfo Method, ToolAttribute Attribute)> Methods { get; }

    public AIFunction Function(string name) => _functions[name];

    /// <summary>The documented naming rule: snake_case of the method name, a trailing "Async" dropped.</summary>
    private static string SnakeCase(string name)
    {
        if (name.Length > 5 && name.EndsWith("Async", StringComparison.Ordinal))
        {
            name = name[..^5];
        }
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && name[i - 1] != '_'
                && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}

/// <summary>Checks that must not take the whole run down if they fail badly (a stack overflow kills a process).</summary>
internal static class Isolated
{
    public static readonly string[] Cases = ["arrays nested 10,000 deep", "tree nodes nested 10,000 deep", "objects nested 10,000 deep in a JsonNode"];

    /// <summary>The same inputs with the depth and size limits lifted: a result or error is fine, a crash is not.</summary>
    public static readonly string[] LiftedCases = [.. Cases.Select(c => Lifted + c)];

    private const string Lifted = "limits lifted: ";

    public static async Task<int> RunAsync(string name)
    {
        var lifted = name.StartsWith(Lifted, StringComparison.Ordinal);
        var shape = lifted ? name[Lifted.Length..] : name;
        IToolSet kinds = new Kinds();
        var json = shape switch
        {
            "arrays nested 10,000 deep" => $$"""{"payload":{{Json.Nested("[", "]", 10_000)}},"node":null}""",
            "tree nodes nested 10,000 deep" => $$"""{"root":{{Json.Nested("{\"name\":\"n\",\"children\":[", "]}", 10_000, "")}}}""",
            "objects nested 10,000 deep in a JsonNode" => $$"""{"payload":1,"node":{{Json.Nested("{\"a\":", "}", 10_000, "1")}}}""",
            _ => throw new ArgumentException("unknown case " + name),
        };
        var tool = shape.StartsWith("tree", StringComparison.Ordinal) ? "measure_tree" : "echo_json";
        var options = lifted ? new ToolInvocationOptions { MaxDepth = 20_000, MaxArgumentBytes = 1 << 24 } : ToolInvocationOptions.Default;
        var result = await kinds.InvokeAsync(tool, json, options);
        var described = Json.Describe(result);
        described = described.Length > 300 ? described[..300] + "..." : described;
        if (!lifted && !result.IsError)
        {
            Console.WriteLine("accepted: " + described);
            return 1;
        }
        if (result.IsError && result.Errors.Any(e => !e.Path.StartsWith('$')))
        {
            Console.WriteLine("an error without a path: " + described);
            return 1;
        }
        Console.WriteLine(described);
        return 0;
    }

    /// <summary>Runs a counted case in a child process: <see langword="null"/> when it passed.</summary>
    public static async Task<string?> RunInChildAsync(string name)
    {
        var (exitCode, text) = await RunChildAsync(name);
        return exitCode == 0 ? null : $"exit code {exitCode}: {text}";
    }

    /// <summary>Runs an informational case in a child process and describes what happened.</summary>
    public static async Task<string> DescribeChildAsync(string name)
    {
        var (exitCode, text) = await RunChildAsync(name);
        return exitCode == 0 ? "no crash: " + text : $"CRASHED (exit code {exitCode}): {text}";
    }

    private static async Task<(int ExitCode, string Text)> RunChildAsync(string name)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Isolated).Assembly.Location);
        }
        start.ArgumentList.Add("--case");
        start.ArgumentList.Add(name);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = ((await output).Trim() + " " + (await error).Trim()).Trim();
        return (process.ExitCode, text.Length > 400 ? text[..400] + "..." : text);
    }
}
