namespace AutoDiff;

/// <summary>
/// Marks a static method whose derivatives the AutoDiff source generator writes at compile time:
/// <c>FGradient</c> (reverse mode) and <c>FDerivative</c> (forward mode) in the same partial type.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}

/// <summary>
/// Marks a parameter as a constant for differentiation: it gets no gradient output and no tangent input.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
