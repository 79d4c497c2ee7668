namespace AutoDiff;

/// <summary>Writes the gradient of a scalar function at <paramref name="x"/> into <paramref name="gradient"/> (length n).</summary>
public delegate void GradientFunction(double[] x, Span<double> gradient);
