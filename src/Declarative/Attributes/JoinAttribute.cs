namespace Declarative;

/// <summary>
/// Marks the method of a <see cref="ParallelAttribute"/> class that joins the branches' answers: one parameter
/// per branch, in the branches' declaration order, each of that branch's answer type (<see cref="string"/> for a
/// text answer); its return type is the composition's result.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class JoinAttribute : Attribute
{
}
