using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace Declarative.Planning.Tests;

/// <summary>
/// The soundness property of plan validation: thousands of random, mutated and malformed plans, for
/// each of which the validator never throws, every refusal names its paths from <c>$</c>, and every
/// accepted plan runs with no argument errors and no tool failures (a step may only fail for what
/// the data decides: an index past the end, a missing key, a null met on the way). Accepted plans
/// also validate against the plan schema given to models.
/// </summary>
/// <remarks>
/// Each plan comes from its own <see cref="Random"/>, seeded from the test's seed and the plan's
/// number, and a failure prints both with the plan. Set PLAN_PROPERTY_SEED to run other seeds.
/// </remarks>
public sealed class PlanPropertyTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261121;

    /// <summary>Shop tools that are deterministic, quick and never throw (sum overflows on large ints): no flaky, waiting or approval-required ones.</summary>
    private static readonly string[] QuietShopTools =
        ["get_item_descriptions", "check_inventory", "get_item_price", "get_customer", "summarize", "notify", "spend", "log"];

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("PLAN_PROPERTY_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    [Fact]
    public async Task Property_random_plans_over_varied_types_validate_soundly()
    {
        var check = new SoundnessCheck(new PropertyTools(), null);
        var tools = check.Infos;
        await RunAsync(check, "random/property-tools", 800, 1, random => new PlanGenerator(tools, random).Plan());
        await RunAsync(check, "typed/property-tools", 1000, 7, random => Typed(tools, random).Plan());
        foreach (var (message, count) in check.Refusals.OrderByDescending(p => p.Value).Take(12))
        {
            output.WriteLine($"{count,5} {message}");
        }
        // The generators must exercise both sides, and references, or the property says little.
        Assert.True(check.Accepted >= 500, check.Summary);
        Assert.True(check.Rejected >= 500, check.Summary);
        Assert.True(check.AcceptedReferences >= 150, check.Summary);
    }

    [Fact]
    public async Task Property_random_plans_over_the_shop_validate_soundly()
    {
        var check = new SoundnessCheck(new ShopTools(), QuietShopTools);
        var tools = check.Infos;
        await RunAsync(check, "random/shop", 300, 2, random => new PlanGenerator(tools, random).Plan());
        await RunAsync(check, "typed/shop", 300, 8, random => Typed(tools, random).Plan());
        Assert.True(check.Accepted >= 150, check.Summary);
        Assert.True(check.Rejected >= 150, check.Summary);
        Assert.True(check.AcceptedReferences >= 50, check.Summary);
    }

    /// <summary>Plans without structural defects whose arguments are mostly references to earlier steps, typed to fit.</summary>
    private static PlanGenerator Typed(IReadOnlyList<ToolInfo> tools, Random random)
        => new(tools, random) { ValidWeight = 0.2, ReferenceWeight = 0.8, Defects = 0 };

    [Fact]
    public async Task Property_mutated_plans_validate_soundly()
    {
        var shop = new SoundnessCheck(new ShopTools(), QuietShopTools);
        var varied = new SoundnessCheck(new PropertyTools(), null);
        var shopSeeds = new List<string> { Plans.Sunglasses };
        shopSeeds.AddRange(ValidSeeds(shop, 3));
        var variedSeeds = ValidSeeds(varied, 3);
        output.WriteLine($"seed plans: {shopSeeds.Count} over the shop, {variedSeeds.Count} over the varied tools");
        Assert.True(variedSeeds.Count >= varied.Infos.Count, "too few valid seed plans");
        await RunAsync(shop, "mutated/shop", 500, 3, random => new PlanMutator(new PlanGenerator(shop.Infos, random), random).Mutate(shopSeeds[random.Next(shopSeeds.Count)]));
        await RunAsync(varied, "mutated/property-tools", 1000, 4, random => new PlanMutator(new PlanGenerator(varied.Infos, random), random).Mutate(variedSeeds[random.Next(variedSeeds.Count)]));
        Assert.True(shop.Accepted >= 40 && varied.Accepted >= 80, shop.Summary + "\n" + varied.Summary);
        Assert.True(shop.Rejected >= 150 && varied.Rejected >= 300, shop.Summary + "\n" + varied.Summary);
        Assert.True(shop.AcceptedReferences >= 40 && varied.AcceptedReferences >= 80, shop.Summary + "\n" + varied.Summary);
    }

    [Fact]
    public async Task Property_raw_bytes_truncations_and_deep_nesting_never_throw()
    {
        var check = new SoundnessCheck(new PropertyTools(), null);
        var valid = ValidSeeds(check, 1);
        valid.Add(Plans.Sunglasses);
        var started = Stopwatch.StartNew();
        var failures = new List<string>();
        const int count = 800;
        for (var i = 0; i < count; i++)
        {
            var random = new Random(PlanSeed(5, i));
            var bytes = RawInputs.Next(random, valid);
            var failure = await check.CheckAsync(bytes);
            if (failure is not null)
            {
                failures.Add(Report("raw", i, failure, Encoding.UTF8.GetString(bytes)));
            }
        }
        output.WriteLine($"raw: {count} inputs in {started.ElapsedMilliseconds} ms; {check.Summary}");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)));
        Assert.True(check.Rejected >= count / 2, check.Summary);
    }

    /// <summary>Valid plans per tool, for mutation: the first few typed plans the validator accepts that start with the tool, with references where it can.</summary>
    private static List<string> ValidSeeds(SoundnessCheck check, int perTool)
    {
        var seeds = new List<string>();
        var random = new Random(PlanSeed(6, 0));
        for (var attempt = 0; attempt < 2500 && seeds.Count < perTool * check.Infos.Count; attempt++)
        {
            var plan = Typed(check.Infos, random).Plan();
            var result = check.Validator.Validate(plan);
            if (result.IsValid && seeds.Count(s => FirstTool(s) == FirstTool(plan)) < perTool
                && (result.Plan!.Steps.Any(s => s.References.Count > 0) || attempt > 1200))
            {
                seeds.Add(plan);
            }
        }
        return seeds;
    }

    private static string? FirstTool(string plan) => System.Text.Json.Nodes.JsonNode.Parse(plan)?["steps"]?[0]?["tool"]?.ToString();

    private static int PlanSeed(int generator, int index) => unchecked((Seed * 397) ^ (generator * 1_000_003) ^ index);

    private async Task RunAsync(SoundnessCheck check, string name, int count, int generator, Func<Random, string> next)
    {
        var started = Stopwatch.StartNew();
        var failures = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var random = new Random(PlanSeed(generator, i));
            var plan = next(random);
            var failure = await check.CheckAsync(plan);
            if (failure is not null)
            {
                failures.Add(Report(name, i, failure, plan));
            }
        }
        output.WriteLine($"{name}: {count} plans in {started.ElapsedMilliseconds} ms; {check.Summary}");
        foreach (var (message, times) in check.DataFailures.OrderByDescending(p => p.Value))
        {
            output.WriteLine($"  failed on data {times,4}: {message}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} plans broke the property; the first ones:\n\n" + string.Join("\n\n", failures.Take(5)));
    }

    private static string Report(string generator, int index, string failure, string plan)
        => $"[{generator}] seed {Seed}, plan {index} (PLAN_PROPERTY_SEED={Seed}): {failure}\nplan: {plan}";
}
