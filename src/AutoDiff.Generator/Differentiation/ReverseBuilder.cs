using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Reverse mode (adjoints): a forward pass that keeps every intermediate value, then a backward pass
/// that visits the statements in reverse and, for <c>v = f(a, b)</c>, adds <c>v_bar · ∂f/∂a</c> to
/// <c>a_bar</c> and <c>v_bar · ∂f/∂b</c> to <c>b_bar</c>. Builds <c>FGradient</c> (or <c>FVjp</c>), and on dual
/// numbers <c>FGradientDual</c>.
/// </summary>
/// <remarks>
/// An adjoint is declared at its first contribution when that happens in the block the value belongs
/// to, else declared as 0 at the start of that block's backward code. An adjoint that never receives a
/// contribution is zero, so the statement that defined its value contributes nothing and is skipped.
/// </remarks>
internal sealed partial class ReverseBuilder
{
    /// <summary>Starts the comment above each source statement's backward code.</summary>
    internal const string AdjointOfPrefix = "adjoint of: ";

    /// <summary>How often the code being written runs before the backward pass reads what it leaves.</summary>
    private enum Repeat
    {
        /// <summary>Once (outside loops): nothing overwrites what it computes.</summary>
        Once,

        /// <summary>Once per iteration of a fused loop, whose backward pass follows right away: only the loop's own variables change under it.</summary>
        Fused,

        /// <summary>Inside a loop: later iterations overwrite it before the backward pass comes back.</summary>
        Loop,
    }

    private readonly LoweredMethod _method;
    private readonly NameAllocator _names;
    private readonly Arithmetic _arithmetic;
    private readonly Dictionary<LVar, string> _adjoints = new();
    private readonly HashSet<LVar> _declared = new();
    private readonly Dictionary<LBlock, List<CodeNode>> _zeroDeclarations = new();
    private readonly Dictionary<(LAssign, int), string> _callPartials = new();
    private readonly HashSet<LVar> _upFront = new();
    private readonly HashSet<LVar> _needed;
    private readonly HashSet<(LStmt, LVar)> _firstTouch;
    private readonly HashSet<LAssign> _unsaved;
    private readonly HashSet<LStore> _covered;
    private readonly Dictionary<LLoop, CountedLoop> _counted;
    private readonly Dictionary<LLoop, FusedLoop> _fused;
    private readonly HashSet<LLoop> _innerFused;
    private readonly Dictionary<LVar, (LAssign Definition, LStmt Before)> _recomputed;
    private readonly ILookup<LStmt, LAssign> _recomputedBefore;
    private readonly bool _onDuals;
    private string? _workspace;
    private string? _discard;

    private ReverseBuilder(LoweredMethod method, bool onDuals)
    {
        _method = method;
        _onDuals = onDuals;
        _arithmetic = new Arithmetic(onDuals, method.Method.ShortMathNames);
        _names = method.Names.Clone();
        _fused = Fusion.Find(method.Root);
        _innerFused = Fusion.FindInner(_fused);
        var live = new HashSet<LBlock>(_fused.Keys.Concat(_innerFused).Select(l => l.Body));
        _needed = SaveAnalysis.Needed(method.Root);
        Rematerialization.WidenNeeded(method.Root, _needed, live);
        _firstTouch = SaveAnalysis.FirstTouches(method.Root);
        _unsaved = SaveAnalysis.UnsavedAssignments(method.Root, _needed);
        _covered = SaveAnalysis.CoveredStores(method.Root);
        _counted = CountedLoops.Find(method.Root, _needed);
        _unsaved.UnionWith(_counted.Values.Select(c => c.Init)); // the backward pass sets the counter itself
        _recomputed = Rematerialization.Find(method.Root, _needed, live);
        _recomputedBefore = _recomputed.Values.ToLookup(r => r.Before, r => r.Definition); // in definition order
    }

    /// <summary>The per-thread workspace (value stack and scratch arrays), named on first use.</summary>
    private string Workspace => _workspace ??= _names.Fresh("workspace");

    public static GeneratedMethod Build(LoweredMethod method) => new ReverseBuilder(method, onDuals: false).Build();

    /// <summary>
    /// <c>FGradientDual</c>: the same gradient with every real value and adjoint a <c>Dual</c> number, so the
    /// adjoints' tangents are a Hessian-vector product (forward mode over reverse mode).
    /// </summary>
    public static GeneratedMethod BuildOnDuals(LoweredMethod method) => new ReverseBuilder(method, onDuals: true).Build();

    private GeneratedMethod Build()
    {
        MethodModel model = _method.Method;
        if (model.IsVectorValued)
        {
            return BuildVjp();
        }

        if (model.HasCompositeResult)
        {
            return BuildCompositeVjp();
        }

        List<CodeParameter> parameters = model.Parameters.Select(Parameter).Concat(GradientOutputs()).ToList();
        string name = model.Name + (_onDuals ? SecondOrder.GradientSuffix : "Gradient");

        List<CodeNode> checks = GeneratedPrologue.LengthChecks(_method);
        foreach (LVar vector in _method.Inputs.Where(p => p.IsArray))
        {
            // The gradient of a vector is written straight into its output span.
            _adjoints[vector] = _method.DerivativeNames[vector];
            _declared.Add(vector);
        }

        var body = new List<CodeNode> { Code.Comment("Forward pass: compute and keep every intermediate value.") };
        DeclareBranchValues(body);
        LVar result = _method.Result!;
        if (_method.ResultDeclaredUpFront)
        {
            body.Add(Code.Declare(ValueType(result.Type), result.Name));
        }

        EmitForward(_method.Root, body, Repeat.Once);

        body.Add(CodeBlank.Instance);
        body.Add(Code.Comment("Backward pass: propagate adjoints from the result back to the inputs."));
        ClearGradientSpans(body);

        var backward = new List<CodeNode>();
        if (result.Active)
        {
            _declared.Add(result);
            body.Add(new CodeDeclare(ValueType(result.Type), Adjoint(result), Code.Int(1)) { IsSeed = true });
            EmitBackward(_method.Root, backward, Repeat.Once);
        }

        body.AddRange(ZeroDeclarations(_method.Root));
        body.AddRange(backward);

        body.Add(CodeBlank.Instance);
        AssignScalarGradients(body);
        body.Add(Code.Return(new VarRef(result)));

        string summary = _onDuals
            ? $"Reverse mode on dual numbers: returns {model.Name} and writes its partial derivatives to "
                + string.Join(", ", _method.Inputs.Select(p => _method.DerivativeNames[p]))
                + "; their tangents are the Hessian times the inputs' tangents (forward over reverse mode)."
            : $"Reverse mode: returns {model.Name} and writes its partial derivatives to "
                + string.Join(", ", _method.Inputs.Select(p => _method.DerivativeNames[p]))
                + (_method.Inputs.Any(p => p.IsArray) ? " (gradient spans are overwritten)." : ".");
        var full = new List<CodeNode>(checks);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return new GeneratedMethod(summary, model.Accessibility, ValueType(model.ReturnType), name, parameters, full) { QuotesSource = !_onDuals };
    }

    /// <summary>
    /// <c>FVjp</c> of a vector-valued method: the same forward pass (the caller sees the outputs), then a
    /// backward pass that starts from the caller's output adjoints instead of a result adjoint of 1.
    /// </summary>
    private GeneratedMethod BuildVjp()
    {
        MethodModel model = _method.Method;
        var seeds = _method.Outputs.Select(o => (Span: _names.Fresh(o.Name + "Bar"), Output: o)).ToList();
        List<CodeParameter> parameters = model.Parameters.Select(p => new CodeParameter(p.TypeRef, p.Name))
            .Concat(seeds.Select(s => new CodeParameter(TypeRef.ReadOnlySpan(TypeRef.Of(s.Output.Type)), s.Span)))
            .Concat(GradientOutputs())
            .ToList();

        List<CodeNode> checks = GeneratedPrologue.LengthChecks(_method, seeds);
        foreach (LVar vector in _method.Inputs.Where(p => p.IsArray))
        {
            _adjoints[vector] = _method.DerivativeNames[vector];
            _declared.Add(vector);
        }

        var body = new List<CodeNode> { Code.Comment("Forward pass: compute the outputs and keep every intermediate value.") };
        DeclareBranchValues(body);
        EmitForward(_method.Root, body, Repeat.Once);

        // The backward pass restores overwritten output elements it reads: keep the results for the caller.
        var kept = _method.Outputs.Where(_needed.Contains).Select(o => (Copy: _names.Fresh(o.Name + "Result"), Output: o)).ToList();
        foreach ((string copy, LVar output) in kept)
        {
            body.Add(GeneratedPrologue.RentSpan(Workspace, output.Type, copy, Code.Length(new VarRef(output))));
            body.Add(CopyTo(new VarRef(output), copy));
        }

        body.Add(CodeBlank.Instance);
        body.Add(Code.Comment("Backward pass: propagate the output adjoints back to the inputs."));
        ClearGradientSpans(body);
        var backward = new List<CodeNode>();
        var active = seeds.Where(s => s.Output.Active).ToList();
        foreach ((string seed, LVar output) in active)
        {
            // The backward pass zeroes adjoints it has passed on, so it works on a copy of the caller's.
            _declared.Add(output);
            body.Add(GeneratedPrologue.RentSpan(Workspace, output.Type, Adjoint(output), Code.Length(new VarRef(output))));
            body.Add(CopyTo(Code.Name(seed), Adjoint(output)));
        }

        if (active.Count > 0)
        {
            EmitBackward(_method.Root, backward, Repeat.Once);
        }

        body.AddRange(ZeroDeclarations(_method.Root));
        body.AddRange(backward);
        foreach ((string copy, LVar output) in kept)
        {
            body.Add(CopyTo(Code.Name(copy), output.Name));
        }

        if (_method.Inputs.Any(p => !p.IsArray))
        {
            body.Add(CodeBlank.Instance);
            AssignScalarGradients(body);
        }

        string summary = $"Vector-Jacobian product: runs {model.Name}, writing its outputs, and writes to "
            + string.Join(", ", _method.Inputs.Select(p => _method.DerivativeNames[p]))
            + " the adjoint of the inputs for the output adjoints "
            + string.Join(", ", seeds.Select(s => s.Span))
            + (_method.Inputs.Any(p => p.IsArray) ? " (gradient spans are overwritten)." : ".");
        var full = new List<CodeNode>(checks);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return new GeneratedMethod(summary, model.Accessibility, null, model.Name + "Vjp", parameters, full);
    }

    private static CodeNode CopyTo(Expr source, string destination) =>
        Code.Statement(Code.CallOn(source, "CopyTo", ScalarType.Double, Code.Name(destination)));

    /// <summary>One gradient output per differentiable input: a span for a vector, <c>out</c> for a scalar.</summary>
    private IEnumerable<CodeParameter> GradientOutputs() => _method.Inputs.Select(p => p.IsArray
        ? new CodeParameter(TypeRef.Span(ValueType(p.Type)), _method.DerivativeNames[p])
        : new CodeParameter(ValueType(p.Type), _method.DerivativeNames[p], ArgumentModifier.Out));

    /// <summary>A parameter as declared; on dual numbers a differentiable one carries a tangent (vectors as read-only spans).</summary>
    private CodeParameter Parameter(ParameterModel parameter)
    {
        if (!_onDuals || !parameter.IsDifferentiable)
        {
            return new CodeParameter(parameter.TypeRef, parameter.Name);
        }

        TypeRef dual = ValueType(parameter.Type);
        return new CodeParameter(parameter.IsVector ? TypeRef.ReadOnlySpan(dual) : dual, parameter.Name);
    }

    /// <summary>How a value, an adjoint or a partial derivative of <paramref name="type"/> is declared: <c>Dual</c> for a real on dual numbers.</summary>
    private TypeRef ValueType(ScalarType type) => _arithmetic.Value(type);

    /// <summary>A scratch span for a local array's values or adjoints: of <c>Dual</c> on dual numbers.</summary>
    private CodeNode RentSpan(ScalarType element, string name, Expr length) =>
        _onDuals ? GeneratedPrologue.RentDuals(Workspace, name, length) : GeneratedPrologue.RentSpan(Workspace, element, name, length);

    private void ClearGradientSpans(List<CodeNode> body)
    {
        foreach (LVar vector in _method.Inputs.Where(p => p.IsArray))
        {
            body.Add(Code.Statement(Code.CallOn(Code.Name(_method.DerivativeNames[vector]), "Clear", ScalarType.Double)));
        }
    }

    private void AssignScalarGradients(List<CodeNode> body)
    {
        foreach (LVar parameter in _method.Inputs.Where(p => !p.IsArray))
        {
            Expr gradient = _declared.Contains(parameter) ? AdjointName(parameter) : Code.Int(0);
            body.Add(Code.Assign(Code.Name(_method.DerivativeNames[parameter]), gradient));
        }
    }

    /// <summary>Values computed inside branches are read again by the backward pass, outside the branch: declare them up front.</summary>
    private void DeclareBranchValues(List<CodeNode> body)
    {
        var declarations = new List<CodeNode>();
        CollectBranchValues(_method.Root, declarations);
        if (declarations.Count > 0)
        {
            body.Add(Code.Comment("Values computed inside branches and loops, declared here because the backward pass reads them."));
            body.AddRange(declarations);
        }
    }

    private void CollectBranchValues(LBlock block, List<CodeNode> declarations)
    {
        foreach (LStmt statement in block.Statements)
        {
            if (statement is LLoop loop)
            {
                if (!block.IsRoot)
                {
                    declarations.Add(Code.Declare(TypeRef.Of(ScalarType.Int), loop.Counter, Code.Int(0)));
                }

                CollectBranchValues(loop.Body, declarations);
            }
            else if (statement is LAssign assign && !block.IsRoot)
            {
                if (!assign.Target.IsJoin && !assign.Target.Block.IsRoot && _upFront.Add(assign.Target))
                {
                    declarations.Add(Code.Declare(ValueType(assign.Target.Type), assign.Target.Name, Code.Zero(assign.Target.Type)));
                }

                // A call's partial derivatives are kept even when its value goes straight into a join.
                if (assign.Operation is LCall call)
                {
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (call.Differentiates(i))
                        {
                            declarations.Add(Code.Declare(ValueType(call.Type), CallPartial(assign, i), Code.Int(0)));
                        }
                    }
                }
            }
            else if (statement is LIf branch)
            {
                if (!block.IsRoot)
                {
                    declarations.Add(Code.Declare(TypeRef.Of(ScalarType.Bool), branch.Flag, Code.Bool(false)));
                    foreach (LVar join in branch.Joins)
                    {
                        declarations.Add(Code.Declare(ValueType(join.Type), join.Name, Code.Zero(join.Type)));
                    }
                }

                CollectBranchValues(branch.Then, declarations);
                CollectBranchValues(branch.Else, declarations);
            }
        }
    }

    private void EmitForward(LBlock block, List<CodeNode> output, Repeat repeat)
    {
        foreach (LStmt statement in block.Statements)
        {
            switch (statement)
            {
                case LComment comment when !LoweredQueries.SpeaksForItself(block, comment):
                    output.Add(Code.Comment(comment.Source));
                    break;

                case LAssign assign:
                    if (repeat != Repeat.Once)
                    {
                        // Save what this statement overwrites and the backward pass reads.
                        foreach (Expr saved in SavedBy(assign, repeat))
                        {
                            output.Add(GeneratedPrologue.Push(Workspace, saved));
                        }
                    }

                    ForwardAssignment(assign, block, output);
                    break;

                case LArrayDecl array:
                    {
                        Expr length = _arithmetic.Adapt(array.Length);
                        output.Add(RentSpan(array.Array.Type, array.Array.Name, length));
                        if (array.Array.Active)
                        {
                            _declared.Add(array.Array);
                            output.Add(RentSpan(array.Array.Type, Adjoint(array.Array), length));
                        }

                        break;
                    }

                case LStore store:
                    {
                        Expr element = _arithmetic.Adapt(store.Element.ToExpr());
                        if (SavesElement(store, store.Element.Array))
                        {
                            output.Add(GeneratedPrologue.Push(Workspace, element));
                        }

                        output.Add(new CodeAssign(element, Algebra.Convert(_arithmetic.Adapt(store.Value.Expr), store.Value.Type, store.Element.Array.Type, _onDuals), store.Operator));
                        break;
                    }

                case LCallStatement callStatement:
                    foreach (LVar written in callStatement.Call.Outputs.Where(o => SavesElement(callStatement, o)))
                    {
                        // The call overwrites the whole vector: save every element.
                        string k = _names.Fresh("k");
                        output.Add(Code.ForUp(k, Code.Int(0), Code.Length(new VarRef(written)), new List<CodeNode>
                        {
                            GeneratedPrologue.Push(Workspace, Code.Index(new VarRef(written), Code.Name(k, ScalarType.Int), written.Type)),
                        }));
                    }

                    output.Add(Code.Statement(_arithmetic.Adapt(callStatement.Call.Primal)));
                    break;

                case LLoop loop when block.IsRoot && _fused.TryGetValue(loop, out FusedLoop? fused):
                    EmitFusedLoop(loop, fused, output);
                    break;

                case LLoop loop when repeat == Repeat.Fused && _innerFused.Contains(loop):
                    EmitInnerFusedLoop(loop, output);
                    break;

                case LLoop loop:
                    {
                        // A counted loop inside a loop needs no trip count: the backward pass computes it again.
                        Expr counter = Code.Name(loop.Counter, ScalarType.Int);
                        bool counts = !(repeat == Repeat.Loop && _counted.ContainsKey(loop));
                        var body = new List<CodeNode>();
                        if (counts)
                        {
                            output.Add(block.IsRoot ? Code.Declare(TypeRef.Of(ScalarType.Int), loop.Counter, Code.Int(0)) : Code.Assign(counter, Code.Int(0)));
                            body.Add(Code.Statement(Code.Unary(UnaryOperator.PostIncrement, counter)));
                        }

                        EmitForward(loop.Body, body, Repeat.Loop);
                        output.Add(GeneratedPrologue.Loop(loop, _arithmetic.Adapt(loop.Condition), body));
                        if (repeat == Repeat.Loop && counts)
                        {
                            output.Add(GeneratedPrologue.Push(Workspace, counter));
                        }

                        break;
                    }

                case LGuard guard:
                    output.Add(guard.Emit(_arithmetic));
                    break;

                case LIf branch:
                    {
                        Expr flag = Code.Name(branch.Flag, ScalarType.Bool);
                        Expr condition = _arithmetic.Adapt(branch.Condition);
                        output.Add(block.IsRoot ? Code.Declare(TypeRef.Of(ScalarType.Bool), branch.Flag, condition) : Code.Assign(flag, condition));
                        if (block.IsRoot)
                        {
                            foreach (LVar join in branch.Joins)
                            {
                                output.Add(Code.Declare(ValueType(join.Type), join.Name));
                            }
                        }

                        var then = new List<CodeNode>();
                        var otherwise = new List<CodeNode>();
                        EmitForward(branch.Then, then, repeat);
                        EmitForward(branch.Else, otherwise, repeat);
                        output.Add(Code.If(flag, then, otherwise));
                        if (repeat == Repeat.Loop)
                        {
                            // Pushed after the branch's own saves, so the backward pass pops it first.
                            output.Add(GeneratedPrologue.Push(Workspace, flag));
                        }

                        break;
                    }
            }
        }
    }

    private void ForwardAssignment(LAssign assign, LBlock block, List<CodeNode> output)
    {
        LVar target = assign.Target;
        bool declares = block.IsRoot && !target.IsJoin && target.Block.IsRoot && _upFront.Add(target);
        switch (assign.Operation)
        {
            case LCall { Partials: { } partials } call:
                {
                    // The value, then the partials from the [DerivativeOf] method: (∂f/∂a, ∂f/∂b) = FPartials(a, b).
                    List<Expr> arguments = call.Arguments.Select(a => _arithmetic.Adapt(a.Expr)).ToList();
                    output.Add(Set(declares, target, Code.Call(call.Callee, arguments, call.Type)));
                    var slots = new List<Expr>();
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (call.ArgumentIsDifferentiable[i])
                        {
                            slots.Add(!call.Differentiates(i) ? new DiscardExpr()
                                : declares ? new DeclarationExpr(ValueType(call.Type), CallPartial(assign, i))
                                : Code.Name(CallPartial(assign, i), call.Type));
                        }
                    }

                    Expr partialsCall = Code.Call(partials, arguments, call.Type);
                    output.Add(slots.Count != 1 ? Code.Assign(new TupleExpr(slots.ToEquatableArray()), partialsCall)
                        : slots[0] is DeclarationExpr single ? Code.Declare(single.Declared, single.Name, partialsCall)
                        : Code.Assign(slots[0], partialsCall));
                    return;
                }

            case LCall call:
                {
                    // The callee's reverse mode gives its value and its partial derivatives at this point. On
                    // dual numbers its GradientDual does; a [NoDerivative] parameter takes a plain value.
                    List<Expr> arguments = call.Arguments
                        .Select((a, i) => call.ArgumentIsDifferentiable[i] || (a.Variable ?? a.Element?.Array) is null ? _arithmetic.Adapt(a.Expr) : _arithmetic.Plain(_arithmetic.Adapt(a.Expr)))
                        .ToList();
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (call.ArgumentIsDifferentiable[i])
                        {
                            arguments.Add(!call.Differentiates(i) ? Code.OutDiscard() : Code.Out(CallPartial(assign, i), declares ? ValueType(call.Type) : null));
                        }
                    }

                    string gradient = _onDuals ? SecondOrder.GradientSuffix : "Gradient";
                    output.Add(Set(declares, target, Code.Call(call.Callee + gradient, arguments, call.Type)));
                    return;
                }

            case LVectorCall call:
                output.Add(Set(declares, target, _arithmetic.Adapt(call.Primal)));
                return;

            default:
                output.Add(Set(declares, target, _arithmetic.Adapt(Primal(assign))));
                return;
        }
    }

    /// <summary><c>type name = value;</c> when <paramref name="declares"/>, else <c>name = value;</c>.</summary>
    private CodeNode Set(bool declares, LVar target, Expr value) =>
        declares ? Code.Declare(ValueType(target.Type), target.Name, value) : Code.Assign(new VarRef(target), value);

    /// <summary>The right-hand side of a primal statement that is not a call.</summary>
    private Expr Primal(LAssign assign) => assign.Operation switch
    {
        LApply apply => Algebra.Primal(apply, assign.Target.Type),
        LConvert convert => Algebra.Convert(convert.Operand.Expr, convert.Operand.Type, assign.Target.Type, _onDuals),
        LConstant constant => constant.Value,
        _ => throw new System.InvalidOperationException("Calls are emitted by each mode"),
    };

    private void EmitBackward(LBlock block, List<CodeNode> output, Repeat repeat)
    {
        // Statements arrive in reverse; a group's adjoint code is printed under its source comment.
        var group = new List<CodeNode>();
        for (int i = block.Statements.Count - 1; i >= 0; i--)
        {
            // Cheap loop values the backward pass reads are recomputed before their last reader's adjoint code.
            foreach (LAssign assign in _recomputedBefore[block.Statements[i]])
            {
                group.Add(Code.Assign(new VarRef(assign.Target), _arithmetic.Adapt(Primal(assign)), "recomputed, not saved"));
            }

            switch (block.Statements[i])
            {
                case LComment comment:
                    if (group.Count > 0)
                    {
                        output.Add(Code.Comment(AdjointOfPrefix + comment.Source));
                        output.AddRange(group);
                        group.Clear();
                    }

                    break;

                case LAssign assign:
                    EmitAdjoint(assign, block, group);
                    if (assign.Target.Mutable && assign.Target.Block != block && _declared.Contains(assign.Target) && !ReadsItself(assign))
                    {
                        // The value before this assignment is another value: its adjoint starts again from zero.
                        group.Add(Code.Assign(AdjointName(assign.Target), Code.Int(0)));
                    }

                    if (repeat != Repeat.Once)
                    {
                        Restore(assign, group, repeat);
                    }

                    break;

                case LStore store:
                    EmitStoreAdjoint(store, block, group);
                    break;

                case LArrayDecl:
                    break;

                case LCallStatement callStatement:
                    {
                        LVectorCall call = callStatement.Call;
                        if (call.HasActiveInput && call.Outputs.Any(o => o.Active))
                        {
                            EmitPullback(call, null, block, group);
                        }

                        foreach (CallArgument written in call.OutputArguments.Where(o => o.Vector!.Active))
                        {
                            group.Add(Code.Statement(Code.CallOn(written.Part(AdjointName(written.Vector!)), "Clear", ScalarType.Double)));
                        }

                        foreach (LVar written in call.Outputs.Where(o => SavesElement(callStatement, o)).Reverse())
                        {
                            string k = _names.Fresh("k");
                            Expr index = Code.Name(k, ScalarType.Int);
                            group.Add(new CodeLoop(
                                LoopKind.For,
                                Code.Binary(BinaryOperator.GreaterOrEqual, index, Code.Int(0)),
                                new List<CodeNode> { Code.Assign(Code.Index(new VarRef(written), index, written.Type), Pop(written)) },
                                new CodeDeclare(TypeRef.Of(ScalarType.Int), k, Code.Subtract(Code.Length(new VarRef(written)), Code.Int(1))),
                                Code.Unary(UnaryOperator.PostDecrement, index)));
                        }

                        break;
                    }

                case LLoop loop when block.IsRoot && _fused.TryGetValue(loop, out FusedLoop? fused):
                    EmitFusedAdjoint(loop, fused, block, group);
                    break;

                case LLoop loop when repeat == Repeat.Fused && _innerFused.Contains(loop):
                    break; // its iterations' backward passes ran inside it

                case LLoop loop:
                    {
                        // Adjoints of values the loop carries and reads flow into the previous iteration: they exist before it.
                        HashSet<LVar> read = LoweredQueries.VariablesRead(loop.Body);
                        foreach (LVar carried in loop.Carried.Where(v => v.Active && read.Contains(v)))
                        {
                            EnsureDeclared(carried);
                        }

                        var body = new List<CodeNode>();
                        EmitBackward(loop.Body, body, Repeat.Loop);
                        body.InsertRange(0, ZeroDeclarations(loop.Body));
                        Expr counter = Code.Name(loop.Counter, ScalarType.Int);
                        Expr? skipTo = null;
                        if (repeat == Repeat.Loop && _counted.TryGetValue(loop, out CountedLoop? counted))
                        {
                            // for (v = s; v < n; v++) left v at max(n, s) and ran v - s times.
                            Expr start = _arithmetic.Adapt(counted.Start);
                            Expr bound = _arithmetic.Adapt(counted.Bound);
                            Expr final = start is LiteralExpr s && bound is LiteralExpr n
                                ? Code.Int(System.Math.Max(s.Value.Bits, n.Value.Bits))
                                : Code.Conditional(Code.Binary(BinaryOperator.Less, start, bound), bound, start);
                            Expr v = new VarRef(counted.Counter);
                            group.Add(Code.Assign(v, final));
                            group.Add(Code.Assign(counter, start is LiteralExpr { Value.Bits: 0 } ? v : Code.Subtract(v, start)));
                            skipTo = start;
                        }
                        else if (repeat == Repeat.Loop)
                        {
                            group.Add(Code.Assign(counter, Pop(ScalarType.Int)));
                        }

                        if (body.Count > 0)
                        {
                            var backward = new CodeLoop(LoopKind.For, Code.Binary(BinaryOperator.Greater, counter, Code.Int(0)), body, step: Code.Unary(UnaryOperator.PostDecrement, counter));
                            if (skipTo is not null && ZeroInZeroOut(loop) is { Count: > 0 } inputs)
                            {
                                // Every adjoint this loop passes back is its carried values' (zero for a centroid Min did
                                // not choose, say): when they are all zero it would add only zeros, so it is skipped,
                                // and its counter is left where the loop would have left it.
                                Expr anyNonZero = inputs
                                    .Select(v => _arithmetic.IsZero(AdjointName(v)) is BinaryExpr { Operator: BinaryOperator.Equal } zero
                                        ? Code.Binary(BinaryOperator.NotEqual, zero.Left, zero.Right, ScalarType.Bool)
                                        : Code.Unary(UnaryOperator.Not, _arithmetic.IsZero(AdjointName(v))))
                                    .Aggregate((a, b) => Code.Binary(BinaryOperator.Or, a, b, ScalarType.Bool));
                                group.Add(Code.If(anyNonZero, new List<CodeNode> { backward }, new List<CodeNode> { Code.Assign(new VarRef(_counted[loop].Counter), skipTo) }));
                            }
                            else
                            {
                                group.Add(backward);
                            }
                        }

                        break;
                    }

                case LIf branch:
                    {
                        var then = new List<CodeNode>();
                        var otherwise = new List<CodeNode>();
                        EmitBackward(branch.Then, then, repeat);
                        EmitBackward(branch.Else, otherwise, repeat);
                        then.InsertRange(0, ZeroDeclarations(branch.Then));
                        otherwise.InsertRange(0, ZeroDeclarations(branch.Else));
                        Expr flag = Code.Name(branch.Flag, ScalarType.Bool);
                        if (repeat == Repeat.Loop)
                        {
                            group.Add(Code.Assign(flag, Pop(ScalarType.Bool)));
                        }

                        if (then.Count > 0 || otherwise.Count > 0)
                        {
                            group.Add(Code.If(flag, then, otherwise));
                        }

                        break;
                    }
            }
        }

        output.AddRange(group);
    }

    /// <summary>
    /// <c>a[i] = v</c> backward: <c>v</c> receives the element's adjoint, which then restarts at zero
    /// (the element held another value before), and the old element comes back from the stack.
    /// </summary>
    private void EmitStoreAdjoint(LStore store, LBlock block, List<CodeNode> output)
    {
        LVar array = store.Element.Array;
        Expr index = _arithmetic.Adapt(store.Element.Index);
        if (array.Active && store.Accumulates)
        {
            // a[i] += v: v receives the element's adjoint (negated for -=), which passes through to the old element unchanged.
            if (store.Value.Active)
            {
                Expr adjoint = Code.Index(AdjointName(array), index, array.Type);
                AccumulateAtom(store.Value, store.Operator == AssignOperator.Subtract ? Algebra.Negated(adjoint) : adjoint, array.Type, block, output);
            }
        }
        else if (array.Active)
        {
            Expr adjoint = Code.Index(AdjointName(array), index, array.Type);
            if (store.Value.Active && store.Value.Element?.Array == array)
            {
                // a[i] = a[j]: read the adjoint before clearing it, in case i == j.
                string carried = _names.Fresh(array.Name + "_bar_i");
                output.Add(Code.Declare(ValueType(array.Type), carried, adjoint));
                output.Add(Code.Assign(adjoint, Code.Int(0)));
                AccumulateAtom(store.Value, Code.Name(carried, array.Type), array.Type, block, output);
            }
            else
            {
                if (store.Value.Active)
                {
                    AccumulateAtom(store.Value, adjoint, array.Type, block, output);
                }

                output.Add(Code.Assign(adjoint, Code.Int(0)));
            }
        }

        if (SavesElement(store, array))
        {
            output.Add(Code.Assign(Code.Index(new VarRef(array), index, array.Type), Pop(array)));
        }
    }

    /// <summary><c>v = v ± e</c>, the one form where a statement reads the variable it writes.</summary>
    private static bool ReadsItself(LAssign assign) =>
        assign.Operation is LApply apply && apply.Arguments.Any(a => a.Variable == assign.Target);

    private void EnsureDeclared(LVar variable)
    {
        if (_declared.Add(variable))
        {
            ZeroDeclarations(variable.Block).Add(Code.Declare(ValueType(variable.Type), Adjoint(variable), Code.Int(0)));
        }
    }

    private void EmitAdjoint(LAssign assign, LBlock block, List<CodeNode> output)
    {
        LVar target = assign.Target;
        if (!target.Active || !_declared.Contains(target))
        {
            return; // no contribution reached this value: its adjoint is zero
        }

        Expr adjoint = AdjointName(target);
        switch (assign.Operation)
        {
            case LApply apply:
                for (int i = 0; i < apply.Arguments.Count; i++)
                {
                    Atom argument = apply.Arguments[i];
                    if (argument.Variable == target)
                    {
                        continue; // v = v ± e: v's adjoint passes through unchanged
                    }

                    Expr? partial = argument.Active ? Algebra.Partial(apply, i, target) : null;
                    if (Algebra.Scale(adjoint, partial is null ? null : _arithmetic.Adapt(partial), apply.Rule.ZeroStaysZero ? _arithmetic.IsZero : null) is { } contribution)
                    {
                        AccumulateAtom(argument, contribution, target.Type, block, output);
                    }
                }

                break;

            case LConvert { Operand.Active: true } convert:
                AccumulateAtom(convert.Operand, adjoint, target.Type, block, output);
                break;

            case LVectorCall vectorCall:
                EmitPullback(vectorCall, adjoint, block, output);
                break;

            case LCall call:
                for (int i = 0; i < call.Arguments.Count; i++)
                {
                    if (call.Differentiates(i))
                    {
                        AccumulateAtom(call.Arguments[i], Code.Multiply(adjoint, Code.Name(CallPartial(assign, i), call.Type)), target.Type, block, output);
                    }
                }

                break;
        }
    }

    /// <summary>Adds <paramref name="contribution"/> to the adjoint of an operand: a variable or a vector element.</summary>
    private void AccumulateAtom(Atom operand, Expr contribution, ScalarType type, LBlock block, List<CodeNode> output)
    {
        if (operand.Element is not { } element)
        {
            Accumulate(operand.Variable!, contribution, type, block, output);
            return;
        }

        ScalarType elementType = element.Array.Type;
        contribution = Algebra.Convert(contribution, type, elementType, _onDuals);
        output.Add(Code.AddTo(Code.Index(AdjointName(element.Array), _arithmetic.Adapt(element.Index), elementType), contribution));
    }

    /// <summary>Adds <paramref name="contribution"/> to the adjoint of <paramref name="variable"/>.</summary>
    private void Accumulate(LVar variable, Expr contribution, ScalarType type, LBlock block, List<CodeNode> output)
    {
        (bool negative, Expr magnitude) = Algebra.SplitSign(contribution);
        contribution = Algebra.Convert(contribution, type, variable.Type, _onDuals);
        magnitude = Algebra.Convert(magnitude, type, variable.Type, _onDuals);
        if (_declared.Add(variable))
        {
            if (variable.Block == block)
            {
                output.Add(Code.Declare(ValueType(variable.Type), Adjoint(variable), contribution));
                return;
            }

            ZeroDeclarations(variable.Block).Add(Code.Declare(ValueType(variable.Type), Adjoint(variable), Code.Int(0)));
        }

        output.Add(negative
            ? new CodeAssign(AdjointName(variable), magnitude, AssignOperator.Subtract)
            : new CodeAssign(AdjointName(variable), contribution, AssignOperator.Add));
    }

    private List<CodeNode> ZeroDeclarations(LBlock block)
    {
        if (!_zeroDeclarations.TryGetValue(block, out List<CodeNode>? list))
        {
            list = new List<CodeNode>();
            _zeroDeclarations[block] = list;
        }

        return list;
    }

    /// <summary>
    /// The carried values whose adjoints are all a loop's backward pass reads from outside an iteration, when its body
    /// is plain assignments (no calls, no stores, no branches or loops) that save nothing and restore nothing but the
    /// loop's own counter: with those adjoints zero the pass adds zeros and changes nothing else. Empty when the loop
    /// does not qualify.
    /// </summary>
    private List<LVar> ZeroInZeroOut(LLoop loop)
    {
        LVar counter = _counted[loop].Counter;
        foreach (LStmt statement in loop.Body.Statements.Where(s => s is not LComment))
        {
            // Calls are left alone: a callee's partials are saved, and a vector call's outputs have adjoints of their own.
            if (statement is not LAssign assign || assign.Operation is LCall or LVectorCall || SavedBy(assign, Repeat.Loop).Count > 0
                || (assign.Operation is LConstant { Inverse: not null } && _needed.Contains(assign.Target) && assign.Target != counter))
            {
                return new List<LVar>();
            }
        }

        // A carried value the body writes but never reads: its adjoint may not be declared yet; leave such loops be.
        HashSet<LVar> read = LoweredQueries.VariablesRead(loop.Body);
        List<LVar> carried = loop.Carried.Where(v => v.Active).ToList();
        return carried.All(read.Contains) ? carried : new List<LVar>();
    }

    private Expr AdjointName(LVar variable) => Code.Name(Adjoint(variable), variable.Type);

    private string Adjoint(LVar variable)
    {
        if (!_adjoints.TryGetValue(variable, out string? name))
        {
            name = _names.Fresh(variable.Name + "_bar");
            _adjoints[variable] = name;
        }

        return name;
    }

    /// <summary>Name of ∂callee/∂argument, kept from the forward pass: <c>t3_dx</c>.</summary>
    private string CallPartial(LAssign assign, int argument)
    {
        if (!_callPartials.TryGetValue((assign, argument), out string? name))
        {
            var call = (LCall)assign.Operation;
            name = _names.Fresh(assign.Target.Name + "_" + call.PartialNames[argument]);
            _callPartials[(assign, argument)] = name;
        }

        return name;
    }
}
