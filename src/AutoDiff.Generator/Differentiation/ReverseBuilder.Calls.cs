using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Emitting;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>Backward steps of calls through pullbacks and generated gradients.</summary>
internal sealed partial class ReverseBuilder
{
    /// <summary>
    /// The backward step of a call through a pullback: the custom pullback adds straight into the
    /// arguments' adjoints; a [Differentiable] callee's generated gradient fills scratch spans that are
    /// then scaled by the result's adjoint and added.
    /// </summary>
    private void EmitPullback(LVectorCall call, string? resultAdjoint, LBlock block, List<CodeNode> output)
    {
        CustomCallExpr callee = call.Call;
        var scratch = new ScratchSpans(_names, () => Workspace, "scratch");

        var arguments = call.Arguments.Select(a => a.Code).ToList();
        var after = new List<CodeNode>();
        if (callee.ViaGenerated)
        {
            for (int i = 0; i < call.Arguments.Count; i++)
            {
                CallArgument argument = call.Arguments[i];
                if (!callee.Differentiable[i])
                {
                    continue;
                }

                if (argument.Value is { } value)
                {
                    if (!value.Active)
                    {
                        arguments.Add("out _");
                        continue;
                    }

                    string partial = _names.Fresh("partial");
                    arguments.Add($"out {value.Type.Keyword()} {partial}");
                    AccumulateAtom(value, resultAdjoint + " * " + partial, callee.Type, block, after);
                }
                else
                {
                    LVar vector = argument.Vector!;
                    string gradient = scratch.Rent(vector);
                    arguments.Add(gradient);
                    if (vector.Active)
                    {
                        string k = _names.Fresh("k");
                        after.Add(new CodeBlock(
                            $"for (int {k} = 0; {k} < {gradient}.Length; {k}++)",
                            new List<CodeNode> { new CodeLine($"{Adjoint(vector)}[{k}] += {resultAdjoint} * {gradient}[{k}];") }));
                    }
                }
            }
        }
        else
        {
            if (callee.ReturnsValue)
            {
                arguments.Add(resultAdjoint!);
            }

            for (int i = 0; i < call.Arguments.Count; i++)
            {
                CallArgument argument = call.Arguments[i];
                if (!callee.Differentiable[i])
                {
                    continue;
                }

                if (argument.Value is { } value)
                {
                    arguments.Add("ref " + AdjointSlot(value));
                }
                else
                {
                    arguments.Add(argument.Vector!.Active ? Adjoint(argument.Vector) : scratch.Rent(argument.Vector));
                }
            }
        }

        after.Insert(0, new CodeLine($"{callee.Pullback}({string.Join(", ", arguments)});"));
        output.AddRange(scratch.Around(after));
    }

    /// <summary>Where a pullback adds a scalar argument's adjoint: its adjoint variable, its element's, or a discard.</summary>
    private string AdjointSlot(Atom value)
    {
        if (value.Element is { } element && element.Array.Active)
        {
            return Adjoint(element.Array) + "[" + element.Index + "]";
        }

        if (value.Variable is { Active: true } variable)
        {
            EnsureDeclared(variable);
            return Adjoint(variable);
        }

        if (_discard is null)
        {
            _discard = _names.Fresh("ignored_bar");
            ZeroDeclarations(_method.Root).Add(new CodeLine($"double {_discard} = 0;"));
        }

        return _discard;
    }
}
