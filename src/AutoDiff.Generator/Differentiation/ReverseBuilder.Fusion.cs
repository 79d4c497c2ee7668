using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>Accumulation loops whose backward pass runs inside them (<see cref="Fusion"/>).</summary>
internal sealed partial class ReverseBuilder
{
    private readonly Dictionary<LLoop, List<(LVar Input, string Buffer)>> _fusedBuffers = new();

    /// <summary>The variables the fused loop being written carries (empty outside one).</summary>
    private HashSet<LVar> _fusedCarried = new();

    /// <summary>
    /// The loop with each iteration's backward pass right after its forward step: the accumulator's adjoint is a
    /// seed of 1 there, and the inputs' adjoints go to per-loop buffers, scaled when the backward pass reaches the loop.
    /// </summary>
    private void EmitFusedLoop(LLoop loop, FusedLoop fused, List<CodeNode> output)
    {
        LVar accumulator = fused.Accumulator;
        output.Add(Code.Comment($"This loop only sums into {accumulator.Name}: each iteration's backward pass runs right after it, seeded with 1,"));
        output.Add(Code.Comment($"and the adjoints it gathers are scaled by {accumulator.Name}'s when the backward pass reaches the loop."));

        // The real adjoints of the loop's inputs, and of the accumulator, give way to buffers and a seed while the loop is written.
        var previous = new List<(LVar Variable, string? Name, bool Declared)>();
        void Redirect(LVar variable, string name)
        {
            previous.Add((variable, _adjoints.TryGetValue(variable, out string? old) ? old : null, _declared.Contains(variable)));
            _adjoints[variable] = name;
            _declared.Add(variable);
        }

        var buffers = new List<(LVar, string)>();
        foreach (LVar input in fused.Inputs)
        {
            string buffer = _names.Fresh(input.Name + "_bar_" + accumulator.Name);
            output.Add(input.IsArray
                ? RentSpan(input.Type, buffer, Code.Length(new VarRef(input)))
                : Code.Declare(ValueType(input.Type), buffer, Code.Int(0)));
            buffers.Add((input, buffer));
            Redirect(input, buffer);
        }

        string seed = _names.Fresh(accumulator.Name + "_bar_seed");
        output.Add(new CodeDeclare(ValueType(accumulator.Type), seed, Code.Int(1)) { IsSeed = true });
        Redirect(accumulator, seed);

        _fusedCarried = new HashSet<LVar>(loop.Carried);
        output.Add(GeneratedPrologue.Loop(loop, _arithmetic.Adapt(loop.Condition), Iteration(loop)));
        _fusedBuffers[loop] = buffers;
        _fusedCarried = new HashSet<LVar>();

        foreach ((LVar variable, string? name, bool declared) in previous)
        {
            if (name is null)
            {
                _adjoints.Remove(variable);
            }
            else
            {
                _adjoints[variable] = name;
            }

            if (!declared)
            {
                _declared.Remove(variable);
            }
        }
    }

    /// <summary>
    /// A loop inside a fused loop's iteration that only sums into the same accumulator (<see cref="Fusion.FindInner"/>):
    /// each of its iterations' backward pass also runs right after it, with the seed and buffers of the loop around it.
    /// </summary>
    private void EmitInnerFusedLoop(LLoop loop, List<CodeNode> output)
    {
        HashSet<LVar> outerCarried = _fusedCarried;
        _fusedCarried = new HashSet<LVar>(outerCarried.Concat(loop.Carried));
        output.Add(Code.Comment("This loop sums into the same value: each iteration's backward pass runs right after it too."));
        output.Add(GeneratedPrologue.Loop(loop, _arithmetic.Adapt(loop.Condition), Iteration(loop)));
        _fusedCarried = outerCarried;
    }

    /// <summary>A fused loop's iteration: its forward step, then its backward pass, then its variables as the forward step left them.</summary>
    private List<CodeNode> Iteration(LLoop loop)
    {
        var body = new List<CodeNode>();
        EmitForward(loop.Body, body, Repeat.Fused);

        // The iteration's backward pass leaves the loop's variables as the iteration found them: keep where it ended.
        // (Carried variables dead-value elimination removed are not there any more.)
        HashSet<LVar> touched = LoweredQueries.VariablesTouched(loop);
        var ends = loop.Carried.Where(touched.Contains).Select(v => (Variable: v, End: _names.Fresh(v.Name + "_end"))).ToList();
        foreach ((LVar variable, string end) in ends)
        {
            body.Add(Code.Declare(ValueType(variable.Type), end, new VarRef(variable)));
        }

        var backward = new List<CodeNode>();
        EmitBackward(loop.Body, backward, Repeat.Fused);
        backward.InsertRange(0, ZeroDeclarations(loop.Body));
        body.Add(Code.Comment("This iteration's backward pass."));
        body.AddRange(backward);
        foreach ((LVar variable, string end) in ends)
        {
            body.Add(Code.Assign(new VarRef(variable), Code.Name(end, variable.Type)));
        }

        return body;
    }

    /// <summary>
    /// Whether an iteration's backward pass may gather an infinite adjoint from finite values: a rule whose slope can
    /// be infinite where its value is finite (<see cref="Rules.DerivativeRule.ZeroStaysZero"/>), or a call.
    /// </summary>
    private static bool MayGatherInfinity(LBlock block) => block.Statements.Any(statement => statement switch
    {
        LAssign { Operation: LApply apply } => apply.Rule.ZeroStaysZero,
        LAssign { Operation: LCall or LVectorCall } => true,
        LCallStatement => true,
        LIf branch => MayGatherInfinity(branch.Then) || MayGatherInfinity(branch.Else),
        LLoop inner => MayGatherInfinity(inner.Body),
        _ => false,
    });

    /// <summary>The backward step of a fused loop: its gathered adjoints times the accumulator's adjoint.</summary>
    private void EmitFusedAdjoint(LLoop loop, FusedLoop fused, LBlock block, List<CodeNode> output)
    {
        if (!_declared.Contains(fused.Accumulator))
        {
            return; // nothing reached the accumulator: the loop contributes nothing
        }

        Expr scale = AdjointName(fused.Accumulator);

        // A zero adjoint of the accumulator (a choice that did not take it) gives zero, as it would have unfused,
        // even where an iteration gathered an infinite slope (a square root at 0): never 0 · ∞.
        Func<Expr, Expr>? isZero = MayGatherInfinity(loop.Body) ? _arithmetic.IsZero : null;
        foreach ((LVar input, string buffer) in _fusedBuffers[loop])
        {
            if (input.IsArray)
            {
                string k = _names.Fresh("k");
                Expr index = Code.Name(k, ScalarType.Int);
                output.Add(Code.ForUp(k, Code.Int(0), Code.Length(Code.Name(buffer)), new List<CodeNode>
                {
                    Code.AddTo(Code.Index(AdjointName(input), index, input.Type), Algebra.Scale(scale, Code.Index(Code.Name(buffer), index, input.Type), isZero)!),
                }));
            }
            else
            {
                Accumulate(input, Algebra.Scale(scale, Code.Name(buffer, input.Type), isZero)!, input.Type, block, output);
            }
        }
    }
}
