using Declarative;
using Declarative.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Declarative in a service collection.</summary>
public static class DeclarativeServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="ModelRegistry"/> built from configuration (<c>Declarative:Models</c>) and code,
    /// <see cref="AgentRunOptions"/> through <see cref="IOptions{TOptions}"/> (from <c>Declarative:Run</c>), a
    /// <see cref="DeclarativeRunner"/> that logs runs, tools and approvals, and a start-up check that fails the
    /// host with every configuration error, each naming its path.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The <c>Declarative</c> section; null for <c>Declarative</c> of the container's <see cref="IConfiguration"/>.</param>
    /// <returns>A builder for models, agents and approvals. Calling this again returns a builder over the same registrations.</returns>
    public static DeclarativeBuilder AddDeclarative(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(DeclarativeRegistrations) && d.ImplementationInstance is not null);
        var registrations = existing?.ImplementationInstance as DeclarativeRegistrations;
        if (registrations is null)
        {
            registrations = new DeclarativeRegistrations();
            services.AddSingleton(registrations);
            services.AddOptions();
            services.TryAddSingleton(sp => new DeclarativeSetup(sp, sp.GetRequiredService<DeclarativeRegistrations>()));
            services.TryAddSingleton(sp => sp.GetRequiredService<DeclarativeSetup>().Registry);
            services.TryAddSingleton<IOptionsFactory<AgentRunOptions>, AgentRunOptionsFactory>();
            services.TryAddTransient<DeclarativeRunner>();
            services.AddSingleton<IValidateOptions<DeclarativeStartupCheck>, DeclarativeStartupValidator>();
            services.AddOptions<DeclarativeStartupCheck>().ValidateOnStart();
        }
        if (configuration is not null)
        {
            registrations.Configuration = configuration;
        }
        return new DeclarativeBuilder(services, registrations);
    }
}
