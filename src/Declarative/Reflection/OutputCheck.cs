namespace Declarative.Reflection;

/// <summary>
/// One check of an agent's typed answer, as the reflection loop runs it. Generated for <see cref="CheckAttribute"/>
/// methods; build one yourself for a check known only at run time.
/// </summary>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public sealed class OutputCheck<TOutput>
{
    private readonly Func<TOutput, CancellationToken, ValueTask<CheckResult>> _run;

    /// <summary>Creates a check.</summary>
    /// <param name="name">Its name in results, traces and spans.</param>
    /// <param name="run">The check.</param>
    /// <param name="independent">Whether it may run at the same time as other independent checks.</param>
    public OutputCheck(string name, Func<TOutput, CancellationToken, ValueTask<CheckResult>> run, bool independent = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(run);
        Name = name;
        _run = run;
        Independent = independent;
    }

    /// <summary>Creates a synchronous check.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="run">The check.</param>
    /// <param name="independent">Whether it may run at the same time as other independent checks.</param>
    public static OutputCheck<TOutput> Create(string name, Func<TOutput, CheckResult> run, bool independent = true)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new OutputCheck<TOutput>(name, (value, _) => new ValueTask<CheckResult>(run(value)), independent);
    }

    /// <summary>Its name.</summary>
    public string Name { get; }

    /// <summary>Whether it may run at the same time as other independent checks.</summary>
    public bool Independent { get; }

    /// <summary>Runs the check.</summary>
    /// <param name="candidate">The candidate answer.</param>
    /// <param name="cancellationToken">Stops it.</param>
    public ValueTask<CheckResult> RunAsync(TOutput candidate, CancellationToken cancellationToken) => _run(candidate, cancellationToken);
}
