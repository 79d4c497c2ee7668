namespace AutoDiff.Benchmarks.Cases;

/// <summary>
/// A loop objective over a data set of a given size. One call costs microseconds to milliseconds, so the
/// virtual call per iteration is noise; each subclass supplies the five ways and finite differences come from here.
/// </summary>
public abstract class LoopCase : GradientCase
{
    private readonly double[] _gradient;

    protected LoopCase(string objective, int size, double[] point)
    {
        Name = $"{objective} n={size}";
        Point = point;
        Tangent = new double[point.Length];
        _gradient = new double[point.Length];
    }

    public override string Suite => "loop";

    public override string Name { get; }

    public override int Dimension => Point.Length;

    protected double[] Point { get; }

    /// <summary>A zero vector to use as the unit tangent of forward mode, one entry at a time.</summary>
    protected double[] Tangent { get; }

    protected abstract double Value(ReadOnlySpan<double> p);

    protected abstract double Generated(ReadOnlySpan<double> p, Span<double> gradient);

    /// <summary>One generated forward-mode pass along <paramref name="tangent"/>.</summary>
    protected abstract double Derivative(ReadOnlySpan<double> p, ReadOnlySpan<double> tangent, out double derivative);

    protected abstract double Hand(ReadOnlySpan<double> p, Span<double> gradient);

    protected abstract double Tape(ReadOnlySpan<double> p, Span<double> gradient);

    public override double Run(Method method, int iterations)
    {
        double sink = 0;
        for (int i = 0; i < iterations; i++)
        {
            sink += Once(method, _gradient);
        }

        return sink;
    }

    public override double Once(Method method, Span<double> gradient) => method switch
    {
        Method.Function => Value(Point),
        Method.Generated => Generated(Point, gradient),
        Method.Forward => Forward(gradient),
        Method.Hand => Hand(Point, gradient),
        Method.Tape => Tape(Point, gradient),
        _ => CentralDifferences(gradient),
    };

    /// <summary>n forward passes, one per unit direction.</summary>
    private double Forward(Span<double> gradient)
    {
        double value = 0;
        double[] tangent = Tangent;
        for (int j = 0; j < tangent.Length; j++)
        {
            tangent[j] = 1;
            value = Derivative(Point, tangent, out gradient[j]);
            tangent[j] = 0;
        }

        return value;
    }

    private double CentralDifferences(Span<double> gradient)
    {
        double[] x = Point;
        double up = 0;
        for (int j = 0; j < x.Length; j++)
        {
            double xj = x[j];
            double h = Step * Math.Max(1, Math.Abs(xj));
            x[j] = xj + h;
            up = Value(x);
            x[j] = xj - h;
            double down = Value(x);
            x[j] = xj;
            gradient[j] = (up - down) / (2 * h);
        }

        return up;
    }
}
