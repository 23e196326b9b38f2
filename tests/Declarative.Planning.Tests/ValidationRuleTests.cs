using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace Declarative.Planning.Tests;

/// <summary>
/// Every validation rule, with the exact path of its error. Each refusal also asserts that no tool
/// ran (<see cref="Plans.Refuse"/> checks the shop's call log).
/// </summary>
public sealed class ValidationRuleTests(ITestOutputHelper output)
{
    private IReadOnlyList<ToolError> Refuse(string plan, PlanLimits? limits = null)
    {
        var errors = Plans.Refuse(plan, limits);
        foreach (var error in errors)
        {
            output.WriteLine(error.ToString());
        }
        return errors;
    }

    // --- the plan's structure -------------------------------------------------------------------

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("[]", "a plan is an object")]
    [InlineData("\"steps\"", "a plan is an object")]
    public void A_plan_that_is_not_an_object_is_refused_at_the_root(string plan, string fragment)
        => Plans.HasError(Refuse(plan), "$", fragment);

    [Fact]
    public void Invalid_UTF8_is_refused_at_the_root()
    {
        var tools = new ShopTools();
        var result = new PlanValidator(tools).Validate(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' });
        Assert.False(result.IsValid);
        Assert.Equal("$", Assert.Single(result.Errors).Path);
        Assert.Empty(tools.Calls);
    }

    [Theory]
    [InlineData("""{}""", "$.steps", "required property is missing")]
    [InlineData("""{"steps":{}}""", "$.steps", "expected a list of steps")]
    [InlineData("""{"steps":[]}""", "$.steps", "at least one step")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"line":"x"}}],"note":1}""", "$.note", "unknown property 'note'")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"line":"x"}}],"steps":[]}""", "$.steps", "more than once")]
    public void Plan_structure_errors_have_their_paths(string plan, string path, string fragment)
        => Plans.HasError(Refuse(plan), path, fragment);

    [Fact]
    public void A_plan_over_the_step_limit_is_refused()
    {
        var steps = string.Join(",", Enumerable.Range(0, 4).Select(i => $$$"""{"id":"s{{{i}}}","tool":"log","arguments":{"line":"x"}}"""));
        Plans.HasError(Refuse("{\"steps\":[" + steps + "]}", new PlanLimits { MaxSteps = 3 }), "$.steps", "4 steps, over the limit of 3");
    }

    [Fact]
    public void A_plan_over_the_size_limit_is_refused_before_parsing()
    {
        var plan = """{"steps":[{"id":"a","tool":"log","arguments":{"line":"__"}}]}""".Replace("__", new string('x', 500), StringComparison.Ordinal);
        Plans.HasError(Refuse(plan, new PlanLimits { MaxPlanBytes = 100 }), "$", "over the limit of 100 bytes");
    }

    // --- steps ------------------------------------------------------------------------------------

    [Theory]
    [InlineData("""{"steps":[3]}""", "$.steps[0]", "a step is an object")]
    [InlineData("""{"steps":[{"tool":"log","arguments":{"line":"x"}}]}""", "$.steps[0].id", "required property is missing")]
    [InlineData("""{"steps":[{"id":7,"tool":"log","arguments":{"line":"x"}}]}""", "$.steps[0].id", "expected a string, got a number")]
    [InlineData("""{"steps":[{"id":"two words","tool":"log","arguments":{"line":"x"}}]}""", "$.steps[0].id", "'two words' is not a valid id")]
    [InlineData("""{"steps":[{"id":"","tool":"log","arguments":{"line":"x"}}]}""", "$.steps[0].id", "is not a valid id")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"line":"x"}},{"id":"a","tool":"log","arguments":{"line":"y"}}]}""", "$.steps[1].id", "duplicate id 'a'; $.steps[0] already has it")]
    [InlineData("""{"steps":[{"id":"a","arguments":{"line":"x"}}]}""", "$.steps[0].tool", "required property is missing")]
    [InlineData("""{"steps":[{"id":"a","tool":["log"],"arguments":{"line":"x"}}]}""", "$.steps[0].tool", "expected a tool name, got a list")]
    [InlineData("""{"steps":[{"id":"a","tool":"log"}]}""", "$.steps[0].arguments", "required property is missing")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":"line=x"}]}""", "$.steps[0].arguments", "expected an object, got a string")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"line":"x"},"dependsOn":"b"}]}""", "$.steps[0].dependsOn", "expected a list of step ids")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"line":"x"},"dependsOn":[1]}]}""", "$.steps[0].dependsOn[0]", "expected a step id, got a number")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"line":"x"},"description":5}]}""", "$.steps[0].description", "expected a string")]
    [InlineData("""{"steps":[{"id":"a","tool":"log","arguments":{"line":"x"},"tol":"log"}]}""", "$.steps[0].tol", "unknown property 'tol'; did you mean 'tool'?")]
    [InlineData("""{"steps":[{"id":"a","id":"b","tool":"log","arguments":{"line":"x"}}]}""", "$.steps[0].id", "more than once")]
    public void Step_errors_have_their_paths(string plan, string path, string fragment)
        => Plans.HasError(Refuse(plan), path, fragment);

    [Fact]
    public void An_unknown_tool_is_refused_with_a_suggestion_and_the_list_of_tools()
    {
        var errors = Refuse("""{"steps":[{"id":"a","tool":"check_inventry","arguments":{"itemIds":[]}}]}""");
        Plans.HasError(errors, "$.steps[0].tool", "unknown tool 'check_inventry'; did you mean 'check_inventory'?", "Available tools:", "get_item_price");
    }

    [Fact]
    public void A_tool_outside_the_agents_scope_is_refused_even_though_it_exists()
    {
        var shop = new ShopTools();
        IAgent agent = new ShopAgent(shop);
        var validator = new PlanValidator(agent.Tools);
        Assert.Contains(((IToolSet)new AdminTools()).Tools, t => t.Name == "delete_all");

        var result = validator.Validate("""{"steps":[{"id":"a","tool":"delete_all","arguments":{}}]}""");

        Assert.False(result.IsValid);
        Plans.HasError(result.Errors, "$.steps[0].tool", "unknown tool 'delete_all'");
        Assert.Empty(shop.Calls);
    }

    // --- arguments, exactly as the tool's reader reports them -------------------------------------

    [Theory]
    [InlineData("""{"category":5}""")]
    [InlineData("""{"categry":"sunglasses"}""")]
    [InlineData("""{"category":"a","category":"b"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"category":null,"filter":7,"extra":[1,2]}""")]
    public async Task Argument_errors_are_the_readers_own_rerooted_under_the_step(string arguments)
    {
        IToolSet reader = new ShopTools();
        var direct = await reader.InvokeAsync("get_item_descriptions", arguments);
        Assert.True(direct.IsError);

        var errors = Refuse("""{"steps":[{"id":"x","tool":"log","arguments":{"line":"ok"}},{"id":"find","tool":"get_item_descriptions","arguments":""" + arguments + "}]}");

        var expected = direct.Errors.Select(e => "$.steps[1].arguments" + e.Path[1..] + ": " + e.Message);
        Assert.Equal(expected, errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Constraint_errors_come_from_the_reader_too()
    {
        var errors = Refuse("""{"steps":[{"id":"n","tool":"notify","arguments":{"to":"not-an-email","text":"hi","size":"Huge"}}]}""");
        Assert.Contains(errors, e => e.Path == "$.steps[0].arguments.to");
        Assert.Contains(errors, e => e.Path == "$.steps[0].arguments.size");
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Errors_from_every_step_are_reported_together()
    {
        var errors = Refuse("""
            {"steps":[
              {"id":"a","tool":"sum","arguments":{"numbers":["1"]}},
              {"id":"a","tool":"nope","arguments":{}},
              {"id":"c","tool":"log","arguments":{"line":{"$from":"zz"}}}]}
            """);
        Plans.HasError(errors, "$.steps[0].arguments.numbers[0]", "expected integer");
        Plans.HasError(errors, "$.steps[1].id", "duplicate id");
        Plans.HasError(errors, "$.steps[1].tool", "unknown tool 'nope'");
        Plans.HasError(errors, "$.steps[2].arguments.line", "no step has the id 'zz'");
    }

    // --- references ---------------------------------------------------------------------------------

    [Fact]
    public void A_reference_to_a_missing_step_is_refused_with_a_suggestion()
    {
        var errors = Refuse("""
            {"steps":[{"id":"find","tool":"get_item_descriptions","arguments":{"category":"s"}},
                      {"id":"stock","tool":"check_inventory","arguments":{"itemIds":{"$from":"fnd","path":"/*/id"}}}]}
            """);
        Plans.HasError(errors, "$.steps[1].arguments.itemIds", "no step has the id 'fnd'; did you mean 'find'?");
        Assert.Single(errors);
    }

    [Fact]
    public void A_reference_nested_in_a_list_is_reported_at_its_own_position()
    {
        var errors = Refuse("""{"steps":[{"id":"s","tool":"sum","arguments":{"numbers":[1,{"$from":"ghost"}]}}]}""");
        Plans.HasError(errors, "$.steps[0].arguments.numbers[1]", "no step has the id 'ghost'");
        Assert.Single(errors);
    }

    [Fact]
    public void A_step_cannot_reference_itself()
        => Plans.HasError(Refuse("""{"steps":[{"id":"s","tool":"sum","arguments":{"numbers":{"$from":"s"}}}]}"""),
            "$.steps[0].arguments.numbers", "step 's' cannot take a value from itself");

    [Fact]
    public void A_step_cannot_depend_on_itself_or_on_a_missing_step()
    {
        var errors = Refuse("""{"steps":[{"id":"s","tool":"log","arguments":{"line":"x"},"dependsOn":["s","t"]}]}""");
        Plans.HasError(errors, "$.steps[0].dependsOn[0]", "step 's' cannot depend on itself");
        Plans.HasError(errors, "$.steps[0].dependsOn[1]", "no step has the id 't'");
    }

    [Theory]
    [InlineData("""{"$from":"find","path":"/*/id","extra":1}""", "a reference has only '$from' and 'path'; 'extra' is not allowed")]
    [InlineData("""{"$from":3}""", "'$from' must be a step id, got a number")]
    [InlineData("""{"$from":"find","path":7}""", "'path' must be a JSON pointer string")]
    [InlineData("""{"$from":"find","path":"*/id"}""", "is not a JSON pointer: a JSON pointer is empty or starts with '/'")]
    [InlineData("""{"$from":"find","path":"/~2"}""", "'~' must be followed by 0 or 1")]
    public void Malformed_references_are_refused_at_their_position(string reference, string fragment)
        => Plans.HasError(Refuse(Plans.TwoSteps("get_item_descriptions", """{"category":"s"}""", "check_inventory", """{"itemIds":__}""").Replace("\"src\"", "\"find\"", StringComparison.Ordinal).Replace("__", reference, StringComparison.Ordinal)),
            "$.steps[1].arguments.itemIds", fragment);

    [Fact]
    public void A_cycle_is_refused_and_its_path_reported()
    {
        var errors = Refuse("""
            {"steps":[
              {"id":"a","tool":"sum","arguments":{"numbers":{"$from":"c","path":"/numbers"}}},
              {"id":"b","tool":"summarize","arguments":{"words":["x"]},"dependsOn":["a"]},
              {"id":"c","tool":"summarize","arguments":{"words":["y"]},"dependsOn":["b"]},
              {"id":"d","tool":"log","arguments":{"line":"independent"}}]}
            """);
        var error = Assert.Single(errors);
        Assert.Equal("$.steps[0]", error.Path);
        Assert.Contains("steps form a cycle: a -> c -> b -> a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_separate_cycles_are_both_reported_once()
    {
        var errors = Refuse("""
            {"steps":[
              {"id":"a","tool":"log","arguments":{"line":"1"},"dependsOn":["b"]},
              {"id":"b","tool":"log","arguments":{"line":"2"},"dependsOn":["a"]},
              {"id":"c","tool":"log","arguments":{"line":"3"},"dependsOn":["d"]},
              {"id":"d","tool":"log","arguments":{"line":"4"},"dependsOn":["c"]}]}
            """);
        Assert.Equal(["$.steps[0]", "$.steps[2]"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Contains("cycle", e.Message, StringComparison.Ordinal));
    }

    // --- pointers, checked against the referenced tool's return shape -------------------------------

    [Theory]
    [InlineData("/*/identifier", "/*/identifier' does not exist in the result of 'get_item_descriptions' (step 'src'): /* has no property 'identifier'")]
    [InlineData("/*/ID", "did you mean 'id'?")]
    [InlineData("/id", "the result is a list: use an index or '*', not 'id'")]
    [InlineData("/*/id/*", "'*' maps over a list, but /*/id is string")]
    [InlineData("/*/id/length", "/*/id is string, which has no 'length'")]
    public void A_pointer_that_is_not_in_the_return_shape_is_refused(string pointer, string fragment)
    {
        var plan = Plans.TwoSteps("get_item_descriptions", """{"category":"s"}""", "check_inventory", $$$"""{"itemIds":{"$from":"src","path":"{{{pointer}}}"}}""");
        Plans.HasError(Refuse(plan), "$.steps[1].arguments.itemIds", fragment);
    }

    [Fact]
    public void A_pointer_through_a_value_that_may_be_null_is_refused()
    {
        var plan = Plans.TwoSteps("get_customer", """{"id":"c1"}""", "log", """{"line":{"$from":"src","path":"/address/city"}}""");
        Plans.HasError(Refuse(plan), "$.steps[1].arguments.line", "the result may be null, so the pointer cannot go through it");
    }

    [Fact]
    public void A_reference_to_a_tool_that_returns_nothing_is_refused()
    {
        var plan = Plans.TwoSteps("log", """{"line":"x"}""", "log", """{"line":{"$from":"src"}}""");
        Plans.HasError(Refuse(plan), "$.steps[1].arguments.line", "step 'src' calls 'log', which returns nothing to take a value from");
    }

    // --- types: what the pointer selects must fit the parameter --------------------------------------

    [Theory]
    // A list of strings where a list of ints is wanted.
    [InlineData("get_item_descriptions", """{"category":"s"}""", "sum", """{"numbers":{"$from":"src","path":"/*/id"}}""", "$.steps[1].arguments.numbers", "the value is list of string, but list of integer is wanted")]
    // One string where a list is wanted.
    [InlineData("get_item_descriptions", """{"category":"s"}""", "check_inventory", """{"itemIds":{"$from":"src","path":"/0/id"}}""", "$.steps[1].arguments.itemIds", "the value is string, but list of string is wanted")]
    // A list of objects where a list of strings is wanted.
    [InlineData("get_item_descriptions", """{"category":"s"}""", "check_inventory", """{"itemIds":{"$from":"src"}}""", "$.steps[1].arguments.itemIds", "object {id, name, description}")]
    public void Type_rules(string sourceTool, string sourceArguments, string tool, string arguments, string path, string fragment)
        => Plans.HasError(Refuse(Plans.TwoSteps(sourceTool, sourceArguments, tool, arguments)), path, fragment);

    [Fact]
    public void A_long_where_an_int_is_wanted_is_refused_as_possibly_out_of_range()
    {
        var plan = Plans.TwoSteps("get_account", """{"id":"c"}""", "spend", """{"points":{"$from":"src","path":"/points"},"reason":"r"}""");
        Plans.HasError(Refuse(plan), "$.steps[1].arguments.points", "the parameter's minimum is -2147483648", "as low as -9223372036854775808");
    }

    [Fact]
    public void A_number_where_a_string_is_wanted_is_refused()
    {
        var plan = Plans.TwoSteps("summarize", """{"words":["a"]}""", "spend", """{"points":{"$from":"src","path":"/count"},"reason":{"$from":"src","path":"/numbers/0"}}""");
        var error = Assert.Single(Refuse(plan));
        Assert.Equal("$.steps[1].arguments.reason", error.Path);
        Assert.Contains("the value is integer, but string is wanted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_int_where_an_int_is_wanted_is_accepted_and_a_string_needing_a_format_is_not()
    {
        var (_, validator) = Plans.Shop();
        var ok = validator.Validate("""
            {"steps":[{"id":"s","tool":"summarize","arguments":{"words":["a","bb"]}},
                      {"id":"t","tool":"spend","arguments":{"points":{"$from":"s","path":"/count"},"reason":"r"}},
                      {"id":"u","tool":"sum","arguments":{"numbers":{"$from":"s","path":"/numbers"}}}]}
            """);
        Assert.True(ok.IsValid, ok.ToString());

        // Any string is not known to be an email address.
        var errors = Refuse(Plans.TwoSteps("get_item_descriptions", """{"category":"s"}""", "notify", """{"to":{"$from":"src","path":"/0/name"},"text":"hi"}"""));
        Plans.HasError(errors, "$.steps[1].arguments.to", "a string in format 'email' is wanted, but the value is any string");
    }

    [Fact]
    public void A_value_that_may_be_null_is_refused_where_null_is_not_allowed()
    {
        var plan = Plans.TwoSteps("get_customer", """{"id":"c"}""", "log", """{"line":{"$from":"src","path":""}}""");
        Plans.HasError(Refuse(plan), "$.steps[1].arguments.line", "the value may be null");
    }

    [Fact]
    public void A_string_may_go_where_a_length_limit_applies_only_if_it_is_known_to_keep_it()
    {
        var plan = Plans.TwoSteps("get_item_descriptions", """{"category":"s"}""", "notify", """{"to":"a@example.com","text":{"$from":"src","path":"/0/description"}}""");
        Plans.HasError(Refuse(plan), "$.steps[1].arguments.text", "at most 200 characters");
    }

    [Fact]
    public void A_map_goes_where_a_map_of_the_same_values_is_wanted_and_its_values_map_over_keys()
    {
        var (_, validator) = Plans.Shop();
        var ok = validator.Validate("""
            {"steps":[{"id":"s","tool":"summarize","arguments":{"words":["a"]}},
                      {"id":"t","tool":"spend","arguments":{"points":{"$from":"s","path":"/byName/a"},"reason":"r"}}]}
            """);
        Assert.True(ok.IsValid, ok.ToString());
    }

    // --- limits -----------------------------------------------------------------------------------

    [Fact]
    public void Fan_out_over_the_limit_is_refused_at_the_step_waited_on()
    {
        var dependents = string.Join(",", Enumerable.Range(0, 3).Select(i => "{\"id\":\"d" + i + "\",\"tool\":\"sum\",\"arguments\":{\"numbers\":{\"$from\":\"s\",\"path\":\"/numbers\"}}}"));
        var plan = """{"steps":[{"id":"s","tool":"summarize","arguments":{"words":["a"]}},""" + dependents + "]}";

        Plans.HasError(Refuse(plan, new PlanLimits { MaxFanOut = 2 }), "$.steps[0]", "3 steps wait on 's', over the fan-out limit of 2");
        Assert.True(new PlanValidator(new ShopTools(), new PlanLimits { MaxFanOut = 3 }).Validate(plan).IsValid);
    }

    [Fact]
    public void Arguments_over_the_invocation_size_limit_are_refused_by_the_reader()
    {
        var tools = new ShopTools();
        var validator = new PlanValidator(tools, invocation: new ToolInvocationOptions { MaxArgumentBytes = 20 });
        var result = validator.Validate("""{"steps":[{"id":"a","tool":"log","arguments":{"line":"a long line that does not fit"}}]}""");
        Plans.HasError(result.Errors, "$.steps[0].arguments", "over the limit of 20 bytes");
        Assert.Empty(tools.Calls);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_a_crash()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            deep.Append("{\"a\":");
        }
        deep.Append('1').Append('}', 200);
        var errors = Refuse("""{"steps":[{"id":"a","tool":"log","arguments":""" + deep + "}]}");
        Assert.Equal("$", Assert.Single(errors).Path);
    }

    [Fact]
    public void A_valid_plan_is_returned_with_its_references_and_dependencies()
    {
        var (tools, validator) = Plans.Shop();
        var plan = validator.Validate(Plans.Sunglasses).Plan!;

        Assert.Equal(["find", "stock", "price"], plan.Steps.Select(s => s.Id));
        var price = plan["price"];
        Assert.Equal("prices of what is in stock", price.Description);
        var reference = Assert.Single(price.References);
        Assert.Equal(("stock", "/*/itemId", "$.itemIds"), (reference.StepId, reference.Pointer, reference.ArgumentPath));
        Assert.Equal(["stock"], price.Dependencies);
        Assert.Empty(tools.Calls);
    }
}
