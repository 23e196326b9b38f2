using Declarative.Tests.ToolSets;

namespace Declarative.Tests.Support;

/// <summary>
/// A refused call: the error must be at <paramref name="Path"/> and its message must contain
/// <paramref name="Fragment"/>. <paramref name="InSchema"/> says whether the schema alone rejects the
/// arguments too (false only for what JSON Schema cannot express, with the reason in <paramref name="Why"/>).
/// </summary>
public sealed record BadCall(string Class, Type ToolClass, string Tool, string Arguments, string Path, string Fragment, bool InSchema = true, string? Why = null);

public static class BadCalls
{
    private const string Order = "\"id\":\"o\",\"customer_email\":\"a@b.c\",\"priority\":\"High\"";
    private const string Times = "\"id\":\"123e4567-e89b-12d3-a456-426614174000\",\"at\":\"2024-05-01T13:45:00Z\",\"atOffset\":\"2024-05-01T13:45:00+02:00\",\"day\":\"2024-02-29\",\"time\":\"13:45:00\",\"duration\":\"00:30:00\",\"link\":\"https://example.com\"";
    private const string Registration = "\"seats\":1,\"budget\":1,\"nickname\":\"ab\",\"code\":\"abc\",\"sku\":\"AB-1\",\"email\":\"a@b.c\",\"homepage\":\"https://example.com\",\"tags\":[\"x\"]";
    private const string Integers = "\"sb\":0,\"b\":0,\"s\":0,\"us\":0,\"i\":0,\"ui\":0,\"l\":0,\"ul\":0";

    // Replaces (or adds) one member of a valid arguments object given as members without braces.
    private static string With(string members, string name, string value)
    {
        var parts = members.Split(',').Where(p => !p.StartsWith("\"" + name + "\":", StringComparison.Ordinal)).ToList();
        if (value.Length > 0)
        {
            parts.Add("\"" + name + "\":" + value);
        }
        return "{" + string.Join(",", parts) + "}";
    }

    private static string Without(string members, string name) => With(members, name, "");

    public static readonly BadCall[] All =
    [
        // Missing required
        new("missing", typeof(Store), "get_item_price", """{"color":"Red"}""", "$.itemId", "required"),
        new("missing", typeof(Store), "place_order", """{"order":{"id":"o","priority":"High"}}""", "$.order.customer_email", "required"),
        new("missing", typeof(Store), "place_order", """{"order":{"id":"o","customer_email":"a@b.c"}}""", "$.order.priority", "required"),
        new("missing", typeof(TimeTools), "echo_nullables", """{"count":null,"name":null,"id":null,"day":null}""", "$.color", "required"),
        new("missing", typeof(ObjectTools), "count_nodes", """{"root":{"name":"a","children":[{"children":[]}]}}""", "$.root.children[0].name", "required"),
        new("missing", typeof(ConstraintTools), "add_line", """{"line":{"sku":"S","quantity":1}}""", "$.line.unitPrice", "required"),

        // Wrong JSON type
        new("type", typeof(Store), "get_item_price", """{"itemId":5}""", "$.itemId", "expected string"),
        new("type", typeof(ScalarTools), "echo_text", """{"text":"t","letter":"l","flag":"true"}""", "$.flag", "expected boolean"),
        new("type", typeof(MathTools), "add", """{"a":"two","b":1}""", "$.a", "expected integer"),
        new("type", typeof(MathTools), "add", """{"a":1.5,"b":1}""", "$.a", "expected integer"),
        new("type", typeof(MathTools), "average", """{"values":{"0":1}}""", "$.values", "expected array"),
        new("type", typeof(MathTools), "average", """{"values":[1,"2",3]}""", "$.values[1]", "expected number"),
        new("type", typeof(ObjectTools), "normalize", """{"address":["1 Main St","Paris"]}""", "$.address", "expected object"),
        new("type", typeof(CollectionTools), "merge_counts", """{"counts":{"a":1,"weird key":"x"},"labels":{},"items":{}}""", "$.counts['weird key']", "expected integer"),
        new("type", typeof(CollectionTools), "merge_counts", """{"counts":[],"labels":{},"items":{}}""", "$.counts", "expected object"),
        new("type", typeof(Store), "place_order", "{\"order\":{" + Order + ",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1},{\"sku\":\"b\",\"quantity\":\"two\",\"unitPrice\":1}]}}", "$.order.items[1].quantity", "expected integer"),
        new("type", typeof(CollectionTools), "flatten", """{"rows":[[1],[2,"3"]],"cube":[[[1]],[[2],[3,4,true]]]}""", "$.cube[1][1][2]", "expected integer"),
        new("type", typeof(CollectionTools), "flatten", """{"rows":[[1],[2,"3"]],"cube":[]}""", "$.rows[1][1]", "expected integer"),
        new("type", typeof(CollectionTools), "transpose", """{"matrix":[[1,2],[3,[4]]]}""", "$.matrix[1][1]", "expected integer"),

        // Null where the type is not nullable
        new("null", typeof(Store), "get_item_price", """{"itemId":null}""", "$.itemId", "null"),
        new("null", typeof(MathTools), "add", """{"a":null,"b":1}""", "$.a", "null"),
        new("null", typeof(Store), "get_item_price", """{"itemId":"x","color":null}""", "$.color", "null"),
        new("null", typeof(Store), "place_order", "{\"order\":{" + Order + ",\"items\":null}}", "$.order.items", "null"),
        new("null", typeof(CollectionTools), "sum_all", """{"array":[1,null],"list":[],"ilist":[],"collection":[],"sequence":[],"readOnlyList":[],"readOnlyCollection":[]}""", "$.array[1]", "null"),
        new("null", typeof(ObjectTools), "move", """{"point":null,"by":{"width":1,"height":1}}""", "$.point", "null"),

        // Unknown property, case variants and duplicates
        new("unknown", typeof(Store), "get_item_price", """{"itemId":"x","colour":"Red"}""", "$.colour", "did you mean 'color'"),
        new("unknown", typeof(Store), "place_order", "{\"order\":{" + Order + ",\"shipTo\":{\"street\":\"s\",\"city\":\"c\",\"zip\":\"1\"}}}", "$.order.shipTo.zip", "unknown property"),
        new("unknown", typeof(Store), "place_order", "{\"order\":{" + Order + ",\"customerEmail\":\"x@y.z\"}}", "$.order.customerEmail", "did you mean 'customer_email'"),
        new("unknown", typeof(LifecycleTools), "reset", """{"force":true}""", "$.force", "unknown property"),
        new("case", typeof(Store), "get_item_price", """{"itemid":"x"}""", "$.itemid", "did you mean 'itemId'"),
        new("case", typeof(ObjectTools), "move", """{"point":{"X":1},"by":{"width":1,"height":1}}""", "$.point.X", "did you mean 'x'"),
        new("duplicate", typeof(Store), "get_item_price", """{"itemId":"a","itemId":"b"}""", "$.itemId", "more than once", InSchema: false,
            Why: "JSON Schema validates the parsed object, in which a duplicate member has already replaced the first"),
        new("duplicate", typeof(CollectionTools), "merge_counts", """{"counts":{"a":1,"a":2},"labels":{},"items":{}}""", "$.counts.a", "more than once", InSchema: false,
            Why: "JSON Schema validates the parsed object, in which a duplicate member has already replaced the first"),
        new("duplicate", typeof(ObjectTools), "move", """{"point":{"x":1,"x":2},"by":{"width":1,"height":1}}""", "$.point.x", "more than once", InSchema: false,
            Why: "JSON Schema validates the parsed object, in which a duplicate member has already replaced the first"),

        // Numbers sent as strings
        new("number-as-string", typeof(MathTools), "add", """{"a":"2","b":1}""", "$.a", "expected integer"),
        new("number-as-string", typeof(ScalarTools), "echo_floats", """{"f":"1.5","d":1,"m":1}""", "$.f", "expected number"),
        new("number-as-string", typeof(MathTools), "divide", """{"dividend":1,"divisor":"3"}""", "$.divisor", "expected number"),

        // Enums: integers, unknown names, case variants
        new("enum", typeof(Store), "get_item_price", """{"itemId":"x","color":1}""", "$.color", "got number 1"),
        new("enum", typeof(Store), "get_item_price", """{"itemId":"x","color":"Purple"}""", "$.color", "expected one of"),
        new("enum", typeof(Store), "get_item_price", """{"itemId":"x","color":"DarkBlue"}""", "$.color", "did you mean \"dark-blue\""),
        new("enum", typeof(Store), "get_item_price", """{"itemId":"x","color":"red"}""", "$.color", "did you mean \"Red\""),
        new("enum", typeof(CollectionTools), "has_dark_blue", """{"colors":["Red","Blue"]}""", "$.colors[1]", "expected one of"),

        // Integers out of their CLR range, numbers out of [Range]
        new("range", typeof(ScalarTools), "echo_integers", With(Integers, "b", "300"), "$.b", "from 0 to 255"),
        new("range", typeof(ScalarTools), "echo_integers", With(Integers, "b", "-1"), "$.b", "from 0 to 255"),
        new("range", typeof(ScalarTools), "echo_integers", With(Integers, "sb", "-129"), "$.sb", "from -128 to 127"),
        new("range", typeof(ScalarTools), "echo_integers", With(Integers, "i", "1099511627776"), "$.i", "from -2147483648 to 2147483647"),
        new("range", typeof(ScalarTools), "echo_integers", With(Integers, "us", "65536"), "$.us", "from 0 to 65535"),
        new("range", typeof(ScalarTools), "echo_integers", With(Integers, "ui", "-1"), "$.ui", "from 0 to 4294967295"),
        new("range", typeof(ScalarTools), "echo_integers", With(Integers, "ul", "18446744073709551616"), "$.ul", "from 0 to 18446744073709551615"),
        new("range", typeof(ScalarTools), "echo_integers", With(Integers, "l", "9223372036854775808"), "$.l", "from -9223372036854775808 to 9223372036854775807"),
        new("range", typeof(ConstraintTools), "register", With(Registration, "seats", "11"), "$.seats", "at most 10"),
        new("range", typeof(ConstraintTools), "register", With(Registration, "seats", "0"), "$.seats", "at least 1"),
        new("range", typeof(ConstraintTools), "register", With(Registration, "budget", "0.49"), "$.budget", "at least 0.5"),
        new("range", typeof(ConstraintTools), "add_line", """{"line":{"sku":"S","quantity":101,"unitPrice":1}}""", "$.line.quantity", "at most 100"),
        new("range", typeof(ConstraintTools), "scale", """{"fraction":0,"value":1}""", "$.fraction", "greater than 0"),
        new("range", typeof(Store), "place_order", "{\"order\":{" + Order + ",\"items\":[{\"sku\":\"a\",\"quantity\":0,\"unitPrice\":1}]}}", "$.order.items[0].quantity", "at least 1"),

        // Lengths and counts
        new("length", typeof(ConstraintTools), "register", With(Registration, "nickname", "\"a\""), "$.nickname", "at least 2"),
        new("length", typeof(ConstraintTools), "register", With(Registration, "nickname", "\"abcdefghijklmnopqrstu\""), "$.nickname", "at most 20"),
        new("length", typeof(ConstraintTools), "register", With(Registration, "code", "\"ab\""), "$.code", "at least 3"),
        new("length", typeof(ConstraintTools), "register", With(Registration, "code", "\"abcdefghi\""), "$.code", "at most 8"),
        new("length", typeof(ConstraintTools), "register", With(Registration, "tags", "[]"), "$.tags", "at least 1"),
        new("length", typeof(ConstraintTools), "register", With(Registration, "tags", "[\"a\",\"b\",\"c\",\"d\"]"), "$.tags", "at most 3"),
        new("length", typeof(ScalarTools), "echo_text", """{"text":"t","letter":"ab","flag":true}""", "$.letter", "one character"),
        new("length", typeof(ScalarTools), "echo_text", """{"text":"t","letter":"","flag":true}""", "$.letter", "one character"),

        // Pattern (whole-string match), e-mail, URL
        new("pattern", typeof(ConstraintTools), "register", With(Registration, "sku", "\"ab-1\""), "$.sku", "pattern"),
        new("pattern", typeof(ConstraintTools), "register", With(Registration, "sku", "\"AB-12x\""), "$.sku", "pattern"),
        new("pattern", typeof(ConstraintTools), "register", With(Registration, "sku", "\"xAB-12\""), "$.sku", "pattern"),
        new("email", typeof(ConstraintTools), "register", With(Registration, "email", "\"ada.example.com\""), "$.email", "e-mail"),
        new("email", typeof(Store), "place_order", """{"order":{"id":"o","customer_email":"nobody","priority":"High"}}""", "$.order.customer_email", "e-mail"),
        new("url", typeof(ConstraintTools), "register", With(Registration, "homepage", "\"example.com/home\""), "$.homepage", "URL"),
        new("url", typeof(ConstraintTools), "register", With(Registration, "homepage", "\"mailto:ada@example.com\""), "$.homepage", "URL"),

        // Strings that must parse
        new("format", typeof(TimeTools), "echo_times", With(Times, "id", "\"123e4567\""), "$.id", "UUID"),
        new("format", typeof(TimeTools), "echo_times", With(Times, "at", "\"yesterday\""), "$.at", "date-time"),
        new("format", typeof(TimeTools), "echo_times", With(Times, "atOffset", "\"2024-13-01T00:00:00Z\""), "$.atOffset", "date-time"),
        new("format", typeof(TimeTools), "echo_times", With(Times, "day", "\"2024-02-30\""), "$.day", "date"),
        new("format", typeof(TimeTools), "echo_times", With(Times, "day", "\"01/02/2024\""), "$.day", "date"),
        new("format", typeof(TimeTools), "echo_times", With(Times, "time", "\"25:00:00\""), "$.time", "time"),
        new("format", typeof(TimeTools), "echo_times", With(Times, "duration", "\"forever\""), "$.duration", "time span"),
        new("format", typeof(TimeTools), "echo_times", With(Times, "link", "\"images/cat.png\""), "$.link", "absolute URI"),
        new("format", typeof(TimeTools), "echo_times", With(Times, "id", "42"), "$.id", "expected string"),
        new("format", typeof(TimeTools), "echo_nullables", """{"count":null,"name":null,"id":"nope","day":null,"color":null}""", "$.id", "UUID"),

        // Not an object at the top
        new("top-level", typeof(MathTools), "add", "[1,2]", "$", "expected object"),
        new("top-level", typeof(MathTools), "add", "\"a=1\"", "$", "expected object"),
        new("top-level", typeof(MathTools), "add", "42", "$", "expected object"),
        new("top-level", typeof(MathTools), "add", "null", "$", "expected object"),
        new("top-level", typeof(LifecycleTools), "reset", "[]", "$", "expected object"),

        // Empty arguments mean {} (so required parameters are missing)
        new("empty", typeof(MathTools), "add", "", "$.a", "required", InSchema: false, Why: "an empty string is not JSON; the reader treats it as {}"),
        new("empty", typeof(MathTools), "add", " \r\n\t", "$.b", "required", InSchema: false, Why: "blank text is not JSON; the reader treats it as {}"),

        // Malformed JSON
        new("malformed", typeof(Store), "get_item_price", """{"itemId":"x",""", "$", "", InSchema: false, Why: "not JSON"),
        new("malformed", typeof(Store), "get_item_price", """{"itemId":"x"} trailing""", "$", "", InSchema: false, Why: "not JSON"),
        new("malformed", typeof(Store), "get_item_price", """{"itemId":"x"}{}""", "$", "", InSchema: false, Why: "not JSON"),
        new("malformed", typeof(Store), "get_item_price", """{'itemId':'x'}""", "$", "malformed JSON", InSchema: false, Why: "not JSON"),
        new("malformed", typeof(Store), "get_item_price", """{"itemId":"x",}""", "$", "malformed JSON", InSchema: false, Why: "not JSON"),
        new("malformed", typeof(Store), "get_item_price", """{"itemId":"x" /* note */}""", "$", "malformed JSON", InSchema: false, Why: "not JSON"),
        new("malformed", typeof(Store), "get_item_price", """{itemId:"x"}""", "$", "malformed JSON", InSchema: false, Why: "not JSON"),
        new("malformed", typeof(MathTools), "add", """{"a":01,"b":1}""", "$", "malformed JSON", InSchema: false, Why: "not JSON"),
        new("malformed", typeof(MathTools), "add", """{"a":NaN,"b":1}""", "$", "malformed JSON", InSchema: false, Why: "not JSON"),
    ];

    // Arguments with everything wrong at once, and the error paths they must produce together.
    public const string AllWrongRegistration =
        """{"seats":0,"budget":100,"nickname":"a","code":"ab","sku":"ab","email":"nope","homepage":"nope","tags":[],"extra":1}""";

    public static readonly string[] AllWrongRegistrationPaths =
        ["$.seats", "$.budget", "$.nickname", "$.code", "$.sku", "$.email", "$.homepage", "$.tags", "$.extra"];

    public static string MissingMember(string members, string name) => Without(members, name);
}
