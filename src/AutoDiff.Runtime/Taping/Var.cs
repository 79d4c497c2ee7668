using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using AutoDiff.Rules;

namespace AutoDiff.Taping;

/// <summary>
/// A reverse-mode scalar: a value plus the index of the operation that produced it on the current
/// thread's <see cref="Tape"/>. Arithmetic records onto <see cref="Tape.Current"/>; comparisons look at
/// values only. A <see cref="Var"/> made from a <see cref="double"/> is a constant and records nothing.
/// </summary>
public readonly struct Var :
    IEquatable<Var>,
    IComparable<Var>,
    IAdditionOperators<Var, Var, Var>,
    ISubtractionOperators<Var, Var, Var>,
    IMultiplyOperators<Var, Var, Var>,
    IDivisionOperators<Var, Var, Var>,
    IModulusOperators<Var, Var, Var>,
    IUnaryNegationOperators<Var, Var>,
    IUnaryPlusOperators<Var, Var>,
    IIncrementOperators<Var>,
    IDecrementOperators<Var>,
    IComparisonOperators<Var, Var, bool>,
    IDifferentiableScalar<Var>
{
    internal readonly int Index;
    internal readonly int Epoch;

    /// <summary>Creates a constant: it records nothing and its gradient is 0.</summary>
    public Var(double value)
    {
        Value = value;
    }

    internal Var(double value, int index, int epoch)
    {
        Value = value;
        Index = index;
        Epoch = epoch;
    }

    /// <summary>The primal value.</summary>
    public double Value { get; }

    /// <summary>True when this value does not depend on any tape variable.</summary>
    public bool IsConstant => Index == 0;

    /// <summary>The gradient from the last <see cref="Tape.Backward"/> on <see cref="Tape.Current"/>; see <see cref="Tape.Gradient(Var)"/>.</summary>
    public double Gradient => Tape.Current.Gradient(this);

    /// <summary>Not a number, as a constant.</summary>
    public static Var NaN => new(double.NaN);

    /// <summary>Positive infinity, as a constant.</summary>
    public static Var PositiveInfinity => new(double.PositiveInfinity);

    /// <summary>Negative infinity, as a constant.</summary>
    public static Var NegativeInfinity => new(double.NegativeInfinity);

    /// <summary>The smallest positive double, as a constant.</summary>
    public static Var Epsilon => new(double.Epsilon);

    /// <summary>The largest finite double, as a constant.</summary>
    public static Var MaxValue => new(double.MaxValue);

    /// <summary>The most negative finite double, as a constant.</summary>
    public static Var MinValue => new(double.MinValue);

    /// <summary>Records an independent variable on <see cref="Tape.Current"/>.</summary>
    public static Var Variable(double value) => Tape.Current.Variable(value);

    /// <summary>
    /// Records a function computed elsewhere from its value and its partial derivative: for a call into
    /// code that is not taped but supplies its own derivatives (a generated <c>FGradient</c>, say).
    /// </summary>
    public static Var FromPartials(double value, Var input, double partial) => Record(value, input, partial);

    /// <summary>Records a two-input function from its value and partial derivatives; see <see cref="FromPartials(double, Var, double)"/>.</summary>
    public static Var FromPartials(double value, Var input0, double partial0, Var input1, double partial1) =>
        Record(value, input0, partial0, input1, partial1);

    /// <summary>
    /// Records an n-input function from its value and one partial derivative per input; see
    /// <see cref="FromPartials(double, Var, double)"/>. A tape node has two parents, so n inputs take n − 1 nodes.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static Var FromPartials(double value, ReadOnlySpan<Var> inputs, ReadOnlySpan<double> partials)
    {
        if (inputs.Length != partials.Length)
        {
            throw new ArgumentException($"{inputs.Length} inputs but {partials.Length} partials.", nameof(partials));
        }

        if (inputs.Length == 0)
        {
            return new Var(value);
        }

        if (inputs.Length == 1)
        {
            return Record(value, inputs[0], partials[0]);
        }

        // A chain of two-parent nodes, each passing its adjoint on to the previous one with partial 1.
        Var sum = Record(value, inputs[0], partials[0], inputs[1], partials[1]);
        for (int i = 2; i < inputs.Length; i++)
        {
            sum = Record(value, sum, 1, inputs[i], partials[i]);
        }

        return sum;
    }

    /// <summary>Same as <see cref="double.IsNaN(double)"/> on the value.</summary>
    public static bool IsNaN(Var x) => double.IsNaN(x.Value);

    /// <summary>Same as <see cref="double.IsInfinity(double)"/> on the value.</summary>
    public static bool IsInfinity(Var x) => double.IsInfinity(x.Value);

    /// <summary>Same as <see cref="double.IsFinite(double)"/> on the value.</summary>
    public static bool IsFinite(Var x) => double.IsFinite(x.Value);

    /// <summary>Wraps a constant.</summary>
    public static implicit operator Var(double value) => new(value);

    /// <summary>Drops the derivative information and returns the value.</summary>
    public static explicit operator double(Var x) => x.Value;

    /// <summary>Sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator +(Var a, Var b) => Record(a.Value + b.Value, a, 1, b, 1);

    /// <summary>Sum with a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator +(Var a, double b) => Record(a.Value + b, a, 1);

    /// <summary>Sum with a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator +(double a, Var b) => Record(a + b.Value, b, 1);

    /// <summary>Difference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator -(Var a, Var b) => Record(a.Value - b.Value, a, 1, b, -1);

    /// <summary>Difference with a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator -(Var a, double b) => Record(a.Value - b, a, 1);

    /// <summary>Difference with a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator -(double a, Var b) => Record(a - b.Value, b, -1);

    /// <summary>Product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator *(Var a, Var b) => Record(a.Value * b.Value, a, b.Value, b, a.Value);

    /// <summary>Product with a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator *(Var a, double b) => Record(a.Value * b, a, b);

    /// <summary>Product with a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator *(double a, Var b) => Record(a * b.Value, b, a);

    /// <summary>Quotient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator /(Var a, Var b)
    {
        double q = a.Value / b.Value;
        return Record(q, a, 1 / b.Value, b, -q / b.Value);
    }

    /// <summary>Quotient by a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator /(Var a, double b) => Record(a.Value / b, a, 1 / b);

    /// <summary>Quotient of a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator /(double a, Var b)
    {
        double q = a / b.Value;
        return Record(q, b, -q / b.Value);
    }

    /// <summary>Remainder as <c>%</c> on doubles: d/da = 1, d/db = -truncate(a/b).</summary>
    public static Var operator %(Var a, Var b) =>
        Record(a.Value % b.Value, a, 1, b, -Math.Truncate(a.Value / b.Value));

    /// <summary>Negation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var operator -(Var a) => Record(-a.Value, a, -1);

    /// <summary>Identity.</summary>
    public static Var operator +(Var a) => a;

    /// <summary>Adds one.</summary>
    public static Var operator ++(Var a) => a + 1.0;

    /// <summary>Subtracts one.</summary>
    public static Var operator --(Var a) => a - 1.0;

    /// <summary>Compares values.</summary>
    public static bool operator <(Var a, Var b) => a.Value < b.Value;

    /// <summary>Compares values.</summary>
    public static bool operator >(Var a, Var b) => a.Value > b.Value;

    /// <summary>Compares values.</summary>
    public static bool operator <=(Var a, Var b) => a.Value <= b.Value;

    /// <summary>Compares values.</summary>
    public static bool operator >=(Var a, Var b) => a.Value >= b.Value;

    /// <summary>Compares values (IEEE: NaN is not equal to itself).</summary>
    public static bool operator ==(Var a, Var b) => a.Value == b.Value;

    /// <summary>Compares values (IEEE: NaN is not equal to itself).</summary>
    public static bool operator !=(Var a, Var b) => a.Value != b.Value;

    /// <summary>Value equality with <see cref="double.Equals(double)"/> semantics.</summary>
    public bool Equals(Var other) => Value.Equals(other.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Var other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Orders by value like <see cref="double.CompareTo(double)"/>.</summary>
    public int CompareTo(Var other) => Value.CompareTo(other.Value);

    /// <summary>The value, formatted like a double.</summary>
    public override string ToString() => Value.ToString();

    static Var IDifferentiableScalar<Var>.Constant(double value) => new(value);

    static Var IDifferentiableScalar<Var>.Apply(double value, Var a, double slope) => Record(value, a, slope);

    static Var IDifferentiableScalar<Var>.Apply(double value, Var a, double slopeA, Var b, double slopeB) => Record(value, a, slopeA, b, slopeB);

    /// <summary>
    /// Records a one-parent operation, or returns a constant when the parent is constant or the partial is 0:
    /// an edge of slope 0 is never recorded, so the backward sweep never multiplies 0 by an infinite adjoint.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Var Record(double value, Var a, double partial)
    {
        if (a.Index == 0 || partial == 0)
        {
            return new Var(value);
        }

        Tape tape = Tape.Current;
        int epoch = tape.Epoch;
        if (a.Epoch != epoch)
        {
            ThrowForeign();
        }

        return new Var(value, tape.Push(a.Index, partial, 0, 0), epoch);
    }

    /// <summary>Records a two-parent operation, or returns a constant when both parents are constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Var Record(double value, Var a, double partialA, Var b, double partialB)
    {
        // A choice (Max, Min, Clamp) gives the argument it did not take a partial of 0: no edge, so nothing reaches it.
        if (partialA == 0)
        {
            a = default;
        }

        if (partialB == 0)
        {
            b = default;
        }

        if ((a.Index | b.Index) == 0)
        {
            return new Var(value);
        }

        Tape tape = Tape.Current;
        int epoch = tape.Epoch;

        // A constant operand (index 0) may carry any epoch; a recorded one must be from this tape and Reset.
        if ((a.Epoch != epoch && a.Index != 0) || (b.Epoch != epoch && b.Index != 0))
        {
            ThrowForeign();
        }

        return new Var(value, tape.Push(a.Index, partialA, b.Index, partialB), epoch);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowForeign() =>
        throw new InvalidOperationException(
            "A Var was recorded on another thread's tape or before the last Reset; it cannot be used here.");
}
