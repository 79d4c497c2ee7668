using System.Globalization;
using AutoDiff.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiff.Generator.Tests.Diagnostics;

/// <summary>Half-typed and malformed code never makes the generator throw or emit code that does not compile.</summary>
public class RobustnessTests
{
    public static TheoryData<string> Snippets() => new()
    {
        "public static partial class C { [Differentiable] public static double F(double x) => x * ",
        "public static partial class C { [Differentiable] public static double F(double x) { return x * x }",
        "public static partial class C { [Differentiable] public static double F(double x) { double y = ; return y; } }",
        "public static partial class C { [Differentiable] public static double F(double x) => Missing(x); }",
        "public static partial class C { [Differentiable] public static double F(double x) => x + unknown; }",
        "public static partial class C { [Differentiable] public static double F(double x) { if (x > ) return x; return 0; } }",
        "public static partial class C { [Differentiable] public static double F(double x }",
        "public static partial class C { [Differentiable] public static double F(Undefined x) => 1; }",
        "public static partial class C { [Differentiable] public static Undefined F(double x) => x; }",
        "public static partial class C { [Differentiable(42)] public static double F(double x) => x; }",
        "[Differentiable] public static partial class C { public static double F(double x) => x; }",
        "public static partial class C { [Differentiable] public static double F(double x); }",
        "public static partial class C { [Differentiable] public static double F(double x) { } }",
        "public static partial class C { [Differentiable] public static double F(double x) { return; } }",
        "public static partial class C { [Differentiable] public static double F(double x) { double y; return y; } }",
        "public static partial class C { [Differentiable] public static double F(double x) => F(x, 1); }",
        "public static partial class C { [Differentiable] [Differentiable] public static double F(double x) => G(x) + x; }",
        "public static partial class C { [Differentiable] public static double F(double x, double x) => x; }",
        "public static partial class C { [Differentiable] public static double F(double x) => x; [Differentiable] public static double F(double y) => y; }",
        "public static partial class C { [Differentiable] public static double F(double x) => (x > 0 ? x : ); }",
        "public static partial class C { [Differentiable] static double F(double x) { throw new Exception(); } }",
        "public static partial class C { [Differentiable] public static double F(double x) { goto end; end: return x; } }",
        "namespace { public static partial class C { [Differentiable] public static double F(double x) => x; } }",
        "public static partial class C { [Differentiable] public static double F([NoDerivative] double x) => x * x; }",
        "public static partial class C { [Differentiable] public static double F(int n) => n * 2.0; }",
        "public static partial class C { [Differentiable] public static double F() => 1; }",
        "public static partial class C { [Differentiable] public static double G(double x) => x + undefined; [Differentiable] public static double F(double x) => G(x) * 2; }",
        "public static partial class C { [Differentiable] public static double G(double x) { switch (x) { default: return x; } } [Differentiable] public static double F(double x) => G(x) + x; }",
        "public static partial class C { [Differentiable] public static double F(ReadOnlySpan<double> w) { double s = 0; for (int i = 0; i < w.Length; i++ s += w[i]; return s; } }",
        "public static partial class C { [Differentiable] public static double F(ReadOnlySpan<double> w) { double s = 0; for (int i = 0; i < w.Length; i++) { s += w[]; } return s; } }",
        "public static partial class C { [Differentiable] public static double F(ReadOnlySpan<double> w) { double s = 0; foreach (var v in ) s += v; return s; } }",
        "public static partial class C { [Differentiable] public static double F(ReadOnlySpan<double> w) { while (true) { } } }",
        "public static partial class C { [Differentiable] public static double F(ReadOnlySpan<double> w) { for (;;) { if (w[0] > 0) break; } return w[0]; } }",
        "public static partial class C { [Differentiable] public static double F(ReadOnlySpan<double> w) { double[] a = new double[w.Length]; a[0] = w[0]; return a[0] + a[^1] + a[w.Length - 1]; } }",
        "public static partial class C { [Differentiable] public static double F(double[] w) { double[] a = w; return a[0]; } }",
        "public static partial class C { [Differentiable] public static double F(double[] w) { Span<double> a = stackalloc double[] { 1, 2 }; return a[0] * w[0]; } }",
        "public static partial class C { [Differentiable] public static double F(double[] w) { int n = 0; do { n++; } while (n < w.Length); return w[n - 1]; } }",
        "public static partial class C { [Differentiable] public static double F(double[] w) { double s = 0; for (int i = 0; i < 3; i++) { continue; s += w[i]; } return s; } }",
        "public static partial class C { [Differentiable] public static double F(double[] w) { for (int i = 0; i < w.Length; i++) { return w[i]; } return 0; } }",
        "public static partial class C { [Differentiable] public static double F(double[] w) => SpanMath.Dot(w, w) + SpanMath.Softmax(w, w); }",
        "public static partial class C { [Differentiable] public static double F(double[] w) { Span<double> p = stackalloc double[w.Length]; SpanMath.Softmax(w, p); SpanMath.Softmax(p, p); return p[0]; } }",
        "public static partial class C { public static double H(ReadOnlySpan<double> a) => a[0]; [DerivativeOf(typeof(C), nameof(H))] public static void HPullback(ReadOnlySpan<double> a, double r, Span<double> ab) { } [Differentiable] public static double F(double[] w) => H(w); }",
        "public static partial class C { [DerivativeOf(typeof(C), \"Missing\")] public static double P(double a) => 1; [Differentiable] public static double F(double x) => x; }",

        // The attribute where it does not belong, or on a method the generator cannot take.
        "public partial class C { [Differentiable] public double F(double x) => x; }",
        "public static partial class C { [Differentiable] public static double P => 1; }",
        "public static partial class C { [Differentiable] public static double P { get; set; } }",
        "public static partial class C { [Differentiable] public static T F<T>(T x) => x; }",
        "public static partial class C { [Differentiable] public static double F<T>(double x) where T : struct => x; }",
        "public static class C { [Differentiable] public static double F(double x) => x; }",
        "public static partial class Outer { public static class Inner { [Differentiable] public static double F(double x) => x; } }",
        "public static partial class Outer<T> where T : new() { public static partial class Inner { [Differentiable] public static double F(double x) => x * x; } }",
        "public partial class C { [Differentiable] public C() { } }",
        "public partial class C { [Differentiable] public static double operator +(C a, C b) => 1; }",
        "public partial class C { [Differentiable] ~C() { } }",
        "public partial struct S { [Differentiable] public static double F(double x) => x * x; }",
        "public partial record R(double A) { [Differentiable] public static double F(double x) => x * A; }",
        "public partial interface I { [Differentiable] static abstract double F(double x); }",
        "public abstract partial class A { [Differentiable] public abstract double F(double x); }",
        "public static partial class C { [Differentiable] public static extern double F(double x); }",
        "public static partial class C { [Differentiable] public static partial double F(double x); }",
        "public static partial class C { [Differentiable] public static partial double F(double x); public static partial double F(double x) => x * x; }",
        "public static partial class C { [Differentiable] public static async Task<double> F(double x) => x; }",
        "public static partial class C { [Differentiable] public static IEnumerable<double> F(double x) { yield return x; } }",
        "public static partial class C { [Differentiable] public static double F(this double x) => x * x; }",
        "public static partial class C { [Differentiable] public static double F(double x) { [Differentiable] double L(double t) => t * t; return L(x); } }",
        "var y = 1.0; [Differentiable] static double L(double x) => x * y;",
        "namespace Other { public class DifferentiableAttribute : System.Attribute { } } public static partial class C { [Other.Differentiable] public static double F(double x) => x; }",
        "public static partial class C { [Differentiable] [NoDerivative] public static double F(double x) => x; }",
        "public static partial class C { [Differentiable] [return: NoDerivative] public static double F(double x) => x; }",
        "public static partial class C { [NoDerivative] public static double G(double x) => x; [Differentiable] public static double F(double x) => G(x); }",

        // Attribute arguments half typed or wrong.
        "public static partial class C { [Differentiable(Strategy = (DifferentiationStrategy)42)] public static double F(double x) => x * x; }",
        "public static partial class C { [Differentiable(Strategy = DifferentiationStrategy.Nope)] public static double F(double x) => x; }",
        "public static partial class C { [Differentiable(Strategy = )] public static double F(double x) => x; }",
        "public static partial class C { [Differentiable(Strategy = DifferentiationStrategy.Tape, Strategy = DifferentiationStrategy.Tape)] public static double F(double x) => x; }",
        "public static partial class C { [Differentiable(] public static double F(double x) => x; }",
        "public static partial class C { [Differentiable public static double F(double x) => x; }",
        "public static partial class C { [Differentiable(Strategy = DifferentiationStrategy.Tape)] public static double F(double x) { double s = 0; foreach (var v in new[] { x, }) s += ; return s; } }",
        "public static partial class C { [Differentiable(Strategy = DifferentiationStrategy.Tape)] public static double F(double x) => Undefined(x) * x; }",
        "public static partial class C { [Differentiable(Strategy = DifferentiationStrategy.SourceTransform)] public static double F(double x) { switch (x) { default: return x; } } }",

        // Parameters and results the generator does not take.
        "public static partial class C { [Differentiable] public static double F(ref double x) => x; }",
        "public static partial class C { [Differentiable] public static double F(out double x) { x = 1; return x; } }",
        "public static partial class C { [Differentiable] public static double F(in double x) => x * x; }",
        "public static partial class C { [Differentiable] public static double F(params double[] x) => x[0]; }",
        "public static partial class C { [Differentiable] public static double F(double x, double y = 2) => x * y; }",
        "public static partial class C { [Differentiable] public static double F(double x, double y = ) => x * y; }",
        "public static partial class C { [Differentiable] public static double? F(double? x) => x; }",
        "public static partial class C { [Differentiable] public static (double, double) F(double x) => (x, x); }",
        "public static partial class C { [Differentiable] public static double F(string s) => s.Length; }",
        "public static partial class C { [Differentiable] public static double F(dynamic x) => x; }",
        "public static unsafe partial class C { [Differentiable] public static double F(double* x) => *x; }",
        "public static partial class C { [Differentiable] public static double F(__arglist) => 1; }",
        "public static partial class C { [Differentiable] public static double F(Span<double> w) => w[0]; }",
        "public static partial class C { [Differentiable] public static void F(double x) { } }",
        "public static partial class C { [Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> r) { r = default; } }",
        "public static partial class C { [Differentiable] public static void F(ReadOnlySpan<double> x, [NoDerivative] Span<double> r) { r[0] = x[0]; } }",
        "public static partial class C { [Differentiable] public static decimal F(decimal x) => x * x; }",

        // Bodies half typed: missing semicolons, stray or missing tokens, unclosed comments and strings.
        "public static partial class C { [Differentiable] public static double F(double x) { double y = x * x return y; } }",
        "public static partial class C { [Differentiable] public static double F(double x) => x * * x; }",
        "public static partial class C { [Differentiable] public static double F(double x) => Math.Sin(x; }",
        "public static partial class C { [Differentiable] public static double F(double x) => Math.(x); }",
        "public static partial class C { [Differentiable] public static double F(double x) => Math.Sin(x) +; }",
        "public static partial class C { [Differentiable] public static double F(double x) => Math.Sinn(x); }",
        "public static partial class C { [Differentiable] public static double F(double x) => Math.Sin(x, x); }",
        "public static partial class C { [Differentiable] public static double F(double x) => x /* ",
        "public static partial class C { [Differentiable] public static double F(double x) => \"x",
        "public static partial class C { [Differentiable] public static double F(double x) { const double k = ; return k * x; } }",
        "public static partial class C { [Differentiable] public static double F(double x) { for (int i = 0; i < ; i++) x *= 2; return x; } }",
        "public static partial class C { [Differentiable] public static double F(double x) { while (x > 1 x /= 2; return x; } }",
        "public static partial class C { [Differentiable] public static double F(double x) { if (x > 0) { return x; } else return; } }",
        "public static partial class C { [Differentiable] public static double F(double x) { return x; } => x; }",
        "public static partial class C { [Differentiable] public static double F(double x) => x switch { > 0 => x, _ => -x };  }",
        "public static partial class C { [Differentiable] public static double F(double x) { checked { return x * 2; } } }",
        "public static partial class C { [Differentiable] public static double F(double x) { lock (new object()) { return x * 2; } } }",
        "public static partial class C { [Differentiable] public static double F(double x) => throw null; }",
        "public static partial class C { [Differentiable] public static double F(double x) => default; }",
        "public static partial class C { [Differentiable] public static double F(double x) => nameof(x).Length * x; }",
        "public static partial class C { [Differentiable] public static double F(double x) => F(x); }",
        "public static partial class C { [Differentiable] public static double F(double x) => G(x) + 1; [Differentiable] public static double G(double x) => F(x) * unknown; }",
        "public static partial class C { [Differentiable] public static double F(double x) => new C().G(x); public double G(double x) => x; }",
        "public static partial class C { [Differentiable] public static double F(double x) { double x = 2; return x; } }",
        "public static partial class C { [Differentiable] public static double F(double x) { int i = x; return i; } }",
        "public static partial class C { [Differentiable] public static float F(float x) => x * 2.0; }",
        "public static partial class C { [Differentiable] public static double F(double[] w) { w[0] = 1; return w[0]; } }",
        "public static partial class C { [Differentiable] public static double F(double[] w) { double[] a = new double[]; return w[0]; } }",
        "public static partial class C { [Differentiable] public static double F(double[] w) { double[] a = new double[w.Length]; a[w] = 1; return a[0]; } }",
        "public static partial class C { [Differentiable] public static double F(double[] w) => w[1..].Length + w[0]; }",
        "#if DEBUG\npublic static partial class C { [Differentiable] public static double F(double x) => x; }\n#endif",
        "public static partial class C {\n#region r\n[Differentiable] public static double F(double x) => x * x;\n#endregion\n}",
        "public static partial class C {\n#if X\n[Differentiable]\n#endif\npublic static double F(double x) => x * x; }",
        "namespace N; public static partial class C { [Differentiable] public static double F(double x) => x * x; } public static partial class D { [Differentiable] public static double F(double x) => C.F(x); }",
        "public static partial class C { public static double FGradient(double x, out double dx) { dx = 0; return 0; } [Differentiable] public static double F(double x) => x; }",
        "public static partial class C { [Differentiable] public static double F(double x) => x; } public static partial class C { [Differentiable] public static double G(double x) => F(x) * 2; }",
        "public static partial class C { [Differentiable] public static double F(double x) => x; [Differentiable] public static double F(double x) => 2 * x; }",

        // Custom derivatives written wrong.
        "public static partial class C { [DerivativeOf(typeof(Missing), \"F\")] public static double P(double a) => 1; [Differentiable] public static double F(double x) => x; }",
        "public static partial class C { [DerivativeOf] public static double P(double a) => 1; [Differentiable] public static double F(double x) => x; }",
        "public static partial class C { public static double H(double a) => a; public static double H(float a) => a; [DerivativeOf(typeof(C), nameof(H))] public static double HPartials(double a) => 1; [Differentiable] public static double F(double x) => H(x); }",
        "public static partial class C { public static double H(double a) => a; [DerivativeOf(typeof(C), nameof(H))] public static (double, double) HPartials(double a) => (1, 1); [Differentiable] public static double F(double x) => H(x); }",
        "public static partial class C { public static double H(double a) => a; [DerivativeOf(typeof(C), nameof(H))] public static double HPartials(double a) => ; [Differentiable] public static double F(double x) => H(x); }",
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Generator_never_throws_and_never_emits_broken_code(string snippet)
    {
        List<string> problems = Problems(new[] { new TypingCorpus.Mutant("snippet", "as written", GeneratorHarness.Usings + snippet) });
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    public static TheoryData<string> SnapshotFiles() => new(TypingCorpus.Files);

    /// <summary>
    /// The automatic corpus (<see cref="TypingCorpus"/>): every valid scenario of a snapshot test file, cut short,
    /// missing a token, or missing the rest of a line, at deterministically sampled points (two of each per
    /// scenario; <c>AUTODIFF_ROBUSTNESS_SAMPLES=n</c> takes n). The generator must not throw, must add no error
    /// to the user's own code, and what it generates must compile without errors or warnings.
    /// </summary>
    [Theory]
    [MemberData(nameof(SnapshotFiles))]
    public void Damaged_snapshot_scenarios_never_break_the_generator(string testFile)
    {
        List<(string Origin, string Source)> snippets = TypingCorpus.ValidSnippets(testFile);
        Assert.True(snippets.Count >= 5, $"only {snippets.Count} valid scenarios found in {testFile}");
        int samples = int.TryParse(Environment.GetEnvironmentVariable("AUTODIFF_ROBUSTNESS_SAMPLES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : 2;
        List<TypingCorpus.Mutant> mutants = TypingCorpus.Mutants(snippets, samples);

        // Many damaged copies per compilation, each its own file in its own namespace; a snippet declaring
        // a namespace of its own is compiled alone.
        var problems = new List<string>();
        var batches = mutants.Where(m => !m.Source.Contains("namespace", StringComparison.Ordinal)).Chunk(40)
            .Concat(mutants.Where(m => m.Source.Contains("namespace", StringComparison.Ordinal)).Select(m => new[] { m }));
        foreach (TypingCorpus.Mutant[] batch in batches)
        {
            problems.AddRange(Problems(batch));
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {mutants.Count} damaged copies broke the generator:\n\n" + string.Join("\n\n", problems.Take(5)));
    }

    /// <summary>What the generator did wrong with a batch of damaged sources, each problem with the source that shows it.</summary>
    private static List<string> Problems(IReadOnlyList<TypingCorpus.Mutant> batch)
    {
        string[] sources = batch.Count == 1
            ? new[] { batch[0].Source }
            : batch.Select((m, k) => GeneratorHarness.Usings + $"namespace M{k};\n" + m.Source[GeneratorHarness.Usings.Length..]).ToArray();
        CSharpCompilation input = GeneratorHarness.Compile(sources);
        GeneratorHarness.Result result = GeneratorHarness.Run(input);
        var own = input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(Key).ToHashSet();
        var problems = new List<string>();

        string Blame(Diagnostic diagnostic)
        {
            // A user file is SourceK.cs; a generated file is named after its namespace, MK.C.F_....g.cs.
            string file = Path.GetFileName(diagnostic.Location.SourceTree?.FilePath ?? string.Empty);
            string digits = new(file.SkipWhile(c => !char.IsDigit(c)).TakeWhile(char.IsDigit).ToArray());
            int k = batch.Count == 1 ? 0 : int.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index) && index < batch.Count ? index : -1;
            string where = k < 0 ? "(whole batch)" : $"{batch[k].Origin}, {batch[k].How}:\n{batch[k].Source}";
            return $"{diagnostic}\n{where}";
        }

        foreach (Diagnostic thrown in result.GeneratorDiagnostics.Concat(result.Output.GetDiagnostics()).Where(d => d.Id is "AD0007" or "CS8785"))
        {
            problems.Add("the generator threw: " + Blame(thrown));
        }

        foreach (Diagnostic diagnostic in result.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS8785"))
        {
            bool generated = diagnostic.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true;
            if (generated)
            {
                problems.Add("generated code does not compile cleanly: " + Blame(diagnostic));
            }
            else if (diagnostic.Severity == DiagnosticSeverity.Error && !own.Contains(Key(diagnostic)))
            {
                problems.Add("an error the user's code does not have alone: " + Blame(diagnostic));
            }
        }

        return problems;
    }

    private static (string?, string, Microsoft.CodeAnalysis.Text.TextSpan) Key(Diagnostic diagnostic) =>
        (diagnostic.Location.SourceTree?.FilePath, diagnostic.Id, diagnostic.Location.SourceSpan);
}
