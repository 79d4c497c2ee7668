using System.Collections.Generic;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Rules;

/// <summary>
/// The partial derivatives of one function or operator, written once as expression trees over its
/// arguments (<see cref="ArgumentRef"/>) and its result (<see cref="ResultRef"/>). The forward builder
/// emits <c>dy = Σ ∂f/∂xᵢ · dxᵢ</c> from them, the reverse builder <c>xᵢ_bar += y_bar · ∂f/∂xᵢ</c>, and the
/// runtime engines are pinned to them by a test.
/// </summary>
internal sealed class DerivativeRule
{
    public DerivativeRule(string name, int arity, Expr? primal, IReadOnlyList<Expr?> partials, bool zeroStaysZero = false)
    {
        Name = name;
        Arity = arity;
        Primal = primal;
        Partials = partials;
        ZeroStaysZero = zeroStaysZero;
    }

    /// <summary>Function name (<c>Sin</c>) or operator name (<c>Multiply</c>).</summary>
    public string Name { get; }

    /// <summary>Argument count; -1 for zero-derivative rules that accept any count.</summary>
    public int Arity { get; }

    /// <summary>The operation itself for operators (<c>x * y</c>); null for a function, called by name on its receiver.</summary>
    public Expr? Primal { get; }

    /// <summary>∂f/∂argument for each argument; null where it is zero (almost everywhere).</summary>
    public IReadOnlyList<Expr?> Partials { get; }

    /// <summary>
    /// The slope is infinite or undefined at some points where the value is finite (<c>sqrt</c> at 0): there a zero
    /// tangent or adjoint passes on as zero instead of 0 · ∞ = NaN, so a choice upstream that sends nothing
    /// (<c>Math.Sqrt(Math.Max(v, 0))</c> at v &lt; 0) stays nothing.
    /// </summary>
    public bool ZeroStaysZero { get; }

    public bool IsOperator => Primal is not null;

    public Expr? Partial(int argument) => Arity < 0 || argument >= Partials.Count ? null : Partials[argument];

    public override string ToString() => Name + "/" + Arity.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
