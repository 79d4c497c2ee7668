using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Forward mode (tangents): after each primal statement <c>v = f(a, b)</c>, the tangent
/// <c>dv = ∂f/∂a · da + ∂f/∂b · db</c>. Builds <c>FDerivative</c> (or <c>FJvp</c> of a vector-valued method).
/// </summary>
internal sealed partial class ForwardBuilder
{
    private readonly LoweredMethod _method;
    private readonly NameAllocator _names;
    private readonly Arithmetic _arithmetic;
    private readonly Dictionary<LVar, string> _tangents = new();
    private readonly HashSet<LVar> _declared = new();
    private string? _workspace;

    private ForwardBuilder(LoweredMethod method)
    {
        _method = method;
        _names = method.Names.Clone();
        _arithmetic = new Arithmetic(onDuals: false, method.Method.ShortMathNames);
        foreach (KeyValuePair<LVar, string> pair in method.DerivativeNames)
        {
            _tangents[pair.Key] = pair.Value;
        }
    }

    public static GeneratedMethod Build(LoweredMethod method) => new ForwardBuilder(method).Build();

    private GeneratedMethod Build()
    {
        MethodModel model = _method.Method;
        if (model.IsVectorValued)
        {
            return BuildJvp();
        }

        if (model.HasCompositeResult)
        {
            return BuildCompositeJvp();
        }

        string derivative = _names.Fresh("derivative");
        TypeRef type = TypeRef.Of(model.ReturnType);
        List<CodeParameter> parameters = model.Parameters.Select(p => new CodeParameter(p.TypeRef, p.Name))
            .Concat(TangentInputs())
            .Append(new CodeParameter(type, derivative, ArgumentModifier.Out))
            .ToList();

        var body = new List<CodeNode>();
        LVar result = _method.Result!;
        if (_method.ResultDeclaredUpFront)
        {
            Declare(result, body);
        }

        EmitBlock(_method.Root, body);
        body.Add(CodeBlank.Instance);
        body.Add(Code.Assign(Code.Name(derivative), result.Active ? TangentName(result) : Code.Int(0)));
        body.Add(Code.Return(new VarRef(result)));

        string summary =
            $"Forward mode: returns {model.Name} and its directional derivative along the tangents "
            + string.Join(", ", _method.Inputs.Select(p => _tangents[p]))
            + $" (written to {derivative}).";
        List<CodeNode> full = GeneratedPrologue.LengthChecks(_method);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return new GeneratedMethod(summary, model.Accessibility, type, model.Name + "Derivative", parameters, full);
    }

    /// <summary>
    /// <c>FJvp</c> of a vector-valued method: the same forward mode, with each output's tangent written
    /// straight into the caller's span. An output element no store reaches has tangent zero.
    /// </summary>
    private GeneratedMethod BuildJvp()
    {
        MethodModel model = _method.Method;
        var outputs = _method.Outputs.Select(o => (Span: Tangent(o), Output: o)).ToList();
        List<CodeParameter> parameters = model.Parameters.Select(p => new CodeParameter(p.TypeRef, p.Name))
            .Concat(TangentInputs())
            .Concat(outputs.Select(o => new CodeParameter(TypeRef.Span(TypeRef.Of(o.Output.Type)), o.Span)))
            .ToList();

        var body = new List<CodeNode> { Code.Comment("Output tangents start at zero: elements no store reaches keep it.") };
        body.AddRange(outputs.Select(o => Clear(o.Span)));
        EmitBlock(_method.Root, body);

        string summary =
            $"Jacobian-vector product: runs {model.Name}, writing its outputs, and writes to "
            + string.Join(", ", outputs.Select(o => o.Span))
            + " the outputs' directional derivative along the tangents "
            + string.Join(", ", _method.Inputs.Select(p => _tangents[p])) + ".";
        List<CodeNode> full = GeneratedPrologue.LengthChecks(_method, outputs);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return new GeneratedMethod(summary, model.Accessibility, null, model.Name + "Jvp", parameters, full);
    }

    /// <summary>One tangent input per differentiable input: a read-only span for a vector.</summary>
    private IEnumerable<CodeParameter> TangentInputs() => _method.Inputs.Select(p =>
        new CodeParameter(p.IsArray ? TypeRef.ReadOnlySpan(TypeRef.Of(p.Type)) : TypeRef.Of(p.Type), _tangents[p]));

    private string Workspace => _workspace ??= _names.Fresh("workspace");

    private static CodeNode Clear(string span) => Code.Statement(Code.CallOn(Code.Name(span), "Clear", ScalarType.Double));

    private void EmitBlock(LBlock block, List<CodeNode> output)
    {
        foreach (LStmt statement in block.Statements)
        {
            switch (statement)
            {
                case LComment comment when !LoweredQueries.SpeaksForItself(block, comment):
                    output.Add(Code.Comment(comment.Source));
                    break;

                case LAssign assign:
                    EmitAssign(assign, block, output);
                    break;

                case LArrayDecl array:
                    {
                        Expr length = _arithmetic.Adapt(array.Length);
                        output.Add(GeneratedPrologue.RentSpan(Workspace, array.Array.Type, array.Array.Name, length));
                        if (array.Array.Active)
                        {
                            output.Add(GeneratedPrologue.RentSpan(Workspace, array.Array.Type, Tangent(array.Array), length));
                        }

                        break;
                    }

                case LStore store:
                    {
                        LVar array = store.Element.Array;
                        Expr index = _arithmetic.Adapt(store.Element.Index);
                        output.Add(new CodeAssign(Code.Index(new VarRef(array), index, array.Type), Algebra.Convert(_arithmetic.Adapt(store.Value.Expr), store.Value.Type, array.Type, onDuals: false), store.Operator));
                        if (array.Active && (!store.Accumulates || store.Value.Active))
                        {
                            // a[i] += v adds v's tangent to the element's; a[i] = v replaces it.
                            Expr tangent = store.Value.Active ? Algebra.Convert(TangentOf(store.Value), store.Value.Type, array.Type, onDuals: false) : Code.Int(0);
                            output.Add(new CodeAssign(Code.Index(TangentName(array), index, array.Type), tangent, store.Operator));
                        }

                        break;
                    }

                case LCallStatement callStatement:
                    {
                        LVectorCall call = callStatement.Call;
                        output.Add(Code.Statement(_arithmetic.Adapt(call.Primal)));
                        if (call.HasActiveInput)
                        {
                            var scratch = new ScratchSpans(_names, () => Workspace, "zeros");
                            List<Expr> arguments = PushforwardArguments(call, scratch);
                            output.AddRange(scratch.Around(new[] { Code.Statement(Code.Call(call.Call.Pushforward!, arguments)) }));
                        }
                        else
                        {
                            foreach (CallArgument written in call.OutputArguments.Where(o => o.Vector!.Active))
                            {
                                output.Add(Code.Statement(Code.CallOn(written.Part(TangentName(written.Vector!)), "Clear", ScalarType.Double)));
                            }
                        }

                        break;
                    }

                case LLoop loop:
                    {
                        var body = new List<CodeNode>();
                        EmitBlock(loop.Body, body);
                        output.Add(GeneratedPrologue.Loop(loop, _arithmetic.Adapt(loop.Condition), body));
                        break;
                    }

                case LGuard guard:
                    output.Add(guard.Emit(_arithmetic));
                    break;

                case LIf branch:
                    foreach (LVar join in branch.Joins)
                    {
                        Declare(join, output);
                    }

                    var then = new List<CodeNode>();
                    var otherwise = new List<CodeNode>();
                    EmitBlock(branch.Then, then);
                    EmitBlock(branch.Else, otherwise);
                    output.Add(Code.If(_arithmetic.Adapt(branch.Condition), then, otherwise));
                    break;
            }
        }
    }

    /// <summary>Declares a value assigned inside branches, and its tangent.</summary>
    private void Declare(LVar variable, List<CodeNode> output)
    {
        output.Add(Code.Declare(TypeRef.Of(variable.Type), variable.Name));
        if (variable.Active)
        {
            output.Add(Code.Declare(TypeRef.Of(variable.Type), Tangent(variable)));
        }
    }

    /// <summary><c>type name = value;</c> when <paramref name="declares"/>, else <c>name = value;</c>.</summary>
    private static CodeNode Set(bool declares, ScalarType type, string name, Expr value) =>
        declares ? Code.Declare(TypeRef.Of(type), name, value) : Code.Assign(Code.Name(name, type), value);

    /// <summary><c>out type name</c> when <paramref name="declares"/>, else <c>out name</c>.</summary>
    private static Expr Out(bool declares, ScalarType type, string name) => Code.Out(name, declares ? TypeRef.Of(type) : null);

    private void EmitAssign(LAssign assign, LBlock block, List<CodeNode> output)
    {
        LVar target = assign.Target;
        // Declared where first assigned in its own block; a loop's later assignments overwrite it.
        bool declares = !target.IsJoin && target.Block == block && _declared.Add(target);
        switch (assign.Operation)
        {
            case LCall { Partials: { } partials } call:
                {
                    // dv = Σ ∂f/∂aᵢ · daᵢ with the partials from the [DerivativeOf] method.
                    List<Expr> arguments = call.Arguments.Select(a => _arithmetic.Adapt(a.Expr)).ToList();
                    output.Add(Set(declares, target.Type, target.Name, Code.Call(call.Callee, arguments, call.Type)));
                    var slots = new List<Expr>();
                    var terms = new List<Expr>();
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (!call.ArgumentIsDifferentiable[i])
                        {
                            continue;
                        }

                        if (!call.Differentiates(i))
                        {
                            slots.Add(new DiscardExpr());
                            continue;
                        }

                        string partial = _names.Fresh(target.Name + "_" + call.PartialNames[i]);
                        slots.Add(new DeclarationExpr(TypeRef.Of(call.Type), partial));
                        terms.Add(Code.Multiply(TangentOf(call.Arguments[i]), Code.Name(partial, call.Type)));
                    }

                    output.Add(Receive(slots, Code.Call(partials, arguments, call.Type)));
                    output.Add(Set(declares, target.Type, Tangent(target), Algebra.Sum(terms)));
                    return;
                }

            case LVectorCall call when call.Call.ViaGenerated:
                {
                    // The callee's generated forward mode gives value and tangent at once.
                    var scratch = new ScratchSpans(_names, () => Workspace, "zeros");
                    List<Expr> arguments = PushforwardArguments(call, scratch);
                    arguments.Add(Out(declares, target.Type, Tangent(target)));
                    output.AddRange(scratch.Around(new[] { Set(declares, target.Type, target.Name, Code.Call(call.Call.Pushforward!, arguments, call.Call.Type)) }));
                    return;
                }

            case LVectorCall call:
                {
                    output.Add(Set(declares, target.Type, target.Name, _arithmetic.Adapt(call.Primal)));
                    var scratch = new ScratchSpans(_names, () => Workspace, "zeros");
                    List<Expr> arguments = PushforwardArguments(call, scratch);
                    output.AddRange(scratch.Around(new[] { Set(declares, target.Type, Tangent(target), Code.Call(call.Call.Pushforward!, arguments, call.Call.Type)) }));
                    return;
                }

            case LCall call:
                {
                    // The callee's own forward mode gives value and tangent at once.
                    List<Expr> arguments = call.Arguments.Select(a => _arithmetic.Adapt(a.Expr)).ToList();
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (call.ArgumentIsDifferentiable[i])
                        {
                            arguments.Add(call.Differentiates(i) ? TangentOf(call.Arguments[i]) : Code.Int(0));
                        }
                    }

                    arguments.Add(Out(declares, target.Type, Tangent(target)));
                    output.Add(Set(declares, target.Type, target.Name, Code.Call(call.Callee + "Derivative", arguments, call.Type)));
                    return;
                }

            default:
                output.Add(Set(declares, target.Type, target.Name, _arithmetic.Adapt(Primal(assign))));
                break;
        }

        Expr tangent = TangentOf(assign);
        if (target.Active && (declares || !tangent.Equals(TangentName(target))))
        {
            // acc = acc + c with c constant leaves dacc as it is: no self-assignment.
            output.Add(Set(declares, target.Type, Tangent(target), tangent));
        }
    }

    /// <summary>The right-hand side of a primal statement that is not a call.</summary>
    private static Expr Primal(LAssign assign) => assign.Operation switch
    {
        LApply apply => Algebra.Primal(apply, assign.Target.Type),
        LConvert convert => Algebra.Convert(convert.Operand.Expr, convert.Operand.Type, assign.Target.Type, onDuals: false),
        LConstant constant => constant.Value,
        _ => throw new System.InvalidOperationException("Calls are emitted by each mode"),
    };

    /// <summary><c>double p = F(...)</c>, <c>_ = F(...)</c> or <c>(double p, _) = F(...)</c>.</summary>
    private static CodeNode Receive(List<Expr> slots, Expr call)
    {
        if (slots.Count == 1)
        {
            return slots[0] is DeclarationExpr single ? Code.Declare(single.Declared, single.Name, call) : Code.Assign(slots[0], call);
        }

        return Code.Assign(new TupleExpr(slots.ToEquatableArray()), call);
    }

    /// <summary>Σ ∂f/∂aᵢ · daᵢ over the active operands; 0 when none is active.</summary>
    private Expr TangentOf(LAssign assign)
    {
        LVar target = assign.Target;
        var terms = new List<Expr>();
        switch (assign.Operation)
        {
            case LApply apply:
                for (int i = 0; i < apply.Arguments.Count; i++)
                {
                    Atom argument = apply.Arguments[i];
                    if (argument.Active && Algebra.Partial(apply, i, target) is { } partial
                        && Algebra.Scale(TangentOf(argument), _arithmetic.Adapt(partial), apply.Rule.ZeroStaysZero ? _arithmetic.IsZero : null) is { } term)
                    {
                        terms.Add(term);
                    }
                }

                break;

            case LConvert { Operand.Active: true } convert:
                terms.Add(Algebra.Convert(TangentOf(convert.Operand), convert.Operand.Type, target.Type, onDuals: false));
                break;
        }

        return Algebra.Sum(terms);
    }

    /// <summary>The call's arguments, then one tangent per differentiable parameter (zeros for inactive ones).</summary>
    private List<Expr> PushforwardArguments(LVectorCall call, ScratchSpans scratch)
    {
        List<Expr> arguments = call.Arguments.Select(a => _arithmetic.Adapt(a.Expr)).ToList();
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            if (!call.Call.Differentiable[i])
            {
                continue;
            }

            CallArgument argument = call.Arguments[i];
            if (argument.Value is { } value)
            {
                arguments.Add(value.Active ? TangentOf(value) : Code.Int(0));
            }
            else
            {
                arguments.Add(argument.Vector!.Active ? argument.Part(TangentName(argument.Vector)) : scratch.Rent(argument));
            }
        }

        return arguments;
    }

    /// <summary>The tangent of an active operand: a variable's, or an element of a vector's tangent.</summary>
    private Expr TangentOf(Atom operand) =>
        operand.Element is { } element
            ? Code.Index(TangentName(element.Array), _arithmetic.Adapt(element.Index), element.Array.Type)
            : TangentName(operand.Variable!);

    private Expr TangentName(LVar variable) => Code.Name(Tangent(variable), variable.Type);

    private string Tangent(LVar variable)
    {
        if (!_tangents.TryGetValue(variable, out string? name))
        {
            name = _names.Fresh("d" + variable.Name);
            _tangents[variable] = name;
        }

        return name;
    }
}
