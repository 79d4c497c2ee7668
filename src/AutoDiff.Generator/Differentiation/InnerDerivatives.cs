using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// A callee's generated <c>Gradient</c> or <c>Derivative</c>, built by the usual builders and read back as method-body
/// statements (<see cref="InnerDerivative"/>), for nested differentiation: spliced where a caller calls it, it is
/// ordinary arithmetic that the caller's own differentiation goes through, in any mode over any mode, with no
/// perturbation confusion (each level's tangents and adjoints are variables of their own). Calls the derivative
/// makes of its callees' derivatives are read back as <see cref="DerivativeCallStmt"/>s (expanded in turn); a gradient
/// whose reverse mode needs the workspace stack is built from the forward mode instead. Other generated code that is
/// more than arithmetic on scalars (guards, scratch memory) is not read back: the result then says why not.
/// </summary>
internal static class InnerDerivatives
{
    public static InnerDerivative Build(MethodModel callee, DerivativeKind kind)
    {
        string name = callee.Name + kind;
        if (callee.IsVectorValued || callee.HasCompositeResult || callee.HasSignature || callee.Generic is not null || !callee.IsStatic
            || callee.ReturnType is not (ScalarType.Double or ScalarType.Float)
            || callee.Parameters.Any(p => p.Shape != ParameterShape.Scalar))
        {
            return InnerDerivative.Rejected(callee.Key, kind, $"'{callee.Name}' is not a static method of scalar parameters returning a double or a float, and only the derivatives of such methods are inlined into their callers so far; write the inner derivative out as an expression, or take [Differentiable] off the calling method and give it a derivative of your own with [DerivativeOf]");
        }

        GeneratedMethod generated;
        try
        {
            GeneratedFile file = Differentiator.Differentiate(callee);
            generated = file.Methods.First(m => m.Name == name);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return InnerDerivative.Rejected(callee.Key, kind, $"differentiating '{callee.Name}' failed ({exception.GetType().Name})");
        }

        var reader = new Reader(callee);
        var inputs = new List<string>();
        var inputTypes = new List<int>();
        var outputs = new List<string>();
        ScalarType outputType = callee.ReturnType;
        foreach (CodeParameter parameter in generated.Parameters)
        {
            if (parameter.Type.Kind != TypeRefKind.Scalar)
            {
                return InnerDerivative.Rejected(callee.Key, kind, $"'{name}' has a parameter of type other than a scalar");
            }

            if (parameter.Modifier == ArgumentModifier.Out)
            {
                outputs.Add(parameter.Name);
                outputType = parameter.Type.Scalar;
            }
            else
            {
                inputs.Add(parameter.Name);
                inputTypes.Add((int)parameter.Type.Scalar);
            }
        }

        List<CodeNode> body = generated.Body;
        bool endsInReturn = body.Count > 0 && body[body.Count - 1] is CodeReturn { Value: not null };
        List<Stmt>? statements = reader.Read(endsInReturn ? body.Take(body.Count - 1) : body);
        if (statements is null)
        {
            // A reverse mode that keeps loop values on the workspace stack: the gradient from the forward mode instead.
            return kind == DerivativeKind.Gradient && reader.UsesWorkspace && callee.Parameters.Any(p => p.IsDifferentiable)
                ? FromForwardMode(callee, inputs, inputTypes, outputs, outputType)
                : InnerDerivative.Rejected(callee.Key, kind, reader.WhyNot!);
        }

        if (!endsInReturn)
        {
            return InnerDerivative.Rejected(callee.Key, kind, $"'{name}' does not end in one return");
        }

        Expr returned = ((CodeReturn)body[body.Count - 1]).Value!;

        Expr? value = reader.Expression(returned, callee.ReturnType);
        if (value is null)
        {
            return InnerDerivative.Rejected(callee.Key, kind, reader.WhyNot!);
        }

        return new InnerDerivative(
            callee.Key, kind, inputs.ToEquatableArray(), inputTypes.ToEquatableArray(), outputs.ToEquatableArray(), outputType, statements.ToEquatableArray(), value, null);
    }

    /// <summary>
    /// A gradient as one forward-mode derivative per differentiable input, seeded with that input's unit tangent: for
    /// a callee whose reverse mode needs the workspace stack (a loop), which model statements cannot express. Its
    /// body calls the callee's <c>Derivative</c> (<see cref="DerivativeCallStmt"/>s the table expands).
    /// </summary>
    private static InnerDerivative FromForwardMode(MethodModel callee, List<string> inputs, List<int> inputTypes, List<string> outputs, ScalarType outputType)
    {
        var names = new NameAllocator();
        foreach (string taken in inputs.Concat(outputs))
        {
            names.Reserve(taken);
        }

        string value = names.Fresh("value");
        var body = new List<Stmt> { new DeclareStmt(string.Empty, value, callee.ReturnType, null) };
        ParameterModel[] differentiable = callee.Parameters.Where(p => p.IsDifferentiable).ToArray();
        for (int j = 0; j < differentiable.Length; j++)
        {
            IEnumerable<Expr> tangents = differentiable.Select((p, k) => (Expr)LiteralExpr.Of(Constant.Real(k == j ? 1 : 0, p.Type)));
            body.Add(new DerivativeCallStmt(
                string.Empty,
                callee.Key,
                callee.Name,
                DerivativeKind.Derivative,
                // The gradient's first inputs are the method's parameters, in order.
                callee.Parameters.Select((p, i) => (Expr)new VariableExpr((ScalarType)inputTypes[i], string.Empty, inputs[i])).Concat(tangents).ToEquatableArray(),
                new EquatableArray<string>(new[] { outputs[j] }),
                j == 0 ? value : null));
        }

        return new InnerDerivative(
            callee.Key,
            DerivativeKind.Gradient,
            inputs.ToEquatableArray(),
            inputTypes.ToEquatableArray(),
            outputs.ToEquatableArray(),
            outputType,
            body.ToEquatableArray(),
            new VariableExpr(callee.ReturnType, string.Empty, value),
            null);
    }

    /// <summary>Generated statements back into model statements, or the first reason they cannot be.</summary>
    private sealed class Reader
    {
        private readonly string _callee;
        private readonly Dictionary<string, ScalarType> _types = new(StringComparer.Ordinal);

        // The [Differentiable] methods the callee calls, by the name generated code calls them by (global::N.C.G):
        // their calls become calls again (the primal), or DerivativeCallStmts (GGradient, GDerivative), expanded in turn.
        private readonly Dictionary<string, DifferentiableCallExpr?> _calls = new(StringComparer.Ordinal);

        public Reader(MethodModel callee)
        {
            _callee = callee.Name;
            foreach (DifferentiableCallExpr call in callee.Body.Descendants()
                .SelectMany(StmtExtensions.Expressions)
                .SelectMany(ExprTrees.DescendantsAndSelf)
                .OfType<DifferentiableCallExpr>())
            {
                string name = call.ContainingType + "." + call.MethodName;
                // Overloads under one name cannot be told apart here: such calls stay unread.
                _calls[name] = !call.CalleeInSource || (_calls.TryGetValue(name, out DifferentiableCallExpr? known) && known?.CalleeKey != call.CalleeKey)
                    ? null
                    : call;
            }
        }

        public string? WhyNot { get; private set; }

        /// <summary>The code was refused because it uses the workspace (its stack or scratch spans).</summary>
        public bool UsesWorkspace { get; private set; }

        public List<Stmt>? Read(IEnumerable<CodeNode> nodes)
        {
            var statements = new List<Stmt>();
            foreach (CodeNode node in nodes)
            {
                if (!Add(node, statements))
                {
                    return null;
                }
            }

            return statements;
        }

        private bool Add(CodeNode node, List<Stmt> into)
        {
            switch (node)
            {
                case CodeComment or CodeBlank:
                    return true;

                case CodeDeclare { Type.Kind: TypeRefKind.Scalar, Value: InvokeExpr { Target: null } call } declare when DerivativeCall(call) is { } target:
                    _types[declare.Name] = declare.Type.Scalar;
                    into.Add(new DeclareStmt(string.Empty, declare.Name, declare.Type.Scalar, null));
                    return AddDerivativeCall(call, target, declare.Name, into);

                case CodeAssign { Target: VarRef or VariableExpr, Operator: AssignOperator.Assign, Value: InvokeExpr { Target: null } call } assign when DerivativeCall(call) is { } target:
                    return AddDerivativeCall(call, target, assign.Target is VarRef reference ? reference.Variable.Name : ((VariableExpr)assign.Target).Name, into);

                case CodeExpression { Expression: InvokeExpr { Target: null } call } when DerivativeCall(call) is { } target:
                    return AddDerivativeCall(call, target, null, into);

                case CodeDeclare { Type.Kind: TypeRefKind.Scalar } declare:
                    {
                        _types[declare.Name] = declare.Type.Scalar;
                        Expr? value = declare.Value is null ? null : Expression(declare.Value, declare.Type.Scalar);
                        if (declare.Value is not null && value is null)
                        {
                            return false;
                        }

                        into.Add(new DeclareStmt(string.Empty, declare.Name, declare.Type.Scalar, value));
                        return true;
                    }

                case CodeAssign { Target: VarRef targetReference } assign:
                    return Add(new CodeAssign(new VariableExpr(targetReference.Type, string.Empty, targetReference.Variable.Name), assign.Value, assign.Operator), into);

                case CodeAssign { Target: VariableExpr target } assign:
                    {
                        ScalarType type = _types.TryGetValue(target.Name, out ScalarType known) ? known : target.Type;
                        Expr? value = Expression(assign.Value, type);
                        if (value is null)
                        {
                            return false;
                        }

                        Expr current = new VariableExpr(type, string.Empty, target.Name);
                        into.Add(new AssignStmt(string.Empty, target.Name, assign.Operator switch
                        {
                            AssignOperator.Add => new BinaryExpr(type, string.Empty, BinaryOperator.Add, current, value),
                            AssignOperator.Subtract => new BinaryExpr(type, string.Empty, BinaryOperator.Subtract, current, value),
                            _ => value,
                        }));
                        return true;
                    }

                case CodeIf branch:
                    {
                        Expr? condition = Expression(branch.Condition, ScalarType.Bool);
                        List<Stmt>? then = condition is null ? null : Read(branch.Then);
                        List<Stmt>? otherwise = then is null ? null : Read(branch.Else);
                        if (otherwise is null)
                        {
                            return false;
                        }

                        into.Add(new IfStmt(string.Empty, condition!, then!.ToEquatableArray(), otherwise.ToEquatableArray()));
                        return true;
                    }

                case CodeLoop loop:
                    return AddLoop(loop, into);

                case CodeDeclare { Type.Name: { } type } when type.Contains("Workspace"):
                    return Reject(Workspace);

                case CodeExpression { Expression: InvokeExpr call }:
                    return Reject(ExprTrees.DescendantsAndSelf(call).Any(IsWorkspace) ? Workspace : $"{Calls} ('{call.Method}'), which are not inlined in turn yet");

                case CodeExpression { Expression: UnaryExpr { Operand: VariableExpr or VarRef } step }:
                    return AddIncrement(step, into);

                case CodeThrow or CodeThrowArgument:
                    return Reject("it has guards (throw, ThrowIf, Debug.Assert)");

                case CodeTry:
                    return Reject(Workspace); // the workspace is marked and released around the body

                default:
                    return Reject("its generated code has a statement that is not plain arithmetic (" + node.GetType().Name + ")");
            }
        }

        /// <summary>A call of a generated <c>GGradient</c> or <c>GDerivative</c> of a method the callee calls: that method's call and which.</summary>
        private (DifferentiableCallExpr Call, DerivativeKind Kind)? DerivativeCall(InvokeExpr invoke)
        {
            foreach (DerivativeKind kind in new[] { DerivativeKind.Gradient, DerivativeKind.Derivative })
            {
                string suffix = kind.ToString();
                if (invoke.Method.EndsWith(suffix, StringComparison.Ordinal)
                    && _calls.TryGetValue(invoke.Method.Substring(0, invoke.Method.Length - suffix.Length), out DifferentiableCallExpr? call) && call is not null)
                {
                    return (call, kind);
                }
            }

            return null;
        }

        /// <summary>
        /// <c>v = GGradient(a, out double da)</c> as declarations of its out variables and a <see cref="DerivativeCallStmt"/>,
        /// which the table expands with G's own derivative code.
        /// </summary>
        private bool AddDerivativeCall(InvokeExpr invoke, (DifferentiableCallExpr Call, DerivativeKind Kind) target, string? result, List<Stmt> into)
        {
            var inputs = new List<Expr>();
            var outputs = new List<string>();
            foreach (Expr argument in invoke.Arguments)
            {
                switch (argument)
                {
                    case ArgumentExpr { Modifier: ArgumentModifier.Out, Value: DiscardExpr }:
                        outputs.Add(string.Empty);
                        break;
                    case ArgumentExpr { Modifier: ArgumentModifier.Out, Value: VariableExpr or VarRef } output:
                        {
                            string name = output.Value is VarRef reference ? reference.Variable.Name : ((VariableExpr)output.Value).Name;
                            if (output.Declared is { Kind: TypeRefKind.Scalar } declared)
                            {
                                _types[name] = declared.Scalar;
                                into.Add(new DeclareStmt(string.Empty, name, declared.Scalar, null));
                            }

                            outputs.Add(name);
                            break;
                        }

                    case ArgumentExpr:
                        return Reject($"{Calls} ('{invoke.Method}') with an argument it cannot read");
                    default:
                        {
                            Expr? value = Expression(argument, argument.Type);
                            if (value is null)
                            {
                                return false;
                            }

                            inputs.Add(value);
                            break;
                        }
                }
            }

            into.Add(new DerivativeCallStmt(string.Empty, target.Call.CalleeKey, target.Call.MethodName, target.Kind, inputs.ToEquatableArray(), outputs.ToEquatableArray(), result));
            return true;
        }

        private bool AddLoop(CodeLoop loop, List<Stmt> into)
        {
            if (loop.Initializer is { } initializer && !Add(initializer, into))
            {
                return false;
            }

            Expr? condition = Expression(loop.Condition, ScalarType.Bool);
            List<Stmt>? body = condition is null ? null : Read(loop.Body);
            if (body is null)
            {
                return false;
            }

            var step = new List<Stmt>();
            if (loop.Step is not null && !AddIncrement(loop.Step, step))
            {
                return false;
            }

            into.Add(new LoopStmt(string.Empty, condition!, body.ToEquatableArray(), step.ToEquatableArray(), loop.Kind != LoopKind.DoWhile));
            return true;
        }

        private bool AddIncrement(Expr step, List<Stmt> into)
        {
            if (step is UnaryExpr { Operand: VarRef reference } lowered)
            {
                step = lowered with { Operand = new VariableExpr(reference.Type, string.Empty, reference.Variable.Name) };
            }

            if (step is UnaryExpr { Operator: UnaryOperator.PreIncrement or UnaryOperator.PostIncrement or UnaryOperator.PostDecrement, Operand: VariableExpr counter } unary)
            {
                ScalarType type = _types.TryGetValue(counter.Name, out ScalarType known) ? known : counter.Type;
                BinaryOperator op = unary.Operator == UnaryOperator.PostDecrement ? BinaryOperator.Subtract : BinaryOperator.Add;
                into.Add(new AssignStmt(string.Empty, counter.Name, new BinaryExpr(type, string.Empty, op, counter with { Type = type }, LiteralExpr.Of(Constant.Integer(1, type)))));
                return true;
            }

            return Reject("its generated loop steps by something other than an increment");
        }

        private const string Calls = "it calls the generated derivatives of the methods it calls";

        private const string Workspace = "its generated code uses the workspace (scratch memory of the runtime), which is not inlined yet";

        private static bool IsWorkspace(Expr expr) => expr is VariableExpr { Name: { } name } && name.IndexOf("workspace", StringComparison.OrdinalIgnoreCase) >= 0
            || expr is InvokeExpr { Method: { } method } && method.IndexOf("Workspace", StringComparison.Ordinal) >= 0;

        private bool Reject(string why)
        {
            UsesWorkspace |= why == Workspace;
            string advice = why.StartsWith(Calls, StringComparison.Ordinal) ? $"write the methods '{_callee}' calls out in its body, or compute the inner derivative by hand"
                : "write the inner derivative out as an expression or a [Differentiable] method of its own";
            WhyNot = $"'{_callee}' cannot be inlined into its caller: {why}; {advice}, or take [Differentiable] off the calling method and give it a derivative of your own with [DerivativeOf]";
            return false;
        }

        /// <summary>
        /// The expression with the types the parser would have given it: a generated <c>0</c> or <c>2</c> next to a
        /// real is a real literal, and variables carry their declared types.
        /// </summary>
        public Expr? Expression(Expr expr, ScalarType expected)
        {
            // Lowered values print by name: read them as the variables they are.
            expr = ExprTrees.Rewrite(expr, e => e switch
            {
                VarRef reference => new VariableExpr(reference.Type, string.Empty, reference.Variable.Name),

                // A callee's value where the callee's inputs were constants of the inner code: they need not be here.
                OpaqueCallExpr { Target: null } opaque when _calls.TryGetValue(opaque.Method, out DifferentiableCallExpr? call) && call is not null
                    => call with { Source = string.Empty, Arguments = opaque.Arguments },
                InvokeExpr { Target: null } invoke when _calls.TryGetValue(invoke.Method, out DifferentiableCallExpr? call) && call is not null
                    && invoke.Arguments.All(a => a is not ArgumentExpr)
                    => call with { Source = string.Empty, Arguments = invoke.Arguments },
                _ => e,
            });
            Expr? unsupported = ExprTrees.DescendantsAndSelf(expr).FirstOrDefault(e => e is not (LiteralExpr or VariableExpr or UnaryExpr
                or BinaryExpr or ConditionalExpr or CastExpr or MathCallExpr or ExternalValueExpr or DifferentiableCallExpr)
                && !(e is OpaqueCallExpr { Target: null } opaque && !opaque.Type.IsReal()));
            if (unsupported is not null)
            {
                string? called = unsupported switch
                {
                    InvokeExpr invoke => invoke.Method,
                    OpaqueCallExpr opaque => opaque.Method,
                    _ => null,
                };
                Reject(IsWorkspace(unsupported) ? Workspace
                    : called is not null ? $"{Calls} ('{called}'), which are not inlined in turn yet"
                    : "its generated code uses a " + unsupported.GetType().Name);
                return null;
            }

            Expr typed = ExprTrees.Rewrite(expr, e => e switch
            {
                VariableExpr variable when _types.TryGetValue(variable.Name, out ScalarType type) => variable with { Type = type },
                UnaryExpr { Operator: UnaryOperator.Negate or UnaryOperator.Plus } unary => unary with { Type = unary.Operand.Type },
                BinaryExpr binary => Balance(binary),
                ConditionalExpr conditional => BalanceConditional(conditional),
                _ => e,
            });
            return Convert(ExprTrees.Rewrite(typed, KeepSlope), expected);
        }

        /// <summary>
        /// <c>c == 0 ? 0 : c * e</c>, the guard derivative code puts on an infinite slope (0 · ∞ would be NaN), as
        /// <c>c * (c == 0 &amp;&amp; !double.IsFinite(e) ? 0 : e)</c>: the same values, but a derivative of it sees
        /// <c>e</c> where <c>c</c> is zero and <c>e</c> finite. Read literally, the outer derivative of an inner adjoint
        /// that happens to be zero (at w = 0, say) would lose everything its dependence on the outer inputs carries.
        /// </summary>
        private static Expr KeepSlope(Expr expr)
        {
            if (expr is not ConditionalExpr
                {
                    Condition: BinaryExpr { Operator: BinaryOperator.Equal, Left: VariableExpr guarded, Right: LiteralExpr { Value.Value: 0.0 } },
                    WhenTrue: LiteralExpr { Value.Value: 0.0 },
                    WhenFalse: BinaryExpr { Operator: BinaryOperator.Multiply } product,
                } conditional
                || !guarded.Type.IsReal())
            {
                return expr;
            }

            Expr? slope = product.Left == guarded ? product.Right : product.Right == guarded ? product.Left : null;
            if (slope is null)
            {
                return expr;
            }

            ScalarType type = conditional.Type;
            Expr zero = LiteralExpr.Of(Constant.Real(0, type));
            Expr infinite = new UnaryExpr(ScalarType.Bool, string.Empty, UnaryOperator.Not, new OpaqueCallExpr(ScalarType.Bool, string.Empty, type == ScalarType.Float ? "float.IsFinite" : "double.IsFinite", new EquatableArray<Expr>(new[] { slope })));
            Expr condition = new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.ConditionalAnd, conditional.Condition, infinite);
            return product with { Left = guarded, Right = new ConditionalExpr(type, string.Empty, condition, zero, slope) };
        }

        private static Expr Balance(BinaryExpr binary)
        {
            ScalarType left = binary.Left.Type, right = binary.Right.Type;
            if (left == right)
            {
                return binary with { Type = Code.IsComparison(binary.Operator) ? ScalarType.Bool : left };
            }

            ScalarType wider = Wider(left, right);
            Expr l = Convert(binary.Left, wider), r = Convert(binary.Right, wider);
            return binary with { Left = l, Right = r, Type = Code.IsComparison(binary.Operator) ? ScalarType.Bool : wider };
        }

        private static Expr BalanceConditional(ConditionalExpr conditional)
        {
            ScalarType type = Wider(conditional.WhenTrue.Type, conditional.WhenFalse.Type);
            return conditional with { Type = type, WhenTrue = Convert(conditional.WhenTrue, type), WhenFalse = Convert(conditional.WhenFalse, type) };
        }

        private static ScalarType Wider(ScalarType a, ScalarType b) =>
            a == ScalarType.Double || b == ScalarType.Double ? ScalarType.Double
            : a == ScalarType.Float || b == ScalarType.Float ? ScalarType.Float
            : a == ScalarType.Long || b == ScalarType.Long ? ScalarType.Long
            : a;

        /// <summary>A literal of the expected type, or a cast to it.</summary>
        private static Expr Convert(Expr expr, ScalarType type)
        {
            if (expr.Type == type || type == ScalarType.Bool || expr.Type == ScalarType.Bool)
            {
                return expr;
            }

            if (expr is LiteralExpr { Value: { } constant })
            {
                return LiteralExpr.Of(constant.As(type));
            }

            return new CastExpr(type, string.Empty, expr);
        }
    }
}
