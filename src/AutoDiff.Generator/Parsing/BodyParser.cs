using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Reads a method body through Roslyn's operation tree (conversions explicit, constants folded, calls
/// bound) into <see cref="Stmt"/> and <see cref="Expr"/> records. Anything it does not understand
/// becomes an AD0004/AD0005 diagnostic on the offending syntax.
/// </summary>
internal sealed partial class BodyParser
{

    private readonly SemanticModel _semanticModel;
    private readonly IMethodSymbol _method;
    private readonly CancellationToken _cancellationToken;

    // Vector parameters (inputs, read-only) and local arrays, by name.
    private readonly Dictionary<string, bool> _vectorIsInput = new();

    // Names in the method, so synthesized ones (foreach indices) never collide.
    private HashSet<string>? _names;

    // How many loops and ifs enclose the statement being read.
    private int _nesting;

    // Where the method is, for what generated code there may access.
    private readonly int _position;

    // The method's body, for questions about the whole of it (how a local jagged array's rows are created).
    private IOperation? _root;

    public BodyParser(SemanticModel semanticModel, IMethodSymbol method, CancellationToken cancellationToken)
    {
        _semanticModel = semanticModel;
        _method = method;
        _cancellationToken = cancellationToken;
        _position = method.DeclaringSyntaxReferences.FirstOrDefault()?.Span.Start ?? 0;
        _frame = new Frame(method, semanticModel, inlined: false);
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (MethodParser.VectorElement(parameter.Type) is { } vector)
            {
                // A Span parameter is an output of a vector-valued method: written like a local array.
                _vectorIsInput[parameter.Name] = vector.Shape != ParameterShape.Span;
                _vectorElementTypes[parameter.Name] = vector.Element;
            }
        }
    }

    public List<DiagnosticInfo> Diagnostics { get; } = new();

    /// <summary>Calls to other [Differentiable] methods of this compilation: the pipeline checks their derivatives exist.</summary>
    public List<CallSite> CallSites { get; } = new();

    /// <summary>True when the body does not bind; nothing is generated and the compiler's own errors stand.</summary>
    public bool HasCompileErrors { get; private set; }

    /// <param name="result">For a method returning a tuple or struct: its result, whose leaves' locals are declared first.</param>
    public EquatableArray<Stmt>? Parse(MethodDeclarationSyntax syntax, CompositeResult? result = null)
    {
        // Calls of FGradient and FDerivative do not bind yet (the generator writes them): they are read by name, and the
        // compile-error checks pass over them.
        List<GeneratedCall> derivativeCalls = CallsOfGeneratedDerivatives(syntax);
        _derivativeCalls = derivativeCalls.Where(Readable).ToDictionary(c => c.Invocation);
        IOperation? root = _semanticModel.GetOperation(syntax, _cancellationToken);
        if (CompileErrors.InSyntax(syntax)
            || root is not IMethodBodyOperation body
            || CompileErrors.InOperations(body, IsDerivativeCall)
            || !DerivativeCallArgumentsBind()
            || CompileErrors.InFlow(_semanticModel, _method, syntax, _cancellationToken, DerivativeCallNames()))
        {
            // A call of a generated derivative that cannot be read is reported, and the tape cannot run it either.
            TapeCannotHelp = ReportCallsOfGeneratedDerivatives(derivativeCalls, root);
            HasCompileErrors = !TapeCannotHelp;
            return null;
        }

        TapeCannotHelp |= _derivativeCalls.Count > 0;

        _root = body;
        var statements = new List<Stmt>();
        if (result is not null)
        {
            ScalarType[] types = result.Layout.Leaves().Select(l => l.Type).ToArray();
            for (int i = 0; i < result.Leaves.Count; i++)
            {
                statements.Add(new DeclareStmt(string.Empty, result.Leaves[i], types[i], null));
            }
        }

        IBlockOperation? block = body.BlockBody ?? body.ExpressionBody;
        if (block is not null)
        {
            _localFunctions = LocalFunctions(block);
            AddStatement(block, statements);
        }

        if (Diagnostics.Count > 0 && !HasCompileErrors && CompileErrors.Reported(_semanticModel, syntax, _cancellationToken, DerivativeCallNames()))
        {
            // A rejection of code that does not compile would be noise next to the compiler's errors.
            HasCompileErrors = true;
        }

        return HasCompileErrors || Diagnostics.Count > 0 ? null : statements.ToEquatableArray();
    }

    private void AddStatement(IOperation operation, List<Stmt> into)
    {
        // What the statement's expressions need written out (LINQ loops, inlined calls) goes just before it.
        List<Stmt> prelude = _prelude;
        _prelude = into;
        try
        {
            AddStatementTo(operation, into);
        }
        finally
        {
            _prelude = prelude;
        }
    }

    private void AddStatementTo(IOperation operation, List<Stmt> into)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        string source = SourceFormatting.OneLine(operation.Syntax);
        List<Stmt>? outerSink = _sink;
        _sink = into; // what the statement's expressions compute first goes before it
        try
        {
            AddStatementCore(operation, source, into);
        }
        finally
        {
            _sink = outerSink;
        }
    }

    private void AddStatementCore(IOperation operation, string source, List<Stmt> into)
    {
        switch (operation)
        {
            case IBlockOperation block:
                foreach (IOperation statement in block.Operations)
                {
                    AddStatement(statement, into);
                }

                break;

            case IVariableDeclarationGroupOperation group:
                foreach (IVariableDeclarationOperation declaration in group.Declarations)
                {
                    foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                    {
                        AddDeclaration(declaration, declarator, source, into);
                    }
                }

                break;

            case IExpressionStatementOperation expression:
                AddExpressionStatement(expression.Operation, source, into);
                break;

            case IConditionalOperation conditional when conditional.Type is null:
                var then = new List<Stmt>();
                var otherwise = new List<Stmt>();
                _nesting++;
                AddStatement(conditional.WhenTrue, then);
                if (conditional.WhenFalse is not null)
                {
                    AddStatement(conditional.WhenFalse, otherwise);
                }

                _nesting--;

                string header = operation.Syntax is IfStatementSyntax ifSyntax
                    ? "if (" + SourceFormatting.OneLine(ifSyntax.Condition) + ")"
                    : source;
                _sink = into;
                into.Add(new IfStmt(header, Convert(conditional.Condition), then.ToEquatableArray(), otherwise.ToEquatableArray()));
                break;

            case IReturnOperation { ReturnedValue: { } value } when _result is not null:
                AddCompositeReturn(value, source, into);
                break;

            case IReturnOperation { ReturnedValue: { } value }:
                into.Add(new ReturnStmt(source, Convert(value)));
                break;

            case IReturnOperation when _method.ReturnsVoid:
                {
                    // return; in a vector-valued method: a return of a dummy value of the outputs' type, so the jump
                    // normalizers restructure the code after it; lowering then drops returns of void methods.
                    ScalarType outputs = _method.Parameters.Select(p => MethodParser.VectorElement(p.Type))
                        .FirstOrDefault(v => v?.Shape == ParameterShape.Span)?.Element ?? ScalarType.Double;
                    string zero = outputs == ScalarType.Float ? "0f" : "0.0";
                    into.Add(new ReturnStmt(source, Literals.Make(Model.Constant.Real(0, outputs), zero)));
                    break;
                }

            case ILoopOperation loop when NeverEnds(loop):
                Unsupported(operation, "A loop that never ends", "give it a condition, a break or a return");
                break;

            case IForLoopOperation forLoop:
                foreach (IOperation before in forLoop.Before)
                {
                    AddStatement(before, into);
                }

                {
                    var atTop = new List<Stmt>();
                    Expr condition = forLoop.Condition is null ? Literals.Make(Model.Constant.Boolean(true), "true") : LoopCondition(forLoop.Condition, atTop);
                    into.Add(new LoopStmt(LoopHeader(forLoop), condition, Nested(atTop, forLoop.Body), Nested(forLoop.AtLoopBottom.ToArray()), TestFirst: true));
                    break;
                }

            case IWhileLoopOperation whileLoop when whileLoop.Condition is not null:
                {
                    // A condition that needs statements goes at the top of a while loop's body, and at the bottom of a
                    // do loop's when no continue would skip it.
                    var atTop = new List<Stmt>();
                    var atBottom = new List<Stmt>();
                    List<Stmt>? prelude = whileLoop.ConditionIsUntil ? null
                        : whileLoop.ConditionIsTop ? atTop
                        : Continues(whileLoop) ? null : atBottom;
                    Expr condition = LoopCondition(whileLoop.Condition, prelude);
                    if (whileLoop.ConditionIsUntil)
                    {
                        condition = new UnaryExpr(ScalarType.Bool, condition.Source, UnaryOperator.Not, condition);
                    }

                    EquatableArray<Stmt> body = Nested(atTop, whileLoop.Body);
                    into.Add(new LoopStmt(LoopHeader(whileLoop), condition, atBottom.Count == 0 ? body : body.Concat(atBottom).ToEquatableArray(), EquatableArray<Stmt>.Empty, whileLoop.ConditionIsTop));
                    break;
                }

            case IForEachLoopOperation forEach:
                AddForEach(forEach, into);
                break;

            case IBranchOperation { BranchKind: BranchKind.Break }:
                into.Add(new BreakStmt(source));
                break;

            case IBranchOperation { BranchKind: BranchKind.Continue }:
                into.Add(new ContinueStmt(source));
                break;

            case IEmptyOperation:
                break;

            case ILocalFunctionOperation:
                break; // inlined where it is called

            case IThrowOperation thrown:
                into.Add(ThrowStatement(thrown));
                break;

            case IInvalidOperation:
                HasCompileErrors = true;
                break;

            default:
                Unsupported(operation, StatementName(operation), StatementAdvice(operation));
                break;
        }
    }

    private void AddDeclaration(IVariableDeclarationOperation declaration, IVariableDeclaratorOperation declarator, string source, List<Stmt> into)
    {
        ILocalSymbol local = declarator.Symbol;
        if (local.IsConst)
        {
            return; // uses are folded to their value by the compiler
        }

        IVariableInitializerOperation? initializer = declarator.Initializer ?? declaration.Initializer;
        if (AddCompositeDeclaration(declarator, local, initializer, source, into))
        {
            return;
        }

        if (MethodParser.VectorElement(local.Type) is { } vector)
        {
            AddVectorLocal(declarator, local, vector.Element, initializer, source, into);
            return;
        }

        ScalarType? type = MethodParser.SignatureType(local.Type);
        if (type is null || local.IsRef)
        {
            Unsupported(declarator, $"A local of type '{local.Type.ToDisplayString()}'", "keep values in double, float, int, long or bool locals, and vectors in double[] or Span<double> locals");
            return;
        }

        Expr? value = initializer is null ? null : Convert(initializer.Value);
        into.Add(new DeclareStmt(source, NameOf(local), type.Value, value));
    }

    private void AddExpressionStatement(IOperation operation, string source, List<Stmt> into)
    {
        if (AddCompositeAssignment(operation, source, into))
        {
            return;
        }

        switch (operation)
        {
            case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } local:
                Inline(local, ScalarType.Double, source, into);
                return;

            case IInvocationOperation helper when TryAddSpanHelper(helper, source, into) || TryAddGuardCall(helper, source, into):
                return;

            case IThrowOperation thrown:
                into.Add(ThrowStatement(thrown));
                return;

            case ISimpleAssignmentOperation assignment when IsElement(assignment.Target):
                {
                    (string array, Expr index)? element = StoreTarget(assignment.Target);
                    if (element is { } e)
                    {
                        into.Add(new StoreStmt(source, e.array, e.index, Convert(assignment.Value)));
                    }

                    return;
                }

            case ICompoundAssignmentOperation compound when IsElement(compound.Target)
                && BinaryOperatorOf(compound.OperatorKind) is { } op
                && (compound.OperatorMethod is null || IsGeneric(compound.Target)):
                {
                    (string array, Expr index)? element = StoreTarget(compound.Target);
                    if (element is { } e)
                    {
                        ScalarType type = TypeOf(compound.Target);
                        Expr current = new ElementExpr(type, SourceFormatting.OneLine(compound.Target.Syntax), e.array, e.index);
                        into.Add(new StoreStmt(source, e.array, e.index, new BinaryExpr(type, source, op, current, ConvertTo(compound.Value, type))));
                    }

                    return;
                }

            case IIncrementOrDecrementOperation step when IsElement(step.Target) && step.OperatorMethod is null:
                {
                    (string array, Expr index)? element = StoreTarget(step.Target);
                    if (element is { } e)
                    {
                        ScalarType type = TypeOf(step.Target);
                        Expr current = new ElementExpr(type, SourceFormatting.OneLine(step.Target.Syntax), e.array, e.index);
                        var one = Literals.Make(Literals.From(1, type), "1");
                        BinaryOperator op = step.Kind == OperationKind.Increment ? BinaryOperator.Add : BinaryOperator.Subtract;
                        into.Add(new StoreStmt(source, e.array, e.index, new BinaryExpr(type, source, op, current, one)));
                    }

                    return;
                }

            case ISimpleAssignmentOperation assignment when ViewOf(assignment.Target) is not null:
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedVectorUse,
                    LocationInfo.From(assignment.Syntax),
                    "Assigning a whole vector",
                    "declare each local array or span once and write its elements, or copy into it with source.CopyTo(target)"));
                return;

            case ISimpleAssignmentOperation assignment when TargetName(assignment.Target) is { } name:
                into.Add(new AssignStmt(source, name, Convert(assignment.Value)));
                return;

            case ICompoundAssignmentOperation compound when TargetName(compound.Target) is { } name
                && BinaryOperatorOf(compound.OperatorKind) is { } op
                && (compound.OperatorMethod is null || IsGeneric(compound.Target)):
                {
                    ScalarType targetType = TypeOf(compound.Target);
                    Expr left = new VariableExpr(targetType, name, name);
                    Expr right = Convert(compound.Value);
                    ScalarType opType = compound.InConversion.IsIdentity ? targetType : TypeOf(compound.Value);
                    if (opType != targetType)
                    {
                        left = new CastExpr(opType, name, left);
                    }

                    Expr result = new BinaryExpr(opType, source, op, left, right);
                    into.Add(new AssignStmt(source, name, opType == targetType ? result : new CastExpr(targetType, source, result)));
                    return;
                }

            case IIncrementOrDecrementOperation step when TargetName(step.Target) is { } name && step.OperatorMethod is null:
                {
                    ScalarType type = TypeOf(step.Target);
                    var one = Literals.Make(Literals.From(1, type), "1");
                    BinaryOperator op = step.Kind == OperationKind.Increment ? BinaryOperator.Add : BinaryOperator.Subtract;
                    into.Add(new AssignStmt(source, name, new BinaryExpr(type, source, op, new VariableExpr(type, name, name), one)));
                    return;
                }

            case IInvocationOperation invocation when invocation.TargetMethod.ReturnsVoid
                && !HasAttribute(invocation.TargetMethod, MethodParser.DifferentiableAttribute)
                && !CustomDerivatives.Find(invocation.TargetMethod, _method.ContainingType).Any:
                Unsupported(
                    operation,
                    $"The call to '{invocation.TargetMethod.ContainingType.Name}.{invocation.TargetMethod.Name}'",
                    "a call that returns nothing must write its results into local arrays and have a pullback and a pushforward marked [DerivativeOf]; move other side effects (printing, logging) out of the method (guards such as ThrowIfNegative and Debug.Assert are kept)");
                return;

            case IInvocationOperation invocation when invocation.TargetMethod.ReturnsVoid:
                // A void call with derivatives; anything else has its diagnostic from ConvertCall.
                if (ConvertCall(invocation, ScalarType.Double, source) is CustomCallExpr call)
                {
                    into.Add(new CallStmt(source, call));
                }

                return;

            case IInvalidOperation when DerivativeCallOf(operation) is { } derivativeCall:
                AddDerivativeCall(derivativeCall, null, into);
                return;

            case IInvalidOperation:
                HasCompileErrors = true;
                return;

            default:
                Unsupported(operation, "This statement", "a [Differentiable] method may only assign locals and parameters; move side effects out of it");
                return;
        }
    }

    private string? TargetName(IOperation target) => target switch
    {
        ILocalReferenceOperation local => NameOf(local.Local),
        IParameterReferenceOperation parameter when _bound.TryGetValue(parameter.Parameter, out Expr? bound) => (bound as VariableExpr)?.Name,
        IParameterReferenceOperation parameter => parameter.Parameter.Name,
        _ => null,
    };

    private ScalarType TypeOf(IOperation operation) =>
        operation.Type is { } type && MethodParser.SignatureType(type) is { } scalar ? scalar : ScalarType.Double;

    /// <summary>Converts an expression; on failure records a diagnostic and returns a placeholder.</summary>
    private Expr Convert(IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        string source = SourceFormatting.OneLine(operation.Syntax);
        if (DerivativeCallOf(operation) is { } derivativeCall)
        {
            return AddDerivativeCall(derivativeCall, ResultTypeOf(derivativeCall), _prelude) ?? Placeholder(source);
        }

        if (operation is IInvalidOperation)
        {
            HasCompileErrors = true;
            return Placeholder(source);
        }

        if (ExternalData(operation, source) is { } data)
        {
            return data;
        }

        if (ConvertSpecial(operation, source) is { } special)
        {
            return special;
        }

        if (operation is IArrayElementReferenceOperation or IImplicitIndexerReferenceOperation
            || (operation is IPropertyReferenceOperation { Property.IsIndexer: true, Instance.Type: { } indexed } && MethodParser.VectorElement(indexed) is not null))
        {
            return ElementOf(operation) ?? Placeholder(source);
        }

        if (operation is IPropertyReferenceOperation { Property.Name: "Length", Instance: { } measured } && ViewOf(measured) is { } measuredView)
        {
            return measuredView.Whole ? new LengthExpr(ScalarType.Int, source, measuredView.Name) : measuredView.Length!;
        }

        if (operation is IParameterReferenceOperation { Parameter: { } lambdaParameter } && _bound.TryGetValue(lambdaParameter, out Expr? boundValue))
        {
            return boundValue;
        }

        if (operation is ILocalReferenceOperation { Local: { } patternLocal } && _boundLocals.TryGetValue(patternLocal, out Expr? boundLocal))
        {
            return boundLocal;
        }

        ScalarType? type = operation.Type is null ? null : MethodParser.SignatureType(operation.Type);
        if (type is null && WithoutConversions(operation) is { Type: { } vectorType } vector && MethodParser.VectorElement(vectorType) is not null)
        {
            // A vector seen as an object (x == null, say).
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(operation.Syntax),
                $"The vector '{SourceFormatting.OneLine(vector.Syntax)}' used as a value",
                "read its elements, pass it to a call, or copy it into a local array with CopyTo; check it for null with ArgumentNullException.ThrowIfNull, which is kept"));
            return Placeholder(source);
        }

        if (type is null)
        {
            string typeName = operation.Type?.ToDisplayString() ?? "an untyped value";
            Unsupported(operation, $"A value of type '{typeName}'", "only double, float, int, long and bool values, and vectors (ReadOnlySpan<double>, double[], local arrays) are supported");
            return Placeholder(source);
        }

        if (operation.ConstantValue is { HasValue: true, Value: { } constant })
        {
            return new LiteralExpr(type.Value, source, Literals.From(constant, type.Value));
        }

        switch (operation)
        {
            case IConversionOperation conversion when conversion.OperatorMethod is null:
                {
                    Expr operand = Convert(conversion.Operand);
                    return operand.Type == type ? operand : new CastExpr(type.Value, source, operand);
                }

            case IParenthesizedOperation parenthesized:
                return Convert(parenthesized.Operand);

            case ILocalReferenceOperation local:
                return new VariableExpr(type.Value, source, NameOf(local.Local));

            case IParameterReferenceOperation parameter:
                return new VariableExpr(type.Value, source, parameter.Parameter.Name);

            case IFieldReferenceOperation { Field.IsStatic: true } field:
                return new ExternalValueExpr(type.Value, source, QualifiedMember(field.Field));

            case IPropertyReferenceOperation { Property.IsStatic: true, Arguments.Length: 0 } property:
                return new ExternalValueExpr(type.Value, source, QualifiedMember(property.Property));

            case IUnaryOperation unary when unary.OperatorMethod is null && UnaryOperatorOf(unary.OperatorKind) is { } op:
                return new UnaryExpr(type.Value, source, op, Convert(unary.Operand));

            case IBinaryOperation binary when binary.OperatorMethod is null && ConvertShortCircuit(binary, source) is { } shortCircuit:
                return shortCircuit;

            case IBinaryOperation binary when binary.OperatorMethod is null && BinaryOperatorOf(binary.OperatorKind) is { } op:
                return new BinaryExpr(type.Value, source, op, Convert(binary.LeftOperand), Convert(binary.RightOperand));

            case IConditionalOperation { WhenFalse: not null } conditional:
                return ConvertConditional(conditional, type.Value, source);

            case ISwitchExpressionOperation switchExpression:
                return ConvertSwitch(switchExpression, type.Value, source);

            case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } local:
                return Inline(local, type.Value, source) ?? Placeholder(source);

            case IInvocationOperation invocation when ConvertLinq(invocation, type.Value, source) is { } lowered:
                return lowered;

            case IInvocationOperation invocation:
                return ConvertCall(invocation, type.Value, source);

            default:
                Unsupported(operation, ExpressionName(operation), "rewrite it with arithmetic, comparisons, Math functions and calls to [Differentiable] methods");
                return Placeholder(source);
        }
    }

    private static string QualifiedType(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private static string QualifiedMember(ISymbol member) => QualifiedType(member.ContainingType) + "." + member.Name;

    private static Expr Placeholder(string source) => Literals.Make(Model.Constant.Real(0), source);

    private void Unsupported(IOperation operation, string what, string advice) =>
        Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedSyntax, LocationInfo.From(operation.Syntax), what, advice));

    private static UnaryOperator? UnaryOperatorOf(UnaryOperatorKind kind) => kind switch
    {
        UnaryOperatorKind.Minus => UnaryOperator.Negate,
        UnaryOperatorKind.Plus => UnaryOperator.Plus,
        UnaryOperatorKind.Not => UnaryOperator.Not,
        _ => null,
    };

    private static BinaryOperator? BinaryOperatorOf(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => BinaryOperator.Add,
        BinaryOperatorKind.Subtract => BinaryOperator.Subtract,
        BinaryOperatorKind.Multiply => BinaryOperator.Multiply,
        BinaryOperatorKind.Divide => BinaryOperator.Divide,
        BinaryOperatorKind.Remainder => BinaryOperator.Remainder,
        BinaryOperatorKind.Equals => BinaryOperator.Equal,
        BinaryOperatorKind.NotEquals => BinaryOperator.NotEqual,
        BinaryOperatorKind.LessThan => BinaryOperator.Less,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperator.LessOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOperator.Greater,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperator.GreaterOrEqual,
        BinaryOperatorKind.ConditionalAnd => BinaryOperator.ConditionalAnd,
        BinaryOperatorKind.ConditionalOr => BinaryOperator.ConditionalOr,
        BinaryOperatorKind.And => BinaryOperator.And,
        BinaryOperatorKind.Or => BinaryOperator.Or,
        BinaryOperatorKind.ExclusiveOr => BinaryOperator.ExclusiveOr,
        _ => null,
    };

    private static string StatementName(IOperation operation) => operation switch
    {
        ILoopOperation => "A loop", // in an inlined struct member (AD0031)
        ISwitchOperation => "A switch statement",
        ITryOperation => "A try statement",
        IBranchOperation => "A jump statement",
        IUsingOperation => "A using statement",
        ILockOperation => "A lock statement",
        _ => "This statement",
    };

    private static string StatementAdvice(IOperation operation) => operation switch
    {
        ISwitchOperation => "rewrite it with if/else, or as a switch expression",
        _ => "rewrite the method with locals, assignments, if/else and return",
    };

    private static string ExpressionName(IOperation operation) => operation switch
    {
        IAssignmentOperation => "An assignment inside an expression",
        IIncrementOrDecrementOperation => "An increment inside an expression",
        IFieldReferenceOperation => "An instance field",
        IPropertyReferenceOperation => "An instance property or indexer",
        _ => $"The expression '{SourceFormatting.OneLine(operation.Syntax)}'",
    };
}

/// <summary>Folded constants as typed <see cref="Constant"/>s.</summary>
internal static class Literals
{
    public static Constant From(object value, ScalarType type) => type switch
    {
        ScalarType.Bool => Model.Constant.Boolean(value is true),
        ScalarType.Int or ScalarType.Long => Model.Constant.Integer(System.Convert.ToInt64(value, CultureInfo.InvariantCulture), type),
        _ => Model.Constant.Real(System.Convert.ToDouble(value, CultureInfo.InvariantCulture), type),
    };

    /// <summary>A literal the parser makes itself, its source text the value.</summary>
    public static LiteralExpr Make(Constant value, string? source = null) => new(value.Type, source ?? string.Empty, value);
}
