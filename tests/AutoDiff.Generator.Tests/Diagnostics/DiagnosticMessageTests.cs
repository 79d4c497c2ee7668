using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiff.Generator.Tests.Diagnostics;

/// <summary>
/// Diagnostics that tell the truth (issue 15, item 7): every message the generator can give, read from its own
/// source (<see cref="MessageTemplates"/>), is produced by a real example below; no advice asks the user to mark a
/// method they cannot change; every diagnostic links to its row of the README.
/// </summary>
public class DiagnosticMessageTests
{
    /// <summary>
    /// Real examples, each a class of its own, compiled together; <c>ST</c> asks for the source transformation only,
    /// so its own diagnostic is the error rather than the reason AD0020 names.
    /// </summary>
    private const string ST = "[Differentiable(Strategy = DifferentiationStrategy.SourceTransform)]";

    private static readonly string[] Examples =
    [
        // Signatures (AD0001: an instance method that needs the tape; AD0002, AD0003, AD0006, AD0012) and bodies that are not there.
        "public partial class TapedInstance { [Differentiable] public double F(double x) { switch ((int)x) { case 0: return x; default: return -x; } } }",
        "public static class NotPartial { [Differentiable] public static double F(double x) => x * x; }",
        "public static partial class DecimalResult { [Differentiable] public static decimal F(double x) => (decimal)x; }",
        "public static partial class MixedOutputs { [Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> a, Span<float> b) { a[0] = x[0]; b[0] = (float)x[0]; } }",
        "public static partial class Generic { [Differentiable] public static double F<T>(double x) => x * x; }",
        "public static partial class SpanInput { [Differentiable] public static double F(Span<double> x) => x[0]; }",
        "public static partial class ByReference { [Differentiable] public static double F(double x, ref double y) => x * y; }",
        "public static partial class NoDerivativeOutput { [Differentiable] public static void F(ReadOnlySpan<double> x, [NoDerivative] Span<double> y) { y[0] = x[0]; } }",
        "public static partial class NoBody { [Differentiable] public static extern double F(double x); }",
        "public static partial class Collision { [Differentiable] public static double F(double x) => x * x; public static double FGradient(double x, out double dx) { dx = 0; return 0; } }",

        // Tuples, structs, instance methods, 2-D arrays and data parameters (issue 14).
        "public static partial class MixedTuple { [Differentiable] public static (double, float) F(double x) => (x, (float)x); }",
        "public static partial class TextTuple { [Differentiable] public static (double, string) F(double x) => (x, \"x\"); }",
        "public struct Scaled { public readonly double A; public Scaled(double a, int k) { A = a * k; } }",
        "public struct Holder { public Scaled Inner; public double B; }",
        "public static partial class UnbuildableResult { [Differentiable] public static Holder F(double x) => new Holder { B = x }; }",
        "public static partial class UnbuildableInput { [Differentiable] public static double F(Scaled s) => s.A * s.A; }",
        "public struct Sample { public double W; public float V; }",
        "public static partial class MixedSpan { [Differentiable] public static double F(Sample[] s) => s[0].W; }",
        "public static partial class TextInTuple { [Differentiable] public static double F((double A, string B) p) => p.A * p.A; }",
        $"public static partial class NumericsIdentity {{ {ST} public static double F(double x) {{ var q = new System.Numerics.Quaternion((float)x, 0, 0, 1); return q.IsIdentity ? 0 : x; }} }}",
        $"public static partial class TupleHelper {{ static (double, double) Split(double v) {{ double s = 0; for (int i = 0; i < 2; i++) {{ s += v; }} return (s, v * v); }} {ST} public static double F(double x) => Split(x).Item1 * x; }}",
        "public struct Poly { public double C; public Poly(double c) { C = c; } public double Pow(double t, int n) => n == 0 ? 1 : C * t * Pow(t, n - 1); }",
        $"public static partial class RecursiveMember {{ {ST} public static double F(double x) => new Poly(2).Pow(x, 3); }}",
        "public struct Gauge { public double V; public Gauge(double v) { V = v; } public static extern double Scale(double t); }",
        $"public static partial class ExternMember {{ {ST} public static double F(double x) => Gauge.Scale(x); }}",
        "public readonly record struct Pt2(double X, double Y);",
        $"public static partial class RecordEquals {{ {ST} public static double F(double x) => new Pt2(x, 1).Equals(new Pt2(1, x)) ? x : -x; }}",
        "public struct Ray(double origin) { public double Origin { get; } = origin!; }",
        $"public static partial class PrimaryInitializer {{ {ST} public static double F(double x) => new Ray(x).Origin * x; }}",
        "public record struct Grid(double Step) { public double Span(int n) { double s = 0; for (int i = 0; i < n; i++) { s += Step; } return s; } }",
        $"public static partial class LoopInMember {{ {ST} public static double F(double x) => new Grid(x).Span(3); }}",
        "public struct Noisy { public double V; public Noisy(double v) { V = v; } public double Twice() { Console.WriteLine(V); return 2 * V; } }",
        $"public static partial class CallInMember {{ {ST} public static double F(double x) => new Noisy(x).Twice(); }}",
        "public struct Tally { public double V; public Tally(double v) { V = v; } static int s_calls; public double Twice() { s_calls = 1; return 2 * V; } }",
        $"public static partial class StaticInMember {{ {ST} public static double F(double x) => new Tally(x).Twice(); }}",
        "public struct Box { public double W; public double Half { get => W / 2; set => W = 2 * value; } }",
        $"public static partial class InitializerProperty {{ {ST} public static double F(double x) => new Box {{ Half = x }}.W; }}",
        $"public static partial class AssignProperty {{ {ST} public static double F(double x) {{ var b = new Box {{ W = x }}; b.Half = 1; return b.W; }} }}",
        "public record struct Seg(double Len) { public double Half { get => Len / 2; set => Len = 2 * value; } }",
        $"public static partial class WithProperty {{ {ST} public static double F(double x) {{ var s = new Seg(1) with {{ Half = x }}; return s.Len; }} }}",
        $"public static partial class EighthElement {{ {ST} public static double F(double x) {{ var t = (x, x, x, x, x, x, x, x); return t.Rest.Item1; }} }}",
        "public struct Corner { public double X; public double Y; public Corner(double x, double y) { X = x; Y = y; } }",
        $"public static partial class TableOfStructs {{ static readonly Corner[] Corners = {{ new(0, 1) }}; {ST} public static double F(double x) => Corners[0].X * x; }}",
        $"public static partial class DictionaryOut {{ {ST} public static double F(double x, Dictionary<string, double> table) => table.TryGetValue(\"k\", out double w) ? w * x : x; }}",
        $"public static partial class DelegateOfInput {{ {ST} public static double F(double x, Func<double, double> f) => f(x); }}",
        $"public static partial class StructArrayLiteral {{ {ST} public static double F(double x) {{ Corner[] c = {{ new(x, 1), new(1, x) }}; return c[0].X; }} }}",
        $"public static partial class RaggedRows {{ {ST} public static double F(double x) {{ double[][] h = new double[2][]; h[0] = new double[2]; h[1] = new double[3]; h[0][0] = x; return h[0][0]; }} }}",
        $"public static partial class MatrixLiteral {{ {ST} public static double F(double x) {{ double[,] m = {{ {{ x, 1 }}, {{ 2, 3 }} }}; return m[0, 0]; }} }}",
        "public record struct Trio(double A, double B, double C) { public void Deconstruct(out double a, out double b) { a = A; b = B + C; } }",
        $"public static partial class ShortDeconstruct {{ {ST} public static double F(double x) {{ double p = 0, q = 0; (p, q) = new Trio(x, 1, 2); return p * q; }} }}",
        $"public static partial class ObjectLocal {{ {ST} public static double F(double x) {{ (double a, object b) = new Pt2(x, 1); return a; }} }}",
        $"public static partial class ComplexTangent {{ {ST} public static double F(double x) => System.Numerics.Complex.Tan(new System.Numerics.Complex(x, 1)).Real; }}",
        "public struct Money { public double A; public Money(double a) { A = a; } public static Money operator +(Money l, Money r) { Console.WriteLine(l.A); return new Money(l.A + r.A); } }",
        $"public static partial class CompoundOperator {{ {ST} public static double F(double x) {{ var m = new Money(x); m += new Money(1); return m.A; }} }}",
        $"public static partial class StructToHelper {{ static double Norm(Corner c) => c.X; {ST} public static double F(double x) => Norm(new Corner(x, 1)); }}",
        $"public static partial class StructToData {{ {ST} public static double F(Corner c, HashSet<Corner> seen) => seen.Contains(c) ? 0 : c.X; }}",
        $"public static partial class VectorToData {{ {ST} public static double F(double[] x, HashSet<double[]> seen) => seen.Contains(x) ? 0 : x[0]; }}",
        $"public static partial class MixedLocalArray {{ {ST} public static double F(double x) {{ Sample[] s = new Sample[2]; s[0].W = x; return s[0].W * x; }} }}",
        $"public static partial class RefCall {{ static double Twice(ref double v) => v * 2; {ST} public static double F(double x) => Twice(ref x); }}",
        $"public static partial class CompareTo {{ {ST} public static double F(double x) => x * x.CompareTo(1.0); }}",
        "public partial class HelperOnThis { double Scale(double v) { double s = 0; for (int i = 0; i < 2; i++) { s += v; } return s; } [Differentiable] public double F(double x) => Scale(x); }",
        $"public static partial class EmptyCheck {{ {ST} public static double F(ReadOnlySpan<double> x) => x.IsEmpty ? 0 : x[0]; }}",

        // Statements the source transformation does not follow.
        $"public static partial class NeverEnds {{ {ST} public static double F(double x) {{ while (true) {{ x += 1; }} }} }}",
        $"public static partial class SwitchStatement {{ {ST} public static double F(double x) {{ switch ((int)x) {{ case 0: return x; default: return -x; }} }} }}",
        $"public static partial class TryStatement {{ {ST} public static double F(double x) {{ try {{ return x * x; }} finally {{ x = 0; }} }} }}",
        $"public static partial class GotoStatement {{ {ST} public static double F(double x) {{ if (x > 0) goto done; x = -x; done: return x; }} }}",
        $"public static partial class UsingStatement {{ {ST} public static double F(double x) {{ using (new System.IO.MemoryStream()) {{ x *= 2; }} return x; }} }}",
        $"public static partial class LockStatement {{ static readonly object Gate = new(); {ST} public static double F(double x) {{ lock (Gate) {{ x *= 2; }} return x; }} }}",
        $"public static partial class ListLocal {{ {ST} public static double F(double x) {{ var terms = new List<double> {{ x }}; return terms[0]; }} }}",
        $"public static partial class WholeVector {{ {ST} public static double F(ReadOnlySpan<double> x) {{ double[] a = new double[2]; double[] b = new double[2]; a = b; return a[0] * x[0]; }} }}",
        "public static partial class PrintsIt { [Differentiable] public static double F(double x) { Console.WriteLine(x); return x * x; } }",
        $"public static partial class Discard {{ {ST} public static double F(double x) {{ _ = Math.Sin(x); return x; }} }}",
        $"public static partial class DecimalValue {{ {ST} public static double F(double x) => (double)(decimal)x; }}",
        $"public static partial class InstanceField {{ static readonly System.Numerics.Vector2 Origin = new(1, 2); {ST} public static double F(double x) => x * Origin.X; }}",
        $"public static partial class InstanceProperty {{ {ST} public static double F(double x) => x * DateTime.Now.Second; }}",
        $"public static partial class AssignmentInside {{ {ST} public static double F(double x) {{ double y = (x += 1); return y; }} }}",
        $"public static partial class IncrementInside {{ {ST} public static double F(double x, int i) {{ int j = i++; return x * j; }} }}",
        $"public static partial class PatternTest {{ {ST} public static double F(double x) {{ bool positive = x is > 0; return positive ? x : -x; }} }}",

        // Calls.
        $"public static partial class InstanceCall {{ {ST} public static double F(double x) => x * Random.Shared.NextDouble(); }}",
        $"public static partial class NoRule {{ {ST} public static double F(double x) => Math.BitIncrement(x); }}",
        $"public static partial class VoidCallee {{ [Differentiable] public static void G(ReadOnlySpan<double> x, Span<double> y) {{ y[0] = x[0]; }} {ST} public static double F(ReadOnlySpan<double> x) {{ Span<double> y = stackalloc double[1]; G(x, y); return y[0]; }} }}",
        $"public static partial class TableArgument {{ static readonly double[] Weights = {{ 1, 2 }}; {ST} public static double F(ReadOnlySpan<double> x) => SpanMath.Dot(Weights, x); }}",
        $"public static partial class InputWritten {{ {ST} public static void F(ReadOnlySpan<double> z, Span<double> p) {{ SpanMath.Softmax(z, p); }} [Differentiable] public static double G(double[] x) {{ SpanMath.Softmax(x, x); return x[0]; }} }}",
        "public static partial class HelperOfMine { static double Helper(double v) => v * v; [Differentiable] public static double F(double x) => Helper(x); }",
        "public static partial class LibraryCall { [Differentiable] public static double F(double x) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) + 1); }",
        "public static partial class WrongDerivative { public static double Cube(double v) => v * v * v; [DerivativeOf(typeof(WrongDerivative), nameof(Cube))] public static string CubeDerivative(double v) => \"\"; [Differentiable] public static double F(double x) => Cube(x); }",
        $"public static partial class HiddenPartials {{ {ST} public static double F(double x) => Other.Square(x); }}",
        "public static class Other { public static double Square(double v) => v * v; [DerivativeOf(typeof(Other), nameof(Square))] private static double SquarePartials(double v) => 2 * v; public static double Sum(ReadOnlySpan<double> v) => v[0] + v[1]; [DerivativeOf(typeof(Other), nameof(Sum))] private static void SumPullback(ReadOnlySpan<double> v, double bar, Span<double> vBar) { } }",
        $"public static partial class HiddenPullback {{ {ST} public static double F(ReadOnlySpan<double> x) => Other.Sum(x); }}",
        $"public static partial class LocalToArray {{ [Differentiable] public static double G(double[] v) => v[0] * v[0]; {ST} public static double F(ReadOnlySpan<double> x) {{ double[] copy = new double[x.Length]; copy[0] = x[0]; return G(copy); }} }}",
        $"public static partial class PartToArray {{ [Differentiable] public static double G(double[] v) => v[0] * v[0]; {ST} public static double F(double[] x) => G(x[1..]); }}",
        $"public static partial class ArrayInLoop {{ {ST} public static double F(ReadOnlySpan<double> x) {{ double s = 0; for (int i = 0; i < x.Length; i++) {{ double[] t = new double[1]; t[0] = x[i]; s += t[0]; }} return s; }} }}",
        "public static partial class ArrayInLoopOnTape { [Differentiable] public static double F(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { double[] t = new double[1]; t[0] = x[i]; s += t[0]; } return s; } }",

        // Guards.
        $"public static partial class ThrowMade {{ static Exception Error() => new(); {ST} public static double F(double x) {{ if (x < 0) throw Error(); return x; }} }}",
        $"public static partial class GuardText {{ {ST} public static double F(double x) {{ if (x < 0) throw new ArgumentException(x.ToString()); return x; }} }}",

        // Switch expressions and local functions.
        $"public static partial class TupleSwitch {{ {ST} public static double F(double x, double y) => (x > 0, y > 0) switch {{ (true, true) => x, _ => y }}; }}",
        $"public static partial class PropertyPattern {{ {ST} public static double F(double x) => x switch {{ {{ }} when x > 1 => x, _ => -x }}; }}",
        $"public static partial class RecursiveLocal {{ {ST} public static double F(double x) {{ double P(double t, int n) => n == 0 ? 1 : t * P(t, n - 1); return P(x, 3); }} }}",
        $"public static partial class GenericLocal {{ {ST} public static double F(double x) {{ T Same<T>(T t) => t; return Same(x); }} }}",
        $"public static partial class RefLocal {{ {ST} public static double F(double x) {{ void Twice(ref double t) => t *= 2; Twice(ref x); return x; }} }}",
        $"public static partial class TableToLocal {{ static readonly double[] Weights = {{ 1, 2 }}; {ST} public static double F(ReadOnlySpan<double> x) {{ double Dot(ReadOnlySpan<double> a, double v) => a[0] * v; return Dot(Weights, x[0]); }} }}",
        $"public static partial class ReturnInLoop {{ {ST} public static double F(double x) {{ double First(double t) {{ for (int i = 0; i < 3; i++) {{ if (t * i > 1) return i; }} return t; }} return First(x); }} }}",

        // Loops and vectors.
        $"public static partial class LinqCondition {{ {ST} public static double F(double[] w, double x) {{ int n = 0; do {{ n++; if (n == 2) {{ continue; }} x *= 0.5; }} while (w.Sum() * n < x); return n * x; }} }}",
        "public static partial class TapedLinq { [Differentiable(Strategy = DifferentiationStrategy.Tape)] public static double F(double[] w, double a) => w.Sum() * a; }",
        $"public static partial class ForeachLinq {{ {ST} public static double F(double[] w) {{ double s = 0; foreach (double v in w.OrderBy(t => t)) {{ s += v; }} return s; }} }}",
        $"public static partial class Matrix {{ static readonly double[,] M = {{ {{ 1, 2 }} }}; {ST} public static double F(double x) => M[0, 1] * x; }}",
        $"public static partial class LongIndex {{ {ST} public static double F(double[] x, long k) => x[k]; }}",
        $"public static partial class RangeMade {{ static Range Middle() => 1..2; {ST} public static double F(ReadOnlySpan<double> x) => x[Middle()][0]; }}",
        $"public static partial class Undeclared {{ {ST} public static double F(ReadOnlySpan<double> x) {{ double[] a; a = new double[2]; return a[0] + x[0]; }} }}",
        $"public static partial class MadeArray {{ static double[] Make() => new double[2]; {ST} public static double F(ReadOnlySpan<double> x) {{ double[] a = Make(); a[0] = x[0]; return a[0]; }} }}",
        $"public static partial class NullCheck {{ {ST} public static double F(double[] x) => x == null ? 0 : x[0]; }}",
        $"public static partial class CopyFromTable {{ static readonly double[] Weights = {{ 1, 2 }}; {ST} public static double F(ReadOnlySpan<double> x) {{ Span<double> a = stackalloc double[2]; Weights.CopyTo(a); return a[0] * x[0]; }} }}",

        // LINQ.
        $"public static partial class IntSum {{ {ST} public static double F(double x, int n) => x * Enumerable.Range(0, n).Sum(); }}",
        $"public static partial class OrderedFirst {{ {ST} public static double F(double[] w) => w.OrderBy(v => v).First(); }}",
        $"public static partial class ListSequence {{ {ST} public static double F(double x) => new List<double> {{ x }}.Sum(); }}",
        $"public static partial class IndexAfterWhere {{ {ST} public static double F(double[] w) => w.Where(v => v > 0).Select((v, i) => v * i).Sum(); }}",
        $"public static partial class ZipFiltered {{ {ST} public static double F(double[] a, double[] b) => a.Where(v => v > 0).Zip(b, (u, v) => u * v).Sum(); }}",
        $"public static partial class SkipAfterSelect {{ {ST} public static double F(double[] w) => w.Select(v => v * v).Skip(1).Sum(); }}",
        $"public static partial class MethodGroup {{ static double Square(double v) => v * v; {ST} public static double F(double[] w) => w.Sum(Square); }}",
        $"public static partial class BlockLambda {{ {ST} public static double F(double[] w) => w.Sum(v => {{ if (v > 0) {{ return v; }} return 0; }}); }}",
        $"public static partial class FilteredToArray {{ {ST} public static double F(double[] w) {{ double[] positive = w.Where(v => v > 0).ToArray(); return positive[0]; }} }}",

        // Callees without derivatives (AD0004 from the pipeline and from the tape).
        "public static class CalleeNotPartial { [Differentiable] public static double G(double v) => v * v; }",
        "public static partial class CallsNotPartial { [Differentiable] public static double F(double x) => CalleeNotPartial.G(x) + x; }",
        "public static partial class CalleeWithError { [Differentiable] public static double G(double v) => v * v; [Differentiable] public static double H(double v, ref double w) => v; [Differentiable] public static double F(double x) { double s = 0; switch ((int)x) { default: s = G(x) + H(x, ref s); break; } return s; } }",
        "public static partial class CalleeDecimal { [Differentiable] public static decimal G(double v) => (decimal)v; [Differentiable] public static double F(double x) { switch ((int)x) { default: return (double)G(x); } } }",
        "public static partial class TapedVoidCallee { [Differentiable] public static void G(ReadOnlySpan<double> x, Span<double> y) { y[0] = x[0]; } [Differentiable] public static double F(ReadOnlySpan<double> x) { Span<double> y = stackalloc double[1]; switch (x.Length) { default: G(x, y); break; } return y[0]; } }",

        // What even the tape cannot do (AD0021).
        "public static partial class Pointer { [Differentiable] public static unsafe double F(double x) { double* p = &x; return *p; } }",
        "public static partial class Unsafe { [Differentiable] public static double F(double x) { unsafe { double* p = &x; x = *p; } return x; } }",
        "public static partial class Anonymous { [Differentiable] public static double F(double x) { var pair = (x, new { A = 1 }); return pair.Item1; } }",
        "public static partial class StoresInField { static double s_last; [Differentiable] public static double F(double x) { s_last = x; return x * x; } }",
        "public static partial class OutArgument { [Differentiable] public static double F(double x) { switch ((int)x) { default: Math.DivRem(3, 2, out int r); double.TryParse(\"1\", out double one); return x * one + r; } } }",
        "public static partial class GenericMath { static T Twice<T>(T v) where T : System.Numerics.INumber<T> => v + v; [Differentiable] public static double F(double x) { switch ((int)x) { default: return Twice(x); } } }",
        "public static partial class PatternVariable { [Differentiable] public static double F(double x) { switch (x) { case > 1 and var v: return v; default: return x; } } }",
        "public static partial class CopyDoesNotCompile { [Differentiable] public static double F(double x) { switch ((int)x) { default: return new System.Numerics.Complex(x, 0).Magnitude; } } }",
    ];

    /// <summary>Examples that need a compilation of their own.</summary>
    private static readonly (string Source, MetadataReference? Reference)[] Separate =
    [
        // A callee that does not compile: its callers say so.
        ("public static partial class BrokenCallee { [Differentiable] public static double G(double v) => v * undefined; [Differentiable] public static double F(double x) => G(x) * x; }", null),
        // A callee from an assembly built without the generator.
        ("public static partial class UsesLibrary { [Differentiable] public static double F(double x) => Library.Square(x) * x; }", LibraryWithoutGenerator()),
        // A generated derivative called inside a [Differentiable] method (nested differentiation).
        // Nested differentiation: a generated derivative's value inside a larger expression (assign it to a local first).
        ("public static partial class CallsDerivative { [Differentiable] public static double G(double v) => v * v * v; [Differentiable] public static double F(double x) => GDerivative(x, 1, out _) * x; }", null),
        // A generated derivative other than FGradient and FDerivative.
        ("public static partial class CallsHvp { [Differentiable(Hessian = true)] public static double G(double v) => v * v * v; [Differentiable] public static double F(double x) { GHessianVectorProduct(x, 1, out double h); return h * x; } }", null),
        // A method asked onto the tape that calls a generated derivative.
        ("public static partial class TapedNested { [Differentiable] public static double G(double v) => v * v * v; [Differentiable(Strategy = DifferentiationStrategy.Tape)] public static double F(double x) { GGradient(x, out double g); return g * x; } }", null),
        // Named arguments; out var; an out argument that is an array element.
        ("public static partial class NamedInner { [Differentiable] public static double G(double v) => v * v * v; [Differentiable] public static double F(double x) { GGradient(x, dv: out double g); return g * x; } }", null),
        ("public static partial class VarValue { [Differentiable] public static double G(double v) => v * v * v; [Differentiable] public static double F(double x) { var g = GGradient(x, out double d); return g * d; } }", null),
        ("public static partial class VarInner { [Differentiable] public static double G(double v) => v * v * v; [Differentiable] public static double F(double x) { GGradient(x, out var g); return g * x; } }", null),
        ("public static partial class ElementInner { [Differentiable] public static double G(double v) => v * v * v; [Differentiable] public static double F(double x) { double[] a = new double[1]; GGradient(x, out a[0]); return a[0] * x; } }", null),
    ];

    /// <summary>Templates no real example can give: they report bugs of the generated code, or guard cases the generator never builds.</summary>
    private static readonly string[] Unreachable =
    [
        "The body", // a tape copy's error outside the copied body: in the wrapper AutoDiff wrote
        "AutoDiff cannot build one", // a layout that cannot be built always says why (WhyNotConstructible, nested ones included)
        "not every path returns a value AutoDiff can follow", // C# rejects a member that falls off its end; void members are not inlined
        "end each path with a return", // the advice of the message above
        "it should be a ", // an inlined member or built-in of a struct type always yields a struct value
        "read a real field of it", // likewise, a member of scalar type always yields a scalar
        "An instance field", // instance fields are read off structs of reals (their leaves) or off data; no other value has them
    ];

    private static readonly Lazy<(IReadOnlyList<Diagnostic> Diagnostics, string Source)> Produced = new(() =>
    {
        string source = GeneratorHarness.Usings + "using System.Collections.Generic;\nusing System.Linq;\n\n" + string.Join("\n\n", Examples) + "\n";
        CSharpCompilation compilation = GeneratorHarness.Compile(source).WithOptions(
            GeneratorHarness.Compile().Options.WithAllowUnsafe(true));
        GeneratorHarness.Result result = GeneratorHarness.Run(compilation);
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "An example does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        var diagnostics = new List<Diagnostic>(result.GeneratorDiagnostics);
        foreach ((string separate, MetadataReference? reference) in Separate)
        {
            CSharpCompilation alone = GeneratorHarness.Compile(GeneratorHarness.Usings + separate);
            diagnostics.AddRange(GeneratorHarness.Run(reference is null ? alone : alone.AddReferences(reference)).GeneratorDiagnostics);
        }

        return (diagnostics, source);
    });

    [Fact]
    public void Every_message_the_generator_can_give_comes_from_a_real_example()
    {
        IReadOnlyList<string> messages = Produced.Value.Diagnostics.Select(d => d.GetMessage()).ToList();
        IReadOnlyList<MessageTemplates.Template> templates = MessageTemplates.Collect();
        Assert.True(templates.Count > 100, $"only {templates.Count} templates found: has the generator's source moved?");
        var missing = templates
            .Where(t => !messages.Any(t.Matches) && !Unreachable.Any(u => t.Pieces.Count == 1 && t.Pieces[0] == u))
            .ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} messages no example gives:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_diagnostic_ID_comes_from_a_real_example()
    {
        var ids = Produced.Value.Diagnostics.Select(d => d.Id).ToHashSet();
        foreach (DiagnosticDescriptor descriptor in Descriptors().Where(d => d.Id != "AD0007"))
        {
            Assert.Contains(descriptor.Id, ids);
        }
    }

    [Fact]
    public void No_advice_asks_to_mark_a_method_the_user_cannot_change()
    {
        (IReadOnlyList<Diagnostic> diagnostics, string source) = Produced.Value;
        foreach (Diagnostic diagnostic in diagnostics)
        {
            foreach (Match mark in Regex.Matches(diagnostic.GetMessage(), @"mark '(\w+)' \[Differentiable\]"))
            {
                // The method to mark is declared in the user's code.
                string name = mark.Groups[1].Value;
                Assert.True(
                    Regex.IsMatch(source, @"static \w+ " + name + @"\(") || source.Contains(" " + name + "(double", StringComparison.Ordinal),
                    $"{diagnostic.Id} asks to mark '{name}' [Differentiable], which the user's code does not declare: {diagnostic.GetMessage()}");
            }
        }
    }

    [Fact]
    public void Every_diagnostic_links_to_its_row_of_the_readme()
    {
        string readme = File.ReadAllText(Path.Combine(Repository.Root(), "README.md"));
        foreach (DiagnosticDescriptor descriptor in Descriptors())
        {
            Assert.Equal("README.md#" + descriptor.Id.ToLowerInvariant(), descriptor.HelpLinkUri);
            Assert.Contains($"<a id=\"{descriptor.Id.ToLowerInvariant()}\"></a>`{descriptor.Id}`", readme);
        }
    }

    [Fact]
    public void The_issues_examples_are_now_accepted()
    {
        // What issue 15 found rejected with advice the user could not follow, written as users write it.
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + """
            using System.Linq;

            public static partial class Accepted
            {
                [Differentiable]
                public static double Helpers(ReadOnlySpan<double> x, double sigma)
                {
                    ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
                    Span<double> xc = new double[x.Length];
                    x.CopyTo(xc);
                    xc.Fill(0);
                    double s = Tail(x.Slice(1));
                    foreach (var v in x[1..^1])
                    {
                        s += v * v / sigma;
                    }

                    return s;
                }

                [Differentiable]
                public static double Tail(ReadOnlySpan<double> x) => x[0] * x[^1];

                [Differentiable]
                public static double Linq(double[] w) => w.Sum(x => x * x) + w.Select(x => Math.Exp(x)).Sum() + w.Max();
            }
            """);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
    }

    private static IEnumerable<DiagnosticDescriptor> Descriptors() =>
        typeof(DifferentiableGenerator).Assembly.GetType("AutoDiff.Generator.Diagnostics.DiagnosticDescriptors", throwOnError: true)!
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    /// <summary>A library with a [Differentiable] method, compiled without the generator (its derivatives are missing).</summary>
    private static MetadataReference LibraryWithoutGenerator()
    {
        CSharpCompilation library = CSharpCompilation.Create(
            "Library",
            [CSharpSyntaxTree.ParseText("using AutoDiff; public static partial class Library { [Differentiable] public static double Square(double v) => v * v; }")],
            Net100.References.All.Add(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        Assert.True(library.Emit(stream).Success);
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
