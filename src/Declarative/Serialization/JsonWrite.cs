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
    private static JsonResultWriter? t_writer;

    /// <summary>Writes <paramref name="value"/> with a generated writer into a successful <see cref="ToolResult"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="value">The tool's return value.</param>
    /// <param name="write">The generated writer (a static lambda or method group, so no allocation per call).</param>
    public static ToolResult ToResult<T>(T value, Action<JsonResultWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);

        // One writer per thread, reused. A writer that (through a user's property getter) ends up
        // writing another result finds the cached one busy and uses a fresh one.
        var cached = t_writer ??= new JsonResultWriter();
        if (cached.InUse)
        {
            var fresh = new JsonResultWriter();
            write(fresh, value);
            return ToolResult.Success(fresh.WrittenSpan.ToArray());
        }

        cached.InUse = true;
        try
        {
            write(cached, value);
            return ToolResult.Success(cached.WrittenSpan.ToArray());
        }
        finally
        {
            cached.Reset();
            cached.InUse = false;
            if (cached.Capacity > 64 * 1024)
            {
                t_writer = null;
            }
        }
    }

    /// <summary>A successful result holding an integer, formatted as System.Text.Json writes it.</summary>
    public static ToolResult ToResult(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        return ToolResult.Success(digits[..written].ToArray());
    }

    /// <summary>A successful result holding an unsigned integer.</summary>
    public static ToolResult ToResult(ulong value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        return ToolResult.Success(digits[..written].ToArray());
    }

    /// <summary>A successful result holding a decimal, formatted as System.Text.Json writes it.</summary>
    public static ToolResult ToResult(decimal value)
    {
        Span<byte> digits = stackalloc byte[JsonNumbers.MaxFormattedLength];
        if (!JsonNumbers.TryFormatDecimal(value, digits, out var written))
        {
            value.TryFormat(digits, out written, default, CultureInfo.InvariantCulture);
        }
        return ToolResult.Success(digits[..written].ToArray());
    }

    /// <summary>A successful result holding a double, in its shortest round-trip form (as System.Text.Json writes it).</summary>
    /// <exception cref="ArgumentException">The value is NaN or infinite, which JSON cannot hold.</exception>
    public static ToolResult ToResult(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"The result {value} is not a finite number; JSON cannot represent it.", nameof(value));
        }
        Span<byte> digits = stackalloc byte[JsonNumbers.MaxFormattedLength];
        if (!JsonNumbers.TryFormatDouble(value, digits, out var written))
        {
            value.TryFormat(digits, out written, default, CultureInfo.InvariantCulture);
        }
        return ToolResult.Success(digits[..written].ToArray());
    }

    /// <summary>A successful result holding a float, in its shortest round-trip form.</summary>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public static ToolResult ToResult(float value)
    {
        if (!float.IsFinite(value))
        {
            throw new ArgumentException($"The result {value} is not a finite number; JSON cannot represent it.", nameof(value));
        }
        Span<byte> digits = stackalloc byte[32];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        return ToolResult.Success(digits[..written].ToArray());
    }

    /// <summary>A successful result holding a boolean.</summary>
    public static ToolResult ToResult(bool value) => value ? TrueResult : FalseResult;

    private static readonly ToolResult TrueResult = ToolResult.Success("true"u8.ToArray());
    private static readonly ToolResult FalseResult = ToolResult.Success("false"u8.ToArray());

    /// <summary>Writes a string or null.</summary>
    public static void String(JsonResultWriter writer, string? value)
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
    public static void Char(JsonResultWriter writer, char value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }

    /// <summary>Writes a date as <c>yyyy-MM-dd</c>.</summary>
    public static void DateOnly(JsonResultWriter writer, DateOnly value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a time of day as System.Text.Json does: <c>HH:mm:ss</c>, or <c>HH:mm:ss.fffffff</c> with a fraction.</summary>
    public static void TimeOnly(JsonResultWriter writer, TimeOnly value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var format = value.Ticks % System.TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.fffffff";
        writer.WriteStringValue(value.ToString(format, CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a time span in the constant (<c>c</c>) format.</summary>
    public static void TimeSpan(JsonResultWriter writer, TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString("c", CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a URI as its original string, or null.</summary>
    public static void Uri(JsonResultWriter writer, Uri? value)
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
    public static void JsonNode(JsonResultWriter writer, System.Text.Json.Nodes.JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteWithUtf8JsonWriter(value, static (w, node) => node.WriteTo(w));
        }
    }

    /// <summary>Writes a JSON element as it is.</summary>
    public static void JsonElement(JsonResultWriter writer, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteWithUtf8JsonWriter(value, static (w, element) => element.WriteTo(w));
    }

    /// <summary>Writes a value of a type the generator cannot describe, through System.Text.Json.</summary>
    public static void WithSerializer<T>(JsonResultWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        writer.WriteWithUtf8JsonWriter((value, typeInfo), static (w, state) => JsonSerializer.Serialize(w, state.value, state.typeInfo));
    }

    /// <summary>
    /// Writes an argument value as a model or a script gives it: JSON values as they are (an
    /// undefined <see cref="JsonElement"/> as null), strings and booleans directly, and values built in
    /// code as <c>AIFunctionFactory</c> would serialize them (with <c>AIJsonUtilities.DefaultOptions</c>).
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    public static void Value(Utf8JsonWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case null:
            case JsonElement { ValueKind: JsonValueKind.Undefined }:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case JsonDocument document:
                document.RootElement.WriteTo(writer);
                break;
            case System.Text.Json.Nodes.JsonNode node:
                node.WriteTo(writer);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            default:
                JsonSerializer.Serialize(writer, value, Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }
}
