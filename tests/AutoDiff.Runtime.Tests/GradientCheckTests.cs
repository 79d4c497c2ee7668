namespace AutoDiff.Runtime.Tests;

public class GradientCheckTests
{
    private static double Rosenbrock(double[] x) =>
        100 * Math.Pow(x[1] - x[0] * x[0], 2) + Math.Pow(1 - x[0], 2)
        + 100 * Math.Pow(x[2] - x[1] * x[1], 2) + Math.Pow(1 - x[1], 2);

    // Hand-derived gradient: the thing under test in these checks.
    private static void RosenbrockGradient(double[] x, Span<double> g)
    {
        g[0] = -400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]);
        g[1] = 200 * (x[1] - x[0] * x[0]) - 400 * x[1] * (x[2] - x[1] * x[1]) - 2 * (1 - x[1]);
        g[2] = 200 * (x[2] - x[1] * x[1]);
    }

    private static void Polar(double[] p, Span<double> values)
    {
        values[0] = p[0] * Math.Cos(p[1]);
        values[1] = p[0] * Math.Sin(p[1]);
        values[2] = p[0] * p[2];
    }

    private static void PolarJacobian(double[] p, Span<double> j)
    {
        j[0] = Math.Cos(p[1]);
        j[1] = -p[0] * Math.Sin(p[1]);
        j[2] = 0;
        j[3] = Math.Sin(p[1]);
        j[4] = p[0] * Math.Cos(p[1]);
        j[5] = 0;
        j[6] = p[2];
        j[7] = 0;
        j[8] = p[0];
    }

    private static readonly double[] Point = [-0.8, 1.3, 0.4];

    [Fact]
    public void A_correct_gradient_passes()
    {
        GradientCheckResult result = GradientCheck.Gradient(Rosenbrock, RosenbrockGradient, Point);
        Assert.True(result.Passed(1e-7), result.ToString());
        Assert.Equal(0, result.Row);
    }

    [Fact]
    public void A_wrong_gradient_entry_fails_and_is_located()
    {
        double[] wrong = new double[3];
        RosenbrockGradient(Point, wrong);
        double truth = wrong[1];
        wrong[1] += 0.01 * Math.Max(1, Math.Abs(truth));

        GradientCheckResult result = GradientCheck.Gradient(Rosenbrock, Point, wrong);

        Assert.False(result.Passed(1e-6));
        Assert.Equal((0, 1), (result.Row, result.Column));
        Assert.Equal(wrong[1], result.Analytic);
        Assert.Equal(truth, result.Numeric, 1e-6 * Math.Max(1, Math.Abs(truth)));
        Assert.Equal(GradientCheckResult.RelativeError(wrong[1], result.Numeric), result.MaxRelativeError);
    }

    [Fact]
    public void A_correct_Jacobian_passes()
    {
        GradientCheckResult result = GradientCheck.Jacobian(Polar, 3, PolarJacobian, Point);
        Assert.True(result.Passed(1e-8), result.ToString());
    }

    [Fact]
    public void A_wrong_Jacobian_entry_is_reported_by_row_and_column()
    {
        double[] j = new double[9];
        PolarJacobian(Point, j);
        j[2 * 3 + 0] = -j[2 * 3 + 0]; // row 2 (output p0·p2), column 0

        GradientCheckResult result = GradientCheck.Jacobian(Polar, 3, Point, j);

        Assert.False(result.Passed(1e-6));
        Assert.Equal((2, 0), (result.Row, result.Column));
        Assert.Equal(j[6], result.Analytic);
        Assert.Equal(-j[6], result.Numeric, 1e-8);
    }

    [Fact]
    public void A_NaN_gradient_entry_fails_and_is_located()
    {
        double[] g = new double[3];
        RosenbrockGradient(Point, g);
        g[2] = double.NaN;
        GradientCheckResult result = GradientCheck.Gradient(Rosenbrock, Point, g);
        Assert.False(result.Passed(1));
        Assert.True(double.IsNaN(result.MaxRelativeError));
        Assert.Equal(2, result.Column);
    }

    [Fact]
    public void The_step_scales_with_the_magnitude_of_x()
    {
        // At x = 1e6 a fixed step of 6e-6 would lose ~1e-5 to cancellation; scaled by |x| it stays exact.
        Func<double[], double> square = x => x[0] * x[0];
        GradientCheckResult result = GradientCheck.Gradient(square, [1e6], [2e6]);
        Assert.True(result.Passed(1e-9), result.ToString());
    }

    [Fact]
    public void An_empty_input_passes_with_no_location()
    {
        GradientCheckResult result = GradientCheck.Gradient(_ => 1.0, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty);
        Assert.True(result.Passed(0));
        Assert.Equal((-1, -1), (result.Row, result.Column));
    }

    [Fact]
    public void Relative_error_is_absolute_below_one_and_relative_above()
    {
        Assert.Equal(1e-3, GradientCheckResult.RelativeError(1e-3, 0), 1e-18);
        Assert.Equal(1e-3, GradientCheckResult.RelativeError(1000, 999), 1e-15);
    }

    [Fact]
    public void Gradient_length_must_match_x()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(
            () => GradientCheck.Gradient(Rosenbrock, Point, new double[2]));
        Assert.Equal("gradient", e.ParamName);
    }

    [Fact]
    public void Jacobian_length_must_be_outputs_times_inputs()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(
            () => GradientCheck.Jacobian(Polar, 3, Point, new double[8]));
        Assert.Equal("jacobian", e.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Outputs_must_be_positive(int outputs)
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(
            () => GradientCheck.Jacobian(Polar, outputs, PolarJacobian, Point));
        Assert.Equal("outputs", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.Jacobian(Polar, outputs, Point, []));
        Assert.Equal("outputs", e.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-6)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Step_must_be_positive_and_finite(double step)
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(
            () => GradientCheck.Gradient(Rosenbrock, RosenbrockGradient, Point, step));
        Assert.Equal("step", e.ParamName);
    }

    [Fact]
    public void Null_delegates_are_rejected_by_name()
    {
        Assert.Equal("function", Assert.Throws<ArgumentNullException>(
            () => GradientCheck.Gradient(null!, Point, new double[3])).ParamName);
        Assert.Equal("gradient", Assert.Throws<ArgumentNullException>(
            () => GradientCheck.Gradient(Rosenbrock, (GradientFunction)null!, Point)).ParamName);
        Assert.Equal("function", Assert.Throws<ArgumentNullException>(
            () => GradientCheck.Jacobian(null!, 3, Point, new double[9])).ParamName);
        Assert.Equal("jacobian", Assert.Throws<ArgumentNullException>(
            () => GradientCheck.Jacobian(Polar, 3, (JacobianFunction)null!, Point)).ParamName);
    }

    [Fact]
    public void A_null_function_is_rejected_before_the_analytic_delegate_runs()
    {
        int calls = 0;
        Assert.Equal("function", Assert.Throws<ArgumentNullException>(
            () => GradientCheck.Gradient(null!, (x, g) => calls++, Point)).ParamName);
        Assert.Equal("function", Assert.Throws<ArgumentNullException>(
            () => GradientCheck.Jacobian(null!, 3, (x, j) => calls++, Point)).ParamName);
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(
            () => GradientCheck.Jacobian(Polar, 3, (x, j) => calls++, Point, step: -1)).ParamName);
        Assert.Equal(0, calls);
    }

    [Fact]
    public void A_function_that_writes_to_its_argument_changes_neither_the_caller_nor_the_result()
    {
        double[] x = [.. Point];
        GradientCheckResult result = GradientCheck.Gradient(
            p =>
            {
                double value = Rosenbrock(p);
                p[0] = 99; // a misbehaving objective scribbles on its argument
                return value;
            },
            RosenbrockGradient,
            x);
        Assert.Equal(Point, x);
        Assert.True(result.Passed(1e-7), result.ToString());
    }
}
