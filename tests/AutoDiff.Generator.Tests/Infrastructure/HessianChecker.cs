using System.Reflection;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Checks a method's generated FHessian and FHessianVectorProduct at random points, by reflection: every
/// Hessian column against central differences of the generated FGradient, exact symmetry, and the
/// product along a random direction against the Hessian times that direction.
/// </summary>
internal static class HessianChecker
{
    public sealed record Report(int PointsChecked, int PointsSkipped, double WorstFiniteDifferenceError, double WorstProductError);

    public static bool HasHessian(MethodInfo function) => NumericChecker.TryFind(function, "Hessian", function.GetParameters().Length + 1) is not null;

    /// <param name="finiteDifferenceTolerance">Relative, against differences of the gradient: |a - b| ≤ tol · max(1, |a|, |b|).</param>
    public static Report Check(
        MethodInfo function, int seed, int points = 4, double min = -2, double max = 2,
        double finiteDifferenceTolerance = 1e-5, int vectorLength = 5, bool requireMostPoints = true)
    {
        ParameterInfo[] parameters = function.GetParameters();
        bool[] differentiable = parameters.Select(NumericChecker.IsDifferentiable).ToArray();
        int[] inputs = Enumerable.Range(0, parameters.Length).Where(i => differentiable[i]).ToArray();
        MethodInfo hessianMethod = NumericChecker.Find(function, "Hessian", parameters.Length + 1);
        MethodInfo gradient = NumericChecker.Find(function, "Gradient", parameters.Length + inputs.Length);
        MethodInfo product = NumericChecker.Find(function, "HessianVectorProduct", parameters.Length + (2 * inputs.Length));
        var random = new Random(seed);
        int checkedPoints = 0, skipped = 0;
        double worstFd = 0, worstProduct = 0;

        // Second derivatives are computed on dual numbers, in double even where the method rounds to float
        // (a float method, or a cast to float), so the value they return may differ from it by float rounding.
        Type real = function.ReturnType;
        bool single = real == typeof(float) || parameters.Any(p => NumericChecker.ElementType(p.ParameterType) == typeof(float));
        double valueTolerance = 1e-6, productTolerance = single ? 1e-5 : 1e-9;
        if (single)
        {
            // Differences of a gradient taken in float, with float-sized steps.
            finiteDifferenceTolerance = Math.Max(finiteDifferenceTolerance, 5e-2);
        }

        for (int point = 0; point < points; point++)
        {
            object?[] arguments = parameters.Select(p => NumericChecker.RandomArgument(p, random, min, max, vectorLength)).ToArray();
            var coordinates = new List<(int Parameter, int Element)>();
            for (int i = 0; i < parameters.Length; i++)
            {
                if (differentiable[i])
                {
                    coordinates.AddRange(arguments[i] is Array array ? Enumerable.Range(0, array.Length).Select(e => (i, e)) : new[] { (i, -1) });
                }
            }

            double value;
            try
            {
                value = NumericChecker.ToDouble(SpanInvoker.Invoke(function, NumericChecker.Copy(arguments)));
            }
            catch (ArgumentException thrown)
            {
                // A guard in the method fired here (a value overflowed into a finiteness check): FHessian must fire it too.
                Array unused = Array.CreateInstance(real, coordinates.Count * coordinates.Count);
                Exception? caught = Record.Exception(() => SpanInvoker.Invoke(hessianMethod, NumericChecker.Copy(arguments).Append(unused).ToArray()));
                Assert.True(caught?.GetType() == thrown.GetType(), $"{function.Name}Hessian threw {caught?.GetType().Name ?? "nothing"} where the method threw {thrown.GetType().Name}");
                skipped++;
                continue;
            }

            int n = coordinates.Count;
            Array hessian = NumericChecker.Filled(Array.CreateInstance(real, n * n), double.NaN);
            double hessianValue = NumericChecker.ToDouble(SpanInvoker.Invoke(hessianMethod, NumericChecker.Copy(arguments).Append(hessian).ToArray()));
            double H(int k) => NumericChecker.ToDouble(hessian.GetValue(k));
            string at = $"{function.DeclaringType!.Name}.{function.Name} at ({string.Join(", ", arguments.Select(NumericChecker.Show))})";
            Assert.True(value.Equals(hessianValue) || NumericChecker.RelativeError(value, hessianValue) < valueTolerance, $"{at}: {function.Name}Hessian returned {hessianValue}, the method {value}");
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    Assert.True(H((i * n) + j).Equals(H((j * n) + i)), $"{at}: H[{i},{j}] = {H((i * n) + j):R} but H[{j},{i}] = {H((j * n) + i):R}");
                }
            }

            // Column j against central differences of the generated gradient along input j.
            bool skip = false;
            var numeric = new double[n * n];
            for (int j = 0; j < n; j++)
            {
                (int p, int e) = coordinates[j];
                double x = NumericChecker.Read(arguments, p, e);
                double step = single ? 1e-2 : 1e-5;
                double[] fine = GradientDifference(gradient, arguments, inputs, p, e, step);
                double[] coarse = GradientDifference(gradient, arguments, inputs, p, e, 4 * step);
                for (int i = 0; i < n; i++)
                {
                    // Richardson: (16·D(h) − D(4h)) / 15 removes the h² term of the difference's error, which on a
                    // steep, curved gradient is already 1e-4 of a second derivative near 2·10⁶ at h = 1e-5.
                    numeric[(i * n) + j] = fine[i] + ((fine[i] - coarse[i]) / 15);

                    // Near a kink of the gradient the two step sizes disagree: skip the point, not blame the Hessian.
                    skip |= double.IsNaN(fine[i]) || NumericChecker.RelativeError(fine[i], coarse[i]) > 100 * finiteDifferenceTolerance;
                }
            }

            if (skip)
            {
                skipped++;
                continue;
            }

            checkedPoints++;
            for (int k = 0; k < n * n; k++)
            {
                double error = NumericChecker.RelativeError(H(k), numeric[k]);
                worstFd = Math.Max(worstFd, error);
                Assert.True(error <= finiteDifferenceTolerance, $"{at}: H[{k / n},{k % n}] = {H(k):R}, differences of the gradient give {numeric[k]:R}");
            }

            // The product along a random direction against H·v.
            double[] direction = Enumerable.Range(0, n).Select(_ => (2 * random.NextDouble()) - 1).ToArray();
            object?[] productArguments = NumericChecker.Copy(arguments)
                .Concat(Split(parameters, differentiable, arguments, direction))
                .Concat(parameters.Where((_, i) => differentiable[i]).Select(p => arguments[Array.IndexOf(parameters, p)] is Array a ? (object?)NumericChecker.Filled(a, double.NaN) : null))
                .ToArray();
            double productValue = NumericChecker.ToDouble(SpanInvoker.Invoke(product, productArguments));
            Assert.True(value.Equals(productValue) || NumericChecker.RelativeError(value, productValue) < valueTolerance, $"{at}: {function.Name}HessianVectorProduct returned {productValue}, the method {value}");
            double[] products = Flatten(productArguments.Skip(parameters.Length + inputs.Length).ToArray());
            for (int i = 0; i < n; i++)
            {
                double expected = 0, scale = 0;
                for (int j = 0; j < n; j++)
                {
                    expected += H((i * n) + j) * direction[j];
                    scale += Math.Abs(H((i * n) + j) * direction[j]);
                }

                double error = Math.Abs(products[i] - expected) / Math.Max(1, scale);
                worstProduct = Math.Max(worstProduct, error);
                Assert.True(error <= productTolerance, $"{at}: (H·v)[{i}] = {products[i]:R}, H times v gives {expected:R}");
            }
        }

        Assert.True(!requireMostPoints || checkedPoints >= points / 2, $"{function.Name}: only {checkedPoints} of {points} points were away from kinks");
        return new Report(checkedPoints, skipped, worstFd, worstProduct);
    }

    /// <summary>Central differences of the gradient along one coordinate: a column of the Hessian (the runtime's difference).</summary>
    private static double[] GradientDifference(MethodInfo gradient, object?[] arguments, int[] inputs, int parameter, int element, double step)
    {
        Type type = NumericChecker.ElementType(gradient.GetParameters()[parameter].ParameterType);
        double[] difference = new double[Gradient(gradient, arguments, inputs).Length];
        GradientCheck.CentralDifference(
            (value, values) =>
            {
                object?[] moved = NumericChecker.Copy(arguments);
                NumericChecker.Write(moved, parameter, element, NumericChecker.Convert(value, type));
                Gradient(gradient, moved, inputs).CopyTo(values);
            },
            NumericChecker.Read(arguments, parameter, element),
            difference,
            step,
            NumericChecker.Rounding(type));
        return difference;
    }

    private static double[] Gradient(MethodInfo gradient, object?[] arguments, int[] inputs)
    {
        int count = arguments.Length;
        var outputs = inputs.Select(i => arguments[i] is Array a ? (object?)NumericChecker.Filled(a, double.NaN) : null);
        object?[] all = arguments.Concat(outputs).ToArray();
        SpanInvoker.Invoke(gradient, all);
        return Flatten(all.Skip(count).ToArray());
    }

    /// <summary>Splits a flat direction into one argument per differentiable parameter (a scalar or an array).</summary>
    private static IEnumerable<object?> Split(ParameterInfo[] parameters, bool[] differentiable, object?[] arguments, double[] direction)
    {
        int offset = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            if (!differentiable[i])
            {
                continue;
            }

            Type type = NumericChecker.ElementType(parameters[i].ParameterType);
            if (arguments[i] is Array a)
            {
                Array part = Array.CreateInstance(type, a.Length);
                for (int k = 0; k < a.Length; k++)
                {
                    part.SetValue(NumericChecker.Convert(direction[offset++], type), k);
                }

                yield return part;
            }
            else
            {
                yield return NumericChecker.Convert(direction[offset++], type);
            }
        }
    }

    private static double[] Flatten(object?[] values) =>
        values.SelectMany(v => v is Array a ? a.Cast<object>().Select(NumericChecker.ToDouble) : new[] { NumericChecker.ToDouble(v) }).ToArray();
}
