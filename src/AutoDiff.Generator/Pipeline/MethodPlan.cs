using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Pipeline;

/// <summary>
/// A method's model with what it takes from the rest of the compilation: its second-order plan, and whether
/// to write nothing because a callee has no derivatives (its call site reports AD0004).
/// </summary>
internal sealed record MethodPlan(MethodModel Model, SecondOrderPlan SecondOrder, bool Skip)
{
    public static MethodPlan For(MethodModel model, CalleeTable table)
    {
        bool calleeMissing = Differentiation.Nesting.HasDerivativeCalls(model) || model.Body.Descendants()
            .SelectMany(Calls)
            .Any(key => table.Problem(key) is not null);
        return new MethodPlan(model, calleeMissing ? SecondOrderPlan.None : table.PlanFor(model), calleeMissing);
    }

    /// <summary>The keys of the callees of this compilation a statement calls through their generated derivatives.</summary>
    private static System.Collections.Generic.IEnumerable<string> Calls(Stmt statement) => statement.Expressions()
        .SelectMany(ExprTrees.DescendantsAndSelf)
        .Select(e => e switch
        {
            DifferentiableCallExpr { CalleeInSource: true } call => call.CalleeKey,
            CustomCallExpr { ViaGenerated: true } call => call.CalleeKey,
            _ => null,
        })
        .Where(key => key is { Length: > 0 })
        .Select(key => key!);

}
