namespace AutoDiff;

/// <summary>
/// Compares gradients and Jacobians against central finite differences,
/// (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h with h = step·max(1, |xᵢ|).
/// </summary>
public static class GradientCheck
{
    /// <summary>Default relative step, about the cube root of machine epsilon (best for central differences).</summary>
    public const double DefaultStep = 6e-6;

    /// <summary>Checks the gradient that <paramref name="gradient"/> computes for <paramref name="function"/> at <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentNullException">A delegate is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is not positive and finite.</exception>
    public static GradientCheckResult Gradient(
        Func<double[], double> function,
        GradientFunction gradient,
        ReadOnlySpan<double> x,
        double step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(gradient);
        double[] analytic = new double[x.Length];
        gradient(x.ToArray(), analytic);
        return Gradient(function, x, analytic, step);
    }

    /// <summary>Checks a precomputed <paramref name="gradient"/> of <paramref name="function"/> at <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> and <paramref name="x"/> differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is not positive and finite.</exception>
    public static GradientCheckResult Gradient(
        Func<double[], double> function,
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> gradient,
        double step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(function);
        CheckStep(step);
        if (gradient.Length != x.Length)
        {
            throw new ArgumentException(
                $"Has {gradient.Length} entries but x has {x.Length}.", nameof(gradient));
        }

        VectorFunction asVector = (point, values) => values[0] = function(point);
        return Jacobian(asVector, 1, x, gradient, step);
    }

    /// <summary>Checks the Jacobian that <paramref name="jacobian"/> computes for <paramref name="function"/> at <paramref name="x"/>.</summary>
    /// <param name="function">The vector function, writing <paramref name="outputs"/> values.</param>
    /// <param name="outputs">Number of outputs m.</param>
    /// <param name="jacobian">Writes the m×n Jacobian, row-major.</param>
    /// <param name="x">The point, n inputs.</param>
    /// <param name="step">Relative finite-difference step.</param>
    /// <exception cref="ArgumentNullException">A delegate is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputs"/> is not positive, or <paramref name="step"/> is not positive and finite.</exception>
    public static GradientCheckResult Jacobian(
        VectorFunction function,
        int outputs,
        JacobianFunction jacobian,
        ReadOnlySpan<double> x,
        double step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(jacobian);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        CheckStep(step);
        double[] analytic = new double[checked(outputs * x.Length)];
        jacobian(x.ToArray(), analytic);
        return Jacobian(function, outputs, x, analytic, step);
    }

    /// <summary>Checks a precomputed row-major m×n <paramref name="jacobian"/> of <paramref name="function"/> at <paramref name="x"/>.</summary>
    /// <param name="function">The vector function, writing <paramref name="outputs"/> values.</param>
    /// <param name="outputs">Number of outputs m.</param>
    /// <param name="x">The point, n inputs.</param>
    /// <param name="jacobian">The m×n Jacobian to check, row-major.</param>
    /// <param name="step">Relative finite-difference step.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="jacobian"/> does not have m·n entries.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputs"/> is not positive, or <paramref name="step"/> is not positive and finite.</exception>
    public static GradientCheckResult Jacobian(
        VectorFunction function,
        int outputs,
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> jacobian,
        double step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        CheckStep(step);
        int n = x.Length;
        if (jacobian.Length != (long)outputs * n)
        {
            throw new ArgumentException(
                $"Has {jacobian.Length} entries but outputs × x.Length is {(long)outputs * n}.", nameof(jacobian));
        }

        double[] point = x.ToArray();
        double[] plus = new double[outputs];
        double[] minus = new double[outputs];
        GradientCheckResult worst = new(0, -1, -1, double.NaN, double.NaN);

        for (int column = 0; column < n; column++)
        {
            double center = x[column];
            double h = step * Math.Max(1, Math.Abs(center));
            double up = center + h;
            double down = center - h;

            // Refill the point before each call: a function that writes to its argument must not
            // shift later evaluations (or the caller's x, which is never passed directly).
            x.CopyTo(point);
            point[column] = up;
            function(point, plus);
            x.CopyTo(point);
            point[column] = down;
            function(point, minus);

            // Divide by the step actually taken after rounding, not the requested 2h.
            double width = up - down;
            for (int row = 0; row < outputs; row++)
            {
                double numeric = (plus[row] - minus[row]) / width;
                double analytic = jacobian[row * n + column];
                double error = GradientCheckResult.RelativeError(analytic, numeric);
                if (IsWorse(error, worst.MaxRelativeError) || worst.Row < 0)
                {
                    worst = new GradientCheckResult(error, row, column, analytic, numeric);
                }
            }
        }

        return worst;
    }

    // NaN beats everything and the first NaN is kept, so the report points at where it began.
    private static bool IsWorse(double error, double current) =>
        !double.IsNaN(current) && (double.IsNaN(error) || error > current);

    private static void CheckStep(double step)
    {
        if (!(step > 0) || double.IsInfinity(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Must be positive and finite.");
        }
    }
}
