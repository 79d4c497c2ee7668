using System.Diagnostics;
using System.Globalization;
using AutoDiff.Benchmarks.Cases;
using AutoDiff.NN;

namespace AutoDiff.Benchmarks.Quick;

/// <summary>
/// <c>--quick</c>: checks every case's gradients against the hand-written ones, then times all methods
/// interleaved within this one process and prints one Markdown table of ratios. Absolute times swing on a
/// shared machine; ratios measured side by side in one run are what the table reports.
/// </summary>
internal static class QuickRunner
{
    private const int Rounds = 15;

    private static readonly Method[] Methods = Enum.GetValues<Method>();

    public static IEnumerable<GradientCase> Cases()
    {
        yield return new ScalarCase<RosenbrockCase>();
        yield return new ScalarCase<BealeCase>();
        yield return new ScalarCase<HimmelblauCase>();
        yield return new ScalarCase<AckleyCase>();
        yield return new ScalarCase<LogisticCase>();
        yield return new ScalarCase<SoftplusChainCase>();
        yield return new ScalarCase<LennardJonesCase>();
        yield return new ScalarCase<StyblinskiTangCase>();
        yield return new ScalarCase<BlackScholesCallCase>();
        foreach (int n in new[] { 100, 10_000, 100_000 })
        {
            yield return new LogisticRegressionCase(n);
        }

        foreach (int n in new[] { 100, 10_000, 100_000 })
        {
            yield return new GaussianMixtureCase(n);
        }

        foreach (int n in new[] { 100, 10_000 })
        {
            yield return new MlpLossCase(n);
        }

        foreach (int n in new[] { 10, 100 })
        {
            yield return new NBodyCase(n);
        }

        foreach (int m in new[] { 40, 1000 })
        {
            yield return new JacobianCase(m);
        }
    }

    public static IEnumerable<TensorCase> TensorCases()
    {
        foreach (int width in new[] { 16, 64, 256 })
        {
            yield return new MlpStepCase<double>(width);
        }

        yield return new MlpStepCase<float>([2, 256, 256, 2], Activation.Tanh, 400);
        yield return new MlpStepCase<float>([784, 512, 512, 10], Activation.ReLU, 128);
        yield return new ElementwiseChainCase(1_000_000);
        foreach (int size in new[] { 64, 256 })
        {
            yield return new MatMulCase<double>(size);
        }

        foreach (int size in new[] { 256, 512 })
        {
            yield return new MatMulCase<float>(size);
        }
    }

    public static int Run(TextWriter output)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        List<GradientCase> cases = Cases().ToList();

        var problems = cases.SelectMany(Checks.Verify).ToList();
        if (problems.Count > 0)
        {
            output.WriteLine("Gradient mismatch: nothing was timed.");
            problems.ForEach(output.WriteLine);
            return 1;
        }

        output.WriteLine($"All {cases.Count} cases agree with the hand-written gradients (exact methods to {Checks.Exact:E0}, finite differences to {Checks.Differences:E0}).");
        output.WriteLine();
        output.WriteLine("| suite | case | inputs | f (ns) | gen ÷ f | gen ÷ hand | tape ÷ f | tape ÷ gen | fwd×n ÷ gen | FD ÷ gen | B/call gen | B/call tape |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (GradientCase testCase in cases)
        {
            Dictionary<Method, Timer> timers = Methods.ToDictionary(m => m, m => new Timer(iterations => testCase.Run(m, iterations)));
            Timer.Measure(timers.Values.ToList(), Rounds);
            double Ns(Method m) => timers[m].Nanoseconds;
            double generated = Ns(Method.Generated);
            output.WriteLine(
                $"| {testCase.Suite} | {testCase.Name} | {testCase.Dimension} | {Ns(Method.Function):F1} | {generated / Ns(Method.Function):F2} | " +
                $"{generated / Ns(Method.Hand):F2} | {Ns(Method.Tape) / Ns(Method.Function):F1} | {Ns(Method.Tape) / generated:F1} | " +
                $"{Ns(Method.Forward) / generated:F1} | {Ns(Method.FiniteDifference) / generated:F1} | " +
                $"{timers[Method.Generated].BytesPerCall:F0} | {timers[Method.Tape].BytesPerCall:F0} |");
        }

        output.WriteLine();
        output.WriteLine("| tensor case | forward (µs) | forward+backward ÷ forward | step ÷ forward | B/step | GCs per 100 steps (gen0/gen1/gen2) |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (TensorCase testCase in TensorCases())
        {
            TensorStage[] stages = Enum.GetValues<TensorStage>();
            Dictionary<TensorStage, Timer> timers = stages.ToDictionary(s => s, s => new Timer(iterations =>
            {
                for (int i = 0; i < iterations; i++)
                {
                    testCase.Run(s);
                }

                return 0;
            }));
            Timer.Measure(timers.Values.ToList(), Rounds);
            double forward = timers[TensorStage.Forward].Nanoseconds;
            output.WriteLine(
                $"| {testCase.Name} | {forward / 1000:F1} | {timers[TensorStage.ForwardBackward].Nanoseconds / forward:F2} | " +
                $"{timers[TensorStage.Step].Nanoseconds / forward:F2} | {timers[TensorStage.Step].BytesPerCall:F0} | {CollectionsPer100Steps(testCase)} |");
        }

        output.WriteLine();
        output.WriteLine($"Quick run: {clock.Elapsed.TotalSeconds:F0} s, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}.");
        return 0;
    }

    /// <summary>Garbage collections of each generation during 100 warm steps (ideally none at all in steady state).</summary>
    private static string CollectionsPer100Steps(TensorCase testCase)
    {
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        for (int i = 0; i < 100; i++)
        {
            testCase.Run(TensorStage.Step);
        }

        return $"{GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}";
    }
}
