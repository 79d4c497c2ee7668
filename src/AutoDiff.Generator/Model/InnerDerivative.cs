using AutoDiff.Generator.Helpers;

namespace AutoDiff.Generator.Model;

/// <summary>
/// A callee's generated <c>Gradient</c> or <c>Derivative</c> as ordinary method-body statements, ready to be spliced
/// where a [Differentiable] method calls it (<see cref="DerivativeCallStmt"/>): the generated method's inputs and
/// <c>out</c> parameters by name, its body without the final <c>return</c>, and the value it returns. Or, when its
/// code cannot be spliced, why not.
/// </summary>
/// <param name="Inputs">The generated method's value parameters, in order (inputs, then tangents for a derivative).</param>
/// <param name="InputTypes">Their <see cref="ScalarType"/>s, as ints (enums are not IEquatable).</param>
/// <param name="Outputs">Its <c>out</c> parameters, in order.</param>
/// <param name="Value">What its final <c>return</c> returns.</param>
/// <param name="WhyNot">Why the call cannot be differentiated through this code; the other members are then empty.</param>
internal sealed record InnerDerivative(
    string CalleeKey,
    DerivativeKind Kind,
    EquatableArray<string> Inputs,
    EquatableArray<int> InputTypes,
    EquatableArray<string> Outputs,
    ScalarType OutputType,
    EquatableArray<Stmt> Body,
    Expr? Value,
    string? WhyNot)
{
    public static InnerDerivative Rejected(string calleeKey, DerivativeKind kind, string why) => new(
        calleeKey, kind, EquatableArray<string>.Empty, EquatableArray<int>.Empty, EquatableArray<string>.Empty, ScalarType.Double, EquatableArray<Stmt>.Empty, null, why);
}
