namespace AutoDiff;

/// <summary>
/// Marks a static method whose derivatives the AutoDiff source generator writes at compile time:
/// <c>FGradient</c> (reverse mode) and <c>FDerivative</c> (forward mode) in the same partial type.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
    /// <summary>
    /// How the derivatives are computed. <see cref="DifferentiationStrategy.Auto"/> (the default) transforms
    /// the source and falls back to the run-time tape, with an AD0020 message, only for bodies the
    /// transformation cannot handle.
    /// </summary>
    public DifferentiationStrategy Strategy { get; set; }

    /// <summary>
    /// Also generate second derivatives: <c>FHessian</c>, <c>FHessianVectorProduct</c> and <c>FGradientDual</c>
    /// (forward mode over reverse mode). Off by default, since they double the generated code; a project turns
    /// them on for every method with <c>&lt;AutoDiffHessians&gt;true&lt;/AutoDiffHessians&gt;</c>. A method whose
    /// Hessian calls other <c>[Differentiable]</c> methods gets their <c>GradientDual</c> generated too.
    /// </summary>
    public bool Hessian { get; set; }
}
