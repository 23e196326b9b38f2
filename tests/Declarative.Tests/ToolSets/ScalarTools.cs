using System.ComponentModel;

namespace Declarative.Tests.ToolSets;

/// <summary>Every scalar kind, echoed back so a misread value shows up in the result.</summary>
public partial class ScalarTools
{
    [Tool(Description = "Echoes one value of every integral type.")]
    public IntegerEcho EchoIntegers(sbyte sb, byte b, short s, ushort us, int i, uint ui, long l, ulong ul)
        => new(sb, b, s, us, i, ui, l, ul);

    [Tool(Description = "Echoes floating-point and decimal values.")]
    public FloatEcho EchoFloats(float f, double d, decimal m) => new(f, d, m);

    [Tool(Description = "Echoes a string, a character and a boolean.")]
    public TextEcho EchoText(string text, char letter, bool flag) => new(text, letter, flag);

    [Tool(Description = "Formats its arguments; every parameter has a default.")]
    public string Describe(
        [Description("A free-form note.")] string? note = null,
        bool loud = false,
        double ratio = 0.25,
        string greeting = "hi",
        char mark = '*',
        Priority priority = Priority.Normal,
        long big = 5,
        decimal price = 1.5m)
    {
        var text = FormattableString.Invariant($"{greeting}{mark}{note ?? "-"}{mark}{ratio}{mark}{priority}{mark}{big}{mark}{price}");
        return loud ? text.ToUpperInvariant() : text;
    }
}
