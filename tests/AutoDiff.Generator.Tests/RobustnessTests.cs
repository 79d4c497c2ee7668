using AutoDiff.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Tests;

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
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Generator_never_throws_and_never_emits_broken_code(string snippet)
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + snippet);

        // An exception in a generator surfaces as CS8785 (and AD0007 from our own guards).
        Assert.DoesNotContain(result.Output.GetDiagnostics(), d => d.Id is "CS8785" or "AD0007");
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id is "CS8785" or "AD0007");

        // Whatever was generated compiles: no error points into a generated file.
        var generatedErrors = result.Output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true)
            .ToList();
        Assert.Empty(generatedErrors);
    }
}
