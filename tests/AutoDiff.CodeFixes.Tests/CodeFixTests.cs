using System.Composition;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AutoDiff.CodeFixes.Tests;

/// <summary>Each fix: the source before, the source after, and that the generator's diagnostic is gone.</summary>
public class CodeFixTests
{
    [Fact]
    public Task AD0002_makes_the_type_partial() => FixHarness.AssertFix(
        new MakePartialCodeFix(),
        "AD0002",
        """
        public static class C
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """,
        """
        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """,
        "Make 'C' partial");

    [Fact]
    public Task AD0002_makes_a_nested_type_and_the_types_around_it_partial_even_without_modifiers() => FixHarness.AssertFix(
        new MakePartialCodeFix(),
        "AD0002",
        """
        class Outer
        {
            internal readonly record struct Inner
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
        }
        """,
        """
        partial class Outer
        {
            internal readonly partial record struct Inner
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
        }
        """,
        "Make 'Inner' and the types around it partial");

    [Fact]
    public Task AD0001_makes_the_method_static_after_its_accessibility() => FixHarness.AssertFix(
        new MakeStaticCodeFix(),
        "AD0001",
        """
        public partial class C
        {
            [Differentiable]
            public double F(double x)
            {
                switch (x > 0)
                {
                    case true: return x * x;
                    default: return -x;
                }
            }
        }
        """,
        """
        public partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                switch (x > 0)
                {
                    case true: return x * x;
                    default: return -x;
                }
            }
        }
        """,
        "Make 'F' static");

    [Fact]
    public Task AD0001_makes_a_method_without_modifiers_static() => FixHarness.AssertFix(
        new MakeStaticCodeFix(),
        "AD0001",
        """
        public partial class C
        {
            [Differentiable]
            double F(double x)
            {
                switch (x > 0)
                {
                    case true: return x * x;
                    default: return -x;
                }
            }
        }
        """,
        """
        public partial class C
        {
            [Differentiable]
            static double F(double x)
            {
                switch (x > 0)
                {
                    case true: return x * x;
                    default: return -x;
                }
            }
        }
        """,
        "Make 'F' static");

    // A helper with a loop: one without is inlined where it is called and needs no derivative.
    private const string CallWithoutDerivative = """
        public static partial class C
        {
            public static double Helper(double v) { double s = 0; for (int i = 0; i < 2; i++) { s += v; } return s; }

            [Differentiable]
            public static double F(double x, double w, double scale) => x * Helper(scale * w);
        }
        """;

    [Fact]
    public Task AD0004_marks_the_parameters_the_call_reads_NoDerivative() => FixHarness.AssertFix(
        new MarkNoDerivativeCodeFix(),
        "AD0004",
        CallWithoutDerivative,
        """
        public static partial class C
        {
            public static double Helper(double v) { double s = 0; for (int i = 0; i < 2; i++) { s += v; } return s; }

            [Differentiable]
            public static double F(double x, [NoDerivative] double w, [NoDerivative] double scale) => x * Helper(scale * w);
        }
        """,
        "Mark 'w', 'scale' [NoDerivative] (treat as data)");

    [Fact]
    public async Task AD0004_offers_all_parameters_each_alone_and_marking_the_callee()
    {
        (_, _, List<CodeAction> actions) = await FixHarness.Actions(new MarkNoDerivativeCodeFix(), FixHarness.Usings + CallWithoutDerivative, "AD0004");
        Assert.Equal(
            [
                "Mark 'w', 'scale' [NoDerivative] (treat as data)",
                "Mark 'w' [NoDerivative] (treat as data)",
                "Mark 'scale' [NoDerivative] (treat as data)",
                "Mark 'Helper' [Differentiable]",
            ],
            actions.Select(a => a.Title));
    }

    [Fact]
    public Task AD0004_marks_the_callee_Differentiable() => FixHarness.AssertFix(
        new MarkNoDerivativeCodeFix(),
        "AD0004",
        CallWithoutDerivative,
        """
        public static partial class C
        {
            [Differentiable]
            public static double Helper(double v) { double s = 0; for (int i = 0; i < 2; i++) { s += v; } return s; }

            [Differentiable]
            public static double F(double x, double w, double scale) => x * Helper(scale * w);
        }
        """,
        "Mark 'Helper' [Differentiable]");

    [Fact]
    public async Task AD0004_offers_no_parameter_where_marking_would_not_clear_it()
    {
        // Through a real-valued local (the generator counts it as active whatever it holds).
        (_, _, List<CodeAction> throughLocal) = await FixHarness.Actions(
            new MarkNoDerivativeCodeFix(),
            FixHarness.Usings + """
                public static partial class C
                {
                    public static double Helper(double v) { double s = 0; for (int i = 0; i < 2; i++) { s += v; } return s; }

                    [Differentiable]
                    public static double F(double x, double w)
                    {
                        double s = 2 * w;
                        return x * Helper(s);
                    }
                }
                """,
            "AD0004");
        Assert.Equal(["Mark 'Helper' [Differentiable]"], throughLocal.Select(a => a.Title));

        // A math function without a rule, in a library: nothing to offer.
        (_, _, List<CodeAction> noRule) = await FixHarness.Actions(
            new MarkNoDerivativeCodeFix(),
            FixHarness.Usings + """
                public static partial class C
                {
                    [Differentiable]
                    public static double F(double x) => Math.BitIncrement(x);
                }
                """,
            "AD0004");
        Assert.Empty(noRule);
    }

    [Fact]
    public Task AD0004_marks_a_vector_parameter_read_in_a_loop() => FixHarness.AssertFix(
        new MarkNoDerivativeCodeFix(),
        "AD0004",
        """
        public static partial class C
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> w, ReadOnlySpan<double> data)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    s += w[i] * Convert.ToDouble(data[i]);
                }

                return s;
            }
        }
        """,
        """
        public static partial class C
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> data)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    s += w[i] * Convert.ToDouble(data[i]);
                }

                return s;
            }
        }
        """,
        "Mark 'data' [NoDerivative] (treat as data)");

    [Fact]
    public Task AD0012_removes_NoDerivative_from_an_output() => FixHarness.AssertFix(
        new RemoveNoDerivativeFromOutputCodeFix(),
        "AD0012",
        """
        public static partial class C
        {
            [Differentiable]
            public static void F(ReadOnlySpan<double> x, [NoDerivative] Span<double> r) { r[0] = x[0] * x[0]; }
        }
        """,
        """
        public static partial class C
        {
            [Differentiable]
            public static void F(ReadOnlySpan<double> x, Span<double> r) { r[0] = x[0] * x[0]; }
        }
        """,
        "Remove [NoDerivative] from the output 'r'");

    private const string SwitchOnTheTape = """
            {
                switch ((int)x)
                {
                    case 1: return x * x;
                    default: return 2 * x;
                }
            }
        }
        """;

    [Fact]
    public Task AD0020_asks_for_the_tape_explicitly() => FixHarness.AssertFix(
        new UseTapeExplicitlyCodeFix(),
        "AD0020",
        """
        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
        """ + "\n" + SwitchOnTheTape,
        """
        public static partial class C
        {
            [Differentiable(Strategy = DifferentiationStrategy.Tape)]
            public static double F(double x)
        """ + "\n" + SwitchOnTheTape,
        "Differentiate 'F' on the tape explicitly (Strategy = Tape)");

    [Fact]
    public async Task AD0020_spells_the_strategy_in_full_where_AutoDiff_is_not_imported()
    {
        string before = """
            public static partial class C
            {
                [AutoDiff.Differentiable()]
                public static double F(double x)
            """ + "\n" + SwitchOnTheTape;
        (Document document, _, List<CodeAction> actions) = await FixHarness.Actions(new UseTapeExplicitlyCodeFix(), before, "AD0020");
        CodeAction action = Assert.Single(actions);
        Solution changed = Assert.Single((await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>()).ChangedSolution;
        string after = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.Contains("[AutoDiff.Differentiable(Strategy = AutoDiff.DifferentiationStrategy.Tape)]", after);
        Assert.Empty(await FixHarness.GeneratorDiagnostics(changed.GetDocument(document.Id)!));
    }

    [Fact]
    public void Every_fix_answers_a_diagnostic_the_generator_has_and_is_exported_for_CSharp()
    {
        string[] generatorIds = typeof(Generator.DifferentiableGenerator).Assembly
            .GetType("AutoDiff.Generator.Diagnostics.DiagnosticDescriptors", throwOnError: true)!
            .GetFields()
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .ToArray();
        Type[] fixes = typeof(MakePartialCodeFix).Assembly.GetTypes().Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract).ToArray();
        Assert.Equal(5, fixes.Length);
        Assert.All(fixes, fix =>
        {
            var provider = (CodeFixProvider)Activator.CreateInstance(fix)!;
            Assert.All(provider.FixableDiagnosticIds, id => Assert.Contains(id, generatorIds));
            ExportCodeFixProviderAttribute export = fix.GetCustomAttribute<ExportCodeFixProviderAttribute>()!;
            Assert.Equal([LanguageNames.CSharp], export.Languages);
            Assert.NotNull(fix.GetCustomAttribute<SharedAttribute>());
        });
    }
}
