using System.Reflection;
using AutoDiff.DualNumbers;
using AutoDiff.Taping;

namespace AutoDiff.Generator.Tests.Choices;

/// <summary>
/// Choices route the adjoint to what they chose (issue 15, item 5): Max, Min, Clamp, Abs, Sign, CopySign,
/// <c>?:</c> and if/else send nothing to the branch not taken, so an infinite or NaN slope there never turns
/// into 0 · ∞. Every case is compiled twice in one compilation, by the source transformation and forced onto
/// the tape, and its derivative checked at a kink, a tie or where the branch not taken is singular, in every
/// engine: generated reverse and forward mode, <c>FGradientDual</c>, the tape (<c>Var</c>) and the dual numbers.
/// </summary>
public class ChoiceTests
{
    /// <summary>Each case: its body (a method of <c>double v</c>), a point, and the derivative every engine must give there.</summary>
    private static readonly (string Body, double At, double Derivative)[] Cases =
    [
        // The issue's minimal case: the adjoint reaches Max as ∞ (Sqrt's slope at 0) and must not meet the 0 of v < 0.
        ("Math.Sqrt(Math.Max(v, 0.0)) + v", -1, 1),
        ("Math.Sqrt(Math.Max(v, 0.0)) + v", 4, 1.25),
        // The branch not taken has an infinite slope.
        ("Math.Max(Math.Sqrt(v), 1.0) + v", 0, 1),
        ("Math.Min(-Math.Sqrt(v), -1.0) + 2 * v", 0, 2),
        ("Math.Sqrt(Math.Clamp(v, 0.0, 1.0)) + v", -1, 1),
        ("Math.Sqrt(Math.Clamp(v, 0.0, 1.0)) + v", 2, 1),
        ("v > 0 ? Math.Sqrt(v) : 0.0", 0, 0),
        ("v > 0 ? Math.Sqrt(v) : 0.5 * v", -1, 0.5),
        ("Math.Log(Math.Max(v, 1e-300)) * 0 + Math.Max(v, 2.0)", -3, 0),
        // Ties split evenly, kinks take the convention of the rule table.
        ("Math.Min(v, 2.0) * 3", 2, 1.5),
        ("Math.Max(v, v * v)", 1, 1.5),
        ("Math.Abs(v)", 0, 0),
        ("Math.Abs(v) * Math.Abs(v)", 0, 0),
        ("Math.Sign(v) * v", 0, 0),
        ("Math.Sign(v) * v", -2, -1),
        ("Math.CopySign(v, -1.0)", 0, 0),
        ("Math.CopySign(v, -1.0)", 2, -1),
        ("Math.Pow(v, 0.0)", 0, 0),
        ("Math.Pow(0.0, v) + v", 1, 1),
    ];

    private const string Branches = """
        public static double F(double v)
        {
            double y;
            if (v > 0)
            {
                y = Math.Log(v);
            }
            else
            {
                y = 2 * v;
            }

            return y + (v < 0 ? v : Math.Sqrt(v));
        }
        """;

    // A loop that only sums (fused: its backward pass runs inside it, seeded with 1, and the gathered adjoints are
    // scaled by the sum's when the backward pass reaches the loop). At v = 0 the first term's slope is ∞, and the
    // Max takes the constant, so the sum's adjoint is 0: the scaling must keep that zero, not make 0 · ∞.
    private const string FusedSum = """
        public static double FusedSum(double v)
        {
            double s = 0;
            for (int i = 0; i < 3; i++)
            {
                s += Math.Sqrt(v + i);
            }

            return Math.Max(s, 10.0);
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var source = new System.Text.StringBuilder(GeneratorHarness.Usings);
        foreach (string strategy in new[] { "Auto", "Tape" })
        {
            source.Append($"public static partial class {strategy}\n{{\n");
            string attribute = strategy == "Tape" ? "[Differentiable(Strategy = DifferentiationStrategy.Tape)]" : "[Differentiable]";
            for (int i = 0; i < Cases.Length; i++)
            {
                source.Append($"    {attribute}\n    public static double F{i}(double v) => {Cases[i].Body};\n");
            }

            source.Append("    " + attribute + "\n    " + Branches.Replace("public static double F(", "public static double Branches(").Replace("\n", "\n    ") + "\n");
            source.Append("    " + attribute + "\n    " + FusedSum.Replace("\n", "\n    ") + "\n");
            source.Append($"    {attribute}\n    public static double Saturated(double v) => Math.Sqrt(Math.Tanh(v) - 1.0) + v;\n");
            source.Append("}\n");
        }

        GeneratorHarness.Result result = GeneratorHarness.Run(source.ToString());
        Assert.Empty(result.GeneratorDiagnostics);
        return GeneratorHarness.Load(result);
    });

    public static TheoryData<int> CaseNumbers() => new(Enumerable.Range(0, Cases.Length));

    [Theory]
    [MemberData(nameof(CaseNumbers))]
    public void Every_engine_routes_the_adjoint_to_the_choice_taken(int number)
    {
        (string body, double at, double expected) = Cases[number];
        foreach ((string engine, double derivative) in Derivatives("F" + number, at))
        {
            Assert.True(derivative == expected, $"{body} at v = {at}: {engine} gives {derivative}, expected {expected}");
        }
    }

    [Theory]
    [InlineData(-1.0, 3.0)]
    [InlineData(4.0, 0.25 + 0.25)]
    public void Branches_route_the_adjoint_to_the_branch_taken(double at, double expected)
    {
        foreach ((string engine, double derivative) in Derivatives("Branches", at))
        {
            Assert.True(Math.Abs(derivative - expected) < 1e-15, $"Branches at v = {at}: {engine} gives {derivative}, expected {expected}");
        }
    }

    [Fact]
    public void A_fused_accumulation_loop_keeps_a_zero_adjoint_zero()
    {
        GeneratorHarness.Result alone = GeneratorHarness.Run(GeneratorHarness.Usings + "public static partial class C\n{\n    [Differentiable]\n    " + FusedSum.Replace("\n", "\n    ") + "\n}\n");
        Assert.Contains("This loop only sums into", string.Concat(alone.Sources.Select(s => s.SourceText.ToString())));
        foreach ((string engine, double derivative) in Derivatives("FusedSum", 0.0))
        {
            Assert.True(derivative == 0, $"FusedSum at v = 0: {engine} gives {derivative}, expected 0");
        }

        foreach ((string engine, double derivative) in Derivatives("FusedSum", 81.0))
        {
            double expected = 0.5 / Math.Sqrt(81) + 0.5 / Math.Sqrt(82) + 0.5 / Math.Sqrt(83);
            Assert.True(Math.Abs(derivative - expected) < 1e-15, $"FusedSum at v = 81: {engine} gives {derivative}, expected {expected}");
        }
    }

    [Fact]
    public void An_infinite_slope_meeting_a_zero_one_is_zero_going_forward_and_NaN_going_back()
    {
        // RuleTable's documented exception: past v ≈ 19 tanh rounds to 1, √0 has an infinite slope and tanh a zero
        // one. Tangents meet the zero first (0 passes on as 0), adjoints meet the infinity first (∞ · 0 = NaN).
        Assert.Equal(1.0, Math.Tanh(30.0));
        foreach ((string engine, double derivative) in Derivatives("Saturated", 30.0))
        {
            double expected = engine.Contains("reverse") && !engine.StartsWith("Tape", StringComparison.Ordinal) ? double.NaN : 1.0;
            Assert.True(derivative.Equals(expected), $"Saturated at v = 30: {engine} gives {derivative}, expected {expected}");
        }

        // Where tanh has not saturated the square root's argument is negative: every engine gives NaN.
        foreach ((string engine, double derivative) in Derivatives("Saturated", 2.0))
        {
            Assert.True(double.IsNaN(derivative), $"Saturated at v = 2: {engine} gives {derivative}, expected NaN");
        }
    }

    [Fact]
    public void The_runtime_engines_alone_route_the_minimal_case()
    {
        // The tape's VarMath and the dual numbers' DualMath, called directly rather than through generated code.
        using TapeScope scope = Tape.Current.BeginScope();
        Var v = scope.Variable(-1);
        Var y = VarMath.Sqrt(VarMath.Max(v, 0.0)) + v;
        scope.Backward(y);
        Assert.Equal(1.0, scope.Gradient(v));

        Dual d = DualMath.Sqrt(DualMath.Max(new Dual(-1, 1), 0.0)) + new Dual(-1, 1);
        Assert.Equal(1.0, d.Tangent);
    }

    [Fact]
    public void The_minimal_case_has_a_finite_second_derivative_where_the_function_is_smooth()
    {
        MethodInfo hessian = Method("Auto", "F0Hessian");
        var result = new double[1];
        SpanInvoker.Invoke(hessian, new object?[] { -1.0, result });
        Assert.Equal(0.0, result[0]);
    }

    /// <summary>The derivative at <paramref name="at"/> from every engine, named.</summary>
    private static IEnumerable<(string Engine, double Derivative)> Derivatives(string name, double at)
    {
        foreach (string strategy in new[] { "Auto", "Tape" })
        {
            object?[] gradient = { at, null };
            SpanInvoker.Invoke(Method(strategy, name + "Gradient"), gradient);
            yield return (strategy + " reverse mode", (double)gradient[1]!);

            object?[] derivative = { at, 1.0, null };
            SpanInvoker.Invoke(Method(strategy, name + "Derivative"), derivative);
            yield return (strategy + " forward mode", (double)derivative[2]!);
        }

        object?[] dual = { new Dual(at, 1), null };
        SpanInvoker.Invoke(Method("Auto", name + "GradientDual"), dual);
        yield return ("generated reverse mode on dual numbers", ((Dual)dual[1]!).Value);
    }

    private static MethodInfo Method(string type, string name) =>
        Compiled.Value.GetType(type, throwOnError: true)!.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
        ?? throw new InvalidOperationException($"{type}.{name} was not generated");
}
