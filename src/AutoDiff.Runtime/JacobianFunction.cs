namespace AutoDiff;

/// <summary>Writes the m×n Jacobian at <paramref name="x"/> into <paramref name="jacobian"/>, row-major (row = output).</summary>
public delegate void JacobianFunction(double[] x, Span<double> jacobian);
