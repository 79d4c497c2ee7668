using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Expressions that become statements: a LINQ call, a local function, a <c>switch</c> expression or a
/// <c>throw</c> expression is written out as statements placed just before the statement it is part of (its
/// prelude), in the branch that evaluates it when it sits in a <c>?:</c>, <c>&amp;&amp;</c> or <c>||</c>.
/// Local functions are inlined at each call, switch expressions become if-chains.
/// </summary>
internal sealed partial class BodyParser
{
    // Where statements an expression needs go: the list the statement being read goes into, or a branch's.
    private List<Stmt> _prelude = new();

    // Lambda and local-function parameters bound to the values of the call being inlined.
    private readonly Dictionary<IParameterSymbol, Expr> _bound = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IParameterSymbol, View> _boundViews = new(SymbolEqualityComparer.Default);

    // Pattern variables bound to the value they match; locals of inlined local functions, renamed.
    private readonly Dictionary<ILocalSymbol, Expr> _boundLocals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, string> _renamed = new(SymbolEqualityComparer.Default);

    // The body's local functions, and those being inlined now (a call back into one is recursion).
    private Dictionary<IMethodSymbol, ILocalFunctionOperation>? _localFunctions;
    private readonly HashSet<IMethodSymbol> _inliningFunctions = new(SymbolEqualityComparer.Default);

    // Parameters and locals the method declares (lambda parameters are not: they never reach generated code).
    private HashSet<string>? _declaredNames;

    /// <summary>The element types of the vectors by name (parameters and local arrays).</summary>
    private readonly Dictionary<string, ScalarType> _vectorElementTypes = new();

    /// <summary>
    /// A name for a local the parser introduces: <paramref name="preferred"/> when no parameter or local of the
    /// method has it and it was not given out yet (a lambda's parameter name reads best), else a fresh one.
    /// </summary>
    private string LocalName(string preferred)
    {
        if (_declaredNames is null)
        {
            _declaredNames = new HashSet<string>(_method.Parameters.Select(p => p.Name));
            foreach (SyntaxReference reference in _method.DeclaringSyntaxReferences)
            {
                foreach (SyntaxNode node in reference.GetSyntax(_cancellationToken).DescendantNodes())
                {
                    SyntaxToken? declared = node switch
                    {
                        VariableDeclaratorSyntax variable => variable.Identifier,
                        ForEachStatementSyntax loop => loop.Identifier,
                        SingleVariableDesignationSyntax designation => designation.Identifier,
                        LocalFunctionStatementSyntax function => function.Identifier,
                        ParameterSyntax parameter when parameter.Parent?.Parent is LocalFunctionStatementSyntax => parameter.Identifier,
                        CatchDeclarationSyntax exception => exception.Identifier,
                        _ => null,
                    };
                    if (declared is { } token)
                    {
                        _declaredNames.Add(token.ValueText);
                    }
                }
            }
        }

        if (Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(preferred) && !_declaredNames.Contains(preferred))
        {
            _declaredNames.Add(preferred);
            FreshName(preferred); // registers it, so later fresh names avoid it
            return preferred;
        }

        string name = FreshName(preferred);
        _declaredNames.Add(name);
        return name;
    }

    /// <summary>The name a local has in the model: its own, or the one it got when its local function was inlined.</summary>
    private string NameOf(ILocalSymbol local) => _renamed.TryGetValue(local, out string? name) ? name : local.Name;

    /// <summary>Converts with a prelude of its own, which the caller places.</summary>
    private Expr Capture(IOperation operation, List<Stmt> prelude) => Capture(() => Convert(operation), prelude);

    private T Capture<T>(System.Func<T> convert, List<Stmt> prelude)
    {
        List<Stmt> saved = _prelude;
        _prelude = prelude;
        try
        {
            return convert();
        }
        finally
        {
            _prelude = saved;
        }
    }

    private static IThrowOperation? ThrowOf(IOperation operation) => WithoutConversions(operation) as IThrowOperation;

    /// <summary>
    /// <c>c ? a : b</c>: a throw in a branch becomes a guard before the statement; branches that need statements
    /// of their own become an if assigning a local.
    /// </summary>
    private Expr ConvertConditional(IConditionalOperation conditional, ScalarType type, string source)
    {
        Expr condition = Convert(conditional.Condition);
        if (ThrowOf(conditional.WhenTrue) is { } throwsWhenTrue)
        {
            _prelude.Add(new IfStmt("if (" + condition.Source + ")", condition, One(ThrowStatement(throwsWhenTrue)), EquatableArray<Stmt>.Empty));
            return ConvertTo(conditional.WhenFalse!, type);
        }

        if (ThrowOf(conditional.WhenFalse!) is { } throwsWhenFalse)
        {
            Expr negated = new UnaryExpr(ScalarType.Bool, "!(" + condition.Source + ")", UnaryOperator.Not, condition);
            _prelude.Add(new IfStmt("if (!(" + condition.Source + "))", negated, One(ThrowStatement(throwsWhenFalse)), EquatableArray<Stmt>.Empty));
            return ConvertTo(conditional.WhenTrue, type);
        }

        var then = new List<Stmt>();
        var otherwise = new List<Stmt>();
        Expr whenTrue = Capture(() => ConvertTo(conditional.WhenTrue, type), then);
        Expr whenFalse = Capture(() => ConvertTo(conditional.WhenFalse!, type), otherwise);
        if (then.Count == 0 && otherwise.Count == 0)
        {
            return new ConditionalExpr(type, source, condition, whenTrue, whenFalse);
        }

        return Choose(type, source, condition, then, whenTrue, otherwise, whenFalse);
    }

    /// <summary><c>type choice; if (condition) { then; choice = whenTrue; } else { otherwise; choice = whenFalse; }</c>, read as <c>choice</c>.</summary>
    private Expr Choose(ScalarType type, string source, Expr condition, List<Stmt> then, Expr whenTrue, List<Stmt> otherwise, Expr whenFalse)
    {
        string name = LocalName("choice");
        _prelude.Add(new DeclareStmt(type.Keyword() + " " + name, name, type, null));
        then.Add(new AssignStmt(name + " = " + whenTrue.Source, name, whenTrue));
        otherwise.Add(new AssignStmt(name + " = " + whenFalse.Source, name, whenFalse));
        _prelude.Add(new IfStmt(source, condition, then.ToEquatableArray(), otherwise.ToEquatableArray()));
        return new VariableExpr(type, name, name);
    }

    /// <summary><c>a &amp;&amp; b</c> and <c>a || b</c> whose right side needs statements: they run only when it is evaluated.</summary>
    private Expr? ConvertShortCircuit(IBinaryOperation binary, string source)
    {
        if (binary.OperatorKind is not (BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr))
        {
            return null;
        }

        Expr left = Convert(binary.LeftOperand);
        var right = new List<Stmt>();
        Expr rightValue = Capture(binary.RightOperand, right);
        bool and = binary.OperatorKind == BinaryOperatorKind.ConditionalAnd;
        if (right.Count == 0)
        {
            return new BinaryExpr(ScalarType.Bool, source, and ? BinaryOperator.ConditionalAnd : BinaryOperator.ConditionalOr, left, rightValue);
        }

        string name = LocalName("condition");
        var flag = new VariableExpr(ScalarType.Bool, name, name);
        _prelude.Add(new DeclareStmt("bool " + name + " = " + left.Source, name, ScalarType.Bool, left));
        right.Add(new AssignStmt(name + " = " + rightValue.Source, name, rightValue));
        Expr test = and ? flag : new UnaryExpr(ScalarType.Bool, "!" + name, UnaryOperator.Not, flag);
        _prelude.Add(new IfStmt(source, test, right.ToEquatableArray(), EquatableArray<Stmt>.Empty));
        return flag;
    }

    /// <summary>One arm of a switch expression, converted: its test (null: always), and its value or throw, each with its statements.</summary>
    private sealed record Arm(string Source, Expr? Test, List<Stmt> TestPrelude, Expr? Value, List<Stmt> ValuePrelude, Stmt? Throw);

    /// <summary>
    /// <c>v switch { &lt; 0 =&gt; a, 0 =&gt; b, _ =&gt; c }</c> as <c>v &lt; 0 ? a : v == 0 ? b : c</c>, or as an if-chain
    /// assigning a local when an arm throws or needs statements. No arm matching throws what C# throws.
    /// </summary>
    private Expr ConvertSwitch(ISwitchExpressionOperation switchExpression, ScalarType type, string source)
    {
        if (switchExpression.Value.Type is not { } governingType || MethodParser.SignatureType(governingType) is null)
        {
            Unsupported(
                switchExpression,
                $"A switch expression over '{switchExpression.Value.Type?.ToDisplayString() ?? "a value without a type"}'",
                "switch over one number or bool, or write the choice as if/else");
            return Placeholder(source);
        }

        Expr governing = Convert(switchExpression.Value);
        if (governing is not (VariableExpr or LiteralExpr))
        {
            string name = LocalName("switchValue");
            _prelude.Add(new DeclareStmt(governing.Type.Keyword() + " " + name + " = " + governing.Source, name, governing.Type, governing));
            governing = new VariableExpr(governing.Type, name, name);
        }

        var arms = new List<Arm>();
        foreach (ISwitchExpressionArmOperation arm in switchExpression.Arms)
        {
            var testPrelude = new List<Stmt>();
            Expr? test = Capture(() => Pattern(arm.Pattern, governing), testPrelude);
            if (arm.Guard is not null)
            {
                Expr guard = Capture(arm.Guard, testPrelude);
                test = test is null ? guard : new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.ConditionalAnd, test, guard);
            }

            var valuePrelude = new List<Stmt>();
            string armSource = SourceFormatting.OneLine(arm.Syntax);
            if (ThrowOf(arm.Value) is { } thrown)
            {
                arms.Add(new Arm(armSource, test, testPrelude, null, valuePrelude, Capture(() => ThrowStatement(thrown), valuePrelude)));
            }
            else
            {
                arms.Add(new Arm(armSource, test, testPrelude, Capture(() => ConvertTo(arm.Value, type), valuePrelude), valuePrelude, null));
            }

            if (test is null)
            {
                break; // later arms never run (C# reports them)
            }
        }

        bool exhaustive = arms.Count > 0 && arms[arms.Count - 1].Test is null;
        bool plain = exhaustive && arms.All(a => a.Throw is null && a.TestPrelude.Count == 0 && a.ValuePrelude.Count == 0);
        if (plain)
        {
            Expr result = arms[arms.Count - 1].Value!;
            for (int i = arms.Count - 2; i >= 0; i--)
            {
                result = new ConditionalExpr(type, i == 0 ? source : string.Empty, arms[i].Test!, arms[i].Value!, result);
            }

            return result;
        }

        string local = LocalName("switchResult");
        _prelude.Add(new DeclareStmt(type.Keyword() + " " + local, local, type, null));
        var unmatched = new NewExpr(
            TypeRef.Named("global::System.Runtime.CompilerServices.SwitchExpressionException"),
            new EquatableArray<Expr>(new[] { governing }));
        List<Stmt> chain = exhaustive ? new List<Stmt>() : new List<Stmt> { new ThrowStmt("throw new SwitchExpressionException(" + governing.Source + ")", unmatched) };
        for (int i = arms.Count - 1; i >= 0; i--)
        {
            Arm arm = arms[i];
            var body = new List<Stmt>(arm.ValuePrelude);
            body.Add(arm.Throw ?? new AssignStmt(local + " = " + arm.Value!.Source, local, arm.Value));
            if (arm.Test is null)
            {
                chain = body;
                continue;
            }

            var link = new List<Stmt>(arm.TestPrelude) { new IfStmt(i == 0 ? source : arm.Source, arm.Test, body.ToEquatableArray(), chain.ToEquatableArray()) };
            chain = link;
        }

        _prelude.AddRange(chain);
        return new VariableExpr(type, local, local);
    }

    /// <summary>A pattern as a test of <paramref name="value"/>; null when it always matches.</summary>
    private Expr? Pattern(IPatternOperation pattern, Expr value)
    {
        switch (pattern)
        {
            case IDiscardPatternOperation:
                return null;

            case IDeclarationPatternOperation declaration when declaration.MatchesNull || SameType(declaration.InputType, declaration.NarrowedType):
                if (declaration.DeclaredSymbol is ILocalSymbol local)
                {
                    _boundLocals[local] = value;
                }

                return null;

            case ITypePatternOperation typePattern when SameType(typePattern.InputType, typePattern.NarrowedType):
                return null;

            case IConstantPatternOperation constant:
                {
                    Expr expected = Convert(constant.Value);
                    if (expected is LiteralExpr { Value: { } literal } && literal.Type.IsReal() && double.IsNaN(literal.Value))
                    {
                        // A NaN pattern matches NaN (== would not).
                        return new OpaqueCallExpr(ScalarType.Bool, string.Empty, "double.IsNaN", new EquatableArray<Expr>(new[] { value }));
                    }

                    return new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.Equal, value, expected);
                }

            case IRelationalPatternOperation relational when BinaryOperatorOf(relational.OperatorKind) is { } op:
                return new BinaryExpr(ScalarType.Bool, string.Empty, op, value, Convert(relational.Value));

            case INegatedPatternOperation negated:
                {
                    Expr? inner = Pattern(negated.Pattern, value);
                    return inner is null ? Literals.Make(Constant.Boolean(false), "false") : new UnaryExpr(ScalarType.Bool, string.Empty, UnaryOperator.Not, inner);
                }

            case IBinaryPatternOperation binary:
                {
                    Expr? left = Pattern(binary.LeftPattern, value);
                    Expr? right = Pattern(binary.RightPattern, value);
                    bool or = binary.OperatorKind == BinaryOperatorKind.Or;
                    if (left is null || right is null)
                    {
                        return or ? null : left ?? right;
                    }

                    return new BinaryExpr(ScalarType.Bool, string.Empty, or ? BinaryOperator.ConditionalOr : BinaryOperator.ConditionalAnd, left, right);
                }

            default:
                Unsupported(pattern, $"The pattern '{SourceFormatting.OneLine(pattern.Syntax)}'", "match numbers with constants, relational patterns (< 0), and, or, not, and _");
                return Literals.Make(Constant.Boolean(false), "false");
        }
    }

    private static bool SameType(ITypeSymbol? input, ITypeSymbol? narrowed) =>
        input is not null && narrowed is not null && SymbolEqualityComparer.Default.Equals(input, narrowed);

    /// <summary>The body's local functions, by symbol.</summary>
    private Dictionary<IMethodSymbol, ILocalFunctionOperation> LocalFunctions(IOperation body)
    {
        var functions = new Dictionary<IMethodSymbol, ILocalFunctionOperation>(SymbolEqualityComparer.Default);
        foreach (ILocalFunctionOperation function in body.Descendants().OfType<ILocalFunctionOperation>())
        {
            functions[function.Symbol] = function;
        }

        return functions;
    }

    /// <summary>
    /// A call to a local function, inlined: its parameters bound to the arguments (kept in locals when the body
    /// assigns them or they are not simple values), its locals renamed apart, its returns assigning a result.
    /// Null (with a diagnostic) when it cannot be: recursion, generics, ref parameters, returns inside loops.
    /// </summary>
    private Expr? Inline(IInvocationOperation invocation, ScalarType type, string source, List<Stmt>? statementInto = null)
    {
        IMethodSymbol function = invocation.TargetMethod.OriginalDefinition;
        string display = "the local function '" + function.Name + "'";
        if (_localFunctions is null || !_localFunctions.TryGetValue(function, out ILocalFunctionOperation? declaration)
            || (declaration.Body ?? declaration.IgnoredBody) is not { } body)
        {
            // A local function in scope is declared in this body (lambdas, which could hold one, are declined before).
            throw new System.InvalidOperationException("No body for " + display);
        }

        if (_inliningFunctions.Contains(function) || function.IsGenericMethod || function.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            string what = _inliningFunctions.Contains(function) ? "A recursive call to " + display
                : function.IsGenericMethod ? "The generic local function '" + function.Name + "'"
                : "The local function '" + function.Name + "' with a ref, in or out parameter";
            Unsupported(invocation, what, "make it a static [Differentiable] method of the type: calls between [Differentiable] methods, recursion included, are differentiated");
            return null;
        }

        HashSet<IParameterSymbol> assigned = AssignedParameters(body);
        foreach (IArgumentOperation argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            IParameterSymbol parameter = declaration.Symbol.Parameters[argument.Parameter!.Ordinal];
            if (MethodParser.VectorElement(parameter.Type) is not null)
            {
                if (ViewOf(argument.Value) is { } view)
                {
                    _boundViews[parameter] = Materialize(view, parameter.Name, SourceFormatting.OneLine(argument.Value.Syntax));
                    continue;
                }

                Unsupported(argument, "This vector argument of " + display, "pass a vector parameter, a local array or a part of one");
                return null;
            }

            Expr value = Convert(argument.Value);
            if (assigned.Contains(parameter) || value is not (VariableExpr or LiteralExpr or ElementExpr))
            {
                string name = LocalName(parameter.Name);
                _prelude.Add(new DeclareStmt(value.Type.Keyword() + " " + name + " = " + value.Source, name, value.Type, value));
                value = new VariableExpr(value.Type, name, name);
            }

            _bound[parameter] = value;
        }

        foreach (ILocalSymbol local in body.Descendants().OfType<IVariableDeclaratorOperation>().Select(d => d.Symbol))
        {
            _renamed[local] = LocalName(local.Name);
        }

        _inliningFunctions.Add(function);
        try
        {
            if (function.ReturnsVoid)
            {
                InlineStatements(body.Operations, null, statementInto ?? _prelude, display);
                return null;
            }

            IReadOnlyList<IOperation> statements = body.Operations;
            if (statements.Count > 0 && statements[statements.Count - 1] is IReturnOperation { ReturnedValue: { } last }
                && !statements.Take(statements.Count - 1).Any(ContainsReturn))
            {
                foreach (IOperation statement in statements.Take(statements.Count - 1))
                {
                    AddStatement(statement, _prelude);
                }

                return ConvertTo(last, type);
            }

            string result = LocalName(function.Name.Length > 0 ? char.ToLowerInvariant(function.Name[0]) + function.Name.Substring(1) : "result");
            _prelude.Add(new DeclareStmt(type.Keyword() + " " + result, result, type, null));
            InlineStatements(statements, result, _prelude, display);
            return new VariableExpr(type, source, result);
        }
        finally
        {
            _inliningFunctions.Remove(function);
        }
    }

    /// <summary>The parameters a body assigns.</summary>
    private static HashSet<IParameterSymbol> AssignedParameters(IOperation body)
    {
        var assigned = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        foreach (IOperation operation in body.Descendants())
        {
            IOperation? target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation step => step.Target,
                _ => null,
            };
            if (target is IParameterReferenceOperation parameter)
            {
                assigned.Add(parameter.Parameter);
            }
        }

        return assigned;
    }

    private static bool ContainsReturn(IOperation operation) =>
        operation.DescendantsAndSelf().Any(o => o is IReturnOperation);

    private static bool AlwaysReturns(IOperation operation) => operation switch
    {
        IReturnOperation => true,
        IBlockOperation block => block.Operations.Any(AlwaysReturns),
        IConditionalOperation { WhenFalse: { } whenFalse } branch => AlwaysReturns(branch.WhenTrue) && AlwaysReturns(whenFalse),
        _ => false,
    };

    /// <summary>
    /// An inlined body whose returns are not all at its end: a return assigns <paramref name="result"/> (or, in a
    /// void function, just ends), and the statements after an if that may return move into its branch that does not.
    /// </summary>
    private void InlineStatements(IReadOnlyList<IOperation> statements, string? result, List<Stmt> into, string display)
    {
        for (int k = 0; k < statements.Count; k++)
        {
            IOperation statement = statements[k];
            if (statement is IReturnOperation ret)
            {
                if (ret.ReturnedValue is { } value && result is not null)
                {
                    Expr converted = Capture(() => Convert(value), into);
                    into.Add(new AssignStmt("return " + converted.Source, result, converted));
                }

                return;
            }

            if (!ContainsReturn(statement))
            {
                AddStatement(statement, into);
                continue;
            }

            IReadOnlyList<IOperation> rest = statements.Skip(k + 1).ToList();
            if (statement is IBlockOperation block)
            {
                InlineStatements(block.Operations.Concat(rest).ToList(), result, into, display);
                return;
            }

            if (statement is not IConditionalOperation { Type: null } branch)
            {
                Unsupported(statement, "A return inside a loop of " + display, "make the local function a static [Differentiable] method of the type");
                return;
            }

            Expr condition = Capture(() => Convert(branch.Condition), into);
            var then = new List<Stmt>();
            var otherwise = new List<Stmt>();
            _nesting++;
            InlineStatements(Statements(branch.WhenTrue).Concat(AlwaysReturns(branch.WhenTrue) ? Enumerable.Empty<IOperation>() : rest).ToList(), result, then, display);
            bool elseReturns = branch.WhenFalse is not null && AlwaysReturns(branch.WhenFalse);
            InlineStatements((branch.WhenFalse is null ? Enumerable.Empty<IOperation>() : Statements(branch.WhenFalse)).Concat(elseReturns ? Enumerable.Empty<IOperation>() : rest).ToList(), result, otherwise, display);
            _nesting--;
            string header = branch.Syntax is IfStatementSyntax ifSyntax ? "if (" + SourceFormatting.OneLine(ifSyntax.Condition) + ")" : "if";
            into.Add(new IfStmt(header, condition, then.ToEquatableArray(), otherwise.ToEquatableArray()));
            return;
        }
    }

    private static IEnumerable<IOperation> Statements(IOperation operation) =>
        operation is IBlockOperation block ? block.Operations : new[] { operation };
}
