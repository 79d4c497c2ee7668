namespace AutoDiff;

/// <summary>Writes the m values of a vector function at <paramref name="x"/> into <paramref name="values"/>.</summary>
public delegate void VectorFunction(double[] x, Span<double> values);
