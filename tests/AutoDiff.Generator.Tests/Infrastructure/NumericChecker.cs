using System.Reflection;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Checks a [Differentiable] method's generated FGradient and FDerivative at random points, by
/// reflection so any signature works: the gradient against the forward mode (one pass per input) and
/// both against central finite differences of the original method.
/// </summary>
internal static class NumericChecker
{
    public sealed record Report(int PointsChecked, int PointsSkipped, double WorstFiniteDifferenceError, double WorstModeError);

    /// <param name="finiteDifferenceTolerance">Relative: |a - b| ≤ tol · max(1, |a|, |b|).</param>
    /// <param name="valueTolerance">How far the values FGradient and FDerivative return may be from the method's.</param>
    public static Report Check(
        MethodInfo function, int seed, int points = 8, double min = -2, double max = 2,
        double finiteDifferenceTolerance = 1e-6, double modeTolerance = 1e-10, double valueTolerance = 1e-12)
    {
        ParameterInfo[] parameters = function.GetParameters();
        bool[] differentiable = parameters.Select(IsDifferentiable).ToArray();
        int gradients = differentiable.Count(d => d);
        MethodInfo gradient = Find(function, "Gradient", parameters.Length + gradients);
        MethodInfo derivative = Find(function, "Derivative", parameters.Length + gradients + 1);
        var random = new Random(seed);
        int checkedPoints = 0, skipped = 0;
        double worstFd = 0, worstMode = 0;

        for (int point = 0; point < points; point++)
        {
            object[] arguments = parameters.Select(p => RandomArgument(p.ParameterType, random, min, max)).ToArray();
            double value = ToDouble(function.Invoke(null, arguments));

            object[] gradientArguments = arguments.Concat(new object[gradients]).ToArray();
            double gradientValue = ToDouble(gradient.Invoke(null, gradientArguments));
            Assert.True(SameValue(value, gradientValue, valueTolerance), $"{function.Name}Gradient returned {gradientValue}, the method {value}");

            bool skip = false;
            var reverse = new double[parameters.Length];
            var forward = new double[parameters.Length];
            var numeric = new double[parameters.Length];
            for (int i = 0, g = 0; i < parameters.Length; i++)
            {
                if (!differentiable[i])
                {
                    continue;
                }

                reverse[i] = ToDouble(gradientArguments[parameters.Length + g]);

                // Forward mode along the i-th unit vector gives ∂f/∂xᵢ.
                object[] derivativeArguments = arguments
                    .Concat(parameters.Where(IsDifferentiable).Select((p, k) => Convert(k == g ? 1.0 : 0.0, p.ParameterType)))
                    .Append(null!)
                    .ToArray();
                double forwardValue = ToDouble(derivative.Invoke(null, derivativeArguments));
                Assert.True(SameValue(value, forwardValue, valueTolerance), $"{function.Name}Derivative returned {forwardValue}, the method {value}");
                forward[i] = ToDouble(derivativeArguments[^1]);

                double x = ToDouble(arguments[i]);
                double h = (parameters[i].ParameterType == typeof(float) ? 1e-2 : 1e-5) * Math.Max(1, Math.Abs(x));
                numeric[i] = Central(function, arguments, i, h);

                // Near a kink the two step sizes disagree: skip such points rather than blame the derivative.
                double coarse = Central(function, arguments, i, 4 * h);
                if (RelativeError(numeric[i], coarse) > 100 * finiteDifferenceTolerance || double.IsNaN(numeric[i]))
                {
                    skip = true;
                }

                g++;
            }

            if (skip)
            {
                skipped++;
                continue;
            }

            checkedPoints++;
            for (int i = 0; i < parameters.Length; i++)
            {
                if (!differentiable[i])
                {
                    continue;
                }

                string where = $"{function.DeclaringType!.Name}.{function.Name} at ({string.Join(", ", arguments)}), ∂/∂{parameters[i].Name}";
                double modeError = RelativeError(reverse[i], forward[i]);
                double fdError = RelativeError(reverse[i], numeric[i]);
                worstMode = Math.Max(worstMode, modeError);
                worstFd = Math.Max(worstFd, fdError);
                Assert.True(modeError <= modeTolerance, $"{where}: reverse {reverse[i]:R} vs forward {forward[i]:R}");
                Assert.True(fdError <= finiteDifferenceTolerance, $"{where}: reverse {reverse[i]:R} vs central differences {numeric[i]:R}");
            }
        }

        Assert.True(checkedPoints >= points / 2, $"{function.Name}: only {checkedPoints} of {points} points were away from kinks");
        return new Report(checkedPoints, skipped, worstFd, worstMode);
    }

    public static bool IsDifferentiable(ParameterInfo parameter) =>
        (parameter.ParameterType == typeof(double) || parameter.ParameterType == typeof(float))
        && parameter.GetCustomAttribute<NoDerivativeAttribute>() is null;

    /// <summary>The runtime gradient checker's measure, with equal values (also equal infinities) exact.</summary>
    public static double RelativeError(double a, double b) =>
        a == b ? 0 : GradientCheckResult.RelativeError(a, b);

    private static double Central(MethodInfo function, object[] arguments, int index, double h)
    {
        object[] plus = (object[])arguments.Clone();
        object[] minus = (object[])arguments.Clone();
        double x = ToDouble(arguments[index]);
        Type type = function.GetParameters()[index].ParameterType;
        plus[index] = Convert(x + h, type);
        minus[index] = Convert(x - h, type);

        // Use the step actually taken after rounding to the parameter's type.
        double step = ToDouble(plus[index]) - ToDouble(minus[index]);
        return (ToDouble(function.Invoke(null, plus)) - ToDouble(function.Invoke(null, minus))) / step;
    }

    private static MethodInfo Find(MethodInfo function, string suffix, int parameterCount)
    {
        Type[] leading = function.GetParameters().Select(p => p.ParameterType).ToArray();
        return function.DeclaringType!
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.Name == function.Name + suffix
                && m.GetParameters().Length == parameterCount
                && m.GetParameters().Take(leading.Length).Select(p => p.ParameterType).SequenceEqual(leading));
    }

    private static object RandomArgument(Type type, Random random, double min, double max)
    {
        if (type == typeof(int))
        {
            return random.Next(0, 4);
        }

        if (type == typeof(bool))
        {
            return random.Next(2) == 1;
        }

        return Convert(min + ((max - min) * random.NextDouble()), type);
    }

    private static object Convert(double value, Type type) => type == typeof(float) ? (object)(float)value : value;

    private static double ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        _ => throw new InvalidOperationException($"Not a number: {value}"),
    };

    private static bool SameValue(double a, double b, double tolerance) => a.Equals(b) || RelativeError(a, b) < tolerance;
}
