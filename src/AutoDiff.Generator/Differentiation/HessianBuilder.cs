using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Emitting;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// <c>FHessianVectorProduct</c> and <c>FHessian</c>: thin wrappers around <c>FGradientDual</c>. Seeding the
/// inputs' tangents with a direction v makes the gradient's tangents H·v, so one product costs one
/// gradient on dual numbers, and the Hessian is one product per column (inputs flattened in parameter order).
/// </summary>
internal sealed class HessianBuilder
{
    private readonly LoweredMethod _method;
    private readonly NameAllocator _names;
    private readonly List<(ParameterModel Parameter, LVar Value)> _inputs;
    private readonly Dictionary<string, string> _duals = new();
    private readonly Dictionary<string, string> _gradients = new();
    private string? _workspace;

    private HessianBuilder(LoweredMethod method)
    {
        _method = method;
        _names = method.Names.Clone();
        foreach (LVar input in method.Inputs)
        {
            _names.Reserve(method.DerivativeNames[input]);
        }

        _inputs = SecondOrder.Inputs(method);
    }

    private string Workspace => _workspace ??= _names.Fresh("workspace");

    private bool HasVectors => _inputs.Any(i => i.Parameter.IsVector);

    public static GeneratedMethod BuildProduct(LoweredMethod method) => new HessianBuilder(method).Product();

    public static GeneratedMethod BuildHessian(LoweredMethod method) => new HessianBuilder(method).Hessian();

    private GeneratedMethod Product()
    {
        MethodModel model = _method.Method;
        var directions = _inputs.ToDictionary(i => i.Parameter.Name, i => _names.Fresh("v" + i.Parameter.Name));
        var products = _inputs.ToDictionary(i => i.Parameter.Name, i => _names.Fresh("hv" + i.Parameter.Name));
        IEnumerable<string> parameters = model.Parameters.Select(p => p.TypeCode + " " + p.Name)
            .Concat(_inputs.Select(i => (i.Parameter.IsVector ? $"global::System.ReadOnlySpan<{Keyword(i.Parameter)}> " : Keyword(i.Parameter) + " ") + directions[i.Parameter.Name]))
            .Concat(_inputs.Select(i => (i.Parameter.IsVector ? $"global::System.Span<{Keyword(i.Parameter)}> " : $"out {Keyword(i.Parameter)} ") + products[i.Parameter.Name]));
        string signature = $"{model.Accessibility} static {model.ReturnType.Keyword()} {model.Name}HessianVectorProduct({string.Join(", ", parameters)})";

        var checks = new List<CodeNode>();
        foreach ((ParameterModel parameter, _) in _inputs.Where(i => i.Parameter.IsVector))
        {
            checks.Add(LengthCheck(directions[parameter.Name], parameter.Name));
            checks.Add(LengthCheck(products[parameter.Name], parameter.Name));
        }

        var body = new List<CodeNode> { CodeLine.Comment("The inputs carry the direction as their tangents; the gradient's tangents are then H·v.") };
        AddDualVectors(body, (parameter, i) => $"new {SecondOrder.DualType}({parameter.Name}[{i}], {directions[parameter.Name]}[{i}])");

        string value = _names.Fresh("value");
        body.Add(new CodeLine($"{SecondOrder.DualType} {value} = {GradientCall(p => $"new {SecondOrder.DualType}({p.Name}, {directions[p.Name]})")};"));
        foreach ((ParameterModel parameter, _) in _inputs)
        {
            string product = products[parameter.Name];
            if (parameter.IsVector)
            {
                string i = _names.Fresh("i");
                body.Add(new CodeBlock(
                    $"for (int {i} = 0; {i} < {product}.Length; {i}++)",
                    new List<CodeNode> { new CodeLine($"{product}[{i}] = {Narrow(GradientOf(parameter) + "[" + i + "].Tangent", parameter.Type)};") }));
            }
            else
            {
                body.Add(new CodeLine($"{product} = {Narrow(GradientOf(parameter) + ".Tangent", parameter.Type)};"));
            }
        }

        body.Add(new CodeLine($"return {Narrow(value + ".Value", model.ReturnType)};"));
        string summary = $"Hessian-vector product: returns {model.Name} and writes the Hessian times the direction "
            + string.Join(", ", _inputs.Select(i => directions[i.Parameter.Name])) + " to "
            + string.Join(", ", _inputs.Select(i => products[i.Parameter.Name]))
            + $" (forward mode over reverse mode: one call of {model.Name}{SecondOrder.GradientSuffix}).";
        return new GeneratedMethod(summary, signature, Wrap(checks, body)) { QuotesSource = false };
    }

    private GeneratedMethod Hessian()
    {
        MethodModel model = _method.Method;
        string hessian = _names.Fresh("hessian");
        string n = _names.Fresh("n");
        string type = model.ReturnType.Keyword();
        IEnumerable<string> parameters = model.Parameters.Select(p => p.TypeCode + " " + p.Name).Append($"global::System.Span<{type}> " + hessian);
        string signature = $"{model.Accessibility} static {type} {model.Name}Hessian({string.Join(", ", parameters)})";

        // Where each input starts in the flattened input vector.
        var starts = new List<string>();
        var size = new List<string>();
        int scalars = 0;
        foreach ((ParameterModel parameter, _) in _inputs)
        {
            starts.Add(Sum(size, scalars));
            if (parameter.IsVector)
            {
                size.Add(parameter.Name + ".Length");
            }
            else
            {
                scalars++;
            }
        }

        string count = Sum(size, scalars);
        var checks = new List<CodeNode>
        {
            new CodeLine($"int {n} = {count};"),
            new CodeIf(
                $"{hessian}.Length != {n} * {n}",
                new List<CodeNode>
                {
                    new CodeLine($"throw new global::System.ArgumentException(\"{hessian} must have n * n elements, n = {count} being the number of differentiable inputs.\", nameof({hessian}));"),
                },
                new List<CodeNode>()),
        };

        var body = new List<CodeNode>();
        AddDualVectors(body, (parameter, i) => $"{parameter.Name}[{i}]");

        string value = _names.Fresh("value");
        string column = _names.Fresh("column");
        body.Add(new CodeLine($"{type} {value};"));
        body.Add(new CodeLine($"int {column} = 0;"));
        var pass = new List<CodeNode> { CodeLine.Comment($"Seed the unit direction of input number {column}: the gradient's tangents are that column of the Hessian.") };
        var seeds = new Dictionary<string, string>();
        for (int k = 0; k < _inputs.Count; k++)
        {
            ParameterModel parameter = _inputs[k].Parameter;
            if (parameter.IsVector)
            {
                string at = _names.Fresh(parameter.Name + "Seed");
                pass.Add(new CodeLine($"int {at} = {Offset(column, starts[k])};"));
                pass.Add(new CodeIf(
                    $"(uint){at} < (uint){parameter.Name}.Length",
                    new List<CodeNode> { new CodeLine($"{DualOf(parameter)}[{at}] = new {SecondOrder.DualType}({parameter.Name}[{at}], 1);") },
                    new List<CodeNode>()));
                seeds[parameter.Name] = at;
            }
        }

        pass.Add(new CodeLine($"{value} = {Narrow(GradientCall(p => $"new {SecondOrder.DualType}({p.Name}, {column} == {starts[_inputs.FindIndex(i => i.Parameter == p)]} ? 1 : 0)") + ".Value", model.ReturnType)};"));
        for (int k = 0; k < _inputs.Count; k++)
        {
            ParameterModel parameter = _inputs[k].Parameter;
            string gradient = GradientOf(parameter);
            if (parameter.IsVector)
            {
                string at = seeds[parameter.Name];
                string i = _names.Fresh("i");
                pass.Add(new CodeIf(
                    $"(uint){at} < (uint){parameter.Name}.Length",
                    new List<CodeNode> { new CodeLine($"{DualOf(parameter)}[{at}] = {parameter.Name}[{at}];") },
                    new List<CodeNode>()));
                pass.Add(CodeBlankLine.Instance);
                pass.Add(new CodeBlock(
                    $"for (int {i} = 0; {i} < {parameter.Name}.Length; {i}++)",
                    new List<CodeNode> { new CodeLine($"{hessian}[{Row(starts[k] == "0" ? i : starts[k] + " + " + i, n)}{column}] = {Narrow(gradient + "[" + i + "].Tangent", model.ReturnType)};") }));
            }
            else
            {
                pass.Add(new CodeLine($"{hessian}[{Row(starts[k], n)}{column}] = {Narrow(gradient + ".Tangent", model.ReturnType)};"));
            }
        }

        // do-while: the value is computed even when there are no inputs to seed.
        body.Add(new CodeBlock("do", pass, $"while (++{column} < {n});"));
        body.Add(CodeBlankLine.Instance);
        body.Add(CodeLine.Comment("The columns agree with the rows up to rounding: average them so the result is exactly symmetric."));
        string r = _names.Fresh("row");
        string c = _names.Fresh("other");
        string mean = _names.Fresh("mean");
        body.Add(new CodeBlock(
            $"for (int {r} = 0; {r} < {n}; {r}++)",
            new List<CodeNode>
            {
                new CodeBlock(
                    $"for (int {c} = {r} + 1; {c} < {n}; {c}++)",
                    new List<CodeNode>
                    {
                        new CodeLine($"{type} {mean} = {(model.ReturnType == ScalarType.Float ? "0.5f" : "0.5")} * ({hessian}[{r} * {n} + {c}] + {hessian}[{c} * {n} + {r}]);"),
                        new CodeLine($"{hessian}[{r} * {n} + {c}] = {mean};"),
                        new CodeLine($"{hessian}[{c} * {n} + {r}] = {mean};"),
                    }),
            }));
        body.Add(new CodeLine($"return {value};"));

        string summary = $"Hessian: returns {model.Name} and writes its matrix of second derivatives to {hessian}, row-major, "
            + $"inputs in parameter order ({string.Join(", ", _inputs.Select(i => i.Parameter.Name))}); one Hessian-vector product per column.";
        return new GeneratedMethod(summary, signature, Wrap(checks, body)) { QuotesSource = false };
    }

    /// <summary>For each vector input: a dual copy filled element by element with <paramref name="element"/>, and a dual gradient span.</summary>
    private void AddDualVectors(List<CodeNode> body, System.Func<ParameterModel, string, string> element)
    {
        foreach ((ParameterModel parameter, _) in _inputs.Where(i => i.Parameter.IsVector))
        {
            string i = _names.Fresh("i");
            body.Add(RentDuals(DualOf(parameter), parameter.Name + ".Length"));
            body.Add(new CodeBlock(
                $"for (int {i} = 0; {i} < {parameter.Name}.Length; {i}++)",
                new List<CodeNode> { new CodeLine($"{DualOf(parameter)}[{i}] = {element(parameter, i)};") }));
            body.Add(RentDuals(GradientOf(parameter), parameter.Name + ".Length"));
        }
    }

    /// <summary>The call of <c>FGradientDual</c>: scalar inputs as <paramref name="scalarInput"/>, vectors as their dual copies.</summary>
    private string GradientCall(System.Func<ParameterModel, string> scalarInput)
    {
        MethodModel model = _method.Method;
        var arguments = new List<string>();
        foreach (ParameterModel parameter in model.Parameters)
        {
            bool input = _inputs.Any(i => i.Parameter == parameter);
            arguments.Add(!input ? parameter.Name : parameter.IsVector ? DualOf(parameter) : scalarInput(parameter));
        }

        foreach ((ParameterModel parameter, _) in _inputs)
        {
            arguments.Add(parameter.IsVector ? GradientOf(parameter) : $"out {SecondOrder.DualType} {GradientOf(parameter)}");
        }

        return $"{model.Name}{SecondOrder.GradientSuffix}({string.Join(", ", arguments)})";
    }

    private static string Keyword(ParameterModel parameter) => parameter.Type.Keyword();

    /// <summary>A double read off a dual number, narrowed for a float result (the dual code computes in double).</summary>
    private static string Narrow(string code, ScalarType type) => type == ScalarType.Float ? "(float)" + code : code;

    private string DualOf(ParameterModel parameter) => Named(_duals, parameter.Name, "Dual");

    private string GradientOf(ParameterModel parameter) => Named(_gradients, parameter.Name, "Gradient");

    private string Named(Dictionary<string, string> names, string parameter, string suffix)
    {
        if (!names.TryGetValue(parameter, out string? name))
        {
            name = _names.Fresh(parameter + suffix);
            names[parameter] = name;
        }

        return name;
    }

    private CodeLine RentDuals(string name, string length) =>
        new($"global::System.Span<{SecondOrder.DualType}> {name} = {Workspace}.RentDuals({length});");

    private List<CodeNode> Wrap(List<CodeNode> checks, List<CodeNode> body)
    {
        var full = new List<CodeNode>(checks);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return full;
    }

    private static CodeIf LengthCheck(string span, string vector) => new(
        $"{span}.Length != {vector}.Length",
        new List<CodeNode> { new CodeLine($"throw new global::System.ArgumentException(\"{span} must have the same length as {vector}.\", nameof({span}));") },
        new List<CodeNode>());

    /// <summary><c>a + b + 2</c> from the vector lengths so far and a count of scalars.</summary>
    private static string Sum(List<string> terms, int scalars)
    {
        var parts = new List<string>(terms);
        if (scalars > 0 || parts.Count == 0)
        {
            parts.Add(scalars.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return string.Join(" + ", parts);
    }

    /// <summary>The index a column has inside a vector that starts at <paramref name="start"/>.</summary>
    private static string Offset(string column, string start) => start == "0" ? column : $"{column} - {Group(start)}";

    /// <summary>The start of row <paramref name="row"/> followed by " + ", or nothing for row 0.</summary>
    private static string Row(string row, string n) => row switch
    {
        "0" => string.Empty,
        "1" => n + " + ",
        _ => $"{Group(row)} * {n} + ",
    };

    private static string Group(string code) => code.Contains(" ") ? "(" + code + ")" : code;
}
