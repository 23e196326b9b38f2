using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Declarative.Serialization;
using Xunit;

namespace Declarative.Tests;

/// <summary>
/// The runtime reads and writes the usual numbers (plain digits, a fraction, no exponent) and plain
/// ASCII text without System.Text.Json's general parsers and formatters. These tests hold the fast
/// paths to exactly what System.Text.Json produces: the same value bit for bit, the same text byte for byte.
/// </summary>
public sealed class FastPathTests
{
    private const int RandomCases = 50_000;

    public static TheoryData<string> Numbers() =>
    [
        "0", "-0", "0.0", "-0.0", "0.000", "-0.00", "1", "-1", "7", "12", "255", "-7", "9000000000",
        "0.1", "0.2", "0.3", "1.5", "2.5", "3.14159", "19.99", "19.990", "149.5", "2.25", "-12.375",
        "0.0001", "0.00001", "0.1000000000000000055511151231257827", "123456789012345678", "1234567890123456789",
        "12345678901234567890", "18446744073709551615", "18446744073709551616", "9007199254740992", "9007199254740993",
        "16777216", "16777217", "0.30000000000000004", "1e2", "1E-2", "-1.5e+3", "79228162514264337593543950335",
        "79228162514264337593543950336", "0.0000000000000000000000000001", "0.00000000000000000000000000001",
        "0.00000000000000000000000000010", "1.0000000000000000000000000000", "4.9406564584124654e-324", "1.7976931348623157e308",
        "3.4028235e38", "3.4028236e38", "1e39", "123.45678901234567890123",
    ];

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Known_numbers_read_as_System_Text_Json_reads_them(string number) => AssertReadsAlike(number);

    [Fact]
    public void Random_numbers_read_as_System_Text_Json_reads_them()
    {
        var random = new Random(20261121);
        for (var i = 0; i < RandomCases; i++)
        {
            AssertReadsAlike(RandomNumber(random));
        }
    }

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Known_numbers_write_as_System_Text_Json_writes_them(string number)
    {
        var reader = Reader(number);
        if (reader.TryGetDouble(out var d) && double.IsFinite(d))
        {
            AssertWritesAlike(d);
            AssertWritesAlike(-d);
        }
        if (reader.TryGetDecimal(out var m))
        {
            AssertWritesAlike(m);
            AssertWritesAlike(-m);
        }
    }

    [Fact]
    public void Random_doubles_write_as_System_Text_Json_writes_them()
    {
        var random = new Random(1121);
        for (var i = 0; i < RandomCases; i++)
        {
            var value = (i % 6) switch
            {
                0 => BitConverter.Int64BitsToDouble(random.NextInt64()),
                1 => random.NextDouble() * Math.Pow(10, random.Next(-7, 18)),
                2 => Math.Round(random.NextDouble() * Math.Pow(10, random.Next(0, 16)), random.Next(0, 8)),
                // Powers of ten and their neighbours, where the notation and the digit count change.
                3 => Math.Pow(10, random.Next(-7, 18)) * (1 + ((random.Next(3) - 1) * Math.Pow(2, -52))),
                4 => Neighbour(double.Parse(RandomNumber(random), CultureInfo.InvariantCulture), random.Next(-2, 3)),
                _ => random.Next(-100_000, 100_000) / Math.Pow(10, random.Next(0, 6)),
            };
            if (double.IsFinite(value))
            {
                AssertWritesAlike(value);
            }
        }

        static double Neighbour(double value, int steps) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(value) + steps);
    }

    [Fact]
    public void Random_decimals_write_as_System_Text_Json_writes_them()
    {
        var random = new Random(2026);
        for (var i = 0; i < RandomCases; i++)
        {
            var value = (i % 3) switch
            {
                0 => new decimal(random.Next(), random.Next(4) == 0 ? 0 : random.Next(), random.Next(3) == 0 ? random.Next() : 0, random.Next(2) == 0, (byte)random.Next(29)),
                1 => new decimal(random.Next(100_000), 0, 0, random.Next(2) == 0, (byte)random.Next(8)),
                _ => decimal.Parse(RandomNumber(random, exponents: false), NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            AssertWritesAlike(value);
        }
    }

    [Fact]
    public void Non_finite_doubles_are_refused_as_before()
    {
        Assert.Throws<ArgumentException>(() => JsonWrite.ToResult(double.NaN));
        Assert.Throws<ArgumentException>(() => JsonWrite.ToResult(double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new JsonResultWriter().WriteNumberValue(double.NegativeInfinity));
    }

    [Theory]
    [InlineData("\"name\"", "name")]
    [InlineData("\"n\\u0061me\"", "name")]
    [InlineData("\"\\u00e9t\\u00e9\"", "été")]
    [InlineData("\"été\"", "été")]
    [InlineData("\"\"", "")]
    public void Utf8Text_is_the_unescaped_text(string json, string expected)
    {
        var reader = Ours(json);
        var theirs = Reader(json);

        Assert.Equal(Encoding.UTF8.GetBytes(expected), JsonRead.Utf8Text(ref reader).ToArray());
        Assert.True(theirs.ValueTextEquals(expected));
    }

    [Theory]
    [InlineData("\"plain ascii\"")]
    [InlineData("\"\"")]
    [InlineData("\"tab\\there\"")]
    [InlineData("\"\\u0041\\n\"")]
    [InlineData("\"caf\u00e9\"")]
    [InlineData("\"\u00e9t\u00e9 \ud83d\ude00\"")]
    [InlineData("{\"key\":1}")]
    [InlineData("{\"k\\u0065y\":1}")]
    [InlineData("{\"cl\u00e9\":1}")]
    public void GetString_returns_what_the_reader_returns(string json)
    {
        var reader = Ours(json);
        var theirs = Reader(json);
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            reader.Read();
            theirs.Read();
        }

        Assert.Equal(theirs.GetString(), reader.GetString());
    }

    // Generated readers match names on their unescaped bytes: escapes must change nothing.
    [Fact]
    public async Task Escaped_property_names_and_enum_values_read_as_unescaped_ones()
    {
        var plain = await new ToolSets.Store().InvokeAsync("get_item_price", """{"itemId":"SG-1","color":"dark-blue","qty":2}""");
        var escaped = await new ToolSets.Store().InvokeAsync("get_item_price", """{"\u0069temId":"SG-1","c\u006Flor":"dark\u002Dblue","q\u0074y":2}""");

        Assert.False(plain.IsError, plain.ToString());
        Assert.Equal(plain.ToString(), escaped.ToString());
    }

    [Fact]
    public async Task A_name_sent_twice_once_escaped_is_a_duplicate()
    {
        var result = await new ToolSets.Store().InvokeAsync("get_item_price", """{"itemId":"SG-1","\u0069temId":"SG-2"}""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.itemId", error.Path);
        Assert.Equal("property appears more than once", error.Message);
    }

    [Fact]
    public async Task A_dictionary_key_sent_twice_once_escaped_is_a_duplicate()
    {
        var result = await new ToolSets.CollectionTools().InvokeAsync("merge_counts", """{"counts":{"a":1,"\u0061":2}}""");

        Assert.Contains(result.Errors, e => e.Path == "$.counts.a" && e.Message == "property appears more than once");
    }

    private static void AssertReadsAlike(string number)
    {
        var context = JsonReadContext.Rent(ToolInvocationOptions.Default);
        try
        {
            var reader = Reader(number);
            var ok = reader.TryGetDecimal(out var expectedDecimal);
            var ours = Ours(number);
            Assert.Equal(ok, JsonRead.TryReadDecimal(ref ours, context, out var actualDecimal));
            if (ok)
            {
                // Bits, not value: 1.50 and 1.5 are equal but write differently.
                Assert.Equal(decimal.GetBits(expectedDecimal), decimal.GetBits(actualDecimal));
            }

            reader = Reader(number);
            ok = reader.TryGetDouble(out var expectedDouble) && double.IsFinite(expectedDouble);
            ours = Ours(number);
            Assert.Equal(ok, JsonRead.TryReadDouble(ref ours, context, out var actualDouble));
            if (ok)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expectedDouble), BitConverter.DoubleToInt64Bits(actualDouble));
            }

            reader = Reader(number);
            ok = reader.TryGetSingle(out var expectedSingle) && float.IsFinite(expectedSingle);
            ours = Ours(number);
            Assert.Equal(ok, JsonRead.TryReadSingle(ref ours, context, out var actualSingle));
            if (ok)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(expectedSingle), BitConverter.SingleToInt32Bits(actualSingle));
            }
        }
        finally
        {
            JsonReadContext.Return(context);
        }
    }

    private static void AssertWritesAlike(double value)
    {
        var expected = Written(w => w.WriteNumberValue(value));
        Assert.Equal(expected, Ours(w => w.WriteNumberValue(value)));
        Assert.Equal(expected, Encoding.UTF8.GetString(JsonWrite.ToResult(value).Utf8Json.Span));
        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), expected);
    }

    private static void AssertWritesAlike(decimal value)
    {
        var expected = Written(w => w.WriteNumberValue(value));
        Assert.Equal(expected, Ours(w => w.WriteNumberValue(value)));
        Assert.Equal(expected, Encoding.UTF8.GetString(JsonWrite.ToResult(value).Utf8Json.Span));
    }

    private static string Ours(Action<JsonResultWriter> write)
    {
        var writer = new JsonResultWriter();
        // Inside an array, so a value written directly must also get its separator right.
        writer.WriteStartArray();
        write(writer);
        write(writer);
        writer.WriteEndArray();
        var text = Encoding.UTF8.GetString(writer.WrittenSpan);
        return text[1..text.IndexOf(',', StringComparison.Ordinal)];
    }

    private static string Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            // Inside an array, so a value written raw must also get its separator right.
            writer.WriteStartArray();
            write(writer);
            write(writer);
            writer.WriteEndArray();
        }
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        return text[1..text.IndexOf(',', StringComparison.Ordinal)];
    }

    private static JsonTokenReader Ours(string json)
    {
        var reader = new JsonTokenReader(Encoding.UTF8.GetBytes(json), default);
        reader.Read();
        return reader;
    }

    private static Utf8JsonReader Reader(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return reader;
    }

    // Digit strings of every length around the fast paths' limits, with and without fractions,
    // zeros and nines, and now and then an exponent.
    private static string RandomNumber(Random random, bool exponents = true)
    {
        var text = new StringBuilder();
        if (random.Next(3) == 0)
        {
            text.Append('-');
        }
        if (random.Next(4) == 0)
        {
            text.Append('0');
        }
        else
        {
            text.Append((char)('1' + random.Next(9)));
            var length = random.Next(4) == 0 ? 0 : random.Next(0, 21);
            for (var i = 0; i < length; i++)
            {
                text.Append(Digit(random));
            }
        }
        if (random.Next(3) != 0)
        {
            text.Append('.');
            var length = random.Next(1, random.Next(2) == 0 ? 6 : 32);
            for (var i = 0; i < length; i++)
            {
                text.Append(Digit(random));
            }
        }
        if (exponents && random.Next(12) == 0)
        {
            text.Append(random.Next(2) == 0 ? 'e' : 'E');
            text.Append(random.Next(3) switch { 0 => "-", 1 => "+", _ => "" });
            text.Append(random.Next(0, 30).ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();

        static char Digit(Random random) => random.Next(3) == 0 ? (random.Next(2) == 0 ? '0' : '9') : (char)('0' + random.Next(10));
    }
}
