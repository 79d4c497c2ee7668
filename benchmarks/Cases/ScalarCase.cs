namespace AutoDiff.Benchmarks.Cases;

/// <summary>
/// One scalar function's ways of computing a gradient. Implemented by a struct per function so that
/// <see cref="ScalarCase{T}"/> is compiled once per function: its timing loops call each method
/// directly, with no delegate or virtual call per iteration. Each method is marked
/// <c>NoInlining</c>, so every variant pays the same single call and the JIT cannot hoist a
/// computation on a constant point out of the loop.
/// </summary>
public interface IScalarFunction
{
    static abstract string Name { get; }

    /// <summary>The point the gradient is taken at (a fresh array).</summary>
    static abstract double[] Point();

    static abstract double Value(double[] x);

    static abstract double Generated(double[] x, double[] gradient);

    static abstract double Forward(double[] x, double[] gradient);

    static abstract double Hand(double[] x, double[] gradient);

    static abstract double Tape(double[] x, double[] gradient);
}

/// <summary>Times the methods of one <see cref="IScalarFunction"/>.</summary>
public sealed class ScalarCase<T> : GradientCase
    where T : struct, IScalarFunction
{
    private readonly double[] _x = T.Point();
    private readonly double[] _gradient;

    public ScalarCase()
    {
        _gradient = new double[_x.Length];
    }

    public override string Suite => "scalar";

    public override string Name => T.Name;

    public override int Dimension => _x.Length;

    public override double Run(Method method, int iterations)
    {
        double[] x = _x;
        double[] g = _gradient;
        double sink = 0;
        switch (method)
        {
            case Method.Function:
                for (int i = 0; i < iterations; i++)
                {
                    sink += T.Value(x);
                }

                break;
            case Method.Generated:
                for (int i = 0; i < iterations; i++)
                {
                    sink += T.Generated(x, g);
                }

                break;
            case Method.Forward:
                for (int i = 0; i < iterations; i++)
                {
                    sink += T.Forward(x, g);
                }

                break;
            case Method.Hand:
                for (int i = 0; i < iterations; i++)
                {
                    sink += T.Hand(x, g);
                }

                break;
            case Method.Tape:
                for (int i = 0; i < iterations; i++)
                {
                    sink += T.Tape(x, g);
                }

                break;
            case Method.FiniteDifference:
                for (int i = 0; i < iterations; i++)
                {
                    sink += CentralDifferences(x, g);
                }

                break;
        }

        return sink + g[0];
    }

    public override double Once(Method method, Span<double> gradient)
    {
        double value = method switch
        {
            Method.Function => T.Value(_x),
            Method.Generated => T.Generated(_x, _gradient),
            Method.Forward => T.Forward(_x, _gradient),
            Method.Hand => T.Hand(_x, _gradient),
            Method.Tape => T.Tape(_x, _gradient),
            _ => CentralDifferences(_x, _gradient),
        };
        _gradient.CopyTo(gradient);
        return value;
    }

    /// <summary>2n evaluations; the input is changed and restored in place. Returns the last upper value.</summary>
    private static double CentralDifferences(double[] x, double[] gradient)
    {
        double up = 0;
        for (int j = 0; j < x.Length; j++)
        {
            double xj = x[j];
            double h = Step * Math.Max(1, Math.Abs(xj));
            x[j] = xj + h;
            up = T.Value(x);
            x[j] = xj - h;
            double down = T.Value(x);
            x[j] = xj;
            gradient[j] = (up - down) / (2 * h);
        }

        return up;
    }
}
