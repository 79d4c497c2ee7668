using System.Numerics;
using System.Runtime.CompilerServices;
using AutoDiff.Rules;

namespace AutoDiff.DualNumbers;

/// <summary>
/// A forward-mode scalar (dual number): a value and its tangent, the derivative along one chosen input
/// direction. Seed the input of interest with tangent 1 (<see cref="Variable"/>), every other input with 0,
/// and read <see cref="Tangent"/> off the result. Comparisons look at values only.
/// </summary>
/// <remarks>
/// A zero tangent is a strong zero: it contributes 0 even where the local derivative is infinite or NaN,
/// so constants never turn a singular point into NaN. A zero slope is one too: the argument a choice did not
/// take (<c>Max</c>, <c>Min</c>, <c>Clamp</c>, <c>Abs</c>) passes nothing on, even when its tangent is infinite or NaN.
/// </remarks>
public readonly struct Dual :
    IEquatable<Dual>,
    IComparable<Dual>,
    IAdditionOperators<Dual, Dual, Dual>,
    ISubtractionOperators<Dual, Dual, Dual>,
    IMultiplyOperators<Dual, Dual, Dual>,
    IDivisionOperators<Dual, Dual, Dual>,
    IModulusOperators<Dual, Dual, Dual>,
    IUnaryNegationOperators<Dual, Dual>,
    IUnaryPlusOperators<Dual, Dual>,
    IIncrementOperators<Dual>,
    IDecrementOperators<Dual>,
    IComparisonOperators<Dual, Dual, bool>,
    IDifferentiableScalar<Dual>
{
    /// <summary>Creates a dual number with the given value and tangent.</summary>
    public Dual(double value, double tangent)
    {
        Value = value;
        Tangent = tangent;
    }

    /// <summary>Creates a constant (tangent 0).</summary>
    public Dual(double value)
    {
        Value = value;
    }

    /// <summary>The primal value.</summary>
    public double Value { get; }

    /// <summary>The derivative of <see cref="Value"/> along the seeded direction.</summary>
    public double Tangent { get; }

    /// <summary>Not a number, as a constant.</summary>
    public static Dual NaN => new(double.NaN);

    /// <summary>Positive infinity, as a constant.</summary>
    public static Dual PositiveInfinity => new(double.PositiveInfinity);

    /// <summary>Negative infinity, as a constant.</summary>
    public static Dual NegativeInfinity => new(double.NegativeInfinity);

    /// <summary>The smallest positive double, as a constant.</summary>
    public static Dual Epsilon => new(double.Epsilon);

    /// <summary>The largest finite double, as a constant.</summary>
    public static Dual MaxValue => new(double.MaxValue);

    /// <summary>The most negative finite double, as a constant.</summary>
    public static Dual MinValue => new(double.MinValue);

    /// <summary>The input to differentiate with respect to: tangent 1.</summary>
    public static Dual Variable(double value) => new(value, 1);

    /// <summary>Whether both the value and the tangent are 0: generated second derivatives pass such an adjoint on as 0 through an infinite slope.</summary>
    public static bool IsZero(Dual x) => x.Value == 0 && x.Tangent == 0;

    /// <summary>Same as <see cref="double.IsNaN(double)"/> on the value.</summary>
    public static bool IsNaN(Dual x) => double.IsNaN(x.Value);

    /// <summary>Same as <see cref="double.IsInfinity(double)"/> on the value.</summary>
    public static bool IsInfinity(Dual x) => double.IsInfinity(x.Value);

    /// <summary>Same as <see cref="double.IsFinite(double)"/> on the value.</summary>
    public static bool IsFinite(Dual x) => double.IsFinite(x.Value);

    /// <summary>Wraps a constant.</summary>
    public static implicit operator Dual(double value) => new(value);

    /// <summary>Drops the tangent and returns the value.</summary>
    public static explicit operator double(Dual x) => x.Value;

    /// <summary>Sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator +(Dual a, Dual b) => new(a.Value + b.Value, a.Tangent + b.Tangent);

    /// <summary>Sum with a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator +(Dual a, double b) => new(a.Value + b, a.Tangent);

    /// <summary>Sum with a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator +(double a, Dual b) => new(a + b.Value, b.Tangent);

    /// <summary>Difference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator -(Dual a, Dual b) => new(a.Value - b.Value, a.Tangent - b.Tangent);

    /// <summary>Difference with a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator -(Dual a, double b) => new(a.Value - b, a.Tangent);

    /// <summary>Difference with a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator -(double a, Dual b) => new(a - b.Value, -b.Tangent);

    /// <summary>Product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator *(Dual a, Dual b) =>
        new(a.Value * b.Value, Chain(b.Value, a.Tangent) + Chain(a.Value, b.Tangent));

    /// <summary>Product with a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator *(Dual a, double b) => new(a.Value * b, Chain(b, a.Tangent));

    /// <summary>Product with a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator *(double a, Dual b) => new(a * b.Value, Chain(a, b.Tangent));

    /// <summary>Quotient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator /(Dual a, Dual b)
    {
        double q = a.Value / b.Value;
        return new(q, Chain(1 / b.Value, a.Tangent) + Chain(-q / b.Value, b.Tangent));
    }

    /// <summary>Quotient by a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator /(Dual a, double b) => new(a.Value / b, Chain(1 / b, a.Tangent));

    /// <summary>Quotient of a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator /(double a, Dual b)
    {
        double q = a / b.Value;
        return new(q, Chain(-q / b.Value, b.Tangent));
    }

    /// <summary>Remainder as <c>%</c> on doubles: d/da = 1, d/db = -truncate(a/b).</summary>
    public static Dual operator %(Dual a, Dual b) =>
        new(a.Value % b.Value, a.Tangent + Chain(-Math.Truncate(a.Value / b.Value), b.Tangent));

    /// <summary>Negation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual operator -(Dual a) => new(-a.Value, -a.Tangent);

    /// <summary>Identity.</summary>
    public static Dual operator +(Dual a) => a;

    /// <summary>Adds one.</summary>
    public static Dual operator ++(Dual a) => new(a.Value + 1, a.Tangent);

    /// <summary>Subtracts one.</summary>
    public static Dual operator --(Dual a) => new(a.Value - 1, a.Tangent);

    /// <summary>Compares values.</summary>
    public static bool operator <(Dual a, Dual b) => a.Value < b.Value;

    /// <summary>Compares values.</summary>
    public static bool operator >(Dual a, Dual b) => a.Value > b.Value;

    /// <summary>Compares values.</summary>
    public static bool operator <=(Dual a, Dual b) => a.Value <= b.Value;

    /// <summary>Compares values.</summary>
    public static bool operator >=(Dual a, Dual b) => a.Value >= b.Value;

    /// <summary>Compares values (IEEE: NaN is not equal to itself).</summary>
    public static bool operator ==(Dual a, Dual b) => a.Value == b.Value;

    /// <summary>Compares values (IEEE: NaN is not equal to itself).</summary>
    public static bool operator !=(Dual a, Dual b) => a.Value != b.Value;

    /// <summary>Value equality with <see cref="double.Equals(double)"/> semantics; the tangent is ignored like in ==.</summary>
    public bool Equals(Dual other) => Value.Equals(other.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Dual other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Orders by value like <see cref="double.CompareTo(double)"/>.</summary>
    public int CompareTo(Dual other) => Value.CompareTo(other.Value);

    /// <summary>The value and tangent, e.g. <c>2 + 3ε</c>.</summary>
    public override string ToString() => $"{Value} + {Tangent}ε";

    /// <summary>
    /// Chain rule step with strong zeros: a zero tangent contributes 0 whatever the slope (∞ · 0 is not NaN),
    /// and a zero slope contributes 0 whatever the tangent, so the argument a choice did not take (Max, Min,
    /// Clamp, Abs) passes nothing on even when its own tangent is infinite or NaN, as the tape records no edge of
    /// slope 0 and generated code routes the tangent into the branch taken.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Chain(double slope, double tangent) => tangent == 0 || slope == 0 ? 0 : slope * tangent;

    static Dual IDifferentiableScalar<Dual>.Constant(double value) => new(value);

    static Dual IDifferentiableScalar<Dual>.Apply(double value, Dual a, double slope) => Apply(value, a, slope);

    static Dual IDifferentiableScalar<Dual>.Apply(double value, Dual a, double slopeA, Dual b, double slopeB) => Apply(value, a, slopeA, b, slopeB);

    /// <summary>Applies a one-argument rule.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Dual Apply(double value, Dual a, double slope) => new(value, Chain(slope, a.Tangent));

    /// <summary>Applies a two-argument rule.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Dual Apply(double value, Dual a, double slopeA, Dual b, double slopeB) =>
        new(value, Chain(slopeA, a.Tangent) + Chain(slopeB, b.Tangent));
}
