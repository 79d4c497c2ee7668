using System.Reflection;
using System.Text;
using AutoDiff.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// Differential fuzzing of loop code: seeded random methods with vectors, loops, local arrays, jumps and
/// calls (<see cref="RandomLoopPrograms"/>) must generate without diagnostics, compile cleanly, and agree
/// in reverse mode, forward mode and central differences at random points.
/// </summary>
public class RandomLoopProgramTests
{
    private const int MethodsPerBatch = 20;

    /// <summary>
    /// Seeds 1..3 by default. <c>AUTODIFF_RANDOM_LOOP_SEEDS=100</c> runs seeds 1..100 (2,000 methods),
    /// <c>AUTODIFF_RANDOM_LOOP_SEEDS=200-300</c> a range. With <c>AUTODIFF_RANDOM_LOOP_REPORT=dir</c> every failing
    /// method is also written to <c>dir/seed-method.txt</c> with its source and symptom.
    /// </summary>
    public static TheoryData<int> Seeds()
    {
        string? setting = Environment.GetEnvironmentVariable("AUTODIFF_RANDOM_LOOP_SEEDS");
        int from = 1, to = 3;
        if (setting is not null)
        {
            string[] parts = setting.Split('-');
            if (parts.Length == 2 && int.TryParse(parts[0], out int a) && int.TryParse(parts[1], out int b))
            {
                (from, to) = (a, b);
            }
            else if (int.TryParse(setting, out int count))
            {
                to = count;
            }
        }

        var seeds = new TheoryData<int>();
        for (int seed = from; seed <= to; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_loop_methods_differentiate_correctly_in_both_modes(int seed)
    {
        RandomLoopPrograms.Batch batch = new RandomLoopPrograms(seed).Generate("Loops", MethodsPerBatch);
        IReadOnlyList<LoopFailure> failures = LoopFuzzing.Check(batch, seed);
        LoopFuzzing.Report(failures, seed);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Select(f => f.ToString())));
    }

    [Fact]
    public void The_generator_writes_every_construct()
    {
        // Guards the fuzzer itself: over a few batches each construct it promises appears.
        string source = string.Concat(Enumerable.Range(1, 5).Select(seed => new RandomLoopPrograms(seed).Generate("Loops", MethodsPerBatch).Source()));
        foreach (string construct in new[]
        {
            "for (int", "while (", "do\n", "foreach (double", ">= 0; i", "+= ", "*= ", "[^", ".Length]", "% w", "new double[", "stackalloc double[",
            "break;", "continue;", "return ", "SpanMath.Dot(", "SpanMath.Sum(", "SpanMath.SumOfSquares(", "SpanMath.LogSumExp(",
            "[NoDerivative", "double[] w", "ReadOnlySpan<double> w", " H0(", "V0(",
        })
        {
            Assert.Contains(construct, source);
        }
    }
}

/// <summary>One failing method of a random batch and how it failed.</summary>
internal sealed record LoopFailure(string Method, string Kind, string Detail, string Source, string? Generated = null)
{
    public override string ToString() => $"[{Kind}] {Method}: {Detail}\n{Source}";
}

internal static class LoopFuzzing
{
    /// <summary>Generates, compiles and checks a batch; a batch that fails to generate or compile is split into single methods to blame.</summary>
    public static IReadOnlyList<LoopFailure> Check(RandomLoopPrograms.Batch batch, int seed)
    {
        var failures = new List<LoopFailure>();
        string source = batch.Source();
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        if (!result.GeneratorDiagnostics.IsEmpty || result.CompilationProblems.Any())
        {
            // The helpers alone first: a broken helper would be blamed on every method.
            string helpersOnly = batch.Source(Array.Empty<string>());
            failures.AddRange(BuildProblems(GeneratorHarness.Run(helpersOnly), "helpers", helpersOnly));
            if (failures.Count > 0)
            {
                return failures;
            }

            var good = new List<string>();
            foreach ((string name, _) in batch.Methods)
            {
                string single = batch.Source(new[] { name });
                var problems = BuildProblems(GeneratorHarness.Run(single), name, single);
                failures.AddRange(problems);
                if (problems.Count == 0)
                {
                    good.Add(name);
                }
            }

            source = batch.Source(good);
            result = GeneratorHarness.Run(source);
            if (!result.GeneratorDiagnostics.IsEmpty || result.CompilationProblems.Any())
            {
                failures.AddRange(BuildProblems(result, "batch of methods that build alone", source));
                return failures;
            }
        }

        Assembly assembly = GeneratorHarness.Load(result);
        Type type = assembly.GetType(batch.ClassName, throwOnError: true)!;
        foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<DifferentiableAttribute>() is not null)
            .OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            try
            {
                NumericChecker.Check(method, seed, points: 4, min: -1.5, max: 1.5, finiteDifferenceTolerance: 1e-6, modeTolerance: 1e-10);
            }
            catch (Exception exception)
            {
                string kind = Classify(exception);
                if (kind == "reverse vs central differences" && PassesLoosely(method, seed))
                {
                    // Reverse and forward mode agree; only the finite-difference reference is off, by less than 1e-4.
                    kind = "central differences only, within 1e-4";
                }

                failures.Add(new LoopFailure(method.Name, kind, Message(exception), batch.Source(new[] { method.Name })));
            }
        }

        return failures;
    }

    private static bool PassesLoosely(MethodInfo method, int seed)
    {
        try
        {
            NumericChecker.Check(method, seed, points: 4, min: -1.5, max: 1.5, finiteDifferenceTolerance: 1e-4, modeTolerance: 1e-10);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static List<LoopFailure> BuildProblems(GeneratorHarness.Result result, string name, string source)
    {
        var failures = new List<LoopFailure>();
        foreach (Diagnostic diagnostic in result.GeneratorDiagnostics)
        {
            failures.Add(new LoopFailure(name, "diagnostic " + diagnostic.Id, diagnostic.ToString(), source));
        }

        Diagnostic[] problems = result.CompilationProblems.ToArray();
        if (problems.Length > 0)
        {
            string generated = string.Join("\n", result.Sources.Select(s => "// " + s.HintName + "\n" + s.SourceText));
            string kind = problems.Any(p => p.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true)
                ? "generated code does not compile"
                : "test program does not compile";
            failures.Add(new LoopFailure(name, kind, string.Join("\n", problems.Select(p => p.ToString())), source, generated));
        }

        return failures;
    }

    private static string Classify(Exception exception)
    {
        string message = exception.Message;
        if (exception is Xunit.Sdk.XunitException)
        {
            return message.Contains(" vs forward ", StringComparison.Ordinal) ? "reverse vs forward"
                : message.Contains(" vs central differences ", StringComparison.Ordinal) ? "reverse vs central differences"
                : message.Contains("Gradient returned", StringComparison.Ordinal) ? "gradient value differs"
                : message.Contains("Derivative returned", StringComparison.Ordinal) ? "derivative value differs"
                : message.Contains("points were away from kinks", StringComparison.Ordinal) ? "too many kinks"
                : "assertion";
        }

        Exception inner = exception is TargetInvocationException { InnerException: { } e } ? e : exception;
        return "exception " + inner.GetType().Name;
    }

    private static string Message(Exception exception)
    {
        Exception inner = exception is TargetInvocationException { InnerException: { } e } ? e : exception;
        return inner is Xunit.Sdk.XunitException ? inner.Message : inner.ToString();
    }

    /// <summary>Writes each failure to <c>AUTODIFF_RANDOM_LOOP_REPORT</c> when set (for long hunts).</summary>
    public static void Report(IReadOnlyList<LoopFailure> failures, int seed)
    {
        string? directory = Environment.GetEnvironmentVariable("AUTODIFF_RANDOM_LOOP_REPORT");
        if (directory is null)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        File.AppendAllText(Path.Combine(directory, "summary.txt"), $"seed {seed}: {MethodsCount(failures)} failures{string.Concat(failures.Select(f => $" | {f.Method} [{f.Kind}]"))}\n");
        foreach (LoopFailure failure in failures)
        {
            var text = new StringBuilder().Append("// seed ").Append(seed).Append(", ").Append(failure.Method).Append(", ").Append(failure.Kind).Append('\n')
                .Append("/*\n").Append(failure.Detail).Append("\n*/\n").Append(failure.Source);
            File.WriteAllText(Path.Combine(directory, $"{seed}-{failure.Method}.txt"), text.ToString());
            if (failure.Generated is not null)
            {
                File.WriteAllText(Path.Combine(directory, $"{seed}-{failure.Method}.generated.txt"), failure.Generated);
            }
        }
    }

    private static int MethodsCount(IReadOnlyList<LoopFailure> failures) => failures.Count;
}
