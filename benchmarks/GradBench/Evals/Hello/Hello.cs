namespace AutoDiff.GradBench.Evals.Hello;

/// <summary>The <c>hello</c> eval's function: f(x) = x²; its gradient 2x is the generated <c>SquareGradient</c>.</summary>
public static partial class Hello
{
    /// <summary>x².</summary>
    [Differentiable]
    public static double Square(double x) => x * x;
}
