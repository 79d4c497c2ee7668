using System.Collections.Generic;
using System.Linq;
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
    private readonly ScalarType _element;
    private readonly string _jacobian;
    private readonly string _columns;
    private readonly string _workspace;

    private JacobianBuilder(LoweredMethod method)
    {
        _method = method;
        _names = method.Names.Clone();
        _inputs = method.Inputs.ToList();
        _outputs = method.Outputs.ToList();
        _element = method.Method.ReturnType;
        _jacobian = _names.Fresh("jacobian");
        _columns = _names.Fresh("columns");
        _workspace = _names.Fresh("workspace");
    }

    public static GeneratedMethod Build(LoweredMethod method) => new JacobianBuilder(method).Build();

    private Expr Columns => Code.Name(_columns, ScalarType.Int);

    private GeneratedMethod Build()
    {
        MethodModel model = _method.Method;
        List<CodeParameter> parameters = model.Parameters.Select(p => new CodeParameter(p.TypeRef, p.Name))
            .Append(new CodeParameter(TypeRef.Span(TypeRef.Of(_element)), _jacobian))
            .ToList();
        string rows = _names.Fresh("rows");
        Expr rowCount = Count(_outputs);
        Expr columnCount = Count(_inputs);
        var body = new List<CodeNode>
        {
            Code.Declare(TypeRef.Of(ScalarType.Int), rows, rowCount),
            Code.Declare(TypeRef.Of(ScalarType.Int), _columns, columnCount),
            Code.ThrowIf(
                Code.Binary(BinaryOperator.NotEqual, Code.Length(Code.Name(_jacobian)), Code.Multiply(Code.Name(rows, ScalarType.Int), Columns)),
                _jacobian,
                _jacobian + " must have (",
                rowCount,
                ") * (",
                columnCount,
                ") elements, one per output element and differentiable input."),
        };
        if (_inputs.All(p => p.IsArray))
        {
            // No sweep runs when there is no input coordinate, but the caller still gets the outputs.
            body.Add(Code.If(Code.Binary(BinaryOperator.Equal, Columns, Code.Int(0)), new List<CodeNode>
            {
                Code.Statement(Code.Call(model.Name, model.Parameters.Select(p => Code.Name(p.Name)))),
                Code.Return(null),
            }));
        }

        body.Add(CodeBlank.Instance);
        string mark = _names.Fresh("mark");
        body.AddRange(GeneratedPrologue.OpenWorkspace(_workspace, mark));
        body.Add(new CodeTry(
            new List<CodeNode> { Code.If(Code.Binary(BinaryOperator.LessOrEqual, Columns, Code.Name(rows, ScalarType.Int)), ForwardSweeps(), ReverseSweeps()) },
            new List<CodeNode> { GeneratedPrologue.Release(_workspace, mark) }));

        string summary = $"Runs {model.Name}, writing its outputs, and writes its Jacobian to {_jacobian}, row-major: one row per output element ("
            + string.Join(", ", _outputs.Select(o => o.Name)) + "), one column per differentiable input coordinate ("
            + string.Join(", ", _inputs.Select(p => p.Name)) + "). Uses forward sweeps when there are no more columns than rows, else reverse sweeps.";
        return new GeneratedMethod(summary, model.Accessibility, null, model.Name + "Jacobian", parameters, body);
    }

    /// <summary>One Jvp per input coordinate; its output tangents are one column.</summary>
    private List<CodeNode> ForwardSweeps()
    {
        var code = new List<CodeNode> { Code.Comment("Forward mode: one Jacobian-vector product per input coordinate fills one column.") };
        var tangents = new Dictionary<LVar, string>();
        foreach (LVar input in _inputs)
        {
            // The Jvp's own tangent name; the sweeps live in sibling blocks, so both may use it.
            string name = _method.DerivativeNames[input];
            tangents[input] = name;
            code.Add(input.IsArray
                ? GeneratedPrologue.RentSpan(_workspace, input.Type, name, Code.Length(Code.Name(input.Name)))
                : Code.Declare(TypeRef.Of(input.Type), name, Code.Int(0)));
        }

        var columns = new Dictionary<LVar, string>();
        foreach (LVar output in _outputs)
        {
            columns[output] = _names.Fresh("d" + output.Name);
            code.Add(GeneratedPrologue.RentSpan(_workspace, output.Type, columns[output], Code.Length(Code.Name(output.Name))));
        }

        CodeNode call = Code.Statement(Code.Call(
            _method.Method.Name + "Jvp",
            _method.Method.Parameters.Select(p => p.Name).Concat(_inputs.Select(p => tangents[p])).Concat(_outputs.Select(o => columns[o])).Select(n => Code.Name(n))));
        for (int j = 0; j < _inputs.Count; j++)
        {
            LVar input = _inputs[j];
            Expr offset = Count(_inputs.Take(j));
            if (input.IsArray)
            {
                string k = _names.Fresh("k");
                Expr seed = Code.Index(Code.Name(tangents[input]), Code.Name(k, ScalarType.Int));
                var sweep = new List<CodeNode> { Code.Assign(seed, Code.Int(1)), call, Code.Assign(seed, Code.Int(0)) };
                sweep.AddRange(Scatter(columns, Plus(offset, Code.Name(k, ScalarType.Int))));
                code.Add(Code.ForUp(k, Code.Int(0), Code.Length(Code.Name(input.Name)), sweep));
            }
            else
            {
                code.Add(Code.Assign(Code.Name(tangents[input]), Code.Int(1)));
                code.Add(call);
                code.Add(Code.Assign(Code.Name(tangents[input]), Code.Int(0)));
                code.AddRange(Scatter(columns, offset));
            }
        }

        return code;
    }

    /// <summary>Copies the output tangents into column <paramref name="column"/>.</summary>
    private List<CodeNode> Scatter(Dictionary<LVar, string> tangents, Expr column)
    {
        var code = new List<CodeNode>();
        for (int o = 0; o < _outputs.Count; o++)
        {
            LVar output = _outputs[o];
            string i = _names.Fresh("i");
            Expr row = Plus(Count(_outputs.Take(o)), Code.Name(i, ScalarType.Int));
            code.Add(Code.ForUp(i, Code.Int(0), Code.Length(Code.Name(output.Name)), new List<CodeNode>
            {
                Code.Assign(Code.Index(Code.Name(_jacobian), Plus(Product(row), column)), Code.Index(Code.Name(tangents[output]), Code.Name(i, ScalarType.Int))),
            }));
        }

        return code;
    }

    /// <summary>One Vjp per output element; its input adjoints are one row.</summary>
    private List<CodeNode> ReverseSweeps()
    {
        var code = new List<CodeNode> { Code.Comment("Reverse mode: one vector-Jacobian product per output element fills one row.") };
        var seeds = new Dictionary<LVar, string>();
        foreach (LVar output in _outputs)
        {
            seeds[output] = _names.Fresh(output.Name + "Bar");
            code.Add(GeneratedPrologue.RentSpan(_workspace, output.Type, seeds[output], Code.Length(Code.Name(output.Name))));
        }

        var gradients = new Dictionary<LVar, string>();
        foreach (LVar input in _inputs)
        {
            gradients[input] = _method.DerivativeNames[input];
            if (input.IsArray)
            {
                code.Add(GeneratedPrologue.RentSpan(_workspace, input.Type, gradients[input], Code.Length(Code.Name(input.Name))));
            }
        }

        for (int o = 0; o < _outputs.Count; o++)
        {
            LVar output = _outputs[o];
            string k = _names.Fresh("k");
            string row = _names.Fresh("row");
            Expr rowSpan = Code.Name(row);
            Expr seed = Code.Index(Code.Name(seeds[output]), Code.Name(k, ScalarType.Int));
            IEnumerable<Expr> arguments = _method.Method.Parameters.Select(p => Code.Name(p.Name))
                .Concat(_outputs.Select(x => Code.Name(seeds[x])))
                .Concat(_inputs.Select(p => p.IsArray ? Code.Name(gradients[p]) : Code.Out(gradients[p], TypeRef.Of(p.Type))));
            var sweep = new List<CodeNode>
            {
                Code.Assign(seed, Code.Int(1)),
                Code.Statement(Code.Call(_method.Method.Name + "Vjp", arguments)),
                Code.Assign(seed, Code.Int(0)),
                Code.Declare(TypeRef.Span(TypeRef.Of(_element)), row, Code.CallOn(Code.Name(_jacobian), "Slice", _element, Product(Plus(Count(_outputs.Take(o)), Code.Name(k, ScalarType.Int))), Columns)),
            };
            for (int j = 0; j < _inputs.Count; j++)
            {
                LVar input = _inputs[j];
                Expr offset = Count(_inputs.Take(j));
                if (!input.IsArray)
                {
                    sweep.Add(Code.Assign(Code.Index(rowSpan, offset), Convert(Code.Name(gradients[input], input.Type), input.Type)));
                }
                else if (input.Type == _method.Method.ReturnType)
                {
                    Expr destination = IsZero(offset) ? rowSpan : Code.CallOn(rowSpan, "Slice", _element, offset);
                    sweep.Add(Code.Statement(Code.CallOn(Code.Name(gradients[input]), "CopyTo", _element, destination)));
                }
                else
                {
                    string i = _names.Fresh("i");
                    Expr index = Code.Name(i, ScalarType.Int);
                    sweep.Add(Code.ForUp(i, Code.Int(0), Code.Length(Code.Name(input.Name)), new List<CodeNode>
                    {
                        Code.Assign(Code.Index(rowSpan, Plus(offset, index)), Convert(Code.Index(Code.Name(gradients[input]), index, input.Type), input.Type)),
                    }));
                }
            }

            code.Add(Code.ForUp(k, Code.Int(0), Code.Length(Code.Name(output.Name)), sweep));
        }

        return code;
    }

    private Expr Convert(Expr value, ScalarType from) => Algebra.Convert(value, from, _method.Method.ReturnType, onDuals: false);

    /// <summary>The number of coordinates in <paramref name="vectors"/>: <c>p.Length + 1</c>, or <c>0</c>.</summary>
    private static Expr Count(IEnumerable<LVar> vectors)
    {
        var terms = new List<Expr>();
        int scalars = 0;
        foreach (LVar vector in vectors)
        {
            if (vector.IsArray)
            {
                terms.Add(Code.Length(Code.Name(vector.Name)));
            }
            else
            {
                scalars++;
            }
        }

        if (scalars > 0 || terms.Count == 0)
        {
            terms.Add(Code.Int(scalars));
        }

        return Algebra.Sum(terms);
    }

    /// <summary>The first element of a row: <c>i * columns</c>.</summary>
    private Expr Product(Expr row) => Code.Multiply(row, Columns);

    private static bool IsZero(Expr expr) => expr is LiteralExpr { Value.Bits: 0 };

    /// <summary><c>offset + index</c>, left to right (<c>a + 1 + k</c>), leaving out zeros.</summary>
    private static Expr Plus(Expr offset, Expr index) =>
        IsZero(offset) ? index
        : IsZero(index) ? offset
        : index is BinaryExpr { Operator: BinaryOperator.Add } sum ? Code.Add(Plus(offset, sum.Left), sum.Right)
        : Code.Add(offset, index);
}
