using System.Text.Json;

namespace Declarative.OpenAI.Internal;

/// <summary>The parts of an OpenAI error body, <c>{"error":{"message","type","code","param"}}</c>.</summary>
internal readonly record struct ServerError(string? Message, string? Type, string? Code, string? Param)
{
    public static ServerError FromBody(string body)
    {
        try
        {
            return FromElement(JsonElement.Parse(body));
        }
        catch (JsonException)
        {
            return new ServerError(string.IsNullOrWhiteSpace(body) ? null : Truncate(body.Trim()), null, null, null);
        }
    }

    public static ServerError FromElement(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
        {
            if (error.ValueKind == JsonValueKind.Object)
            {
                return new ServerError(
                    GetString(error, "message"),
                    GetString(error, "type"),
                    error.TryGetProperty("code", out var code) && code.ValueKind is JsonValueKind.String or JsonValueKind.Number ? code.ToString() : null,
                    GetString(error, "param"));
            }
            if (error.ValueKind == JsonValueKind.String)
            {
                return new ServerError(error.GetString(), null, null, null); // Ollama: {"error":"model not found"}
            }
        }
        if (GetString(root, "message") is { } message)
        {
            return new ServerError(message, null, null, null);
        }
        return new ServerError(Truncate(root.GetRawText()), null, null, null);
    }

    /// <summary>The message followed by whichever of type, code and param the server gave.</summary>
    public string Describe()
    {
        var text = Message ?? "(no error message)";
        var details = new List<string>(3);
        if (Type is not null)
        {
            details.Add("type: " + Type);
        }
        if (Code is not null)
        {
            details.Add("code: " + Code);
        }
        if (Param is not null)
        {
            details.Add("param: " + Param);
        }
        return details.Count == 0 ? text : $"{text} ({string.Join(", ", details)})";
    }

    internal static string Truncate(string text, int max = 2000) => text.Length <= max ? text : text[..max] + "...";

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
