using System.Globalization;

namespace Declarative.Evaluation;

// Rates as people write them, "90.0%", the same in every culture (the invariant culture's "P" writes "90.0 %").
internal static class Percent
{
    public static string Of(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Points(double delta) => (delta * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " points";
}
