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
internal sealed class ReverseBuilder
{
    private readonly LoweredMethod _method;
    private readonly NameAllocator _names;
    private readonly Dictionary<LVar, string> _adjoints = new();
    private readonly HashSet<LVar> _declared = new();
    private readonly Dictionary<LBlock, List<CodeNode>> _zeroDeclarations = new();
    private readonly Dictionary<(LAssign, int), string> _callPartials = new();

    private ReverseBuilder(LoweredMethod method)
    {
        _method = method;
        _names = method.Names.Clone();
    }

    public static GeneratedMethod Build(LoweredMethod method) => new ReverseBuilder(method).Build();

    private GeneratedMethod Build()
    {
        MethodModel model = _method.Method;
        string type = model.ReturnType.Keyword();
        IEnumerable<string> parameters = model.Parameters.Select(p => p.Type.Keyword() + " " + p.Name)
            .Concat(_method.Parameters.Where(p => p.Active).Select(p => "out " + p.Type.Keyword() + " " + _method.DerivativeNames[p]));
        string signature = $"{model.Accessibility} static {type} {model.Name}Gradient({string.Join(", ", parameters)})";

        var body = new List<CodeNode> { CodeLine.Comment("Forward pass: compute and keep every intermediate value.") };
        DeclareBranchValues(body);
        LVar result = _method.Result;
        if (_method.ResultDeclaredUpFront)
        {
            body.Add(new CodeLine($"{result.Type.Keyword()} {result.Name};"));
        }

        EmitForward(_method.Root, body);

        body.Add(CodeBlankLine.Instance);
        body.Add(CodeLine.Comment("Backward pass: propagate adjoints from the result back to the inputs."));
        var backward = new List<CodeNode>();
        if (result.Active)
        {
            _declared.Add(result);
            body.Add(new CodeLine($"{result.Type.Keyword()} {Adjoint(result)} = 1;"));
            EmitBackward(_method.Root, backward);
        }

        body.AddRange(ZeroDeclarations(_method.Root));
        body.AddRange(backward);

        body.Add(CodeBlankLine.Instance);
        foreach (LVar parameter in _method.Parameters.Where(p => p.Active))
        {
            string gradient = _declared.Contains(parameter) ? Adjoint(parameter) : "0";
            body.Add(new CodeLine($"{_method.DerivativeNames[parameter]} = {gradient};"));
        }

        body.Add(new CodeLine($"return {result.Name};"));

        string summary = $"Reverse mode: returns {model.Name} and writes its partial derivatives to "
            + string.Join(", ", _method.Parameters.Where(p => p.Active).Select(p => _method.DerivativeNames[p])) + ".";
        return new GeneratedMethod(summary, signature, body);
    }

    /// <summary>Values computed inside branches are read again by the backward pass, outside the branch: declare them up front.</summary>
    private void DeclareBranchValues(List<CodeNode> body)
    {
        var declarations = new List<CodeNode>();
        CollectBranchValues(_method.Root, declarations);
        if (declarations.Count > 0)
        {
            body.Add(CodeLine.Comment("Values computed inside branches, declared here because the backward pass reads them."));
            body.AddRange(declarations);
        }
    }

    private void CollectBranchValues(LBlock block, List<CodeNode> declarations)
    {
        foreach (LStmt statement in block.Statements)
        {
            if (statement is LAssign assign && !block.IsRoot)
            {
                if (!assign.Target.IsJoin)
                {
                    declarations.Add(new CodeLine($"{assign.Target.Type.Keyword()} {assign.Target.Name} = {assign.Target.Type.Zero()};"));
                }

                // A call's partial derivatives are kept even when its value goes straight into a join.
                if (assign.Operation is LCall call)
                {
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (call.Differentiates(i))
                        {
                            declarations.Add(new CodeLine($"{call.Call.Type.Keyword()} {CallPartial(assign, i)} = 0;"));
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
                        declarations.Add(new CodeLine($"{join.Type.Keyword()} {join.Name} = {join.Type.Zero()};"));
                    }
                }

                CollectBranchValues(branch.Then, declarations);
                CollectBranchValues(branch.Else, declarations);
            }
        }
    }

    private void EmitForward(LBlock block, List<CodeNode> output)
    {
        foreach (LStmt statement in block.Statements)
        {
            switch (statement)
            {
                case LComment comment:
                    output.Add(CodeLine.Comment(comment.Source));
                    break;

                case LAssign assign:
                    output.Add(new CodeLine(ForwardAssignment(assign, block)));
                    break;

                case LIf branch:
                    {
                        string declare = block.IsRoot ? "bool " : string.Empty;
                        output.Add(new CodeLine($"{declare}{branch.Flag} = {branch.Condition};"));
                        if (block.IsRoot)
                        {
                            foreach (LVar join in branch.Joins)
                            {
                                output.Add(new CodeLine($"{join.Type.Keyword()} {join.Name};"));
                            }
                        }

                        var then = new List<CodeNode>();
                        var otherwise = new List<CodeNode>();
                        EmitForward(branch.Then, then);
                        EmitForward(branch.Else, otherwise);
                        output.Add(new CodeIf(branch.Flag, then, otherwise));
                        break;
                    }
            }
        }
    }

    private string ForwardAssignment(LAssign assign, LBlock block)
    {
        LVar target = assign.Target;
        bool declares = block.IsRoot && !target.IsJoin;
        string prefix = (declares ? target.Type.Keyword() + " " : string.Empty) + target.Name + " = ";
        switch (assign.Operation)
        {
            case LCall call:
                {
                    // The callee's reverse mode gives its value and its partial derivatives at this point.
                    var arguments = call.Arguments.Select(a => a.Code).ToList();
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (call.Call.ArgumentIsDifferentiable[i])
                        {
                            arguments.Add(!call.Differentiates(i)
                                ? "out _"
                                : "out " + (block.IsRoot ? call.Call.Type.Keyword() + " " : string.Empty) + CallPartial(assign, i));
                        }
                    }

                    return $"{prefix}{call.Call.ContainingType}.{call.Call.MethodName}Gradient({string.Join(", ", arguments)});";
                }

            default:
                return prefix + RuleTemplates.PrimalCode(assign.Operation, target, _method.Math) + ";";
        }
    }

    private void EmitBackward(LBlock block, List<CodeNode> output)
    {
        // Statements arrive in reverse; a group's adjoint code is printed under its source comment.
        var group = new List<CodeNode>();
        for (int i = block.Statements.Count - 1; i >= 0; i--)
        {
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
                    break;

                case LIf branch:
                    {
                        var then = new List<CodeNode>();
                        var otherwise = new List<CodeNode>();
                        EmitBackward(branch.Then, then);
                        EmitBackward(branch.Else, otherwise);
                        then.InsertRange(0, ZeroDeclarations(branch.Then));
                        otherwise.InsertRange(0, ZeroDeclarations(branch.Else));
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
                    if (argument.Active && RuleTemplates.Partial(apply, i, target, _method.Math) is { } partial)
                    {
                        Accumulate(argument.Variable!, RuleTemplates.Scale(adjoint, partial), target.Type, block, output);
                    }
                }

                break;

            case LConvert { Operand.Active: true } convert:
                Accumulate(convert.Operand.Variable!, adjoint, target.Type, block, output);
                break;

            case LCall call:
                for (int i = 0; i < call.Arguments.Count; i++)
                {
                    if (call.Differentiates(i))
                    {
                        Accumulate(call.Arguments[i].Variable!, adjoint + " * " + CallPartial(assign, i), target.Type, block, output);
                    }
                }

                break;
        }
    }

    /// <summary>Adds <paramref name="contribution"/> to the adjoint of <paramref name="variable"/>.</summary>
    private void Accumulate(LVar variable, string contribution, ScalarType type, LBlock block, List<CodeNode> output)
    {
        string adjoint = Adjoint(variable);
        bool negative = contribution.StartsWith("-", System.StringComparison.Ordinal);
        string magnitude = negative ? contribution.Substring(1) : contribution;
        if (type != variable.Type)
        {
            contribution = RuleTemplates.Convert(contribution, type, variable.Type);
            magnitude = RuleTemplates.Convert(magnitude, type, variable.Type);
        }

        if (_declared.Add(variable))
        {
            if (variable.Block == block)
            {
                output.Add(new CodeLine($"{variable.Type.Keyword()} {adjoint} = {contribution};"));
                return;
            }

            ZeroDeclarations(variable.Block).Add(new CodeLine($"{variable.Type.Keyword()} {adjoint} = 0;"));
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
            name = _names.Fresh(assign.Target.Name + "_d" + call.Call.ParameterNames[argument]);
            _callPartials[(assign, argument)] = name;
        }

        return name;
    }
}
