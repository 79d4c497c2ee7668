using System.Runtime.CompilerServices;
using AutoDiff.Benchmarks.Functions;
using AutoDiff.Taping;

namespace AutoDiff.Benchmarks.Cases;

// One struct per scalar function: unpack the point, call each way of differentiating it, pack the gradient.

public readonly struct RosenbrockCase : IScalarFunction
{
    public static string Name => "Rosenbrock";

    public static double[] Point() => [-1.2, 1.0];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Value(double[] x) => ScalarFunctions.Rosenbrock(x[0], x[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Generated(double[] x, double[] gradient) =>
        ScalarFunctions.RosenbrockGradient(x[0], x[1], out gradient[0], out gradient[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Hand(double[] x, double[] gradient) =>
        HandGradients.Rosenbrock(x[0], x[1], out gradient[0], out gradient[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Forward(double[] x, double[] gradient)
    {
        double value = 0;
        value = ScalarFunctions.RosenbrockDerivative(x[0], x[1], 1, 0, out gradient[0]);
        value = ScalarFunctions.RosenbrockDerivative(x[0], x[1], 0, 1, out gradient[1]);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Tape(double[] x, double[] gradient) =>
        ScalarFunctions.RosenbrockOnTapeGradient(x[0], x[1], out gradient[0], out gradient[1]);
}

public readonly struct BealeCase : IScalarFunction
{
    public static string Name => "Beale";

    public static double[] Point() => [1.0, 0.8];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Value(double[] x) => ScalarFunctions.Beale(x[0], x[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Generated(double[] x, double[] gradient) =>
        ScalarFunctions.BealeGradient(x[0], x[1], out gradient[0], out gradient[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Hand(double[] x, double[] gradient) =>
        HandGradients.Beale(x[0], x[1], out gradient[0], out gradient[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Forward(double[] x, double[] gradient)
    {
        double value = 0;
        value = ScalarFunctions.BealeDerivative(x[0], x[1], 1, 0, out gradient[0]);
        value = ScalarFunctions.BealeDerivative(x[0], x[1], 0, 1, out gradient[1]);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Tape(double[] x, double[] gradient) =>
        ScalarFunctions.BealeOnTapeGradient(x[0], x[1], out gradient[0], out gradient[1]);
}

public readonly struct HimmelblauCase : IScalarFunction
{
    public static string Name => "Himmelblau";

    public static double[] Point() => [1.5, -0.7];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Value(double[] x) => ScalarFunctions.Himmelblau(x[0], x[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Generated(double[] x, double[] gradient) =>
        ScalarFunctions.HimmelblauGradient(x[0], x[1], out gradient[0], out gradient[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Hand(double[] x, double[] gradient) =>
        HandGradients.Himmelblau(x[0], x[1], out gradient[0], out gradient[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Forward(double[] x, double[] gradient)
    {
        double value = 0;
        value = ScalarFunctions.HimmelblauDerivative(x[0], x[1], 1, 0, out gradient[0]);
        value = ScalarFunctions.HimmelblauDerivative(x[0], x[1], 0, 1, out gradient[1]);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Tape(double[] x, double[] gradient) =>
        ScalarFunctions.HimmelblauOnTapeGradient(x[0], x[1], out gradient[0], out gradient[1]);
}

public readonly struct AckleyCase : IScalarFunction
{
    public static string Name => "Ackley";

    public static double[] Point() => [0.7, -1.3];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Value(double[] x) => ScalarFunctions.Ackley(x[0], x[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Generated(double[] x, double[] gradient) =>
        ScalarFunctions.AckleyGradient(x[0], x[1], out gradient[0], out gradient[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Hand(double[] x, double[] gradient) =>
        HandGradients.Ackley(x[0], x[1], out gradient[0], out gradient[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Forward(double[] x, double[] gradient)
    {
        double value = 0;
        value = ScalarFunctions.AckleyDerivative(x[0], x[1], 1, 0, out gradient[0]);
        value = ScalarFunctions.AckleyDerivative(x[0], x[1], 0, 1, out gradient[1]);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Tape(double[] x, double[] gradient) =>
        ScalarFunctions.AckleyOnTapeGradient(x[0], x[1], out gradient[0], out gradient[1]);
}

public readonly struct LogisticCase : IScalarFunction
{
    public static string Name => "Logistic";

    // The two features are data, not inputs.
    private const double X0 = 1.5;
    private const double X1 = -2.0;

    public static double[] Point() => [0.5, -0.25, 0.1];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Value(double[] x) => ScalarFunctions.Logistic(x[0], x[1], x[2], X0, X1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Generated(double[] x, double[] gradient) =>
        ScalarFunctions.LogisticGradient(x[0], x[1], x[2], X0, X1, out gradient[0], out gradient[1], out gradient[2]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Hand(double[] x, double[] gradient) =>
        HandGradients.Logistic(x[0], x[1], x[2], X0, X1, out gradient[0], out gradient[1], out gradient[2]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Forward(double[] x, double[] gradient)
    {
        double value = 0;
        value = ScalarFunctions.LogisticDerivative(x[0], x[1], x[2], X0, X1, 1, 0, 0, out gradient[0]);
        value = ScalarFunctions.LogisticDerivative(x[0], x[1], x[2], X0, X1, 0, 1, 0, out gradient[1]);
        value = ScalarFunctions.LogisticDerivative(x[0], x[1], x[2], X0, X1, 0, 0, 1, out gradient[2]);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Tape(double[] x, double[] gradient) =>
        ScalarFunctions.LogisticOnTapeGradient(x[0], x[1], x[2], X0, X1, out gradient[0], out gradient[1], out gradient[2]);
}

public readonly struct SoftplusChainCase : IScalarFunction
{
    public static string Name => "SoftplusChain";

    public static double[] Point() => [0.3, -0.6];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Value(double[] x) => ScalarFunctions.SoftplusChain(x[0], x[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Generated(double[] x, double[] gradient) =>
        ScalarFunctions.SoftplusChainGradient(x[0], x[1], out gradient[0], out gradient[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Hand(double[] x, double[] gradient) =>
        HandGradients.SoftplusChain(x[0], x[1], out gradient[0], out gradient[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Forward(double[] x, double[] gradient)
    {
        double value = 0;
        value = ScalarFunctions.SoftplusChainDerivative(x[0], x[1], 1, 0, out gradient[0]);
        value = ScalarFunctions.SoftplusChainDerivative(x[0], x[1], 0, 1, out gradient[1]);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Tape(double[] x, double[] gradient) =>
        ScalarFunctions.SoftplusChainOnTapeGradient(x[0], x[1], out gradient[0], out gradient[1]);
}

public readonly struct LennardJonesCase : IScalarFunction
{
    public static string Name => "LennardJones";

    public static double[] Point() => [0.1, 0.2, 1.15, 0.45];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Value(double[] x) => ScalarFunctions.LennardJones(x[0], x[1], x[2], x[3]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Generated(double[] x, double[] gradient) =>
        ScalarFunctions.LennardJonesGradient(x[0], x[1], x[2], x[3], out gradient[0], out gradient[1], out gradient[2], out gradient[3]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Hand(double[] x, double[] gradient) =>
        HandGradients.LennardJones(x[0], x[1], x[2], x[3], out gradient[0], out gradient[1], out gradient[2], out gradient[3]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Forward(double[] x, double[] gradient)
    {
        double value = 0;
        value = ScalarFunctions.LennardJonesDerivative(x[0], x[1], x[2], x[3], 1, 0, 0, 0, out gradient[0]);
        value = ScalarFunctions.LennardJonesDerivative(x[0], x[1], x[2], x[3], 0, 1, 0, 0, out gradient[1]);
        value = ScalarFunctions.LennardJonesDerivative(x[0], x[1], x[2], x[3], 0, 0, 1, 0, out gradient[2]);
        value = ScalarFunctions.LennardJonesDerivative(x[0], x[1], x[2], x[3], 0, 0, 0, 1, out gradient[3]);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Tape(double[] x, double[] gradient) =>
        ScalarFunctions.LennardJonesOnTapeGradient(x[0], x[1], x[2], x[3], out gradient[0], out gradient[1], out gradient[2], out gradient[3]);
}

public readonly struct StyblinskiTangCase : IScalarFunction
{
    public static string Name => "StyblinskiTang";

    public static double[] Point() => [-2.9, 2.7, 0.5, -1.1];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Value(double[] x) => ScalarFunctions.StyblinskiTang(x[0], x[1], x[2], x[3]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Generated(double[] x, double[] gradient) =>
        ScalarFunctions.StyblinskiTangGradient(x[0], x[1], x[2], x[3], out gradient[0], out gradient[1], out gradient[2], out gradient[3]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Hand(double[] x, double[] gradient) =>
        HandGradients.StyblinskiTang(x[0], x[1], x[2], x[3], out gradient[0], out gradient[1], out gradient[2], out gradient[3]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Forward(double[] x, double[] gradient)
    {
        double value = 0;
        value = ScalarFunctions.StyblinskiTangDerivative(x[0], x[1], x[2], x[3], 1, 0, 0, 0, out gradient[0]);
        value = ScalarFunctions.StyblinskiTangDerivative(x[0], x[1], x[2], x[3], 0, 1, 0, 0, out gradient[1]);
        value = ScalarFunctions.StyblinskiTangDerivative(x[0], x[1], x[2], x[3], 0, 0, 1, 0, out gradient[2]);
        value = ScalarFunctions.StyblinskiTangDerivative(x[0], x[1], x[2], x[3], 0, 0, 0, 1, out gradient[3]);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Tape(double[] x, double[] gradient) =>
        ScalarFunctions.StyblinskiTangOnTapeGradient(x[0], x[1], x[2], x[3], out gradient[0], out gradient[1], out gradient[2], out gradient[3]);
}

public readonly struct BlackScholesCallCase : IScalarFunction
{
    public static string Name => "BlackScholesCall";

    public static double[] Point() => [100, 95, 0.5, 0.03, 0.25];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Value(double[] x) => ScalarFunctions.BlackScholesCall(x[0], x[1], x[2], x[3], x[4]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Generated(double[] x, double[] gradient) =>
        ScalarFunctions.BlackScholesCallGradient(x[0], x[1], x[2], x[3], x[4], out gradient[0], out gradient[1], out gradient[2], out gradient[3], out gradient[4]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Hand(double[] x, double[] gradient) =>
        HandGradients.BlackScholesCall(x[0], x[1], x[2], x[3], x[4], out gradient[0], out gradient[1], out gradient[2], out gradient[3], out gradient[4]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Forward(double[] x, double[] gradient)
    {
        double value = 0;
        value = ScalarFunctions.BlackScholesCallDerivative(x[0], x[1], x[2], x[3], x[4], 1, 0, 0, 0, 0, out gradient[0]);
        value = ScalarFunctions.BlackScholesCallDerivative(x[0], x[1], x[2], x[3], x[4], 0, 1, 0, 0, 0, out gradient[1]);
        value = ScalarFunctions.BlackScholesCallDerivative(x[0], x[1], x[2], x[3], x[4], 0, 0, 1, 0, 0, out gradient[2]);
        value = ScalarFunctions.BlackScholesCallDerivative(x[0], x[1], x[2], x[3], x[4], 0, 0, 0, 1, 0, out gradient[3]);
        value = ScalarFunctions.BlackScholesCallDerivative(x[0], x[1], x[2], x[3], x[4], 0, 0, 0, 0, 1, out gradient[4]);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Tape(double[] x, double[] gradient) =>
        TapeFunctions.BlackScholesCall(x[0], x[1], x[2], x[3], x[4], gradient);
}
