using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Declarative.Hosting;

/// <summary>
/// Registers models, agents, approvals and run options for Declarative; returned by
/// <see cref="DeclarativeServiceCollectionExtensions.AddDeclarative(IServiceCollection, IConfiguration?)"/>.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddDeclarative()                 // models and run options from "Declarative" in configuration
///     .AddAgent&lt;CustomerServiceAgent&gt;()            // its [UseTools] dependencies come from the container
///     .AddApprovalHandler&lt;StaffApprovals&gt;();
/// </code>
/// </example>
public sealed class DeclarativeBuilder
{
    internal DeclarativeBuilder(IServiceCollection services, DeclarativeRegistrations registrations)
    {
        Services = services;
        Registrations = registrations;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    internal DeclarativeRegistrations Registrations { get; }

    /// <summary>Registers a chat client in code for a model name or tier (it overrides a configured entry of that name).</summary>
    /// <param name="nameOrTier">What agents ask for.</param>
    /// <param name="client">The client.</param>
    /// <param name="modelId">The model id to request; <paramref name="nameOrTier"/> when omitted.</param>
    public DeclarativeBuilder AddChatClient(string nameOrTier, IChatClient client, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return AddChatClient(nameOrTier, _ => client, modelId);
    }

    /// <summary>Registers a chat client made from the container for a model name or tier.</summary>
    /// <param name="nameOrTier">What agents ask for.</param>
    /// <param name="factory">Makes the client, once.</param>
    /// <param name="modelId">The model id to request; <paramref name="nameOrTier"/> when omitted.</param>
    public DeclarativeBuilder AddChatClient(string nameOrTier, Func<IServiceProvider, IChatClient> factory, string? modelId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrTier);
        ArgumentNullException.ThrowIfNull(factory);
        Registrations.Clients.Add((nameOrTier, factory, modelId));
        return this;
    }

    /// <summary>Serves a model name or tier with the <see cref="IChatClient"/> registered in the container under that key.</summary>
    /// <param name="nameOrTier">What agents ask for, and the service key.</param>
    /// <param name="modelId">The model id to request; <paramref name="nameOrTier"/> when omitted.</param>
    public DeclarativeBuilder AddKeyedChatClient(string nameOrTier, string? modelId = null)
        => AddChatClient(nameOrTier, services => services.GetRequiredKeyedService<IChatClient>(nameOrTier), modelId);

    /// <summary>
    /// Sets the client for agents that name no model (and for unregistered names). Without this, the
    /// <c>Declarative:DefaultModel</c> entry is used, else an unkeyed <see cref="IChatClient"/> from the container.
    /// </summary>
    /// <param name="factory">Makes the client, once.</param>
    /// <param name="modelId">The model id to request from it, or null for the client's own default.</param>
    public DeclarativeBuilder UseDefaultChatClient(Func<IServiceProvider, IChatClient> factory, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Registrations.DefaultClient = (factory, modelId);
        return this;
    }

    /// <summary>Adds a provider that <c>Declarative:Models:&lt;name&gt;:Provider</c> can name.</summary>
    /// <param name="name">The provider's name (case-insensitive).</param>
    /// <param name="factory">Makes a client from an entry's settings; it may read its own keys from <see cref="ModelSettings.Section"/>.</param>
    public DeclarativeBuilder AddProvider(string name, Func<ModelSettings, IServiceProvider, IChatClient> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        Registrations.Providers[name] = factory;
        return this;
    }

    /// <summary>Changes the run options after configuration is read (for what configuration can't hold: prices, handlers).</summary>
    /// <param name="configure">Returns the options to use, e.g. <c>o =&gt; o with { Prices = prices }</c>.</param>
    public DeclarativeBuilder ConfigureRunOptions(Func<AgentRunOptions, AgentRunOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Registrations.RunOptions.Add(configure);
        return this;
    }

    /// <summary>Logs message text, tool arguments and results (off by default: they may hold personal data). Overrides <c>Declarative:Logging:IncludeContent</c>.</summary>
    /// <param name="include">Whether to include content.</param>
    public DeclarativeBuilder IncludeContentInLogs(bool include = true)
    {
        Registrations.IncludeContent = include;
        return this;
    }

    /// <summary>
    /// Registers an agent, made by the container so that its constructor's (<c>[UseTools]</c>) dependencies
    /// are resolved, and an <see cref="IAgentRunner{TAgent}"/> to run it.
    /// </summary>
    /// <typeparam name="TAgent">The agent class.</typeparam>
    /// <param name="lifetime">The agent's lifetime; transient by default, so it may depend on services of any lifetime.</param>
    public DeclarativeBuilder AddAgent<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TAgent>(
        ServiceLifetime lifetime = ServiceLifetime.Transient)
        where TAgent : class, IAgent
    {
        Services.TryAdd(new ServiceDescriptor(typeof(TAgent), typeof(TAgent), lifetime));
        Services.TryAdd(new ServiceDescriptor(typeof(IAgentRunner<TAgent>),
            services => new HostedAgentRunner<TAgent>(services.GetRequiredService<TAgent>(), services.GetRequiredService<DeclarativeRunner>()),
            lifetime == ServiceLifetime.Singleton ? ServiceLifetime.Singleton : lifetime));
        return this;
    }

    /// <summary>Registers the approval handler that runs use when their options name none.</summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="lifetime">Its lifetime; singleton by default.</param>
    public DeclarativeBuilder AddApprovalHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where THandler : class, IToolApprovalHandler
    {
        Services.Replace(new ServiceDescriptor(typeof(IToolApprovalHandler), typeof(THandler), lifetime));
        return this;
    }
}
