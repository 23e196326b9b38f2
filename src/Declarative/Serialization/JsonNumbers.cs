using System.Globalization;

namespace Declarative.Serialization;

/// <summary>
/// Fast paths for the numbers tools usually exchange: plain digits with an optional fraction and no
/// exponent. Each produces exactly the value or text System.Text.Json would, or declines so the caller
/// falls back to System.Text.Json; the parsers and formatters there are general and several times slower.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>Room for any number these methods write.</summary>
    public const int MaxFormattedLength = 48;

    private const ulong MaxExactDouble = 1UL << 53;
    private const ulong MaxExactSingle = 1UL << 24;
    private const ulong FifteenDigits = 1_000_000_000_000_000;

    // 10^0 .. 10^22: each exactly representable as a double.
    private static ReadOnlySpan<double> DoublePowers =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private static ReadOnlySpan<double> NegativePowers => [1e0, 1e-1, 1e-2, 1e-3, 1e-4];

    // 10^0 .. 10^10: each exactly representable as a float.
    private static ReadOnlySpan<float> SinglePowers => [1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    /// <summary>
    /// Splits a JSON number token without an exponent into its digits as one integer, the count of
    /// digits after the point, and its sign. Declines exponents and more than 19 digits.
    /// </summary>
    private static bool TrySplit(ReadOnlySpan<byte> number, out ulong digits, out int fractionDigits, out bool negative)
    {
        digits = 0;
        fractionDigits = 0;
        negative = number.Length > 0 && number[0] == (byte)'-';
        var count = 0;
        var point = -1;
        for (var i = negative ? 1 : 0; i < number.Length; i++)
        {
            var digit = (uint)(number[i] - '0');
            if (digit <= 9)
            {
                if (++count > 19)
                {
                    return false;
                }
                digits = (digits * 10) + digit;
            }
            else if (number[i] == (byte)'.' && point < 0)
            {
                point = i;
            }
            else
            {
                return false;
            }
        }
        fractionDigits = point < 0 ? 0 : number.Length - point - 1;
        return count > 0;
    }

    /// <summary>Parses a decimal as <see cref="System.Text.Json.Utf8JsonReader.TryGetDecimal"/> does, keeping trailing zeros as scale.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> number, out decimal value)
    {
        if (TrySplit(number, out var digits, out var fractionDigits, out var negative) && fractionDigits <= 28)
        {
            value = new decimal((int)digits, (int)(digits >> 32), 0, negative, (byte)fractionDigits);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Parses a double when the digits and the power of ten are both exact, so one division rounds correctly.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> number, out double value)
    {
        if (TrySplit(number, out var digits, out var fractionDigits, out var negative) && digits <= MaxExactDouble && fractionDigits < DoublePowers.Length)
        {
            var magnitude = (double)digits / DoublePowers[fractionDigits];
            value = negative ? -magnitude : magnitude;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Parses a float when the digits and the power of ten are both exact as floats.</summary>
    public static bool TryParseSingle(ReadOnlySpan<byte> number, out float value)
    {
        if (TrySplit(number, out var digits, out var fractionDigits, out var negative) && digits <= MaxExactSingle && fractionDigits < SinglePowers.Length)
        {
            var magnitude = (float)digits / SinglePowers[fractionDigits];
            value = negative ? -magnitude : magnitude;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Formats a decimal as its 'G' format does (every digit of its scale, no exponent), for magnitudes below 2^64.</summary>
    public static bool TryFormatDecimal(decimal value, Span<byte> destination, out int written)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var digits = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        if (bits[2] != 0 || digits == 0)
        {
            written = 0;
            return false;
        }
        written = FormatScaled(digits, (bits[3] >> 16) & 0xFF, bits[3] < 0, destination);
        return true;
    }

    /// <summary>
    /// Formats a double in its shortest round-trip form, as <c>double.ToString()</c> does, when that
    /// form has at most 15 significant digits and needs no exponent.
    /// </summary>
    /// <remarks>
    /// Two different decimals of at most 15 significant digits never round to the same double, so a
    /// candidate of 15 digits that converts back to the value is the only one, and therefore the
    /// shortest once its trailing zeros are dropped. The check is exact: the candidate's digits
    /// and the power of ten are both exact doubles, so the division rounds correctly.
    /// </remarks>
    public static bool TryFormatDouble(double value, Span<byte> destination, out int written)
    {
        written = 0;
        var magnitude = Math.Abs(value);
        if (!(magnitude >= 1e-4 && magnitude < 1e15))
        {
            return false;
        }
        // Roughly 10^exponent <= magnitude < 10^(exponent + 1), exponent in [-4, 14]; being off by one
        // only makes the candidate too long or too short, which the checks below refuse.
        var exponent = 0;
        if (magnitude >= 1)
        {
            while (exponent < 14 && magnitude >= DoublePowers[exponent + 1])
            {
                exponent++;
            }
        }
        else
        {
            while (exponent > -4 && magnitude < NegativePowers[-exponent])
            {
                exponent--;
            }
        }
        var scale = 14 - exponent;
        var candidate = Math.Round(magnitude * DoublePowers[scale]);
        if (!(candidate < FifteenDigits) || candidate / DoublePowers[scale] != magnitude)
        {
            return false;
        }
        var digits = (ulong)candidate;
        while (scale > 0 && digits % 10 == 0)
        {
            digits /= 10;
            scale--;
        }
        written = FormatScaled(digits, scale, value < 0, destination);
        return true;
    }

    /// <summary>Writes digits / 10^scale in plain notation: at least one digit before the point, all <paramref name="scale"/> after it.</summary>
    private static int FormatScaled(ulong digits, int scale, bool negative, Span<byte> destination)
    {
        Span<byte> text = stackalloc byte[20];
        digits.TryFormat(text, out var count, default, CultureInfo.InvariantCulture);
        var significant = text[..count];
        var at = 0;
        if (negative)
        {
            destination[at++] = (byte)'-';
        }
        if (scale == 0)
        {
            significant.CopyTo(destination[at..]);
            return at + count;
        }
        if (count > scale)
        {
            significant[..(count - scale)].CopyTo(destination[at..]);
            at += count - scale;
            destination[at++] = (byte)'.';
            significant[(count - scale)..].CopyTo(destination[at..]);
            return at + scale;
        }
        destination[at++] = (byte)'0';
        destination[at++] = (byte)'.';
        destination.Slice(at, scale - count).Fill((byte)'0');
        at += scale - count;
        significant.CopyTo(destination[at..]);
        return at + count;
    }
}
