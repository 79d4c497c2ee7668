namespace AutoDiff;

/// <summary>
/// Marks a parameter as a constant for differentiation: it gets no gradient output and no tangent input.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
