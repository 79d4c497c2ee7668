using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Forward mode of a method returning a tuple or struct of reals: <c>PJvp</c> (the value and one tangent per result
/// leaf) and <c>PJacobian</c> (the forward pass run once per input coordinate, each filling one column).
/// </summary>
internal sealed partial class ForwardBuilder
{
    public static GeneratedMethod BuildJacobianOfComposite(LoweredMethod method) => new ForwardBuilder(method).BuildCompositeJacobian();

    /// <summary><c>(double X, double Y) PJvp(r, t, double dr, double dt, out double dX, out double dY)</c>.</summary>
    private GeneratedMethod BuildCompositeJvp()
    {
        MethodModel model = _method.Method;
        CompositeResult result = model.Result!;
        List<LVar> results = _method.Results!;
        List<string> outs = result.ElementNames.Select(n => _names.Fresh("d" + n)).ToList();
        List<CodeParameter> parameters = model.Parameters.Select(p => new CodeParameter(p.TypeRef, p.Name))
            .Concat(TangentInputs())
            .Concat(outs.Select((o, i) => new CodeParameter(TypeRef.Of(results[i].Type), o, ArgumentModifier.Out)))
            .ToList();

        var body = new List<CodeNode>();
        foreach (LVar leaf in results)
        {
            Declare(leaf, body);
        }

        EmitBlock(_method.Root, body);
        body.Add(CodeBlank.Instance);
        for (int i = 0; i < results.Count; i++)
        {
            body.Add(Code.Assign(Code.Name(outs[i], results[i].Type), results[i].Active ? TangentName(results[i]) : Code.Int(0)));
        }

        body.Add(Code.Return(CompositeCode.Build(result.Layout, results.Select(r => (Expr)new VarRef(r)).ToList())));
        string summary = $"Jacobian-vector product: returns {model.Name} and writes to "
            + string.Join(", ", outs)
            + " its directional derivative along the tangents "
            + string.Join(", ", _method.Inputs.Select(p => _tangents[p])) + ".";
        List<CodeNode> full = GeneratedPrologue.LengthChecks(_method);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return new GeneratedMethod(summary, model.Accessibility, result.Layout.Type, model.Name + "Jvp", parameters, full);
    }

    /// <summary>
    /// <c>PJacobian(r, t, Span&lt;double&gt; jacobian)</c>: row-major, one row per result leaf, one column per input coordinate.
    /// The forward pass runs once per column with that coordinate's tangent 1 (and at least once, for the value).
    /// </summary>
    private GeneratedMethod BuildCompositeJacobian()
    {
        MethodModel model = _method.Method;
        CompositeResult result = model.Result!;
        List<LVar> results = _method.Results!;
        List<LVar> inputs = _method.Inputs.ToList();
        string jacobian = _names.Fresh("jacobian");
        string columns = _names.Fresh("columns");
        string column = _names.Fresh("column");
        Expr columnsExpr = Code.Name(columns, ScalarType.Int);
        Expr columnExpr = Code.Name(column, ScalarType.Int);
        ScalarType element = model.ReturnType;
        List<CodeParameter> parameters = model.Parameters.Select(p => new CodeParameter(p.TypeRef, p.Name))
            .Append(new CodeParameter(TypeRef.Span(TypeRef.Of(element)), jacobian))
            .ToList();

        // Where each input's coordinates start among the columns.
        var starts = new List<Expr>();
        var lengths = new List<Expr>();
        int scalars = 0;
        foreach (LVar input in inputs)
        {
            starts.Add(Count(lengths, scalars));
            if (input.IsArray)
            {
                lengths.Add(Code.Length(Code.Name(input.Name)));
            }
            else
            {
                scalars++;
            }
        }

        Expr count = Count(lengths, scalars);
        var checks = new List<CodeNode>
        {
            Code.Declare(TypeRef.Of(ScalarType.Int), columns, count),
            Code.ThrowIf(
                Code.Binary(BinaryOperator.NotEqual, Code.Length(Code.Name(jacobian)), Code.Multiply(Code.Int(results.Count), columnsExpr)),
                jacobian,
                $"{jacobian} must have {results.Count} * (",
                count,
                ") elements, one row per result element and one column per differentiable input."),
        };

        // One forward pass, written first: whether it rents from the workspace decides the scopes around it.
        var forwardPass = new List<CodeNode>();
        EmitBlock(_method.Root, forwardPass);
        bool passRents = _workspace is not null;

        var body = new List<CodeNode> { Code.Comment("The tangents of the inputs: unit vectors, one column at a time.") };
        foreach (LVar input in inputs)
        {
            body.Add(input.IsArray
                ? GeneratedPrologue.RentSpan(Workspace, input.Type, _tangents[input], Code.Length(Code.Name(input.Name)))
                : Code.Declare(TypeRef.Of(input.Type), _tangents[input], Code.Int(0)));
        }

        foreach (LVar leaf in results)
        {
            Declare(leaf, body);
        }

        body.Add(Code.Declare(TypeRef.Of(ScalarType.Int), column, Code.Int(0)));
        var pass = new List<CodeNode> { Code.Comment($"Seed the unit tangent of input coordinate number {column}.") };
        var seeds = new List<(LVar Input, Expr Seed)>();
        for (int k = 0; k < inputs.Count; k++)
        {
            LVar input = inputs[k];
            if (input.IsArray)
            {
                string at = _names.Fresh(input.Name + "Seed");
                Expr seed = Code.Name(at, ScalarType.Int);
                pass.Add(Code.Declare(TypeRef.Of(ScalarType.Int), at, IsZero(starts[k]) ? columnExpr : Code.Subtract(columnExpr, starts[k])));
                pass.Add(Code.If(InRange(seed, input), new List<CodeNode> { Code.Assign(Code.Index(Code.Name(_tangents[input]), seed, input.Type), Code.Int(1)) }));
                seeds.Add((input, seed));
            }
            else
            {
                pass.Add(Code.Assign(Code.Name(_tangents[input], input.Type), Code.Conditional(Code.Binary(BinaryOperator.Equal, columnExpr, starts[k]), Code.Int(1), Code.Int(0))));
            }
        }

        if (passRents)
        {
            // Local arrays of one pass are handed back before the next.
            string mark = _names.Fresh("passMark");
            pass.Add(Code.Declare(TypeRef.Named(RuntimeNames.WorkspaceMark), mark, GeneratedPrologue.Mark(Workspace)));
            pass.AddRange(forwardPass);
            pass.Add(GeneratedPrologue.Release(Workspace, mark));
        }
        else
        {
            pass.AddRange(forwardPass);
        }

        foreach ((LVar input, Expr seed) in seeds)
        {
            pass.Add(Code.If(InRange(seed, input), new List<CodeNode> { Code.Assign(Code.Index(Code.Name(_tangents[input]), seed, input.Type), Code.Int(0)) }));
        }

        pass.Add(Code.If(
            Code.Binary(BinaryOperator.Less, columnExpr, columnsExpr),
            results.Select((leaf, i) => Code.Assign(
                Code.Index(Code.Name(jacobian), i == 0 ? columnExpr : Code.Add(Code.Multiply(Code.Int(i), columnsExpr), columnExpr), element),
                leaf.Active ? Algebra.Convert(TangentName(leaf), leaf.Type, element, onDuals: false) : Code.Int(0))).ToList()));
        body.Add(new CodeLoop(LoopKind.DoWhile, Code.Binary(BinaryOperator.Less, Code.Unary(UnaryOperator.PreIncrement, columnExpr), columnsExpr), pass));
        body.Add(CodeBlank.Instance);
        body.Add(Code.Return(CompositeCode.Build(result.Layout, results.Select(r => (Expr)new VarRef(r)).ToList())));

        string summary = $"Returns {model.Name} and writes its Jacobian to {jacobian}, row-major: one row per element of the result ("
            + string.Join(", ", result.ElementNames) + "), one column per differentiable input coordinate ("
            + string.Join(", ", inputs.Select(p => p.Name)) + "); one forward pass per column.";
        var full = new List<CodeNode>(checks);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return new GeneratedMethod(summary, model.Accessibility, result.Layout.Type, model.Name + "Jacobian", parameters, full);
    }

    /// <summary><c>a.Length + b.Length + 2</c> from vector lengths and a count of scalars.</summary>
    private static Expr Count(List<Expr> lengths, int scalars)
    {
        var parts = new List<Expr>(lengths);
        if (scalars > 0 || parts.Count == 0)
        {
            parts.Add(Code.Int(scalars));
        }

        return Algebra.Sum(parts);
    }

    private static bool IsZero(Expr start) => start is LiteralExpr { Value.Bits: 0 };

    /// <summary><c>(uint)seed &lt; (uint)vector.Length</c>.</summary>
    private static Expr InRange(Expr seed, LVar vector) =>
        Code.Binary(BinaryOperator.Less, Code.Cast(ScalarType.UInt, seed), Code.Cast(ScalarType.UInt, Code.Length(Code.Name(vector.Name))));
}
