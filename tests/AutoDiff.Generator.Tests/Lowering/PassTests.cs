using AutoDiff.Generator.Differentiation;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Tests.Lowering;

/// <summary>
/// The passes between the model and the builders, each on a small method: jump normalization, activity,
/// the values the backward pass needs saved, and the loop values it recomputes instead.
/// </summary>
public class PassTests
{
    [Fact]
    public void JumpNormalizer_leaves_no_break_continue_or_return_inside_a_loop()
    {
        MethodModel model = Model("""
            public static double F(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    if (x[i] < 0) continue;
                    if (x[i] > 10) break;
                    if (x[i] == 5) return s;
                    s += x[i];
                }

                return s;
            }
            """);
        var names = new NameAllocator();
        List<Stmt> body = JumpNormalizer.Normalize(model.Body, model.ReturnType, names.Fresh);

        Assert.Contains(model.Body.Descendants(), s => s is BreakStmt);
        Assert.DoesNotContain(body.Descendants(), s => s is BreakStmt or ContinueStmt);
        LoopStmt loop = Assert.Single(body.Descendants().OfType<LoopStmt>());
        Assert.DoesNotContain(loop.Body.Descendants(), s => s is ReturnStmt);

        // Each jump became a flag declared before the loop, and break and return end the loop through its condition.
        string[] flags = body.OfType<DeclareStmt>().Where(d => d.Type == ScalarType.Bool).Select(d => d.Name).ToArray();
        Assert.Equal(3, flags.Length);
        string condition = string.Join(" ", ExprTrees.DescendantsAndSelf(loop.Condition).OfType<VariableExpr>().Select(v => v.Name));
        Assert.Equal(2, flags.Count(f => condition.Contains(f, StringComparison.Ordinal)));
    }

    [Fact]
    public void JumpNormalizer_leaves_a_method_without_loops_alone()
    {
        MethodModel model = Model("public static double F(double x) { if (x > 0) return x; return -x; }");
        Assert.Equal(model.Body.ToList(), JumpNormalizer.Normalize(model.Body, model.ReturnType, new NameAllocator().Fresh));
    }

    [Fact]
    public void ActivityAnalysis_finds_what_may_depend_on_an_input_along_any_path()
    {
        MethodModel model = Model("""
            public static double F(double x, [NoDerivative] double c, ReadOnlySpan<double> w)
            {
                double a = x * 2;
                double b = c + 1;
                double carried = 0;
                double[] buffer = new double[3];
                double[] constants = new double[3];
                for (int i = 0; i < 3; i++)
                {
                    double late = carried * 2;
                    carried = a + w[i];
                    buffer[i] = late;
                    constants[i] = b * i;
                }

                return buffer[0] + constants[1];
            }
            """);
        HashSet<string> active = ActivityAnalysis.ActiveNames(model, model.Body);

        Assert.Superset(new HashSet<string> { "x", "w", "a", "carried", "late", "buffer" }, active);
        Assert.DoesNotContain("c", active);
        Assert.DoesNotContain("b", active);
        Assert.DoesNotContain("constants", active);
    }

    [Fact]
    public void SaveAnalysis_keeps_what_partials_read_and_nothing_else()
    {
        LoweredMethod lowered = Lowered("""
            public static double F(ReadOnlySpan<double> x)
            {
                double product = 1;
                double sum = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    product = product * x[i];
                    sum = sum + x[i];
                }

                return product + sum;
            }
            """);
        HashSet<string> needed = SaveAnalysis.Needed(lowered.Root).Select(v => v.Name).ToHashSet();

        // ∂(p·x)/∂x reads p, ∂(p·x)/∂p reads x[i] (its vector and index); a sum's partials are constants.
        Assert.Contains(needed, n => n.StartsWith("product", StringComparison.Ordinal));
        Assert.Contains("x", needed);
        Assert.Contains(needed, n => n.StartsWith('i'));
        Assert.DoesNotContain(needed, n => n.StartsWith("sum", StringComparison.Ordinal));
    }

    [Fact]
    public void Rematerialization_recomputes_cheap_loop_values_and_saves_expensive_ones()
    {
        LoweredMethod lowered = Lowered("""
            public static double F(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double scale = i * 0.5;
                    double e = Math.Exp(x[i]);
                    s += e * scale * x[i];
                }

                return s;
            }
            """);
        HashSet<LVar> needed = SaveAnalysis.Needed(lowered.Root);
        var recomputed = Rematerialization.Find(lowered.Root, needed).Keys.Select(v => v.Name).ToHashSet();

        // i * 0.5 is an inactive product of values that still hold at its readers: recomputed. Exp is a call: saved.
        Assert.Contains("scale", needed.Select(v => v.Name));
        Assert.Contains("scale", recomputed);
        Assert.Contains("e", needed.Select(v => v.Name));
        Assert.DoesNotContain("e", recomputed);
    }

    [Fact]
    public void Lowering_reuses_a_repeated_subexpression_by_structure()
    {
        LoweredMethod lowered = Lowered("public static double F(double x, double y) => (x - y) * (x - y) + Math.Exp(x - y);");
        var operations = lowered.Root.Statements.OfType<LAssign>().Select(a => a.Operation).OfType<LApply>().ToList();
        Assert.Single(operations, o => o.Rule == AutoDiff.Generator.Rules.RuleTable.Subtract);
        Assert.Single(operations, o => o.Rule == AutoDiff.Generator.Rules.RuleTable.Square);
    }

    /// <summary>The model the parser makes of one method <c>F</c> in <c>public static partial class C</c>.</summary>
    private static MethodModel Model(string method)
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + "public static partial class C\n{\n    [Differentiable]\n    " + method + "\n}\n");
        Assert.Empty(result.GeneratorDiagnostics);
        return (MethodModel)result.RunResult.Results.Single().TrackedSteps[TrackingNames.Models]
            .SelectMany(step => step.Outputs)
            .Single()
            .Value;
    }

    private static LoweredMethod Lowered(string method) => Differentiation.Lowering.Lower(Model(method));
}
