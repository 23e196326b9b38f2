using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;

namespace Declarative.Agents.Tests;

/// <summary>The published trace is a value: no public member of it can be changed after it is built.</summary>
public sealed class TraceImmutabilityTests
{
    public static TheoryData<Type> TraceTypes() => new(
        typeof(RunTrace), typeof(TraceStep), typeof(ModelCallStep), typeof(ToolCallStep),
        typeof(OutputValidationStep), typeof(PlanValidationStep), typeof(PlanStepCall));

    [Theory]
    [MemberData(nameof(TraceTypes))]
    public void Every_public_property_is_init_only_and_every_list_read_only(Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (property.SetMethod is { IsPublic: true } setter)
            {
                var initOnly = setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
                Assert.True(initOnly, $"{type.Name}.{property.Name} has a public setter");
            }
            var propertyType = property.PropertyType;
            if (propertyType != typeof(string) && propertyType.IsAssignableTo(typeof(System.Collections.IEnumerable)))
            {
                Assert.True(propertyType.IsGenericType && (propertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)
                        || propertyType.GetGenericTypeDefinition() == typeof(IEnumerable<>)),
                    $"{type.Name}.{property.Name} is a {propertyType.Name}, which callers could change");
            }
        }
    }

    [Fact]
    public async Task The_steps_of_a_published_trace_cannot_be_replaced_through_a_cast()
    {
        var client = new Declarative.Testing.ScriptedChatClient().ThenToolCalls(("add", new { a = 1, b = 2 })).ThenText("3");
        var result = await Support.Runner(client).RunAsync(new ProbeAgent(new ProbeTools()), "go");
        var steps = result.Trace.Steps;

        Assert.Equal(3, steps.Count);
        Assert.Throws<NotSupportedException>(() => ((IList<TraceStep>)steps)[0] = steps[1]);
        Assert.Throws<NotSupportedException>(() => ((IList<TraceStep>)steps).Add(steps[1]));
    }
}
