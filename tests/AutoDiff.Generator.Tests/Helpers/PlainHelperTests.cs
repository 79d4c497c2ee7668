namespace AutoDiff.Generator.Tests.Helpers;

/// <summary>
/// Plain helpers: static methods with their source in the project, not marked [Differentiable], called from a
/// [Differentiable] method. They are inlined where they are called, as struct members are, so the small
/// functions people factor out (<c>Sq</c>, <c>Sigmoid</c>, <c>Huber</c>, a convergence test, a model's residual
/// reading its fields) need no attribute.
/// A helper that cannot be inlined (a loop, recursion) gets AD0004 advising to mark it [Differentiable].
/// Each scenario: its snapshot, then reverse vs forward mode vs central differences and its Hessian.
/// </summary>
public class PlainHelperTests
{
    private static readonly ScenarioBatch Batch = new(typeof(PlainHelperTests));

    [Fact]
    public void Expression_and_block_bodied_helpers_inline_where_they_are_called() => Batch.Check(nameof(Expression_and_block_bodied_helpers_inline_where_they_are_called), nameof(Helpers));

    private const string Helpers = """
        private static double Sq(double v) => v * v;

        private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

        // Huber loss: quadratic near 0, linear beyond delta.
        internal static double Huber(double r, double delta)
        {
            double a = Math.Abs(r);
            if (a <= delta)
            {
                return 0.5 * Sq(r);
            }

            return delta * (a - 0.5 * delta);
        }

        public static double F(double[] w, double b)
        {
            double loss = 0;
            for (int i = 0; i < w.Length; i++)
            {
                double prediction = Sigmoid(w[i] * b + 0.1 * i);
                loss += Huber(prediction - 0.5, 0.2) + 1e-3 * Sq(w[i]);
            }

            return loss;
        }
        """;

    [Fact]
    public void Helpers_in_conditions_and_in_another_class() => Batch.Check(nameof(Helpers_in_conditions_and_in_another_class), nameof(Conditions), min: 0.5, max: 3);

    private const string Conditions = """
        private static class Numerics
        {
            public static double Sq(double v) => v * v;

            public static bool Converged(double x, double previous) => Math.Abs(x - previous) < 1e-12 * Math.Max(1.0, Math.Abs(x));
        }

        // Newton's iteration for the square root, stopped by a helper.
        public static double F(double a)
        {
            double x = a;
            double previous;
            int k = 0;
            do
            {
                previous = x;
                x = 0.5 * (x + a / x);
                k++;
            }
            while (!Numerics.Converged(x, previous) && k < 60);

            return Numerics.Sq(x) > 2 ? x * Numerics.Sq(a) : x;
        }
        """;

    [Fact]
    public void Helpers_that_take_and_return_tuples() => Batch.Check(nameof(Helpers_that_take_and_return_tuples), nameof(Tuples));

    private const string Tuples = """
        private static (double X, double Y) Rotate((double X, double Y) p, double angle)
        {
            (double sin, double cos) = Math.SinCos(angle);
            return (cos * p.X - sin * p.Y, sin * p.X + cos * p.Y);
        }

        public static double F(double x, double y, double angle)
        {
            var q = Rotate((x, y), angle);
            var r = Rotate(q, 0.5 * angle);
            return r.X * r.X + 3 * r.Y;
        }
        """;

    [Fact]
    public void Helpers_of_this_object_read_its_fields_as_data() => Scenarios.Declared(nameof(Helpers_of_this_object_read_its_fields_as_data), """
        public partial class ExponentialFit
        {
            private readonly double[] _times = { 0.0, 0.5, 1.0, 1.5, 2.0, 3.0 };
            private readonly double[] _counts = { 10.1, 6.2, 3.6, 2.3, 1.4, 0.5 };

            public static ExponentialFit Sample { get; } = new();

            private double Model(double amplitude, double rate, int i) => amplitude * Math.Exp(-rate * _times[i]);

            private double Residual(double amplitude, double rate, int i) => Model(amplitude, rate, i) - _counts[i];

            [Differentiable]
            public double F(double amplitude, double rate)
            {
                double sum = 0;
                for (int i = 0; i < _times.Length; i++)
                {
                    sum += Math.Pow(Residual(amplitude, rate, i), 2);
                }

                return sum / _times.Length;
            }
        }
        """, typeName: "ExponentialFit");

    [Fact]
    public void A_helper_with_a_loop_gets_advice_to_mark_it()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + """
            public static partial class C
            {
                private static double SumOfSquares(double[] v, double scale)
                {
                    double s = 0;
                    for (int i = 0; i < v.Length; i++)
                    {
                        s += v[i] * v[i] * scale;
                    }

                    return s;
                }

                private static double Factorial(double n) => n <= 1 ? 1 : n * Factorial(n - 1);

                [Differentiable]
                public static double F(double[] v, double a) => SumOfSquares(v, a) + a;

                [Differentiable]
                public static double G(double a) => Factorial(a) * a;
            }
            """);
        string[] messages = result.GeneratorDiagnostics.Where(d => d.Id == "AD0004").Select(d => d.GetMessage()).OrderBy(m => m, StringComparer.Ordinal).ToArray();
        Assert.Equal(2, messages.Length);
        Assert.Contains("'C.Factorial' has no derivative: mark 'Factorial' [Differentiable]", messages[0]);
        Assert.Contains("'C.SumOfSquares' has no derivative: mark 'SumOfSquares' [Differentiable]", messages[1]);
    }
}
