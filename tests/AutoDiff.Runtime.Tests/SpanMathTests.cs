namespace AutoDiff.Runtime.Tests;

public class SpanMathTests
{
    // A function of one or two spans with its declared derivatives, seen through arrays: inputs in,
    // outputs (a scalar is an output of length 1) out, so one set of checks covers every function.
    private sealed record Case(
        string Name,
        Func<int, int[]> InputLengths,
        Func<double[][], double[]> Eval,
        Action<double[][], double[], double[], double[][]> Pullback, // inputs, outputs, outputBar, inputBars (added to)
        Func<double[][], double[], double[][], double[]> Pushforward); // inputs, outputs, inputDots -> outputDot

    // MatVec's size n becomes an (n % 5 + 1) × n matrix: one row, several rows, more rows than columns.
    private static int Rows(int n) => n % 5 + 1;

    private static readonly Case[] Cases =
    [
        new("Dot", n => [n, n],
            a => [SpanMath.Dot(a[0], a[1])],
            (a, y, yBar, bars) => SpanMath.DotPullback(a[0], a[1], yBar[0], bars[0], bars[1]),
            (a, y, d) => [SpanMath.DotPushforward(a[0], a[1], d[0], d[1])]),
        new("Sum", n => [n],
            a => [SpanMath.Sum(a[0])],
            (a, y, yBar, bars) => SpanMath.SumPullback(a[0], yBar[0], bars[0]),
            (a, y, d) => [SpanMath.SumPushforward(a[0], d[0])]),
        new("SumOfSquares", n => [n],
            a => [SpanMath.SumOfSquares(a[0])],
            (a, y, yBar, bars) => SpanMath.SumOfSquaresPullback(a[0], yBar[0], bars[0]),
            (a, y, d) => [SpanMath.SumOfSquaresPushforward(a[0], d[0])]),
        new("Norm", n => [n],
            a => [SpanMath.Norm(a[0])],
            (a, y, yBar, bars) => SpanMath.NormPullback(a[0], yBar[0], bars[0]),
            (a, y, d) => [SpanMath.NormPushforward(a[0], d[0])]),
        new("LogSumExp", n => [n],
            a => [SpanMath.LogSumExp(a[0])],
            (a, y, yBar, bars) => SpanMath.LogSumExpPullback(a[0], yBar[0], bars[0]),
            (a, y, d) => [SpanMath.LogSumExpPushforward(a[0], d[0])]),
        new("Softmax", n => [n],
            a =>
            {
                double[] y = new double[a[0].Length];
                SpanMath.Softmax(a[0], y);
                return y;
            },
            (a, y, yBar, bars) => SpanMath.SoftmaxPullback(a[0], y, bars[0], yBar),
            (a, y, d) =>
            {
                double[] yDot = new double[y.Length];
                SpanMath.SoftmaxPushforward(a[0], y, d[0], yDot);
                return yDot;
            }),
        new("MatVec", n => [Rows(n) * n, n],
            a =>
            {
                double[] y = new double[a[0].Length / a[1].Length];
                SpanMath.MatVec(a[0], a[1], y);
                return y;
            },
            (a, y, yBar, bars) => SpanMath.MatVecPullback(a[0], a[1], y, bars[0], bars[1], yBar),
            (a, y, d) =>
            {
                double[] yDot = new double[y.Length];
                SpanMath.MatVecPushforward(a[0], a[1], y, d[0], d[1], yDot);
                return yDot;
            }),
    ];

    // 1, 3 and 17 are not multiples of any SIMD width; 300 spans more than one LogSumExp stack buffer.
    private static readonly int[] Sizes = [1, 3, 17, 100, 300];

    public static TheoryData<string, int> CasesAndSizes()
    {
        TheoryData<string, int> data = [];
        foreach (Case c in Cases)
        {
            foreach (int n in Sizes)
            {
                data.Add(c.Name, n);
            }
        }

        return data;
    }

    private static Case Find(string name) => Cases.Single(c => c.Name == name);

    private static double[] Random(Random rng, int length, double scale = 2) =>
        Enumerable.Range(0, length).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToArray();

    private static double Inner(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static double[][] Copy(double[][] a) => a.Select(v => (double[])v.Clone()).ToArray();

    private static void AssertClose(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(expected - actual) / Math.Max(1, Math.Max(Math.Abs(expected), Math.Abs(actual)));
        Assert.True(error <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (relative error {error:E2})");
    }

    // Central differences, step relative to the coordinate: error ~ h² from truncation plus ε/h from rounding.
    private const double Step = 1e-5;
    private const double FiniteDifferenceTolerance = 1e-6;

    private static double[][] Points(Case c, int n, int seed)
    {
        Random rng = new(seed * 7919 + n);
        return c.InputLengths(n).Select(length => Random(rng, length)).ToArray();
    }

    [Theory]
    [MemberData(nameof(CasesAndSizes))]
    public void Pullback_matches_central_differences(string name, int n)
    {
        Case c = Find(name);
        for (int seed = 0; seed < 3; seed++)
        {
            double[][] x = Points(c, n, seed);
            double[] y = c.Eval(x);
            double[] yBar = Random(new Random(seed + 100), y.Length);
            double[][] bars = x.Select(v => new double[v.Length]).ToArray();
            c.Pullback(x, y, yBar, bars);

            // The gradient of g(x) = ⟨ȳ, F(x)⟩ is what the pullback of ȳ must give.
            for (int k = 0; k < x.Length; k++)
            {
                for (int i = 0; i < x[k].Length; i++)
                {
                    int vector = k, element = i;
                    double numeric = GradientCheck.CentralDifference(
                        value =>
                        {
                            double[][] moved = Copy(x);
                            moved[vector][element] = value;
                            return Inner(yBar, c.Eval(moved));
                        },
                        x[k][i],
                        Step);
                    AssertClose(numeric, bars[k][i], FiniteDifferenceTolerance, $"{name} n={n} seed={seed} input {k}[{i}]");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(CasesAndSizes))]
    public void Pushforward_matches_central_differences(string name, int n)
    {
        Case c = Find(name);
        for (int seed = 0; seed < 3; seed++)
        {
            double[][] x = Points(c, n, seed);
            double[][] xDot = Points(c, n, seed + 50);
            double[] yDot = c.Pushforward(x, c.Eval(x), xDot);

            // Derivative of F along ẋ: the central difference of t ↦ F(x + tẋ) at t = 0 (steps of 1e-6).
            double[] numeric = new double[yDot.Length];
            GradientCheck.CentralDifference(
                (t, values) =>
                {
                    double[] y = c.Eval(x.Select((v, k) => v.Select((e, i) => e + t * xDot[k][i]).ToArray()).ToArray());
                    Assert.Equal(values.Length, y.Length);
                    y.CopyTo(values);
                },
                0,
                numeric,
                1e-6);
            for (int j = 0; j < yDot.Length; j++)
            {
                AssertClose(numeric[j], yDot[j], FiniteDifferenceTolerance, $"{name} n={n} seed={seed} output {j}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CasesAndSizes))]
    public void Pullback_and_pushforward_are_adjoint(string name, int n)
    {
        Case c = Find(name);
        double[][] x = Points(c, n, 1);
        double[][] xDot = Points(c, n, 2);
        double[] y = c.Eval(x);
        double[] yBar = Random(new Random(n), y.Length);
        double[][] bars = x.Select(v => new double[v.Length]).ToArray();
        c.Pullback(x, y, yBar, bars);

        // ⟨pullback(ȳ), ẋ⟩ = ⟨ȳ, pushforward(ẋ)⟩ for any ȳ and ẋ.
        double left = bars.Select((b, k) => Inner(b, xDot[k])).Sum();
        double right = Inner(yBar, c.Pushforward(x, y, xDot));
        AssertClose(left, right, 1e-12, $"{name} n={n}");
    }

    [Theory]
    [MemberData(nameof(CasesAndSizes))]
    public void Pullback_adds_to_the_adjoints_it_is_given(string name, int n)
    {
        Case c = Find(name);
        double[][] x = Points(c, n, 3);
        double[] y = c.Eval(x);
        double[] yBar = Random(new Random(n + 1), y.Length);
        double[][] fresh = x.Select(v => new double[v.Length]).ToArray();
        c.Pullback(x, y, yBar, fresh);

        double[][] start = x.Select((v, k) => Random(new Random(k + 10 * n), v.Length)).ToArray();
        double[][] accumulated = Copy(start);
        c.Pullback(x, y, yBar, accumulated);

        for (int k = 0; k < x.Length; k++)
        {
            for (int i = 0; i < x[k].Length; i++)
            {
                AssertClose(start[k][i] + fresh[k][i], accumulated[k][i], 1e-14, $"{name} n={n} input {k}[{i}]");
            }
        }
    }

    [Fact]
    public void Dot_pullback_accepts_one_adjoint_for_both_arguments()
    {
        // Dot(v, v) = Σ vᵢ², so the shared adjoint must receive 2·resultBar·v (both contributions).
        double[] v = Random(new Random(5), 17);
        double[] vBar = new double[17];
        SpanMath.DotPullback(v, v, 0.75, vBar, vBar);
        for (int i = 0; i < v.Length; i++)
        {
            int element = i;
            double numeric = 0.75 * GradientCheck.CentralDifference(
                value =>
                {
                    double[] moved = (double[])v.Clone();
                    moved[element] = value;
                    return SpanMath.Dot(moved, moved);
                },
                v[i],
                Step);
            AssertClose(numeric, vBar[i], FiniteDifferenceTolerance, $"v[{i}]");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(300)]
    public void Values_match_naive_loops(int n)
    {
        Random rng = new(n + 42);
        double[] x = Random(rng, n, 5);
        double[] y = Random(rng, n, 5);
        double dot = 0, sum = 0, squares = 0, exps = 0;
        for (int i = 0; i < n; i++)
        {
            dot += x[i] * y[i];
            sum += x[i];
            squares += x[i] * x[i];
            exps += Math.Exp(x[i]);
        }

        AssertClose(dot, SpanMath.Dot(x, y), 1e-13, "Dot");
        AssertClose(sum, SpanMath.Sum(x), 1e-13, "Sum");
        AssertClose(squares, SpanMath.SumOfSquares(x), 1e-13, "SumOfSquares");
        AssertClose(Math.Sqrt(squares), SpanMath.Norm(x), 1e-13, "Norm");
        Assert.Equal(n == 0 ? double.NegativeInfinity : Math.Log(exps), SpanMath.LogSumExp(x), 1e-12);

        double[] softmax = new double[n];
        SpanMath.Softmax(x, softmax);
        for (int i = 0; i < n; i++)
        {
            AssertClose(Math.Exp(x[i]) / exps, softmax[i], 1e-13, $"Softmax[{i}]");
        }

        int rows = Rows(n);
        double[] matrix = Random(rng, rows * n, 5);
        double[] product = new double[rows];
        SpanMath.MatVec(matrix, x, product);
        for (int r = 0; r < rows; r++)
        {
            double expected = 0;
            for (int j = 0; j < n; j++)
            {
                expected += matrix[r * n + j] * x[j];
            }

            AssertClose(expected, product[r], 1e-13, $"MatVec[{r}]");
        }
    }

    [Fact]
    public void LogSumExp_and_Softmax_are_stable_for_large_inputs()
    {
        double[] x = [1000, 1000];
        Assert.Equal(1000 + Math.Log(2), SpanMath.LogSumExp(x), 1e-12);

        double[] xBar = new double[2];
        SpanMath.LogSumExpPullback(x, 2.0, xBar);
        Assert.Equal([1.0, 1.0], xBar);
        Assert.Equal(0.5 * 3 + 0.5 * -1, SpanMath.LogSumExpPushforward(x, [3, -1]), 1e-15);

        double[] softmax = new double[3];
        SpanMath.Softmax([1000, 1000, -1000], softmax);
        Assert.Equal([0.5, 0.5, 0.0], softmax);
    }

    [Fact]
    public void LogSumExp_edge_values()
    {
        Assert.Equal(double.NegativeInfinity, SpanMath.LogSumExp([]));
        Assert.Equal(double.NegativeInfinity, SpanMath.LogSumExp([double.NegativeInfinity, double.NegativeInfinity]));
        Assert.Equal(double.PositiveInfinity, SpanMath.LogSumExp([1, double.PositiveInfinity]));
        Assert.True(double.IsNaN(SpanMath.LogSumExp([1, double.NaN, 2])));
        // −∞ entries contribute nothing; the others behave as if alone.
        Assert.Equal(Math.Log(Math.Exp(1) + Math.Exp(2)), SpanMath.LogSumExp([1, double.NegativeInfinity, 2]), 1e-14);
    }

    [Fact]
    public void Norm_at_zero_has_gradient_zero()
    {
        double[] zero = new double[5];
        Assert.Equal(0, SpanMath.Norm(zero));
        double[] xBar = [1, 2, 3, 4, 5];
        SpanMath.NormPullback(zero, 3.0, xBar);
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0], xBar);
        Assert.Equal(0, SpanMath.NormPushforward(zero, [1, 1, 1, 1, 1]));
    }

    public static TheoryData<string, string> LengthAndOverlapViolations() => new()
    {
        // Length mismatches, each naming the parameter whose length is wrong.
        { "Dot", "y" },
        { "DotPullback y", "y" },
        { "DotPullback xBar", "xBar" },
        { "DotPullback yBar", "yBar" },
        { "DotPushforward y", "y" },
        { "DotPushforward xDot", "xDot" },
        { "DotPushforward yDot", "yDot" },
        { "SumPullback", "xBar" },
        { "SumPushforward", "xDot" },
        { "SumOfSquaresPullback", "xBar" },
        { "SumOfSquaresPushforward", "xDot" },
        { "NormPullback", "xBar" },
        { "NormPushforward", "xDot" },
        { "LogSumExpPullback", "xBar" },
        { "LogSumExpPushforward", "xDot" },
        { "Softmax", "result" },
        { "SoftmaxPullback result", "result" },
        { "SoftmaxPullback xBar", "xBar" },
        { "SoftmaxPullback resultBar", "resultBar" },
        { "SoftmaxPushforward result", "result" },
        { "SoftmaxPushforward xDot", "xDot" },
        { "SoftmaxPushforward resultDot", "resultDot" },
        { "MatVec", "matrix" },
        { "MatVec x", "matrix" },
        { "MatVecPullback matrix", "matrix" },
        { "MatVecPullback matrixBar", "matrixBar" },
        { "MatVecPullback xBar", "xBar" },
        { "MatVecPullback resultBar", "resultBar" },
        { "MatVecPushforward matrix", "matrix" },
        { "MatVecPushforward matrixDot", "matrixDot" },
        { "MatVecPushforward xDot", "xDot" },
        { "MatVecPushforward resultDot", "resultDot" },
        // Written spans overlapping spans still to be read.
        { "Softmax overlap", "result" },
        { "Softmax in place", "result" },
        { "MatVec overlap matrix", "result" },
        { "MatVec overlap x", "result" },
        { "DotPullback overlap", "xBar" },
        { "SumOfSquaresPullback overlap", "xBar" },
        { "NormPullback overlap", "xBar" },
        { "LogSumExpPullback overlap", "xBar" },
        { "SoftmaxPullback overlap", "xBar" },
        { "SoftmaxPushforward overlap", "resultDot" },
        { "MatVecPullback overlap", "xBar" },
        { "MatVecPushforward overlap", "resultDot" },
    };

    private static void Violate(string which)
    {
        double[] a3 = new double[3], b3 = new double[3], c3 = new double[3], d3 = new double[3], e3 = new double[3];
        double[] a2 = new double[2];
        double[] m6 = new double[6], n6 = new double[6], m5 = new double[5];
        double[] buffer = new double[12];
        Span<double> head = buffer.AsSpan(0, 6);
        Span<double> tail = buffer.AsSpan(3, 6); // overlaps head
        switch (which)
        {
            case "Dot": SpanMath.Dot(a3, a2); break;
            case "DotPullback y": SpanMath.DotPullback(a3, a2, 1, b3, c3); break;
            case "DotPullback xBar": SpanMath.DotPullback(a3, b3, 1, a2, c3); break;
            case "DotPullback yBar": SpanMath.DotPullback(a3, b3, 1, c3, a2); break;
            case "DotPushforward y": SpanMath.DotPushforward(a3, a2, b3, c3); break;
            case "DotPushforward xDot": SpanMath.DotPushforward(a3, b3, a2, c3); break;
            case "DotPushforward yDot": SpanMath.DotPushforward(a3, b3, c3, a2); break;
            case "SumPullback": SpanMath.SumPullback(a3, 1, a2); break;
            case "SumPushforward": SpanMath.SumPushforward(a3, a2); break;
            case "SumOfSquaresPullback": SpanMath.SumOfSquaresPullback(a3, 1, a2); break;
            case "SumOfSquaresPushforward": SpanMath.SumOfSquaresPushforward(a3, a2); break;
            case "NormPullback": SpanMath.NormPullback(a3, 1, a2); break;
            case "NormPushforward": SpanMath.NormPushforward(a3, a2); break;
            case "LogSumExpPullback": SpanMath.LogSumExpPullback(a3, 1, a2); break;
            case "LogSumExpPushforward": SpanMath.LogSumExpPushforward(a3, a2); break;
            case "Softmax": SpanMath.Softmax(a3, a2); break;
            case "SoftmaxPullback result": SpanMath.SoftmaxPullback(a3, a2, b3, c3); break;
            case "SoftmaxPullback xBar": SpanMath.SoftmaxPullback(a3, b3, a2, c3); break;
            case "SoftmaxPullback resultBar": SpanMath.SoftmaxPullback(a3, b3, c3, a2); break;
            case "SoftmaxPushforward result": SpanMath.SoftmaxPushforward(a3, a2, b3, c3); break;
            case "SoftmaxPushforward xDot": SpanMath.SoftmaxPushforward(a3, b3, a2, c3); break;
            case "SoftmaxPushforward resultDot": SpanMath.SoftmaxPushforward(a3, b3, c3, a2); break;
            // A 2×3 matrix needs 6 elements; 5 must not be read as a shorter matrix, nor x of length 2 as 3 columns.
            case "MatVec": SpanMath.MatVec(m5, a3, a2); break;
            case "MatVec x": SpanMath.MatVec(m6, a2, a2.ToArray()); break;
            case "MatVecPullback matrix": SpanMath.MatVecPullback(m5, a3, a2, m5.ToArray(), b3, new double[2]); break;
            case "MatVecPullback matrixBar": SpanMath.MatVecPullback(m6, a3, a2, m5, b3, new double[2]); break;
            case "MatVecPullback xBar": SpanMath.MatVecPullback(m6, a3, a2, n6, new double[2], new double[2]); break;
            case "MatVecPullback resultBar": SpanMath.MatVecPullback(m6, a3, a2, n6, b3, c3); break;
            case "MatVecPushforward matrix": SpanMath.MatVecPushforward(m5, a3, a2, m5.ToArray(), b3, new double[2]); break;
            case "MatVecPushforward matrixDot": SpanMath.MatVecPushforward(m6, a3, a2, m5, b3, new double[2]); break;
            case "MatVecPushforward xDot": SpanMath.MatVecPushforward(m6, a3, a2, n6, new double[2], new double[2]); break;
            case "MatVecPushforward resultDot": SpanMath.MatVecPushforward(m6, a3, a2, n6, b3, c3); break;
            case "Softmax overlap": SpanMath.Softmax(head, tail); break;
            case "Softmax in place": SpanMath.Softmax(head, head); break;
            case "MatVec overlap matrix": SpanMath.MatVec(head, buffer.AsSpan(8, 3), buffer.AsSpan(5, 2)); break;
            case "MatVec overlap x": SpanMath.MatVec(m6, buffer.AsSpan(0, 3), buffer.AsSpan(2, 2)); break;
            case "DotPullback overlap": SpanMath.DotPullback(head, n6, 1, tail, m6); break;
            case "SumOfSquaresPullback overlap": SpanMath.SumOfSquaresPullback(head, 1, tail); break;
            case "NormPullback overlap": SpanMath.NormPullback(head, 1, tail); break;
            case "LogSumExpPullback overlap": SpanMath.LogSumExpPullback(head, 1, tail); break;
            case "SoftmaxPullback overlap": SpanMath.SoftmaxPullback(m6, head, tail, n6); break;
            case "SoftmaxPushforward overlap": SpanMath.SoftmaxPushforward(m6, n6, head, tail); break;
            case "MatVecPullback overlap": SpanMath.MatVecPullback(m6, buffer.AsSpan(0, 3), a2, n6, buffer.AsSpan(1, 3), new double[2]); break;
            case "MatVecPushforward overlap": SpanMath.MatVecPushforward(m6, a3, a2, n6, buffer.AsSpan(0, 3), buffer.AsSpan(2, 2)); break;
            default: throw new ArgumentOutOfRangeException(nameof(which), which, "unknown case");
        }
    }

    [Theory]
    [MemberData(nameof(LengthAndOverlapViolations))]
    public void Bad_arguments_throw_naming_the_parameter(string which, string paramName)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => Violate(which));
        Assert.Equal(paramName, e.ParamName);
    }

    [Fact]
    public void Warm_calls_allocate_nothing()
    {
        const int N = 300; // more than one LogSumExp stack buffer
        Random rng = new(9);
        double[] x = Random(rng, N), y = Random(rng, N), xDot = Random(rng, N), yDot = Random(rng, N);
        double[] xBar = new double[N], yBar = new double[N], s = new double[N], sDot = new double[N], sBar = Random(rng, N);
        const int Rows = 7;
        double[] m = Random(rng, Rows * N), mDot = Random(rng, Rows * N), mBar = new double[Rows * N];
        double[] r = new double[Rows], rDot = new double[Rows], rBar = Random(rng, Rows);
        double sink = 0;

        (string Name, Action Call)[] calls =
        [
            ("Dot", () => sink += SpanMath.Dot(x, y)),
            ("DotPullback", () => SpanMath.DotPullback(x, y, 0.5, xBar, yBar)),
            ("DotPushforward", () => sink += SpanMath.DotPushforward(x, y, xDot, yDot)),
            ("Sum", () => sink += SpanMath.Sum(x)),
            ("SumPullback", () => SpanMath.SumPullback(x, 0.5, xBar)),
            ("SumPushforward", () => sink += SpanMath.SumPushforward(x, xDot)),
            ("SumOfSquares", () => sink += SpanMath.SumOfSquares(x)),
            ("SumOfSquaresPullback", () => SpanMath.SumOfSquaresPullback(x, 0.5, xBar)),
            ("SumOfSquaresPushforward", () => sink += SpanMath.SumOfSquaresPushforward(x, xDot)),
            ("Norm", () => sink += SpanMath.Norm(x)),
            ("NormPullback", () => SpanMath.NormPullback(x, 0.5, xBar)),
            ("NormPushforward", () => sink += SpanMath.NormPushforward(x, xDot)),
            ("LogSumExp", () => sink += SpanMath.LogSumExp(x)),
            ("LogSumExpPullback", () => SpanMath.LogSumExpPullback(x, 0.5, xBar)),
            ("LogSumExpPushforward", () => sink += SpanMath.LogSumExpPushforward(x, xDot)),
            ("Softmax", () => SpanMath.Softmax(x, s)),
            ("SoftmaxPullback", () => SpanMath.SoftmaxPullback(x, s, xBar, sBar)),
            ("SoftmaxPushforward", () => SpanMath.SoftmaxPushforward(x, s, xDot, sDot)),
            ("MatVec", () => SpanMath.MatVec(m, x, r)),
            ("MatVecPullback", () => SpanMath.MatVecPullback(m, x, r, mBar, xBar, rBar)),
            ("MatVecPushforward", () => SpanMath.MatVecPushforward(m, x, r, mDot, xDot, rDot)),
        ];

        List<string> allocating = [];
        foreach ((string name, Action call) in calls)
        {
            call(); // warm: JIT and tiering
            long bytes = Allocations.Fewest(() =>
            {
                for (int i = 0; i < 10; i++)
                {
                    call();
                }
            });
            if (bytes != 0)
            {
                allocating.Add($"{name}: {bytes} bytes");
            }
        }

        Assert.Empty(allocating);
        Assert.True(double.IsFinite(sink));
    }
}
