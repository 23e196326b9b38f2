using Declarative.Tests.ToolSets;

namespace Declarative.Tests.Support;

/// <summary>A tool call: the class that declares the tool, the tool's name and the arguments' JSON.</summary>
public sealed record Call(Type ToolClass, string Tool, string Arguments)
{
    public override string ToString() => ToolClass.Name + "." + Tool + " " + (Arguments.Length > 80 ? Arguments[..80] + "..." : Arguments);
}

/// <summary>Valid arguments for every tool that returns normally; each is checked against the schema, the reader and M.E.AI.</summary>
public static class Samples
{
    /// <summary>Tools left out of the valid samples, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoValidSample = new Dictionary<string, string>
    {
        ["explode"] = "always throws",
        ["explode_later"] = "always throws",
        ["time_out"] = "always throws",
    };

    /// <summary>Tools whose results are not compared with M.E.AI's, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoReferenceResult = new Dictionary<string, string>
    {
        // System.Text.Json cannot create an IReadOnlySet<T> ("is abstract, an interface, or is read only"),
        // so the reflection-based function throws; the generated reader builds a HashSet<T>.
        ["has_dark_blue"] = "System.Text.Json cannot deserialize IReadOnlySet<T>",
    };

    public static readonly Call[] Valid =
    [
        new(typeof(Store), "get_item_price", """{"itemId":"SG-1"}"""),
        new(typeof(Store), "get_item_price", """{"itemId":"SG-1","color":"dark-blue","qty":3}"""),
        new(typeof(Store), "get_item_price", """{"itemId":"SG-1","color":"Green","qty":null}"""),
        new(typeof(Store), "place_order", """
            {"order":{"id":"o-1","customer_email":"ada@example.com","priority":"High",
                      "items":[{"sku":"AB-1","quantity":2,"unitPrice":1.25},{"sku":"AB-2","quantity":1,"unitPrice":10}],
                      "shipTo":{"street":"1 Main St","city":"Springfield","country":"CA"},
                      "notes":{"gift":"yes"}}}
            """),
        new(typeof(Store), "place_order", """{"order":{"id":"o-2","customer_email":"bob@example.org","priority":"Low","shipTo":null}}"""),
        new(typeof(Store), "lookup-v2", """{"query":"lamps"}"""),

        new(typeof(ScalarTools), "echo_integers", """{"sb":-128,"b":255,"s":-32768,"us":65535,"i":-2147483648,"ui":4294967295,"l":-9223372036854775808,"ul":18446744073709551615}"""),
        new(typeof(ScalarTools), "echo_integers", """{"sb":127,"b":0,"s":32767,"us":0,"i":2147483647,"ui":0,"l":9223372036854775807,"ul":0}"""),
        new(typeof(ScalarTools), "echo_floats", """{"f":1.5,"d":-2.25e-3,"m":79228162514264337593543950335}"""),
        new(typeof(ScalarTools), "echo_floats", """{"f":0,"d":1E+300,"m":0.1}"""),
        new(typeof(ScalarTools), "echo_text", """{"text":"h\u00e9llo \"w\" \ud83d\ude00\n<b>&","letter":"\u00e9","flag":true}"""),
        new(typeof(ScalarTools), "echo_text", """{"text":"","letter":" ","flag":false}"""),
        new(typeof(ScalarTools), "describe", ""),
        new(typeof(ScalarTools), "describe", "{}"),
        new(typeof(ScalarTools), "describe", """{"note":"n","loud":true,"ratio":0.5,"greeting":"yo","mark":"#","priority":"High","big":9007199254740993,"price":2.75}"""),
        new(typeof(ScalarTools), "describe", """{"note":null}"""),

        new(typeof(TimeTools), "echo_times", """
            {"id":"123e4567-e89b-12d3-a456-426614174000","at":"2024-05-01T13:45:00Z","atOffset":"2024-05-01T13:45:00.123+02:00",
             "day":"2024-02-29","time":"13:45:10","duration":"1.02:03:04.5","link":"https://example.com/a?b=c#d"}
            """),
        new(typeof(TimeTools), "echo_times", """
            {"id":"00000000-0000-0000-0000-000000000000","at":"2024-05-01T13:45:00","atOffset":"2024-05-01T00:00:00Z",
             "day":"0001-01-01","time":"00:00:00","duration":"-00:30:00","link":"ftp://files.example.com/x"}
            """),
        new(typeof(TimeTools), "echo_nullables", """{"count":null,"name":null,"id":null,"day":null,"color":null}"""),
        new(typeof(TimeTools), "echo_nullables", """{"count":3,"name":"x","id":"123e4567-e89b-12d3-a456-426614174000","day":"2024-01-31","color":"dark-blue"}"""),
        new(typeof(TimeTools), "add_days", """{"day":"2024-02-28"}"""),
        new(typeof(TimeTools), "add_days", """{"day":"2024-02-28","days":-365}"""),
        new(typeof(TimeTools), "pick_color", """{"color":null}"""),
        new(typeof(TimeTools), "pick_color", """{"color":"Green","fallback":"Red"}"""),

        new(typeof(CollectionTools), "sum_all", """{"array":[1,2],"list":[3],"ilist":[4],"collection":[5],"sequence":[6],"readOnlyList":[7],"readOnlyCollection":[8,9]}"""),
        new(typeof(CollectionTools), "sum_all", """{"array":[],"list":[],"ilist":[],"collection":[],"sequence":[],"readOnlyList":[],"readOnlyCollection":[]}"""),
        new(typeof(CollectionTools), "count_sets", """{"tags":["a","b","a"],"ids":[1,2,3]}"""),
        new(typeof(CollectionTools), "has_dark_blue", """{"colors":["Red","dark-blue","Red"]}"""),
        new(typeof(CollectionTools), "merge_counts", """
            {"counts":{"a":1,"b":2},"labels":{"a":"A","c":"C"},
             "items":{"b":{"sku":"S-1","quantity":5,"unitPrice":0.5},"weird key.with 'quotes'":{"sku":"S-2","quantity":1,"unitPrice":3}}}
            """),
        new(typeof(CollectionTools), "transpose", """{"matrix":[[1,2,3],[4,5,6]]}"""),
        new(typeof(CollectionTools), "transpose", """{"matrix":[]}"""),
        new(typeof(CollectionTools), "flatten", """{"rows":[[1,2],[],[3]],"cube":[[[1],[2,3]],[[4,5,6]]]}"""),
        new(typeof(CollectionTools), "present", """{"names":["a",null,"b"],"weights":{"x":1.5,"y":null}}"""),

        new(typeof(ObjectTools), "move", """{"point":{"x":1,"y":2},"by":{"width":3,"height":4.5}}"""),
        new(typeof(ObjectTools), "move", """{"point":{},"by":{"width":0,"height":0}}"""),
        new(typeof(ObjectTools), "count_nodes", """{"root":{"name":"a","children":[{"name":"b"},{"name":"c","children":[{"name":"d","children":[]}]}]}}"""),
        new(typeof(ObjectTools), "lineage", """{"category":{"name":"lamps","parent":{"name":"lighting","parent":{"name":"home","parent":null}}}}"""),
        new(typeof(ObjectTools), "wrap", """{"data":{"any":[1,"two",{"three":3.0}],"n":null,"t":true}}"""),
        new(typeof(ObjectTools), "wrap", """{"data":null,"extra":[1,2]}"""),
        new(typeof(ObjectTools), "wrap", """{"data":"text","extra":{"k":"v"}}"""),
        new(typeof(ObjectTools), "echo_tree", """{"root":{"name":"a","children":[{"name":"b","children":[{"name":"c"}]}]}}"""),
        new(typeof(ObjectTools), "normalize", """{"address":{"street":"1 Main St","city":" paris "}}"""),

        new(typeof(ConstraintTools), "register", """
            {"seats":10,"budget":0.5,"nickname":"ab","code":"abc","sku":"AB-123","email":"a@b.c",
             "homepage":"https://example.com","tags":["x"]}
            """),
        new(typeof(ConstraintTools), "register", """
            {"seats":1,"budget":99.5,"nickname":"abcdefghijklmnopqrst","code":"abcdefgh","sku":"ZZ-0","email":"ada@example.com",
             "homepage":"http://example.com/path","tags":["x","y","z"]}
            """),
        new(typeof(ConstraintTools), "add_line", """{"line":{"sku":"S-1","quantity":100,"unitPrice":2.5}}"""),
        new(typeof(ConstraintTools), "scale", """{"fraction":1,"value":-1000}"""),
        new(typeof(ConstraintTools), "scale", """{"fraction":0.001,"value":1000}"""),

        new(typeof(LifecycleTools), "reset", "{}"),
        new(typeof(LifecycleTools), "clear", "{}"),
        new(typeof(LifecycleTools), "ping", ""),
        new(typeof(LifecycleTools), "get_order", """{"id":"o-9"}"""),
        new(typeof(LifecycleTools), "list_items", """{"count":3}"""),
        new(typeof(LifecycleTools), "wait", """{"milliseconds":1}"""),
        new(typeof(LifecycleTools), "capture_token", "{}"),

        new(typeof(MathTools), "add", """{"a":2,"b":40}"""),
        new(typeof(MathTools), "average", """{"values":[1,2,3.5]}"""),
        new(typeof(MathTools), "divide", """{"dividend":1,"divisor":3}"""),
    ];
}
