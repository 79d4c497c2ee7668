using System.Numerics;
using AutoDiff.DualNumbers;
using AutoDiff.Taping;

namespace AutoDiff.Runtime.Tests;

/// <summary>The math functions an objective needs, for each scalar type (double, Var, Dual).</summary>
public interface IScalarMath<T>
{
    static abstract T Constant(double value);
    static abstract T Exp(T x);
    static abstract T Log(T x);
    static abstract T Sqrt(T x);
    static abstract T Sin(T x);
    static abstract T Cos(T x);
    static abstract T Tanh(T x);
    static abstract T Atan(T x);
    static abstract T Pow(T x, T y);
    static abstract T Max(T a, T b);
    static abstract T Hypot(T a, T b);
}

public readonly struct DoubleMath : IScalarMath<double>
{
    public static double Constant(double value) => value;
    public static double Exp(double x) => Math.Exp(x);
    public static double Log(double x) => Math.Log(x);
    public static double Sqrt(double x) => Math.Sqrt(x);
    public static double Sin(double x) => Math.Sin(x);
    public static double Cos(double x) => Math.Cos(x);
    public static double Tanh(double x) => Math.Tanh(x);
    public static double Atan(double x) => Math.Atan(x);
    public static double Pow(double x, double y) => Math.Pow(x, y);
    public static double Max(double a, double b) => Math.Max(a, b);
    public static double Hypot(double a, double b) => double.Hypot(a, b);
}

public readonly struct ReverseMath : IScalarMath<Var>
{
    public static Var Constant(double value) => value;
    public static Var Exp(Var x) => VarMath.Exp(x);
    public static Var Log(Var x) => VarMath.Log(x);
    public static Var Sqrt(Var x) => VarMath.Sqrt(x);
    public static Var Sin(Var x) => VarMath.Sin(x);
    public static Var Cos(Var x) => VarMath.Cos(x);
    public static Var Tanh(Var x) => VarMath.Tanh(x);
    public static Var Atan(Var x) => VarMath.Atan(x);
    public static Var Pow(Var x, Var y) => VarMath.Pow(x, y);
    public static Var Max(Var a, Var b) => VarMath.Max(a, b);
    public static Var Hypot(Var a, Var b) => VarMath.Hypot(a, b);
}

public readonly struct ForwardMath : IScalarMath<Dual>
{
    public static Dual Constant(double value) => value;
    public static Dual Exp(Dual x) => DualMath.Exp(x);
    public static Dual Log(Dual x) => DualMath.Log(x);
    public static Dual Sqrt(Dual x) => DualMath.Sqrt(x);
    public static Dual Sin(Dual x) => DualMath.Sin(x);
    public static Dual Cos(Dual x) => DualMath.Cos(x);
    public static Dual Tanh(Dual x) => DualMath.Tanh(x);
    public static Dual Atan(Dual x) => DualMath.Atan(x);
    public static Dual Pow(Dual x, Dual y) => DualMath.Pow(x, y);
    public static Dual Max(Dual a, Dual b) => DualMath.Max(a, b);
    public static Dual Hypot(Dual a, Dual b) => DualMath.Hypot(a, b);
}

/// <summary>
/// Multi-variable test objectives written once over the generic-math operator interfaces that
/// double, Var and Dual all implement, so the three evaluations are the same expression.
/// </summary>
public static class Objectives<T, M>
    where T : IAdditionOperators<T, T, T>, ISubtractionOperators<T, T, T>, IMultiplyOperators<T, T, T>,
        IDivisionOperators<T, T, T>, IUnaryNegationOperators<T, T>, IComparisonOperators<T, T, bool>
    where M : IScalarMath<T>
{
    private static T C(double value) => M.Constant(value);

    public static T Rosenbrock(T[] x)
    {
        T sum = C(0);
        for (int i = 0; i + 1 < x.Length; i++)
        {
            T a = x[i + 1] - x[i] * x[i];
            T b = C(1) - x[i];
            sum = sum + C(100) * a * a + b * b;
        }

        return sum;
    }

    public static T Beale(T[] x)
    {
        T a = C(1.5) - x[0] + x[0] * x[1];
        T b = C(2.25) - x[0] + x[0] * x[1] * x[1];
        T c = C(2.625) - x[0] + x[0] * x[1] * x[1] * x[1];
        return a * a + b * b + c * c;
    }

    public static T Himmelblau(T[] x)
    {
        T a = x[0] * x[0] + x[1] - C(11);
        T b = x[0] + x[1] * x[1] - C(7);
        return a * a + b * b;
    }

    /// <summary>Logistic-regression negative log-likelihood on a fixed small data set; x = weights.</summary>
    public static T LogisticLoss(T[] w)
    {
        double[,] features = { { 1.0, 0.5, -1.2 }, { 1.0, -0.3, 0.8 }, { 1.0, 2.0, 0.1 }, { 1.0, -1.5, -0.7 } };
        double[] labels = [1, 0, 1, 0];
        T loss = C(0);
        for (int row = 0; row < labels.Length; row++)
        {
            T z = C(0);
            for (int j = 0; j < w.Length; j++)
            {
                z = z + w[j] * C(features[row, j]);
            }

            T p = C(1) / (C(1) + M.Exp(-z));
            loss = loss - (C(labels[row]) * M.Log(p) + C(1 - labels[row]) * M.Log(C(1) - p));
        }

        return loss;
    }

    /// <summary>softplus(softplus(...)) mixing the inputs at each level.</summary>
    public static T SoftplusChain(T[] x)
    {
        T h = x[0];
        for (int level = 0; level < 6; level++)
        {
            T mixed = h * x[level % x.Length] - C(0.3) * x[(level + 1) % x.Length];
            h = M.Log(C(1) + M.Exp(mixed));
        }

        return h;
    }

    /// <summary>A small two-layer tanh network with a squared-error output; x = all weights.</summary>
    public static T TinyNetwork(T[] x)
    {
        T h0 = M.Tanh(x[0] * C(0.7) + x[1] * C(-0.4) + x[2]);
        T h1 = M.Tanh(x[3] * C(0.7) + x[4] * C(-0.4) + x[5]);
        T output = x[6] * h0 + x[7] * h1;
        T error = output - C(0.25);
        return error * error;
    }

    /// <summary>Branches on values (like real code does) and uses Max, Pow, Hypot and Atan.</summary>
    public static T Branchy(T[] x)
    {
        T r = M.Hypot(x[0], x[1]);
        T y = r > C(1) ? M.Sqrt(r) * M.Sin(x[2]) : M.Pow(r + C(1), x[2]) * M.Cos(x[0]);
        return M.Max(y, M.Atan(x[1] * x[2])) + y / (C(2) + x[0] * x[0]);
    }
}
