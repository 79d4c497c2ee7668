using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// <c>FHessianVectorProduct</c> and <c>FHessian</c>: thin wrappers around <c>FGradientDual</c>. Seeding the
/// inputs' tangents with a direction v makes the gradient's tangents H·v, so one product costs one
/// gradient on dual numbers, and the Hessian is one product per column (inputs flattened in parameter order).
/// </summary>
internal sealed class HessianBuilder
{
    private static readonly TypeRef Dual = TypeRef.Named(Arithmetic.DualType);

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

    public static GeneratedMethod BuildProduct(LoweredMethod method) => new HessianBuilder(method).Product();

    public static GeneratedMethod BuildHessian(LoweredMethod method) => new HessianBuilder(method).Hessian();

    private GeneratedMethod Product()
    {
        MethodModel model = _method.Method;
        var directions = _inputs.ToDictionary(i => i.Parameter.Name, i => _names.Fresh("v" + i.Parameter.Name));
        var products = _inputs.ToDictionary(i => i.Parameter.Name, i => _names.Fresh("hv" + i.Parameter.Name));
        List<CodeParameter> parameters = model.Parameters.Select(p => new CodeParameter(p.TypeRef, p.Name))
            .Concat(_inputs.Select(i => new CodeParameter(i.Parameter.IsVector ? TypeRef.ReadOnlySpan(Type(i.Parameter)) : Type(i.Parameter), directions[i.Parameter.Name])))
            .Concat(_inputs.Select(i => i.Parameter.IsVector
                ? new CodeParameter(TypeRef.Span(Type(i.Parameter)), products[i.Parameter.Name])
                : new CodeParameter(Type(i.Parameter), products[i.Parameter.Name], ArgumentModifier.Out)))
            .ToList();

        var checks = new List<CodeNode>();
        foreach ((ParameterModel parameter, _) in _inputs.Where(i => i.Parameter.IsVector))
        {
            checks.Add(GeneratedPrologue.SameLength(directions[parameter.Name], parameter.Name));
            checks.Add(GeneratedPrologue.SameLength(products[parameter.Name], parameter.Name));
        }

        var body = new List<CodeNode> { Code.Comment("The inputs carry the direction as their tangents; the gradient's tangents are then H·v.") };
        AddDualVectors(body, (parameter, i) => Code.New(Dual, Element(parameter.Name, i), Element(directions[parameter.Name], i)));

        string value = _names.Fresh("value");
        body.Add(Code.Declare(Dual, value, GradientCall(p => Code.New(Dual, Code.Name(p.Name), Code.Name(directions[p.Name])))));
        foreach ((ParameterModel parameter, _) in _inputs)
        {
            string product = products[parameter.Name];
            if (parameter.IsVector)
            {
                string i = _names.Fresh("i");
                body.Add(Code.ForUp(i, Code.Int(0), Code.Length(Code.Name(product)), new List<CodeNode>
                {
                    Code.Assign(Element(product, i), Narrow(Tangent(Element(GradientOf(parameter), i)), parameter.Type)),
                }));
            }
            else
            {
                body.Add(Code.Assign(Code.Name(product), Narrow(Tangent(Code.Name(GradientOf(parameter))), parameter.Type)));
            }
        }

        body.Add(Code.Return(Narrow(Code.Member(Code.Name(value), "Value", ScalarType.Double), model.ReturnType)));
        string summary = $"Hessian-vector product: returns {model.Name} and writes the Hessian times the direction "
            + string.Join(", ", _inputs.Select(i => directions[i.Parameter.Name])) + " to "
            + string.Join(", ", _inputs.Select(i => products[i.Parameter.Name]))
            + $" (forward mode over reverse mode: one call of {model.Name}{SecondOrder.GradientSuffix}).";
        return new GeneratedMethod(summary, model.Accessibility, TypeRef.Of(model.ReturnType), model.Name + "HessianVectorProduct", parameters, Wrap(checks, body)) { QuotesSource = false };
    }

    private GeneratedMethod Hessian()
    {
        MethodModel model = _method.Method;
        string hessian = _names.Fresh("hessian");
        string n = _names.Fresh("n");
        Expr size = Code.Name(n, ScalarType.Int);
        ScalarType type = model.ReturnType;
        List<CodeParameter> parameters = model.Parameters.Select(p => new CodeParameter(p.TypeRef, p.Name))
            .Append(new CodeParameter(TypeRef.Span(TypeRef.Of(type)), hessian))
            .ToList();

        // Where each input starts in the flattened input vector.
        var starts = new List<Expr>();
        var lengths = new List<Expr>();
        int scalars = 0;
        foreach ((ParameterModel parameter, _) in _inputs)
        {
            starts.Add(Sum(lengths, scalars));
            if (parameter.IsVector)
            {
                lengths.Add(Code.Length(Code.Name(parameter.Name)));
            }
            else
            {
                scalars++;
            }
        }

        Expr count = Sum(lengths, scalars);
        var checks = new List<CodeNode>
        {
            Code.Declare(TypeRef.Of(ScalarType.Int), n, count),
            Code.ThrowIf(
                Code.Binary(BinaryOperator.NotEqual, Code.Length(Code.Name(hessian)), Code.Multiply(size, size)),
                hessian,
                $"{hessian} must have n * n elements, n = ",
                count,
                " being the number of differentiable inputs."),
        };

        var body = new List<CodeNode>();
        AddDualVectors(body, (parameter, i) => Element(parameter.Name, i));

        string value = _names.Fresh("value");
        string column = _names.Fresh("column");
        Expr columnExpr = Code.Name(column, ScalarType.Int);
        body.Add(Code.Declare(TypeRef.Of(type), value));
        body.Add(Code.Declare(TypeRef.Of(ScalarType.Int), column, Code.Int(0)));
        if (!model.HasSignature && _inputs.All(i => !i.Parameter.IsVector && i.Parameter.Type == type))
        {
            // Scalar inputs of the result's type, declared as such (no struct flattened into them, which would give
            // FHessianVectorProduct another signature): each column is FHessianVectorProduct along a unit direction,
            // written straight into the matrix (half the code of calling FGradientDual here, for the compiler too).
            body.Add(new CodeLoop(LoopKind.DoWhile, Code.Binary(BinaryOperator.Less, Code.Unary(UnaryOperator.PreIncrement, columnExpr), size), new List<CodeNode>
            {
                Code.Comment($"Column number {column}: the Hessian times the unit direction of input number {column}."),
                Code.Assign(Code.Name(value, type), ProductCall(k => Code.Conditional(Code.Binary(BinaryOperator.Equal, columnExpr, starts[k]), Code.Int(1), Code.Int(0)), k => Code.Index(Code.Name(hessian), Cell(starts[k], size, columnExpr), type))),
            }));
            return Finish();
        }

        var pass = new List<CodeNode> { Code.Comment($"Seed the unit direction of input number {column}: the gradient's tangents are that column of the Hessian.") };
        var seeds = new Dictionary<string, Expr>();
        for (int k = 0; k < _inputs.Count; k++)
        {
            ParameterModel parameter = _inputs[k].Parameter;
            if (parameter.IsVector)
            {
                string at = _names.Fresh(parameter.Name + "Seed");
                Expr seed = Code.Name(at, ScalarType.Int);
                pass.Add(Code.Declare(TypeRef.Of(ScalarType.Int), at, IsZero(starts[k]) ? columnExpr : Code.Subtract(columnExpr, starts[k])));
                pass.Add(Code.If(InRange(seed, parameter), new List<CodeNode>
                {
                    Code.Assign(Code.Index(Code.Name(DualOf(parameter)), seed), Code.New(Dual, Code.Index(Code.Name(parameter.Name), seed), Code.Int(1))),
                }));
                seeds[parameter.Name] = seed;
            }
        }

        Expr gradient = GradientCall(p => Code.New(Dual, Code.Name(p.Name), Code.Conditional(Code.Binary(BinaryOperator.Equal, columnExpr, starts[_inputs.FindIndex(i => i.Parameter == p)]), Code.Int(1), Code.Int(0))));
        pass.Add(Code.Assign(Code.Name(value, type), Narrow(Code.Member(gradient, "Value", ScalarType.Double), type)));
        for (int k = 0; k < _inputs.Count; k++)
        {
            ParameterModel parameter = _inputs[k].Parameter;
            if (parameter.IsVector)
            {
                Expr seed = seeds[parameter.Name];
                string i = _names.Fresh("i");
                pass.Add(Code.If(InRange(seed, parameter), new List<CodeNode>
                {
                    Code.Assign(Code.Index(Code.Name(DualOf(parameter)), seed), Code.Index(Code.Name(parameter.Name), seed)),
                }));
                pass.Add(CodeBlank.Instance);
                Expr row = IsZero(starts[k]) ? Code.Name(i, ScalarType.Int) : Code.Add(starts[k], Code.Name(i, ScalarType.Int));
                pass.Add(Code.ForUp(i, Code.Int(0), Code.Length(Code.Name(parameter.Name)), new List<CodeNode>
                {
                    Code.Assign(Code.Index(Code.Name(hessian), Cell(row, size, columnExpr)), Narrow(Tangent(Element(GradientOf(parameter), i)), type)),
                }));
            }
            else
            {
                pass.Add(Code.Assign(Code.Index(Code.Name(hessian), Cell(starts[k], size, columnExpr)), Narrow(Tangent(Code.Name(GradientOf(parameter))), type)));
            }
        }

        // do-while: the value is computed even when there are no inputs to seed.
        body.Add(new CodeLoop(LoopKind.DoWhile, Code.Binary(BinaryOperator.Less, Code.Unary(UnaryOperator.PreIncrement, columnExpr), size), pass));
        return Finish();

        GeneratedMethod Finish()
        {
            body.Add(CodeBlank.Instance);
            body.Add(Code.Comment("The columns agree with the rows up to rounding: average them so the result is exactly symmetric."));
            body.Add(Code.Statement(Code.Call(RuntimeNames.Hessians + ".Symmetrize", Code.Name(hessian), size)));
            body.Add(Code.Return(Code.Name(value, type)));
            string summary = $"Hessian: returns {model.Name} and writes its matrix of second derivatives to {hessian}, row-major, "
                + $"inputs in parameter order ({string.Join(", ", _inputs.Select(i => i.Parameter.Name))}); one Hessian-vector product per column.";
            return new GeneratedMethod(summary, model.Accessibility, TypeRef.Of(type), model.Name + "Hessian", parameters, Wrap(checks, body)) { QuotesSource = false };
        }
    }

    /// <summary>The call of <c>FHessianVectorProduct</c> for scalar inputs: input number k's direction and product as given.</summary>
    private Expr ProductCall(System.Func<int, Expr> direction, System.Func<int, Expr> product)
    {
        MethodModel model = _method.Method;
        var arguments = model.Parameters.Select(p => Code.Name(p.Name)).ToList();
        arguments.AddRange(Enumerable.Range(0, _inputs.Count).Select(direction));
        arguments.AddRange(Enumerable.Range(0, _inputs.Count).Select(k => (Expr)new ArgumentExpr(ArgumentModifier.Out, product(k))));
        return Code.Call(model.Name + "HessianVectorProduct", arguments, model.ReturnType);
    }

    /// <summary>For each vector input: a dual copy filled element by element with <paramref name="element"/>, and a dual gradient span.</summary>
    private void AddDualVectors(List<CodeNode> body, System.Func<ParameterModel, string, Expr> element)
    {
        foreach ((ParameterModel parameter, _) in _inputs.Where(i => i.Parameter.IsVector))
        {
            string i = _names.Fresh("i");
            Expr length = Code.Length(Code.Name(parameter.Name));
            body.Add(GeneratedPrologue.RentDuals(Workspace, DualOf(parameter), length));
            body.Add(Code.ForUp(i, Code.Int(0), length, new List<CodeNode> { Code.Assign(Element(DualOf(parameter), i), element(parameter, i)) }));
            body.Add(GeneratedPrologue.RentDuals(Workspace, GradientOf(parameter), length));
        }
    }

    /// <summary>The call of <c>FGradientDual</c>: scalar inputs as <paramref name="scalarInput"/>, vectors as their dual copies.</summary>
    private Expr GradientCall(System.Func<ParameterModel, Expr> scalarInput)
    {
        MethodModel model = _method.Method;
        var arguments = new List<Expr>();
        foreach (ParameterModel parameter in model.Parameters)
        {
            bool input = _inputs.Any(i => i.Parameter == parameter);
            arguments.Add(!input ? Code.Name(parameter.Name) : parameter.IsVector ? Code.Name(DualOf(parameter)) : scalarInput(parameter));
        }

        foreach ((ParameterModel parameter, _) in _inputs)
        {
            arguments.Add(parameter.IsVector ? Code.Name(GradientOf(parameter)) : Code.Out(GradientOf(parameter), Dual));
        }

        return Code.Call(model.Name + SecondOrder.GradientSuffix, arguments);
    }

    private static TypeRef Type(ParameterModel parameter) => TypeRef.Of(parameter.Type);

    private static Expr Element(string span, string index) => Code.Index(Code.Name(span), Code.Name(index, ScalarType.Int));

    private static Expr Tangent(Expr dual) => Code.Member(dual, "Tangent", ScalarType.Double);

    /// <summary><c>(uint)seed &lt; (uint)vector.Length</c>: the seed falls inside the vector.</summary>
    private static Expr InRange(Expr seed, ParameterModel vector) =>
        Code.Binary(BinaryOperator.Less, Code.Cast(ScalarType.UInt, seed), Code.Cast(ScalarType.UInt, Code.Length(Code.Name(vector.Name))));

    /// <summary>A double read off a dual number, narrowed for a float result (the dual code computes in double).</summary>
    private static Expr Narrow(Expr value, ScalarType type) => type == ScalarType.Float ? Code.Cast(ScalarType.Float, value) : value;

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

    private List<CodeNode> Wrap(List<CodeNode> checks, List<CodeNode> body)
    {
        var full = new List<CodeNode>(checks);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return full;
    }

    /// <summary><c>a.Length + b.Length + 2</c> from the vector lengths so far and a count of scalars.</summary>
    private static Expr Sum(List<Expr> lengths, int scalars)
    {
        var parts = new List<Expr>(lengths);
        if (scalars > 0 || parts.Count == 0)
        {
            parts.Add(Code.Int(scalars));
        }

        return Algebra.Sum(parts);
    }

    private static bool IsZero(Expr start) => start is LiteralExpr { Value.Bits: 0 };

    /// <summary>The index of (<paramref name="row"/>, <paramref name="column"/>) in a row-major n × n matrix.</summary>
    private static Expr Cell(Expr row, Expr n, Expr column) => row switch
    {
        LiteralExpr { Value.Bits: 0 } => column,
        LiteralExpr { Value.Bits: 1 } => Code.Add(n, column),
        _ => Code.Add(Code.Multiply(row, n), column),
    };
}
