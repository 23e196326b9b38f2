// One file on purpose (a little over 500 lines): the differential suite against Utf8JsonReader — hand-picked
// texts, random texts and mutations share one comparison routine, and one place says what "the same" means.
using System.Text;
using System.Text.Json;
using Declarative.Serialization;
using Xunit;

namespace Declarative.Tests;

/// <summary>
/// <see cref="JsonTokenReader"/> must accept exactly what <see cref="Utf8JsonReader"/> accepts, yield
/// the same tokens, and fail at the same token with the same exception. These tests hold it to that
/// on hand-picked texts, random well-formed texts and hundreds of thousands of mutated ones.
/// </summary>
public sealed class JsonTokenReaderTests
{
    private static readonly string[] Seeds =
    [
        """{"itemId":"SG-1042","color":"Blue"}""",
        """
        {"order":{"customer":{"name":"Ada Lovelace","email":"ada@example.com",
                              "address":{"street":"12 St James's Square","city":"London","country":"GB"}},
                  "lines":[{"sku":"SG-1042","quantity":2,"unitPrice":19.99},
                           {"sku":"LMP-7","quantity":1,"unitPrice":149.5}],
                  "tags":{"channel":"web","gift":"yes"}}}
        """,
        """{"a":12,"b":-9000000000,"c":3.14159e-10,"d":2.5E+3,"e":0,"f":-0.0,"g":1e5}""",
        """[true,false,null,[],{},[[]],{"":""},"\u00e9\n\t\"\\\/\b\f\r",-1,0.5]""",
        "{\"caf\u00e9\":\"\u00e9t\u00e9 \ud83d\ude00\",\"k\\u0065y\":[1,2,3]}",
        """  { "spaced" : [ 1 , 2 ] , "x" : { } }  """,
        "\"just a string\"",
        "42",
        "null",
    ];

    [Theory]
    [MemberData(nameof(SeedTexts))]
    public void Reads_the_same_tokens_as_Utf8JsonReader(string json)
    {
        AssertAlike(Encoding.UTF8.GetBytes(json), default);
    }

    public static TheoryData<string> SeedTexts()
    {
        var data = new TheoryData<string>();
        foreach (var seed in Seeds)
        {
            data.Add(seed);
        }
        return data;
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"a\"")]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,]")]
    [InlineData("[1 2]")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{a:1}")]
    [InlineData("{\"a\":01}")]
    [InlineData("{\"a\":1.}")]
    [InlineData("{\"a\":.5}")]
    [InlineData("{\"a\":1e}")]
    [InlineData("{\"a\":-}")]
    [InlineData("{\"a\":1x}")]
    [InlineData("{\"a\":tru}")]
    [InlineData("{\"a\":truex}")]
    [InlineData("{\"a\":nul}")]
    [InlineData("{\"a\":\"tab\there\"}")]
    [InlineData("{\"a\":\"bad \\x escape\"}")]
    [InlineData("{\"a\":\"short \\u12\"}")]
    [InlineData("{\"a\":\"unterminated}")]
    [InlineData("{\"a\":1}}")]
    [InlineData("{\"a\":1} x")]
    [InlineData("{\"a\":1]")]
    [InlineData("[1}")]
    [InlineData("{\"a\":1/}")]
    [InlineData("{\"a\":1 /* comment */}")]
    [InlineData("{\"a\":[1,2,3}")]
    [InlineData("{\"a\":'single'}")]
    [InlineData("\u00ef\u00bb\u00bf{}")]
    public void Fails_where_Utf8JsonReader_fails_with_its_message(string json)
    {
        var utf8 = json.StartsWith('\u00ef') ? [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'] : Encoding.UTF8.GetBytes(json);
        AssertAlike(utf8, default);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(3)]
    [InlineData(100)]
    [InlineData(200)]
    public void Honours_the_depth_limit_as_Utf8JsonReader_does(int maxDepth)
    {
        var options = new JsonReaderOptions { MaxDepth = maxDepth };
        foreach (var depth in new[] { maxDepth - 1, maxDepth, maxDepth + 1, 150 })
        {
            var nested = new StringBuilder();
            for (var i = 0; i < depth; i++)
            {
                nested.Append(i % 3 == 0 ? "[" : "{\"k\":");
            }
            nested.Append("1");
            for (var i = depth - 1; i >= 0; i--)
            {
                nested.Append(i % 3 == 0 ? "]" : "}");
            }
            AssertAlike(Encoding.UTF8.GetBytes(nested.ToString()), options);
        }
    }

    [Fact]
    public void Random_well_formed_texts_read_alike()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 3_000; i++)
        {
            var text = new StringBuilder();
            RandomValue(random, text, depth: 0);
            AssertAlike(Encoding.UTF8.GetBytes(text.ToString()), default);
        }
    }

    [Fact]
    public void Mutated_texts_fail_or_read_alike()
    {
        var random = new Random(7);
        var corpus = Seeds.Select(Encoding.UTF8.GetBytes).ToList();
        for (var i = 0; i < 300; i++)
        {
            var text = new StringBuilder();
            RandomValue(random, text, depth: 0);
            corpus.Add(Encoding.UTF8.GetBytes(text.ToString()));
        }
        var failures = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var mutated = Mutate(random, corpus[random.Next(corpus.Count)]);
            if (!AssertAlike(mutated, default))
            {
                failures++;
            }
        }
        // Most mutations break the text; the rest must still read alike (checked above).
        Assert.InRange(failures, 50_000, 199_000);
    }

    [Fact]
    public void Skip_leaves_both_readers_on_the_same_token()
    {
        var random = new Random(11);
        for (var i = 0; i < 2_000; i++)
        {
            var text = new StringBuilder();
            RandomValue(random, text, depth: 0);
            var utf8 = Encoding.UTF8.GetBytes(text.ToString());
            var theirs = new Utf8JsonReader(utf8);
            var ours = new JsonTokenReader(utf8, default);
            while (theirs.Read())
            {
                Assert.True(ours.Read());
                if (random.Next(4) == 0)
                {
                    theirs.Skip();
                    ours.Skip();
                }
                Assert.Equal(theirs.TokenType, ours.TokenType);
                Assert.Equal(theirs.CurrentDepth, ours.CurrentDepth);
                Assert.Equal(theirs.TokenStartIndex, ours.TokenStartIndex);
            }
            Assert.False(ours.Read());
        }
    }

    [Theory]
    [InlineData("\"plain\"")]
    [InlineData("\"caf\u00e9\"")]
    [InlineData("\"a\\u00e9\\n\"")]
    [InlineData("\"\\ud83d\\ude00\"")]
    [InlineData("\"lone \\ud83d surrogate\"")]
    [InlineData("\"\\udc00\"")]
    public void GetString_returns_or_throws_as_Utf8JsonReader_does(string json)
    {
        AssertStringsAlike(Encoding.UTF8.GetBytes(json));
    }

    [Fact]
    public void GetString_of_invalid_UTF_8_throws_as_Utf8JsonReader_does()
    {
        AssertStringsAlike([(byte)'"', 0xC3, (byte)'"']);
        AssertStringsAlike([(byte)'"', 0xFF, 0xFE, (byte)'"']);
        AssertStringsAlike([(byte)'"', (byte)'a', 0xED, 0xA0, 0x80, (byte)'"']);
        AssertStringsAlike([(byte)'{', (byte)'"', 0xC3, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
    }

    [Fact]
    public void Numbers_convert_as_Utf8JsonReader_converts_them()
    {
        var random = new Random(3);
        string[] fixedCases =
        [
            "0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
            "18446744073709551616", "123456789012345678", "1234567890123456789", "1.0", "1e2", "1E+2", "-1e-2",
            "0.1", "3.14159", "1e400", "-1e400", "79228162514264337593543950335", "79228162514264337593543950336",
            "0.0000000000000000000000000001", "1.00000000000000000000000000001",
        ];
        var cases = fixedCases.Concat(Enumerable.Range(0, 20_000).Select(_ => RandomNumber(random)));
        foreach (var number in cases)
        {
            var utf8 = Encoding.UTF8.GetBytes(number);
            var theirs = new Utf8JsonReader(utf8);
            theirs.Read();
            var ours = new JsonTokenReader(utf8, default);
            ours.Read();

            Assert.Equal(theirs.TryGetInt32(out var i32), ours.TryGetInt32(out var o32));
            Assert.Equal(i32, o32);
            Assert.Equal(theirs.TryGetInt64(out var i64), ours.TryGetInt64(out var o64));
            Assert.Equal(i64, o64);
            Assert.Equal(theirs.TryGetUInt64(out var u64), ours.TryGetUInt64(out var ou64));
            Assert.Equal(u64, ou64);
            Assert.Equal(theirs.TryGetDecimal(out var m), ours.TryGetDecimal(out var om));
            Assert.Equal(decimal.GetBits(m), decimal.GetBits(om));
            Assert.Equal(theirs.TryGetDouble(out var d), ours.TryGetDouble(out var od));
            Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(od));
            Assert.Equal(theirs.TryGetSingle(out var f), ours.TryGetSingle(out var of));
            Assert.Equal(BitConverter.SingleToInt32Bits(f), BitConverter.SingleToInt32Bits(of));
        }
    }

    [Theory]
    [InlineData("\"2026-11-22\"")]
    [InlineData("\"2026-11-22T10:30:00Z\"")]
    [InlineData("\"2026-11-22T10:30:00.1234567+02:00\"")]
    [InlineData("\"2026-13-22\"")]
    [InlineData("\"not a date\"")]
    [InlineData("\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"")]
    [InlineData("\"{3f2504e0-4f89-11d3-9a0c-0305e82c3301}\"")]
    [InlineData("\"3f2504e04f8911d39a0c0305e82c3301\"")]
    [InlineData("\"3f2504e0\"")]
    [InlineData("\"2026\\u002D11-22\"")]
    public void Dates_and_guids_convert_as_Utf8JsonReader_converts_them(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var theirs = new Utf8JsonReader(utf8);
        theirs.Read();
        var ours = new JsonTokenReader(utf8, default);
        ours.Read();

        Assert.Equal(theirs.TryGetDateTime(out var dt), ours.TryGetDateTime(out var odt));
        Assert.Equal(dt, odt);
        Assert.Equal(theirs.TryGetDateTimeOffset(out var dto), ours.TryGetDateTimeOffset(out var odto));
        Assert.Equal(dto, odto);
        Assert.Equal(theirs.TryGetGuid(out var g), ours.TryGetGuid(out var og));
        Assert.Equal(g, og);
    }

    [Fact]
    public void SkipAndGetRawValue_returns_the_value_text_and_leaves_the_reader_on_its_end()
    {
        var utf8 = """{"a": {"b": [1, "two", {"c": null}]}, "d": "e\"f", "g": -1.5e3}"""u8.ToArray();
        var reader = new JsonTokenReader(utf8, default);
        reader.Read();
        reader.Read();
        reader.Read();
        Assert.Equal("""{"b": [1, "two", {"c": null}]}""", Encoding.UTF8.GetString(reader.SkipAndGetRawValue()));
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        reader.Read();
        reader.Read();
        Assert.Equal("\"e\\\"f\"", Encoding.UTF8.GetString(reader.SkipAndGetRawValue()));
        reader.Read();
        reader.Read();
        Assert.Equal("-1.5e3", Encoding.UTF8.GetString(reader.SkipAndGetRawValue()));
        reader.Read();
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        Assert.False(reader.Read());
    }

    /// <summary>
    /// Reads the text with both readers token by token and asserts the same tokens, and that both fail at
    /// the same token with the same message. Returns whether the text was well-formed.
    /// </summary>
    private static bool AssertAlike(byte[] utf8, JsonReaderOptions options)
    {
        var theirs = new Utf8JsonReader(utf8, options);
        var ours = new JsonTokenReader(utf8, options);
        var count = 0;
        while (true)
        {
            bool theirMore;
            try
            {
                theirMore = theirs.Read();
            }
            catch (JsonException expected)
            {
                var actual = ReadFails(ref ours);
                Assert.True(actual is not null, $"Utf8JsonReader failed at token {count} ({expected.Message}) but JsonTokenReader read on: {Show(utf8)}");
                Assert.Equal(expected.Message, actual.Message);
                return false;
            }
            bool ourMore;
            try
            {
                ourMore = ours.Read();
            }
            catch (JsonException exception)
            {
                Assert.Fail($"JsonTokenReader failed at token {count} ({exception.Message}) but Utf8JsonReader read {theirs.TokenType}: {Show(utf8)}");
                return false;
            }
            Assert.Equal(theirMore, ourMore);
            if (!theirMore)
            {
                return true;
            }
            Assert.Equal(theirs.TokenType, ours.TokenType);
            Assert.Equal(theirs.TokenStartIndex, ours.TokenStartIndex);
            Assert.Equal(theirs.CurrentDepth, ours.CurrentDepth);
            Assert.Equal(theirs.ValueIsEscaped, ours.ValueIsEscaped);
            Assert.True(theirs.ValueSpan.SequenceEqual(ours.ValueSpan), $"token {count}: {Show(utf8)}");
            if (theirs.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                Assert.Equal(TryGetString(ref theirs), TryGetString(ref ours));
            }
            count++;
        }
    }

    // The text, or the exception's message when it cannot be decoded.
    private static string TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return "text: " + reader.GetString();
        }
        catch (InvalidOperationException exception)
        {
            return "error: " + exception.Message;
        }
    }

    private static string TryGetString(ref JsonTokenReader reader)
    {
        try
        {
            return "text: " + reader.GetString();
        }
        catch (InvalidOperationException exception)
        {
            return "error: " + exception.Message;
        }
    }

    private static JsonException? ReadFails(ref JsonTokenReader reader)
    {
        try
        {
            reader.Read();
            return null;
        }
        catch (JsonException exception)
        {
            return exception;
        }
    }

    private static void AssertStringsAlike(byte[] utf8)
    {
        var theirs = new Utf8JsonReader(utf8);
        var ours = new JsonTokenReader(utf8, default);
        theirs.Read();
        ours.Read();
        if (theirs.TokenType == JsonTokenType.StartObject)
        {
            theirs.Read();
            ours.Read();
        }
        string? expected;
        try
        {
            expected = theirs.GetString();
        }
        catch (InvalidOperationException exception)
        {
            var actual = Assert.ThrowsAny<InvalidOperationException>(() =>
            {
                var copy = new JsonTokenReader(utf8, default);
                copy.Read();
                if (copy.TokenType == JsonTokenType.StartObject)
                {
                    copy.Read();
                }
                return copy.GetString();
            });
            Assert.Equal(exception.Message, actual.Message);
            return;
        }
        Assert.Equal(expected, ours.GetString());
    }

    private static string Show(byte[] utf8) => Convert.ToHexString(utf8.AsSpan(0, Math.Min(utf8.Length, 200))) + " " + Encoding.UTF8.GetString(utf8);

    private static readonly string[] Spaces = ["", "", "", " ", "\n", "\r\n  ", "\t", "    "];

    private static void RandomValue(Random random, StringBuilder text, int depth)
    {
        var kind = depth > 6 ? random.Next(5) : random.Next(8);
        switch (kind)
        {
            case 0:
                text.Append(RandomNumber(random));
                break;
            case 1:
                RandomString(random, text);
                break;
            case 2:
                text.Append("true");
                break;
            case 3:
                text.Append("false");
                break;
            case 4:
                text.Append("null");
                break;
            case 5 or 6:
                text.Append('{');
                var members = random.Next(4);
                for (var i = 0; i < members; i++)
                {
                    text.Append(i > 0 ? "," : "").Append(Spaces[random.Next(Spaces.Length)]);
                    RandomString(random, text);
                    text.Append(Spaces[random.Next(Spaces.Length)]).Append(':').Append(Spaces[random.Next(Spaces.Length)]);
                    RandomValue(random, text, depth + 1);
                }
                text.Append(Spaces[random.Next(Spaces.Length)]).Append('}');
                break;
            default:
                text.Append('[');
                var items = random.Next(4);
                for (var i = 0; i < items; i++)
                {
                    text.Append(i > 0 ? "," : "").Append(Spaces[random.Next(Spaces.Length)]);
                    RandomValue(random, text, depth + 1);
                }
                text.Append(Spaces[random.Next(Spaces.Length)]).Append(']');
                break;
        }
    }

    private static readonly string[] StringParts =
    [
        "a", "name", "SG-1042", " ", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u00e9", "\\uD83D\\uDE00", "é", "😀",
        "a rather longer piece of text that crosses sixteen bytes", "x", "0", "{", "[", ",", ":",
        "sixteen bytes ok", "\\u00ff", "\\ud800", "\\udfff", "\u00ff",
    ];

    private static void RandomString(Random random, StringBuilder text)
    {
        text.Append('"');
        var parts = random.Next(4);
        for (var i = 0; i < parts; i++)
        {
            text.Append(StringParts[random.Next(StringParts.Length)]);
        }
        text.Append('"');
    }

    private static string RandomNumber(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(3) == 0)
        {
            text.Append('-');
        }
        var digits = random.Next(1, random.Next(3) == 0 ? 30 : 12);
        text.Append(random.Next(digits == 1 ? 0 : 1, 10));
        for (var i = 1; i < digits; i++)
        {
            text.Append(random.Next(10));
        }
        if (random.Next(3) == 0)
        {
            text.Append('.');
            var fraction = random.Next(1, 20);
            for (var i = 0; i < fraction; i++)
            {
                text.Append(random.Next(10));
            }
        }
        if (random.Next(5) == 0)
        {
            text.Append(random.Next(2) == 0 ? 'e' : 'E');
            if (random.Next(2) == 0)
            {
                text.Append(random.Next(2) == 0 ? '+' : '-');
            }
            text.Append(random.Next(0, 400));
        }
        return text.ToString();
    }

    // Bytes that matter to a JSON reader, and a few that do not.
    private static readonly byte[] Interesting = "{}[]:,\"\\/ \t\r\nunlltrefas0123456789-+.eE*'x"u8.ToArray().Concat(new byte[] { 0, 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xED, 0xA0, 0xFF }).ToArray();

    private static byte[] Mutate(Random random, byte[] source)
    {
        var bytes = new List<byte>(source);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2 when bytes.Count > 0:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4 when bytes.Count > 1:
                    var length = random.Next(1, Math.Min(12, bytes.Count - at) + 1);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                default:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
            }
        }
        return bytes.ToArray();
    }
}
