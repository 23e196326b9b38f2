using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Declarative.Tests.Support;

public static class NJsonValidation
{
    /// <summary>
    /// NJsonSchema 10.7.2 throws InvalidCastException ("Object must implement IConvertible") when it
    /// checks an integer beyond Int64 (Newtonsoft reads those as BigInteger) against a bound. For such
    /// members of the top-level object, the bounds are checked here on decimals and the member is
    /// replaced by 0 (within every CLR integer range) before NJsonSchema validates the rest.
    /// </summary>
    public static List<string> Validate(JsonSchema schema, JsonElement schemaElement, string json)
    {
        var errors = new List<string>();
        if (JsonNode.Parse(json) is JsonObject members && schemaElement.TryGetProperty("properties", out var properties))
        {
            foreach (var (name, value) in members.ToList())
            {
                if (value is not JsonValue number || number.GetValueKind() != JsonValueKind.Number || number.TryGetValue<long>(out _))
                {
                    continue;
                }
                var text = number.ToJsonString();
                if (text.Contains('.') || text.Contains('e') || text.Contains('E') || !decimal.TryParse(text, CultureInfo.InvariantCulture, out var big))
                {
                    continue;
                }
                if (properties.TryGetProperty(name, out var property))
                {
                    if (property.TryGetProperty("minimum", out var minimum) && big < minimum.GetDecimal())
                    {
                        errors.Add($"{name}: {big} is below the minimum {minimum}");
                    }
                    if (property.TryGetProperty("maximum", out var maximum) && big > maximum.GetDecimal())
                    {
                        errors.Add($"{name}: {big} is above the maximum {maximum}");
                    }
                }
                members[name] = 0;
            }
            json = members.ToJsonString();
        }
        errors.AddRange(schema.Validate(json).Select(e => e.ToString()));
        return errors;
    }
}
