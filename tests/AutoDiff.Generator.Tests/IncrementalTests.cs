using System.Globalization;
using System.Reflection;
using AutoDiff.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiff.Generator.Tests;

/// <summary>Incremental caching, model purity and deterministic output.</summary>
public class IncrementalTests
{
    private const string Functions = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, double y) => x * Math.Sin(y);

            [Differentiable]
            public static double G(double x) => x > 0 ? Math.Sqrt(x) : -x;

            [Differentiable]
            public static double H(ReadOnlySpan<double> w, double x)
            {
                double[] a = new double[w.Length];
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    a[i] = (w[i] * 0.5) + x;
                    s += Math.Exp(-a[i] * a[i]);
                    if (s > 2.5)
                    {
                        break;
                    }
                }

                return s + SpanMath.Dot(a, w);
            }
        }
        """;

    private const string Unrelated = """
        namespace Demo;

        public static class Helpers
        {
            public static int Answer() => 42;
        }
        """;

    [Fact]
    public void Second_run_on_the_same_compilation_is_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Functions, Unrelated);
        GeneratorHarness.Result first = GeneratorHarness.Run(compilation);
        GeneratorHarness.Result second = GeneratorHarness.Run(compilation.Clone(), first.Driver);

        AssertAllOutputs(second, TrackingNames.Models, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertAllOutputs(second, TrackingNames.ParsedMethods, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Editing_an_unrelated_file_leaves_the_models_unchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Functions, Unrelated);
        GeneratorHarness.Result first = GeneratorHarness.Run(compilation);

        SyntaxTree old = compilation.SyntaxTrees.Last();
        SyntaxTree edited = old.WithChangedText(old.GetText().Replace(old.GetText().ToString().IndexOf("42", StringComparison.Ordinal), 2, "43"));
        GeneratorHarness.Result second = GeneratorHarness.Run(compilation.ReplaceSyntaxTree(old, edited), first.Driver);

        AssertAllOutputs(second, TrackingNames.Models, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Editing_one_method_body_regenerates_only_that_method()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Functions);
        GeneratorHarness.Result first = GeneratorHarness.Run(compilation);

        SyntaxTree old = compilation.SyntaxTrees.Single();
        string text = old.GetText().ToString();
        SyntaxTree edited = old.WithChangedText(old.GetText().Replace(text.IndexOf("Math.Sin(y)", StringComparison.Ordinal), "Math.Sin(y)".Length, "Math.Cos(y)"));
        GeneratorHarness.Result second = GeneratorHarness.Run(compilation.ReplaceSyntaxTree(old, edited), first.Driver);

        var reasons = second.RunResult.Results.Single().TrackedSteps[TrackingNames.Models]
            .SelectMany(step => step.Outputs)
            .Select(output => (((Model.MethodModel)output.Value).Name, output.Reason))
            .ToList();
        Assert.Contains(("F", IncrementalStepRunReason.Modified), reasons);
        Assert.Contains(reasons, r => r.Name == "G" && r.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);
        Assert.Contains(reasons, r => r.Name == "H" && r.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);

        // And only F's file is emitted again: every other source output step is cached or unchanged.
        var emitted = second.RunResult.Results.Single().TrackedOutputSteps["SourceOutput"]
            .SelectMany(step => step.Outputs)
            .Count(output => output.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);
        Assert.Equal(1, emitted);
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_locations_or_compilations()
    {
        var banned = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree) };
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(new[] { typeof(Model.ParseResult) });
        while (pending.Count > 0)
        {
            Type type = pending.Pop();
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
            {
                continue;
            }

            Assert.DoesNotContain(banned, b => b.IsAssignableFrom(type));
            foreach (Type generic in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes)
            {
                pending.Push(generic);
            }

            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                pending.Push(field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType);
            }

            // Subtypes of abstract model records (Expr, Stmt) are models too.
            if (type.IsAbstract && type.Namespace == "AutoDiff.Generator.Model")
            {
                foreach (Type derived in type.Assembly.GetTypes().Where(t => t.IsSubclassOf(type)))
                {
                    pending.Push(derived);
                }
            }
        }

        Assert.Contains(typeof(Model.BinaryExpr), seen);
        Assert.Contains(typeof(Model.IfStmt), seen);
    }

    [Fact]
    public void Output_is_byte_identical_across_runs_cultures_and_file_orders()
    {
        string[] Generate(CultureInfo culture, params string[] sources)
        {
            CultureInfo saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = culture;
                return GeneratorHarness.Run(sources).Sources
                    .OrderBy(s => s.HintName, StringComparer.Ordinal)
                    .Select(s => s.HintName + "\n" + s.SourceText)
                    .ToArray();
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }

        string[] reference = Generate(CultureInfo.InvariantCulture, Functions, Unrelated);
        Assert.Equal(reference, Generate(CultureInfo.InvariantCulture, Functions, Unrelated));
        Assert.Equal(reference, Generate(new CultureInfo("de-DE"), Unrelated, Functions));
        Assert.Equal(reference, Generate(new CultureInfo("ar-SA"), Functions, Unrelated));
        Assert.Contains(reference, s => s.Contains("0.5", StringComparison.Ordinal) || s.Contains("Sqrt", StringComparison.Ordinal));
    }

    private static void AssertAllOutputs(GeneratorHarness.Result result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.RunResult.Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.Contains(output.Reason, allowed));
    }
}
