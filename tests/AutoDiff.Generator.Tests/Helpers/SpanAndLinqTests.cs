namespace AutoDiff.Generator.Tests.Helpers;

/// <summary>
/// Span and array helpers and LINQ as users write them (issue 15, items 1 and 2): span locals in any spelling,
/// initialised arrays, CopyTo, Fill, Clear, Array.Copy, slices and ranges, slices passed to callees and to
/// SpanMath, and LINQ reductions lowered to loops. Each scenario: its snapshot, then reverse vs forward mode vs
/// central differences and its Hessian. All are compiled together (<see cref="ScenarioBatch"/>).
/// </summary>
public class SpanAndLinqTests
{
    private static readonly ScenarioBatch Batch = new(typeof(SpanAndLinqTests));

    [Fact]
    public void Span_locals_over_new_arrays() => Batch.Check(nameof(Span_locals_over_new_arrays), nameof(SpanLocalFromANewArray));

    private const string SpanLocalFromANewArray = """
        public static double F(ReadOnlySpan<double> x, double a)
        {
            Span<double> scaled = new double[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                scaled[i] = a * x[i];
            }

            var shifted = new double[x.Length].AsSpan();
            double total = 0;
            for (int i = 0; i < x.Length; i++)
            {
                shifted[i] = scaled[i] - x[0];
                total += Math.Sin(shifted[i]) * scaled[i];
            }

            return total;
        }
        """;

    [Fact]
    public void Initialised_arrays_collection_expressions_and_stackalloc() => Batch.Check(nameof(Initialised_arrays_collection_expressions_and_stackalloc), nameof(InitialisedArrays));

    private const string InitialisedArrays = """
        public static double F(double x, double y, ReadOnlySpan<double> w)
        {
            double[] coefficients = { 1.0, x, y * y };
            Span<double> weights = [x, 2 * y, .. w, 0.5];
            Span<double> small = stackalloc double[] { y, x * y };
            var pair = new[] { Math.Exp(x), Math.Cos(y) };
            double s = 0;
            for (int i = 0; i < weights.Length; i++)
            {
                s += weights[i] * coefficients[i % 3];
            }

            return s + small[0] * small[1] + pair[0] * pair[1];
        }
        """;

    [Fact]
    public void CopyTo_Fill_and_Clear_on_spans_and_slices() => Batch.Check(nameof(CopyTo_Fill_and_Clear_on_spans_and_slices), nameof(CopyFillClear));

    private const string CopyFillClear = """
        public static double F(ReadOnlySpan<double> x, double fill)
        {
            Span<double> work = stackalloc double[x.Length + 2];
            work.Fill(fill);
            x.CopyTo(work.Slice(1));
            double s = 0;
            foreach (double v in work)
            {
                s += v * v;
            }

            work.Slice(0, 2).Clear();
            return s + work[1] + work[^1] * x[0];
        }
        """;

    [Fact]
    public void Array_Copy_Fill_Clear_and_ToArray() => Batch.Check(nameof(Array_Copy_Fill_Clear_and_ToArray), nameof(ArrayCopyFillClear));

    private const string ArrayCopyFillClear = """
        public static double F(double[] x, double a)
        {
            double[] buffer = new double[x.Length];
            Array.Fill(buffer, a);
            Array.Copy(x, 1, buffer, 0, x.Length - 1);
            double first = buffer[0] * buffer[^1];
            Array.Clear(buffer);
            buffer[0] = a * a;
            double[] copy = x.ToArray();
            copy[0] = first;
            return buffer[0] + copy.Sum() + copy[^1] * first;
        }
        """;

    [Fact]
    public void Slices_and_ranges_as_aliases_in_loops() => Batch.Check(nameof(Slices_and_ranges_as_aliases_in_loops), nameof(SlicesAsAliases), vectorLength: 4);

    private const string SlicesAsAliases = """
        public static double F([SampleLength(16)] ReadOnlySpan<double> a, ReadOnlySpan<double> x)
        {
            int n = x.Length;
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<double> row = a.Slice(i * n, n);
                double dot = 0;
                for (int j = 0; j < n; j++)
                {
                    dot += row[j] * x[j];
                }

                total += Math.Tanh(dot) + row[^1];
            }

            var inner = x[1..^1];
            foreach (double v in inner)
            {
                total += v * v;
            }

            return total + x[^1] * inner.Length;
        }
        """;

    [Fact]
    public void Slices_passed_to_a_differentiable_callee_and_to_SpanMath() => Batch.Check(nameof(Slices_passed_to_a_differentiable_callee_and_to_SpanMath), nameof(SlicesPassedToCallees));

    private const string SlicesPassedToCallees = """
        [Differentiable]
        public static double Energy(ReadOnlySpan<double> q) => q[0] * q[0] + Math.Sin(q[1]) * q[^1];

        public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
        {
            double shifted = SpanMath.Dot(x.Slice(1), y[..^1]);
            double head = Energy(x[..3]);
            double tail = Energy(y.Slice(y.Length - 3, 3));
            return shifted + head * tail + SpanMath.SumOfSquares(x[2..]);
        }
        """;

    [Fact]
    public void SpanMath_writing_into_part_of_a_local_array() => Batch.Check(nameof(SpanMath_writing_into_part_of_a_local_array), nameof(SpanMathIntoAPartOfALocalArray), min: 0.5);

    private const string SpanMathIntoAPartOfALocalArray = """
        public static double F(ReadOnlySpan<double> logits, double temperature)
        {
            Span<double> scaled = stackalloc double[logits.Length];
            for (int i = 0; i < logits.Length; i++)
            {
                scaled[i] = logits[i] / temperature;
            }

            Span<double> probabilities = stackalloc double[logits.Length + 1];
            probabilities[0] = temperature;
            SpanMath.Softmax(scaled, probabilities.Slice(1));
            double expected = 0;
            for (int i = 1; i < probabilities.Length; i++)
            {
                expected += i * probabilities[i];
            }

            return expected * probabilities[0];
        }
        """;

    [Fact]
    public void A_static_table_of_data() => Batch.Check(nameof(A_static_table_of_data), nameof(StaticTableOfData));

    private const string StaticTableOfData = """
        private static readonly double[] Weights = { 0.25, -1.5, 2.0, 0.75 };

        public static double F(double x, double y)
        {
            double s = 0;
            for (int i = 0; i < Weights.Length; i++)
            {
                s += Weights[i] * Math.Sin(x * i + y);
            }

            return s;
        }
        """;

    [Fact]
    public void Sum_with_a_selector() => Batch.Check(nameof(Sum_with_a_selector), nameof(SumWithASelector));

    private const string SumWithASelector = """
        public static double F(double[] w, double a) => w.Sum(x => x * x) + w.Sum(x => Math.Exp(a * x)) / w.Length;
        """;

    [Fact]
    public void Select_and_Where_then_Sum() => Batch.Check(nameof(Select_and_Where_then_Sum), nameof(SelectWhereSum));

    private const string SelectWhereSum = """
        public static double F(double[] w, double threshold) =>
            w.Select(x => x * threshold).Where(y => y > 0.1).Sum() + w.Select((x, i) => x * i).Where(x => x < threshold).Sum();
        """;

    [Fact]
    public void Average_Min_and_Max() => Batch.Check(nameof(Average_Min_and_Max), nameof(AverageMinMax));

    private const string AverageMinMax = """
        public static double F(double[] w, double a) => w.Average() * a + w.Max() - w.Min(x => x * a) + w.Max(x => Math.Sin(x + a));
        """;

    [Fact]
    public void Zip_then_Sum_and_Max() => Batch.Check(nameof(Zip_then_Sum_and_Max), nameof(ZipSum));

    private const string ZipSum = """
        public static double F(double[] w, double[] x, double bias) => w.Zip(x, (a, b) => a * b).Sum() + bias * w.Zip(x, (a, b) => a - b).Max();
        """;

    [Fact]
    public void Aggregate_with_a_seed() => Batch.Check(nameof(Aggregate_with_a_seed), nameof(AggregateWithASeed), min: -0.5, max: 0.5);

    private const string AggregateWithASeed = """
        public static double F(double[] w, double a) =>
            w.Aggregate(1.0, (product, x) => product * (1 + a * x)) + w.Aggregate(0.0, (acc, x) => acc * a + x, acc => Math.Log(1 + acc * acc));
        """;

    [Fact]
    public void LINQ_in_loop_conditions() => Batch.Check(nameof(LINQ_in_loop_conditions), nameof(LinqInLoopConditions), min: -1, max: 1);

    // The condition's loops go at the top of the body, before "if (!condition) break;" (found by the fuzzer: the
    // source transformation used to decline, and the tape then rejected the LINQ call).
    private const string LinqInLoopConditions = """
        public static double F(double[] w, double a)
        {
            double s = 0;
            for (int k = 0; k < w.Length && w.Sum(x => x * a) > s - 4; k++)
            {
                if (k == 1)
                {
                    continue;
                }

                s += w[k] * w.Max();
            }

            int j = 0;
            while (Math.Tanh(w.Average() * a) < 2 && j < w.Length)
            {
                s += Math.Sin(w[j] * a);
                j++;
            }

            return s;
        }
        """;

    [Fact]
    public void LINQ_in_do_loop_conditions() => Batch.Check(nameof(LINQ_in_do_loop_conditions), nameof(LinqInDoLoopConditions), min: -1, max: 1);

    // The condition's loops go at the bottom of the body, before "if (!condition) break;": a do loop tests after
    // each pass, and without a continue nothing skips the bottom.
    private const string LinqInDoLoopConditions = """
        public static double F(double[] w, double a)
        {
            double s = a;
            int k = 0;
            do
            {
                s = Math.Tanh(s + w.Sum() * a);
                k++;
            }
            while (k < 4 && Math.Abs(s) > w.Max(x => Math.Abs(x)) * 1e-3);

            return s * w.Average();
        }
        """;

    [Fact]
    public void Range_as_the_indices_of_a_loop() => Batch.Check(nameof(Range_as_the_indices_of_a_loop), nameof(RangeSum));

    private const string RangeSum = """
        public static double F(double[] w, double[] x) =>
            Enumerable.Range(0, w.Length).Sum(i => w[i] * x[i]) + Enumerable.Range(1, w.Length - 1).Select(i => w[i] - w[i - 1]).Sum(d => d * d);
        """;

    [Fact]
    public void Skip_Take_and_Reverse() => Batch.Check(nameof(Skip_Take_and_Reverse), nameof(SkipTakeReverse));

    private const string SkipTakeReverse = """
        public static double F(double[] w, double a) =>
            w.Skip(1).Sum(x => x * a) + w.Take(2).Max() + w.Reverse().Select((x, i) => x * (i + 1)).Sum() + w.Skip(10).Sum();
        """;

    [Fact]
    public void Select_then_ToArray_into_local_arrays() => Batch.Check(nameof(Select_then_ToArray_into_local_arrays), nameof(SelectToArray));

    private const string SelectToArray = """
        public static double F(double[] w, double a)
        {
            double[] activated = w.Select(x => Math.Tanh(a * x)).ToArray();
            double[] centred = activated.Select(v => v - activated.Average()).ToArray();
            return centred.Sum(v => v * v) + activated[0];
        }
        """;

    [Fact]
    public void LINQ_inside_branches_and_selectors() => Batch.Check(nameof(LINQ_inside_branches_and_selectors), nameof(LinqInBranchesAndSelectors));

    private const string LinqInBranchesAndSelectors = """
        public static double F(double[] w, double a)
        {
            double m = w.Length > 2 ? w.Take(2).Max() : w.Max() * a;
            bool large = a > 0 && w.Sum() > a;
            double nested = w.Sum(x => w.Sum(y => x * y * a));
            return m + (large ? nested : -nested);
        }
        """;
}
