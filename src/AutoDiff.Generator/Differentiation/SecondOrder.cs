using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Which scalar methods can have second derivatives. They come from running the reverse-mode code on
/// <c>Dual</c> numbers (forward over reverse), so every value that code computes must have a dual
/// spelling: arithmetic and rule-table functions do, and so do calls to [Differentiable] methods that have a
/// <c>GradientDual</c> themselves; [DerivativeOf] functions and calls with vector arguments do not yet.
/// </summary>
internal static class SecondOrder
{
    /// <summary>The gradient on dual numbers: <c>FGradientDual</c>.</summary>
    public const string GradientSuffix = "GradientDual";

    /// <summary>
    /// What the method's own code says: why it cannot have second derivatives (null when it can, provided the
    /// callees of this compilation listed can too), and those callees, whose <c>GradientDual</c> its own calls.
    /// </summary>
    public static (string? WhyNot, EquatableArray<string> Callees) Local(MethodModel model)
    {
        if (model.IsVectorValued)
        {
            return ("it is vector-valued: it has a Jacobian (FJacobian), not a Hessian", EquatableArray<string>.Empty);
        }

        if (model.Generic is { } generic)
        {
            return ($"it is generic over {generic.Name}: second derivatives run on dual numbers, which compute in double; call them on a double overload", EquatableArray<string>.Empty);
        }

        if (model.HasCompositeResult)
        {
            return ("it returns a tuple or a struct: it has a Jacobian (" + model.Name + "Jacobian), not a Hessian", EquatableArray<string>.Empty);
        }

        if (!model.Parameters.Any(p => p.IsDifferentiable))
        {
            return ("it has no differentiable parameter", EquatableArray<string>.Empty);
        }

        LoweredMethod lowered;
        try
        {
            lowered = Lowering.Lower(model);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            return ("lowering it failed (" + exception.Message + ")", EquatableArray<string>.Empty); // its own generation reports the problem
        }

        var callees = new SortedSet<string>(System.StringComparer.Ordinal);
        string? why = WhyNot(lowered.Root, callees) ?? WhyNot(model.Body.Descendants().SelectMany(StmtExtensions.Expressions).SelectMany(ExprTrees.DescendantsAndSelf));
        return (why, callees.ToEquatableArray());
    }

    /// <summary>Calls with vector arguments in code that is not differentiated still have no dual spelling.</summary>
    private static string? WhyNot(IEnumerable<Expr> expressions)
    {
        foreach (Expr expr in expressions)
        {
            string? other = expr switch
            {
                CustomCallExpr call => Name(call.Function),
                OpaqueCallExpr call when call.Arguments.Any(a => a is VectorExpr) => Name(call.Method),
                _ => null,
            };
            if (other is not null)
            {
                return FirstOrderOnly(other);
            }
        }

        return null;
    }


    private static string? WhyNot(LBlock block, SortedSet<string> callees)
    {
        foreach (LStmt statement in block.Statements)
        {
            string? reason = statement switch
            {
                LAssign { Operation: LCall { Partials: not null } call } => FirstOrderOnly(Name(call.Callee)),
                LAssign { Operation: LCall { CalleeInSource: true } call } when callees.Add(call.CalleeKey) => null,
                LAssign { Operation: LCall { CalleeInSource: false, ExternalDual: false } call } => WhyNotCallee(Name(call.Callee)),
                LAssign { Operation: LVectorCall call } => FirstOrderOnly(Name(call.Call.Function)),
                LCallStatement call => FirstOrderOnly(Name(call.Call.Call.Function)),
                LIf branch => WhyNot(branch.Then, callees) ?? WhyNot(branch.Else, callees),
                LLoop loop => WhyNot(loop.Body, callees),
                _ => null,
            };
            if (reason is not null)
            {
                return reason;
            }
        }

        return null;
    }

    private static string FirstOrderOnly(string callee) =>
        $"it calls {callee}, whose derivatives are first order only (vector arguments or [DerivativeOf] methods)";

    /// <summary>Why a caller gets no second derivatives because of its callee.</summary>
    public static string WhyNotCallee(string callee) =>
        $"it calls {callee}, which has no second derivatives itself";

    /// <summary>The method name of a callee, without its type.</summary>
    public static string Name(string callee) => callee.Substring(callee.LastIndexOf('.') + 1);

    /// <summary>The differentiable parameters of a method, with their lowered values, in parameter order.</summary>
    public static List<(ParameterModel Parameter, LVar Value)> Inputs(LoweredMethod method)
    {
        var inputs = new List<(ParameterModel, LVar)>();
        for (int i = 0; i < method.Parameters.Count; i++)
        {
            if (method.DerivativeNames.ContainsKey(method.Parameters[i]))
            {
                inputs.Add((method.Method.Parameters[i], method.Parameters[i]));
            }
        }

        return inputs;
    }
}
