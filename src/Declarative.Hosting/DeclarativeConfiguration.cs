using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Declarative.Hosting;

/// <summary>One model entry of <c>Declarative:Models</c>, as read from configuration.</summary>
/// <param name="Name">The name or tier agents ask for (the entry's key).</param>
/// <param name="Path">The entry's configuration path, e.g. <c>Declarative:Models:small</c>.</param>
/// <param name="Provider">The provider: <c>OpenAI</c>, <c>OpenAICompatible</c>, or one added with <see cref="DeclarativeBuilder.AddProvider"/>.</param>
/// <param name="Endpoint">The endpoint, when given.</param>
/// <param name="ApiKey">The API key (read from <c>ApiKey</c> or the variable named by <c>ApiKeyEnvironmentVariable</c>).</param>
/// <param name="ModelId">The model id to request; the name when not given.</param>
/// <param name="Section">The whole section, for a custom provider's own settings.</param>
public sealed record ModelSettings(string Name, string Path, string Provider, Uri? Endpoint, string? ApiKey, string ModelId, IConfigurationSection Section);

/// <summary>
/// Reads the <c>Declarative</c> configuration section by hand (no reflection, so trimming and Native AOT
/// stay clean), collecting every problem with its configuration path rather than stopping at the first.
/// </summary>
internal static class DeclarativeConfiguration
{
    internal static readonly string[] ModelKeys = ["Provider", "Endpoint", "ApiKey", "ApiKeyEnvironmentVariable", "ModelId"];
    internal static readonly string[] RunKeys =
    [
        "MaxIterations", "MaxConsecutiveErrors", "ToolTimeout", "RunTimeout", "MaxOutputRetries", "MaxParallelToolCalls",
        "RecordContent", "UseStrictToolSchemas", "Temperature", "MaxOutputTokens", "Budget",
    ];
    internal static readonly string[] BudgetKeys = ["MaxInputTokens", "MaxOutputTokens", "MaxTotalTokens", "MaxCost"];
    internal static readonly string[] TopKeys = ["Models", "DefaultModel", "Run", "Logging"];

    /// <summary>Reads the model entries; problems go to <paramref name="errors"/>.</summary>
    public static List<ModelSettings> ReadModels(IConfiguration root, ICollection<string> knownProviders, Func<string, string?> environment, List<string> errors)
    {
        var models = new List<ModelSettings>();
        foreach (var entry in root.GetSection("Models").GetChildren())
        {
            var path = entry.Path;
            CheckKeys(entry, ModelKeys, errors, custom: true);
            var provider = entry["Provider"];
            if (string.IsNullOrWhiteSpace(provider))
            {
                errors.Add($"{path}:Provider: required; one of {string.Join(", ", knownProviders)}.");
                continue;
            }
            var known = knownProviders.FirstOrDefault(p => string.Equals(p, provider, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                errors.Add($"{path}:Provider: unknown provider '{provider}'; known: {string.Join(", ", knownProviders)}.");
                continue;
            }

            Uri? endpoint = null;
            var endpointText = entry["Endpoint"];
            if (!string.IsNullOrWhiteSpace(endpointText))
            {
                if (!Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                {
                    errors.Add($"{path}:Endpoint: '{endpointText}' is not an absolute http or https URL.");
                    continue;
                }
            }

            var apiKey = entry["ApiKey"];
            var variable = entry["ApiKeyEnvironmentVariable"];
            if (string.IsNullOrEmpty(apiKey) && !string.IsNullOrWhiteSpace(variable))
            {
                apiKey = environment(variable);
                if (string.IsNullOrEmpty(apiKey))
                {
                    errors.Add($"{path}:ApiKeyEnvironmentVariable: the environment variable '{variable}' is not set.");
                    continue;
                }
            }

            if (string.Equals(known, ModelProviders.OpenAI, StringComparison.Ordinal) && string.IsNullOrEmpty(apiKey))
            {
                errors.Add($"{path}:ApiKey: required for provider OpenAI (or name a variable in {path}:ApiKeyEnvironmentVariable).");
                continue;
            }
            if (string.Equals(known, ModelProviders.OpenAICompatible, StringComparison.Ordinal) && endpoint is null)
            {
                errors.Add($"{path}:Endpoint: required for provider OpenAICompatible (e.g. http://localhost:11434/v1 for Ollama).");
                continue;
            }
            var modelId = entry["ModelId"];
            models.Add(new ModelSettings(entry.Key, path, known, endpoint, string.IsNullOrEmpty(apiKey) ? null : apiKey,
                string.IsNullOrWhiteSpace(modelId) ? entry.Key : modelId, entry));
        }
        return models;
    }

    /// <summary>Reads <c>Run</c> into run options over <paramref name="start"/>; problems go to <paramref name="errors"/>.</summary>
    public static AgentRunOptions ReadRun(IConfiguration root, AgentRunOptions start, List<string> errors)
    {
        var run = root.GetSection("Run");
        var options = start;
        if (!run.Exists())
        {
            return options;
        }
        CheckKeys(run, RunKeys, errors, custom: false);
        if (Int(run, "MaxIterations", 1, errors) is { } maxIterations) options = options with { MaxIterations = maxIterations };
        if (Int(run, "MaxConsecutiveErrors", 1, errors) is { } maxErrors) options = options with { MaxConsecutiveErrors = maxErrors };
        if (Int(run, "MaxOutputRetries", 0, errors) is { } retries) options = options with { MaxOutputRetries = retries };
        if (Int(run, "MaxParallelToolCalls", 1, errors) is { } parallel) options = options with { MaxParallelToolCalls = parallel };
        if (Int(run, "MaxOutputTokens", 1, errors) is { } maxTokens) options = options with { MaxOutputTokens = maxTokens };
        if (Time(run, "ToolTimeout", errors) is { } toolTimeout) options = options with { ToolTimeout = toolTimeout };
        if (Time(run, "RunTimeout", errors) is { } runTimeout) options = options with { RunTimeout = runTimeout };
        if (Bool(run, "RecordContent", errors) is { } record) options = options with { RecordContent = record };
        if (Bool(run, "UseStrictToolSchemas", errors) is { } strict) options = options with { UseStrictToolSchemas = strict };
        if (run["Temperature"] is { } temperatureText)
        {
            if (float.TryParse(temperatureText, NumberStyles.Float, CultureInfo.InvariantCulture, out var temperature) && temperature is >= 0 and <= 2)
            {
                options = options with { Temperature = temperature };
            }
            else
            {
                errors.Add($"{run.Path}:Temperature: '{temperatureText}' is not a number from 0 to 2.");
            }
        }
        var budget = run.GetSection("Budget");
        if (budget.Exists())
        {
            CheckKeys(budget, BudgetKeys, errors, custom: false);
            var b = options.Budget ?? new UsageBudget();
            if (Long(budget, "MaxInputTokens", errors) is { } input) b = b with { MaxInputTokens = input };
            if (Long(budget, "MaxOutputTokens", errors) is { } output) b = b with { MaxOutputTokens = output };
            if (Long(budget, "MaxTotalTokens", errors) is { } total) b = b with { MaxTotalTokens = total };
            if (budget["MaxCost"] is { } costText)
            {
                if (decimal.TryParse(costText, NumberStyles.Number, CultureInfo.InvariantCulture, out var cost) && cost >= 0)
                {
                    b = b with { MaxCost = cost };
                }
                else
                {
                    errors.Add($"{budget.Path}:MaxCost: '{costText}' is not a non-negative number.");
                }
            }
            options = options with { Budget = b };
        }
        return options;
    }

    /// <summary>Reports keys of a section that are not settings, with a "did you mean".</summary>
    public static void CheckKeys(IConfigurationSection section, string[] known, List<string> errors, bool custom)
    {
        foreach (var child in section.GetChildren())
        {
            if (known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            var close = known.Select(k => (Key: k, Distance: Distance(k.ToLowerInvariant(), child.Key.ToLowerInvariant())))
                .Where(x => x.Distance <= Math.Max(2, x.Key.Length / 4)).OrderBy(x => x.Distance).Select(x => x.Key).FirstOrDefault();
            // Custom providers may read settings of their own; only a near-miss of a known key is certainly a typo there.
            if (custom && close is null)
            {
                continue;
            }
            errors.Add($"{child.Path}: unknown setting" + (close is null ? $"; known: {string.Join(", ", known)}." : $"; did you mean '{close}'?"));
        }
    }

    private static int? Int(IConfigurationSection s, string key, int min, List<string> errors)
    {
        if (s[key] is not { } text) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min) return value;
        errors.Add($"{s.Path}:{key}: '{text}' is not a whole number of at least {min}.");
        return null;
    }

    private static long? Long(IConfigurationSection s, string key, List<string> errors)
    {
        if (s[key] is not { } text) return null;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0) return value;
        errors.Add($"{s.Path}:{key}: '{text}' is not a non-negative whole number.");
        return null;
    }

    private static bool? Bool(IConfigurationSection s, string key, List<string> errors)
    {
        if (s[key] is not { } text) return null;
        if (bool.TryParse(text, out var value)) return value;
        errors.Add($"{s.Path}:{key}: '{text}' is not true or false.");
        return null;
    }

    private static TimeSpan? Time(IConfigurationSection s, string key, List<string> errors)
    {
        if (s[key] is not { } text) return null;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero) return value;
        errors.Add($"{s.Path}:{key}: '{text}' is not a positive time span like 00:02:00.");
        return null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
