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
        var recomputed = Rematerialization.Find(lowered.Root, needed, new HashSet<LBlock>()).Keys.Select(v => v.Name).ToHashSet();

        // i * 0.5 is an inactive product of values that still hold at its readers: recomputed. Exp is a call: saved.
        Assert.Contains("scale", needed.Select(v => v.Name));
        Assert.Contains("scale", recomputed);
        Assert.Contains("e", needed.Select(v => v.Name));
        Assert.DoesNotContain("e", recomputed);
    }

    [Fact]
    public void A_counter_that_only_steps_is_made_needed_so_a_value_it_indexes_is_recomputed_not_saved()
    {
        // The k-means cost: the loop over points is fused (its backward pass runs inside it) and never needed i;
        // difference, read by its square's partial, indexes the points with i. Restoring i by its inverse step is
        // free, so difference is recomputed in the backward pass of the loop over e instead of pushed k·d times a point.
        LoweredMethod lowered = Lowered("""
            public static double F([NoDerivative] ReadOnlySpan<double> points, ReadOnlySpan<double> centroids, int d)
            {
                int n = points.Length / d;
                int k = centroids.Length / d;
                double cost = 0;
                for (int i = 0; i < n; i++)
                {
                    double closest = double.PositiveInfinity;
                    for (int j = 0; j < k; j++)
                    {
                        double distance = 0;
                        for (int e = 0; e < d; e++)
                        {
                            double difference = points[(i * d) + e] - centroids[(j * d) + e];
                            distance += difference * difference;
                        }

                        closest = Math.Min(closest, distance);
                    }

                    cost += closest;
                }

                return cost;
            }
            """);
        HashSet<LVar> needed = SaveAnalysis.Needed(lowered.Root);
        Assert.DoesNotContain(needed, v => v.Name.StartsWith("i_", StringComparison.Ordinal));
        var live = new HashSet<LBlock>(Fusion.Find(lowered.Root).Keys.Select(l => l.Body));
        Assert.Single(live);
        Rematerialization.WidenNeeded(lowered.Root, needed, live);
        Assert.Contains(needed, v => v.Name.StartsWith("i_", StringComparison.Ordinal));
        Assert.Contains("difference", Rematerialization.Find(lowered.Root, needed, live).Keys.Select(v => v.Name));

        // Without the widening, difference is saved.
        HashSet<LVar> narrow = SaveAnalysis.Needed(lowered.Root);
        Assert.DoesNotContain("difference", Rematerialization.Find(lowered.Root, narrow, live).Keys.Select(v => v.Name));
    }

    [Fact]
    public void Values_at_the_top_of_a_fused_loop_are_not_recomputed_they_still_hold()
    {
        LoweredMethod lowered = Lowered("""
            public static double F(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double scale = i * 0.5;
                    s += Math.Exp(x[i]) * scale;
                }

                return s;
            }
            """);
        HashSet<LVar> needed = SaveAnalysis.Needed(lowered.Root);
        var live = new HashSet<LBlock>(Fusion.Find(lowered.Root).Keys.Select(l => l.Body));
        Assert.Single(live);
        Assert.Contains("scale", Rematerialization.Find(lowered.Root, needed, new HashSet<LBlock>()).Keys.Select(v => v.Name));
        Assert.Empty(Rematerialization.Find(lowered.Root, needed, live));
    }

    private const string MixtureLike = """
        public static double F(ReadOnlySpan<double> mu, ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int d)
        {
            int n = x.Length / d;
            Span<double> centered = stackalloc double[d];
            Span<double> mixed = stackalloc double[d];
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < d; j++)
                {
                    centered[j] = x[(i * d) + j] - mu[j];
                }

                for (int j = 0; j < d; j++)
                {
                    mixed[j] = centered[j];
                }

                for (int j = 0; j < d; j++)
                {
                    for (int r = j + 1; r < d; r++)
                    {
                        mixed[r] += w[j] * centered[j];
                    }
                }

                double norm = 0;
                for (int j = 0; j < d; j++)
                {
                    norm += mixed[j] * mixed[j];
                }

                total += Math.Log(1 + norm);
            }

            return total;
        }
        """;

    [Fact]
    public void SaveAnalysis_leaves_out_what_loops_overwrite_and_nothing_reads_again()
    {
        LoweredMethod lowered = Lowered(MixtureLike);
        HashSet<LVar> needed = SaveAnalysis.Needed(lowered.Root);

        // norm += ... inside its loop: nothing in that loop reads norm backward (Log reads its final value).
        HashSet<LAssign> unsaved = SaveAnalysis.UnsavedAssignments(lowered.Root, needed);
        Assert.Contains(unsaved, a => a.Target.Name.StartsWith("norm", StringComparison.Ordinal) && a.Operation is LApply);

        // mixed[r] += ... after the loop that fills mixed: covered, no save; the fill itself still saves.
        HashSet<LStore> covered = SaveAnalysis.CoveredStores(lowered.Root);
        Assert.Contains(covered, s => s.Element.Array.Name == "mixed" && s.Accumulates);
        Assert.DoesNotContain(covered, s => !s.Accumulates);
    }

    [Fact]
    public void CountedLoops_recompute_the_trip_counts_of_inner_counted_loops()
    {
        LoweredMethod lowered = Lowered(MixtureLike);
        Dictionary<LLoop, CountedLoop> counted = CountedLoops.Find(lowered.Root, SaveAnalysis.Needed(lowered.Root));

        // Every inner for loop counts from a start the backward pass can compute, r = j + 1 included; the
        // outer loop is at the top level, where nothing overwrites its count.
        Assert.Equal(5, counted.Count);
        Assert.Contains(counted.Values, c => c.Counter.Name.StartsWith('r') && c.Start is BinaryExpr { Operator: BinaryOperator.Add });
    }

    [Fact]
    public void Fusion_takes_a_loop_that_only_sums_and_whose_arrays_are_its_own()
    {
        LoweredMethod lowered = Lowered(MixtureLike);
        (LLoop loop, FusedLoop fused) = Assert.Single(Fusion.Find(lowered.Root).Select(p => (p.Key, p.Value)));
        Assert.StartsWith("total", fused.Accumulator.Name, StringComparison.Ordinal);
        Assert.Equal(["mu", "w"], fused.Inputs.Select(v => v.Name));

        // A second active value carried from one iteration to the next, or an array read after the loop, rules it out.
        Assert.Empty(Fusion.Find(Lowered("""
            public static double F(ReadOnlySpan<double> x)
            {
                double total = 0, last = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    total += x[i] * last;
                    last = x[i];
                }

                return total;
            }
            """).Root));
        Assert.Empty(Fusion.Find(Lowered("""
            public static double F(ReadOnlySpan<double> x)
            {
                Span<double> scratch = stackalloc double[2];
                double total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    for (int j = 0; j < 2; j++)
                    {
                        scratch[j] = x[i] * j;
                    }

                    total += scratch[0] + scratch[1];
                }

                return total + scratch[1];
            }
            """).Root));
    }

    [Fact]
    public void Fusion_takes_inner_loops_that_sum_into_the_same_accumulator_and_read_only_the_loops_inputs()
    {
        LoweredMethod pairs = Lowered("""
            public static double F(ReadOnlySpan<double> x)
            {
                double total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    for (int j = i + 1; j < x.Length; j++)
                    {
                        for (int k = j + 1; k < x.Length; k++)
                        {
                            total += x[i] * x[j] * x[k];
                        }
                    }
                }

                return total;
            }
            """);
        Dictionary<LLoop, FusedLoop> fused = Fusion.Find(pairs.Root);
        LLoop outer = Assert.Single(fused.Keys);
        LLoop middle = outer.Body.Statements.OfType<LLoop>().Single();
        LLoop inner = middle.Body.Statements.OfType<LLoop>().Single();
        Assert.Equal([middle, inner], Fusion.FindInner(fused).OrderBy(l => l == inner));

        // An inner loop that reads a value the outer iteration computes (its adjoint is complete only after the
        // inner loop, in the outer iteration's backward pass), or that writes an array, stays as it was.
        Assert.Empty(Fusion.FindInner(Fusion.Find(Lowered("""
            public static double F(ReadOnlySpan<double> x)
            {
                double total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double xi = Math.Sin(x[i]);
                    for (int j = 0; j < i; j++)
                    {
                        total += xi * x[j];
                    }
                }

                return total;
            }
            """).Root)));
        Assert.Empty(Fusion.FindInner(Fusion.Find(Lowered("""
            public static double F(ReadOnlySpan<double> x)
            {
                Span<double> scratch = stackalloc double[3];
                double total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        scratch[j] = x[i] * j;
                        total += scratch[j];
                    }
                }

                return total;
            }
            """).Root)));
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
