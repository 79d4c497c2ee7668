using System.Reflection;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Checks the generated derivatives of a method with parameters and results as users declare them (structs and
/// tuples of reals, spans of structs, 2-D and jagged arrays, <c>in</c> parameters, data of any type, instance
/// methods, generic methods over the number type), by reflection, through <see cref="Shape"/>s: every coordinate
/// of every generated method against central differences and against the other mode. A scalar result: FGradient
/// vs FDerivative vs central differences, and FHessian and FHessianVectorProduct where generated. A tuple or struct
/// result: FJacobian vs FJvp columns vs FVjp rows vs central differences.
/// </summary>
internal static class CompositeChecker
{
    public sealed record Report(int PointsChecked, int PointsSkipped, IReadOnlyDictionary<string, int> SkipReasons);

    /// <summary>Whether <see cref="NumericChecker"/> (scalars and vectors of reals on a static method) cannot check it.</summary>
    public static bool Needed(MethodInfo method) =>
        !method.IsStatic || method.IsGenericMethodDefinition || (method.ReturnType != typeof(double) && method.ReturnType != typeof(float))
        || method.GetParameters().Any(p => p.ParameterType.IsByRef || Shape.Of(p.ParameterType) is StructShape or MatrixShape or JaggedShape
            || Shape.Of(p.ParameterType) is ArrayShape { Element: StructShape }
            || (Shape.Of(p.ParameterType) is DataShape && p.ParameterType != typeof(int) && p.ParameterType != typeof(long) && p.ParameterType != typeof(bool)));

    /// <summary>Checks the method for each number type it is written over (double and float for a generic method).</summary>
    public static Report Check(
        MethodInfo function, int seed, int points = 6, double min = -2, double max = 2,
        double finiteDifferenceTolerance = 1e-6, double modeTolerance = 1e-10, int vectorLength = 5, bool requireMostPoints = true, bool hessians = true)
    {
        if (function.IsGenericMethodDefinition)
        {
            Report? last = null;
            foreach (Type number in new[] { typeof(double), typeof(float) })
            {
                MethodInfo closed = function.MakeGenericMethod(number);
                bool single = number == typeof(float);
                last = CheckClosed(closed, function, seed, points, min, max, single ? Math.Max(finiteDifferenceTolerance, 2e-2) : finiteDifferenceTolerance,
                    single ? Math.Max(modeTolerance, 1e-5) : modeTolerance, vectorLength, requireMostPoints, hessians);
            }

            return last!;
        }

        return CheckClosed(function, function, seed, points, min, max, finiteDifferenceTolerance, modeTolerance, vectorLength, requireMostPoints, hessians);
    }

    private sealed record Parameter(ParameterInfo Info, Shape Shape, bool Differentiable);

    private static Report CheckClosed(
        MethodInfo function, MethodInfo definition, int seed, int points, double min, double max,
        double fdTolerance, double modeTolerance, int vectorLength, bool requireMostPoints, bool hessians)
    {
        Parameter[] parameters = function.GetParameters().Select(p => new Parameter(p, Shape.Of(p.ParameterType), IsDifferentiable(p))).ToArray();
        Parameter[] inputs = parameters.Where(p => p.Differentiable).ToArray();
        object? target = function.IsStatic ? null : DataShape.Sample(function.DeclaringType!);
        bool single = function.ReturnType == typeof(float) || Shape.Of(function.ReturnType) is StructShape s && s.CoordinateType(null, 0) == typeof(float)
            || inputs.Any(p => p.Shape.CoordinateType(null, 0) == typeof(float) && p.Shape is RealShape or StructShape);
        double valueTolerance = single ? 1e-5 : 1e-10;
        Shape result = Shape.Of(function.ReturnType);
        bool vectorValued = result is StructShape;
        var random = new Random(seed);
        int checkedPoints = 0, skipped = 0;
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);

        for (int point = 0; point < points; point++)
        {
            object?[] arguments = parameters.Select(p => p.Shape.Random(random, min, max, p.Info, vectorLength)).ToArray();
            double[] value = result.Flatten(Call(function, target, arguments));
            var coordinates = new List<(int Parameter, int K)>();
            foreach (Parameter p in inputs)
            {
                int index = Array.IndexOf(parameters, p);
                coordinates.AddRange(Enumerable.Range(0, p.Shape.Count(arguments[index])).Select(k => (index, k)));
            }

            string at = $"{function.DeclaringType!.Name}.{function.Name} at ({string.Join(", ", arguments.Select(Show))})";
            int m = value.Length, n = coordinates.Count;

            // Central differences, column by column: the reference, unless a kink or a non-finite value spoils it.
            string? skip = value.All(double.IsFinite) ? null : NumericChecker.SkipReason.NonFiniteValue;
            var numeric = new double[m, n];
            for (int c = 0; c < n; c++)
            {
                (int p, int k) = coordinates[c];
                bool floatCoordinate = parameters[p].Shape.CoordinateType(arguments[p], k) == typeof(float);
                double step = floatCoordinate || single ? 1e-2 : 1e-5;
                double[] fine = Difference(function, target, parameters, arguments, result, p, k, step, floatCoordinate);
                double[] coarse = Difference(function, target, parameters, arguments, result, p, k, 4 * step, floatCoordinate);
                for (int i = 0; i < m; i++)
                {
                    // Richardson: (16·D(h) − D(4h)) / 15 removes the h² term of the difference's error, which with
                    // float steps of 1e-2 is 3 % on exp(sin(5.56·x²)) at x = 1.19 (found by the fuzzer, seed 302612).
                    numeric[i, c] = fine[i] + ((fine[i] - coarse[i]) / 15);
                    if (!double.IsFinite(fine[i]) || !double.IsFinite(coarse[i]))
                    {
                        skip ??= NumericChecker.SkipReason.NonFiniteDifference;
                    }
                    else if (NumericChecker.RelativeError(fine[i], coarse[i]) > 100 * fdTolerance)
                    {
                        skip ??= NumericChecker.SkipReason.Kink;
                    }
                }
            }

            double[,] reverse, forward;
            if (vectorValued)
            {
                (reverse, forward) = JacobianModes(function, definition, target, parameters, inputs, arguments, result, value, n, at, valueTolerance, modeTolerance);
            }
            else
            {
                (reverse, forward) = GradientModes(function, definition, target, parameters, inputs, arguments, value[0], n, at, valueTolerance);
            }

            // Exact derivatives agree with each other at every point, kinks or not.
            for (int i = 0; i < m; i++)
            {
                for (int c = 0; c < n; c++)
                {
                    Assert.True(
                        SameDerivative(reverse[i, c], forward[i, c], modeTolerance),
                        $"{at}: output {i}, ∂/∂{Name(parameters, coordinates[c])}: reverse {reverse[i, c]:R} vs forward {forward[i, c]:R}");
                }
            }

            if (skip is not null)
            {
                skipped++;
                reasons[skip] = reasons.TryGetValue(skip, out int count) ? count + 1 : 1;
                continue;
            }

            checkedPoints++;
            for (int i = 0; i < m; i++)
            {
                for (int c = 0; c < n; c++)
                {
                    Assert.True(
                        NumericChecker.RelativeError(reverse[i, c], numeric[i, c]) <= fdTolerance,
                        $"{at}: output {i}, ∂/∂{Name(parameters, coordinates[c])}: reverse {reverse[i, c]:R} vs central differences {numeric[i, c]:R}");
                }
            }

            if (hessians && !vectorValued)
            {
                CheckHessian(function, definition, target, parameters, inputs, arguments, value[0], n, at, random, single);
            }
        }

        Assert.True(!requireMostPoints || checkedPoints >= points / 2, $"{function.Name}: only {checkedPoints} of {points} points were away from kinks");
        return new Report(checkedPoints, skipped, reasons);
    }

    /// <summary>FGradient (one row) and FDerivative along each unit coordinate (one column each), for a scalar result.</summary>
    private static (double[,] Reverse, double[,] Forward) GradientModes(
        MethodInfo function, MethodInfo definition, object? target, Parameter[] parameters, Parameter[] inputs, object?[] arguments, double value, int n,
        string at, double valueTolerance)
    {
        MethodInfo gradient = Find(function, definition, "Gradient", parameters.Length + inputs.Length);
        MethodInfo derivative = Find(function, definition, "Derivative", parameters.Length + inputs.Length + 1);
        object?[] gradientArguments = Copy(arguments).Concat(inputs.Select(p => Buffer(p, arguments[Array.IndexOf(parameters, p)]))).ToArray();
        double gradientValue = Shape.ToDouble(Call(gradient, target, gradientArguments));
        Assert.True(SameValue(value, gradientValue, valueTolerance), $"{at}: {function.Name}Gradient returned {gradientValue}, the method {value}");
        double[] flat = inputs.SelectMany((p, j) => p.Shape.Flatten(gradientArguments[parameters.Length + j])).ToArray();

        var reverse = new double[1, n];
        var forward = new double[1, n];
        for (int c = 0; c < n; c++)
        {
            reverse[0, c] = flat[c];
            object?[] tangents = Unit(parameters, inputs, arguments, c);
            object?[] derivativeArguments = Copy(arguments).Concat(tangents).Append(null).ToArray();
            double derivativeValue = Shape.ToDouble(Call(derivative, target, derivativeArguments));
            Assert.True(SameValue(value, derivativeValue, valueTolerance), $"{at}: {function.Name}Derivative returned {derivativeValue}, the method {value}");
            forward[0, c] = Shape.ToDouble(derivativeArguments[^1]);
        }

        return (reverse, forward);
    }

    /// <summary>
    /// For a tuple or struct result: FJacobian, checked against its FJvp columns and FVjp rows; returns (Jacobian from Vjp
    /// rows, Jacobian from Jvp columns) after asserting FJacobian equals them.
    /// </summary>
    private static (double[,] Reverse, double[,] Forward) JacobianModes(
        MethodInfo function, MethodInfo definition, object? target, Parameter[] parameters, Parameter[] inputs, object?[] arguments, Shape result,
        double[] value, int n, string at, double valueTolerance, double modeTolerance)
    {
        int m = value.Length;
        bool tuple = function.ReturnType.IsGenericType && function.ReturnType.FullName!.StartsWith("System.ValueTuple", StringComparison.Ordinal);
        int resultParameters = tuple ? m : 1;
        MethodInfo jacobianMethod = Find(function, definition, "Jacobian", parameters.Length + 1);
        MethodInfo jvp = Find(function, definition, "Jvp", parameters.Length + inputs.Length + resultParameters);
        MethodInfo vjp = Find(function, definition, "Vjp", parameters.Length + resultParameters + inputs.Length);
        Type element = jacobianMethod.GetParameters()[^1].ParameterType.GetGenericArguments()[0];

        Array jacobian = Array.CreateInstance(element, m * n);
        for (int k = 0; k < m * n; k++)
        {
            jacobian.SetValue(Shape.Convert(double.NaN, element), k);
        }

        double[] jacobianValue = result.Flatten(Call(jacobianMethod, target, Copy(arguments).Append(jacobian).ToArray()));
        AssertValues(value, jacobianValue, valueTolerance, $"{at}: {function.Name}Jacobian");

        var forward = new double[m, n];
        for (int c = 0; c < n; c++)
        {
            object?[] all = Copy(arguments).Concat(Unit(parameters, inputs, arguments, c)).Concat(new object?[resultParameters]).ToArray();
            AssertValues(value, result.Flatten(Call(jvp, target, all)), valueTolerance, $"{at}: {function.Name}Jvp");
            double[] column = tuple
                ? all.Skip(all.Length - m).Select(Shape.ToDouble).ToArray()
                : result.Flatten(all[^1]);
            for (int i = 0; i < m; i++)
            {
                forward[i, c] = column[i];
            }
        }

        var reverse = new double[m, n];
        object? like = Call(function, target, Copy(arguments));
        for (int i = 0; i < m; i++)
        {
            double[] unit = new double[m];
            unit[i] = 1;
            IEnumerable<object?> seeds = tuple
                ? unit.Select((u, k) => (object?)Shape.Convert(u, vjp.GetParameters()[parameters.Length + k].ParameterType))
                : new object?[] { result.Make(like, unit) };
            object?[] all = Copy(arguments).Concat(seeds).Concat(inputs.Select(p => Buffer(p, arguments[Array.IndexOf(parameters, p)]))).ToArray();
            AssertValues(value, result.Flatten(Call(vjp, target, all)), valueTolerance, $"{at}: {function.Name}Vjp");
            double[] row = inputs.SelectMany((p, j) => p.Shape.Flatten(all[parameters.Length + resultParameters + j])).ToArray();
            for (int c = 0; c < n; c++)
            {
                reverse[i, c] = row[c];
            }
        }

        for (int i = 0; i < m; i++)
        {
            for (int c = 0; c < n; c++)
            {
                double j = Shape.ToDouble(jacobian.GetValue((i * n) + c));
                Assert.True(SameDerivative(j, forward[i, c], modeTolerance), $"{at}: Jacobian[{i},{c}] = {j:R}, Jvp gives {forward[i, c]:R}");
            }
        }

        return (reverse, forward);
    }

    /// <summary>FHessian against central differences of FGradient, exact symmetry, and FHessianVectorProduct against H·v.</summary>
    private static void CheckHessian(
        MethodInfo function, MethodInfo definition, object? target, Parameter[] parameters, Parameter[] inputs, object?[] arguments, double value, int n,
        string at, Random random, bool single)
    {
        MethodInfo? hessianMethod = TryFind(function, definition, "Hessian", parameters.Length + 1);
        if (hessianMethod is null || n == 0)
        {
            return;
        }

        MethodInfo gradient = Find(function, definition, "Gradient", parameters.Length + inputs.Length);
        MethodInfo product = Find(function, definition, "HessianVectorProduct", parameters.Length + (2 * inputs.Length));
        Type element = hessianMethod.GetParameters()[^1].ParameterType.GetGenericArguments()[0];
        Array hessian = Array.CreateInstance(element, n * n);
        double hessianValue = Shape.ToDouble(Call(hessianMethod, target, Copy(arguments).Append(hessian).ToArray()));
        Assert.True(SameValue(value, hessianValue, 1e-6), $"{at}: {function.Name}Hessian returned {hessianValue}, the method {value}");
        double H(int k) => Shape.ToDouble(hessian.GetValue(k));
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Assert.True(H((i * n) + j).Equals(H((j * n) + i)), $"{at}: H[{i},{j}] = {H((i * n) + j):R} but H[{j},{i}] = {H((j * n) + i):R}");
            }
        }

        double tolerance = single ? 5e-2 : 1e-5;
        double step = single ? 1e-2 : 1e-5;
        var coordinates = new List<(int Parameter, int K)>();
        foreach (Parameter p in inputs)
        {
            int index = Array.IndexOf(parameters, p);
            coordinates.AddRange(Enumerable.Range(0, p.Shape.Count(arguments[index])).Select(k => (index, k)));
        }

        bool skip = false;
        var numeric = new double[n * n];
        for (int c = 0; c < n; c++)
        {
            (int p, int k) = coordinates[c];
            double[] fine = GradientDifference(gradient, target, parameters, inputs, arguments, p, k, step);
            double[] coarse = GradientDifference(gradient, target, parameters, inputs, arguments, p, k, 4 * step);
            for (int i = 0; i < n; i++)
            {
                numeric[(i * n) + c] = fine[i] + ((fine[i] - coarse[i]) / 15); // Richardson, as for the gradient
                skip |= !double.IsFinite(fine[i]) || NumericChecker.RelativeError(fine[i], coarse[i]) > 100 * tolerance;
            }
        }

        if (!skip)
        {
            for (int k = 0; k < n * n; k++)
            {
                Assert.True(NumericChecker.RelativeError(H(k), numeric[k]) <= tolerance, $"{at}: H[{k / n},{k % n}] = {H(k):R}, differences of the gradient give {numeric[k]:R}");
            }
        }

        // H·v along a random direction.
        double[] direction = Enumerable.Range(0, n).Select(_ => (2 * random.NextDouble()) - 1).ToArray();
        var directions = new List<object?>();
        int offset = 0;
        foreach (Parameter p in inputs)
        {
            object? argument = arguments[Array.IndexOf(parameters, p)];
            int count = p.Shape.Count(argument);
            directions.Add(p.Shape.Make(argument, direction.AsSpan(offset, count)));
            offset += count;
        }

        object?[] all = Copy(arguments).Concat(directions).Concat(inputs.Select(p => Buffer(p, arguments[Array.IndexOf(parameters, p)]))).ToArray();
        Call(product, target, all);
        double[] products = inputs.SelectMany((p, j) => p.Shape.Flatten(all[parameters.Length + inputs.Length + j])).ToArray();
        for (int i = 0; i < n; i++)
        {
            double expected = 0, scale = 0;
            for (int j = 0; j < n; j++)
            {
                expected += H((i * n) + j) * direction[j];
                scale += Math.Abs(H((i * n) + j) * direction[j]);
            }

            Assert.True(Math.Abs(products[i] - expected) / Math.Max(1, scale) <= (single ? 1e-5 : 1e-9), $"{at}: (H·v)[{i}] = {products[i]:R}, H times v gives {expected:R}");
        }
    }

    private static double[] GradientDifference(MethodInfo gradient, object? target, Parameter[] parameters, Parameter[] inputs, object?[] arguments, int p, int k, double step)
    {
        double x = parameters[p].Shape.Flatten(arguments[p])[k];
        double[] Gradient(double at)
        {
            object?[] moved = Copy(arguments);
            moved[p] = parameters[p].Shape.With(moved[p], k, at);
            object?[] all = moved.Concat(inputs.Select(q => Buffer(q, moved[Array.IndexOf(parameters, q)]))).ToArray();
            Call(gradient, target, all);
            return inputs.SelectMany((q, j) => q.Shape.Flatten(all[parameters.Length + j])).ToArray();
        }

        return Columnwise(Gradient, Gradient(x).Length, x, step, round: null);
    }

    /// <summary>The result's reals moved along coordinate <paramref name="k"/> of parameter <paramref name="p"/> by ±step, differenced.</summary>
    private static double[] Difference(MethodInfo function, object? target, Parameter[] parameters, object?[] arguments, Shape result, int p, int k, double step, bool floatCoordinate)
    {
        double x = parameters[p].Shape.Flatten(arguments[p])[k];
        double[] Value(double at)
        {
            object?[] moved = Copy(arguments);
            moved[p] = parameters[p].Shape.With(moved[p], k, at);
            return result.Flatten(Call(function, target, moved));
        }

        return Columnwise(Value, result.Flatten(Call(function, target, Copy(arguments))).Length, x, step, floatCoordinate ? at => (float)at : null);
    }

    /// <summary>
    /// The runtime's central difference (<see cref="GradientCheck.CentralDifference(Action{double, Span{double}}, double, Span{double}, double, Func{double, double}?)"/>)
    /// of <paramref name="count"/> values along one coordinate, with the absolute <paramref name="step"/> these checkers use.
    /// </summary>
    private static double[] Columnwise(Func<double, double[]> values, int count, double x, double step, Func<double, double>? round)
    {
        var difference = new double[count];
        GradientCheck.CentralDifference((at, into) => values(at).CopyTo(into), x, difference, step / Math.Max(1, Math.Abs(x)), round);
        return difference;
    }

    /// <summary>One tangent per input: the unit vector of coordinate <paramref name="c"/>, shaped like each input.</summary>
    private static object?[] Unit(Parameter[] parameters, Parameter[] inputs, object?[] arguments, int c)
    {
        var tangents = new object?[inputs.Length];
        int offset = 0;
        for (int j = 0; j < inputs.Length; j++)
        {
            object? argument = arguments[Array.IndexOf(parameters, inputs[j])];
            int count = inputs[j].Shape.Count(argument);
            var unit = new double[count];
            if (c >= offset && c < offset + count)
            {
                unit[c - offset] = 1;
            }

            tangents[j] = inputs[j].Shape.Make(argument, unit);
            offset += count;
        }

        return tangents;
    }

    /// <summary>A gradient argument: an array the size of the input filled with NaN (the method must overwrite it), or null for an out.</summary>
    private static object? Buffer(Parameter input, object? argument) => input.Shape switch
    {
        ArrayShape or MatrixShape or JaggedShape => input.Shape.Make(argument, Enumerable.Repeat(double.NaN, input.Shape.Count(argument)).ToArray()),
        _ => null,
    };

    private static object? Call(MethodInfo method, object? target, object?[] arguments) => SpanInvoker.Invoke(method, target, arguments);

    private static object?[] Copy(object?[] arguments) => arguments.Select(a => a is Array array ? array.Clone() : a).ToArray();

    private static bool IsDifferentiable(ParameterInfo parameter) =>
        Shape.Of(parameter.ParameterType).IsReal && parameter.GetCustomAttribute<NoDerivativeAttribute>() is null
        && !(parameter.ParameterType.IsGenericType && parameter.ParameterType.GetGenericTypeDefinition() == typeof(Span<>));

    private static MethodInfo Find(MethodInfo function, MethodInfo definition, string suffix, int count) =>
        TryFind(function, definition, suffix, count) ?? throw new InvalidOperationException($"{function.Name}{suffix} with {count} parameters was not generated");

    /// <summary>The generated method <c>F{suffix}</c> whose leading parameters are F's (closed like F when F is generic).</summary>
    private static MethodInfo? TryFind(MethodInfo function, MethodInfo definition, string suffix, int count)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        Type[] leading = function.GetParameters().Select(p => p.ParameterType).ToArray();
        foreach (MethodInfo candidate in function.DeclaringType!.GetMethods(flags).Where(m => m.Name == function.Name + suffix && m.GetParameters().Length == count))
        {
            MethodInfo closed = candidate.IsGenericMethodDefinition && function.IsGenericMethod
                ? candidate.MakeGenericMethod(function.GetGenericArguments())
                : candidate;
            if (closed.GetParameters().Take(leading.Length).Select(p => p.ParameterType).SequenceEqual(leading))
            {
                return closed;
            }
        }

        return null;
    }

    private static string Name(Parameter[] parameters, (int Parameter, int K) coordinate) =>
        parameters[coordinate.Parameter].Info.Name + (parameters[coordinate.Parameter].Shape is RealShape ? string.Empty : $"[{coordinate.K}]");

    private static string Show(object? argument) => argument switch
    {
        Array array => "[" + string.Join(", ", array.Cast<object?>().Select(Show)) + "]",
        Delegate => "delegate",
        _ => argument?.ToString() ?? "null",
    };

    private static void AssertValues(double[] expected, double[] actual, double tolerance, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(SameValue(expected[i], actual[i], tolerance), $"{what} returned {actual[i]:R} for element {i}, the method {expected[i]:R}");
        }
    }

    private static bool SameDerivative(double a, double b, double tolerance) =>
        NumericChecker.RelativeError(a, b) <= tolerance || (double.IsNaN(a) && double.IsNaN(b));

    private static bool SameValue(double a, double b, double tolerance) => a.Equals(b) || NumericChecker.RelativeError(a, b) < tolerance;
}
