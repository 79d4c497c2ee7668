using System.Collections.Generic;
using System.Linq;
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
    private void EmitPullback(LVectorCall call, Expr? resultAdjoint, LBlock block, List<CodeNode> output)
    {
        CustomCallExpr callee = call.Call;
        var scratch = new ScratchSpans(_names, () => Workspace, "scratch");

        List<Expr> arguments = call.Arguments.Select(a => _arithmetic.Adapt(a.Expr)).ToList();
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
                        arguments.Add(Code.OutDiscard());
                        continue;
                    }

                    string partial = _names.Fresh("partial");
                    arguments.Add(Code.Out(partial, TypeRef.Of(value.Type)));
                    AccumulateAtom(value, Code.Multiply(resultAdjoint!, Code.Name(partial, value.Type)), callee.Type, block, after);
                }
                else
                {
                    LVar vector = argument.Vector!;
                    Expr gradient = scratch.Rent(argument);
                    arguments.Add(gradient);
                    if (vector.Active)
                    {
                        string k = _names.Fresh("k");
                        Expr index = Code.Name(k, ScalarType.Int);
                        Expr target = argument.Slice is null ? index : Code.Add(argument.Slice.Offset, index);
                        after.Add(Code.ForUp(k, Code.Int(0), Code.Length(gradient), new List<CodeNode>
                        {
                            new CodeAssign(Code.Index(AdjointName(vector), target, vector.Type), Code.Multiply(resultAdjoint!, Code.Index(gradient, index, vector.Type)), AssignOperator.Add),
                        }));
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
                    arguments.Add(Code.Ref(AdjointSlot(value)));
                }
                else
                {
                    arguments.Add(argument.Vector!.Active ? argument.Part(AdjointName(argument.Vector)) : scratch.Rent(argument));
                }
            }
        }

        after.Insert(0, Code.Statement(Code.Call(callee.Pullback!, arguments)));
        output.AddRange(scratch.Around(after));
    }

    /// <summary>Where a pullback adds a scalar argument's adjoint: its adjoint variable, its element's, or a discard.</summary>
    private Expr AdjointSlot(Atom value)
    {
        if (value.Element is { } element && element.Array.Active)
        {
            return Code.Index(AdjointName(element.Array), _arithmetic.Adapt(element.Index), element.Array.Type);
        }

        if (value.Variable is { Active: true } variable)
        {
            EnsureDeclared(variable);
            return AdjointName(variable);
        }

        if (_discard is null)
        {
            _discard = _names.Fresh("ignored_bar");
            ZeroDeclarations(_method.Root).Add(Code.Declare(TypeRef.Of(ScalarType.Double), _discard, Code.Int(0)));
        }

        return Code.Name(_discard);
    }
}
