using System.Reflection;
using AutoDiff.DualNumbers;

namespace AutoDiff.Generator.Tests.Helpers;

/// <summary>
/// Guards (issue 15, item 3) and the constructs the source transformation now lowers instead of leaving to the
/// tape (item 4): throw statements and expressions, ThrowIf helpers, Debug.Assert, switch expressions as choices
/// and local functions inlined. Each scenario: its snapshot, then reverse vs forward mode vs central
/// differences and its Hessian; the guards also throw from every generated method.
/// </summary>
public class GuardAndInliningTests
{
    private static readonly ScenarioBatch Batch = new(typeof(GuardAndInliningTests));

    [Fact]
    public void Throw_statements_and_ThrowIf_helpers() => Batch.Check(nameof(Throw_statements_and_ThrowIf_helpers), nameof(ThrowStatementsAndHelpers), min: 0.1);

    private const string ThrowStatementsAndHelpers = """
        public static double F(double x, double sigma, int steps)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
            ArgumentOutOfRangeException.ThrowIfNegative(steps);
            if (x > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(x), x, $"x = {x:F2} is above the model's range of {100}");
            }

            double s = 0;
            for (int k = 0; k <= steps; k++)
            {
                if (double.IsNaN(s))
                {
                    throw new InvalidOperationException("the sum became NaN at step " + k);
                }

                s += Math.Exp(-x * k / sigma);
            }

            return s;
        }
        """;

    [Fact]
    public void Throw_expressions_in_conditionals() => Batch.Check(nameof(Throw_expressions_in_conditionals), nameof(ThrowExpressions), min: 0.1);

    private const string ThrowExpressions = """
        public static double F(double x, double y)
        {
            double scale = y > 0 ? y : throw new ArgumentOutOfRangeException(nameof(y));
            double root = x >= 0 ? Math.Sqrt(x + 1) : x < -10 ? throw new ArgumentException("too small", nameof(x)) : -x;
            return root * scale;
        }
        """;

    [Fact]
    public void Debug_and_Trace_asserts() => Batch.Check(nameof(Debug_and_Trace_asserts), nameof(DebugAsserts));

    private const string DebugAsserts = """
        public static double F(ReadOnlySpan<double> x, double a)
        {
            Debug.Assert(x.Length > 0, "x must not be empty");
            Debug.Assert(a > -10);
            Trace.Assert(!double.IsNaN(a));
            double s = 0;
            foreach (double v in x)
            {
                Debug.Assert(!double.IsInfinity(v));
                s += v * a;
            }

            return s;
        }
        """;

    [Fact]
    public void Guards_in_a_vector_method() => Batch.Check(nameof(Guards_in_a_vector_method), nameof(GuardsInAVectorMethod), min: 0.1);

    private const string GuardsInAVectorMethod = """
        public static double F(double[] prices, double rate)
        {
            ArgumentNullException.ThrowIfNull(prices);
            ArgumentOutOfRangeException.ThrowIfLessThan(prices.Length, 2);
            if (rate <= -1)
            {
                throw new ArgumentOutOfRangeException(nameof(rate), "a rate of -100% or less discounts nothing");
            }

            double value = 0;
            double discount = 1;
            foreach (double price in prices)
            {
                discount /= 1 + rate;
                value += price * discount;
            }

            return value;
        }
        """;

    [Fact]
    public void Switch_expressions_as_choices() => Batch.Check(nameof(Switch_expressions_as_choices), nameof(SwitchExpressions));

    private const string SwitchExpressions = """
        public static double F(double x, double y, int mode)
        {
            double shaped = x switch
            {
                < -1 => -x * y,
                >= -1 and < 1 => x * x * y,
                _ => Math.Log(x) + y,
            };
            double scaled = mode switch
            {
                0 => shaped,
                1 or 2 => shaped * mode,
                var m when m > 10 => shaped / m,
                _ => -shaped,
            };
            return scaled + (y switch { > 0 => Math.Sqrt(y), double.NaN => 0, _ => y });
        }
        """;

    [Fact]
    public void Switch_expression_arms_that_throw() => Batch.Check(nameof(Switch_expression_arms_that_throw), nameof(SwitchExpressionsThatThrow));

    private const string SwitchExpressionsThatThrow = """
        public static double F(double x, int order) => order switch
        {
            0 => 1,
            1 => x,
            2 => x * x,
            3 => x * x * x,
            _ => throw new ArgumentOutOfRangeException(nameof(order), order, "orders 1 to 3"),
        } + (x > 0 ? 1 : 2) * x;
        """;

    [Fact]
    public void Local_functions_inlined() => Batch.Check(nameof(Local_functions_inlined), nameof(LocalFunctions));

    private const string LocalFunctions = """
        public static double F(ReadOnlySpan<double> x, double a)
        {
            double Softplus(double t) => Math.Log(1 + Math.Exp(t));

            double Clipped(double t)
            {
                if (t > a)
                {
                    return a;
                }

                double u = t * t;
                return u < 0.25 ? u : Softplus(t);
            }

            double total = 0;
            void Add(double v) => total += v;

            double Dot(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
            {
                double d = 0;
                for (int i = 0; i < u.Length; i++)
                {
                    d += u[i] * v[i];
                }

                return d;
            }

            for (int i = 0; i < x.Length; i++)
            {
                Add(Clipped(x[i] - a));
            }

            return total + Dot(x[1..], x[..^1]) + Softplus(a);
        }
        """;

    private const string ThrowStatementsOnTheTape = """
        [Differentiable(Strategy = DifferentiationStrategy.Tape)]
        public static double F(double x, double sigma, int steps)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
            return Math.Exp(-x * steps / sigma);
        }
        """;

    [Theory]
    [InlineData(nameof(ThrowStatementsAndHelpers))]
    [InlineData(nameof(ThrowStatementsOnTheTape))]
    public void Guards_throw_from_every_generated_method(string scenario)
    {
        // F(x, sigma, steps) at sigma = -1: ThrowIfNegativeOrZero names sigma, in F and in every method derived from it.
        Type type = Batch.Type(scenario);
        MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name.StartsWith('F')).ToArray();
        Assert.Contains(methods, m => m.Name == "FDerivative");
        Assert.True(scenario != nameof(ThrowStatementsAndHelpers) || methods.Any(m => m.Name == "FHessian"), "no FHessian");
        foreach (MethodInfo method in methods)
        {
            object?[] arguments = method.GetParameters().Select((p, i) => Argument(p.ParameterType, i switch { 0 => 0.5, 1 => -1.0, _ => 1.0 })).ToArray();
            var exception = Assert.Throws<ArgumentOutOfRangeException>(() => SpanInvoker.Invoke(method, arguments));
            Assert.Equal("sigma", exception.ParamName);
        }

        static object? Argument(Type type, double value) =>
            type.IsByRef ? null
            : type == typeof(double) ? value
            : type == typeof(int) ? 2
            : type == typeof(Dual) ? new Dual(value, 1)
            : type.IsGenericType ? Array.CreateInstance(type.GetGenericArguments()[0], 4)
            : throw new InvalidOperationException("No argument for " + type);
    }
}
