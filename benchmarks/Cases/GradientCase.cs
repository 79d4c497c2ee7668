namespace AutoDiff.Benchmarks.Cases;

/// <summary>The ways of getting a gradient that every case compares.</summary>
public enum Method
{
    /// <summary>The function alone, no derivative.</summary>
    Function,

    /// <summary>The generated reverse mode, <c>FGradient</c>.</summary>
    Generated,

    /// <summary>The generated forward mode, <c>FDerivative</c>, once per input (n passes).</summary>
    Forward,

    /// <summary>A gradient written by hand.</summary>
    Hand,

    /// <summary>The dynamic tape, <c>Var</c> in a <c>TapeScope</c>.</summary>
    Tape,

    /// <summary>Central finite differences, 2n evaluations of the function.</summary>
    FiniteDifference,
}

/// <summary>One objective with every <see cref="Method"/> of computing its gradient at a fixed point.</summary>
public abstract class GradientCase
{
    /// <summary>The step of <see cref="AutoDiff.GradientCheck"/>: about the cube root of machine epsilon.</summary>
    protected const double Step = 6e-6;

    public abstract string Suite { get; }

    public abstract string Name { get; }

    /// <summary>Number of inputs the gradient is taken with respect to.</summary>
    public abstract int Dimension { get; }

    /// <summary>Runs <paramref name="method"/> <paramref name="iterations"/> times; returns a sum of the values so nothing is optimised away.</summary>
    public abstract double Run(Method method, int iterations);

    /// <summary>One call: returns the value and writes the gradient (nothing for <see cref="Method.Function"/>).</summary>
    public abstract double Once(Method method, Span<double> gradient);

    public override string ToString() => Name;
}
