using AutoDiff.Generator.Differentiation;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Pipeline;

internal enum MethodStatus
{
    /// <summary>The source transformation writes its derivatives.</summary>
    Generated,

    /// <summary>The run-time tape computes them (same generated API).</summary>
    Tape,

    /// <summary>It gets none: callers cannot call it from differentiated code.</summary>
    Failed,
}

/// <summary>
/// What the rest of the compilation needs to know about one [Differentiable] method, computed from its model
/// alone (so it is cached until the model changes): whether it has derivatives, why it has none, and what
/// its own code says about second derivatives.
/// </summary>
/// <param name="WhyNoDerivatives">For a method with none: why, as the AD0004 of its callers says.</param>
/// <param name="WhyNoHessian">Why its own code cannot have second derivatives; null when it can (its callees permitting).</param>
/// <param name="Callees">The callees of this compilation whose <c>GradientDual</c> its second derivatives would call.</param>
/// <param name="WantsHessian"><c>[Differentiable(Hessian = true)]</c>.</param>
internal sealed record MethodFacts(
    string Key,
    MethodStatus Status,
    string? WhyNoDerivatives,
    string? WhyNoHessian,
    EquatableArray<string> Callees,
    bool WantsHessian)
{
    public static MethodFacts Of(MethodModel model)
    {
        if (Nesting.HasDerivativeCalls(model))
        {
            // A call of a generated derivative that could not be inlined: AD0004 on the call says why.
            return new MethodFacts(
                model.Key,
                MethodStatus.Failed,
                "its derivatives are not generated because a generated derivative it calls cannot be inlined (AD0004 on that call); fix that first",
                null,
                EquatableArray<string>.Empty,
                false);
        }

        (string? whyNot, EquatableArray<string> callees) = SecondOrder.Local(model);
        return new MethodFacts(model.Key, MethodStatus.Generated, null, whyNot, callees, model.Hessian);
    }
}
