using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// The result of a method returning a tuple or struct of reals: one value per leaf, declared before the first
/// statement (like a result returned from branches) and assigned, at each return, from the body's locals that hold
/// the leaves. The parser already split everything else into scalars.
/// </summary>
internal sealed partial class Lowering
{
    private List<LVar>? _results;

    /// <summary>The result's leaves as values of the root block (<c>value_X</c>, <c>value_Y</c>), or null for another method.</summary>
    private List<LVar>? DeclareCompositeResults(LBlock root)
    {
        if (_method.Result is not { } result)
        {
            return null;
        }

        ScalarType[] types = result.Layout.Leaves().Select(l => l.Type).ToArray();
        _results = result.ElementNames.Select((name, i) => new LVar(_names.Fresh("value_" + name), types[i], root, isJoin: true)).ToList();
        return _results;
    }

    /// <summary><c>return</c>: the leaves' locals, as they are here, become the result.</summary>
    private void LowerCompositeReturn()
    {
        CompositeResult result = _method.Result!;
        for (int i = 0; i < _results!.Count; i++)
        {
            string leaf = result.Leaves[i];
            Lower(new VariableExpr(_results[i].Type, leaf, leaf), _results[i]);
        }
    }
}
