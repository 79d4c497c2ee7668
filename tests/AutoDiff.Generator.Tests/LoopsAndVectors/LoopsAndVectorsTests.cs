namespace AutoDiff.Generator.Tests.LoopsAndVectors;

/// <summary>
/// Loops, vectors and local arrays: one scenario per statement form, each compared with its snapshot
/// and checked numerically (reverse vs forward mode vs central differences, vectors element by element).
/// </summary>
public class LoopsAndVectorsTests
{
    [Fact]
    public void For_loop_over_a_span() => Scenarios.Scenario(nameof(For_loop_over_a_span), """
        public static double F(ReadOnlySpan<double> w, double x)
        {
            double sum = 0;
            for (int i = 0; i < w.Length; i++)
            {
                sum += w[i] * Math.Sin(x * i);
            }

            return sum;
        }
        """);

    [Fact]
    public void Running_product_saves_overwritten_values() => Scenarios.Scenario(nameof(Running_product_saves_overwritten_values), """
        public static double F(double[] x, double y)
        {
            double p = y;
            foreach (double v in x)
            {
                p *= v + 0.5;
                p = Math.Tanh(p);
            }

            return p;
        }
        """);

    [Fact]
    public void While_loop_with_a_data_dependent_trip_count() => Scenarios.Scenario(nameof(While_loop_with_a_data_dependent_trip_count), """
        public static double F(double x, double y)
        {
            double s = x * x + 1;
            int steps = 0;
            while (s > 0.01 && steps < 50)
            {
                s = s * (0.5 + 0.1 * Math.Sin(y));
                steps++;
            }

            return s + steps * y;
        }
        """);

    [Fact]
    public void Do_while_loop() => Scenarios.Scenario(nameof(Do_while_loop), """
        public static double F(double x, int n)
        {
            double t = x;
            int k = 0;
            do
            {
                t = Math.Cos(t) + x;
                k++;
            }
            while (k < n);

            return t;
        }
        """);

    // The k-means cost: Math.Min passes the adjoint to one centroid per point, so the backward pass of the loop over
    // coordinates runs only where its distance's adjoint is not zero (an if around it), and the differences it reads
    // are recomputed from the points and centroids, not pushed for every point, centroid and coordinate.
    [Fact]
    public void K_means_cost_skips_the_backward_pass_of_centroids_not_chosen()
    {
        Scenarios.Scenario(nameof(K_means_cost_skips_the_backward_pass_of_centroids_not_chosen), """
            public sealed class SampleLengthAttribute(int length) : Attribute
            {
                public int Length => length;
            }

            public static double F([NoDerivative, SampleLength(12)] ReadOnlySpan<double> points, [SampleLength(6)] ReadOnlySpan<double> centroids)
            {
                const int d = 2;
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
        string generated = Snapshot.Read(nameof(K_means_cost_skips_the_backward_pass_of_centroids_not_chosen));
        Assert.Contains("if (distance_1_bar != 0)", generated);
        Assert.Contains("difference = points[i_1 * 2 + e_1] - centroids[j_1 * 2 + e_1]; // recomputed, not saved", generated);
        Assert.DoesNotContain("workspace.Push(difference)", generated);
    }

    [Fact]
    public void Nested_loops_over_a_row_major_matrix() => Scenarios.Scenario(nameof(Nested_loops_over_a_row_major_matrix), """
        public sealed class SampleLengthAttribute(int length) : Attribute
        {
            public int Length => length;
        }

        public static double F([SampleLength(16)] ReadOnlySpan<double> a, ReadOnlySpan<double> x)
        {
            int n = x.Length;
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                double row = 0;
                for (int j = 0; j < n; j++)
                {
                    row += a[i * n + j] * x[j];
                }

                total += row * row;
            }

            return total;
        }
        """, vectorLength: 4);

    [Fact]
    public void Break_continue_and_a_branch_in_a_loop() => Scenarios.Scenario(nameof(Break_continue_and_a_branch_in_a_loop), """
        public static double F(ReadOnlySpan<double> w, double x)
        {
            double acc = 0;
            for (int i = 0; i < w.Length; i++)
            {
                if (i == 1)
                {
                    continue;
                }

                double term = w[i] * x;
                if (term > 3)
                {
                    break;
                }

                acc += term > 0 ? term * term : Math.Exp(term);
            }

            return acc;
        }
        """);

    [Fact]
    public void Early_return_from_a_loop() => Scenarios.Scenario(nameof(Early_return_from_a_loop), """
        public static double F(ReadOnlySpan<double> w, double x)
        {
            double p = 1;
            for (int i = 0; i < w.Length; i++)
            {
                p *= w[i] + x;
                if (p > 2)
                {
                    return p * x;
                }
            }

            return p + w[^1];
        }
        """);

    [Fact]
    public void Local_arrays_written_and_read_in_loops() => Scenarios.Scenario(nameof(Local_arrays_written_and_read_in_loops), """
        public static double F(ReadOnlySpan<double> x, double theta)
        {
            int n = x.Length;
            double[] h = new double[n];
            Span<double> c = stackalloc double[n];
            for (int i = 0; i < n; i++)
            {
                h[i] = Math.Tanh(theta * x[i]);
            }

            for (int i = 1; i < n; i++)
            {
                c[i] = c[i - 1] * 0.5 + h[i] * h[i - 1];
                h[i] = h[i] * c[i];
            }

            double sum = 0;
            foreach (double v in h)
            {
                sum += v;
            }

            return sum + c[n - 1];
        }
        """);

    [Fact]
    public void Calls_inside_loops() => Scenarios.Scenario(nameof(Calls_inside_loops), """
        [Differentiable]
        public static double Cell(double h, double x, double theta) => Math.Tanh(theta * h + x);

        public static double F(ReadOnlySpan<double> x, double theta)
        {
            double h = 0;
            for (int t = 0; t < x.Length; t++)
            {
                h = Cell(h, x[t], theta);
            }

            return h * h;
        }
        """);

    [Fact]
    public void Float_vectors() => Scenarios.Scenario(nameof(Float_vectors), """
        public static float F(ReadOnlySpan<float> x, float s)
        {
            float sum = 0;
            for (int i = 0; i < x.Length; i++)
            {
                sum += MathF.Exp(s * x[i]);
            }

            return MathF.Log(sum);
        }
        """, finiteDifferenceTolerance: 2e-2, modeTolerance: 1e-5);

    [Fact]
    public void No_derivative_data_vector() => Scenarios.Scenario(nameof(No_derivative_data_vector), """
        public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> data, [NoDerivative] double[] labels)
        {
            double loss = 0;
            for (int i = 0; i < data.Length; i++)
            {
                double z = w[0] + w[1] * data[i];
                loss += Math.Log(1 + Math.Exp(-labels[i] * z));
            }

            return loss / data.Length;
        }
        """);

    [Fact]
    public void Custom_partials_for_a_scalar_function() => Scenarios.Scenario(nameof(Custom_partials_for_a_scalar_function), """
        public static double Bump(double a, double b) => Math.Exp(-a * a) * b;

        [DerivativeOf(typeof(C), nameof(Bump))]
        public static (double, double) BumpPartials(double a, double b)
        {
            double e = Math.Exp(-a * a);
            return (-2 * a * e * b, e);
        }

        public static double F(double x, double y) => Bump(x, y) * x + Bump(y, 1.5);
        """);

    [Fact]
    public void Custom_pullback_and_pushforward_for_a_span_function() => Scenarios.Scenario(nameof(Custom_pullback_and_pushforward_for_a_span_function), """
        public static double Energy(ReadOnlySpan<double> q, double k)
        {
            double e = 0;
            for (int i = 0; i < q.Length; i++)
            {
                e += k * q[i] * q[i] * q[i] * q[i];
            }

            return e;
        }

        [DerivativeOf(typeof(C), nameof(Energy))]
        public static void EnergyPullback(ReadOnlySpan<double> q, double k, double resultBar, Span<double> qBar, ref double kBar)
        {
            for (int i = 0; i < q.Length; i++)
            {
                qBar[i] += resultBar * 4 * k * q[i] * q[i] * q[i];
                kBar += resultBar * q[i] * q[i] * q[i] * q[i];
            }
        }

        [DerivativeOf(typeof(C), nameof(Energy))]
        public static double EnergyPushforward(ReadOnlySpan<double> q, double k, ReadOnlySpan<double> qDot, double kDot)
        {
            double dot = 0;
            for (int i = 0; i < q.Length; i++)
            {
                dot += 4 * k * q[i] * q[i] * q[i] * qDot[i] + q[i] * q[i] * q[i] * q[i] * kDot;
            }

            return dot;
        }

        public static double F(ReadOnlySpan<double> x, double k)
        {
            double[] shifted = new double[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                shifted[i] = x[i] - 0.5;
            }

            return Energy(shifted, k) + Energy(x, 2.0) * k;
        }
        """);

    [Fact]
    public void Span_helpers_with_declared_derivatives() => Scenarios.Scenario(nameof(Span_helpers_with_declared_derivatives), """
        public sealed class SampleLengthAttribute(int length) : Attribute
        {
            public int Length => length;
        }

        public static double F([SampleLength(12)] ReadOnlySpan<double> w, [SampleLength(4)] ReadOnlySpan<double> x)
        {
            Span<double> z = stackalloc double[3];
            SpanMath.MatVec(w, x, z);
            Span<double> p = stackalloc double[3];
            SpanMath.Softmax(z, p);
            return SpanMath.LogSumExp(z) + SpanMath.Dot(p, z) + SpanMath.Norm(w) + SpanMath.SumOfSquares(p) + SpanMath.Sum(x) * p[0];
        }
        """);

    [Fact]
    public void Differentiable_callee_taking_a_span() => Scenarios.Scenario(nameof(Differentiable_callee_taking_a_span), """
        [Differentiable]
        public static double Unit(ReadOnlySpan<double> w, double x)
        {
            double s = 0;
            for (int i = 0; i < w.Length; i++)
            {
                s += w[i] * Math.Pow(x, i);
            }

            return Math.Tanh(s);
        }

        public static double F(ReadOnlySpan<double> w, double x)
        {
            double total = 0;
            for (int t = 0; t < 3; t++)
            {
                total += Unit(w, x + t) * Unit(w, x * t);
            }

            return total;
        }
        """, min: 0.2, max: 1);

    [Fact]
    public void While_true_left_only_by_return() => Scenarios.Scenario(nameof(While_true_left_only_by_return), """
        public static double F(double x, double y)
        {
            double s = y * y + 0.1;
            while (true)
            {
                s += Math.Abs(x) + 0.5;
                if (s > 3)
                {
                    return s * x;
                }
            }
        }
        """);

    [Fact]
    public void Inner_loop_updates_a_variable_the_outer_loop_carries() => Scenarios.Scenario(nameof(Inner_loop_updates_a_variable_the_outer_loop_carries), """
        public static double F(double x, double y)
        {
            double s = y;
            for (int i = 0; i < 2; i++)
            {
                s = s * 0.5;
                for (int j = 0; j < 3; j++)
                {
                    s += x * j * s;
                }
            }

            return s;
        }
        """);

    [Fact]
    public void Inactive_calls_constant_increments_and_unread_loop_variables() => Scenarios.Scenario(nameof(Inactive_calls_constant_increments_and_unread_loop_variables), """
        public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> data)
        {
            double scale = SpanMath.Sum(data);
            double acc = 0;
            double unused = 0;
            for (int i = 0; i < w.Length; i++)
            {
                if (SpanMath.Dot(data, data) > i)
                {
                    acc += w[i] * scale;
                    unused = w[i];
                }

                acc += 1;
            }

            return acc;
        }
        """);

    [Fact]
    public void Conditional_return_and_return_from_an_inner_loop() => Scenarios.Scenario(nameof(Conditional_return_and_return_from_an_inner_loop), """
        public static double F(ReadOnlySpan<double> w, double x)
        {
            double s = x;
            for (int i = 0; i < w.Length; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    s = s * 0.9 + w[j] * x;
                    if (s > 4)
                    {
                        return s > 5 ? s * x : Math.Sin(s);
                    }
                }

                if (s < -4)
                {
                    return x < 0 ? -s : s * s;
                }
            }

            return s;
        }
        """);

    [Fact]
    public void Inner_loop_bounded_by_the_outer_counter() => Scenarios.Scenario(nameof(Inner_loop_bounded_by_the_outer_counter), """
        public static double F(ReadOnlySpan<double> w, double x)
        {
            double s = 0;
            for (int i = 0; i < w.Length; i++)
            {
                double t = 0.5 * x;
                for (int j = 0; j < i; j++)
                {
                    t = (0.5 * t) + Math.Atan(w[j]);
                }

                s = (0.9 * s) + t;
            }

            return s;
        }
        """);

    [Fact]
    public void Accumulation_loop_fused_with_its_backward_pass() => Scenarios.Scenario(nameof(Accumulation_loop_fused_with_its_backward_pass), """
        public static double F(ReadOnlySpan<double> mu, ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
        {
            int d = 3;
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
                    mixed[j] = Math.Exp(w[j]) * centered[j];
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
        """, vectorLength: 6);

    [Fact]
    public void Pair_loop_inside_an_accumulation_loop_fused_too() => Scenarios.Scenario(nameof(Pair_loop_inside_an_accumulation_loop_fused_too), """
        public static double F(ReadOnlySpan<double> positions, [NoDerivative] ReadOnlySpan<double> charges)
        {
            double energy = 0;
            int n = positions.Length / 2;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    double dx = positions[2 * i] - positions[2 * j];
                    double dy = positions[(2 * i) + 1] - positions[(2 * j) + 1];
                    double r2 = (dx * dx) + (dy * dy) + 0.5;
                    energy += charges[i] * charges[j] / Math.Sqrt(r2) + (0.1 / (r2 * r2 * r2));
                }
            }

            return energy;
        }
        """, vectorLength: 8);

    [Fact]
    public void Triple_loop_inside_an_accumulation_loop_fused_too() => Scenarios.Scenario(nameof(Triple_loop_inside_an_accumulation_loop_fused_too), """
        public static double F(ReadOnlySpan<double> x)
        {
            double total = 0;
            for (int i = 0; i < x.Length; i++)
                for (int j = i + 1; j < x.Length; j++)
                    for (int k = j + 1; k < x.Length; k++)
                        total += x[i] * x[j] * Math.Tanh(x[k] - x[i]);

            return total;
        }
        """, vectorLength: 5);

    [Fact]
    public void Inner_loop_reading_a_value_of_the_outer_iteration_is_not_fused() => Scenarios.Scenario(nameof(Inner_loop_reading_a_value_of_the_outer_iteration_is_not_fused), """
        public static double F(ReadOnlySpan<double> x)
        {
            double total = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double xi = Math.Sin(x[i]);
                for (int j = 0; j < i; j++)
                {
                    total += xi * Math.Cos(x[j] * xi);
                }

                total += xi * xi;
            }

            return total;
        }
        """, vectorLength: 5);

    [Fact]
    public void Pair_loop_with_a_cutoff_fused_too() => Scenarios.Scenario(nameof(Pair_loop_with_a_cutoff_fused_too), """
        public static double F(ReadOnlySpan<double> x, [NoDerivative] double cutoff)
        {
            double energy = 0;
            for (int i = 0; i < x.Length; i++)
            {
                for (int j = 0; j < x.Length; j++)
                {
                    if (i == j)
                    {
                        continue;
                    }

                    double r = Math.Abs(x[i] - x[j]) + 0.1;
                    if (r > cutoff)
                    {
                        continue;
                    }

                    energy += 0.5 * (Math.Exp(-r) - Math.Exp(-cutoff));
                }
            }

            return energy;
        }
        """, vectorLength: 6);
}
