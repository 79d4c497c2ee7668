using AutoDiff.Benchmarks.Cases;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks.Suites;

/// <summary>
/// The six ways of getting a gradient, for every case a derived suite lists. Each benchmark runs
/// <see cref="Calls"/> calls per invocation (so a scalar suite's times are per 1,000 calls), which keeps
/// the cost of reaching the case out of nanosecond-sized timings. The function alone is the baseline,
/// so BenchmarkDotNet's Ratio column is "÷ function".
/// </summary>
[MemoryDiagnoser]
public abstract class GradientSuite
{
    [ParamsSource(nameof(AllCases))]
    public GradientCase Case { get; set; } = null!;

    protected abstract IEnumerable<GradientCase> Cases();

    public IEnumerable<GradientCase> AllCases() => Cases();

    /// <summary>Calls per invocation: many for scalar functions, one for the loop objectives.</summary>
    protected abstract int Calls { get; }

    [GlobalSetup]
    public void CheckBeforeTiming()
    {
        List<string> problems = Quick.Checks.Verify(Case);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }
    }

    [Benchmark(Baseline = true)]
    public double Function() => Case.Run(Method.Function, Calls);

    [Benchmark]
    public double Generated() => Case.Run(Method.Generated, Calls);

    [Benchmark]
    public double ForwardNPasses() => Case.Run(Method.Forward, Calls);

    [Benchmark]
    public double Hand() => Case.Run(Method.Hand, Calls);

    [Benchmark]
    public double Tape() => Case.Run(Method.Tape, Calls);

    [Benchmark]
    public double FiniteDifferences() => Case.Run(Method.FiniteDifference, Calls);
}

/// <summary>The scalar functions; times are per 1,000 calls.</summary>
public class ScalarSuite : GradientSuite
{
    private const int ScalarCalls = 1000;

    protected override int Calls => ScalarCalls;

    protected override IEnumerable<GradientCase> Cases() => Quick.QuickRunner.Cases().Where(c => c.Suite == "scalar");
}

/// <summary>The loop objectives at every size.</summary>
public class LoopSuite : GradientSuite
{
    protected override int Calls => 1;

    protected override IEnumerable<GradientCase> Cases() => Quick.QuickRunner.Cases().Where(c => c.Suite == "loop");
}

/// <summary>Jacobians of the decay residuals.</summary>
public class JacobianSuite : GradientSuite
{
    protected override int Calls => 1;

    protected override IEnumerable<GradientCase> Cases() => Quick.QuickRunner.Cases().Where(c => c.Suite == "jacobian");
}

/// <summary>The tensor engine: MLP training steps (double and float), the elementwise chain and matrix products.</summary>
[MemoryDiagnoser]
public class TensorSuite
{
    [ParamsSource(nameof(Cases))]
    public TensorCase Case { get; set; } = null!;

    public static IEnumerable<TensorCase> Cases() => Quick.QuickRunner.TensorCases();

    [Benchmark(Baseline = true)]
    public void Forward() => Case.Run(TensorStage.Forward);

    [Benchmark]
    public void ForwardBackward() => Case.Run(TensorStage.ForwardBackward);

    [Benchmark]
    public void Step() => Case.Run(TensorStage.Step);
}
