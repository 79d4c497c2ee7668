using AutoDiff;
using AutoDiff.Taping;

namespace AutoDiff.Benchmarks.Functions;

/// <summary>
/// The Jacobian suite: residuals of the exponential-decay model y ≈ a·e^(−b·t) + c (as in samples/CurveFit),
/// with the generated Jacobian, a hand-written one and a tape one.
/// </summary>
public static partial class Residuals
{
    /// <summary>r[i] = y[i] − (a·e^(−b·t[i]) + c) for p = (a, b, c).</summary>
    [Differentiable]
    public static void Decay(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> t, [NoDerivative] ReadOnlySpan<double> y, Span<double> r)
    {
        for (int i = 0; i < t.Length; i++)
        {
            r[i] = y[i] - ((p[0] * Math.Exp(-p[1] * t[i])) + p[2]);
        }
    }

    /// <summary>The residuals and their m × 3 Jacobian, row-major, in one pass.</summary>
    public static void DecayJacobianByHand(ReadOnlySpan<double> p, ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> r, Span<double> jacobian)
    {
        double a = p[0];
        double b = p[1];
        for (int i = 0; i < t.Length; i++)
        {
            double e = Math.Exp(-b * t[i]);
            r[i] = y[i] - ((a * e) + p[2]);
            jacobian[3 * i] = -e;
            jacobian[(3 * i) + 1] = a * t[i] * e;
            jacobian[(3 * i) + 2] = -1;
        }
    }

    /// <summary>The Jacobian on the tape: record the residuals once, then one reverse sweep per row.</summary>
    public static void DecayJacobianOnTape(ReadOnlySpan<double> p, ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> r, Span<double> jacobian)
    {
        using TapeScope scope = Tape.Current.BeginScope();
        Var a = scope.Variable(p[0]);
        Var b = scope.Variable(p[1]);
        Var c = scope.Variable(p[2]);
        for (int i = 0; i < t.Length; i++)
        {
            Var ri = y[i] - ((a * VarMath.Exp(-b * t[i])) + c);
            r[i] = ri.Value;
            scope.Backward(ri);
            jacobian[3 * i] = scope.Gradient(a);
            jacobian[(3 * i) + 1] = scope.Gradient(b);
            jacobian[(3 * i) + 2] = scope.Gradient(c);
        }
    }
}
