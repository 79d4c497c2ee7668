using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Lowers a parsed method into <see cref="LoweredMethod"/>: one operation per statement, SSA names,
/// joins after branches, activity (which values depend on differentiable inputs) decided as it goes.
/// Both modes are built from the result, so primal and derivative code line up statement by statement.
/// </summary>
internal sealed partial class Lowering
{
    private readonly MethodModel _method;
    private readonly NameAllocator _names = new();
    private readonly HashSet<string> _claimedSourceNames = new();
    private readonly Dictionary<string, ScalarType> _localTypes = new();
    private readonly Dictionary<(DerivativeRule Rule, string? Receiver, EquatableArray<Expr> Arguments), LVar> _computed = new();
    private Dictionary<string, LVar?> _environment = new();
    private LBlock _block;
    private readonly HashSet<LVar> _openMutables = new();
    private HashSet<string> _activeNames = new();
    private LVar? _result;
    private int _temporaries;
    private int _flags;
    private int _loops;
    private int _loopDepth;

    private Lowering(MethodModel method)
    {
        _method = method;
        _block = new LBlock(null);
    }

    public static LoweredMethod Lower(MethodModel method) => new Lowering(method).Run();

    private LoweredMethod Run()
    {
        // Source names first, so generated names never shadow them.
        foreach (ParameterModel parameter in _method.Parameters)
        {
            _names.Reserve(parameter.Name);
        }

        ReserveLocals(_method.Body);
        List<Stmt> body = ReturnNormalizer.Normalize(JumpNormalizer.Normalize(_method.Body, _method.ReturnType, _names.Fresh));
        _activeNames = ActivityAnalysis.ActiveNames(_method, body);
        LBlock root = _block;
        var parameters = new List<LVar>();
        foreach (ParameterModel parameter in _method.Parameters)
        {
            _claimedSourceNames.Add(parameter.Name);
            // An output is active when some store puts an active value into it.
            bool active = parameter.IsDifferentiable || (parameter.IsOutput && _activeNames.Contains(parameter.Name));
            var variable = new LVar(parameter.Name, parameter.Type, root, isJoin: false) { Active = active, IsArray = parameter.IsVector };
            parameters.Add(variable);
            _environment[parameter.Name] = variable;
        }

        var derivativeNames = parameters.Where((p, i) => _method.Parameters[i].IsDifferentiable).ToDictionary(p => p, p => _names.Fresh("d" + p.Name));

        bool resultUpFront = !_method.IsVectorValued && !_method.HasCompositeResult && body.LastOrDefault() is not ReturnStmt;
        List<LVar>? results = DeclareCompositeResults(root);
        if (resultUpFront)
        {
            // Returns sit in branches: one result variable, declared up front, assigned on every path.
            _result = new LVar(_names.Fresh("value"), _method.ReturnType, root, isJoin: true);
        }

        LowerStatements(body);
        DeadValueElimination.Run(root, _result, results);
        var lowered = new LoweredMethod(_method, root, parameters, _result, _names) { ResultDeclaredUpFront = resultUpFront, Results = results };
        foreach (KeyValuePair<LVar, string> pair in derivativeNames)
        {
            lowered.DerivativeNames[pair.Key] = pair.Value;
        }

        return lowered;
    }

    private void ReserveLocals(IEnumerable<Stmt> statements)
    {
        foreach (Stmt statement in statements.Descendants())
        {
            string? name = statement switch
            {
                DeclareStmt declare => declare.Name,
                ArrayDeclStmt array => array.Name,
                _ => null,
            };
            if (name is not null)
            {
                _names.Reserve(name);
            }
        }
    }

    private void LowerStatements(IEnumerable<Stmt> statements)
    {
        foreach (Stmt statement in statements)
        {
            if (statement.Source.Length > 0)
            {
                // A statement with no source of its own (the second leaf of a struct, say) continues the one before it.
                _block.Statements.Add(new LComment(statement.Source));
            }

            switch (statement)
            {
                case DeclareStmt declare:
                    _localTypes[declare.Name] = declare.Type;
                    _environment[declare.Name] = null;
                    if (declare.Initializer is not null)
                    {
                        LVar variable = NewVersion(declare.Name, declare.Type);
                        Lower(declare.Initializer, variable);
                        _environment[declare.Name] = variable;
                    }

                    break;

                case AssignStmt assign:
                    {
                        if (_environment.TryGetValue(assign.Name, out LVar? open) && open is not null && _openMutables.Contains(open))
                        {
                            // A variable the enclosing loop carries: overwrite it. When the value reads it,
                            // compute into a temporary first, so no statement reads what it writes; except
                            // v = v ± e, whose adjoint leaves v's own adjoint as it is, and inactive values.
                            if (assign.Value is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract, Left: VariableExpr self } update
                                && self.Name == assign.Name && update.Type == open.Type && !Reads(update.Right, assign.Name))
                            {
                                if (!IsActive(update))
                                {
                                    Expr? inverse = update.Right is LiteralExpr step && !open.Type.IsReal()
                                        ? Code.Binary(update.Operator == BinaryOperator.Add ? BinaryOperator.Subtract : BinaryOperator.Add, new VarRef(open), LiteralExpr.Of(step.Value))
                                        : null;
                                    Emit(open, new LConstant(Resolve(update)) { Inverse = inverse });
                                }
                                else
                                {
                                    DerivativeRule rule = update.Operator == BinaryOperator.Add ? RuleTable.Add : RuleTable.Subtract;
                                    Emit(open, new LApply(rule, null, new List<Atom> { Atom.Of(open), Lower(update.Right) }));
                                }
                            }
                            else if (!IsActive(assign.Value))
                            {
                                Lower(assign.Value, open);
                            }
                            else if (Reads(assign.Value, assign.Name) && !FinalOperationAvoids(assign.Value, assign.Name))
                            {
                                Atom value = Lower(assign.Value);
                                Emit(open, new LConvert(value));
                            }
                            else
                            {
                                Lower(assign.Value, open);
                            }

                            break;
                        }

                        LVar variable = NewVersion(assign.Name, TypeOfName(assign.Name));
                        Lower(assign.Value, variable);
                        _environment[assign.Name] = variable;
                        break;
                    }

                case ArrayDeclStmt array:
                    {
                        Expr length = Resolve(array.Length);
                        _claimedSourceNames.Add(array.Name);
                        var variable = new LVar(array.Name, array.ElementType, _block, isJoin: false)
                        {
                            IsArray = true,
                            Active = _activeNames.Contains(array.Name),
                        };
                        _environment[array.Name] = variable;
                        _block.Statements.Add(new LArrayDecl(variable, length));
                        break;
                    }

                case StoreStmt { Value: BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract, Left: ElementExpr old } update } store
                    when old.Array == store.Array && old.Index.Equals(store.Index) && old.Type == update.Type && !Reads(update.Right, store.Array):
                    {
                        // a[i] += v (or -=): one update of the element, whose adjoint passes through unchanged.
                        Atom value = Lower(update.Right);
                        ElementRef element = Element(store.Array, store.Index);
                        _block.Statements.Add(new LStore(element, value, update.Operator == BinaryOperator.Add ? AssignOperator.Add : AssignOperator.Subtract));
                        break;
                    }

                case StoreStmt store:
                    {
                        Atom value = Lower(store.Value);
                        ElementRef element = Element(store.Array, store.Index);
                        _block.Statements.Add(new LStore(element, value));
                        break;
                    }

                case LoopStmt loop:
                    LowerLoop(loop);
                    break;

                case CallStmt call:
                    _block.Statements.Add(new LCallStatement(LowerVectorCall(call.Call)));
                    break;

                case ReturnStmt when _method.IsVectorValued:
                    // return; in a void method: the normalizers already moved everything after it into the other branch.
                    break;

                case ReturnStmt when _method.HasCompositeResult:
                    LowerCompositeReturn();
                    break;

                case ReturnStmt ret:
                    if (_result is null)
                    {
                        _result = new LVar(_names.Fresh("value"), _method.ReturnType, _block, isJoin: false);
                    }

                    Lower(ret.Value, _result);
                    break;

                case IfStmt branch:
                    LowerIf(branch);
                    break;

                case ThrowStmt or EffectStmt:
                    LowerGuard(statement);
                    break;
            }
        }
    }

    private void LowerIf(IfStmt branch)
    {
        if (branch.Condition is LiteralExpr { Value.Type: ScalarType.Bool } constant)
        {
            // A constant condition: only one branch can run (and C# would call the other unreachable).
            LowerStatements(constant.Value.IsTrue ? branch.Then : branch.Else);
            return;
        }

        Expr condition = Resolve(branch.Condition);
        LBlock parent = _block;
        Dictionary<string, LVar?> before = _environment;

        var then = new LBlock(parent);
        _block = then;
        _environment = new Dictionary<string, LVar?>(before);
        LowerStatements(branch.Then);
        Dictionary<string, LVar?> afterThen = _environment;

        var otherwise = new LBlock(parent);
        _block = otherwise;
        _environment = new Dictionary<string, LVar?>(before);
        LowerStatements(branch.Else);
        Dictionary<string, LVar?> afterElse = _environment;

        _block = parent;
        _environment = new Dictionary<string, LVar?>(before);
        var joins = new List<LVar>();
        bool terminal = ReturnNormalizer.EndsWithReturn(branch.Then) && ReturnNormalizer.EndsWithReturn(branch.Else);
        if (!terminal && AlwaysThrows(branch.Then) != AlwaysThrows(branch.Else))
        {
            // A branch that throws never reaches the code after the if: the other branch's values carry on,
            // through joins declared before the if and assigned in that branch only.
            bool thenThrows = AlwaysThrows(branch.Then);
            JoinFrom(thenThrows ? otherwise : then, thenThrows ? afterElse : afterThen, before, parent, joins);
        }
        else if (!terminal)
        {
            foreach (string name in before.Keys.OrderBy(n => n, StringComparer.Ordinal))
            {
                LVar? fromThen = afterThen[name];
                LVar? fromElse = afterElse[name];
                if (fromThen == fromElse)
                {
                    continue;
                }

                if (fromThen is null || fromElse is null)
                {
                    _environment[name] = null; // not definitely assigned after the if: C# forbids reading it
                    continue;
                }

                var join = new LVar(NewVersionName(name), fromThen.Type, parent, isJoin: true)
                {
                    Active = fromThen.Active || fromElse.Active,
                    InLoop = _loopDepth > 0,
                };
                then.Statements.Add(new LAssign(join, new LConvert(Atom.Of(fromThen))));
                otherwise.Statements.Add(new LAssign(join, new LConvert(Atom.Of(fromElse))));
                joins.Add(join);
                _environment[name] = join;
            }
        }

        parent.Statements.Add(new LIf(condition, then, otherwise, joins, NextFlagName()));
    }

    /// <summary>
    /// A loop: the variables it assigns that live before it become <see cref="LVar.Mutable"/> copies,
    /// assigned in place inside the body; values created in the body are overwritten every iteration.
    /// </summary>
    private void LowerLoop(LoopStmt loop)
    {
        if (loop.TestFirst && loop.Condition is LiteralExpr { Value.IsFalse: true })
        {
            return; // never runs
        }

        var carried = new List<LVar>();
        foreach (string name in AssignedNames(loop.Body.Concat(loop.Step)).Where(_environment.ContainsKey).OrderBy(n => n, StringComparer.Ordinal))
        {
            LVar? current = _environment[name];
            if (current is not null && _openMutables.Contains(current))
            {
                continue; // an enclosing loop carries it already: the inner loop overwrites the same variable
            }

            ScalarType type = TypeOfName(name);
            var mutable = new LVar(NewVersionName(name), type, _block, isJoin: false)
            {
                InLoop = _loopDepth > 0,
                Mutable = true,
                Active = type.IsReal() && (current?.Active == true || _activeNames.Contains(name)),
            };
            Emit(mutable, current is null ? new LConstant(LiteralExpr.Of(type.Zero())) : new LConvert(Atom.Of(current)));
            _environment[name] = mutable;
            _openMutables.Add(mutable);
            carried.Add(mutable);
        }

        Expr condition = Resolve(loop.Condition);
        LBlock parent = _block;
        var body = new LBlock(parent);
        _block = body;
        _loopDepth++;
        LowerStatements(loop.Body);
        LowerStatements(loop.Step);
        _loopDepth--;
        _block = parent;
        _openMutables.ExceptWith(carried);
        parent.Statements.Add(new LLoop(condition, body, loop.TestFirst, NextNumberedName("loop", ref _loops), carried));
    }

    /// <summary>Names assigned by the statements (not those they declare themselves), nested loops and branches included.</summary>
    private static HashSet<string> AssignedNames(IEnumerable<Stmt> statements)
    {
        var all = statements.Descendants().ToList();
        var assigned = new HashSet<string>(all.OfType<AssignStmt>().Select(a => a.Name));
        assigned.ExceptWith(all.OfType<DeclareStmt>().Select(d => d.Name));
        return assigned;
    }

    /// <summary>
    /// Whether the last operation of <paramref name="expr"/> takes <paramref name="name"/> only through
    /// temporaries: <c>p = Math.Tanh(p * a)</c> can assign <c>p</c> directly, its operands computed first.
    /// </summary>
    private static bool FinalOperationAvoids(Expr expr, string name)
    {
        bool direct(Expr operand) => operand switch
        {
            VariableExpr variable => variable.Name == name,
            UnaryExpr { Operator: UnaryOperator.Plus } plus => direct(plus.Operand),
            _ => false,
        };
        return expr switch
        {
            UnaryExpr { Operator: UnaryOperator.Negate } negate => !direct(negate.Operand),
            BinaryExpr binary => !direct(binary.Left) && !direct(binary.Right),
            MathCallExpr call => !call.Arguments.Any(direct),
            _ => false,
        };
    }

    private static bool Reads(Expr expr, string name) => expr switch
    {
        VariableExpr variable => variable.Name == name,
        UnaryExpr unary => Reads(unary.Operand, name),
        BinaryExpr binary => Reads(binary.Left, name) || Reads(binary.Right, name),
        ConditionalExpr conditional => Reads(conditional.Condition, name) || Reads(conditional.WhenTrue, name) || Reads(conditional.WhenFalse, name),
        CastExpr cast => Reads(cast.Operand, name),
        ElementExpr element => element.Array == name || Reads(element.Index, name),
        MathCallExpr call => call.Arguments.Any(a => Reads(a, name)),
        DifferentiableCallExpr call => call.Arguments.Any(a => Reads(a, name)),
        OpaqueCallExpr call => call.Arguments.Any(a => Reads(a, name)),
        CustomCallExpr call => call.Arguments.Any(a => Reads(a, name)),
        _ => false,
    };

    private LVectorCall LowerVectorCall(CustomCallExpr call) =>
        new(call, call.Arguments.Select(a => a is VectorExpr vector
            ? new CallArgument(null, Current(vector.Name)) { Slice = vector.IsSlice ? Resolve(vector) as SliceExpr : null }
            : new CallArgument(Lower(a), null)).ToList());

    private ScalarType TypeOfName(string name) =>
        _localTypes.TryGetValue(name, out ScalarType local) ? local : _method.Parameters.First(p => p.Name == name).Type;

    private ElementRef Element(string array, Expr index) => new(Current(array), Resolve(index));

    /// <summary>Lowers <paramref name="expr"/>; when <paramref name="target"/> is given the last operation assigns it.</summary>
    private Atom Lower(Expr expr, LVar? target = null)
    {
        // Variables, literals and constant expressions need no derivative code of their own.
        Atom? atom = AtomOf(expr);
        if (atom is not null || !IsActive(expr))
        {
            if (atom is not null && target is null)
            {
                return atom;
            }

            target ??= Temporary(expr.Type);
            Emit(target, atom is null ? new LConstant(Resolve(expr)) : new LConvert(atom));
            return Atom.Of(target);
        }

        switch (expr)
        {
            case UnaryExpr { Operator: UnaryOperator.Plus } plus:
                return Lower(plus.Operand, target);

            case UnaryExpr { Operator: UnaryOperator.Negate } negate:
                return Apply(RuleTable.Negate, null, new[] { negate.Operand }, expr.Type, target);

            case BinaryExpr binary:
                {
                    DerivativeRule rule = binary.Operator switch
                    {
                        BinaryOperator.Add => RuleTable.Add,
                        BinaryOperator.Subtract => RuleTable.Subtract,
                        BinaryOperator.Multiply => RuleTable.Multiply,
                        BinaryOperator.Divide => RuleTable.Divide,
                        BinaryOperator.Remainder => RuleTable.Remainder,
                        _ => throw new InvalidOperationException("Operator " + binary.Operator + " does not produce a real value"),
                    };
                    return Apply(rule, null, new[] { binary.Left, binary.Right }, expr.Type, target);
                }

            case CastExpr cast:
                {
                    Atom operand = Lower(cast.Operand);
                    target ??= Temporary(cast.Type);
                    Emit(target, new LConvert(operand));
                    return Atom.Of(target);
                }

            // x² written as Math.Pow(x, 2): one multiplication and a partial of 2x, not two calls of pow.
            case MathCallExpr { Function: "Pow", Receiver: "Math" or "MathF" or "double" or "float", Arguments: [var squared, LiteralExpr { Value.Value: 2 }] } square:
                return Apply(RuleTable.Square, null, new[] { squared }, square.Type, target);

            case MathCallExpr call:
                {
                    DerivativeRule rule = RuleTable.Find(call.Function, call.Arguments.Count)
                        ?? throw new InvalidOperationException("No rule for " + call.Function);
                    return Apply(rule, call.Receiver, call.Arguments.ToArray(), expr.Type, target);
                }

            case DifferentiableCallExpr call:
                {
                    List<Atom> arguments = call.Arguments.Select(a => Lower(a)).ToList();
                    target ??= Temporary(call.Type);
                    Emit(target, new LCall(call, arguments));
                    return Atom.Of(target);
                }

            case CustomCallExpr { Partials: not null } call:
                {
                    List<Atom> arguments = call.Arguments.Select(a => Lower(a)).ToList();
                    target ??= Temporary(call.Type);
                    Emit(target, new LCall(call, arguments));
                    return Atom.Of(target);
                }

            case CustomCallExpr call:
                {
                    LVectorCall lowered = LowerVectorCall(call);
                    target ??= Temporary(call.Type);
                    Emit(target, lowered);
                    return Atom.Of(target);
                }

            case ConditionalExpr conditional:
                return LowerConditional(conditional, target);

            default:
                throw new InvalidOperationException("Cannot differentiate " + expr.GetType().Name + ": " + expr.Source);
        }
    }

    private Atom Apply(DerivativeRule rule, string? receiver, IReadOnlyList<Expr> operands, ScalarType type, LVar? target)
    {
        List<Atom> arguments = operands.Select(o => Lower(o)).ToList();
        if (rule == RuleTable.Multiply && (arguments[0].Variable ?? arguments[0].Element?.Array) is not null && arguments[0] == arguments[1])
        {
            rule = RuleTable.Square;
            arguments.RemoveAt(1);
        }

        // The same operation on the same values was already computed where it is visible: reuse it.
        var key = (rule, receiver, arguments.Select(a => a.Expr).ToEquatableArray());
        // Inside loops values change between iterations, and array elements change at any store: no reuse there.
        bool reusable = _loopDepth == 0 && arguments.All(a => a.Element is null);
        if (reusable && target is null && _computed.TryGetValue(key, out LVar? earlier) && IsVisible(earlier))
        {
            return Atom.Of(earlier);
        }

        target ??= Temporary(type);
        Emit(target, new LApply(rule, receiver, arguments));
        if (reusable && !target.IsJoin && !target.Mutable)
        {
            _computed[key] = target;
        }

        return Atom.Of(target);
    }

    private bool IsVisible(LVar variable)
    {
        for (LBlock? block = _block; block is not null; block = block.Parent)
        {
            if (block == variable.Block)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>c ? a : b</c> with an active branch becomes an if, so the branch not taken is never evaluated or differentiated.</summary>
    private Atom LowerConditional(ConditionalExpr conditional, LVar? target)
    {
        if (conditional.Condition is LiteralExpr { Value.Type: ScalarType.Bool } constant)
        {
            return Lower(constant.Value.IsTrue ? conditional.WhenTrue : conditional.WhenFalse, target);
        }

        Expr condition = Resolve(conditional.Condition);
        LBlock parent = _block;
        // The branches assign the target directly; it becomes a join declared before the if (unless it already is one).
        // A variable a loop carries is declared already, and stays a plain (mutable) variable.
        bool declaredElsewhere = target is { IsJoin: true } || target is { Mutable: true };
        LVar join = target ?? new LVar(NextTemporaryName(), conditional.Type, parent, isJoin: true) { InLoop = _loopDepth > 0 };
        join.IsJoin |= !join.Mutable;

        var then = new LBlock(parent);
        _block = then;
        Lower(conditional.WhenTrue, join);
        var otherwise = new LBlock(parent);
        _block = otherwise;
        Lower(conditional.WhenFalse, join);
        _block = parent;

        var joins = declaredElsewhere ? new List<LVar>() : new List<LVar> { join };
        parent.Statements.Add(new LIf(condition, then, otherwise, joins, NextFlagName()));
        return Atom.Of(join);
    }

    private void Emit(LVar target, LOp operation)
    {
        bool active = operation switch
        {
            LApply apply => apply.Arguments.Any(a => a.Active),
            LConvert convert => convert.Operand.Active,
            LCall call => Enumerable.Range(0, call.Arguments.Count).Any(call.Differentiates),
            LVectorCall call => call.HasActiveInput,
            _ => false,
        };

        target.Active |= active && target.Type.IsReal();
        _block.Statements.Add(new LAssign(target, operation));
    }

    private bool IsActive(Expr expr) => expr switch
    {
        VariableExpr variable => Current(variable.Name).Active && variable.Type.IsReal(),
        ElementExpr element => Current(element.Array).Active && element.Type.IsReal(),
        _ when !expr.Type.IsReal() => false,
        UnaryExpr unary => IsActive(unary.Operand),
        BinaryExpr binary => IsActive(binary.Left) || IsActive(binary.Right),
        ConditionalExpr conditional => IsActive(conditional.WhenTrue) || IsActive(conditional.WhenFalse),
        CastExpr cast => IsActive(cast.Operand),
        MathCallExpr call => call.Arguments.Any(IsActive),
        DifferentiableCallExpr call => call.Arguments.Where((a, i) => call.ArgumentIsDifferentiable[i]).Any(IsActive),
        CustomCallExpr call => call.Arguments.Where((a, i) => call.Differentiable[i] && call.Role(i) != ArgumentRole.Output)
            .Any(a => a is VectorExpr vector ? Current(vector.Name).Active : IsActive(a)),
        _ => false,
    };

    private Atom? AtomOf(Expr expr) => expr switch
    {
        LiteralExpr literal => new Atom(LiteralExpr.Of(literal.Value)),
        VariableExpr variable => Atom.Of(Current(variable.Name)),
        ExternalValueExpr external => new Atom(external with { Source = string.Empty }),
        ElementExpr element => new Atom(new IndexExpr(element.Type, new VarRef(Current(element.Array)), Resolve(element.Index))),
        _ => null,
    };

    private LVar Current(string name) =>
        _environment.TryGetValue(name, out LVar? variable) && variable is not null
            ? variable
            : throw new InvalidOperationException("'" + name + "' is read before it is assigned");

    /// <summary>
    /// An expression of the method as it reads at this point: variables become their current SSA values,
    /// elements and lengths refer to the vectors' values, source text is dropped, and calls that are not
    /// differentiated here become plain calls.
    /// </summary>
    private Expr Resolve(Expr expr) => ExprTrees.Rewrite(expr, node => node switch
    {
        VariableExpr variable => new VarRef(Current(variable.Name)),
        VectorExpr { IsSlice: true } vector => Slice(Current(vector.Name), vector.Offset!, vector.Length!),
        VectorExpr vector => new VarRef(Current(vector.Name)),
        ElementExpr element => new IndexExpr(element.Type, new VarRef(Current(element.Array)), element.Index),
        LengthExpr length => new MemberExpr(ScalarType.Int, new VarRef(Current(length.Array)), "Length"),
        DifferentiableCallExpr call => new OpaqueCallExpr(call.Type, string.Empty, call.ContainingType + "." + call.MethodName, call.Arguments),
        CustomCallExpr call => new InvokeExpr(call.Type, null, call.Function, call.Arguments),
        _ => node with { Source = string.Empty },
    });

    private LVar NewVersion(string sourceName, ScalarType type) => new(NewVersionName(sourceName), type, _block, isJoin: false) { InLoop = _loopDepth > 0 };

    /// <summary>The first version of a local keeps its source name; later ones are <c>name_1</c>, <c>name_2</c>, ...</summary>
    private string NewVersionName(string sourceName) =>
        _claimedSourceNames.Add(sourceName) ? sourceName : _names.Fresh(sourceName);

    private LVar Temporary(ScalarType type) => new(NextTemporaryName(), type, _block, isJoin: false) { InLoop = _loopDepth > 0 };

    private string NextTemporaryName() => NextNumberedName("t", ref _temporaries);

    private string NextFlagName() => NextNumberedName("b", ref _flags);

    /// <summary><c>t0</c>, <c>t1</c>, ...: the next number whose name is free.</summary>
    private string NextNumberedName(string prefix, ref int counter)
    {
        while (true)
        {
            string name = prefix + counter++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!_names.IsTaken(name))
            {
                _names.Reserve(name);
                return name;
            }
        }
    }
}
