using System.Reflection;
using AutoDiff.Generator.Tests.Infrastructure;

namespace AutoDiff.Generator.Tests.Jacobians;

/// <summary>
/// Vector-valued methods (void, Span outputs): the generated FJacobian, FJvp and FVjp, each scenario compared
/// with its snapshot and checked against central differences of F, against a Jacobian assembled from Jvp
/// columns and one assembled from Vjp rows, and for ⟨Vjp(ȳ), ẋ⟩ = ⟨ȳ, Jvp(ẋ)⟩.
/// </summary>
public class JacobianTests
{
    [Fact]
    public void Curve_fit_residuals_tall() => Scenario(nameof(Curve_fit_residuals_tall), """
        public static void F(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> t, [NoDerivative] ReadOnlySpan<double> y, Span<double> r)
        {
            for (int i = 0; i < r.Length; i++)
            {
                r[i] = y[i] - p[0] * Math.Exp(-p[1] * t[i]);
            }
        }
        """, new() { ["p"] = 2, ["t"] = 7, ["y"] = 7, ["r"] = 7 }, expectForward: true);

    [Fact]
    public void Wide_map_with_a_scalar_input() => Scenario(nameof(Wide_map_with_a_scalar_input), """
        public static void F(ReadOnlySpan<double> w, double s, Span<double> r)
        {
            double sum = 0;
            for (int i = 0; i < w.Length; i++)
            {
                sum += w[i] * w[i];
            }

            r[0] = Math.Sin(s * sum);
            r[1] = sum / (1 + s * s);
        }
        """, new() { ["w"] = 6, ["r"] = 2 }, expectForward: false);

    [Fact]
    public void Square_map_with_two_outputs_and_a_branch() => Scenario(nameof(Square_map_with_two_outputs_and_a_branch), """
        public static void F(double x, double[] v, Span<double> a, Span<double> b)
        {
            a[0] = x * v[0];
            if (x > 0)
            {
                a[1] = Math.Exp(v[1]) + x;
            }
            else
            {
                a[1] = v[1] * v[1];
            }

            b[0] = a[0] * a[1];
        }
        """, new() { ["v"] = 2, ["a"] = 2, ["b"] = 1 }, expectForward: true);

    [Fact]
    public void Output_read_back_and_overwritten() => Scenario(nameof(Output_read_back_and_overwritten), """
        public static void F(ReadOnlySpan<double> x, Span<double> r)
        {
            for (int i = 0; i < r.Length; i++)
            {
                r[i] = x[i] * x[(i + 1) % x.Length];
            }

            for (int i = 1; i < r.Length; i++)
            {
                r[i] = Math.Tanh(r[i] + r[i - 1]);
            }
        }
        """, new() { ["x"] = 4, ["r"] = 4 }, expectForward: true);

    [Fact]
    public void Float_outputs_and_an_output_no_input_reaches() => Scenario(nameof(Float_outputs_and_an_output_no_input_reaches), """
        public static void F(ReadOnlySpan<float> x, float c, Span<float> r, Span<float> constant)
        {
            constant[0] = 2;
            for (int i = 0; i < x.Length; i++)
            {
                r[i] = MathF.Sin(x[i]) * c;
            }
        }
        """, new() { ["x"] = 3, ["r"] = 3, ["constant"] = 1 }, expectForward: true, finiteDifferenceTolerance: 2e-2, modeTolerance: 1e-5);

    [Fact]
    public void Early_return_from_a_branch_and_from_a_loop() => Scenario(nameof(Early_return_from_a_branch_and_from_a_loop), """
        public static void F(ReadOnlySpan<double> x, Span<double> r)
        {
            r[0] = x[0] * x[1];
            if (x[0] > 1.5)
            {
                r[1] = Math.Sin(x[1]);
                r[2] = 0;
                return;
            }

            double s = x[1];
            for (int i = 0; i < 4; i++)
            {
                s = s * x[0] + 0.5;
                if (s > 3)
                {
                    r[1] = s;
                    r[2] = s * x[2];
                    return;
                }
            }

            r[1] = Math.Exp(s * 0.1);
            r[2] = x[2] * x[2];
        }
        """, new() { ["x"] = 3, ["r"] = 3 }, expectForward: true);

    [Fact]
    public void Warm_jacobian_calls_allocate_nothing_in_either_sweep_direction()
    {
        string source = GeneratorHarness.Usings + """
            namespace Demo;

            public static partial class C
            {
                [Differentiable]
                public static void F(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> t, Span<double> r)
                {
                    for (int i = 0; i < r.Length; i++)
                    {
                        r[i] = p[0] * Math.Exp(-p[1] * t[i]) + p[2];
                    }
                }

                public static long Allocated(double[] p, double[] t, double[] r, double[] jacobian)
                {
                    for (int i = 0; i < 100; i++)
                    {
                        FJacobian(p, t, r, jacobian);
                    }

                    // The fewest over three rounds: the runtime now and then allocates a little on this thread
                    // during one round (tiering, a loaded machine); an allocation per call shows in every round.
                    long fewest = long.MaxValue;
                    for (int round = 0; round < 3 && fewest > 0; round++)
                    {
                        long before = GC.GetAllocatedBytesForCurrentThread();
                        for (int i = 0; i < 1000; i++)
                        {
                            FJacobian(p, t, r, jacobian);
                        }

                        fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
                    }

                    return fewest;
                }
            }
            """;
        Type type = GeneratorHarness.Load(GeneratorHarness.Run(source)).GetType("Demo.C", throwOnError: true)!;
        MethodInfo allocated = type.GetMethod("Allocated")!;
        double[] p = { 1.5, 0.3, -0.2 };

        // Tall (5 × 3): forward sweeps; wide (2 × 3): reverse sweeps.
        foreach (int rows in new[] { 5, 2 })
        {
            double[] t = Enumerable.Range(0, rows).Select(i => 0.5 * i).ToArray();
            long bytes = (long)allocated.Invoke(null, new object[] { p, t, new double[rows], new double[rows * 3] })!;
            Assert.Equal(0, bytes);
        }
    }

    [Fact]
    public void Jacobian_of_the_wrong_length_throws_naming_it()
    {
        MethodSet methods = Compile(nameof(Jacobian_of_the_wrong_length_throws_naming_it), """
            public static void F(ReadOnlySpan<double> x, Span<double> r) { r[0] = x[0] * x[1]; }
            """, snapshot: false);
        var exception = Assert.Throws<ArgumentException>(() =>
            SpanInvoker.Invoke(methods.Jacobian, new object?[] { new double[2], new double[1], new double[3] }));
        Assert.Equal("jacobian", exception.ParamName);
    }

    /// <summary>A method body inside <c>namespace Demo; public static partial class C</c>, with [Differentiable] on F.</summary>
    private static void Scenario(
        string name, string members, Dictionary<string, int> lengths, bool expectForward, double finiteDifferenceTolerance = 1e-6, double modeTolerance = 1e-10)
    {
        MethodSet methods = Compile(name, members, snapshot: true);
        var signature = new Signature(methods.F, lengths);
        var random = new Random(name.Length);
        Assert.Equal(expectForward, signature.Columns <= signature.Rows);
        for (int point = 0; point < 4; point++)
        {
            object?[] arguments = signature.RandomArguments(random);
            double[,] jacobian = signature.Jacobian(methods.Jacobian, arguments, out double[] values);
            Assert.Equal(signature.Evaluate(methods.F, arguments), values);

            double[,] central = signature.CentralDifferences(methods.F, arguments);
            double[,] forward = signature.ByColumns(methods.Jvp, arguments);
            double[,] reverse = signature.ByRows(methods.Vjp, arguments);
            for (int i = 0; i < signature.Rows; i++)
            {
                for (int j = 0; j < signature.Columns; j++)
                {
                    string at = $"{name}: J[{i},{j}] at point {point}";
                    Assert.True(Close(jacobian[i, j], central[i, j], finiteDifferenceTolerance), $"{at}: {jacobian[i, j]} vs central difference {central[i, j]}");
                    Assert.True(Close(forward[i, j], reverse[i, j], modeTolerance), $"{at}: Jvp column {forward[i, j]} vs Vjp row {reverse[i, j]}");
                    Assert.True(Close(jacobian[i, j], forward[i, j], modeTolerance), $"{at}: FJacobian {jacobian[i, j]} vs Jvp column {forward[i, j]}");
                }
            }

            // ⟨Vjp(ȳ), ẋ⟩ = ⟨ȳ, Jvp(ẋ)⟩ for random directions, not only unit ones.
            double[] tangent = Enumerable.Range(0, signature.Columns).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double[] seed = Enumerable.Range(0, signature.Rows).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double left = Dot(signature.Vjp(methods.Vjp, arguments, seed), tangent);
            double right = Dot(seed, signature.Jvp(methods.Jvp, arguments, tangent));
            Assert.True(Close(left, right, modeTolerance), $"{name}: <Vjp(y), x> = {left} but <y, Jvp(x)> = {right}");
        }
    }

    private sealed record MethodSet(MethodInfo F, MethodInfo Jacobian, MethodInfo Jvp, MethodInfo Vjp);

    private static MethodSet Compile(string name, string members, bool snapshot)
    {
        string indented = string.Join("\n", members.Split('\n').Select(line => line.Length > 0 ? "    " + line : line));
        indented = indented.Replace("    public static void F(", "    [Differentiable]\n    public static void F(");
        string source = GeneratorHarness.Usings + "namespace Demo;\n\npublic static partial class C\n{\n" + indented + "\n}\n";
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        if (snapshot)
        {
            Snapshot.Match(result.Source("Demo.C.F_"), name);
        }

        Type type = GeneratorHarness.Load(result).GetType("Demo.C", throwOnError: true)!;
        MethodInfo Get(string method) => type.GetMethods(BindingFlags.Public | BindingFlags.Static).Single(m => m.Name == method);
        return new MethodSet(Get("F"), Get("FJacobian"), Get("FJvp"), Get("FVjp"));
    }

    private static bool Close(double a, double b, double tolerance) =>
        Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    /// <summary>F's parameters sorted into differentiable inputs (the columns), outputs (the rows) and data.</summary>
    private sealed class Signature
    {
        private readonly ParameterInfo[] _parameters;
        private readonly Dictionary<string, int> _lengths;

        public Signature(MethodInfo f, Dictionary<string, int> lengths)
        {
            _parameters = f.GetParameters();
            _lengths = lengths;
            Inputs = Enumerable.Range(0, _parameters.Length).Where(i => !IsOutput(i) && NumericChecker.IsDifferentiable(_parameters[i])).ToList();
            Outputs = Enumerable.Range(0, _parameters.Length).Where(IsOutput).ToList();
            Columns = Inputs.Sum(Size);
            Rows = Outputs.Sum(Size);
        }

        public List<int> Inputs { get; }

        public List<int> Outputs { get; }

        public int Columns { get; }

        public int Rows { get; }

        private bool IsFloat(int i) => Element(_parameters[i].ParameterType) == typeof(float);

        private bool IsOutput(int i) => _parameters[i].ParameterType.IsGenericType && _parameters[i].ParameterType.GetGenericTypeDefinition() == typeof(Span<>);

        private bool IsVector(int i) => _parameters[i].ParameterType.IsArray || _parameters[i].ParameterType.IsGenericType;

        private int Size(int i) => IsVector(i) ? _lengths[_parameters[i].Name!] : 1;

        private static Type Element(Type type) => type.IsArray ? type.GetElementType()! : type.IsGenericType ? type.GetGenericArguments()[0] : type;

        /// <summary>A value of parameter <paramref name="i"/>'s element type.</summary>
        private object Box(int i, double value) => IsFloat(i) ? (object)(float)value : value;

        private object NewVector(int i, int length) => IsFloat(i) ? new float[length] : new double[length];

        public object?[] RandomArguments(Random random)
        {
            var arguments = new object?[_parameters.Length];
            for (int i = 0; i < arguments.Length; i++)
            {
                if (!IsVector(i))
                {
                    double value = random.NextDouble() * 2 - 1;
                    arguments[i] = Box(i, value);
                    continue;
                }

                var vector = (Array)NewVector(i, Size(i));
                if (!IsOutput(i))
                {
                    for (int k = 0; k < vector.Length; k++)
                    {
                        double value = random.NextDouble() * 2 - 1;
                        vector.SetValue(Box(i, value), k);
                    }
                }
                else
                {
                    // Outputs start with garbage: generated code must not read what the caller left there.
                    for (int k = 0; k < vector.Length; k++)
                    {
                        vector.SetValue(Box(i, 123), k);
                    }
                }

                arguments[i] = vector;
            }

            return arguments;
        }

        /// <summary>Copies of the arguments, with fresh outputs, so no call sees another's writes.</summary>
        private object?[] Fresh(object?[] arguments) =>
            arguments.Select((a, i) => a is Array array ? (IsOutput(i) ? (Array)array.Clone() : array.Clone()) : a).ToArray();

        /// <summary>F's outputs, flattened in parameter order.</summary>
        public double[] Evaluate(MethodInfo f, object?[] arguments)
        {
            object?[] copy = Fresh(arguments);
            SpanInvoker.Invoke(f, copy);
            return Flatten(copy, Outputs);
        }

        private static double[] Flatten(object?[] arguments, List<int> indices) =>
            indices.SelectMany(i => arguments[i] is Array array ? array.Cast<object>().Select(System.Convert.ToDouble) : new[] { System.Convert.ToDouble(arguments[i]) }).ToArray();

        public double[,] Jacobian(MethodInfo jacobian, object?[] arguments, out double[] values)
        {
            object?[] copy = Fresh(arguments).Append(NewVector(Outputs[0], Rows * Columns)).ToArray();
            SpanInvoker.Invoke(jacobian, copy);
            values = Flatten(copy, Outputs);
            double[] flat = Flatten(copy, new List<int> { copy.Length - 1 });
            var matrix = new double[Rows, Columns];
            for (int i = 0; i < Rows; i++)
            {
                for (int j = 0; j < Columns; j++)
                {
                    matrix[i, j] = flat[i * Columns + j];
                }
            }

            return matrix;
        }

        public double[,] CentralDifferences(MethodInfo f, object?[] arguments)
        {
            var matrix = new double[Rows, Columns];
            for (int j = 0; j < Columns; j++)
            {
                // The runtime's central difference, its step absolute here (shifts of 1e-6, or 1e-3 in float).
                int column = j;
                double[] difference = new double[Rows];
                GradientCheck.CentralDifference(
                    (value, values) => Evaluate(f, Shift(arguments, column, value)).CopyTo(values),
                    0,
                    difference,
                    Inputs.Any(IsFloat) ? 1e-3 : 1e-6);
                for (int i = 0; i < Rows; i++)
                {
                    matrix[i, j] = difference[i];
                }
            }

            return matrix;
        }

        /// <summary>The arguments with input coordinate <paramref name="column"/> moved by <paramref name="h"/>.</summary>
        private object?[] Shift(object?[] arguments, int column, double h)
        {
            object?[] copy = Fresh(arguments);
            foreach (int i in Inputs)
            {
                if (column < Size(i))
                {
                    if (copy[i] is Array array)
                    {
                        double value = System.Convert.ToDouble(array.GetValue(column)) + h;
                        array.SetValue(Box(i, value), column);
                    }
                    else
                    {
                        double value = System.Convert.ToDouble(copy[i]) + h;
                        copy[i] = Box(i, value);
                    }

                    return copy;
                }

                column -= Size(i);
            }

            throw new ArgumentOutOfRangeException(nameof(column));
        }

        /// <summary>FJvp with the input tangents <paramref name="tangent"/>: the output tangents, flattened.</summary>
        public double[] Jvp(MethodInfo jvp, object?[] arguments, double[] tangent)
        {
            var call = Fresh(arguments).ToList();
            int offset = 0;
            foreach (int i in Inputs)
            {
                call.Add(Slice(i, tangent, offset));
                offset += Size(i);
            }

            int first = call.Count;
            foreach (int o in Outputs)
            {
                // Garbage in the output tangents too: the Jvp overwrites them.
                var span = (Array)NewVector(o, Size(o));
                for (int k = 0; k < span.Length; k++)
                {
                    span.SetValue(Box(o, 7), k);
                }

                call.Add(span);
            }

            object?[] all = call.ToArray();
            SpanInvoker.Invoke(jvp, all);
            return Flatten(all, Enumerable.Range(first, Outputs.Count).ToList());
        }

        /// <summary>FVjp with the output adjoints <paramref name="seed"/>: the input adjoints, flattened.</summary>
        public double[] Vjp(MethodInfo vjp, object?[] arguments, double[] seed)
        {
            var call = Fresh(arguments).ToList();
            int offset = 0;
            foreach (int o in Outputs)
            {
                call.Add(Slice(o, seed, offset));
                offset += Size(o);
            }

            int first = call.Count;
            foreach (int i in Inputs)
            {
                call.Add(IsVector(i) ? NewVector(i, Size(i)) : null);
            }

            object?[] all = call.ToArray();
            SpanInvoker.Invoke(vjp, all);
            Assert.Equal(Evaluate(vjp, arguments, all), Flatten(all, Outputs));
            return Flatten(all, Enumerable.Range(first, Inputs.Count).ToList());
        }

        // The Vjp's outputs must be F's outputs.
        private double[] Evaluate(MethodInfo vjp, object?[] arguments, object?[] _) =>
            Evaluate(vjp.DeclaringType!.GetMethod("F")!, arguments);

        private object Slice(int parameter, double[] values, int offset)
        {
            if (!IsVector(parameter))
            {
                return Box(parameter, values[offset]);
            }

            var vector = (Array)NewVector(parameter, Size(parameter));
            for (int k = 0; k < vector.Length; k++)
            {
                vector.SetValue(Box(parameter, values[offset + k]), k);
            }

            return vector;
        }

        public double[,] ByColumns(MethodInfo jvp, object?[] arguments)
        {
            var matrix = new double[Rows, Columns];
            for (int j = 0; j < Columns; j++)
            {
                double[] unit = new double[Columns];
                unit[j] = 1;
                double[] column = Jvp(jvp, arguments, unit);
                for (int i = 0; i < Rows; i++)
                {
                    matrix[i, j] = column[i];
                }
            }

            return matrix;
        }

        public double[,] ByRows(MethodInfo vjp, object?[] arguments)
        {
            var matrix = new double[Rows, Columns];
            for (int i = 0; i < Rows; i++)
            {
                double[] unit = new double[Rows];
                unit[i] = 1;
                double[] row = Vjp(vjp, arguments, unit);
                for (int j = 0; j < Columns; j++)
                {
                    matrix[i, j] = row[j];
                }
            }

            return matrix;
        }
    }
}
