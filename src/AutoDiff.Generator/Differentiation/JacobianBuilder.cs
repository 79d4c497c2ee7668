using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Emitting;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// <c>FJacobian</c> of a vector-valued method: the full Jacobian, row-major (rows = output elements in
/// order, columns = differentiable input coordinates in parameter order), from one <c>FJvp</c> per column
/// or one <c>FVjp</c> per row, whichever is fewer at run time. Unit spans come from the workspace.
/// </summary>
internal sealed class JacobianBuilder
{
    private readonly LoweredMethod _method;
    private readonly NameAllocator _names;
    private readonly List<LVar> _inputs;
    private readonly List<LVar> _outputs;
    private readonly string _element;
    private readonly string _jacobian;
    private readonly string _columns;
    private readonly string _workspace;

    private JacobianBuilder(LoweredMethod method)
    {
        _method = method;
        _names = method.Names.Clone();
        _inputs = method.Inputs.ToList();
        _outputs = method.Outputs.ToList();
        _element = method.Method.ReturnType.Keyword();
        _jacobian = _names.Fresh("jacobian");
        _columns = _names.Fresh("columns");
        _workspace = _names.Fresh("workspace");
    }

    public static GeneratedMethod Build(LoweredMethod method) => new JacobianBuilder(method).Build();

    private GeneratedMethod Build()
    {
        MethodModel model = _method.Method;
        string signature = $"{model.Accessibility} static void {model.Name}Jacobian("
            + string.Join(", ", model.Parameters.Select(p => p.TypeCode + " " + p.Name).Concat(new[] { $"global::System.Span<{_element}> {_jacobian}" }))
            + ")";
        string rows = _names.Fresh("rows");
        string rowCount = Count(_outputs);
        string columnCount = Count(_inputs);
        var body = new List<CodeNode>
        {
            new CodeLine($"int {rows} = {rowCount};"),
            new CodeLine($"int {_columns} = {columnCount};"),
            new CodeIf(
                $"{_jacobian}.Length != {rows} * {_columns}",
                new List<CodeNode>
                {
                    new CodeLine($"throw new global::System.ArgumentException(\"{_jacobian} must have ({rowCount}) * ({columnCount}) elements, one per output element and differentiable input.\", nameof({_jacobian}));"),
                },
                new List<CodeNode>()),
        };
        if (_inputs.All(p => p.IsArray))
        {
            // No sweep runs when there is no input coordinate, but the caller still gets the outputs.
            body.Add(new CodeIf(
                $"{_columns} == 0",
                new List<CodeNode>
                {
                    new CodeLine($"{model.Name}({string.Join(", ", model.Parameters.Select(p => p.Name))});"),
                    new CodeLine("return;"),
                },
                new List<CodeNode>()));
        }

        body.Add(CodeBlankLine.Instance);
        string mark = _names.Fresh("mark");
        body.Add(new CodeLine($"global::AutoDiff.Internals.Workspace {_workspace} = global::AutoDiff.Internals.Workspace.Current;"));
        body.Add(new CodeLine($"global::AutoDiff.Internals.WorkspaceMark {mark} = {_workspace}.Mark();"));
        body.Add(new CodeBlock("try", new List<CodeNode> { new CodeIf($"{_columns} <= {rows}", ForwardSweeps(), ReverseSweeps()) }));
        body.Add(new CodeBlock("finally", new List<CodeNode> { new CodeLine($"{_workspace}.Release({mark});") }));

        string summary = $"Runs {model.Name}, writing its outputs, and writes its Jacobian to {_jacobian}, row-major: one row per output element ("
            + string.Join(", ", _outputs.Select(o => o.Name)) + "), one column per differentiable input coordinate ("
            + string.Join(", ", _inputs.Select(p => p.Name)) + "). Uses forward sweeps when there are no more columns than rows, else reverse sweeps.";
        return new GeneratedMethod(summary, signature, body);
    }

    /// <summary>One Jvp per input coordinate; its output tangents are one column.</summary>
    private List<CodeNode> ForwardSweeps()
    {
        var code = new List<CodeNode> { CodeLine.Comment("Forward mode: one Jacobian-vector product per input coordinate fills one column.") };
        var tangents = new Dictionary<LVar, string>();
        foreach (LVar input in _inputs)
        {
            // The Jvp's own tangent name; the sweeps live in sibling blocks, so both may use it.
            string name = _method.DerivativeNames[input];
            tangents[input] = name;
            code.Add(input.IsArray
                ? GeneratedPrologue.RentSpan(_workspace, input.Type, name, input.Name + ".Length")
                : new CodeLine($"{input.Type.Keyword()} {name} = 0;"));
        }

        var columns = new Dictionary<LVar, string>();
        foreach (LVar output in _outputs)
        {
            columns[output] = _names.Fresh("d" + output.Name);
            code.Add(GeneratedPrologue.RentSpan(_workspace, output.Type, columns[output], output.Name + ".Length"));
        }

        string call = $"{_method.Method.Name}Jvp("
            + string.Join(", ", _method.Method.Parameters.Select(p => p.Name).Concat(_inputs.Select(p => tangents[p])).Concat(_outputs.Select(o => columns[o])))
            + ");";
        for (int j = 0; j < _inputs.Count; j++)
        {
            LVar input = _inputs[j];
            string offset = Count(_inputs.Take(j));
            if (input.IsArray)
            {
                string k = _names.Fresh("k");
                var sweep = new List<CodeNode> { new CodeLine($"{tangents[input]}[{k}] = 1;"), new CodeLine(call), new CodeLine($"{tangents[input]}[{k}] = 0;") };
                sweep.AddRange(Scatter(columns, Plus(offset, k)));
                code.Add(new CodeBlock($"for (int {k} = 0; {k} < {input.Name}.Length; {k}++)", sweep));
            }
            else
            {
                code.Add(new CodeLine($"{tangents[input]} = 1;"));
                code.Add(new CodeLine(call));
                code.Add(new CodeLine($"{tangents[input]} = 0;"));
                code.AddRange(Scatter(columns, offset));
            }
        }

        return code;
    }

    /// <summary>Copies the output tangents into column <paramref name="column"/>.</summary>
    private List<CodeNode> Scatter(Dictionary<LVar, string> tangents, string column)
    {
        var code = new List<CodeNode>();
        for (int o = 0; o < _outputs.Count; o++)
        {
            LVar output = _outputs[o];
            string i = _names.Fresh("i");
            string row = Plus(Count(_outputs.Take(o)), i);
            code.Add(new CodeBlock(
                $"for (int {i} = 0; {i} < {output.Name}.Length; {i}++)",
                new List<CodeNode> { new CodeLine($"{_jacobian}[{Plus(Product(row), column)}] = {tangents[output]}[{i}];") }));
        }

        return code;
    }

    /// <summary>One Vjp per output element; its input adjoints are one row.</summary>
    private List<CodeNode> ReverseSweeps()
    {
        var code = new List<CodeNode> { CodeLine.Comment("Reverse mode: one vector-Jacobian product per output element fills one row.") };
        var seeds = new Dictionary<LVar, string>();
        foreach (LVar output in _outputs)
        {
            seeds[output] = _names.Fresh(output.Name + "Bar");
            code.Add(GeneratedPrologue.RentSpan(_workspace, output.Type, seeds[output], output.Name + ".Length"));
        }

        var gradients = new Dictionary<LVar, string>();
        foreach (LVar input in _inputs)
        {
            gradients[input] = _method.DerivativeNames[input];
            if (input.IsArray)
            {
                code.Add(GeneratedPrologue.RentSpan(_workspace, input.Type, gradients[input], input.Name + ".Length"));
            }
        }

        for (int o = 0; o < _outputs.Count; o++)
        {
            LVar output = _outputs[o];
            string k = _names.Fresh("k");
            string row = _names.Fresh("row");
            var arguments = _method.Method.Parameters.Select(p => p.Name)
                .Concat(_outputs.Select(x => seeds[x]))
                .Concat(_inputs.Select(p => p.IsArray ? gradients[p] : $"out {p.Type.Keyword()} {gradients[p]}"));
            var sweep = new List<CodeNode>
            {
                new CodeLine($"{seeds[output]}[{k}] = 1;"),
                new CodeLine($"{_method.Method.Name}Vjp({string.Join(", ", arguments)});"),
                new CodeLine($"{seeds[output]}[{k}] = 0;"),
                new CodeLine($"global::System.Span<{_element}> {row} = {_jacobian}.Slice({Product(Plus(Count(_outputs.Take(o)), k))}, {_columns});"),
            };
            for (int j = 0; j < _inputs.Count; j++)
            {
                LVar input = _inputs[j];
                string offset = Count(_inputs.Take(j));
                if (!input.IsArray)
                {
                    sweep.Add(new CodeLine($"{row}[{offset}] = {Convert(gradients[input], input.Type)};"));
                }
                else if (input.Type == _method.Method.ReturnType)
                {
                    sweep.Add(new CodeLine($"{gradients[input]}.CopyTo({(offset == "0" ? row : row + ".Slice(" + offset + ")")});"));
                }
                else
                {
                    string i = _names.Fresh("i");
                    sweep.Add(new CodeBlock(
                        $"for (int {i} = 0; {i} < {input.Name}.Length; {i}++)",
                        new List<CodeNode> { new CodeLine($"{row}[{Plus(offset, i)}] = {Convert(gradients[input] + "[" + i + "]", input.Type)};") }));
                }
            }

            code.Add(new CodeBlock($"for (int {k} = 0; {k} < {output.Name}.Length; {k}++)", sweep));
        }

        return code;
    }

    private string Convert(string value, ScalarType from) => RuleTemplates.Convert(value, from, _method.Method.ReturnType);

    /// <summary>The number of coordinates in <paramref name="vectors"/>: <c>p.Length + 1</c>, or <c>0</c>.</summary>
    private static string Count(IEnumerable<LVar> vectors)
    {
        var terms = new List<string>();
        int scalars = 0;
        foreach (LVar vector in vectors)
        {
            if (vector.IsArray)
            {
                terms.Add(vector.Name + ".Length");
            }
            else
            {
                scalars++;
            }
        }

        if (scalars > 0 || terms.Count == 0)
        {
            terms.Add(scalars.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return string.Join(" + ", terms);
    }

    /// <summary>The first element of a row: <c>i * columns</c>.</summary>
    private string Product(string row) => (row.Contains(" ") ? "(" + row + ")" : row) + " * " + _columns;

    private static string Plus(string offset, string index) => offset == "0" ? index : index == "0" ? offset : offset + " + " + index;
}
