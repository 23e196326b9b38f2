using System.Reflection;
using Declarative.Testing;

namespace ReflectionSample;

/// <summary>The offline stand-in for a model: a recorded script of its answers, embedded in the sample.</summary>
internal static class Recordings
{
    /// <summary>Loads <c>Scripts/{name}.json</c> into a client that replays it in order.</summary>
    public static ScriptedChatClient Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Scripts/" + name + ".json")
            ?? throw new InvalidOperationException($"The recorded script '{name}.json' is not embedded in the sample.");
        using var reader = new StreamReader(stream);
        return RecordedScript.Parse(reader.ReadToEnd());
    }
}
