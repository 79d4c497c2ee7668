using AutoDiff.Benchmarks.Functions;

namespace AutoDiff.Benchmarks.Cases;

/// <summary>Seeded synthetic data for the loop suite, so every run times the same numbers.</summary>
internal static class Data
{
    public static double[] Normal(Random random, int count, double mean = 0, double spread = 1)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            // Box-Muller.
            double u = 1 - random.NextDouble();
            double v = random.NextDouble();
            values[i] = mean + (spread * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }

        return values;
    }
}

/// <summary>Logistic regression with 4 features and a bias (5 parameters).</summary>
public sealed class LogisticRegressionCase(int size) : LoopCase("LogisticRegression", size, [0.4, -0.3, 0.2, 0.1, -0.05])
{
    private const int Features = 4;
    private readonly double[] _features = Data.Normal(new Random(1), size * Features);
    private readonly double[] _labels = Enumerable.Range(0, size).Select(i => i % 3 == 0 ? -1.0 : 1.0).ToArray();

    protected override double Value(ReadOnlySpan<double> p) => LoopObjectives.LogisticRegression(p, _features, _labels);

    protected override double Generated(ReadOnlySpan<double> p, Span<double> gradient) =>
        LoopObjectives.LogisticRegressionGradient(p, _features, _labels, gradient);

    protected override double Derivative(ReadOnlySpan<double> p, ReadOnlySpan<double> tangent, out double derivative) =>
        LoopObjectives.LogisticRegressionDerivative(p, _features, _labels, tangent, out derivative);

    protected override double Hand(ReadOnlySpan<double> p, Span<double> gradient) =>
        HandLoopGradients.LogisticRegression(p, _features, _labels, gradient);

    protected override double Tape(ReadOnlySpan<double> p, Span<double> gradient) =>
        TapeFunctions.LogisticRegression(p, _features, _labels, gradient);
}

/// <summary>A three-component 1-D Gaussian mixture (9 parameters).</summary>
public sealed class GaussianMixtureCase(int size) : LoopCase("GaussianMixture", size, [-1.0, 0.2, 1.5, -0.3, 0.1, -0.5, 0.2, 0.0, -0.4])
{
    private readonly double[] _data = Data.Normal(new Random(2), size, 0.2, 1.3);

    protected override double Value(ReadOnlySpan<double> p) => LoopObjectives.GaussianMixture(p, _data);

    protected override double Generated(ReadOnlySpan<double> p, Span<double> gradient) =>
        LoopObjectives.GaussianMixtureGradient(p, _data, gradient);

    protected override double Derivative(ReadOnlySpan<double> p, ReadOnlySpan<double> tangent, out double derivative) =>
        LoopObjectives.GaussianMixtureDerivative(p, _data, tangent, out derivative);

    protected override double Hand(ReadOnlySpan<double> p, Span<double> gradient) =>
        HandLoopGradients.GaussianMixture(p, _data, gradient);

    protected override double Tape(ReadOnlySpan<double> p, Span<double> gradient) =>
        TapeFunctions.GaussianMixture(p, _data, gradient);
}

/// <summary>A 4-8-1 tanh network's squared error (49 parameters).</summary>
public sealed class MlpLossCase(int size) : LoopCase("MlpLoss", size, Data.Normal(new Random(3), (8 * 4) + 8 + 8 + 1, 0, 0.5))
{
    private const int Inputs = 4;
    private readonly double[] _inputs = Data.Normal(new Random(4), size * Inputs);
    private readonly double[] _targets = Data.Normal(new Random(5), size);

    protected override double Value(ReadOnlySpan<double> p) => LoopObjectives.MlpLoss(p, _inputs, _targets);

    protected override double Generated(ReadOnlySpan<double> p, Span<double> gradient) =>
        LoopObjectives.MlpLossGradient(p, _inputs, _targets, gradient);

    protected override double Derivative(ReadOnlySpan<double> p, ReadOnlySpan<double> tangent, out double derivative) =>
        LoopObjectives.MlpLossDerivative(p, _inputs, _targets, tangent, out derivative);

    protected override double Hand(ReadOnlySpan<double> p, Span<double> gradient) =>
        HandLoopGradients.MlpLoss(p, _inputs, _targets, gradient);

    protected override double Tape(ReadOnlySpan<double> p, Span<double> gradient) =>
        TapeFunctions.MlpLoss(p, _inputs, _targets, gradient);
}

/// <summary>Gravitational energy of <c>size</c> particles: size·(size − 1)/2 pairs, 3·size parameters.</summary>
public sealed class NBodyCase(int size) : LoopCase("NBodyEnergy", size, Data.Normal(new Random(6), 3 * size))
{
    private readonly double[] _masses = Enumerable.Range(0, size).Select(i => 1.0 + (0.1 * (i % 7))).ToArray();

    protected override double Value(ReadOnlySpan<double> p) => LoopObjectives.NBodyEnergy(p, _masses);

    protected override double Generated(ReadOnlySpan<double> p, Span<double> gradient) =>
        LoopObjectives.NBodyEnergyGradient(p, _masses, gradient);

    protected override double Derivative(ReadOnlySpan<double> p, ReadOnlySpan<double> tangent, out double derivative) =>
        LoopObjectives.NBodyEnergyDerivative(p, _masses, tangent, out derivative);

    protected override double Hand(ReadOnlySpan<double> p, Span<double> gradient) =>
        HandLoopGradients.NBodyEnergy(p, _masses, gradient);

    protected override double Tape(ReadOnlySpan<double> p, Span<double> gradient) =>
        TapeFunctions.NBodyEnergy(p, _masses, gradient);
}
