namespace Declarative.Evaluation.Tests;

public sealed class DatasetTests
{
    private static readonly QuoteAgent Agent = new(new Shop());

    [Fact]
    public void Typed_cases_are_read_by_the_agents_generated_readers()
    {
        var dataset = EvalDataset<QuoteRequest, Quote>.Parse("""
            // quotes
            {"id": "q1", "input": {"customer": "Ada", "lines": [{"sku": "A-1", "quantity": 2}]}, "expected": {"total": 5.0, "currency": "EUR"}, "tags": ["quote", "easy"]}

            {"id": "q2", "input": {"customer": "Bo", "lines": []}, "reference": "Nothing to quote."}
            """, CaseReader.For(Agent), "quotes");

        Assert.Equal("quotes", dataset.Name);
        Assert.Equal(2, dataset.Count);
        var first = dataset[0];
        Assert.Equal("q1", first.Id);
        Assert.Equal(2, first.Line);
        Assert.Equal("Ada", first.Input.Customer);
        Assert.Equal(new OrderLine("A-1", 2), Assert.Single(first.Input.Lines));
        Assert.True(first.HasExpected);
        Assert.Equal(new Quote(5.0m, "EUR"), first.Expected);
        Assert.Equal("""{"total": 5.0, "currency": "EUR"}""", first.ExpectedJson);
        Assert.Equal(["quote", "easy"], first.Tags);
        var second = dataset[1];
        Assert.Equal(4, second.Line);
        Assert.False(second.HasExpected);
        Assert.Null(second.ExpectedJson);
        Assert.Equal("Nothing to quote.", second.Reference);
        Assert.Equal(["easy", "quote"], dataset.Tags);
    }

    [Fact]
    public void Every_fault_is_reported_with_its_line_and_path_before_anything_runs()
    {
        var error = Assert.Throws<EvalDatasetException>(() => EvalDataset<QuoteRequest, Quote>.Parse("""
            {"id": "ok", "input": {"customer": "Ada", "lines": [{"sku": "A-1", "quantity": 2}]}}
            {"id": "bad-quantity", "input": {"customer": "Ada", "lines": [{"sku": "A-1", "quantity": "two"}]}}
            {"id": "bad-expected", "input": {"customer": "Ada", "lines": []}, "expected": {"total": "5", "currency": "EUR"}}
            {"input": {"customer": "Ada", "lines": []}}
            {"id": "typo", "input": {"customer": "Ada", "lines": []}, "expcted": {}}
            {"id": "ok", "input": {"customer": "Cy", "lines": []}}
            {"id": "no-input"}
            {"id": "bad-tags", "input": {"customer": "Ada", "lines": []}, "tags": "hard"}
            {"id": "broken", "input": {
            [1, 2]
            """, CaseReader.For(Agent), "quotes"));

        var errors = error.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.StartsWith("quotes:2: $.input.lines[0].quantity: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("quotes:3: $.expected.total: ", StringComparison.Ordinal));
        Assert.Contains("quotes:4: $.id: required", errors);
        Assert.Contains(errors, e => e.StartsWith("quotes:5: $.expcted: unknown property", StringComparison.Ordinal));
        Assert.Contains("quotes:6: $.id: duplicate id \"ok\" (first on line 1)", errors);
        Assert.Contains("quotes:7: $.input: required", errors);
        Assert.Contains("quotes:8: $.tags: expected an array of strings", errors);
        Assert.Contains(errors, e => e.StartsWith("quotes:9: $: not valid JSON", StringComparison.Ordinal));
        Assert.Contains("quotes:10: $: expected an object, one case per line", errors);
        Assert.DoesNotContain(error.Errors, e => e.Line == 1);
        Assert.Equal(error.Errors.OrderBy(e => e.Line).Select(e => e.Line), error.Errors.Select(e => e.Line));
        Assert.Contains("The dataset has", error.Message);
    }

    [Fact]
    public void Text_cases_take_strings_and_refuse_anything_else()
    {
        var dataset = EvalDataset<string, string>.Parse("""{"id": "t", "input": "What does A-1 cost?", "expected": "2.50 EUR"}""", CaseReader.Text);
        Assert.Equal("What does A-1 cost?", dataset[0].Input);
        Assert.Equal("2.50 EUR", dataset[0].Expected);

        var error = Assert.Throws<EvalDatasetException>(() => EvalDataset<string, string>.Parse("""{"id": "t", "input": {"q": 1}}""", CaseReader.Text));
        Assert.Equal("dataset:1: $.input: expected a string", Assert.Single(error.Errors).ToString());
    }

    [Fact]
    public void A_file_is_named_after_itself_and_its_errors_say_which_file()
    {
        var directory = Directory.CreateTempSubdirectory("evals");
        try
        {
            var path = Path.Combine(directory.FullName, "prices.jsonl");
            File.WriteAllText(path, "{\"id\": \"p\", \"input\": \"hi\"}\n{\"id\": \"p\", \"input\": \"again\"}\n");
            var error = Assert.Throws<EvalDatasetException>(() => EvalDataset<string, string>.Load(path, CaseReader.Text));
            Assert.Equal("prices.jsonl:2: $.id: duplicate id \"p\" (first on line 1)", Assert.Single(error.Errors).ToString());

            File.WriteAllText(path, "{\"id\": \"p\", \"input\": \"hi\"}\r\n");
            Assert.Equal("prices", EvalDataset<string, string>.Load(path, CaseReader.Text).Name);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_empty_dataset_is_an_error_not_a_pass()
    {
        var error = Assert.Throws<EvalDatasetException>(() => EvalDataset<string, string>.Parse("// nothing yet\n\n", CaseReader.Text));
        Assert.Equal("the dataset has no cases", Assert.Single(error.Errors).Message);
    }

    [Fact]
    public void Cases_built_in_code_need_unique_ids()
    {
        var error = Assert.Throws<EvalDatasetException>(() => EvalDataset<string, string>.Create("code",
            [new EvalCase<string, string> { Id = "a", Input = "1" }, new EvalCase<string, string> { Id = "a", Input = "2" }, new EvalCase<string, string> { Id = " ", Input = "3" }]));
        Assert.Equal(["code:2: $.id: duplicate id \"a\" (first at case 1)", "code:3: $.id: must not be empty"], error.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Cases_can_be_filtered_by_tag()
    {
        var dataset = EvalDataset<string, string>.Parse("""
            {"id": "a", "input": "1", "tags": ["hard"]}
            {"id": "b", "input": "2", "tags": ["easy"]}
            {"id": "c", "input": "3"}
            """, CaseReader.Text);
        Assert.Equal(["a"], dataset.WithTags("hard").Select(c => c.Id));
        Assert.Equal(3, dataset.WithTags().Count);
    }

    [Fact]
    public void Real_runs_become_cases_that_read_back()
    {
        var trace = new RunTrace
        {
            AgentName = "manager",
            Steps =
            [
                new ToolCallStep
                {
                    ToolName = "quote_agent", CallId = "c1", Index = 0,
                    Agent = new AgentInvocationStep { AgentName = "quote_agent", Status = AgentRunStatus.Completed, Input = """{"customer":"Ada","lines":[{"sku":"A-1","quantity":2}]}""", Text = """{"total":5,"currency":"EUR"}""" },
                },
                new AgentInvocationStep { AgentName = "quote_agent", Status = AgentRunStatus.InvalidOutput, Input = """{"customer":"Bo","lines":[]}""" },
                new AgentInvocationStep { AgentName = "someone_else", Status = AgentRunStatus.Completed, Input = "hi", Text = "hello" },
            ],
        };
        var jsonl = DatasetCapture.FromInvocations([trace], "quote_agent", "prod");
        var dataset = EvalDataset<QuoteRequest, Quote>.Parse(jsonl, CaseReader.For(Agent));
        Assert.Equal(["prod-1", "prod-2"], dataset.Select(c => c.Id));
        Assert.Equal(new Quote(5, "EUR"), dataset[0].Expected);
        Assert.False(dataset[1].HasExpected);
        Assert.Equal(["quote_agent"], dataset[0].Tags);

        var line = DatasetCapture.FromRun("r1", "What does A-1 cost?", new AgentRunResult(AgentRunStatus.Completed, null, "2.50 EUR", [], new RunTrace { AgentName = "help" }), ["pricing"]);
        Assert.Equal("""{"id":"r1","input":"What does A-1 cost?","expected":"2.50 EUR","tags":["pricing"]}""", line);
    }
}
