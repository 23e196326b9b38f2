using Declarative.Evaluation;

namespace Declarative.Evaluation.Tests;

// Known values from Newcombe, "Two-sided confidence intervals for the single proportion" and "Interval
// estimation for the difference between independent proportions" (Statistics in Medicine, 1998).
public sealed class ProportionsTests
{
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_matches_the_published_intervals(int successes, int trials, double low, double high)
    {
        var interval = Proportions.Wilson(successes, trials);
        Assert.Equal(low, interval.Low, 4);
        Assert.Equal(high, interval.High, 4);
    }

    [Fact]
    public void Wilson_is_exactly_bounded_at_all_and_none()
    {
        Assert.Equal(1.0, Proportions.Wilson(20, 20).High);
        Assert.Equal(0.0, Proportions.Wilson(0, 20).Low);
        Assert.Equal(new Interval(0, 1), Proportions.Wilson(0, 0));
        Assert.True(Proportions.Wilson(20, 20).Low < 1);
    }

    [Fact]
    public void Wilson_narrows_with_more_trials_and_widens_with_more_confidence()
    {
        var small = Proportions.Wilson(8, 10);
        var large = Proportions.Wilson(80, 100);
        Assert.True(large.High - large.Low < small.High - small.Low);
        var wide = Proportions.Wilson(8, 10, 0.99);
        Assert.True(wide.Low < small.Low && wide.High > small.High);
    }

    [Theory]
    // Newcombe's examples (method 10): 56/70 vs 48/80 gives 0.2000 in (0.0524, 0.3339); 9/10 vs 3/10 gives 0.6 in (0.1705, 0.8090); 0/29 vs 5/56 gives -0.0893 in (-0.1926, 0.0381).
    [InlineData(48, 80, 56, 70, 0.0524, 0.3339)]
    [InlineData(3, 10, 9, 10, 0.1705, 0.8090)]
    [InlineData(5, 56, 0, 29, -0.1926, 0.0381)]
    public void Newcombe_difference_matches_the_published_intervals(int s1, int n1, int s2, int n2, double low, double high)
    {
        var interval = Proportions.NewcombeDifference(s1, n1, s2, n2);
        Assert.Equal(low, interval.Low, 4);
        Assert.Equal(high, interval.High, 4);
    }

    [Fact]
    public void The_difference_is_candidate_minus_baseline()
    {
        var drop = Proportions.NewcombeDifference(20, 20, 5, 20);
        Assert.True(drop.High < 0);
        var rise = Proportions.NewcombeDifference(5, 20, 20, 20);
        Assert.True(rise.Low > 0);
    }

    [Theory]
    [InlineData(0.975, 1.959964)]
    [InlineData(0.995, 2.575829)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.01, -2.326348)]
    public void The_normal_quantile_is_accurate(double p, double z) => Assert.Equal(z, Proportions.NormalQuantile(p), 5);

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportions.Wilson(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportions.Wilson(-1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportions.Wilson(1, 4, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportions.NormalQuantile(0));
    }
}
