namespace AutoDiff;

/// <summary>Writes the gradient of a scalar function at <paramref name="x"/> into <paramref name="gradient"/> (length n).</summary>
public delegate void GradientFunction(double[] x, Span<double> gradient);

/// <summary>Writes the m values of a vector function at <paramref name="x"/> into <paramref name="values"/>.</summary>
public delegate void VectorFunction(double[] x, Span<double> values);

/// <summary>Writes the m×n Jacobian at <paramref name="x"/> into <paramref name="jacobian"/>, row-major (row = output).</summary>
public delegate void JacobianFunction(double[] x, Span<double> jacobian);
