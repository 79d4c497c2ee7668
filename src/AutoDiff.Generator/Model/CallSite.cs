namespace AutoDiff.Generator.Model;

/// <summary>
/// A call to a <c>[Differentiable]</c> method of this compilation, where it is. Once every method is parsed the
/// pipeline checks that the callee got derivatives, and reports AD0004 here when it did not.
/// </summary>
/// <param name="CalleeKey">The callee's <see cref="MethodModel.Key"/>.</param>
/// <param name="Display">How the diagnostic names the callee (<c>Type.Method</c>).</param>
internal sealed record CallSite(string CalleeKey, string Display, LocationInfo? Location)
{
    /// <summary>For a call of a generated derivative of the callee (nested differentiation): which one; null for a call of the method itself.</summary>
    public DerivativeKind? Derivative { get; init; }

    /// <summary>For a call of a generated derivative: how many values and how many <c>out</c> arguments it passes.</summary>
    public int Inputs { get; init; }

    /// <inheritdoc cref="Inputs"/>
    public int Outputs { get; init; }
}
