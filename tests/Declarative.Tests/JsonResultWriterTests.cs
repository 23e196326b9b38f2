using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Declarative.Serialization;
using Xunit;

namespace Declarative.Tests;

/// <summary>
/// <see cref="JsonResultWriter"/> must write byte for byte what <see cref="Utf8JsonWriter"/> with
/// default options writes for the same calls: these tests drive both with the same random documents.
/// </summary>
public sealed class JsonResultWriterTests
{
    [Fact]
    public void Every_ASCII_character_is_written_as_Utf8JsonWriter_writes_it()
    {
        for (var c = 0; c < 128; c++)
        {
            var text = "a" + (char)c + "b";
            AssertAlike(w => w.WriteStringValue(text), w => w.WriteStringValue(text));
            AssertAlike(w => { w.WriteStartObject(); w.WritePropertyName(text); w.WriteNumberValue(1); w.WriteEndObject(); },
                        w => { w.WriteStartObject(); w.WritePropertyName(text); w.WriteNumberValue(1); w.WriteEndObject(); });
            var utf8 = Encoding.UTF8.GetBytes(text);
            AssertAlike(w => w.WriteStringValue(utf8), w => w.WriteStringValue(utf8));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("café")]
    [InlineData("日本語")]
    [InlineData("😀 emoji")]
    [InlineData("<script>alert('x')</script> & more + `tick`")]
    [InlineData("line\nbreak\ttab\u0001")]
    [InlineData("a rather long plain ASCII text that goes on for well over sixteen characters")]
    public void Text_is_written_as_Utf8JsonWriter_writes_it(string text)
    {
        AssertAlike(w => w.WriteStringValue(text), w => w.WriteStringValue(text));
        AssertAlike(w => { w.WriteStartObject(); w.WritePropertyName(text); w.WriteStringValue(text); w.WriteEndObject(); },
                    w => { w.WriteStartObject(); w.WritePropertyName(text); w.WriteStringValue(text); w.WriteEndObject(); });
        var encoded = JsonEncodedText.Encode(text);
        AssertAlike(w => { w.WriteStartObject(); w.WritePropertyName(encoded); w.WriteNullValue(); w.WriteEndObject(); },
                    w => { w.WriteStartObject(); w.WritePropertyName(encoded); w.WriteNullValue(); w.WriteEndObject(); });
    }

    [Fact]
    public void Random_documents_are_written_as_Utf8JsonWriter_writes_them()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 5_000; i++)
        {
            var seed = random.Next();
            AssertAlike(w => RandomDocument(new Random(seed), new Driver(w), 0), w => RandomDocument(new Random(seed), new Driver(w), 0));
        }
    }

    [Fact]
    public void Values_handed_to_System_Text_Json_land_in_place_with_their_separators()
    {
        var element = JsonElement.Parse("""{"x":[1,2.50,"é"]}""");
        var node = JsonNode.Parse("""[true,{"y":null}]""")!;
        var ours = new JsonResultWriter();
        ours.WriteStartArray();
        JsonWrite.JsonElement(ours, element);
        JsonWrite.JsonNode(ours, node);
        JsonWrite.JsonNode(ours, null);
        ours.WriteStringValue(new Guid("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        ours.WriteStringValue(new DateTime(2026, 11, 22, 10, 30, 0, DateTimeKind.Utc));
        ours.WriteStringValue(new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.FromHours(2)));
        ours.WriteNumberValue(1.5f);
        ours.WriteNumberValue(1e300);
        ours.WriteNumberValue(79228162514264337593543950335m);
        ours.WriteEndArray();

        Assert.Equal(
            """[{"x":[1,2.50,"\u00E9"]},[true,{"y":null}],null,"3f2504e0-4f89-11d3-9a0c-0305e82c3301","2026-11-22T10:30:00Z","2026-11-22T10:30:00+02:00",1.5,1E+300,79228162514264337593543950335]""",
            Encoding.UTF8.GetString(ours.WrittenSpan));
    }

    [Fact]
    public void Non_finite_numbers_are_refused_as_Utf8JsonWriter_refuses_them()
    {
        var writer = new JsonResultWriter();
        Assert.Throws<ArgumentException>(() => writer.WriteNumberValue(double.NaN));
        Assert.Throws<ArgumentException>(() => writer.WriteNumberValue(float.PositiveInfinity));
    }

    [Fact]
    public void A_cycle_fails_instead_of_writing_forever()
    {
        var writer = new JsonResultWriter();
        var exception = Assert.Throws<InvalidOperationException>(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                writer.WriteStartObject();
                writer.WritePropertyName(JsonEncodedText.Encode("next"));
            }
        });
        Assert.Contains("1000", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_forgets_what_was_written_and_the_buffer_grows_as_needed()
    {
        var writer = new JsonResultWriter(16);
        writer.WriteStartArray();
        for (var i = 0; i < 1_000; i++)
        {
            writer.WriteStringValue("item");
        }
        writer.WriteEndArray();
        Assert.Equal(2 + (1_000 * 7) - 1, writer.WrittenSpan.Length);

        writer.Reset();
        writer.WriteNumberValue(1);
        Assert.Equal("1", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    private static void AssertAlike(Action<JsonResultWriter> ours, Action<Utf8JsonWriter> theirs)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            theirs(writer);
        }
        var expected = Encoding.UTF8.GetString(buffer.WrittenSpan);
        var mine = new JsonResultWriter(16);
        ours(mine);
        Assert.Equal(expected, Encoding.UTF8.GetString(mine.WrittenSpan));
    }

    /// <summary>
    /// Drives either writer: both have the same method names and overloads, so one driver, bound at run
    /// time, serves both (except for UTF-8 text, a span, which cannot go through <c>dynamic</c>).
    /// </summary>
    private sealed class Driver(object writer)
    {
        private dynamic Target => writer;

        public void StartObject() => Target.WriteStartObject();

        public void EndObject() => Target.WriteEndObject();

        public void StartArray() => Target.WriteStartArray();

        public void EndArray() => Target.WriteEndArray();

        public void Name(string name, bool encoded)
        {
            if (encoded)
            {
                Target.WritePropertyName(JsonEncodedText.Encode(name));
            }
            else
            {
                Target.WritePropertyName(name);
            }
        }

        public void Value(object? value)
        {
            switch (value)
            {
                case null:
                    Target.WriteNullValue();
                    break;
                case bool flag:
                    Target.WriteBooleanValue(flag);
                    break;
                case byte[] utf8 when writer is JsonResultWriter ours:
                    ours.WriteStringValue(utf8.AsSpan());
                    break;
                case byte[] utf8:
                    ((Utf8JsonWriter)writer).WriteStringValue(utf8.AsSpan());
                    break;
                case string or Guid or DateTime:
                    Target.WriteStringValue((dynamic)value);
                    break;
                default:
                    Target.WriteNumberValue((dynamic)value);
                    break;
            }
        }
    }

    private static readonly string[] Texts =
    [
        "", "a", "name", "SG-1042", "Ada Lovelace", "café", "日本", "😀", "<b>", "a&b", "it's", "1+1", "`", "\"quoted\"",
        "back\\slash", "tab\t", "nul\0", "\u007f", "\u2028", "a rather long plain ASCII text over sixteen characters",
    ];

    private static void RandomDocument(Random random, Driver writer, int depth)
    {
        switch (depth > 4 ? 2 + random.Next(2) : random.Next(4))
        {
            case 0:
                writer.StartObject();
                var members = random.Next(5);
                for (var i = 0; i < members; i++)
                {
                    writer.Name(Texts[random.Next(Texts.Length)], random.Next(2) == 0);
                    RandomDocument(random, writer, depth + 1);
                }
                writer.EndObject();
                break;
            case 1:
                writer.StartArray();
                var items = random.Next(5);
                for (var i = 0; i < items; i++)
                {
                    RandomDocument(random, writer, depth + 1);
                }
                writer.EndArray();
                break;
            default:
                writer.Value(RandomScalar(random));
                break;
        }
    }

    private static object? RandomScalar(Random random) => random.Next(16) switch
    {
        0 => null,
        1 => random.Next(2) == 0,
        2 => Texts[random.Next(Texts.Length)],
        3 => Encoding.UTF8.GetBytes(Texts[random.Next(Texts.Length)]),
        4 => random.Next(int.MinValue, int.MaxValue),
        5 => random.NextInt64(long.MinValue, long.MaxValue),
        6 => (uint)random.NextInt64(0, uint.MaxValue),
        7 => (ulong)random.NextInt64() * 2,
        8 => (short)random.Next(short.MinValue, short.MaxValue),
        9 => (byte)random.Next(256),
        10 => new decimal(random.Next(), random.Next(3) == 0 ? random.Next() : 0, random.Next(5) == 0 ? random.Next() : 0, random.Next(2) == 0, (byte)random.Next(29)),
        11 => Math.Round(random.NextDouble() * 1000, random.Next(6)),
        12 => BitConverter.Int64BitsToDouble(random.NextInt64()) is var d && double.IsFinite(d) ? d : 0.5,
        13 => (float)(random.NextDouble() * 100),
        14 => new Guid(random.Next(), (short)random.Next(), (short)random.Next(), 1, 2, 3, 4, 5, 6, 7, 8),
        _ => new DateTime(2000 + random.Next(50), 1 + random.Next(12), 1 + random.Next(28), random.Next(24), random.Next(60), random.Next(60), DateTimeKind.Utc),
    };
}
