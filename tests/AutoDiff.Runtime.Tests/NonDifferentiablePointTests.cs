using AutoDiff.DualNumbers;
using AutoDiff.Taping;

namespace AutoDiff.Runtime.Tests;

/// <summary>
/// Conventions at points where the derivative does not exist (PyTorch's choices), checked in both modes.
/// Expected values here are the conventions themselves, not computed gradients.
/// </summary>
public class NonDifferentiablePointTests
{
    private static double[] Both(Func<Var[], Var> reverse, Func<Dual[], Dual> forward, params double[] x)
    {
        double[] r = Differentiate.Reverse(reverse, x);
        double[] f = Differentiate.Forward(forward, x);
        Assert.Equal(r, f);
        return r;
    }

    [Fact]
    public void Abs_has_zero_derivative_at_zero()
    {
        Assert.Equal([0.0], Both(x => VarMath.Abs(x[0]), x => DualMath.Abs(x[0]), 0.0));
        Assert.Equal([0.0], Both(x => VarMath.Abs(x[0]), x => DualMath.Abs(x[0]), -0.0));
    }

    [Fact]
    public void Min_and_Max_split_the_gradient_evenly_on_a_tie()
    {
        Assert.Equal([0.5, 0.5], Both(x => VarMath.Min(x[0], x[1]), x => DualMath.Min(x[0], x[1]), 2.0, 2.0));
        Assert.Equal([0.5, 0.5], Both(x => VarMath.Max(x[0], x[1]), x => DualMath.Max(x[0], x[1]), 2.0, 2.0));
    }

    [Fact]
    public void Min_and_Max_with_a_NaN_operand_give_a_NaN_value_and_send_no_gradient()
    {
        // A choice sends the gradient to the argument it took; with NaN every comparison fails and it takes
        // neither (the rule table's convention, the same in generated code).
        Var a = Tape.Current.Variable(double.NaN);
        Var b = Tape.Current.Variable(1.0);
        Var min = VarMath.Min(a, b);
        Tape.Current.Backward(min);
        Assert.True(double.IsNaN(min.Value));
        Assert.Equal(0.0, a.Gradient);
        Assert.Equal(0.0, b.Gradient);
        Dual max = DualMath.Max(Dual.Variable(double.NaN), 1.0);
        Assert.True(double.IsNaN(max.Value));
        Assert.Equal(0.0, max.Tangent);
    }

    [Fact]
    public void A_choice_never_multiplies_the_branch_not_taken_by_an_infinite_adjoint()
    {
        // Full truncation, sqrt(max(v, 0)) + v at v = -1: the square root's slope at 0 is infinite, and the
        // branch not taken must get nothing rather than 0 · ∞ = NaN. The derivative is 1.
        Var v = Tape.Current.Variable(-1.0);
        Var f = VarMath.Sqrt(VarMath.Max(v, 0.0)) + v;
        Tape.Current.Backward(f);
        Assert.Equal(1.0, v.Gradient);
        Dual d = DualMath.Sqrt(DualMath.Max(Dual.Variable(-1.0), 0.0)) + Dual.Variable(-1.0);
        Assert.Equal(1.0, d.Tangent);
    }

    [Theory]
    [InlineData(-1.0, 0.0, 0.0, 1.0)] // on the lower bound: x keeps the gradient
    [InlineData(1.0, 0.0, 0.0, 1.0)] // on the upper bound: x keeps the gradient
    [InlineData(0.3, 0.0, 0.0, 1.0)] // strictly inside
    [InlineData(-1.5, 1.0, 0.0, 0.0)] // below: the lower bound takes it
    [InlineData(1.5, 0.0, 1.0, 0.0)] // above: the upper bound takes it
    public void Clamp_passes_the_gradient_to_x_where_lo_le_x_le_hi(double x, double dLo, double dHi, double dX)
    {
        double[] g = Both(
            v => VarMath.Clamp(v[0], v[1], v[2]), v => DualMath.Clamp(v[0], v[1], v[2]), x, -1.0, 1.0);
        Assert.Equal([dX, dLo, dHi], g);
    }

    [Fact]
    public void Clamp_with_min_above_max_throws_like_Math_Clamp()
    {
        Assert.Throws<ArgumentException>(() => VarMath.Clamp(0.0, 2.0, 1.0));
        Assert.Throws<ArgumentException>(() => DualMath.Clamp(0.0, 2.0, 1.0));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.0)]
    [InlineData(0.5)]
    public void Pow_derivative_in_the_exponent_is_zero_at_base_zero_for_nonnegative_exponent(double y)
    {
        double[] g = Both(v => VarMath.Pow(v[0], v[1]), v => DualMath.Pow(v[0], v[1]), 0.0, y);
        Assert.Equal(0.0, g[1]);
        // d/dx = y·0^(y-1): 0 when y = 0, 0 for y = 2, +∞ for y = 0.5 (IEEE, not masked).
        Assert.Equal(y == 0 ? 0 : y * Math.Pow(0, y - 1), g[0]);
    }

    [Fact]
    public void Pow_at_base_zero_with_negative_exponent_keeps_the_IEEE_result()
    {
        double[] g = Both(v => VarMath.Pow(v[0], v[1]), v => DualMath.Pow(v[0], v[1]), 0.0, -1.0);
        // 0^-1 = +∞; d/dx = -1·0^-2 = -∞; d/dy = ∞·ln 0 = -∞.
        Assert.Equal([double.NegativeInfinity, double.NegativeInfinity], g);
    }

    [Theory]
    [InlineData("Floor")]
    [InlineData("Ceiling")]
    [InlineData("Round")]
    [InlineData("Truncate")]
    [InlineData("Sign")]
    public void Step_functions_have_zero_derivative_even_on_a_jump(string name)
    {
        MathCase c = MathCases.Get(name);
        foreach (double x in new[] { 1.0, 2.5, -3.0, 0.0 })
        {
            Assert.Equal([0.0], Both(c.Reverse, c.Forward, x));
        }
    }

    [Fact]
    public void Sign_of_NaN_throws_like_Math_Sign()
    {
        Assert.Throws<ArithmeticException>(() => VarMath.Sign(double.NaN));
        Assert.Throws<ArithmeticException>(() => DualMath.Sign(double.NaN));
    }

    [Fact]
    public void Hypot_has_zero_gradient_at_the_origin()
    {
        Assert.Equal([0.0, 0.0], Both(v => VarMath.Hypot(v[0], v[1]), v => DualMath.Hypot(v[0], v[1]), 0.0, 0.0));
    }

    [Fact]
    public void NaN_and_infinity_propagate_like_IEEE_arithmetic()
    {
        double[] sqrtOfNegative = Both(v => VarMath.Sqrt(v[0]), v => DualMath.Sqrt(v[0]), -1.0);
        Assert.True(double.IsNaN(sqrtOfNegative[0]));

        double[] sqrtAtZero = Both(v => VarMath.Sqrt(v[0]), v => DualMath.Sqrt(v[0]), 0.0);
        Assert.Equal(double.PositiveInfinity, sqrtAtZero[0]);

        double[] logAtZero = Both(v => VarMath.Log(v[0]), v => DualMath.Log(v[0]), 0.0);
        Assert.Equal(double.PositiveInfinity, logAtZero[0]);

        Assert.Equal(double.NegativeInfinity, DualMath.Log(Dual.Variable(0)).Value);
    }

    [Fact]
    public void An_unused_branch_with_an_infinite_slope_does_not_poison_the_gradient()
    {
        // sqrt'(0) = ∞ is recorded, but the result ignores it: the zero adjoint is skipped, not multiplied.
        Tape tape = Tape.Current;
        tape.Reset();
        Var x = tape.Variable(0.0);
        _ = VarMath.Sqrt(x);
        Var y = 2.0 * x;
        tape.Backward(y);
        Assert.Equal(2.0, x.Gradient);
    }

    [Fact]
    public void A_constant_at_a_singular_point_does_not_poison_the_tangent()
    {
        // sqrt of the constant 0 has slope ∞, but a zero tangent is a strong zero.
        Dual x = Dual.Variable(3.0);
        Dual y = x * DualMath.Sqrt(0.0) + x;
        Assert.Equal(1.0, y.Tangent);
    }
}
