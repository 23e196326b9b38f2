using Declarative.Generators.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>How each way of returning is awaited and written, one return kind per test.</summary>
public sealed class ReturnSnapshotTests
{
    [Fact]
    public void Returns_a_value() => GeneratorAssert.MatchesSnapshots("""
        using Declarative;

        namespace Demo;

        public partial class Tools
        {
            [Tool]
            public double Square(double x) => x * x;
        }
        """);

    [Fact]
    public void Returns_void() => GeneratorAssert.MatchesSnapshots("""
        using Declarative;

        namespace Demo;

        public partial class Tools
        {
            [Tool]
            public void Log(string message) { }
        }
        """);

    [Fact]
    public void Returns_Task() => GeneratorAssert.MatchesSnapshots("""
        using System.Threading.Tasks;
        using Declarative;

        namespace Demo;

        public partial class Tools
        {
            [Tool]
            public Task SaveAsync(string text) => Task.CompletedTask;
        }
        """);

    [Fact]
    public void Returns_Task_of_T() => GeneratorAssert.MatchesSnapshots("""
        using System.Threading.Tasks;
        using Declarative;

        namespace Demo;

        public partial class Tools
        {
            [Tool]
            public Task<int> CountAsync(string text) => Task.FromResult(text.Length);
        }
        """);

    [Fact]
    public void Returns_ValueTask() => GeneratorAssert.MatchesSnapshots("""
        using System.Threading.Tasks;
        using Declarative;

        namespace Demo;

        public partial class Tools
        {
            [Tool]
            public ValueTask FlushAsync() => default;
        }
        """);

    [Fact]
    public void Returns_ValueTask_of_T() => GeneratorAssert.MatchesSnapshots("""
        using System.Threading.Tasks;
        using Declarative;

        namespace Demo;

        public partial class Tools
        {
            [Tool]
            public ValueTask<string> EchoAsync(string text) => new(text);
        }
        """);

    [Fact]
    public void Cancellation_token_is_passed_through_and_not_in_the_schema() => GeneratorAssert.MatchesSnapshots("""
        using System.Threading;
        using System.Threading.Tasks;
        using Declarative;

        namespace Demo;

        public partial class Tools
        {
            [Tool]
            public async Task<string> FetchAsync(string url, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                return url;
            }
        }
        """);
}
