using AutoDiff.Benchmarks.Quick;
using BenchmarkDotNet.Running;

// --quick: one table of ratios from one process (about a minute). Anything else goes to BenchmarkDotNet,
// e.g. `-- --filter *Scalar*` or `-- --list flat`.
if (args.Contains("--quick"))
{
    return QuickRunner.Run(Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRunner).Assembly).Run(args);
return 0;
