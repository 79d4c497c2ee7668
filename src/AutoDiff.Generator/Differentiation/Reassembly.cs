using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// The builders work on the scalar parameters the parser split the declared ones into (a <c>Vec3 a</c> is
/// <c>a_X</c>, <c>a_Y</c>, <c>a_Z</c>; a <c>double[,] m</c> is a flat span and its column count). This pass gives
/// each generated method the signature the user declared, as <see cref="SignatureParameter"/>s say: a struct
/// parameter, its tangent and its gradient are one parameter of the struct's type (<c>out Vec3 da</c>), a span of
/// structs gets a span of gradients (<c>Span&lt;Vec3&gt; dPoints</c>), a 2-D array a 2-D gradient of the same shape.
/// A prologue splits what comes in into the scalar names the body uses; before each return an epilogue builds what
/// goes out. Spans of structs and jagged arrays are copied through workspace spans; a 2-D array is viewed in place.
/// </summary>
internal static class Reassembly
{
    /// <summary>How a run of parameters after the method's own relates to the declared parameters.</summary>
    public enum Run
    {
        /// <summary>One read-only parameter per differentiable input: tangents, directions.</summary>
        InputsIn,

        /// <summary>One written parameter per differentiable input: gradients, Hessian-vector products.</summary>
        InputsOut,

        /// <summary>One written parameter per leaf of a struct result: the tangent of the result (a tuple keeps one per element).</summary>
        ResultOut,

        /// <summary>One read-only parameter per leaf of a struct result: the adjoint of the result.</summary>
        ResultIn,
    }

    private const string ArrayViews = "global::AutoDiff.CompilerServices.ArrayViews";

    /// <summary>
    /// The method with the declared signature. <paramref name="runs"/> follow the method's own (scalar) parameters, each
    /// named from the declared parameter's name; parameters after the last run (the Jacobian, <c>out derivative</c>) stay.
    /// </summary>
    public static GeneratedMethod Apply(GeneratedMethod method, MethodModel model, params (Run Kind, Func<string, string> Name)[] runs)
    {
        bool structResult = model.Result is { IsTuple: false };
        if (!model.HasSignature && !(structResult && runs.Any(r => r.Kind is Run.ResultIn or Run.ResultOut)))
        {
            return method;
        }

        var pass = new Pass(method, model);
        return pass.Apply(runs);
    }

    private sealed class Pass
    {
        private readonly GeneratedMethod _method;
        private readonly MethodModel _model;
        private readonly HashSet<string> _used;
        private readonly List<CodeParameter> _parameters = new();
        private readonly List<CodeNode> _checks = new();
        private readonly List<CodeNode> _prologue = new();
        private readonly List<CodeNode> _epilogue = new();
        private readonly HashSet<string> _removed = new();
        private string? _workspace;

        public Pass(GeneratedMethod method, MethodModel model)
        {
            _method = method;
            _model = model;
            _used = Names(method);

            // A body that already works in a workspace scope lends it to the prologue, when nothing but argument checks
            // comes before that scope (else those statements would read the prologue's names before it runs).
            int opening = method.Body.FindIndex(node => node is CodeDeclare { Type: { Kind: TypeRefKind.Named, Name: RuntimeNames.Workspace } });
            if (opening >= 0 && method.Body.Take(opening).All(node => node is CodeIf { Then: [CodeThrowArgument] }))
            {
                _workspace = ((CodeDeclare)method.Body[opening]).Name;
                _scope = method.Body.Skip(opening).OfType<CodeTry>().FirstOrDefault();
                if (_scope is null)
                {
                    _workspace = null;
                }
            }
        }

        private readonly CodeTry? _scope;

        private IReadOnlyList<SignatureParameter> Signature => _model.HasSignature
            ? _model.Signature
            : _model.Parameters.Select((p, i) => new SignatureParameter(p.Name, p.TypeRef, SignatureKind.Plain, i, 1, p.IsDifferentiable)).ToList();

        public GeneratedMethod Apply((Run Kind, Func<string, string> Name)[] runs)
        {
            List<CodeParameter> scalar = _method.Parameters;
            int position = 0;
            foreach (SignatureParameter declared in Signature)
            {
                List<CodeParameter> slice = scalar.Skip(position).Take(declared.Count).ToList();
                position += declared.Count;
                Value(declared, slice);
            }

            foreach ((Run kind, Func<string, string> name) in runs)
            {
                if (kind is Run.ResultIn or Run.ResultOut)
                {
                    CompositeResult result = _model.Result!;
                    int count = result.IsTuple ? result.Leaves.Count : result.Layout.LeafCount;
                    List<CodeParameter> slice = scalar.Skip(position).Take(count).ToList();
                    position += count;
                    if (result.IsTuple)
                    {
                        _parameters.AddRange(slice);
                    }
                    else
                    {
                        var group = new SignatureParameter("result", result.Layout.Type, SignatureKind.Composite, 0, count, true, ParameterModifier.None, result.Layout);
                        Composite(group, slice, Fresh(name("result")), kind == Run.ResultOut);
                    }

                    continue;
                }

                foreach (SignatureParameter declared in Signature.Where(p => p.IsDifferentiable))
                {
                    int count = Enumerable.Range(declared.First, declared.Count).Count(i => _model.Parameters[i].IsDifferentiable);
                    List<CodeParameter> slice = scalar.Skip(position).Take(count).ToList();
                    position += count;
                    Derivative(declared, slice, name(declared.Name), kind == Run.InputsOut);
                }
            }

            _parameters.AddRange(scalar.Skip(position));
            return new GeneratedMethod(_method.Summary, _method.Accessibility, _method.ReturnType, _method.Name, _parameters, Body())
            {
                QuotesSource = _method.QuotesSource,
            };
        }

        /// <summary>A declared parameter's own scalar parameters.</summary>
        private void Value(SignatureParameter declared, List<CodeParameter> slice)
        {
            ArgumentModifier? modifier = declared.Modifier == ParameterModifier.In ? ArgumentModifier.In : null;
            switch (declared.Kind)
            {
                case SignatureKind.Plain:
                    _parameters.Add(slice[0].Modifier is null && modifier is not null ? slice[0] with { Modifier = modifier } : slice[0]);
                    return;

                case SignatureKind.Composite:
                    _parameters.Add(new CodeParameter(declared.Type, declared.Name, modifier));
                    Split(declared.Layout!, Code.Name(declared.Name, ScalarType.Data), slice);
                    return;

                case SignatureKind.CompositeVector:
                    _parameters.Add(new CodeParameter(declared.Type, declared.Name));
                    CopyIn(declared.Layout!, declared.Name, slice);
                    return;

                case SignatureKind.Matrix:
                    {
                        // [the array, its flat view, its column count]: the array comes in, the view and the count are read off it.
                        _parameters.Add(new CodeParameter(declared.Type, declared.Name, modifier));
                        CodeParameter flat = slice[1];
                        _removed.Add(flat.Name);
                        _removed.Add(slice[2].Name);
                        _prologue.Add(Code.Declare(flat.Type, flat.Name, Code.Call(ArrayViews + ".Flat", Code.Name(declared.Name, ScalarType.Data))));
                        _prologue.Add(Code.Declare(TypeRef.Of(ScalarType.Int), slice[2].Name, Code.CallOn(Code.Name(declared.Name, ScalarType.Data), "GetLength", ScalarType.Int, Code.Int(1))));
                        return;
                    }

                case SignatureKind.Jagged:
                    {
                        // [the array, a flat copy of its rows, where each row starts]
                        _parameters.Add(new CodeParameter(declared.Type, declared.Name, modifier));
                        CodeParameter flat = slice[1], starts = slice[2];
                        _removed.Add(flat.Name);
                        _removed.Add(starts.Name);
                        Expr rows = Code.Name(declared.Name, ScalarType.Data);
                        _prologue.Add(RentInts(starts.Name, Code.Length(rows)));
                        _prologue.Add(Rent(flat.Type.Scalar, flat.Name, Code.Call(ArrayViews + ".TotalLength", rows)));
                        _prologue.Add(Code.Statement(Code.Call(ArrayViews + ".Flatten", rows, Code.Name(flat.Name), Code.Name(starts.Name))));
                        return;
                    }
            }
        }

        /// <summary>A declared input's tangent, direction, gradient or product: one parameter of its declared shape.</summary>
        private void Derivative(SignatureParameter declared, List<CodeParameter> slice, string wanted, bool written)
        {
            if (declared.Kind == SignatureKind.Plain)
            {
                _parameters.AddRange(slice);
                return;
            }

            string name = Fresh(wanted);
            switch (declared.Kind)
            {
                case SignatureKind.Composite:
                    Composite(declared, slice, name, written);
                    return;

                case SignatureKind.CompositeVector:
                    {
                        TypeRef element = declared.Layout!.Type;
                        _parameters.Add(new CodeParameter(written ? TypeRef.Span(element) : TypeRef.ReadOnlySpan(element), name));
                        _checks.Add(SameLength(name, declared.Name, "the same length as"));
                        if (written)
                        {
                            CopyOut(declared.Layout!, name, declared.Name, slice);
                        }
                        else
                        {
                            CopyIn(declared.Layout!, name, slice);
                        }

                        return;
                    }

                case SignatureKind.Matrix:
                    {
                        CodeParameter flat = slice[0];
                        _removed.Add(flat.Name);
                        _parameters.Add(new CodeParameter(declared.Type, name));
                        _checks.Add(SameShape(name, declared.Name));
                        TypeRef view = written ? TypeRef.Span(TypeRef.Of(flat.Type.Scalar)) : TypeRef.ReadOnlySpan(TypeRef.Of(flat.Type.Scalar));
                        _prologue.Add(Code.Declare(view, flat.Name, Code.Call(ArrayViews + ".Flat", Code.Name(name, ScalarType.Data))));
                        return;
                    }

                case SignatureKind.Jagged:
                    {
                        CodeParameter flat = slice[0];
                        _removed.Add(flat.Name);
                        _parameters.Add(new CodeParameter(declared.Type, name));
                        _checks.Add(SameShape(name, declared.Name));
                        Expr rows = Code.Name(name, ScalarType.Data);
                        _prologue.Add(Rent(flat.Type.Scalar, flat.Name, Code.Call(ArrayViews + ".TotalLength", rows)));
                        if (written)
                        {
                            _epilogue.Add(Code.Statement(Code.Call(ArrayViews + ".Unflatten", Code.Name(flat.Name), rows)));
                        }
                        else
                        {
                            string starts = Fresh(flat.Name + "_start");
                            _prologue.Add(RentInts(starts, Code.Length(rows)));
                            _prologue.Add(Code.Statement(Code.Call(ArrayViews + ".Flatten", rows, Code.Name(flat.Name), Code.Name(starts))));
                        }

                        return;
                    }
            }
        }

        /// <summary>A struct coming in (split into its leaves) or going out (built from them before each return).</summary>
        private void Composite(SignatureParameter declared, List<CodeParameter> slice, string name, bool written)
        {
            if (!written)
            {
                _parameters.Add(new CodeParameter(declared.Type, name));
                Split(declared.Layout!, Code.Name(name, ScalarType.Data), slice);
                return;
            }

            _parameters.Add(new CodeParameter(declared.Type, name, ArgumentModifier.Out));
            foreach (CodeParameter leaf in slice)
            {
                _removed.Add(leaf.Name);
                _prologue.Add(Code.Declare(leaf.Type, leaf.Name));
            }

            _epilogue.Add(Code.Assign(Code.Name(name, ScalarType.Data), CompositeCode.Build(declared.Layout!, slice.Select(l => Code.Name(l.Name, l.Type.Scalar)).ToList())));
        }

        /// <summary><c>double a_X = a.X;</c> for each leaf.</summary>
        private void Split(CompositeLayout layout, Expr value, List<CodeParameter> leaves)
        {
            Expr[] reads = CompositeCode.Leaves(layout, value).ToArray();
            for (int i = 0; i < leaves.Count; i++)
            {
                _removed.Add(leaves[i].Name);
                _prologue.Add(Code.Declare(TypeRef.Of(leaves[i].Type.Scalar), leaves[i].Name, reads[i]));
            }
        }

        /// <summary>The flat vector of leaves rented, then filled from the span of structs: <c>points_flat[3 * i + 1] = points[i].Y</c>.</summary>
        private void CopyIn(CompositeLayout layout, string span, List<CodeParameter> slice)
        {
            CodeParameter flat = slice[0];
            _removed.Add(flat.Name);
            Expr source = Code.Name(span, ScalarType.Data);
            int stride = layout.LeafCount;
            _prologue.Add(Rent(flat.Type.Scalar, flat.Name, Stride(Code.Length(source), stride)));
            string i = Fresh("i");
            Expr index = Code.Name(i, ScalarType.Int);
            Expr[] reads = CompositeCode.Leaves(layout, Code.Index(source, index, ScalarType.Data)).ToArray();
            var body = reads.Select((read, k) => Code.Assign(Code.Index(Code.Name(flat.Name), Leaf(index, stride, k), flat.Type.Scalar), read)).ToList();
            _prologue.Add(Code.ForUp(i, Code.Int(0), Code.Length(source), body));
        }

        /// <summary>The flat vector of leaves rented (zeroed); before each return, the span of structs is built from it.</summary>
        private void CopyOut(CompositeLayout layout, string span, string like, List<CodeParameter> slice)
        {
            CodeParameter flat = slice[0];
            _removed.Add(flat.Name);
            int stride = layout.LeafCount;
            _prologue.Add(Rent(flat.Type.Scalar, flat.Name, Stride(Code.Length(Code.Name(like, ScalarType.Data)), stride)));
            string i = Fresh("i");
            Expr index = Code.Name(i, ScalarType.Int);
            Expr built = CompositeCode.Build(layout, Enumerable.Range(0, stride).Select(k => Code.Index(Code.Name(flat.Name), Leaf(index, stride, k), flat.Type.Scalar)).ToList());
            _epilogue.Add(Code.ForUp(i, Code.Int(0), Code.Length(Code.Name(span, ScalarType.Data)), new List<CodeNode> { Code.Assign(Code.Index(Code.Name(span, ScalarType.Data), index, ScalarType.Data), built) }));
        }

        /// <summary><c>length * stride</c> (just the length for a stride of 1).</summary>
        private static Expr Stride(Expr length, int stride) => stride == 1 ? length : Code.Multiply(length, Code.Int(stride));

        /// <summary><c>stride * i + k</c>.</summary>
        private static Expr Leaf(Expr index, int stride, int k)
        {
            Expr start = stride == 1 ? index : Code.Multiply(Code.Int(stride), index);
            return k == 0 ? start : Code.Add(start, Code.Int(k));
        }

        private string Workspace => _workspace ??= Fresh("workspace");

        private CodeNode Rent(ScalarType element, string name, Expr length) => GeneratedPrologue.RentSpan(Workspace, element, name, length);

        private CodeNode RentInts(string name, Expr length) =>
            Code.Declare(TypeRef.Span(TypeRef.Of(ScalarType.Int)), name, Code.CallOn(Code.Name(Workspace), "RentInt32s", ScalarType.Int, length));

        private static CodeNode SameLength(string span, string like, string how) => Code.ThrowIf(
            Code.Binary(BinaryOperator.NotEqual, Code.Length(Code.Name(span)), Code.Length(Code.Name(like))),
            span,
            $"{span} must have {how} {like}.");

        private static CodeNode SameShape(string array, string like) => Code.ThrowIf(
            Code.Unary(UnaryOperator.Not, Code.Call(ArrayViews + ".SameShape", new[] { Code.Name(array, ScalarType.Data), Code.Name(like, ScalarType.Data) }, ScalarType.Bool)),
            array,
            $"{array} must have the same shape as {like}.");

        /// <summary>The body: checks, then (in a workspace scope when something was rented) the prologue and the body with the epilogue before each return.</summary>
        private List<CodeNode> Body()
        {
            // The scalar parameters' length checks are moot: those spans are built here, from parameters checked above.
            var body = _method.Body.Where(node => !(node is CodeIf { Then: [CodeThrowArgument thrown], Else.Count: 0 } && _removed.Contains(thrown.Parameter))).ToList();
            if (_epilogue.Count > 0)
            {
                _epilogue.Insert(0, Code.Comment("The results as declared, built from their scalars."));
                InsertBeforeReturns(body);
            }

            if (_prologue.Count > 0)
            {
                _prologue.Insert(0, Code.Comment("The parameters as declared, split into the scalars the code below computes with."));
                _prologue.Add(CodeBlank.Instance);
            }

            var result = new List<CodeNode>(_checks);
            if (_workspace is null)
            {
                result.AddRange(_prologue);
                result.AddRange(body);
                return result;
            }

            if (_scope is not null)
            {
                // The body's own workspace scope: the prologue goes first inside it.
                _scope.Body.InsertRange(0, _prologue);
                result.AddRange(body);
                return result;
            }

            var inner = new List<CodeNode>(_prologue);
            inner.AddRange(body);
            var names = new NameAllocator();
            foreach (string used in _used)
            {
                names.Reserve(used);
            }

            result.AddRange(GeneratedPrologue.InWorkspace(names, _workspace, inner));
            return result;
        }

        private void InsertBeforeReturns(List<CodeNode> nodes)
        {
            for (int i = 0; i < nodes.Count; i++)
            {
                switch (nodes[i])
                {
                    case CodeReturn:
                        nodes.InsertRange(i, _epilogue);
                        i += _epilogue.Count;
                        break;
                    case CodeIf branch:
                        InsertBeforeReturns(branch.Then);
                        InsertBeforeReturns(branch.Else);
                        break;
                    case CodeLoop loop:
                        InsertBeforeReturns(loop.Body);
                        break;
                    case CodeTry attempt:
                        InsertBeforeReturns(attempt.Body);
                        break;
                }
            }
        }

        private string Fresh(string wanted)
        {
            string name = wanted;
            for (int i = 1; _used.Contains(name); i++)
            {
                name = wanted + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            _used.Add(name);
            return name;
        }

        /// <summary>Every identifier the method declares or reads, so names added here collide with none.</summary>
        private static HashSet<string> Names(GeneratedMethod method)
        {
            var names = new HashSet<string>(method.Parameters.Select(p => p.Name));
            void Visit(IEnumerable<CodeNode> nodes)
            {
                foreach (CodeNode node in nodes)
                {
                    switch (node)
                    {
                        case CodeDeclare declare:
                            names.Add(declare.Name);
                            Read(declare.Value);
                            break;
                        case CodeAssign assign:
                            Read(assign.Target);
                            Read(assign.Value);
                            break;
                        case CodeExpression expression:
                            Read(expression.Expression);
                            break;
                        case CodeReturn ret:
                            Read(ret.Value);
                            break;
                        case CodeIf branch:
                            Read(branch.Condition);
                            Visit(branch.Then);
                            Visit(branch.Else);
                            break;
                        case CodeLoop loop:
                            Read(loop.Condition);
                            if (loop.Initializer is not null)
                            {
                                Visit(new[] { loop.Initializer });
                            }

                            Visit(loop.Body);
                            break;
                        case CodeTry attempt:
                            Visit(attempt.Body);
                            Visit(attempt.Finally);
                            break;
                    }
                }
            }

            void Read(Expr? expr)
            {
                if (expr is null)
                {
                    return;
                }

                foreach (Expr node in ExprTrees.DescendantsAndSelf(expr))
                {
                    switch (node)
                    {
                        case VariableExpr variable:
                            names.Add(variable.Name);
                            break;
                        case VarRef reference:
                            names.Add(reference.Variable.Name);
                            break;
                        case DeclarationExpr declaration:
                            names.Add(declaration.Name);
                            break;
                    }
                }
            }

            Visit(method.Body);
            return names;
        }
    }
}
