using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Emitting;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Fallback;

/// <summary>
/// The tape fallback of methods that take vectors: the same API as generated code (<c>FGradient</c> and
/// <c>FDerivative</c> with spans for vectors; <c>FJvp</c>, <c>FVjp</c> and <c>FJacobian</c> for a void method
/// writing <c>Span</c> outputs), each vector copied into an array of tape values for the body's copy to read.
/// </summary>
internal static partial class FallbackEmitter
{
    /// <summary>A parameter of the copy of the body: reals become the tape type, vectors spans or arrays of it.</summary>
    private static string CopyParameter(ParameterModel parameter, string scalar)
    {
        string element = parameter.Type.IsReal() ? scalar : parameter.Type.Keyword();
        string type = parameter.Shape switch
        {
            ParameterShape.Data => Declared(parameter),
            ParameterShape.ReadOnlySpan => "global::System.ReadOnlySpan<" + element + ">",
            ParameterShape.Span => "global::System.Span<" + element + ">",
            ParameterShape.Array => element + "[]",
            _ => element,
        };
        return type + " " + parameter.Name;
    }

    /// <summary>A parameter as the method declares it, vectors and data included.</summary>
    private static string DeclaredParameter(ParameterModel parameter) => Passed(parameter) + ExprPrinter.Type(parameter.TypeRef) + " " + parameter.Name;

    private static string SpanOf(ScalarType type) => "global::System.Span<" + type.Keyword() + ">";

    private static string ReadOnlySpanOf(ScalarType type) => "global::System.ReadOnlySpan<" + type.Keyword() + ">";

    /// <summary><c>if (span.Length != vector.Length) throw ...</c>, as generated code checks.</summary>
    private static void SameLength(SourceWriter writer, string span, string vector)
    {
        using (writer.Block($"if ({span}.Length != {vector}.Length)"))
        {
            writer.Line($"throw new global::System.ArgumentException(\"{span} must have the same length as {vector}.\", nameof({span}));");
        }
    }

    /// <summary>
    /// The arguments of the copy on <paramref name="scalar"/> values: a scalar input made by <paramref name="scalarInput"/>,
    /// each vector copied element by element into a new array (<paramref name="element"/> makes an element of a differentiable
    /// one, other reals become constants), other values passed as they are.
    /// </summary>
    private static List<string> TapeArguments(
        SourceWriter writer, FallbackModel method, NameAllocator names, string scalar, string suffix,
        System.Func<ParameterModel, string> scalarInput, System.Func<ParameterModel, string, string> element, Dictionary<string, string> copies)
    {
        var arguments = new List<string>();
        foreach (ParameterModel parameter in method.Parameters)
        {
            if (!parameter.IsVector)
            {
                arguments.Add(parameter.IsDifferentiable ? scalarInput(parameter) : parameter.Name);
                continue;
            }

            string copy = names.Fresh(parameter.Name + suffix);
            string i = names.Fresh("i");
            copies[parameter.Name] = copy;
            writer.Line($"{scalar}[] {copy} = new {scalar}[{parameter.Name}.Length];");
            using (writer.Block($"for (int {i} = 0; {i} < {parameter.Name}.Length; {i}++)"))
            {
                // An output starts as what the caller passed, so elements the method does not write keep it.
                writer.Line($"{copy}[{i}] = {(parameter.IsDifferentiable ? element(parameter, i) : parameter.Name + "[" + i + "]")};");
            }

            arguments.Add(copy);
        }

        return arguments;
    }

    /// <summary><c>FGradient</c> of a method that returns a value and takes vectors.</summary>
    private static void WriteVectorGradient(SourceWriter writer, FallbackModel method, NameAllocator names, Dictionary<string, string> derivativeNames)
    {
        var inputs = method.Parameters.Where(p => p.IsDifferentiable).ToList();
        IEnumerable<string> parameters = method.Parameters.Select(DeclaredParameter)
            .Concat(inputs.Select(p => p.IsVector ? SpanOf(p.Type) + " " + derivativeNames[p.Name] : "out " + p.Type.Keyword() + " " + derivativeNames[p.Name]));
        string summary = $"Reverse mode on the run-time tape: returns {method.Name} and writes its partial derivatives to "
            + string.Join(", ", inputs.Select(p => derivativeNames[p.Name])) + " (gradient spans are overwritten).";
        WriteHeader(writer, method, summary);
        using (Signature(writer, method, method.ReturnType.Keyword(), method.Name + "Gradient", parameters))
        {
            foreach (ParameterModel vector in inputs.Where(p => p.IsVector))
            {
                SameLength(writer, derivativeNames[vector.Name], vector.Name);
            }

            string scope = names.Fresh("scope");
            writer.Line("// Record the body on this thread's tape, in a scope of its own; each vector element is a variable.");
            writer.Line($"using global::AutoDiff.Taping.TapeScope {scope} = global::AutoDiff.Taping.Tape.Current.BeginScope();");
            var scalars = new Dictionary<string, string>();
            var copies = new Dictionary<string, string>();
            List<string> arguments = TapeArguments(
                writer, method, names, Var, "_var",
                p => Variable(writer, names, scope, p, scalars),
                (p, i) => $"{scope}.Variable({p.Name}[{i}])",
                copies);
            string value = names.Fresh("value");
            writer.Line($"{Var} {value} = {method.HelperClassName}.{TapeFlavor.Reverse.Self}({string.Join(", ", arguments)});");
            writer.Line();
            writer.Line("// One reverse sweep over the scope gives every partial derivative.");
            writer.Line($"{scope}.Backward({value});");
            WriteGradients(writer, names, scope, inputs, derivativeNames, scalars, copies);
            writer.Line($"return {Narrow(method.ReturnType)}{value}.Value;");
        }
    }

    /// <summary><c>Var x_var = scope.Variable(x);</c> for a scalar input, declared before the vectors' copies.</summary>
    private static string Variable(SourceWriter writer, NameAllocator names, string scope, ParameterModel parameter, Dictionary<string, string> scalars)
    {
        string name = names.Fresh(parameter.Name + "_var");
        scalars[parameter.Name] = name;
        writer.Line($"{Var} {name} = {scope}.Variable({parameter.Name});");
        return name;
    }

    private static void WriteGradients(
        SourceWriter writer, NameAllocator names, string scope, IEnumerable<ParameterModel> inputs, Dictionary<string, string> derivativeNames,
        Dictionary<string, string> scalars, Dictionary<string, string> copies)
    {
        foreach (ParameterModel parameter in inputs)
        {
            if (!parameter.IsVector)
            {
                writer.Line($"{derivativeNames[parameter.Name]} = {Narrow(parameter.Type)}{scope}.Gradient({scalars[parameter.Name]});");
                continue;
            }

            string i = names.Fresh("i");
            using (writer.Block($"for (int {i} = 0; {i} < {parameter.Name}.Length; {i}++)"))
            {
                writer.Line($"{derivativeNames[parameter.Name]}[{i}] = {Narrow(parameter.Type)}{scope}.Gradient({copies[parameter.Name]}[{i}]);");
            }
        }
    }

    /// <summary><c>FDerivative</c> of a method that returns a value and takes vectors.</summary>
    private static void WriteVectorDerivative(SourceWriter writer, FallbackModel method, NameAllocator names, Dictionary<string, string> derivativeNames)
    {
        var inputs = method.Parameters.Where(p => p.IsDifferentiable).ToList();
        string derivative = names.Fresh("derivative");
        IEnumerable<string> parameters = method.Parameters.Select(DeclaredParameter)
            .Concat(inputs.Select(p => (p.IsVector ? ReadOnlySpanOf(p.Type) : p.Type.Keyword()) + " " + derivativeNames[p.Name]))
            .Concat(new[] { "out " + method.ReturnType.Keyword() + " " + derivative });
        string tangents = string.Join(", ", inputs.Select(p => derivativeNames[p.Name]));
        string summary = $"Forward mode with dual numbers: returns {method.Name} and its directional derivative along the tangents {tangents} (written to {derivative}).";
        WriteHeader(writer, method, summary);
        using (Signature(writer, method, method.ReturnType.Keyword(), method.Name + "Derivative", parameters))
        {
            foreach (ParameterModel vector in inputs.Where(p => p.IsVector))
            {
                SameLength(writer, derivativeNames[vector.Name], vector.Name);
            }

            writer.Line("// One pass on dual numbers: every value carries its derivative along the tangents.");
            List<string> arguments = TapeArguments(
                writer, method, names, Dual, "_dual",
                p => $"new {Dual}({p.Name}, {derivativeNames[p.Name]})",
                (p, i) => $"new {Dual}({p.Name}[{i}], {derivativeNames[p.Name]}[{i}])",
                new Dictionary<string, string>());
            string value = names.Fresh("value");
            writer.Line($"{Dual} {value} = {method.HelperClassName}.{TapeFlavor.Forward.Self}({string.Join(", ", arguments)});");
            writer.Line($"{derivative} = {Narrow(method.ReturnType)}{value}.Tangent;");
            writer.Line($"return {Narrow(method.ReturnType)}{value}.Value;");
        }
    }

    /// <summary><c>FJvp</c> of a vector-valued method: one pass on dual numbers, outputs and their tangents copied out.</summary>
    private static void WriteJvp(SourceWriter writer, FallbackModel method, NameAllocator names, Dictionary<string, string> derivativeNames)
    {
        var inputs = method.Parameters.Where(p => p.IsDifferentiable).ToList();
        var outputs = method.Parameters.Where(p => p.IsOutput).Select(p => (Output: p, Tangent: names.Fresh("d" + p.Name))).ToList();
        IEnumerable<string> parameters = method.Parameters.Select(DeclaredParameter)
            .Concat(inputs.Select(p => (p.IsVector ? ReadOnlySpanOf(p.Type) : p.Type.Keyword()) + " " + derivativeNames[p.Name]))
            .Concat(outputs.Select(o => SpanOf(o.Output.Type) + " " + o.Tangent));
        string summary = $"Jacobian-vector product with dual numbers: runs {method.Name}, writing its outputs, and writes to "
            + string.Join(", ", outputs.Select(o => o.Tangent)) + " the outputs' directional derivative along the tangents "
            + string.Join(", ", inputs.Select(p => derivativeNames[p.Name])) + ".";
        WriteHeader(writer, method, summary);
        using (Signature(writer, method, "void", method.Name + "Jvp", parameters))
        {
            foreach (ParameterModel vector in inputs.Where(p => p.IsVector))
            {
                SameLength(writer, derivativeNames[vector.Name], vector.Name);
            }

            foreach ((ParameterModel output, string tangent) in outputs)
            {
                SameLength(writer, tangent, output.Name);
            }

            writer.Line("// One pass on dual numbers: every value carries its derivative along the tangents.");
            var copies = new Dictionary<string, string>();
            List<string> arguments = TapeArguments(
                writer, method, names, Dual, "_dual",
                p => $"new {Dual}({p.Name}, {derivativeNames[p.Name]})",
                (p, i) => $"new {Dual}({p.Name}[{i}], {derivativeNames[p.Name]}[{i}])",
                copies);
            writer.Line($"{method.HelperClassName}.{TapeFlavor.Forward.Self}({string.Join(", ", arguments)});");
            foreach ((ParameterModel output, string tangent) in outputs)
            {
                string i = names.Fresh("i");
                using (writer.Block($"for (int {i} = 0; {i} < {output.Name}.Length; {i}++)"))
                {
                    writer.Line($"{output.Name}[{i}] = {Narrow(output.Type)}{copies[output.Name]}[{i}].Value;");
                    writer.Line($"{tangent}[{i}] = {Narrow(output.Type)}{copies[output.Name]}[{i}].Tangent;");
                }
            }
        }
    }

    /// <summary><c>FVjp</c> of a vector-valued method: the body recorded once, then one sweep from the seeded sum of its outputs.</summary>
    private static void WriteVjp(SourceWriter writer, FallbackModel method, NameAllocator names, Dictionary<string, string> derivativeNames)
    {
        var inputs = method.Parameters.Where(p => p.IsDifferentiable).ToList();
        var outputs = method.Parameters.Where(p => p.IsOutput).Select(p => (Output: p, Seed: names.Fresh(p.Name + "Bar"))).ToList();
        IEnumerable<string> parameters = method.Parameters.Select(DeclaredParameter)
            .Concat(outputs.Select(o => ReadOnlySpanOf(o.Output.Type) + " " + o.Seed))
            .Concat(inputs.Select(p => p.IsVector ? SpanOf(p.Type) + " " + derivativeNames[p.Name] : "out " + p.Type.Keyword() + " " + derivativeNames[p.Name]));
        string summary = $"Vector-Jacobian product on the run-time tape: runs {method.Name}, writing its outputs, and writes to "
            + string.Join(", ", inputs.Select(p => derivativeNames[p.Name])) + " the adjoint of the inputs for the output adjoints "
            + string.Join(", ", outputs.Select(o => o.Seed)) + " (gradient spans are overwritten).";
        WriteHeader(writer, method, summary);
        using (Signature(writer, method, "void", method.Name + "Vjp", parameters))
        {
            foreach ((ParameterModel output, string seed) in outputs)
            {
                SameLength(writer, seed, output.Name);
            }

            foreach (ParameterModel vector in inputs.Where(p => p.IsVector))
            {
                SameLength(writer, derivativeNames[vector.Name], vector.Name);
            }

            string scope = names.Fresh("scope");
            writer.Line("// Record the body on this thread's tape, in a scope of its own; each vector element is a variable.");
            writer.Line($"using global::AutoDiff.Taping.TapeScope {scope} = global::AutoDiff.Taping.Tape.Current.BeginScope();");
            var scalars = new Dictionary<string, string>();
            var copies = new Dictionary<string, string>();
            List<string> arguments = TapeArguments(
                writer, method, names, Var, "_var",
                p => Variable(writer, names, scope, p, scalars),
                (p, i) => $"{scope}.Variable({p.Name}[{i}])",
                copies);
            writer.Line($"{method.HelperClassName}.{TapeFlavor.Reverse.Self}({string.Join(", ", arguments)});");
            writer.Line();
            writer.Line("// The outputs go back to the caller; one sweep from Σ seed · output gives the adjoints of the inputs.");
            string seeded = names.Fresh("seeded");
            writer.Line($"{Var} {seeded} = default;");
            foreach ((ParameterModel output, string seed) in outputs)
            {
                string i = names.Fresh("i");
                using (writer.Block($"for (int {i} = 0; {i} < {output.Name}.Length; {i}++)"))
                {
                    writer.Line($"{output.Name}[{i}] = {Narrow(output.Type)}{copies[output.Name]}[{i}].Value;");
                    writer.Line($"{seeded} += {seed}[{i}] * {copies[output.Name]}[{i}];");
                }
            }

            writer.Line($"{scope}.Backward({seeded});");
            WriteGradients(writer, names, scope, inputs, derivativeNames, scalars, copies);
        }
    }

    /// <summary><c>FJacobian</c> of a vector-valued method: the body recorded once, then one sweep per output element.</summary>
    private static void WriteTapeJacobian(SourceWriter writer, FallbackModel method, NameAllocator names)
    {
        var inputs = method.Parameters.Where(p => p.IsDifferentiable).ToList();
        var outputs = method.Parameters.Where(p => p.IsOutput).ToList();
        string jacobian = names.Fresh("jacobian");
        IEnumerable<string> parameters = method.Parameters.Select(DeclaredParameter).Concat(new[] { SpanOf(method.ReturnType) + " " + jacobian });
        string summary = $"Runs {method.Name} on the run-time tape, writing its outputs, and writes its Jacobian to {jacobian}, row-major: one row per output element ("
            + string.Join(", ", outputs.Select(o => o.Name)) + "), one column per differentiable input coordinate ("
            + string.Join(", ", inputs.Select(p => p.Name)) + "). The body is recorded once and swept back once per output element.";
        WriteHeader(writer, method, summary);
        using (Signature(writer, method, "void", method.Name + "Jacobian", parameters))
        {
            string rows = names.Fresh("rows");
            string columns = names.Fresh("columns");
            string Size(ParameterModel p) => p.IsVector ? p.Name + ".Length" : "1";
            writer.Line($"int {rows} = {string.Join(" + ", outputs.Select(Size))};");
            writer.Line($"int {columns} = {(inputs.Count == 0 ? "0" : string.Join(" + ", inputs.Select(Size)))};");
            using (writer.Block($"if ({jacobian}.Length != {rows} * {columns})"))
            {
                string rowText = string.Join(" + ", outputs.Select(o => o.Name + ".Length"));
                string columnText = inputs.Count == 0 ? "0" : string.Join(" + ", inputs.Select(Size));
                writer.Line($"throw new global::System.ArgumentException(\"{jacobian} must have ({rowText}) * ({columnText}) elements, one per output element and differentiable input.\", nameof({jacobian}));");
            }

            string scope = names.Fresh("scope");
            writer.Line($"using global::AutoDiff.Taping.TapeScope {scope} = global::AutoDiff.Taping.Tape.Current.BeginScope();");
            var scalars = new Dictionary<string, string>();
            var copies = new Dictionary<string, string>();
            List<string> arguments = TapeArguments(
                writer, method, names, Var, "_var",
                p => Variable(writer, names, scope, p, scalars),
                (p, i) => $"{scope}.Variable({p.Name}[{i}])",
                copies);
            writer.Line($"{method.HelperClassName}.{TapeFlavor.Reverse.Self}({string.Join(", ", arguments)});");
            string row = names.Fresh("row");
            writer.Line($"int {row} = 0;");
            foreach (ParameterModel output in outputs)
            {
                string i = names.Fresh("i");
                using (writer.Block($"for (int {i} = 0; {i} < {output.Name}.Length; {i}++, {row}++)"))
                {
                    writer.Line($"{output.Name}[{i}] = {Narrow(output.Type)}{copies[output.Name]}[{i}].Value;");
                    writer.Line($"{scope}.Backward({copies[output.Name]}[{i}]);");
                    string column = names.Fresh("column");
                    writer.Line($"int {column} = {row} * {columns};");
                    foreach (ParameterModel input in inputs)
                    {
                        if (!input.IsVector)
                        {
                            writer.Line($"{jacobian}[{column}++] = {Narrow(method.ReturnType)}{scope}.Gradient({scalars[input.Name]});");
                            continue;
                        }

                        string k = names.Fresh("k");
                        using (writer.Block($"for (int {k} = 0; {k} < {input.Name}.Length; {k}++)"))
                        {
                            writer.Line($"{jacobian}[{column}++] = {Narrow(method.ReturnType)}{scope}.Gradient({copies[input.Name]}[{k}]);");
                        }
                    }
                }
            }
        }
    }

    /// <summary>A callee's parameter in a helper: a tape scalar, or a read-only span of them for a vector (arrays convert).</summary>
    private static string HelperParameter(ParameterModel parameter, string scalar) =>
        !parameter.Type.IsReal() ? parameter.Type.Keyword() + " " + parameter.Name
        : parameter.IsVector ? "global::System.ReadOnlySpan<" + scalar + "> " + parameter.Name
        : scalar + " " + parameter.Name;

    /// <summary>Copies a vector argument's plain values (<paramref name="member"/>: Value or Tangent) into a new array the callee takes.</summary>
    private static string PlainVector(SourceWriter writer, NameAllocator names, ParameterModel parameter, string member, string suffix)
    {
        string copy = names.Fresh(parameter.Name + suffix);
        string i = names.Fresh("i");
        writer.Line($"{parameter.Type.Keyword()}[] {copy} = new {parameter.Type.Keyword()}[{parameter.Name}.Length];");
        using (writer.Block($"for (int {i} = 0; {i} < {parameter.Name}.Length; {i}++)"))
        {
            writer.Line($"{copy}[{i}] = {Narrow(parameter.Type)}{parameter.Name}[{i}].{member};");
        }

        return copy;
    }

    /// <summary>Opens a vector callee's helper over <paramref name="scalar"/> (tape variables or dual numbers), its names reserved.</summary>
    private static System.IDisposable OpenVectorHelper(SourceWriter writer, CalleeModel callee, string scalar, string self, string comment, out NameAllocator names)
    {
        names = new NameAllocator();
        foreach (ParameterModel parameter in callee.Parameters)
        {
            names.Reserve(parameter.Name);
        }

        writer.Line(comment);
        string parameters = string.Join(", ", callee.Parameters.Select(p => HelperParameter(p, scalar)));
        return writer.Block($"public static {scalar} {callee.HelperName}{self}({parameters})");
    }

    /// <summary>The callee's arguments as plain values: each vector copied into a new array first.</summary>
    private static List<string> PlainValues(SourceWriter writer, NameAllocator names, CalleeModel callee)
    {
        var arguments = new List<string>();
        foreach (ParameterModel parameter in callee.Parameters)
        {
            arguments.Add(parameter.IsVector ? PlainVector(writer, names, parameter, "Value", "_value") : PlainValue(parameter, ".Value"));
        }

        return arguments;
    }

    /// <summary>A callee that takes vectors, on the tape: its generated gradient, recorded as one step with a partial per input element.</summary>
    private static void WriteVectorReverseCall(SourceWriter writer, CalleeModel callee, bool stub)
    {
        string comment = $"// {callee.Name} has generated derivatives: its gradient gives the value and the partials, recorded as one step.";
        using (OpenVectorHelper(writer, callee, Var, TapeFlavor.Reverse.Self, comment, out NameAllocator names))
        {
            if (stub)
            {
                writer.Line("throw null!;");
                return;
            }

            List<string> arguments = PlainValues(writer, names, callee);
            var gradients = new Dictionary<string, string>();

            var inputs = callee.Parameters.Where(p => p.IsDifferentiable).ToList();
            foreach (ParameterModel input in inputs)
            {
                gradients[input.Name] = names.Fresh("d" + input.Name);
                if (input.IsVector)
                {
                    writer.Line($"{input.Type.Keyword()}[] {gradients[input.Name]} = new {input.Type.Keyword()}[{input.Name}.Length];");
                    arguments.Add(gradients[input.Name]);
                }
                else
                {
                    arguments.Add($"out {input.Type.Keyword()} {gradients[input.Name]}");
                }
            }

            string value = names.Fresh("value");
            writer.Line($"double {value} = {callee.Type}.{callee.Name}Gradient({string.Join(", ", arguments)});");
            string count = string.Join(" + ", inputs.Select(p => p.IsVector ? p.Name + ".Length" : "1"));
            string recorded = names.Fresh("inputs");
            string partials = names.Fresh("partials");
            string n = names.Fresh("n");
            writer.Line($"{Var}[] {recorded} = new {Var}[{(inputs.Count == 0 ? "0" : count)}];");
            writer.Line($"double[] {partials} = new double[{recorded}.Length];");
            writer.Line($"int {n} = 0;");
            foreach (ParameterModel input in inputs)
            {
                if (!input.IsVector)
                {
                    writer.Line($"{recorded}[{n}] = {input.Name};");
                    writer.Line($"{partials}[{n}++] = {gradients[input.Name]};");
                    continue;
                }

                string i = names.Fresh("i");
                using (writer.Block($"for (int {i} = 0; {i} < {input.Name}.Length; {i}++)"))
                {
                    writer.Line($"{recorded}[{n}] = {input.Name}[{i}];");
                    writer.Line($"{partials}[{n}++] = {gradients[input.Name]}[{i}];");
                }
            }

            writer.Line($"return {Var}.FromPartials({value}, {recorded}, {partials});");
        }
    }

    /// <summary>A callee that takes vectors, on dual numbers: its generated forward mode along the arguments' tangents.</summary>
    private static void WriteVectorForwardCall(SourceWriter writer, CalleeModel callee, bool stub)
    {
        string comment = $"// {callee.Name}'s forward mode carries the tangents through the call.";
        using (OpenVectorHelper(writer, callee, Dual, TapeFlavor.Forward.Self, comment, out NameAllocator names))
        {
            if (stub)
            {
                writer.Line("throw null!;");
                return;
            }

            List<string> arguments = PlainValues(writer, names, callee);

            foreach (ParameterModel input in callee.Parameters.Where(p => p.IsDifferentiable))
            {
                arguments.Add(input.IsVector ? PlainVector(writer, names, input, "Tangent", "_tangent") : PlainValue(input, ".Tangent"));
            }

            string derivative = names.Fresh("derivative");
            string value = names.Fresh("value");
            arguments.Add($"out {callee.ReturnType.Keyword()} {derivative}");
            writer.Line($"double {value} = {callee.Type}.{callee.Name}Derivative({string.Join(", ", arguments)});");
            writer.Line($"return new {Dual}({value}, {derivative});");
        }
    }

    /// <summary>
    /// Opens a public method of the fallback (<c>this</c> on its first parameter for an extension method); closing it
    /// writes the overloads without trailing parameters that have defaults.
    /// </summary>
    private static System.IDisposable Signature(SourceWriter writer, FallbackModel method, string returnType, string name, IEnumerable<string> parameters)
    {
        List<string> declarations = parameters.ToList();
        System.IDisposable block = writer.Block($"{method.Accessibility} static {returnType} {name}({SignatureOverloads.Parameters(declarations, method.IsExtension)})");
        return new Closing(() =>
        {
            block.Dispose();
            List<string> arguments = declarations.Select(d =>
            {
                string parameterName = d.Substring(d.LastIndexOf(' ') + 1);
                return d.StartsWith("out ", System.StringComparison.Ordinal) ? "out " + parameterName : parameterName;
            }).ToList();
            string attribute = $"[global::System.CodeDom.Compiler.GeneratedCode(\"{DerivativeFileEmitter.GeneratorName}\", \"{DerivativeFileEmitter.GeneratorVersion}\")]";
            SignatureOverloads.Write(writer, method.Parameters, method.IsExtension, method.Accessibility, returnType, name, declarations, arguments, attribute);
        });
    }

    private sealed class Closing : System.IDisposable
    {
        private readonly System.Action _close;

        public Closing(System.Action close) => _close = close;

        public void Dispose() => _close();
    }
}
