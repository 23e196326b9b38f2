using System.ComponentModel;

namespace Declarative.Tests.ToolSets;

/// <summary>A static tool class: the generator adds a static <c>ToolSet</c> property.</summary>
public static partial class MathTools
{
    [Tool(ReadOnly = true, Description = "Adds two integers.")]
    public static int Add(int a, int b) => a + b;

    [Tool(ReadOnly = true, Description = "Averages numbers.")]
    public static double Average([Description("At least one number.")] double[] values) => values.Length == 0 ? 0 : values.Average();

    [Tool(RequiresApproval = true, Description = "Divides, refusing zero.")]
    public static decimal Divide(decimal dividend, decimal divisor) => dividend / divisor;
}
