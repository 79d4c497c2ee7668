using AutoDiff.Generator.Helpers;

namespace AutoDiff.Generator.Model;

/// <summary>What second-order code one method gets, decided once every method of the compilation is known.</summary>
/// <param name="DualGradient">Write <c>FGradientDual</c>: the method's own Hessian needs it, or a caller's does.</param>
/// <param name="Hessian">Write <c>FHessian</c> and <c>FHessianVectorProduct</c> (asked for, and the method qualifies).</param>
/// <param name="DualCallees">The keys of the callees in this compilation that get a <c>GradientDual</c>.</param>
/// <param name="WhyNoHessian">Why second derivatives were asked for but not written, for the file's header; else null.</param>
internal sealed record SecondOrderPlan(bool DualGradient, bool Hessian, EquatableArray<string> DualCallees, string? WhyNoHessian)
{
    public static readonly SecondOrderPlan None = new(false, false, EquatableArray<string>.Empty, null);
}
