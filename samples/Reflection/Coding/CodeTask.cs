namespace ReflectionSample.Coding;

/// <summary>A programming task: what the model is asked for, and the tests its code is run against (the model never writes them).</summary>
/// <param name="Prompt">The request to the code writer.</param>
/// <param name="Tests">C# source of a <c>SnippetTests</c> class of <c>public static void</c> tests, compiled with the model's code.</param>
internal sealed record CodeTask(string Prompt, string Tests)
{
    /// <summary>Roman numerals: easy to state, easy to get subtly wrong (subtractive pairs, the range).</summary>
    public static CodeTask RomanNumerals { get; } = new(
        """
        Write a C# file with `public static class RomanNumerals` and its method `public static string ToRoman(int number)`,
        which returns the Roman numeral for 1 to 3999 (subtractive notation: 4 is IV, 900 is CM) and throws
        ArgumentOutOfRangeException for any other number. Your file is compiled and run against tests; it may use
        System, System.Collections.Generic, System.Linq, System.Text and System.Globalization only.
        """,
        """
        using System;

        public static class SnippetTests
        {
            public static void one_is_I() => Equal("I", RomanNumerals.ToRoman(1));
            public static void three_is_III() => Equal("III", RomanNumerals.ToRoman(3));
            public static void four_is_IV() => Equal("IV", RomanNumerals.ToRoman(4));
            public static void nine_is_IX() => Equal("IX", RomanNumerals.ToRoman(9));
            public static void forty_is_XL() => Equal("XL", RomanNumerals.ToRoman(40));
            public static void year_1994_is_MCMXCIV() => Equal("MCMXCIV", RomanNumerals.ToRoman(1994));
            public static void largest_3999_is_MMMCMXCIX() => Equal("MMMCMXCIX", RomanNumerals.ToRoman(3999));
            public static void zero_is_out_of_range() => Throws<ArgumentOutOfRangeException>(() => RomanNumerals.ToRoman(0));
            public static void year_4000_is_out_of_range() => Throws<ArgumentOutOfRangeException>(() => RomanNumerals.ToRoman(4000));

            private static void Equal(string expected, string actual)
            {
                if (expected != actual) throw new TestFailure($"expected \"{expected}\", got \"{actual}\"");
            }

            private static void Throws<T>(Func<string> call) where T : Exception
            {
                string result;
                try { result = call(); }
                catch (T) { return; }
                catch (Exception other) { throw new TestFailure($"expected {typeof(T).Name}, got {other.GetType().Name}"); }
                throw new TestFailure($"expected {typeof(T).Name}, got \"{result}\"");
            }
        }

        public sealed class TestFailure(string message) : Exception(message);
        """);
}
