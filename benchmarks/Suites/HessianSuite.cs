using AutoDiff.Benchmarks.Functions;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks.Suites;

/// <summary>
/// Second derivatives of the loop objectives: one generated gradient (the baseline, so Ratio is
/// "÷ gradient"), one generated Hessian-vector product (forward over reverse), the same product by central
/// differences of the generated gradient, (∇f(p + h·v) − ∇f(p − h·v)) / 2h, and the full Hessian (one
/// product per input).
/// </summary>
[MemoryDiagnoser]
public class HessianSuite
{
    private double[] _p = [], _v = [], _gradient = [], _product = [], _hessian = [], _plus = [], _minus = [], _shifted = [];
    private double[] _features = [], _labels = [], _data = [], _masses = [];

    [Params("LogisticRegression n=1000", "GaussianMixture n=1000", "NBodyEnergy n=10")]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(17);
        double Next() => (2 * random.NextDouble()) - 1;
        int inputs = Case switch
        {
            "LogisticRegression n=1000" => 5,
            "GaussianMixture n=1000" => 9,
            _ => 30,
        };
        _p = Enumerable.Range(0, inputs).Select(_ => Next()).ToArray();
        _v = Enumerable.Range(0, inputs).Select(_ => Next()).ToArray();
        _gradient = new double[inputs];
        _product = new double[inputs];
        _plus = new double[inputs];
        _minus = new double[inputs];
        _shifted = new double[inputs];
        _hessian = new double[inputs * inputs];
        _features = Enumerable.Range(0, 1000 * 4).Select(_ => Next()).ToArray();
        _labels = Enumerable.Range(0, 1000).Select(_ => random.Next(2) == 0 ? -1.0 : 1.0).ToArray();
        _data = Enumerable.Range(0, 1000).Select(_ => 3 * Next()).ToArray();
        _masses = Enumerable.Range(0, 10).Select(_ => 1 + random.NextDouble()).ToArray();
        if (Case.StartsWith("NBody", StringComparison.Ordinal))
        {
            // Particles on a jittered grid, so no pair is close enough to dominate.
            for (int i = 0; i < inputs; i++)
            {
                _p[i] = (2 * (i / 3)) + (0.1 * Next());
            }
        }

        // Check before timing: the product agrees with differences of the gradient.
        HessianVectorProduct();
        double[] generated = (double[])_product.Clone();
        DifferencesOfGradient();
        for (int i = 0; i < inputs; i++)
        {
            if (Math.Abs(generated[i] - _product[i]) > 1e-4 * Math.Max(1, Math.Abs(generated[i])))
            {
                throw new InvalidOperationException($"{Case}: (H·v)[{i}] = {generated[i]}, differences of the gradient give {_product[i]}");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public double Gradient() => Case switch
    {
        "LogisticRegression n=1000" => LoopObjectives.LogisticRegressionGradient(_p, _features, _labels, _gradient),
        "GaussianMixture n=1000" => LoopObjectives.GaussianMixtureGradient(_p, _data, _gradient),
        _ => LoopObjectives.NBodyEnergyGradient(_p, _masses, _gradient),
    };

    [Benchmark]
    public double HessianVectorProduct() => Case switch
    {
        "LogisticRegression n=1000" => LoopObjectives.LogisticRegressionHessianVectorProduct(_p, _features, _labels, _v, _product),
        "GaussianMixture n=1000" => LoopObjectives.GaussianMixtureHessianVectorProduct(_p, _data, _v, _product),
        _ => LoopObjectives.NBodyEnergyHessianVectorProduct(_p, _masses, _v, _product),
    };

    [Benchmark]
    public double DifferencesOfGradient()
    {
        const double h = 1e-5;
        for (int i = 0; i < _p.Length; i++)
        {
            _shifted[i] = _p[i] + (h * _v[i]);
        }

        double value = GradientAt(_shifted, _plus);
        for (int i = 0; i < _p.Length; i++)
        {
            _shifted[i] = _p[i] - (h * _v[i]);
        }

        value += GradientAt(_shifted, _minus);
        for (int i = 0; i < _p.Length; i++)
        {
            _product[i] = (_plus[i] - _minus[i]) / (2 * h);
        }

        return value;
    }

    [Benchmark]
    public double Hessian() => Case switch
    {
        "LogisticRegression n=1000" => LoopObjectives.LogisticRegressionHessian(_p, _features, _labels, _hessian),
        "GaussianMixture n=1000" => LoopObjectives.GaussianMixtureHessian(_p, _data, _hessian),
        _ => LoopObjectives.NBodyEnergyHessian(_p, _masses, _hessian),
    };

    private double GradientAt(double[] p, double[] gradient) => Case switch
    {
        "LogisticRegression n=1000" => LoopObjectives.LogisticRegressionGradient(p, _features, _labels, gradient),
        "GaussianMixture n=1000" => LoopObjectives.GaussianMixtureGradient(p, _data, gradient),
        _ => LoopObjectives.NBodyEnergyGradient(p, _masses, gradient),
    };
}
