using System.Reflection;

namespace Declarative;

/// <summary>Loads agent instructions kept in files embedded as resources.</summary>
public static class AgentInstructions
{
    /// <summary>Reads an embedded resource as text: by exact name, else the one resource whose name ends with <c>.</c> + <paramref name="name"/>.</summary>
    /// <param name="assembly">The assembly holding the resource.</param>
    /// <param name="name">The resource's logical name or file name.</param>
    /// <exception cref="InvalidOperationException">No such resource, or more than one match.</exception>
    public static string FromResource(Assembly assembly, string name)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var names = assembly.GetManifestResourceNames();
        var match = names.Contains(name) ? name : null;
        if (match is null)
        {
            var candidates = names.Where(n => n.EndsWith("." + name, StringComparison.Ordinal)).ToList();
            match = candidates.Count == 1 ? candidates[0] : null;
            if (candidates.Count > 1)
            {
                throw new InvalidOperationException($"Several embedded resources match '{name}': {string.Join(", ", candidates)}. Use the full name.");
            }
        }
        if (match is null)
        {
            throw new InvalidOperationException($"No embedded resource '{name}' in {assembly.GetName().Name}. Add <EmbeddedResource Include=\"...\" LogicalName=\"{name}\" /> to the project.");
        }
        using var stream = assembly.GetManifestResourceStream(match)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
