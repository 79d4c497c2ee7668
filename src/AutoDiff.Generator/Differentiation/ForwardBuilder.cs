using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Emitting;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Forward mode (tangents): after each primal statement <c>v = f(a, b)</c>, the tangent
/// <c>dv = ∂f/∂a · da + ∂f/∂b · db</c>. Builds <c>FDerivative</c>.
/// </summary>
internal sealed class ForwardBuilder
{
    private readonly LoweredMethod _method;
    private readonly NameAllocator _names;
    private readonly Dictionary<LVar, string> _tangents = new();
    private readonly HashSet<LVar> _declared = new();
    private string? _workspace;

    private ForwardBuilder(LoweredMethod method)
    {
        _method = method;
        _names = method.Names.Clone();
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

        string derivative = _names.Fresh("derivative");
        string type = model.ReturnType.Keyword();
        IEnumerable<string> parameters = model.Parameters.Select(p => p.TypeCode + " " + p.Name)
            .Concat(TangentInputs())
            .Concat(new[] { "out " + type + " " + derivative });
        string signature = $"{model.Accessibility} static {type} {model.Name}Derivative({string.Join(", ", parameters)})";

        var body = new List<CodeNode>();
        LVar result = _method.Result!;
        if (_method.ResultDeclaredUpFront)
        {
            Declare(result, body);
        }

        EmitBlock(_method.Root, body);
        body.Add(CodeBlankLine.Instance);
        body.Add(new CodeLine($"{derivative} = {(result.Active ? Tangent(result) : "0")};"));
        body.Add(new CodeLine($"return {result.Name};"));

        string summary =
            $"Forward mode: returns {model.Name} and its directional derivative along the tangents "
            + string.Join(", ", _method.Inputs.Select(p => _tangents[p]))
            + $" (written to {derivative}).";
        List<CodeNode> full = GeneratedPrologue.LengthChecks(_method);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return new GeneratedMethod(summary, signature, full);
    }

    /// <summary>
    /// <c>FJvp</c> of a vector-valued method: the same forward mode, with each output's tangent written
    /// straight into the caller's span. An output element no store reaches has tangent zero.
    /// </summary>
    private GeneratedMethod BuildJvp()
    {
        MethodModel model = _method.Method;
        var outputs = _method.Outputs.Select(o => (Span: Tangent(o), Output: o)).ToList();
        IEnumerable<string> parameters = model.Parameters.Select(p => p.TypeCode + " " + p.Name)
            .Concat(TangentInputs())
            .Concat(outputs.Select(o => $"global::System.Span<{o.Output.Type.Keyword()}> {o.Span}"));
        string signature = $"{model.Accessibility} static void {model.Name}Jvp({string.Join(", ", parameters)})";

        var body = new List<CodeNode> { CodeLine.Comment("Output tangents start at zero: elements no store reaches keep it.") };
        body.AddRange(outputs.Select(o => new CodeLine(o.Span + ".Clear();")));
        EmitBlock(_method.Root, body);

        string summary =
            $"Jacobian-vector product: runs {model.Name}, writing its outputs, and writes to "
            + string.Join(", ", outputs.Select(o => o.Span))
            + " the outputs' directional derivative along the tangents "
            + string.Join(", ", _method.Inputs.Select(p => _tangents[p])) + ".";
        List<CodeNode> full = GeneratedPrologue.LengthChecks(_method, outputs);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return new GeneratedMethod(summary, signature, full);
    }

    /// <summary>One tangent input per differentiable input: a read-only span for a vector.</summary>
    private IEnumerable<string> TangentInputs() => _method.Inputs.Select(p =>
        (p.IsArray ? "global::System.ReadOnlySpan<" + p.Type.Keyword() + ">" : p.Type.Keyword()) + " " + _tangents[p]);

    private string Workspace => _workspace ??= _names.Fresh("workspace");

    private void EmitBlock(LBlock block, List<CodeNode> output)
    {
        foreach (LStmt statement in block.Statements)
        {
            switch (statement)
            {
                case LComment comment:
                    output.Add(CodeLine.Comment(comment.Source));
                    break;

                case LAssign assign:
                    EmitAssign(assign, block, output);
                    break;

                case LArrayDecl array:
                    {
                        output.Add(GeneratedPrologue.RentSpan(Workspace, array.Array.Type, array.Array.Name, array.Length));
                        if (array.Array.Active)
                        {
                            output.Add(GeneratedPrologue.RentSpan(Workspace, array.Array.Type, Tangent(array.Array), array.Length));
                        }

                        break;
                    }

                case LStore store:
                    {
                        LVar array = store.Element.Array;
                        output.Add(new CodeLine($"{array.Name}[{store.Element.Index}] = {RuleTemplates.Convert(store.Value.Code, store.Value.Type, array.Type)};"));
                        if (array.Active)
                        {
                            string tangent = store.Value.Active ? RuleTemplates.Convert(TangentOf(store.Value), store.Value.Type, array.Type) : "0";
                            output.Add(new CodeLine($"{Tangent(array)}[{store.Element.Index}] = {tangent};"));
                        }

                        break;
                    }

                case LCallStatement callStatement:
                    {
                        LVectorCall call = callStatement.Call;
                        output.Add(new CodeLine(call.PrimalCode + ";"));
                        if (call.HasActiveInput)
                        {
                            var scratch = new ScratchSpans(_names, () => Workspace, "zeros");
                            List<string> arguments = PushforwardArguments(call, scratch);
                            output.AddRange(scratch.Around(new[] { new CodeLine($"{call.Call.Pushforward}({string.Join(", ", arguments)});") }));
                        }
                        else
                        {
                            foreach (LVar written in call.Outputs.Where(o => o.Active))
                            {
                                output.Add(new CodeLine(Tangent(written) + ".Clear();"));
                            }
                        }

                        break;
                    }

                case LLoop loop:
                    {
                        var body = new List<CodeNode>();
                        EmitBlock(loop.Body, body);
                        output.Add(GeneratedPrologue.Loop(loop, body));
                        break;
                    }

                case LIf branch:
                    foreach (LVar join in branch.Joins)
                    {
                        Declare(join, output);
                    }

                    var then = new List<CodeNode>();
                    var otherwise = new List<CodeNode>();
                    EmitBlock(branch.Then, then);
                    EmitBlock(branch.Else, otherwise);
                    output.Add(new CodeIf(branch.Condition, then, otherwise));
                    break;
            }
        }
    }

    /// <summary>Declares a value assigned inside branches, and its tangent.</summary>
    private void Declare(LVar variable, List<CodeNode> output)
    {
        output.Add(new CodeLine($"{variable.Type.Keyword()} {variable.Name};"));
        if (variable.Active)
        {
            output.Add(new CodeLine($"{variable.Type.Keyword()} {Tangent(variable)};"));
        }
    }

    private void EmitAssign(LAssign assign, LBlock block, List<CodeNode> output)
    {
        LVar target = assign.Target;
        // Declared where first assigned in its own block; a loop's later assignments overwrite it.
        bool declares = !target.IsJoin && target.Block == block && _declared.Add(target);
        string declare = declares ? target.Type.Keyword() + " " : string.Empty;
        switch (assign.Operation)
        {
            case LCall { Partials: { } partials } call:
                {
                    // dv = Σ ∂f/∂aᵢ · daᵢ with the partials from the [DerivativeOf] method.
                    string arguments = string.Join(", ", call.Arguments.Select(a => a.Code));
                    output.Add(new CodeLine($"{declare}{target.Name} = {call.Callee}({arguments});"));
                    var slots = new List<string>();
                    var terms = new List<string>();
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (!call.ArgumentIsDifferentiable[i])
                        {
                            continue;
                        }

                        if (!call.Differentiates(i))
                        {
                            slots.Add("_");
                            continue;
                        }

                        string partial = _names.Fresh(target.Name + "_" + call.PartialNames[i]);
                        slots.Add(call.Type.Keyword() + " " + partial);
                        terms.Add(TangentOf(call.Arguments[i]) + " * " + partial);
                    }

                    string receive = slots.Count == 1 ? slots[0] : "(" + string.Join(", ", slots) + ")";
                    output.Add(new CodeLine($"{receive} = {partials}({arguments});"));
                    output.Add(new CodeLine($"{declare}{Tangent(target)} = {Sum(terms)};"));
                    return;
                }

            case LVectorCall call when call.Call.ViaGenerated:
                {
                    // The callee's generated forward mode gives value and tangent at once.
                    var scratch = new ScratchSpans(_names, () => Workspace, "zeros");
                    List<string> arguments = PushforwardArguments(call, scratch);
                    arguments.Add("out " + declare + Tangent(target));
                    output.AddRange(scratch.Around(new[] { new CodeLine($"{declare}{target.Name} = {call.Call.Pushforward}({string.Join(", ", arguments)});") }));
                    return;
                }

            case LVectorCall call:
                {
                    output.Add(new CodeLine($"{declare}{target.Name} = {call.PrimalCode};"));
                    var scratch = new ScratchSpans(_names, () => Workspace, "zeros");
                    List<string> arguments = PushforwardArguments(call, scratch);
                    output.AddRange(scratch.Around(new[] { new CodeLine($"{declare}{Tangent(target)} = {call.Call.Pushforward}({string.Join(", ", arguments)});") }));
                    return;
                }

            case LCall call:
                {
                    // The callee's own forward mode gives value and tangent at once.
                    var arguments = call.Arguments.Select(a => a.Code).ToList();
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (call.ArgumentIsDifferentiable[i])
                        {
                            arguments.Add(call.Differentiates(i) ? TangentOf(call.Arguments[i]) : "0");
                        }
                    }

                    arguments.Add("out " + declare + Tangent(target));
                    output.Add(new CodeLine(
                        $"{declare}{target.Name} = {call.Callee}Derivative({string.Join(", ", arguments)});"));
                    return;
                }

            default:
                output.Add(new CodeLine($"{declare}{target.Name} = {RuleTemplates.PrimalCode(assign.Operation, target, _method.Math)};"));
                break;
        }

        string tangent = TangentOf(assign);
        if (target.Active && (declares || tangent != Tangent(target)))
        {
            // acc = acc + c with c constant leaves dacc as it is: no self-assignment.
            output.Add(new CodeLine($"{declare}{Tangent(target)} = {tangent};"));
        }
    }

    /// <summary>Σ ∂f/∂aᵢ · daᵢ over the active operands; 0 when none is active.</summary>
    private string TangentOf(LAssign assign)
    {
        LVar target = assign.Target;
        var terms = new List<string>();
        switch (assign.Operation)
        {
            case LApply apply:
                for (int i = 0; i < apply.Arguments.Count; i++)
                {
                    Atom argument = apply.Arguments[i];
                    if (argument.Active && RuleTemplates.Partial(apply, i, target, _method.Math) is { } partial)
                    {
                        terms.Add(RuleTemplates.Scale(TangentOf(argument), partial));
                    }
                }

                break;

            case LConvert { Operand.Active: true } convert:
                terms.Add(RuleTemplates.Convert(TangentOf(convert.Operand), convert.Operand.Type, target.Type));
                break;
        }

        return Sum(terms);
    }

    private static string Sum(List<string> terms)
    {
        if (terms.Count == 0)
        {
            return "0";
        }

        string sum = terms[0];
        foreach (string term in terms.Skip(1))
        {
            sum += term.StartsWith("-", System.StringComparison.Ordinal) ? " - " + term.Substring(1) : " + " + term;
        }

        return sum;
    }

    /// <summary>The call's arguments, then one tangent per differentiable parameter (zeros for inactive ones).</summary>
    private List<string> PushforwardArguments(LVectorCall call, ScratchSpans scratch)
    {
        var arguments = call.Arguments.Select(a => a.Code).ToList();
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            if (!call.Call.Differentiable[i])
            {
                continue;
            }

            CallArgument argument = call.Arguments[i];
            if (argument.Value is { } value)
            {
                arguments.Add(value.Active ? TangentOf(value) : "0");
            }
            else
            {
                arguments.Add(argument.Vector!.Active ? Tangent(argument.Vector) : scratch.Rent(argument.Vector));
            }
        }

        return arguments;
    }

    /// <summary>The tangent of an active operand: a variable's, or an element of a vector's tangent.</summary>
    private string TangentOf(Atom operand) =>
        operand.Element is { } element ? Tangent(element.Array) + "[" + element.Index + "]" : Tangent(operand.Variable!);

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
