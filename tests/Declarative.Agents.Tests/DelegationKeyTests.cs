using System.Text;
using Declarative.Orchestration;
using Xunit;

namespace Declarative.Agents.Tests;

public sealed class DelegationKeyTests
{
    [Theory]
    [InlineData("{\"topic\": \"moon\", \"depth\" : 1}", "{\"topic\":\"moon\",\"depth\":1}")]
    [InlineData("{\n  \"topic\":\t\"the moon\"\r\n}", "{\"topic\":\"the moon\"}")]
    [InlineData("{\"q\": \"say \\\"a b\\\" twice\"}", "{\"q\":\"say \\\"a b\\\" twice\"}")]
    [InlineData("{\"path\": \"c:\\\\ x\\\\\", \"n\": 2}", "{\"path\":\"c:\\\\ x\\\\\",\"n\":2}")]
    public void Whitespace_outside_strings_does_not_make_a_delegation_new(string arguments, string canonical)
        => Assert.Equal(canonical, OrchestrationScope.Canonical(Encoding.UTF8.GetBytes(arguments)));

    [Fact]
    public void Different_values_stay_different()
        => Assert.NotEqual(OrchestrationScope.Canonical("{\"q\":\"a b\"}"u8), OrchestrationScope.Canonical("{\"q\":\"ab\"}"u8));

    [Fact]
    public void Long_arguments_are_handled_beyond_the_stack_buffer()
    {
        var text = "{\"q\": \"" + new string('x', 1000) + "\"}";
        Assert.Equal("{\"q\":\"" + new string('x', 1000) + "\"}", OrchestrationScope.Canonical(Encoding.UTF8.GetBytes(text)));
    }
}
