using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Which scalar methods get second derivatives. They come from running the reverse-mode code on
/// <c>Dual</c> numbers (forward over reverse), so every value that code computes must have a dual
/// spelling: double arithmetic and rule-table functions do; calls into other methods do not yet.
/// </summary>
internal static class SecondOrder
{
    /// <summary>The gradient on dual numbers: <c>FGradientDual</c>.</summary>
    public const string GradientSuffix = "GradientDual";

    /// <summary>Why <paramref name="method"/> gets no Hessian, or null when it gets one.</summary>
    public static string? WhyNot(LoweredMethod method)
    {
        MethodModel model = method.Method;
        return WhyNot(method.Root) ?? WhyNot(model.Body.Descendants().SelectMany(Expressions));
    }

    /// <summary>Calls in code the lowered statements keep as text (conditions, inactive values) take plain values.</summary>
    private static string? WhyNot(IEnumerable<Expr> expressions)
    {
        foreach (Expr expr in expressions.SelectMany(Subexpressions))
        {
            string? callee = expr switch
            {
                DifferentiableCallExpr { CalleeHasDualGradient: true } => null,
                DifferentiableCallExpr call => call.MethodName,
                _ => null,
            };
            if (callee is not null)
            {
                return WhyNotCallee(callee);
            }

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

    private static IEnumerable<Expr> Expressions(Stmt statement) => statement switch
    {
        DeclareStmt { Initializer: { } value } => new[] { value },
        AssignStmt assign => new[] { assign.Value },
        IfStmt branch => new[] { branch.Condition },
        ReturnStmt ret => new[] { ret.Value },
        LoopStmt loop => new[] { loop.Condition },
        ArrayDeclStmt array => new[] { array.Length },
        StoreStmt store => new[] { store.Index, store.Value },
        CallStmt call => new Expr[] { call.Call },
        _ => Enumerable.Empty<Expr>(),
    };

    private static IEnumerable<Expr> Subexpressions(Expr expr)
    {
        yield return expr;
        IEnumerable<Expr> children = expr switch
        {
            ElementExpr element => new[] { element.Index },
            UnaryExpr unary => new[] { unary.Operand },
            BinaryExpr binary => new[] { binary.Left, binary.Right },
            ConditionalExpr conditional => new[] { conditional.Condition, conditional.WhenTrue, conditional.WhenFalse },
            CastExpr cast => new[] { cast.Operand },
            MathCallExpr call => call.Arguments,
            DifferentiableCallExpr call => call.Arguments,
            OpaqueCallExpr call => call.Arguments,
            CustomCallExpr call => call.Arguments,
            _ => Enumerable.Empty<Expr>(),
        };
        foreach (Expr child in children.SelectMany(Subexpressions))
        {
            yield return child;
        }
    }

    private static string? WhyNot(LBlock block)
    {
        foreach (LStmt statement in block.Statements)
        {
            string? reason = statement switch
            {
                LAssign { Operation: LCall { Partials: not null } call } => FirstOrderOnly(Name(call.Callee)),
                LAssign { Operation: LCall { HasDualGradient: false } call } => WhyNotCallee(Name(call.Callee)),
                LAssign { Operation: LVectorCall call } => FirstOrderOnly(Name(call.Call.Function)),
                LCallStatement call => FirstOrderOnly(Name(call.Call.Call.Function)),
                LIf branch => WhyNot(branch.Then) ?? WhyNot(branch.Else),
                LLoop loop => WhyNot(loop.Body),
                _ => null,
            };
            if (reason is not null)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="model"/> gets <c>FGradientDual</c>; a caller's second derivatives need it.</summary>
    public static bool Qualifies(MethodModel model)
    {
        if (model.IsVectorValued || !model.Parameters.Any(p => p.IsDifferentiable))
        {
            return false;
        }

        try
        {
            return WhyNot(Lowering.Lower(model)) is null;
        }
        catch (System.Exception)
        {
            return false; // the callee's own generation reports the problem
        }
    }

    private static string FirstOrderOnly(string callee) =>
        $"it calls {callee}, whose derivatives are first order only (vector arguments or [DerivativeOf] methods)";

    private static string WhyNotCallee(string callee) =>
        $"it calls {callee}, which has no second derivatives itself (only [Differentiable] methods that make no calls of their own have them)";

    /// <summary>The method name of a callee, without its type.</summary>
    private static string Name(string callee) => callee.Substring(callee.LastIndexOf('.') + 1);

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
