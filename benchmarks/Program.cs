using AutoDiff.Benchmarks.Generator;
using AutoDiff.Benchmarks.Quick;
using BenchmarkDotNet.Running;

// --quick: one table of ratios from one process (about a minute). Anything else goes to BenchmarkDotNet,
// e.g. `-- --filter *Scalar*` or `-- --list flat`.
if (args.Contains("--quick"))
{
    return QuickRunner.Run(Console.Out);
}

// --structs: generated gradients of functions over structs and tuples against the same functions over flat doubles, as ratios.
if (args.Contains("--structs"))
{
    return AutoDiff.Benchmarks.Structs.StructRunner.Run(Console.Out);
}

// --generator [count] [--no-hessians] [--report-steps]: build time the generator adds for count (default 1,000) [Differentiable]
// methods, with second derivatives or (as with <AutoDiffHessians>false</AutoDiffHessians>) without.
if (args.Length > 0 && args[0] == "--generator")
{
    if (!GeneratorTiming.RunsLikeTheCompilerServer)
    {
        return GeneratorTiming.RunLikeTheCompilerServer(args);
    }

    int count = args.Length > 1 && int.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : 1000;
    return GeneratorTiming.Run(Console.Out, count, hessians: !args.Contains("--no-hessians"), reportSteps: args.Contains("--report-steps"));
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRunner).Assembly).Run(args);
return 0;
