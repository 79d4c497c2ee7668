namespace AutoDiff.Tensors.Tests;

/// <summary>
/// Every elementwise kernel that is not exact, compared with a float64 reference on a dense grid that includes tiny
/// arguments (down to 1e-30) and large ones: the error must stay within a few units in the last place (ulps).
/// </summary>
public class PrecisionTests
{
    private const double MaxUlpsFloat = 4;
    private const double MaxUlpsDouble = 4;

    public static TheoryData<string> Kernels => [.. Functions.Keys];

    private static readonly Dictionary<string, (Func<Tensor<float>, Tensor<float>> Float, Func<Tensor<double>, Tensor<double>> Double, Func<double, double> Reference, Func<double, bool> Domain)> Functions = new()
    {
        ["Tanh"] = (x => x.Tanh(), x => x.Tanh(), Math.Tanh, _ => true),
        ["Exp"] = (x => x.Exp(), x => x.Exp(), Math.Exp, x => Math.Abs(x) < 80),
        ["Log"] = (x => x.Log(), x => x.Log(), Math.Log, x => x > 0),
        ["Sqrt"] = (x => x.Sqrt(), x => x.Sqrt(), Math.Sqrt, x => x >= 0),
        ["Rsqrt"] = (x => x.Rsqrt(), x => x.Rsqrt(), x => 1 / Math.Sqrt(x), x => x > 0),
        ["Sigmoid"] = (x => x.Sigmoid(), x => x.Sigmoid(), x => 1 / (1 + Math.Exp(-x)), x => x > -80),
        ["Sin"] = (x => x.Sin(), x => x.Sin(), Math.Sin, x => Math.Abs(x) < 100),
        ["Cos"] = (x => x.Cos(), x => x.Cos(), Math.Cos, x => Math.Abs(x) < 100),
        ["Tan"] = (x => x.Tan(), x => x.Tan(), Math.Tan, x => Math.Abs(x) < 1.5),
        ["Log1p"] = (x => x.Log1p(), x => x.Log1p(), Log1pReference, x => x > -1),
        ["Expm1"] = (x => x.Expm1(), x => x.Expm1(), Expm1Reference, x => Math.Abs(x) < 80),
    };

    /// <summary>Symmetric grid: 0, ±10^k for k in −30..−1 (four points per decade), ±[0.001, 20] in steps of 0.001, and ±{50, 100, 500}.</summary>
    private static double[] Grid()
    {
        var values = new List<double> { 0 };
        for (int k = -120; k < -4; k++)
        {
            values.Add(Math.Pow(10, k / 4.0));
        }
        for (int i = 1; i <= 20000; i++)
        {
            values.Add(i * 0.001);
        }
        values.AddRange([50, 100, 500]);
        return [.. values, .. values.Select(v => -v)];
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Float_kernel_is_within_a_few_ulps_of_the_float64_reference(string name)
    {
        var f = Functions[name];
        float[] grid = [.. Grid().Where(f.Domain).Select(v => (float)v).Where(v => f.Domain(v))];
        float[] result = f.Float(Tensor<float>.FromArray(grid)).ToArray();
        (double worst, float at) = (0, 0);
        for (int i = 0; i < grid.Length; i++)
        {
            double reference = f.Reference(grid[i]);
            float rounded = (float)reference;
            if (!float.IsFinite(rounded))
            {
                continue;
            }
            double ulp = Math.Max(float.BitIncrement(Math.Abs(rounded)) - Math.Abs(rounded), float.Epsilon);
            double error = Math.Abs(result[i] - reference) / ulp;
            if (!(error <= worst))
            {
                (worst, at) = (error, grid[i]);
            }
        }
        Assert.True(worst <= MaxUlpsFloat, $"{name}(float): worst error {worst:G3} ulps at x = {at:R}");
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Double_kernel_is_within_a_few_ulps_of_the_reference(string name)
    {
        var f = Functions[name];
        double[] grid = [.. Grid().Where(f.Domain)];
        double[] result = f.Double(Tensor<double>.FromArray(grid)).ToArray();
        (double worst, double at) = (0, 0);
        for (int i = 0; i < grid.Length; i++)
        {
            double reference = f.Reference(grid[i]);
            if (!double.IsFinite(reference))
            {
                continue;
            }
            double ulp = Math.Max(double.BitIncrement(Math.Abs(reference)) - Math.Abs(reference), double.Epsilon);
            double error = Math.Abs(result[i] - reference) / ulp;
            if (!(error <= worst))
            {
                (worst, at) = (error, grid[i]);
            }
        }
        Assert.True(worst <= MaxUlpsDouble, $"{name}(double): worst error {worst:G3} ulps at x = {at:R}");
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1e-10, 1.1283791670955126e-10)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(1.9, 0.9927904292352575)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(2.2, 0.9981371537020182)]
    [InlineData(2.5, 0.9995930479825550)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(-1.5, -0.9661051464753108)]
    public void Erf_matches_reference_values(double x, double expected)
    {
        double actual = Tensor<double>.FromArray([x]).Erf().Item();
        Assert.True(Math.Abs(actual - expected) <= 4 * Math.Max(double.BitIncrement(Math.Abs(expected)) - Math.Abs(expected), double.Epsilon),
            $"erf({x}) = {actual:R}, expected {expected:R}");
        Assert.Equal((float)expected, Tensor<float>.FromArray([(float)x]).Erf().Item(), 6);
    }

    [Fact]
    public void Exp_reaches_subnormal_results_saturates_and_keeps_nan()
    {
        float[] xf = [-88f, -95f, -100f, -103f, 88.5f, 89f, -110f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        float[] yf = Tensor<float>.FromArray(xf).Exp().ToArray();
        for (int i = 0; i < xf.Length; i++)
        {
            float expected = (float)Math.Exp(xf[i]);
            Assert.True(expected.Equals(yf[i]) || Math.Abs(expected - yf[i]) <= 4 * Math.Max(float.BitIncrement(Math.Abs(expected)) - Math.Abs(expected), float.Epsilon),
                $"exp({xf[i]}) = {yf[i]:R}, expected {expected:R}");
        }
        double[] xd = [-708, -720, -740, 709, 710, double.NaN];
        double[] yd = Tensor<double>.FromArray(xd).Exp().ToArray();
        for (int i = 0; i < xd.Length; i++)
        {
            double expected = Math.Exp(xd[i]);
            Assert.True(expected.Equals(yd[i]) || Math.Abs(expected - yd[i]) <= 4 * Math.Max(double.BitIncrement(Math.Abs(expected)) - Math.Abs(expected), double.Epsilon),
                $"exp({xd[i]}) = {yd[i]:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void Tanh_keeps_relative_precision_for_tiny_arguments()
    {
        // TensorPrimitives.Tanh returned 0 for tanh(1e-8f) and lost relative precision near 0.
        Assert.Equal(1e-8f, Tensor<float>.FromArray([1e-8f]).Tanh().Item());
        Assert.Equal(1e-12, Tensor<double>.FromArray([1e-12]).Tanh().Item());
        Assert.Equal(Math.Tanh(1e-4), Tensor<double>.FromArray([1e-4]).Tanh().Item(), 1e-19);
    }

    /// <summary>log(1 + x) from the series for tiny x, otherwise Math.Log of the exactly representable sum where possible.</summary>
    private static double Log1pReference(double x)
    {
        if (Math.Abs(x) < 1e-4)
        {
            return x - x * x / 2 + x * x * x / 3 - x * x * x * x / 4;
        }
        double u = 1 + x;
        return Math.Log(u) - ((u - 1) - x) / u; // corrects the rounding of 1 + x to first order
    }

    private static double Expm1Reference(double x)
    {
        if (Math.Abs(x) < 1e-4)
        {
            return x + x * x / 2 + x * x * x / 6 + x * x * x * x / 24;
        }
        if (Math.Abs(x) < 0.5)
        {
            // Sum the series until it stops changing (no cancellation for |x| < 1/2).
            double term = x, sum = x;
            for (int n = 2; n < 40 && Math.Abs(term) > 1e-18 * Math.Abs(sum); n++)
            {
                term *= x / n;
                sum += term;
            }
            return sum;
        }
        return Math.Exp(x) - 1;
    }
}
