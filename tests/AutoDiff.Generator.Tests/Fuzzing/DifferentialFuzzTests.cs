using System.Diagnostics;
using System.Globalization;
using AutoDiff.Generator.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AutoDiff.Generator.Tests.Fuzzing;

/// <summary>
/// Differential fuzzing (<see cref="DifferentialFuzzer"/>): seeded random methods, scalar and loop code, must
/// generate without diagnostics, compile, and agree in reverse mode, forward mode, the forced tape (scalar
/// methods) and central differences. A few hundred methods per test run; the long run is the same test with
/// <c>AUTODIFF_FUZZ_METHODS=10000</c> (see README, "Working on AutoDiff").
/// </summary>
public class DifferentialFuzzTests(ITestOutputHelper output)
{
    /// <summary>
    /// <c>AUTODIFF_FUZZ_METHODS</c> (default 240) methods from seed <c>AUTODIFF_FUZZ_SEED</c> (default 1) on; with
    /// <c>AUTODIFF_FUZZ_REPORT=dir</c> the counts go to <c>dir/summary.txt</c> and each shrunk reproducer to its own file.
    /// </summary>
    [Fact]
    public void Random_methods_agree_in_reverse_forward_tape_and_central_differences()
    {
        int methods = Setting("AUTODIFF_FUZZ_METHODS", 240);
        int firstSeed = Setting("AUTODIFF_FUZZ_SEED", 1);
        string? reportDirectory = Environment.GetEnvironmentVariable("AUTODIFF_FUZZ_REPORT");
        var clock = Stopwatch.StartNew();
        var fuzzer = new DifferentialFuzzer(maxShrinks: methods > 1000 ? 20 : 3);
        if (reportDirectory is not null)
        {
            Directory.CreateDirectory(reportDirectory);
        }

        fuzzer.Run(methods, firstSeed, progress: line =>
        {
            string stamped = $"{clock.Elapsed:hh\\:mm\\:ss} {line}";
            output.WriteLine(stamped);
            if (reportDirectory is not null)
            {
                File.AppendAllText(Path.Combine(reportDirectory, "progress.txt"), stamped + "\n");
            }
        });

        // The counts are final before shrinking, which may take minutes: write them (and the failures as found) first.
        string summary = $"fuzzing seeds from {firstSeed}, {clock.Elapsed.TotalSeconds:0} s\n{fuzzer.Counts}";
        output.WriteLine(summary);
        Write(reportDirectory, "summary.txt", summary);
        foreach (FuzzFailure failure in fuzzer.Found)
        {
            Write(reportDirectory, $"{failure.Seed}-{failure.Method}.found.txt", failure.Reproducer());
        }

        fuzzer.ShrinkFailures();
        foreach (FuzzFailure failure in fuzzer.Failures.Where(f => f.Shrunk is not null))
        {
            Write(reportDirectory, $"{failure.Seed}-{failure.Method}.shrunk.txt", failure.Reproducer());
        }

        Assert.True(fuzzer.Failures.Count == 0, summary + "\n" + string.Join("\n\n", fuzzer.Failures.Take(5)));
        Assert.True(fuzzer.Counts.MethodsComparedWithTape >= methods / 4, summary);
        Assert.True(fuzzer.Counts.MethodsChecked == fuzzer.Counts.MethodsGenerated, summary);
        Assert.True(fuzzer.Counts.PointsCompared >= fuzzer.Counts.MethodsGenerated * 2, summary);
    }

    [Fact]
    public void The_program_generators_write_every_construct()
    {
        // Guards the fuzzer itself: over a few batches each construct it promises appears.
        string loops = string.Concat(Enumerable.Range(1, 5).Select(seed => new RandomLoopPrograms(seed).Generate("Loops", 20).Source()));
        foreach (string construct in new[]
        {
            "for (int", "while (", "do\n", "foreach (double", ">= 0; i", "+= ", "*= ", "[^", ".Length]", "% w", "new double[", "stackalloc double[",
            "break;", "continue;", "return ", "SpanMath.Dot(", "SpanMath.Sum(", "SpanMath.SumOfSquares(", "SpanMath.LogSumExp(",
            "[NoDerivative", "double[] w", "ReadOnlySpan<double> w", " H0(", "V0(",
            ".Sum()", ".Average()", ".Max()", ".Min(q", ".Sum(q", ".Select(q", ".Zip(", ".Aggregate(", "..]", "[..^", ".Slice(", ".AsSpan(",
            "= new double[", ".ToArray();", ".CopyTo(", "Array.Copy(", ".Fill(", ".Clear();", "throw new ArgumentException(", ": throw new",
            "ThrowIfNegativeOrZero(", "ThrowIfGreaterThan(", "Debug.Assert(", "Math.Sqrt(Math.Max(", "Math.Cbrt(Math.Clamp(", "Math.Pow(Math.Max(",
            "Math.Sqrt(1.0 - Math.Min(", " : Math.Sqrt(Math.Tanh(",
        })
        {
            Assert.Contains(construct, loops);
        }

        string ordinary = string.Concat(Enumerable.Range(1, 5).Select(seed => new RandomOrdinaryPrograms(seed).Class("Ordinary", 16)));
        foreach (string construct in new[]
        {
            "var (a", "Math.SinCos(", ") = (", "V2 w", "new V2(", ".Rotated(", " with { Y = ", ".Dot(", ".Norm", "(Lo: ", ".Hi += ", "H0(", "H1(",
            "in double x", "V2 v0", "P3 p0", "ReadOnlySpan<V2> ps", "foreach (V2 q in ps)", "double[,] m", "m[i, j]", "Kind kind", "kind == Kind.First",
            "int[] labels", "public static T M", "T.CreateChecked(", "(double First, double Second) H0", "public static V2 H1",
        })
        {
            Assert.Contains(construct, ordinary);
        }

        string scalars = string.Concat(Enumerable.Range(1, 5).Select(seed => new RandomPrograms(seed).Class("Random", 30)));
        foreach (string construct in new[]
        {
            "if (", "else", " ? ", "return ", "+= ", "-= ", "*= ", "/= ", "for (int", "Math.Pow(", "Math.Max(", "Math.Min(", "Math.Abs(",
            "Math.Clamp(", "Math.Atan2(", "double.Hypot(", "Math.Asinh(", "Math.FusedMultiplyAdd(", "Math.Floor(", " M0(",
            "throw new ArgumentException(", ": throw new", "ThrowIfGreaterThan(", "Debug.Assert(", "Math.Sqrt(Math.Max(", "Math.Cbrt(Math.Clamp(",
            "Math.Sqrt(1.0 - Math.Min(", " : Math.Sqrt(Math.Tanh(",
        })
        {
            Assert.Contains(construct, scalars);
        }
    }

    [Fact]
    public void A_wrong_custom_derivative_is_found_and_shrunk_to_the_call()
    {
        // The partials of Bump are wrong (cos instead of −sin): reverse and forward mode agree with each other
        // but not with central differences; the reproducer keeps the call and drops the noise around it.
        const string source = """
            using System;
            using AutoDiff;

            public static partial class Random
            {
                public static double Bump(double a) => Math.Cos(a);

                [DerivativeOf(typeof(Random), nameof(Bump))]
                public static double BumpPartials(double a) => Math.Cos(a);

                [Differentiable]
                public static double M0(double p0, double p1)
                {
                    double v0 = Math.Exp(p1);
                    return v0 + Bump(p0 * 0.5);
                }
            }
            """;
        // Without the tape: it does not call [DerivativeOf] derivatives (AD0004 on the copy).
        List<FuzzFailure> failures = DifferentialFuzzer.Check(source, withTape: false, seed: 3);
        FuzzFailure failure = Assert.Single(failures);
        Assert.True(failure.Kind == FuzzFailure.Kinds.CentralDifferences, failure.Reproducer());

        FuzzFailure shrunk = DifferentialFuzzer.Shrink(failure, budget: TimeSpan.FromSeconds(60));
        output.WriteLine(shrunk.Reproducer());
        Assert.Contains("Bump(", shrunk.Source);
        Assert.DoesNotContain("Math.Exp", shrunk.Source);
        Assert.True(shrunk.Source.Length < source.Length * 9 / 10, shrunk.Source);
    }

    [Fact]
    public void The_shrinker_keeps_only_what_the_failure_needs()
    {
        // A stand-in failure: "the source still calls Math.Cos on p0 in M1 and parses". Everything else goes.
        const string source = """
            public static partial class C
            {
                public static double M0(double p0) => p0 * 2;

                public static double M1(double p0, double p1)
                {
                    double v0 = Math.Sin(p1) * (p0 + 1);
                    if (p0 > 0.5)
                    {
                        v0 *= Math.Tanh(p1 - p0);
                    }
                    else
                    {
                        v0 += Math.Cos(p0 * p1) + M0(p1);
                    }

                    return v0 + Math.Exp(-(p1));
                }
            }
            """;
        static bool StillFails(string candidate) =>
            candidate.Contains("Math.Cos(p0", StringComparison.Ordinal) && candidate.Contains("M1(", StringComparison.Ordinal)
            && !Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(candidate).GetDiagnostics().Any();

        SourceShrinker.Result result = SourceShrinker.Shrink(source, StillFails);
        Assert.False(result.OutOfBudget);
        Assert.True(StillFails(result.Source));
        foreach (string gone in new[] { "M0(", "Math.Sin", "Math.Tanh", "Math.Exp", "if (", "else" })
        {
            Assert.DoesNotContain(gone, result.Source);
        }

        Assert.Contains("Math.Cos(p0)", result.Source);
    }

    [Fact]
    public void Blame_keeps_a_method_with_everything_it_calls()
    {
        const string source = """
            public static partial class Random
            {
                [Differentiable] public static double M0(double p0) => p0;
                [Differentiable] public static double M1(double p0) => M0(p0);
                [Differentiable] public static double M2(double p0) => M1(p0) * 2;
                [Differentiable] public static double M3(double p0) => M0(p0) * 3;
            }
            """;
        Assert.Equal(new[] { "M0", "M1", "M2" }, DifferentialFuzzer.MethodNames(DifferentialFuzzer.Keep(source, "M2")));
        Assert.Equal(new[] { "M0" }, DifferentialFuzzer.MethodNames(DifferentialFuzzer.Keep(source, "M0")));
    }

    private static void Write(string? directory, string file, string text)
    {
        if (directory is not null)
        {
            File.WriteAllText(Path.Combine(directory, file), text);
        }
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
