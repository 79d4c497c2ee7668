using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Emitting;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Reverse mode (adjoints): a forward pass that keeps every intermediate value, then a backward pass
/// that visits the statements in reverse and, for <c>v = f(a, b)</c>, adds <c>v_bar · ∂f/∂a</c> to
/// <c>a_bar</c> and <c>v_bar · ∂f/∂b</c> to <c>b_bar</c>. Builds <c>FGradient</c>.
/// </summary>
/// <remarks>
/// An adjoint is declared at its first contribution when that happens in the block the value belongs
/// to, else declared as 0 at the start of that block's backward code. An adjoint that never receives a
/// contribution is zero, so the statement that defined its value contributes nothing and is skipped.
/// </remarks>
internal sealed partial class ReverseBuilder
{
    private readonly LoweredMethod _method;
    private readonly NameAllocator _names;
    private readonly Dictionary<LVar, string> _adjoints = new();
    private readonly HashSet<LVar> _declared = new();
    private readonly Dictionary<LBlock, List<CodeNode>> _zeroDeclarations = new();
    private readonly Dictionary<(LAssign, int), string> _callPartials = new();
    private readonly HashSet<LVar> _upFront = new();
    private readonly HashSet<LVar> _needed;
    private readonly HashSet<(LStmt, LVar)> _firstTouch;
    private readonly Dictionary<LVar, (LAssign Definition, LStmt Before)> _recomputed;
    private readonly ILookup<LStmt, LAssign> _recomputedBefore;
    private readonly bool _onDuals;
    private string? _workspace;
    private string? _discard;

    private ReverseBuilder(LoweredMethod method)
    {
        _method = method;
        _onDuals = method.Math.IsOnDuals;
        _names = method.Names.Clone();
        _needed = SaveAnalysis.Needed(method.Root);
        _firstTouch = SaveAnalysis.FirstTouches(method.Root);
        _recomputed = Rematerialization.Find(method.Root, _needed);
        _recomputedBefore = _recomputed.Values.ToLookup(r => r.Before, r => r.Definition); // in definition order
    }

    /// <summary>The per-thread workspace (value stack and scratch arrays), named on first use.</summary>
    private string Workspace => _workspace ??= _names.Fresh("workspace");

    public static GeneratedMethod Build(LoweredMethod method) => new ReverseBuilder(method).Build();

    /// <summary>
    /// <c>FGradientDual</c>: the same gradient with every active value and adjoint a <c>Dual</c> number, so the
    /// adjoints' tangents are a Hessian-vector product (forward mode over reverse mode). Built from
    /// <see cref="Lowering.LowerOnDuals"/>, whose code calls <c>DualMath</c>.
    /// </summary>
    public static GeneratedMethod BuildOnDuals(LoweredMethod method) => new ReverseBuilder(method).Build();

    private GeneratedMethod Build()
    {
        MethodModel model = _method.Method;
        if (model.IsVectorValued)
        {
            return BuildVjp();
        }

        string type = AdjointType(model.ReturnType);
        IEnumerable<string> parameters = model.Parameters.Select(ParameterCode).Concat(GradientOutputs());
        string name = model.Name + (_onDuals ? SecondOrder.GradientSuffix : "Gradient");
        string signature = $"{model.Accessibility} static {type} {name}({string.Join(", ", parameters)})";

        List<CodeNode> checks = GeneratedPrologue.LengthChecks(_method);
        foreach (LVar vector in _method.Inputs.Where(p => p.IsArray))
        {
            // The gradient of a vector is written straight into its output span.
            _adjoints[vector] = _method.DerivativeNames[vector];
            _declared.Add(vector);
        }

        var body = new List<CodeNode> { CodeLine.Comment("Forward pass: compute and keep every intermediate value.") };
        DeclareBranchValues(body);
        LVar result = _method.Result!;
        if (_method.ResultDeclaredUpFront)
        {
            body.Add(new CodeLine($"{ValueType(result)} {result.Name};"));
        }

        EmitForward(_method.Root, body, inLoop: false);

        body.Add(CodeBlankLine.Instance);
        body.Add(CodeLine.Comment("Backward pass: propagate adjoints from the result back to the inputs."));
        ClearGradientSpans(body);

        var backward = new List<CodeNode>();
        if (result.Active)
        {
            _declared.Add(result);
            body.Add(new CodeLine($"{AdjointType(result.Type)} {Adjoint(result)} = 1;"));
            EmitBackward(_method.Root, backward, inLoop: false);
        }

        body.AddRange(ZeroDeclarations(_method.Root));
        body.AddRange(backward);

        body.Add(CodeBlankLine.Instance);
        AssignScalarGradients(body);
        body.Add(new CodeLine($"return {result.Name};"));

        string summary = $"Reverse mode: returns {model.Name} and writes its partial derivatives to "
            + string.Join(", ", _method.Inputs.Select(p => _method.DerivativeNames[p]))
            + (_method.Inputs.Any(p => p.IsArray) ? " (gradient spans are overwritten)." : ".");
        if (_onDuals)
        {
            summary = $"Reverse mode on dual numbers: returns {model.Name} and writes its partial derivatives to "
                + string.Join(", ", _method.Inputs.Select(p => _method.DerivativeNames[p]))
                + "; their tangents are the Hessian times the inputs' tangents (forward over reverse mode).";
        }
        var full = new List<CodeNode>(checks);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return new GeneratedMethod(summary, signature, full) { QuotesSource = !_onDuals };
    }

    /// <summary>
    /// <c>FVjp</c> of a vector-valued method: the same forward pass (the caller sees the outputs), then a
    /// backward pass that starts from the caller's output adjoints instead of a result adjoint of 1.
    /// </summary>
    private GeneratedMethod BuildVjp()
    {
        MethodModel model = _method.Method;
        var seeds = _method.Outputs.Select(o => (Span: _names.Fresh(o.Name + "Bar"), Output: o)).ToList();
        IEnumerable<string> parameters = model.Parameters.Select(p => p.TypeCode + " " + p.Name)
            .Concat(seeds.Select(s => $"global::System.ReadOnlySpan<{s.Output.Type.Keyword()}> {s.Span}"))
            .Concat(GradientOutputs());
        string signature = $"{model.Accessibility} static void {model.Name}Vjp({string.Join(", ", parameters)})";

        List<CodeNode> checks = GeneratedPrologue.LengthChecks(_method, seeds);
        foreach (LVar vector in _method.Inputs.Where(p => p.IsArray))
        {
            _adjoints[vector] = _method.DerivativeNames[vector];
            _declared.Add(vector);
        }

        var body = new List<CodeNode> { CodeLine.Comment("Forward pass: compute the outputs and keep every intermediate value.") };
        DeclareBranchValues(body);
        EmitForward(_method.Root, body, inLoop: false);

        // The backward pass restores overwritten output elements it reads: keep the results for the caller.
        var kept = _method.Outputs.Where(_needed.Contains).Select(o => (Copy: _names.Fresh(o.Name + "Result"), Output: o)).ToList();
        foreach ((string copy, LVar output) in kept)
        {
            body.Add(GeneratedPrologue.RentSpan(Workspace, output.Type, copy, output.Name + ".Length"));
            body.Add(new CodeLine($"{output.Name}.CopyTo({copy});"));
        }

        body.Add(CodeBlankLine.Instance);
        body.Add(CodeLine.Comment("Backward pass: propagate the output adjoints back to the inputs."));
        ClearGradientSpans(body);
        var backward = new List<CodeNode>();
        var active = seeds.Where(s => s.Output.Active).ToList();
        foreach ((string seed, LVar output) in active)
        {
            // The backward pass zeroes adjoints it has passed on, so it works on a copy of the caller's.
            _declared.Add(output);
            body.Add(GeneratedPrologue.RentSpan(Workspace, output.Type, Adjoint(output), output.Name + ".Length"));
            body.Add(new CodeLine($"{seed}.CopyTo({Adjoint(output)});"));
        }

        if (active.Count > 0)
        {
            EmitBackward(_method.Root, backward, inLoop: false);
        }

        body.AddRange(ZeroDeclarations(_method.Root));
        body.AddRange(backward);
        foreach ((string copy, LVar output) in kept)
        {
            body.Add(new CodeLine($"{copy}.CopyTo({output.Name});"));
        }

        if (_method.Inputs.Any(p => !p.IsArray))
        {
            body.Add(CodeBlankLine.Instance);
            AssignScalarGradients(body);
        }

        string summary = $"Vector-Jacobian product: runs {model.Name}, writing its outputs, and writes to "
            + string.Join(", ", _method.Inputs.Select(p => _method.DerivativeNames[p]))
            + " the adjoint of the inputs for the output adjoints "
            + string.Join(", ", seeds.Select(s => s.Span))
            + (_method.Inputs.Any(p => p.IsArray) ? " (gradient spans are overwritten)." : ".");
        var full = new List<CodeNode>(checks);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return new GeneratedMethod(summary, signature, full);
    }

    /// <summary>One gradient output per differentiable input: a span for a vector, <c>out</c> for a scalar.</summary>
    private IEnumerable<string> GradientOutputs() => _method.Inputs.Select(p => p.IsArray
        ? "global::System.Span<" + AdjointType(p.Type) + "> " + _method.DerivativeNames[p]
        : "out " + AdjointType(p.Type) + " " + _method.DerivativeNames[p]);

    /// <summary>A parameter as declared; on dual numbers a differentiable one carries a tangent (vectors as read-only spans).</summary>
    private string ParameterCode(ParameterModel parameter)
    {
        if (!_onDuals || !parameter.IsDifferentiable)
        {
            return parameter.TypeCode + " " + parameter.Name;
        }

        return (parameter.IsVector ? $"global::System.ReadOnlySpan<{SecondOrder.DualType}>" : SecondOrder.DualType) + " " + parameter.Name;
    }

    /// <summary>How a value is declared: its type, or <c>Dual</c> for a real value on dual numbers (inactive ones too: their code calls DualMath).</summary>
    private string ValueType(LVar value) => AdjointType(value.Type);

    /// <summary>How an adjoint (or a partial derivative) of a real value is declared.</summary>
    private string AdjointType(ScalarType type) => _onDuals && type.IsReal() ? SecondOrder.DualType : type.Keyword();

    /// <summary>A scratch span for a local array's values or adjoints: of <c>Dual</c> on dual numbers.</summary>
    private CodeLine RentSpan(ScalarType element, string name, string length) =>
        _onDuals
            ? new CodeLine($"global::System.Span<{SecondOrder.DualType}> {name} = {Workspace}.RentDuals({length});")
            : GeneratedPrologue.RentSpan(Workspace, element, name, length);

    private void ClearGradientSpans(List<CodeNode> body)
    {
        foreach (LVar vector in _method.Inputs.Where(p => p.IsArray))
        {
            body.Add(new CodeLine(_method.DerivativeNames[vector] + ".Clear();"));
        }
    }

    private void AssignScalarGradients(List<CodeNode> body)
    {
        foreach (LVar parameter in _method.Inputs.Where(p => !p.IsArray))
        {
            string gradient = _declared.Contains(parameter) ? Adjoint(parameter) : "0";
            body.Add(new CodeLine($"{_method.DerivativeNames[parameter]} = {gradient};"));
        }
    }

    /// <summary>Values computed inside branches are read again by the backward pass, outside the branch: declare them up front.</summary>
    private void DeclareBranchValues(List<CodeNode> body)
    {
        var declarations = new List<CodeNode>();
        CollectBranchValues(_method.Root, declarations);
        if (declarations.Count > 0)
        {
            body.Add(CodeLine.Comment("Values computed inside branches and loops, declared here because the backward pass reads them."));
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
                    declarations.Add(new CodeLine($"int {loop.Counter} = 0;"));
                }

                CollectBranchValues(loop.Body, declarations);
            }
            else if (statement is LAssign assign && !block.IsRoot)
            {
                if (!assign.Target.IsJoin && !assign.Target.Block.IsRoot && _upFront.Add(assign.Target))
                {
                    declarations.Add(new CodeLine($"{ValueType(assign.Target)} {assign.Target.Name} = {assign.Target.Type.Zero()};"));
                }

                // A call's partial derivatives are kept even when its value goes straight into a join.
                if (assign.Operation is LCall call)
                {
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (call.Differentiates(i))
                        {
                            declarations.Add(new CodeLine($"{AdjointType(call.Type)} {CallPartial(assign, i)} = 0;"));
                        }
                    }
                }
            }
            else if (statement is LIf branch)
            {
                if (!block.IsRoot)
                {
                    declarations.Add(new CodeLine($"bool {branch.Flag} = false;"));
                    foreach (LVar join in branch.Joins)
                    {
                        declarations.Add(new CodeLine($"{ValueType(join)} {join.Name} = {join.Type.Zero()};"));
                    }
                }

                CollectBranchValues(branch.Then, declarations);
                CollectBranchValues(branch.Else, declarations);
            }
        }
    }

    private void EmitForward(LBlock block, List<CodeNode> output, bool inLoop)
    {
        foreach (LStmt statement in block.Statements)
        {
            switch (statement)
            {
                case LComment comment:
                    output.Add(CodeLine.Comment(comment.Source));
                    break;

                case LAssign assign:
                    if (inLoop)
                    {
                        // Save what this statement overwrites and the backward pass reads.
                        foreach (string saved in SavedBy(assign))
                        {
                            output.Add(new CodeLine($"{Workspace}.Push({saved});"));
                        }
                    }

                    output.Add(new CodeLine(ForwardAssignment(assign, block)));
                    break;

                case LArrayDecl array:
                    {
                        output.Add(RentSpan(array.Array.Type, array.Array.Name, array.Length));
                        if (array.Array.Active)
                        {
                            _declared.Add(array.Array);
                            output.Add(RentSpan(array.Array.Type, Adjoint(array.Array), array.Length));
                        }

                        break;
                    }

                case LStore store:
                    {
                        string element = store.Element.Array.Name + "[" + store.Element.Index + "]";
                        if (SavesElement(store, store.Element.Array))
                        {
                            output.Add(new CodeLine($"{Workspace}.Push({element});"));
                        }

                        output.Add(new CodeLine($"{element} = {RuleTemplates.Convert(store.Value.Code, store.Value.Type, store.Element.Array.Type, _onDuals)};"));
                        break;
                    }

                case LCallStatement callStatement:
                    foreach (LVar written in callStatement.Call.Outputs.Where(o => SavesElement(callStatement, o)))
                    {
                        // The call overwrites the whole vector: save every element.
                        string k = _names.Fresh("k");
                        output.Add(new CodeBlock(
                            $"for (int {k} = 0; {k} < {written.Name}.Length; {k}++)",
                            new List<CodeNode> { new CodeLine($"{Workspace}.Push({written.Name}[{k}]);") }));
                    }

                    output.Add(new CodeLine(callStatement.Call.PrimalCode + ";"));
                    break;

                case LLoop loop:
                    {
                        output.Add(new CodeLine(block.IsRoot ? $"int {loop.Counter} = 0;" : $"{loop.Counter} = 0;"));
                        var body = new List<CodeNode> { new CodeLine(loop.Counter + "++;") };
                        EmitForward(loop.Body, body, inLoop: true);
                        output.Add(GeneratedPrologue.Loop(loop, body));
                        if (inLoop)
                        {
                            output.Add(new CodeLine($"{Workspace}.Push({loop.Counter});"));
                        }

                        break;
                    }

                case LIf branch:
                    {
                        string declare = block.IsRoot ? "bool " : string.Empty;
                        output.Add(new CodeLine($"{declare}{branch.Flag} = {branch.Condition};"));
                        if (block.IsRoot)
                        {
                            foreach (LVar join in branch.Joins)
                            {
                                output.Add(new CodeLine($"{ValueType(join)} {join.Name};"));
                            }
                        }

                        var then = new List<CodeNode>();
                        var otherwise = new List<CodeNode>();
                        EmitForward(branch.Then, then, inLoop);
                        EmitForward(branch.Else, otherwise, inLoop);
                        output.Add(new CodeIf(branch.Flag, then, otherwise));
                        if (inLoop)
                        {
                            // Pushed after the branch's own saves, so the backward pass pops it first.
                            output.Add(new CodeLine($"{Workspace}.Push({branch.Flag});"));
                        }

                        break;
                    }
            }
        }
    }

    private string ForwardAssignment(LAssign assign, LBlock block)
    {
        LVar target = assign.Target;
        bool declares = block.IsRoot && !target.IsJoin && target.Block.IsRoot && _upFront.Add(target);
        string prefix = (declares ? ValueType(target) + " " : string.Empty) + target.Name + " = ";
        switch (assign.Operation)
        {
            case LCall { Partials: { } partials } call:
                {
                    // The value, then the partials from the [DerivativeOf] method: (∂f/∂a, ∂f/∂b) = FPartials(a, b).
                    string arguments = string.Join(", ", call.Arguments.Select(a => a.Code));
                    var slots = new List<string>();
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (call.ArgumentIsDifferentiable[i])
                        {
                            slots.Add(!call.Differentiates(i) ? "_" : (declares ? AdjointType(call.Type) + " " : string.Empty) + CallPartial(assign, i));
                        }
                    }

                    string receive = slots.Count == 1 ? (slots[0] == "_" ? "_" : slots[0]) : "(" + string.Join(", ", slots) + ")";
                    return $"{prefix}{call.Callee}({arguments}); {receive} = {partials}({arguments});";
                }

            case LCall call:
                {
                    // The callee's reverse mode gives its value and its partial derivatives at this point. On
                    // dual numbers its GradientDual does; a [NoDerivative] parameter takes a plain value.
                    var arguments = call.Arguments
                        .Select((a, i) => _onDuals && !call.ArgumentIsDifferentiable[i] && a.Type.IsReal() && (a.Variable ?? a.Element?.Array) is not null ? "(" + a.Type.Keyword() + ")" + RuleTemplates.Parenthesize(a.Code) : a.Code)
                        .ToList();
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (call.ArgumentIsDifferentiable[i])
                        {
                            arguments.Add(!call.Differentiates(i)
                                ? "out _"
                                : "out " + (declares ? AdjointType(call.Type) + " " : string.Empty) + CallPartial(assign, i));
                        }
                    }

                    string gradient = _onDuals ? SecondOrder.GradientSuffix : "Gradient";
                    return $"{prefix}{call.Callee}{gradient}({string.Join(", ", arguments)});";
                }

            case LVectorCall call:
                return prefix + call.PrimalCode + ";";

            default:
                return prefix + RuleTemplates.PrimalCode(assign.Operation, target, _method.Math) + ";";
        }
    }

    private void EmitBackward(LBlock block, List<CodeNode> output, bool inLoop)
    {
        // Statements arrive in reverse; a group's adjoint code is printed under its source comment.
        var group = new List<CodeNode>();
        for (int i = block.Statements.Count - 1; i >= 0; i--)
        {
            // Cheap loop values the backward pass reads are recomputed before their last reader's adjoint code.
            foreach (LAssign assign in _recomputedBefore[block.Statements[i]])
            {
                group.Add(new CodeLine($"{assign.Target.Name} = {RuleTemplates.PrimalCode(assign.Operation, assign.Target, _method.Math)}; // recomputed, not saved"));
            }

            switch (block.Statements[i])
            {
                case LComment comment:
                    if (group.Count > 0)
                    {
                        output.Add(CodeLine.Comment("adjoint of: " + comment.Source));
                        output.AddRange(group);
                        group.Clear();
                    }

                    break;

                case LAssign assign:
                    EmitAdjoint(assign, block, group);
                    if (assign.Target.Mutable && assign.Target.Block != block && _declared.Contains(assign.Target) && !ReadsItself(assign))
                    {
                        // The value before this assignment is another value: its adjoint starts again from zero.
                        group.Add(new CodeLine($"{Adjoint(assign.Target)} = 0;"));
                    }

                    if (inLoop)
                    {
                        Restore(assign, group);
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

                        foreach (LVar written in call.Outputs.Where(o => o.Active))
                        {
                            group.Add(new CodeLine(Adjoint(written) + ".Clear();"));
                        }

                        foreach (LVar written in call.Outputs.Where(o => SavesElement(callStatement, o)).Reverse())
                        {
                            string k = _names.Fresh("k");
                            group.Add(new CodeBlock(
                                $"for (int {k} = {written.Name}.Length - 1; {k} >= 0; {k}--)",
                                new List<CodeNode> { new CodeLine($"{written.Name}[{k}] = {Pop(written)};") }));
                        }

                        break;
                    }

                case LLoop loop:
                    {
                        // Adjoints of values the loop carries and reads flow into the previous iteration: they exist before it.
                        HashSet<LVar> read = LoweredQueries.VariablesRead(loop.Body);
                        foreach (LVar carried in loop.Carried.Where(v => v.Active && read.Contains(v)))
                        {
                            EnsureDeclared(carried);
                        }

                        var body = new List<CodeNode>();
                        EmitBackward(loop.Body, body, inLoop: true);
                        body.InsertRange(0, ZeroDeclarations(loop.Body));
                        if (inLoop)
                        {
                            group.Add(new CodeLine($"{loop.Counter} = {Pop(ScalarType.Int)};"));
                        }

                        if (body.Count > 0)
                        {
                            group.Add(new CodeBlock($"for (; {loop.Counter} > 0; {loop.Counter}--)", body));
                        }

                        break;
                    }

                case LIf branch:
                    {
                        var then = new List<CodeNode>();
                        var otherwise = new List<CodeNode>();
                        EmitBackward(branch.Then, then, inLoop);
                        EmitBackward(branch.Else, otherwise, inLoop);
                        then.InsertRange(0, ZeroDeclarations(branch.Then));
                        otherwise.InsertRange(0, ZeroDeclarations(branch.Else));
                        if (inLoop)
                        {
                            group.Add(new CodeLine($"{branch.Flag} = {Pop(ScalarType.Bool)};"));
                        }

                        if (then.Count > 0 || otherwise.Count > 0)
                        {
                            group.Add(new CodeIf(branch.Flag, then, otherwise));
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
        string element = array.Name + "[" + store.Element.Index + "]";
        if (array.Active)
        {
            string adjoint = Adjoint(array) + "[" + store.Element.Index + "]";
            if (store.Value.Active && store.Value.Element?.Array == array)
            {
                // a[i] = a[j]: read the adjoint before clearing it, in case i == j.
                string carried = _names.Fresh(array.Name + "_bar_i");
                output.Add(new CodeLine($"{AdjointType(array.Type)} {carried} = {adjoint};"));
                output.Add(new CodeLine($"{adjoint} = 0;"));
                AccumulateAtom(store.Value, carried, array.Type, block, output);
            }
            else
            {
                if (store.Value.Active)
                {
                    AccumulateAtom(store.Value, adjoint, array.Type, block, output);
                }

                output.Add(new CodeLine($"{adjoint} = 0;"));
            }
        }

        if (SavesElement(store, array))
        {
            output.Add(new CodeLine($"{element} = {Pop(array)};"));
        }
    }

    /// <summary><c>v = v ± e</c>, the one form where a statement reads the variable it writes.</summary>
    private static bool ReadsItself(LAssign assign) =>
        assign.Operation is LApply apply && apply.Arguments.Any(a => a.Variable == assign.Target);

    private void EnsureDeclared(LVar variable)
    {
        if (_declared.Add(variable))
        {
            ZeroDeclarations(variable.Block).Add(new CodeLine($"{AdjointType(variable.Type)} {Adjoint(variable)} = 0;"));
        }
    }

    private void EmitAdjoint(LAssign assign, LBlock block, List<CodeNode> output)
    {
        LVar target = assign.Target;
        if (!target.Active || !_declared.Contains(target))
        {
            return; // no contribution reached this value: its adjoint is zero
        }

        string adjoint = Adjoint(target);
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

                    if (argument.Active && RuleTemplates.Partial(apply, i, target, _method.Math) is { } partial)
                    {
                        AccumulateAtom(argument, RuleTemplates.Scale(adjoint, partial), target.Type, block, output);
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
                        AccumulateAtom(call.Arguments[i], adjoint + " * " + CallPartial(assign, i), target.Type, block, output);
                    }
                }

                break;
        }
    }

    /// <summary>Adds <paramref name="contribution"/> to the adjoint of an operand: a variable or a vector element.</summary>
    private void AccumulateAtom(Atom operand, string contribution, ScalarType type, LBlock block, List<CodeNode> output)
    {
        if (operand.Element is not { } element)
        {
            Accumulate(operand.Variable!, contribution, type, block, output);
            return;
        }

        ScalarType elementType = element.Array.Type;
        if (type != elementType)
        {
            contribution = RuleTemplates.Convert(contribution, type, elementType, _onDuals);
        }

        string adjoint = Adjoint(element.Array) + "[" + element.Index + "]";
        output.Add(new CodeLine(contribution.StartsWith("-", System.StringComparison.Ordinal)
            ? $"{adjoint} -= {contribution.Substring(1)};"
            : $"{adjoint} += {contribution};"));
    }

    /// <summary>Adds <paramref name="contribution"/> to the adjoint of <paramref name="variable"/>.</summary>
    private void Accumulate(LVar variable, string contribution, ScalarType type, LBlock block, List<CodeNode> output)
    {
        string adjoint = Adjoint(variable);
        bool negative = contribution.StartsWith("-", System.StringComparison.Ordinal);
        string magnitude = negative ? contribution.Substring(1) : contribution;
        if (type != variable.Type)
        {
            contribution = RuleTemplates.Convert(contribution, type, variable.Type, _onDuals);
            magnitude = RuleTemplates.Convert(magnitude, type, variable.Type, _onDuals);
        }

        if (_declared.Add(variable))
        {
            if (variable.Block == block)
            {
                output.Add(new CodeLine($"{AdjointType(variable.Type)} {adjoint} = {contribution};"));
                return;
            }

            ZeroDeclarations(variable.Block).Add(new CodeLine($"{AdjointType(variable.Type)} {adjoint} = 0;"));
        }

        output.Add(new CodeLine(negative ? $"{adjoint} -= {magnitude};" : $"{adjoint} += {contribution};"));
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
