using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace Declarative.Serialization;

/// <summary>Writes results for generated code: compact UTF-8 JSON, shaped as System.Text.Json would write it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonWrite
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Writes <paramref name="value"/> with a generated writer into a successful <see cref="ToolResult"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="value">The tool's return value.</param>
    /// <param name="write">The generated writer (a static lambda, so no allocation per call).</param>
    public static ToolResult ToResult<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);

        // One buffer and writer per thread; taken out of the slot while in use, so a writer that
        // (through a user's property getter) ends up writing another result gets fresh ones.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        var writer = t_writer;
        t_buffer = null;
        t_writer = null;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer);
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            write(writer, value);
            writer.Flush();
            return ToolResult.Success(buffer.WrittenSpan.ToArray());
        }
        finally
        {
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= 64 * 1024)
            {
                t_buffer = buffer;
                writer.Reset(Stream.Null);
                t_writer = writer;
            }
        }
    }

    /// <summary>Writes a string or null.</summary>
    public static void String(Utf8JsonWriter writer, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    /// <summary>Writes a character as a one-character string.</summary>
    public static void Char(Utf8JsonWriter writer, char value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue([value]);
    }

    /// <summary>Writes a date as <c>yyyy-MM-dd</c>.</summary>
    public static void DateOnly(Utf8JsonWriter writer, DateOnly value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a time of day as System.Text.Json does: <c>HH:mm:ss</c>, or <c>HH:mm:ss.fffffff</c> with a fraction.</summary>
    public static void TimeOnly(Utf8JsonWriter writer, TimeOnly value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var format = value.Ticks % System.TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.fffffff";
        writer.WriteStringValue(value.ToString(format, CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a time span in the constant (<c>c</c>) format.</summary>
    public static void TimeSpan(Utf8JsonWriter writer, TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString("c", CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a URI as its original string, or null.</summary>
    public static void Uri(Utf8JsonWriter writer, Uri? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.OriginalString);
        }
    }

    /// <summary>Writes any JSON value, or null.</summary>
    public static void JsonNode(Utf8JsonWriter writer, System.Text.Json.Nodes.JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    /// <summary>Writes a value of a type the generator cannot describe, through System.Text.Json.</summary>
    public static void WithSerializer<T>(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        JsonSerializer.Serialize(writer, value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
    }
}
