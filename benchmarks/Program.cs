using AutoDiff.Benchmarks.Generator;
using AutoDiff.Benchmarks.Quick;
using BenchmarkDotNet.Running;

// --quick: one table of ratios from one process (about a minute). Anything else goes to BenchmarkDotNet,
// e.g. `-- --filter *Scalar*` or `-- --list flat`.
if (args.Contains("--quick"))
{
    return QuickRunner.Run(Console.Out);
}

// --generator [count]: build time the generator adds for count (default 1,000) [Differentiable] methods.
if (args.Length > 0 && args[0] == "--generator")
{
    return GeneratorTiming.Run(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000);
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRunner).Assembly).Run(args);
return 0;
