namespace AutoDiff.Generator.Model;

/// <summary>
/// A call to a <c>[Differentiable]</c> method of this compilation, where it is. Once every method is parsed the
/// pipeline checks that the callee got derivatives, and reports AD0004 here when it did not.
/// </summary>
/// <param name="CalleeKey">The callee's <see cref="MethodModel.Key"/>.</param>
/// <param name="Display">How the diagnostic names the callee (<c>Type.Method</c>).</param>
internal sealed record CallSite(string CalleeKey, string Display, LocationInfo? Location);
