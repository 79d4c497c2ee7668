using System.Reflection;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Checks a [Differentiable] method's generated FGradient and FDerivative at random points, by
/// reflection so any signature works: the gradient against the forward mode (one pass per input) and
/// both against central finite differences of the original method. Given the same method compiled with
/// <c>Strategy = DifferentiationStrategy.Tape</c>, its tape gradient and tape derivative are compared too.
/// </summary>
internal static class NumericChecker
{
    /// <summary>Why a point was not compared: central differences are no reference there.</summary>
    public static class SkipReason
    {
        public const string NonFiniteValue = "the method's value is not finite";
        public const string NonFiniteDifference = "a central difference is not finite";
        public const string GuardFired = "a guard in the method threw";
        public const string Kink = "near a kink or jump (central differences at h and 4h disagree)";
    }

    public sealed record Report(
        int PointsChecked, int PointsSkipped, double WorstFiniteDifferenceError, double WorstModeError, IReadOnlyDictionary<string, int> SkipReasons);

    /// <param name="finiteDifferenceTolerance">Relative: |a - b| ≤ tol · max(1, |a|, |b|).</param>
    /// <param name="vectorLength">Length of vector arguments without a <c>[SampleLength]</c> attribute.</param>
    /// <param name="valueTolerance">How far the values FGradient and FDerivative return may be from the method's.</param>
    /// <param name="tape">The same method forced onto the tape (scalar parameters only): its FGradient and FDerivative must agree with the generated ones.</param>
    /// <param name="requireMostPoints">Fail when fewer than half the points were away from kinks.</param>
    public static Report Check(
        MethodInfo function, int seed, int points = 8, double min = -2, double max = 2,
        double finiteDifferenceTolerance = 1e-6, double modeTolerance = 1e-10, int vectorLength = 5, double valueTolerance = 1e-12,
        MethodInfo? tape = null, bool requireMostPoints = true)
    {
        ParameterInfo[] parameters = function.GetParameters();
        bool[] differentiable = parameters.Select(IsDifferentiable).ToArray();
        int gradients = differentiable.Count(d => d);
        MethodInfo gradient = Find(function, "Gradient", parameters.Length + gradients);
        MethodInfo derivative = Find(function, "Derivative", parameters.Length + gradients + 1);
        MethodInfo? tapeGradient = tape is null ? null : Find(tape, "Gradient", parameters.Length + gradients);
        MethodInfo? tapeDerivative = tape is null ? null : Find(tape, "Derivative", parameters.Length + gradients + 1);
        var random = new Random(seed);
        int checkedPoints = 0, skipped = 0;
        double worstFd = 0, worstMode = 0;
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);

        for (int point = 0; point < points; point++)
        {
            object?[] arguments = parameters.Select(p => RandomArgument(p, random, min, max, vectorLength)).ToArray();
            double value;
            try
            {
                value = ToDouble(SpanInvoker.Invoke(function, Copy(arguments)));
            }
            catch (ArgumentException thrown)
            {
                // A guard in the method fired here (a value overflowed into a finiteness check): the derivatives must
                // fire it too, and the point has no derivative to compare.
                AssertThrows(thrown, gradient, parameters, arguments, tangents: false);
                AssertThrows(thrown, derivative, parameters, arguments, tangents: true);
                skipped++;
                reasons[SkipReason.GuardFired] = reasons.TryGetValue(SkipReason.GuardFired, out int fired) ? fired + 1 : 1;
                continue;
            }

            // One coordinate per scalar input, one per element of a vector input.
            var coordinates = new List<(int Parameter, int Element)>();
            for (int i = 0; i < parameters.Length; i++)
            {
                if (!differentiable[i])
                {
                    continue;
                }

                if (arguments[i] is Array array)
                {
                    coordinates.AddRange(Enumerable.Range(0, array.Length).Select(e => (i, e)));
                }
                else
                {
                    coordinates.Add((i, -1));
                }
            }

            // Gradient spans start as NaN: the generated code must overwrite every element.
            object?[] gradientArguments = Copy(arguments).Concat(parameters.Where(IsDifferentiable)
                .Select(p => arguments[Array.IndexOf(parameters, p)] is Array a ? Filled(a, double.NaN) : null)).ToArray();
            double gradientValue = ToDouble(SpanInvoker.Invoke(gradient, gradientArguments));
            Assert.True(SameValue(value, gradientValue, valueTolerance), $"{function.Name}Gradient returned {gradientValue}, the method {value}");
            object?[] tapeArguments = Copy(gradientArguments);
            if (tapeGradient is not null)
            {
                double tapeValue = ToDouble(SpanInvoker.Invoke(tapeGradient, tapeArguments));
                Assert.True(SameValue(value, tapeValue, modeTolerance), $"{function.Name}Gradient on the tape returned {tapeValue}, the method {value}");
            }

            var outputSlot = parameters.Select((p, i) => differentiable[i] ? parameters.Length + parameters.Take(i).Count(IsDifferentiable) : -1).ToArray();

            string? skip = double.IsFinite(value) ? null : SkipReason.NonFiniteValue;
            var tapeReverse = new double[coordinates.Count];
            var tapeForward = new double[coordinates.Count];
            var reverse = new double[coordinates.Count];
            var forward = new double[coordinates.Count];
            var numeric = new double[coordinates.Count];
            for (int c = 0; c < coordinates.Count; c++)
            {
                (int i, int e) = coordinates[c];
                object? output = gradientArguments[outputSlot[i]];
                reverse[c] = e < 0 ? ToDouble(output) : ToDouble(((Array)output!).GetValue(e));
                if (tapeGradient is not null)
                {
                    tapeReverse[c] = ToDouble(tapeArguments[outputSlot[i]]);
                }

                // Forward mode along the c-th unit vector gives ∂f/∂xc.
                object?[] derivativeArguments = Copy(arguments)
                    .Concat(parameters.Where(IsDifferentiable).Select(p =>
                    {
                        int k = Array.IndexOf(parameters, p);
                        if (arguments[k] is Array a)
                        {
                            Array unit = Filled(a, 0);
                            if (k == i)
                            {
                                unit.SetValue(Convert(1, a.GetType().GetElementType()!), e);
                            }

                            return unit;
                        }

                        return Convert(k == i ? 1.0 : 0.0, p.ParameterType);
                    }))
                    .Append(null)
                    .ToArray();
                double forwardValue = ToDouble(SpanInvoker.Invoke(derivative, derivativeArguments));
                Assert.True(SameValue(value, forwardValue, valueTolerance), $"{function.Name}Derivative returned {forwardValue}, the method {value}");
                forward[c] = ToDouble(derivativeArguments[^1]);
                if (tapeDerivative is not null)
                {
                    object?[] tapeDerivativeArguments = Copy(derivativeArguments);
                    double tapeValue = ToDouble(SpanInvoker.Invoke(tapeDerivative, tapeDerivativeArguments));
                    Assert.True(SameValue(value, tapeValue, modeTolerance), $"{function.Name}Derivative on the tape returned {tapeValue}, the method {value}");
                    tapeForward[c] = ToDouble(tapeDerivativeArguments[^1]);
                }

                bool single = ElementType(parameters[i].ParameterType) == typeof(float);
                double step = single ? 1e-2 : 1e-5;
                (double fine, double fineBend) = Differences(function, arguments, i, e, step, value);
                (double coarse, double coarseBend) = Differences(function, arguments, i, e, 4 * step, value);

                // Richardson: the central difference's error is c·h² + O(h⁴), so (16·D(h) − D(4h)) / 15 removes the
                // h² term, which on a steep, curved method (a derivative of 256 through five nested cosines) is
                // already 4e-6 of the derivative at h = 1e-5.
                numeric[c] = fine + (fine - coarse) / 15;

                // Near a kink the two step sizes disagree: skip such points rather than blame the derivative. A kink
                // between x − h and x + h shows as one-sided slopes that differ by the same jump at h and at 4h, where
                // on a smooth method they differ by f''·h, four times less at h than at 4h; the central differences
                // there are the average of the two slopes, not the derivative of either side.
                if (!double.IsFinite(numeric[c]) || !double.IsFinite(coarse))
                {
                    skip ??= SkipReason.NonFiniteDifference;
                }
                else if (RelativeError(fine, coarse) > 100 * finiteDifferenceTolerance
                    || (Math.Abs(fineBend) > finiteDifferenceTolerance * Math.Max(1, Math.Abs(fine)) && Math.Abs(fineBend) > 0.5 * Math.Abs(coarseBend)))
                {
                    skip ??= SkipReason.Kink;
                }
            }

            // The modes and the tape compute exact derivatives: they must agree even where central differences cannot
            // judge them, as long as the method's value is finite (at an infinite value the engines may differ).
            for (int c = 0; c < coordinates.Count && double.IsFinite(value); c++)
            {
                (int i, int e) = coordinates[c];
                string where = $"{function.DeclaringType!.Name}.{function.Name} at ({string.Join(", ", arguments.Select(Show))}), ∂/∂{parameters[i].Name}{(e < 0 ? string.Empty : $"[{e}]")}";
                Assert.True(SameDerivative(reverse[c], forward[c], modeTolerance), $"{where}: reverse {reverse[c]:R} vs forward {forward[c]:R}");
                if (tapeGradient is not null)
                {
                    Assert.True(SameDerivative(reverse[c], tapeReverse[c], modeTolerance), $"{where}: reverse {reverse[c]:R} vs tape reverse {tapeReverse[c]:R}");
                    Assert.True(SameDerivative(forward[c], tapeForward[c], modeTolerance), $"{where}: forward {forward[c]:R} vs tape forward {tapeForward[c]:R}");
                }
            }

            if (skip is not null)
            {
                skipped++;
                reasons[skip] = reasons.TryGetValue(skip, out int count) ? count + 1 : 1;
                continue;
            }

            checkedPoints++;
            for (int c = 0; c < coordinates.Count; c++)
            {
                (int i, int e) = coordinates[c];
                string where = $"{function.DeclaringType!.Name}.{function.Name} at ({string.Join(", ", arguments.Select(Show))}), ∂/∂{parameters[i].Name}{(e < 0 ? string.Empty : $"[{e}]")}";
                double modeError = RelativeError(reverse[c], forward[c]);
                double fdError = RelativeError(reverse[c], numeric[c]);
                worstMode = Math.Max(worstMode, modeError);
                worstFd = Math.Max(worstFd, fdError);
                Assert.True(modeError <= modeTolerance, $"{where}: reverse {reverse[c]:R} vs forward {forward[c]:R}");
                Assert.True(fdError <= finiteDifferenceTolerance, $"{where}: reverse {reverse[c]:R} vs central differences {numeric[c]:R}");
            }
        }

        Assert.True(!requireMostPoints || checkedPoints >= points / 2, $"{function.Name}: only {checkedPoints} of {points} points were away from kinks");
        return new Report(checkedPoints, skipped, worstFd, worstMode, reasons);
    }

    /// <summary>Exact derivatives agree to rounding; two NaNs (the same undefined derivative) agree too.</summary>
    private static bool SameDerivative(double a, double b, double tolerance) =>
        RelativeError(a, b) <= tolerance || (double.IsNaN(a) && double.IsNaN(b));

    internal static string Show(object? argument) =>
        argument is Array array ? "[" + string.Join(", ", array.Cast<object>()) + "]" : argument?.ToString() ?? "null";

    internal static object?[] Copy(object?[] arguments) =>
        arguments.Select(a => a is Array array ? (object)array.Clone() : a).ToArray();

    internal static Array Filled(Array like, double value)
    {
        Array array = Array.CreateInstance(like.GetType().GetElementType()!, like.Length);
        for (int i = 0; i < array.Length; i++)
        {
            array.SetValue(Convert(value, array.GetType().GetElementType()!), i);
        }

        return array;
    }

    internal static double Read(object?[] arguments, int parameter, int element) =>
        element < 0 ? ToDouble(arguments[parameter]) : ToDouble(((Array)arguments[parameter]!).GetValue(element));

    /// <summary>The element type of a vector parameter type, or the type itself.</summary>
    internal static Type ElementType(Type type) =>
        type.IsArray ? type.GetElementType()! : type.IsGenericType ? type.GetGenericArguments()[0] : type;

    private static bool IsVector(Type type) =>
        type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>));

    public static bool IsDifferentiable(ParameterInfo parameter) =>
        (ElementType(parameter.ParameterType) == typeof(double) || ElementType(parameter.ParameterType) == typeof(float))
        && parameter.GetCustomAttribute<NoDerivativeAttribute>() is null;

    /// <summary>The runtime gradient checker's measure, with equal values (also equal infinities) exact.</summary>
    public static double RelativeError(double a, double b) =>
        a == b ? 0 : GradientCheckResult.RelativeError(a, b);

    /// <summary>The runtime's central difference (<see cref="GradientCheck.CentralDifference(Func{double, double}, double, double, Func{double, double}?)"/>) along one coordinate of the arguments.</summary>
    internal static double Central(MethodInfo function, object?[] arguments, int index, int element, double step)
    {
        Type type = ElementType(function.GetParameters()[index].ParameterType);
        return GradientCheck.CentralDifference(
            value =>
            {
                object?[] moved = Copy(arguments);
                Write(moved, index, element, Convert(value, type));
                return ToDouble(SpanInvoker.Invoke(function, moved));
            },
            Read(arguments, index, element),
            step,
            Rounding(type));
    }

    /// <summary>Calls FGradient (<paramref name="tangents"/> false) or FDerivative with zero seeds at the arguments and asserts it throws <paramref name="thrown"/>'s type.</summary>
    private static void AssertThrows(ArgumentException thrown, MethodInfo generated, ParameterInfo[] parameters, object?[] arguments, bool tangents)
    {
        object?[] all = Copy(arguments).Concat(parameters.Where(IsDifferentiable).Select(p =>
            arguments[Array.IndexOf(parameters, p)] is Array a ? Filled(a, 0) : tangents ? Convert(0.0, p.ParameterType) : null)).ToArray();
        if (tangents)
        {
            all = all.Append(null).ToArray();
        }

        Exception? caught = Record.Exception(() => SpanInvoker.Invoke(generated, all));
        Assert.True(caught?.GetType() == thrown.GetType(), $"{generated.Name} threw {caught?.GetType().Name ?? "nothing"} where the method threw {thrown.GetType().Name}: {thrown.Message}");
    }

    /// <summary>
    /// The central difference (f(x + h) − f(x − h)) / (x⁺ − x⁻) along one coordinate, with h = step · max(1, |x|) as
    /// <see cref="Central"/> takes it, and the difference of the one-sided slopes, (f(x⁺) − f(x)) / (x⁺ − x) − (f(x) − f(x⁻)) / (x − x⁻).
    /// </summary>
    internal static (double Slope, double Bend) Differences(MethodInfo function, object?[] arguments, int index, int element, double step, double value)
    {
        Type type = ElementType(function.GetParameters()[index].ParameterType);
        Func<double, double>? round = Rounding(type);
        double x = Read(arguments, index, element);
        double h = step * Math.Max(1, Math.Abs(x));
        double up = round is null ? x + h : round(x + h);
        double down = round is null ? x - h : round(x - h);
        double At(double point)
        {
            object?[] moved = Copy(arguments);
            Write(moved, index, element, Convert(point, type));
            return ToDouble(SpanInvoker.Invoke(function, moved));
        }

        double fUp = At(up), fDown = At(down);
        return ((fUp - fDown) / (up - down), ((fUp - value) / (up - x)) - ((value - fDown) / (x - down)));
    }

    /// <summary>The rounding a parameter of <paramref name="type"/> applies to a point (float parameters), or null.</summary>
    internal static Func<double, double>? Rounding(Type type) => type == typeof(float) ? v => (float)v : null;

    internal static void Write(object?[] arguments, int parameter, int element, object value)
    {
        if (element < 0)
        {
            arguments[parameter] = value;
        }
        else
        {
            ((Array)arguments[parameter]!).SetValue(value, element);
        }
    }

    /// <summary>The generated method <c>F{suffix}</c> whose leading parameters are <paramref name="function"/>'s.</summary>
    internal static MethodInfo Find(MethodInfo function, string suffix, int parameterCount) =>
        TryFind(function, suffix, parameterCount) ?? throw new InvalidOperationException($"{function.Name}{suffix} with {parameterCount} parameters was not generated");

    /// <summary>As <see cref="Find"/>, or null when the method was not generated.</summary>
    internal static MethodInfo? TryFind(MethodInfo function, string suffix, int parameterCount)
    {
        Type[] leading = function.GetParameters().Select(p => p.ParameterType).ToArray();
        return function.DeclaringType!
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .SingleOrDefault(m => m.Name == function.Name + suffix
                && m.GetParameters().Length == parameterCount
                && m.GetParameters().Take(leading.Length).Select(p => p.ParameterType).SequenceEqual(leading));
    }

    internal static object RandomArgument(ParameterInfo parameter, Random random, double min, double max, int vectorLength)
    {
        Type type = parameter.ParameterType;
        if (IsVector(type))
        {
            // [SampleLength(n)] in the corpus fixes a vector's length; the attribute is matched by name.
            int length = parameter.CustomAttributes.FirstOrDefault(a => a.AttributeType.Name == "SampleLengthAttribute")
                ?.ConstructorArguments[0].Value is int fixedLength ? fixedLength : vectorLength;
            Type element = ElementType(type);
            Array array = Array.CreateInstance(element, length);
            for (int i = 0; i < length; i++)
            {
                array.SetValue(Convert(min + ((max - min) * random.NextDouble()), element), i);
            }

            return array;
        }

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

    internal static object Convert(double value, Type type) => type == typeof(float) ? (object)(float)value : value;

    internal static double ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        _ => throw new InvalidOperationException($"Not a number: {value}"),
    };

    private static bool SameValue(double a, double b, double tolerance) => a.Equals(b) || RelativeError(a, b) < tolerance;
}
