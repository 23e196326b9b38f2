using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.OpenAI.Tests;

internal sealed class TestFunction(string name, string? description, string schema, IReadOnlyDictionary<string, object?>? additionalProperties = null)
    : AIFunctionDeclaration
{
    public override string Name => name;

    public override string Description => description ?? "";

    public override JsonElement JsonSchema { get; } = JsonElement.Parse(schema);

    public override IReadOnlyDictionary<string, object?> AdditionalProperties => additionalProperties ?? new Dictionary<string, object?>();
}

internal static class TestSupport
{
    public static OpenAIChatClient Client(FakeChatServer server, Action<OpenAIChatClientOptions>? configure = null)
    {
        var options = new OpenAIChatClientOptions
        {
            BaseUrl = server.BaseUrl,
            ApiKey = "sk-test",
            Model = "test-model",
            InitialRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return new OpenAIChatClient(options);
    }

    /// <summary>Asserts two JSON texts are the same document (property order and whitespace aside).</summary>
    public static void JsonEqual(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        if (!JsonNode.DeepEquals(e, a))
        {
            var options = new JsonSerializerOptions { WriteIndented = true };
            Assert.Fail($"JSON differs.\nExpected:\n{e?.ToJsonString(options)}\nActual:\n{a?.ToJsonString(options)}");
        }
    }

    public static void JsonEqual(string expected, JsonElement actual) => JsonEqual(expected, actual.GetRawText());
}
