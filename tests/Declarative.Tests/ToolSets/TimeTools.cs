namespace Declarative.Tests.ToolSets;

/// <summary>String-encoded scalars: identifiers, dates, times, durations and URIs; and nullables.</summary>
public partial class TimeTools
{
    [Tool(Description = "Echoes a GUID, dates, times, a duration and a URI.")]
    public TimeEcho EchoTimes(Guid id, DateTime at, DateTimeOffset atOffset, DateOnly day, TimeOnly time, TimeSpan duration, Uri link)
        => new(id, at, atOffset, day, time, duration, link);

    [Tool(Description = "Echoes nullable values; each may be null but must be sent.")]
    public NullableEcho EchoNullables(int? count, string? name, Guid? id, DateOnly? day, Color? color)
        => new(count, name, id, day, color);

    [Tool(Description = "Adds days to a date.")]
    public DateOnly AddDays(DateOnly day, int days = 1) => day.AddDays(days);

    [Tool(Description = "Picks a color, or the fallback.")]
    public Color? PickColor(Color? color, Color fallback = Color.DarkBlue) => color ?? fallback;
}
