using System.Reflection;
using AutoDiff.DualNumbers;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;
using AutoDiff.Generator.Tests.Infrastructure;
using AutoDiff.Taping;
using AutoDiff.Tensors;

namespace AutoDiff.Generator.Tests.Rules;

/// <summary>
/// Every engine is pinned to the one rule table, cell by cell: for each function and operator, on a grid
/// of ordinary points and edges (0, −0, ±∞, NaN, ties, the origin), the value and every partial that the
/// tape (<see cref="VarMath"/>), the dual numbers (<see cref="DualMath"/>) and the generated code (reverse
/// and forward mode) compute must be the table's, evaluated independently here from its trees.
/// </summary>
public class RuleTablePinTests
{
    private static readonly double[] Unary =
        [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.5, 0.999, -0.999, 1.001, 3.7, 1e-300, -1e-300, 1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN];

    private static readonly double[] Pair = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, -3.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN];

    public static TheoryData<string> Functions() => new(RuleTable.Functions.Select(Key));

    public static TheoryData<string> Operators() => new(RuleTable.Operators.Where(r => r != RuleTable.Square).Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Functions))]
    public void Tape_and_dual_numbers_compute_the_table_at_every_point(string key)
    {
        DerivativeRule rule = RuleTable.Functions.Single(r => Key(r) == key);
        int arity = rule.Arity < 0 ? 1 : rule.Arity;
        MethodInfo primal = Primal(rule.Name, arity);
        MethodInfo tape = Engine(typeof(VarMath), typeof(Var), rule.Name, arity);
        MethodInfo dual = Engine(typeof(DualMath), typeof(Dual), rule.Name, arity);
        var failures = new List<string>();
        foreach (double[] point in Grid(rule.Name, arity))
        {
            if (!TryInvoke(primal, point.Cast<object>().ToArray(), out object? value))
            {
                continue; // outside the function's own domain (Math.Clamp with min > max throws)
            }

            double y = Convert.ToDouble(value);
            double[] expected = Enumerable.Range(0, arity).Select(i => Partial(rule, i, point, y)).ToArray();
            Check("VarMath", TapeValueAndGradient(tape, point), y, expected, point, failures);
            for (int i = 0; i < arity; i++)
            {
                (double dualValue, double tangent) = DualValueAndTangent(dual, point, i);
                Check("DualMath ∂" + i, (dualValue, Only(i, tangent, arity)), y, Only(i, expected[i], arity), point, failures);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void Tape_and_dual_operators_compute_the_table_at_every_point(string name)
    {
        DerivativeRule rule = RuleTable.Operators.Single(r => r.Name == name);
        var failures = new List<string>();
        foreach (double[] point in Grid(name, rule.Arity))
        {
            double y = Operator(name, point[0], rule.Arity > 1 ? point[1] : 0);
            double[] expected = Enumerable.Range(0, rule.Arity).Select(i => Partial(rule, i, point, y)).ToArray();

            Tape tape = Tape.Current;
            tape.Reset();
            Var[] inputs = point.Select(tape.Variable).ToArray();
            Var result = Operator(name, inputs[0], rule.Arity > 1 ? inputs[1] : default);
            tape.Backward(result);
            Check("Var " + name, (result.Value, inputs.Select(v => v.Gradient).ToArray()), y, expected, point, failures);

            for (int i = 0; i < rule.Arity; i++)
            {
                Dual[] duals = point.Select((p, k) => new Dual(p, k == i ? 1 : 0)).ToArray();
                Dual d = Operator(name, duals[0], rule.Arity > 1 ? duals[1] : default);
                Check("Dual ∂" + i + " " + name, (d.Value, Only(i, d.Tangent, rule.Arity)), y, Only(i, expected[i], rule.Arity), point, failures);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    /// <summary>The tensor engine's elementwise operations, by the rule they compute.</summary>
    private static readonly Dictionary<string, Func<Tensor<double>[], Tensor<double>>> TensorOps = new()
    {
        ["Sin/1"] = x => x[0].Sin(),
        ["Cos/1"] = x => x[0].Cos(),
        ["Tan/1"] = x => x[0].Tan(),
        ["Tanh/1"] = x => x[0].Tanh(),
        ["Exp/1"] = x => x[0].Exp(),
        ["ExpM1/1"] = x => x[0].Expm1(),
        ["Log/1"] = x => x[0].Log(),
        ["LogP1/1"] = x => x[0].Log1p(),
        ["Sqrt/1"] = x => x[0].Sqrt(),
        ["Pow/2"] = x => Tensor<double>.Pow(x[0], x[1]),
        ["Abs/1"] = x => x[0].Abs(),
        ["Min/2"] = x => Tensor<double>.Minimum(x[0], x[1]),
        ["Max/2"] = x => Tensor<double>.Maximum(x[0], x[1]),
        ["Sign/-1"] = x => x[0].Sign(),
        ["Floor/-1"] = x => x[0].Floor(),
        ["Ceiling/-1"] = x => x[0].Ceiling(),
        ["Round/-1"] = x => x[0].Round(),
        ["Truncate/-1"] = x => x[0].Truncate(),
    };

    public static TheoryData<string> TensorFunctions() => new(TensorOps.Keys);

    [Theory]
    [MemberData(nameof(TensorFunctions))]
    public void Tensor_operations_compute_the_table_at_every_point(string key)
    {
        DerivativeRule rule = RuleTable.Functions.Single(r => Key(r) == key);
        int arity = rule.Arity < 0 ? 1 : rule.Arity;
        MethodInfo primal = Primal(rule.Name, arity);
        var failures = new List<string>();
        foreach (double[] point in Grid(rule.Name, arity))
        {
            if (!TryInvoke(primal, point.Cast<object>().ToArray(), out object? value))
            {
                continue;
            }

            // .NET's LogP1 and ExpM1 are log(1 + x) and exp(x) - 1, which lose x near 0; the tensors' kernels do not.
            double y = Math.Abs(point[0]) < 1e-5 && rule.Name is "LogP1" or "ExpM1"
                ? Series(rule.Name, point[0])
                : Convert.ToDouble(value);
            double[] expected = Enumerable.Range(0, arity).Select(i => Partial(rule, i, point, y)).ToArray();
            Tensor<double>[] inputs = point.Select(p => Tensor<double>.FromArray([p], 1).RequireGrad()).ToArray();
            Tensor<double> output = TensorOps[key](inputs);
            output.Sum().Backward();
            double[] gradients = inputs.Select(t => t.Grad?.Item() ?? 0).ToArray();
            Check("Tensor " + rule.Name, (output.Item(), gradients), y, expected, point, failures, ulps: 8);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    /// <summary>log(1 + x) and exp(x) − 1 near 0 from their series, accurate where .NET's are not.</summary>
    private static double Series(string name, double x) => name == "LogP1" ? x - (x * x / 2) + (x * x * x / 3) : x + (x * x / 2) + (x * x * x / 6);

    [Fact]
    public void Generated_code_computes_the_table_at_every_point()
    {
        // One [Differentiable] method per function of the table, compiled through the generator: its reverse
        // and forward modes at the grid points must give the table's partials (seed 1: no strong zeros apply).
        var rules = RuleTable.Functions.Where(r => r.Arity > 0).ToList();
        string source = GeneratorHarness.Usings + "public static partial class Pinned\n{\n"
            + string.Join("\n", rules.Select((r, k) =>
            {
                string parameters = string.Join(", ", Enumerable.Range(0, r.Arity).Select(i => "double a" + i));
                string arguments = string.Join(", ", Enumerable.Range(0, r.Arity).Select(i => "a" + i));
                return $"    [Differentiable] public static double F{k}({parameters}) => {Receiver(r.Name)}.{r.Name}({arguments});";
            }))
            + "\n}\n";
        Type pinned = GeneratorHarness.Load(GeneratorHarness.Run(source)).GetType("Pinned")!;
        var failures = new List<string>();
        for (int k = 0; k < rules.Count; k++)
        {
            DerivativeRule rule = rules[k];
            MethodInfo gradient = pinned.GetMethod("F" + k + "Gradient")!;
            MethodInfo derivative = pinned.GetMethod("F" + k + "Derivative")!;
            MethodInfo primal = Primal(rule.Name, rule.Arity);
            foreach (double[] point in Grid(rule.Name, rule.Arity))
            {
                if (!TryInvoke(primal, point.Cast<object>().ToArray(), out object? value))
                {
                    continue;
                }

                double y = Convert.ToDouble(value);
                double[] expected = Enumerable.Range(0, rule.Arity).Select(i => Partial(rule, i, point, y)).ToArray();
                object[] arguments = point.Cast<object>().Concat(new object[rule.Arity]).ToArray();
                double reverseValue = (double)gradient.Invoke(null, arguments)!;
                Check("FGradient " + rule.Name, (reverseValue, arguments.Skip(rule.Arity).Cast<double>().ToArray()), y, expected, point, failures);
                // Forward mode sums ∂ᵢ·dxᵢ in IEEE arithmetic, so where the value itself is infinite or NaN a zero
                // tangent times a NaN partial may give NaN (the rule table's remarks); check it where the value is finite.
                for (int i = 0; i < rule.Arity && double.IsFinite(y); i++)
                {
                    object[] forward = point.Cast<object>().Concat(Enumerable.Range(0, rule.Arity).Select(j => (object)(j == i ? 1.0 : 0.0))).Append(null!).ToArray();
                    double forwardValue = (double)derivative.Invoke(null, forward)!;
                    Check("FDerivative ∂" + i + " " + rule.Name, (forwardValue, Only(i, (double)forward[^1], rule.Arity)), y, Only(i, expected[i], rule.Arity), point, failures);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void Evaluator_reads_the_trees_as_written()
    {
        // The reference below is only as good as its evaluator: check it on rules with known closed forms.
        DerivativeRule sin = RuleTable.Find("Sin", 1)!;
        Assert.Equal(Math.Cos(0.3), Partial(sin, 0, [0.3], Math.Sin(0.3)));
        DerivativeRule max = RuleTable.Find("Max", 2)!;
        Assert.Equal(1.0, Partial(max, 0, [2, 1], 2));
        Assert.Equal(0.0, Partial(max, 1, [2, 1], 2));
        Assert.Equal(0.5, Partial(max, 1, [1, 1], 1));
        DerivativeRule pow = RuleTable.Find("Pow", 2)!;
        Assert.Equal(0.0, Partial(pow, 1, [0, 2], 0));
        Assert.Equal(3 * 4.0, Partial(pow, 0, [2, 3], 8));
    }

    /// <summary>The table's partial, evaluated from its tree with doubles: an interpreter independent of every engine.</summary>
    private static double Partial(DerivativeRule rule, int argument, double[] arguments, double result) =>
        rule.Partial(argument) is { } tree ? Evaluate(tree, arguments, result) : 0;

    private static double Evaluate(Expr tree, double[] x, double y) => tree switch
    {
        ArgumentRef a => x[a.Index],
        ResultRef => y,
        LiteralExpr literal => literal.Value.Value,
        UnaryExpr { Operator: UnaryOperator.Negate } negate => -Evaluate(negate.Operand, x, y),
        BinaryExpr binary => binary.Operator switch
        {
            BinaryOperator.Add => Evaluate(binary.Left, x, y) + Evaluate(binary.Right, x, y),
            BinaryOperator.Subtract => Evaluate(binary.Left, x, y) - Evaluate(binary.Right, x, y),
            BinaryOperator.Multiply => Evaluate(binary.Left, x, y) * Evaluate(binary.Right, x, y),
            BinaryOperator.Divide => Evaluate(binary.Left, x, y) / Evaluate(binary.Right, x, y),
            _ => Test(binary, x, y) ? 1 : 0,
        },
        ConditionalExpr choice => Test(choice.Condition, x, y) ? Evaluate(choice.WhenTrue, x, y) : Evaluate(choice.WhenFalse, x, y),
        MathCallExpr call => (double)typeof(Math).GetMethod(call.Function, call.Arguments.Select(_ => typeof(double)).ToArray())!
            .Invoke(null, call.Arguments.Select(a => (object)Evaluate(a, x, y)).ToArray())!,
        _ => throw new InvalidOperationException("No evaluation for " + tree.GetType().Name),
    };

    private static bool Test(Expr condition, double[] x, double y) => condition switch
    {
        BinaryExpr { Operator: BinaryOperator.ConditionalAnd } both => Test(both.Left, x, y) && Test(both.Right, x, y),
        BinaryExpr { Operator: BinaryOperator.ConditionalOr } either => Test(either.Left, x, y) || Test(either.Right, x, y),
        BinaryExpr compare => compare.Operator switch
        {
            BinaryOperator.Equal => Evaluate(compare.Left, x, y) == Evaluate(compare.Right, x, y),
            BinaryOperator.Less => Evaluate(compare.Left, x, y) < Evaluate(compare.Right, x, y),
            BinaryOperator.LessOrEqual => Evaluate(compare.Left, x, y) <= Evaluate(compare.Right, x, y),
            BinaryOperator.Greater => Evaluate(compare.Left, x, y) > Evaluate(compare.Right, x, y),
            BinaryOperator.GreaterOrEqual => Evaluate(compare.Left, x, y) >= Evaluate(compare.Right, x, y),
            _ => throw new InvalidOperationException("No test for " + compare.Operator),
        },
        _ => throw new InvalidOperationException("No test for " + condition.GetType().Name),
    };

    /// <summary>Equal as the engines must be: the same value (NaN where NaN), and partials within a few ulps.</summary>
    private static void Check(string engine, (double Value, double[] Partials) actual, double value, double[] partials, double[] point, List<string> failures, int ulps = 4)
    {
        string at = "(" + string.Join(", ", point.Select(p => p.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + ")";
        if (!Same(actual.Value, value, ulps: ulps == 4 ? 0 : ulps))
        {
            failures.Add($"{engine} at {at}: value {actual.Value} instead of {value}");
        }

        for (int i = 0; i < partials.Length; i++)
        {
            if (!Same(actual.Partials[i], partials[i], ulps))
            {
                failures.Add($"{engine} at {at}: ∂{i} = {actual.Partials[i]} instead of the table's {partials[i]}");
            }
        }
    }

    private static bool Same(double actual, double expected, int ulps)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual);
        }

        if (actual == expected)
        {
            return true; // also 0 == -0 and ∞ == ∞
        }

        if (double.IsInfinity(actual) || double.IsInfinity(expected))
        {
            return false;
        }

        long distance = Math.Abs(BitConverter.DoubleToInt64Bits(actual) - BitConverter.DoubleToInt64Bits(expected));
        return Math.Sign(actual) == Math.Sign(expected) && distance <= ulps;
    }

    private static double[] Only(int index, double value, int arity) => Enumerable.Range(0, arity).Select(i => i == index ? value : 0).ToArray();

    private static (double Value, double[] Gradient) TapeValueAndGradient(MethodInfo method, double[] point)
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var[] inputs = point.Select(tape.Variable).ToArray();
        object result = method.Invoke(null, inputs.Cast<object>().ToArray())!;
        if (result is int sign)
        {
            return (sign, new double[point.Length]); // Sign returns an int: no derivative to record
        }

        var output = (Var)result;
        tape.Backward(output);
        return (output.Value, inputs.Select(v => v.Gradient).ToArray());
    }

    private static (double Value, double Tangent) DualValueAndTangent(MethodInfo method, double[] point, int seeded)
    {
        object result = method.Invoke(null, point.Select((p, k) => (object)new Dual(p, k == seeded ? 1 : 0)).ToArray())!;
        return result is int sign ? (sign, 0) : (((Dual)result).Value, ((Dual)result).Tangent);
    }

    /// <summary>Points for a function: every value of the unary grid, or every pair (ties included), or triples for Clamp.</summary>
    private static IEnumerable<double[]> Grid(string name, int arity) => arity switch
    {
        1 => Unary.Select(x => new[] { x }),
        2 => Pair.SelectMany(a => Pair.Select(b => new[] { a, b })),
        _ => Pair.SelectMany(a => Pair.SelectMany(b => Pair.Select(c => new[] { a, b, c }))),
    };

    private static MethodInfo Primal(string name, int arity) =>
        typeof(Math).GetMethod(name, Enumerable.Repeat(typeof(double), arity).ToArray())
        ?? typeof(double).GetMethod(name, Enumerable.Repeat(typeof(double), arity).ToArray())
        ?? throw new InvalidOperationException($"No System.Math or double function {name}/{arity}");

    private static string Receiver(string name) => typeof(Math).GetMethod(name, [typeof(double)]) is not null
        || typeof(Math).GetMethod(name, [typeof(double), typeof(double)]) is not null
        || typeof(Math).GetMethod(name, [typeof(double), typeof(double), typeof(double)]) is not null ? "Math" : "double";

    private static MethodInfo Engine(Type math, Type scalar, string name, int arity) =>
        math.GetMethod(name, Enumerable.Repeat(scalar, arity).ToArray())
        ?? throw new InvalidOperationException($"{math.Name} has no {name}/{arity}: every function of the rule table must have one");

    private static bool TryInvoke(MethodInfo method, object[] arguments, out object? value)
    {
        try
        {
            value = method.Invoke(null, arguments);
            return true;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is ArgumentException or ArithmeticException)
        {
            value = null;
            return false;
        }
    }

    private static string Key(DerivativeRule rule) => rule.ToString();

    private static double Operator(string name, double a, double b) => name switch
    {
        "Add" => a + b,
        "Subtract" => a - b,
        "Multiply" => a * b,
        "Divide" => a / b,
        "Remainder" => a % b,
        _ => -a,
    };

    private static Var Operator(string name, Var a, Var b) => name switch
    {
        "Add" => a + b,
        "Subtract" => a - b,
        "Multiply" => a * b,
        "Divide" => a / b,
        "Remainder" => a % b,
        _ => -a,
    };

    private static Dual Operator(string name, Dual a, Dual b) => name switch
    {
        "Add" => a + b,
        "Subtract" => a - b,
        "Multiply" => a * b,
        "Divide" => a / b,
        "Remainder" => a % b,
        _ => -a,
    };
}
