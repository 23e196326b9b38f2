using Declarative.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Declarative.Hosting;

/// <summary>What <see cref="DeclarativeBuilder"/> collected in code, before the container is built.</summary>
internal sealed class DeclarativeRegistrations
{
    public IConfiguration? Configuration { get; set; }

    public List<(string Name, Func<IServiceProvider, IChatClient> Factory, string? ModelId)> Clients { get; } = [];

    public (Func<IServiceProvider, IChatClient> Factory, string? ModelId)? DefaultClient { get; set; }

    public Dictionary<string, Func<ModelSettings, IServiceProvider, IChatClient>> Providers { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [ModelProviders.OpenAI] = CreateOpenAI,
        [ModelProviders.OpenAICompatible] = CreateOpenAI,
    };

    public List<Func<AgentRunOptions, AgentRunOptions>> RunOptions { get; } = [];

    public bool? IncludeContent { get; set; }

    private static IChatClient CreateOpenAI(ModelSettings settings, IServiceProvider services)
        => new OpenAIChatClient(new OpenAIChatClientOptions { BaseUrl = settings.Endpoint, ApiKey = settings.ApiKey, Model = settings.ModelId });
}

/// <summary>
/// The configuration read and checked once per container: the model entries, the run options and the
/// logging choice, and every problem found, each naming its configuration path.
/// </summary>
internal sealed class DeclarativeSetup : IDisposable
{
    private readonly IServiceProvider _services;
    private readonly DeclarativeRegistrations _registrations;
    private readonly List<ModelSettings> _models;
    private readonly string? _defaultModel;
    private readonly List<IDisposable> _owned = [];
    private readonly Lazy<ModelRegistry> _registry;

    public DeclarativeSetup(IServiceProvider services, DeclarativeRegistrations registrations)
    {
        _services = services;
        _registrations = registrations;
        IConfiguration configuration = registrations.Configuration
            ?? (IConfiguration?)services.GetService<IConfiguration>()?.GetSection("Declarative")
            ?? new ConfigurationRoot([]);
        var errors = new List<string>();
        if (configuration is IConfigurationSection section)
        {
            DeclarativeConfiguration.CheckKeys(section, DeclarativeConfiguration.TopKeys, errors, custom: false);
        }
        _models = DeclarativeConfiguration.ReadModels(configuration, registrations.Providers.Keys, Environment.GetEnvironmentVariable, errors);
        var run = DeclarativeConfiguration.ReadRun(configuration, AgentRunOptions.Default, errors);
        foreach (var configure in registrations.RunOptions)
        {
            run = configure(run) ?? throw new InvalidOperationException("A ConfigureRunOptions callback returned null.");
        }
        RunOptions = run;

        var include = configuration["Logging:IncludeContent"];
        if (include is not null && !bool.TryParse(include, out _))
        {
            errors.Add($"{Path(configuration, "Logging:IncludeContent")}: '{include}' is not true or false.");
        }
        IncludeContent = registrations.IncludeContent ?? (bool.TryParse(include, out var on) && on);

        _defaultModel = configuration["DefaultModel"];
        if (!string.IsNullOrWhiteSpace(_defaultModel)
            && !_models.Any(m => Same(m.Name, _defaultModel)) && !registrations.Clients.Any(c => Same(c.Name, _defaultModel))
            // An entry that is there but has errors of its own is reported once, at its own path.
            && !configuration.GetSection("Models").GetChildren().Any(c => Same(c.Key, _defaultModel)))
        {
            var known = _models.Select(m => m.Name).Concat(registrations.Clients.Select(c => c.Name)).ToList();
            errors.Add($"{Path(configuration, "DefaultModel")}: '{_defaultModel}' names no model; known: {(known.Count == 0 ? "none" : string.Join(", ", known))}.");
        }
        Errors = errors;
        _registry = new Lazy<ModelRegistry>(BuildRegistry);
    }

    /// <summary>Every problem found, each beginning with its configuration path.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The run options: configuration, then the code's callbacks.</summary>
    public AgentRunOptions RunOptions { get; }

    /// <summary>The logging views of the agents run in this container.</summary>
    public System.Runtime.CompilerServices.ConditionalWeakTable<IAgent, LoggedAgent> AgentViews { get; } = new();

    /// <summary>Whether logs carry message text, arguments and results.</summary>
    public bool IncludeContent { get; }

    /// <summary>The registry; throws <see cref="OptionsValidationException"/> when the configuration has errors.</summary>
    public ModelRegistry Registry => _registry.Value;

    /// <summary>Throws when the configuration has errors.</summary>
    public void ThrowIfInvalid()
    {
        if (Errors.Count > 0)
        {
            throw new OptionsValidationException("Declarative", typeof(DeclarativeSetup), Errors);
        }
    }

    private ModelRegistry BuildRegistry()
    {
        ThrowIfInvalid();
        var clients = new Dictionary<string, (IChatClient Client, string? ModelId)>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in _models)
        {
            IChatClient client;
            try
            {
                client = _registrations.Providers[model.Provider](model, _services);
            }
            catch (Exception ex) when (ex is not OptionsValidationException)
            {
                throw new InvalidOperationException($"{model.Path}: provider {model.Provider} could not create a client: {ex.Message}", ex);
            }
            _owned.Add(client);
            clients[model.Name] = (client, model.ModelId);
        }
        foreach (var (name, factory, modelId) in _registrations.Clients)
        {
            clients[name] = (factory(_services), modelId ?? name);
        }

        IChatClient? defaultClient = null;
        string? defaultModelId = null;
        if (_registrations.DefaultClient is { } explicitDefault)
        {
            defaultClient = explicitDefault.Factory(_services);
            defaultModelId = explicitDefault.ModelId;
        }
        else if (!string.IsNullOrWhiteSpace(_defaultModel))
        {
            (defaultClient, defaultModelId) = clients[_defaultModel];
        }
        else
        {
            defaultClient = _services.GetService<IChatClient>();
        }

        var registry = new ModelRegistry(defaultClient, defaultModelId);
        foreach (var (name, (client, modelId)) in clients)
        {
            registry.Add(name, client, modelId);
        }
        return registry;
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private static string Path(IConfiguration configuration, string key)
        => configuration is IConfigurationSection section ? section.Path + ":" + key : key;

    private static bool Same(string a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Reports the configuration's errors when the host starts (through <c>ValidateOnStart</c>).</summary>
internal sealed class DeclarativeStartupCheck;

internal sealed class DeclarativeStartupValidator(DeclarativeSetup setup) : IValidateOptions<DeclarativeStartupCheck>
{
    public ValidateOptionsResult Validate(string? name, DeclarativeStartupCheck options)
        => setup.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(setup.Errors);
}

/// <summary>Builds <see cref="AgentRunOptions"/> for <see cref="IOptions{TOptions}"/>: the record is immutable, so it is made, not configured.</summary>
internal sealed class AgentRunOptionsFactory(DeclarativeSetup setup) : IOptionsFactory<AgentRunOptions>
{
    public AgentRunOptions Create(string name)
    {
        setup.ThrowIfInvalid();
        return setup.RunOptions;
    }
}
