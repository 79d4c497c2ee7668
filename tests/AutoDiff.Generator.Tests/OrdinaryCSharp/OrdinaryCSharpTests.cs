namespace AutoDiff.Generator.Tests.OrdinaryCSharp;

/// <summary>
/// Ordinary C# in [Differentiable] methods (issue 14): tuples, structs, instance methods, and the parameters users
/// pass. One scenario per form: the generated file against its snapshot, then every generated method (gradient,
/// derivative, Jacobian, Jvp, Vjp, Hessian) against central differences and the other mode.
/// </summary>
public class OrdinaryCSharpTests
{
    private const string Vec3 = """
        public readonly struct Vec3
        {
            public readonly double X, Y, Z;

            public Vec3(double x, double y, double z)
            {
                X = x;
                Y = y;
                Z = z;
            }

            public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

            public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

            public static Vec3 operator *(double s, Vec3 v) => new(s * v.X, s * v.Y, s * v.Z);

            public double Dot(Vec3 other) => X * other.X + Y * other.Y + Z * other.Z;

            public double LengthSquared => Dot(this);

            public double Length => Math.Sqrt(LengthSquared);

            public Vec3 Cross(Vec3 o) => new(Y * o.Z - Z * o.Y, Z * o.X - X * o.Z, X * o.Y - Y * o.X);
        }

        """;

    // ----- Tuples

    [Fact]
    public void Tuple_deconstruction_and_a_swap() => Scenarios.Declared(nameof(Tuple_deconstruction_and_a_swap), """
        public static partial class C
        {
            [Differentiable]
            public static double F(double t, double w)
            {
                var (s, c) = Math.SinCos(t);
                (double a, double b) = (s * w, c);
                if (a > b)
                {
                    (a, b) = (b, a);
                }

                return a * 2 + b * b;
            }
        }
        """);

    [Fact]
    public void Named_tuple_local_updated_in_a_loop() => Scenarios.Declared(nameof(Named_tuple_local_updated_in_a_loop), """
        public static partial class C
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x, double scale)
            {
                var stats = (Max: x[0], Sum: 0.0);
                for (int i = 0; i < x.Length; i++)
                {
                    stats.Max = Math.Max(stats.Max, x[i]);
                    stats.Sum += Math.Exp(scale * x[i]);
                }

                return stats.Max + Math.Log(stats.Sum);
            }
        }
        """);

    [Fact]
    public void Tuple_returning_method_gets_a_jacobian() => Scenarios.Declared(nameof(Tuple_returning_method_gets_a_jacobian), """
        public static partial class C
        {
            [Differentiable]
            public static (double X, double Y) F(double r, double theta)
            {
                var (s, c) = Math.SinCos(theta);
                return (r * c, r * s);
            }
        }
        """, min: 0.5);

    [Fact]
    public void Calls_to_a_tuple_returning_method_in_a_runge_kutta_loop() => Scenarios.Declared(nameof(Calls_to_a_tuple_returning_method_in_a_runge_kutta_loop), """
        public static partial class C
        {
            [Differentiable]
            public static (double Theta, double Omega) Rates(double theta, double omega, double g) => (omega, -g * Math.Sin(theta));

            [Differentiable]
            public static double F(double theta0, double omega0, double g)
            {
                const double dt = 0.1;
                var (theta, omega) = (theta0, omega0);
                for (int step = 0; step < 5; step++)
                {
                    var (k1t, k1w) = Rates(theta, omega, g);
                    var (k2t, k2w) = Rates(theta + 0.5 * dt * k1t, omega + 0.5 * dt * k1w, g);
                    (theta, omega) = (theta + dt * k2t, omega + dt * k2w);
                }

                return 0.5 * omega * omega + g * (1 - Math.Cos(theta));
            }
        }
        """);

    // ----- Structs

    [Fact]
    public void User_struct_with_operators_methods_and_properties() => Scenarios.Declared(nameof(User_struct_with_operators_methods_and_properties), Vec3 + """
        public static partial class C
        {
            [Differentiable]
            public static double F(Vec3 position, Vec3 velocity, double mu)
            {
                Vec3 later = position + 0.5 * velocity;
                double r = later.Length;
                return 0.5 * velocity.LengthSquared - mu / r + later.Cross(velocity).Z;
            }
        }
        """, min: 0.5);

    [Fact]
    public void Struct_with_a_primary_constructor() => Scenarios.Declared(nameof(Struct_with_a_primary_constructor), """
        public readonly struct Vec3(double x, double y, double z)
        {
            public double X { get; } = x;
            public double Y { get; } = y;
            public double Z { get; } = z;
            public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
            public double Dot(Vec3 o) => X * o.X + Y * o.Y + Z * o.Z;
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(ReadOnlySpan<Vec3> positions, double softening)
            {
                double energy = 0;
                for (int i = 0; i < positions.Length; i++)
                    for (int j = i + 1; j < positions.Length; j++)
                    {
                        Vec3 d = positions[i] - positions[j];
                        energy -= 1 / Math.Sqrt(d.Dot(d) + softening * softening);
                    }

                return energy;
            }
        }
        """, vectorLength: 3);

    [Fact]
    public void Record_struct_with_with_and_deconstruction() => Scenarios.Declared(nameof(Record_struct_with_with_and_deconstruction), """
        public readonly record struct Vec2(double X, double Y)
        {
            public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);

            public double Length => Math.Sqrt(X * X + Y * Y);
        }

        public record struct Particle(Vec2 Position, Vec2 Velocity, double Mass)
        {
            public readonly double KineticEnergy => 0.5 * Mass * (Velocity.X * Velocity.X + Velocity.Y * Velocity.Y);
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(Particle p, Vec2 anchor, double stiffness)
            {
                Particle moved = p with { Position = new Vec2(p.Position.X + 0.1 * p.Velocity.X, p.Position.Y) };
                var (x, y) = moved.Position - anchor;
                double stretch = Math.Sqrt(x * x + y * y) - 1;
                return moved.KineticEnergy + 0.5 * stiffness * stretch * stretch;
            }
        }
        """, min: 0.5);

    [Fact]
    public void Span_of_structs_gets_a_span_gradient() => Scenarios.Declared(nameof(Span_of_structs_gets_a_span_gradient), Vec3 + """
        public static partial class C
        {
            [Differentiable]
            public static double F(ReadOnlySpan<Vec3> positions, [NoDerivative] ReadOnlySpan<double> masses, double softening)
            {
                double energy = 0;
                for (int i = 0; i < positions.Length; i++)
                {
                    for (int j = i + 1; j < positions.Length; j++)
                    {
                        Vec3 d = positions[i] - positions[j];
                        energy -= masses[i] * masses[j] / Math.Sqrt(d.LengthSquared + softening * softening);
                    }
                }

                return energy;
            }
        }
        """, vectorLength: 4);

    [Fact]
    public void Local_array_of_structs_written_in_a_loop() => Scenarios.Declared(nameof(Local_array_of_structs_written_in_a_loop), """
        public record struct Point(double X, double Y);

        public static partial class C
        {
            [Differentiable]
            public static double F(Point[] nodes, double stiffness)
            {
                var edges = new Point[nodes.Length - 1];
                for (int i = 0; i < edges.Length; i++)
                {
                    edges[i] = new Point(nodes[i + 1].X - nodes[i].X, nodes[i + 1].Y - nodes[i].Y);
                }

                double energy = 0;
                foreach (Point e in edges)
                {
                    energy += stiffness * (e.X * e.X + e.Y * e.Y);
                }

                return energy;
            }
        }
        """);

    [Fact]
    public void System_numerics_vectors_and_quaternions() => Scenarios.Declared(nameof(System_numerics_vectors_and_quaternions), """
        public static partial class C
        {
            [Differentiable]
            public static float F(float angle, Vector3 axis, Vector3 target)
            {
                Quaternion q = Quaternion.CreateFromAxisAngle(Vector3.Normalize(axis), angle);
                Vector3 rotated = Vector3.Transform(Vector3.UnitX, q);
                return Vector3.DistanceSquared(rotated, target) + 0.1f * Vector3.Dot(rotated, Vector3.Cross(axis, target));
            }
        }
        """, min: 0.5, finiteDifferenceTolerance: 2e-2, modeTolerance: 1e-5);

    [Fact]
    public void Complex_numbers() => Scenarios.Declared(nameof(Complex_numbers), """
        public static partial class C
        {
            [Differentiable]
            public static double F(double damping, double frequency, Complex z0)
            {
                Complex s = new Complex(-damping, frequency);
                Complex z = z0 * Complex.Exp(s * 0.5) + Complex.Conjugate(z0) / (1 + s * s);
                return z.Real + 0.5 * Complex.Abs(z) + z.Phase * 0.1;
            }
        }
        """, min: 0.5);

    [Fact]
    public void Struct_returning_method_gets_a_jacobian() => Scenarios.Declared(nameof(Struct_returning_method_gets_a_jacobian), Vec3 + """
        public static partial class C
        {
            [Differentiable]
            public static Vec3 F(in Vec3 position, double mu)
            {
                double r = position.Length;
                return -mu / (r * r * r) * position;
            }
        }
        """, min: 0.5);

    // ----- Instance methods

    [Fact]
    public void Instance_method_of_a_class_reads_its_fields_as_data() => Scenarios.Declared(nameof(Instance_method_of_a_class_reads_its_fields_as_data), """
        public sealed partial class LinearModel
        {
            private readonly double[] _features = { 0.5, -1.0, 2.0, 0.25 };
            private readonly double[] _targets = { 1.0, 0.0, 1.5, -0.5 };

            public double Regularization { get; } = 0.01;

            public static LinearModel Sample { get; } = new();

            [Differentiable]
            public double F(double slope, double intercept)
            {
                double loss = 0;
                for (int i = 0; i < _features.Length; i++)
                {
                    double residual = slope * _features[i] + intercept - _targets[i];
                    loss += residual * residual;
                }

                return loss / _features.Length + Regularization * Predict(slope);
            }

            [Differentiable]
            public double Predict(double slope) => slope * slope;
        }
        """, typeName: "LinearModel");

    [Fact]
    public void Instance_method_of_a_struct() => Scenarios.Declared(nameof(Instance_method_of_a_struct), """
        public partial struct Spring
        {
            public double Stiffness;
            public double Rest;

            public static Spring Sample => new() { Stiffness = 3, Rest = 0.5 };

            [Differentiable]
            public readonly double F(double x, double y) => 0.5 * Stiffness * Math.Pow(Math.Sqrt(x * x + y * y) - Rest, 2);
        }
        """, typeName: "Spring", min: 0.5);

    // ----- Parameters users pass

    [Fact]
    public void In_ref_readonly_and_params_parameters() => Scenarios.Declared(nameof(In_ref_readonly_and_params_parameters), """
        public static partial class C
        {
            [Differentiable]
            public static double F(in double rate, ref readonly double spread, params double[] cashflows)
            {
                double value = 0;
                double discount = 1;
                for (int i = 0; i < cashflows.Length; i++)
                {
                    discount /= 1 + rate + spread;
                    value += cashflows[i] * discount;
                }

                return value;
            }
        }
        """, min: 0.1, max: 1);

    [Fact]
    public void Params_span_parameter() => Scenarios.Declared(nameof(Params_span_parameter), """
        public static partial class C
        {
            [Differentiable]
            public static double F(double mean, double logSigma, params ReadOnlySpan<double> samples)
            {
                double sigma = Math.Exp(logSigma);
                double total = 0;
                foreach (double x in samples)
                {
                    double z = (x - mean) / sigma;
                    total += 0.5 * z * z + logSigma;
                }

                return total;
            }
        }
        """);

    [Fact]
    public void Data_parameters_of_other_types() => Scenarios.Declared(nameof(Data_parameters_of_other_types), """
        public enum Penalty
        {
            None,
            Lasso,
            Ridge,
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> w, int[] groups, Penalty penalty, string name, Func<int, double> weightOf, bool squared)
            {
                double loss = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    double term = weightOf(groups[i]) * w[i];
                    loss += squared ? term * term : Math.Abs(term);
                }

                if (penalty == Penalty.Ridge && name.Length > 0)
                {
                    loss += 0.1 * w[0] * w[0];
                }
                else if (penalty != Penalty.None && name == "l1")
                {
                    loss += 0.1 * Math.Abs(w[0]);
                }

                return loss;
            }
        }
        """);

    [Fact]
    public void Matrix_parameter_gets_a_matrix_gradient() => Scenarios.Declared(nameof(Matrix_parameter_gets_a_matrix_gradient), """
        public static partial class C
        {
            [Differentiable]
            public static double F(double[,] weights, [NoDerivative] double[,] inputs, ReadOnlySpan<double> bias)
            {
                double loss = 0;
                for (int n = 0; n < inputs.GetLength(0); n++)
                {
                    for (int i = 0; i < weights.GetLength(0); i++)
                    {
                        double z = bias[i];
                        for (int j = 0; j < weights.GetLength(1); j++)
                        {
                            z += weights[i, j] * inputs[n, j];
                        }

                        loss += Math.Tanh(z) * Math.Tanh(z);
                    }
                }

                return loss / weights.Length;
            }
        }
        """, vectorLength: 3);

    [Fact]
    public void Local_two_dimensional_array_in_a_dynamic_program() => Scenarios.Declared(nameof(Local_two_dimensional_array_in_a_dynamic_program), """
        public static partial class C
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, double gamma)
            {
                int n = x.Length, m = y.Length;
                double[,] r = new double[n + 1, m + 1];
                for (int i = 0; i <= n; i++)
                {
                    for (int j = 0; j <= m; j++)
                    {
                        r[i, j] = 1e3;
                    }
                }

                r[0, 0] = 0;
                for (int i = 1; i <= n; i++)
                {
                    for (int j = 1; j <= m; j++)
                    {
                        double cost = (x[i - 1] - y[j - 1]) * (x[i - 1] - y[j - 1]);
                        double a = -r[i - 1, j] / gamma, b = -r[i, j - 1] / gamma, c = -r[i - 1, j - 1] / gamma;
                        double top = Math.Max(a, Math.Max(b, c));
                        r[i, j] = cost - gamma * (top + Math.Log(Math.Exp(a - top) + Math.Exp(b - top) + Math.Exp(c - top)));
                    }
                }

                return r[n, m] + r.Rank * 0.0 + r.GetLength(1) * 0.01;
            }
        }
        """, min: 0.5, vectorLength: 3);

    [Fact]
    public void Local_jagged_array_with_rows_of_one_length() => Scenarios.Declared(nameof(Local_jagged_array_with_rows_of_one_length), """
        public static partial class C
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x, double decay)
            {
                int steps = 3;
                double[][] history = new double[steps][];
                for (int t = 0; t < steps; t++)
                {
                    history[t] = new double[x.Length];
                }

                for (int i = 0; i < x.Length; i++)
                {
                    history[0][i] = x[i];
                }

                for (int t = 1; t < history.Length; t++)
                {
                    for (int i = 0; i < history[t].Length; i++)
                    {
                        history[t][i] = Math.Tanh(decay * history[t - 1][i] + 0.5 * history[t - 1][(i + 1) % x.Length]);
                    }
                }

                double total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    total += history[steps - 1][i] * history[steps - 1][i];
                }

                return total;
            }
        }
        """, vectorLength: 4);

    [Fact]
    public void Jagged_parameter_gets_a_jagged_gradient() => Scenarios.Declared(nameof(Jagged_parameter_gets_a_jagged_gradient), """
        public static partial class C
        {
            [Differentiable]
            public static double F(double[][] queries, [NoDerivative] double[][] keys)
            {
                double total = 0;
                for (int i = 0; i < queries.Length; i++)
                {
                    double sum = 0;
                    for (int k = 0; k < keys.Length; k++)
                    {
                        double score = 0;
                        for (int j = 0; j < queries[i].Length; j++)
                        {
                            score += queries[i][j] * keys[k][j];
                        }

                        sum += Math.Exp(score);
                    }

                    total += Math.Log(sum);
                }

                return total;
            }
        }
        """, vectorLength: 3);

    // ----- The tape, where it applies

    [Fact]
    public void Tuples_data_and_in_parameters_on_the_tape() => Scenarios.Declared(nameof(Tuples_data_and_in_parameters_on_the_tape), """
        public enum Mode
        {
            Sum,
            Product,
        }

        public static partial class C
        {
            [Differentiable(Strategy = DifferentiationStrategy.Tape)]
            public static double F(in double x, double y, Mode mode)
            {
                var (s, c) = Math.SinCos(x);
                (double a, double b) = (s * y, c);
                (a, b) = (b, a);
                switch (mode)
                {
                    case Mode.Sum:
                        return a + b * y;
                    default:
                        return a * b + y;
                }
            }
        }
        """);

    // ----- Generic math

    [Fact]
    public void Generic_method_over_the_number_type() => Scenarios.Declared(nameof(Generic_method_over_the_number_type), """
        public static partial class C
        {
            [Differentiable]
            public static T F<T>(T x, T y)
                where T : IFloatingPointIeee754<T>
            {
                T softPlus = x > T.CreateChecked(20) ? x : T.Log(T.One + T.Exp(x));
                T half = T.CreateChecked(0.5);
                return softPlus * y + half * T.Sin(x * y) - T.Pi * T.Sqrt(T.One + y * y);
            }
        }
        """);

    [Fact]
    public void Generic_method_with_a_loop_over_a_span() => Scenarios.Declared(nameof(Generic_method_with_a_loop_over_a_span), """
        public static partial class C
        {
            [Differentiable]
            public static T F<T>(ReadOnlySpan<T> x, T scale)
                where T : IExponentialFunctions<T>, ILogarithmicFunctions<T>, IComparisonOperators<T, T, bool>
            {
                T total = T.Zero;
                T product = T.One;
                for (int i = 0; i < x.Length; i++)
                {
                    product *= T.Exp(scale * x[i]) / (T.One + T.Exp(x[i]));
                    total += T.Log(T.One + product * product);
                }

                return total;
            }
        }
        """);
}
