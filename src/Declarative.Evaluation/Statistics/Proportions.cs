namespace Declarative.Evaluation;

/// <summary>
/// Confidence intervals for pass rates: Wilson's score interval for one rate, Newcombe's hybrid score interval for
/// the difference of two. Both behave at 0 and 1 and at small counts, where the textbook "p ± z·se" interval
/// collapses to a point or leaves [0, 1] — which is exactly where eval pass rates (18 of 20) live.
/// </summary>
public static class Proportions
{
    /// <summary>Wilson's score interval for <paramref name="successes"/> of <paramref name="trials"/>.</summary>
    /// <param name="successes">How many passed.</param>
    /// <param name="trials">How many ran; 0 gives [0, 1].</param>
    /// <param name="confidence">The confidence level, in (0, 1).</param>
    public static Interval Wilson(int successes, int trials, double confidence = 0.95)
    {
        Validate(successes, trials, confidence);
        if (trials == 0)
        {
            return new Interval(0, 1);
        }
        var z = NormalQuantile(1 - (1 - confidence) / 2);
        var n = (double)trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var center = (p + z2 / (2 * n)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At 0 and n the bounds are exactly 0 and 1; say so rather than leave rounding noise.
        return new Interval(successes == 0 ? 0 : Math.Max(0, center - half), successes == trials ? 1 : Math.Min(1, center + half));
    }

    /// <summary>
    /// Newcombe's hybrid score interval (his method 10) for the difference of two independent rates, second minus
    /// first: the candidate's pass rate minus the baseline's. An interval wholly below 0 is a significant drop.
    /// </summary>
    /// <param name="successes1">The first (baseline) run's passes.</param>
    /// <param name="trials1">The first run's trials.</param>
    /// <param name="successes2">The second (candidate) run's passes.</param>
    /// <param name="trials2">The second run's trials.</param>
    /// <param name="confidence">The confidence level, in (0, 1).</param>
    public static Interval NewcombeDifference(int successes1, int trials1, int successes2, int trials2, double confidence = 0.95)
    {
        Validate(successes1, trials1, confidence);
        Validate(successes2, trials2, confidence);
        var p1 = trials1 == 0 ? 0 : (double)successes1 / trials1;
        var p2 = trials2 == 0 ? 0 : (double)successes2 / trials2;
        var (l1, u1) = Wilson(successes1, trials1, confidence);
        var (l2, u2) = Wilson(successes2, trials2, confidence);
        var difference = p2 - p1;
        var low = difference - Math.Sqrt((p2 - l2) * (p2 - l2) + (u1 - p1) * (u1 - p1));
        var high = difference + Math.Sqrt((u2 - p2) * (u2 - p2) + (p1 - l1) * (p1 - l1));
        return new Interval(Math.Max(-1, low), Math.Min(1, high));
    }

    /// <summary>The standard normal distribution's quantile (Acklam's rational approximation, relative error under 1.2e-9).</summary>
    /// <param name="p">A probability in (0, 1).</param>
    public static double NormalQuantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability strictly between 0 and 1.");
        }
        const double low = 0.02425, high = 1 - low;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return Tail(q);
        }
        if (p > high)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -Tail(q);
        }
        var r = p - 0.5;
        var s = r * r;
        return (((((-3.969683028665376e+01 * s + 2.209460984245205e+02) * s - 2.759285104469687e+02) * s + 1.383577518672690e+02) * s - 3.066479806614716e+01) * s + 2.506628277459239e+00) * r
            / (((((-5.447609879822406e+01 * s + 1.615858368580409e+02) * s - 1.556989798598866e+02) * s + 6.680131188771972e+01) * s - 1.328068155288572e+01) * s + 1);

        static double Tail(double q)
            => (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
               / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
    }

    private static void Validate(int successes, int trials, double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"Between 0 and the trials ({trials}).");
        }
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "A confidence level strictly between 0 and 1.");
        }
    }
}
