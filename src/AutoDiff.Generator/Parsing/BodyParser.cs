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
internal sealed class BodyParser
{

    private readonly SemanticModel _semanticModel;
    private readonly IMethodSymbol _method;
    private readonly CancellationToken _cancellationToken;
    private readonly bool _followCallees;

    // Each callee is checked once per method, however often it is called.
    private readonly Dictionary<IMethodSymbol, string?> _calleeProblems = new(SymbolEqualityComparer.Default);

    // Vector parameters (inputs, read-only) and local arrays, by name.
    private readonly Dictionary<string, bool> _vectorIsInput = new();

    // Names in the method, so synthesized ones (foreach indices) never collide.
    private HashSet<string>? _names;

    // How many loops and ifs enclose the statement being read.
    private int _nesting;

    /// <param name="followCallees">Check that each [Differentiable] callee gets derivatives (one level deep).</param>
    public BodyParser(SemanticModel semanticModel, IMethodSymbol method, CancellationToken cancellationToken, bool followCallees = true)
    {
        _semanticModel = semanticModel;
        _method = method;
        _cancellationToken = cancellationToken;
        _followCallees = followCallees;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (MethodParser.VectorElement(parameter.Type) is { } vector)
            {
                // A Span parameter is an output of a vector-valued method: written like a local array.
                _vectorIsInput[parameter.Name] = vector.Shape != ParameterShape.Span;
            }
        }
    }

    public List<DiagnosticInfo> Diagnostics { get; } = new();

    /// <summary>True when the body does not bind; nothing is generated and the compiler's own errors stand.</summary>
    public bool HasCompileErrors { get; private set; }

    public EquatableArray<Stmt>? Parse(MethodDeclarationSyntax syntax)
    {
        if (_semanticModel.GetDiagnostics(syntax.Span, _cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            HasCompileErrors = true;
            return null;
        }

        if (_semanticModel.GetOperation(syntax, _cancellationToken) is not IMethodBodyOperation body)
        {
            HasCompileErrors = true;
            return null;
        }

        var statements = new List<Stmt>();
        IBlockOperation? block = body.BlockBody ?? body.ExpressionBody;
        if (block is not null)
        {
            AddStatement(block, statements);
        }

        return HasCompileErrors || Diagnostics.Count > 0 ? null : statements.ToEquatableArray();
    }

    private void AddStatement(IOperation operation, List<Stmt> into)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        string source = SourceFormatting.OneLine(operation.Syntax);
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
                into.Add(new IfStmt(header, Convert(conditional.Condition), then.ToEquatableArray(), otherwise.ToEquatableArray()));
                break;

            case IReturnOperation { ReturnedValue: { } value }:
                into.Add(new ReturnStmt(source, Convert(value)));
                break;

            case ILoopOperation loop when NeverEnds(loop):
                Unsupported(operation, "A loop that never ends", "give it a condition, a break or a return");
                break;

            case IForLoopOperation forLoop:
                foreach (IOperation before in forLoop.Before)
                {
                    AddStatement(before, into);
                }

                into.Add(new LoopStmt(
                    LoopHeader(forLoop),
                    forLoop.Condition is null ? new LiteralExpr(ScalarType.Bool, "true", "true") : Convert(forLoop.Condition),
                    Nested(forLoop.Body),
                    Nested(forLoop.AtLoopBottom.ToArray()),
                    TestFirst: true));
                break;

            case IWhileLoopOperation whileLoop when whileLoop.Condition is not null:
                {
                    Expr condition = Convert(whileLoop.Condition);
                    if (whileLoop.ConditionIsUntil)
                    {
                        condition = new UnaryExpr(ScalarType.Bool, condition.Source, UnaryOperator.Not, condition);
                    }

                    into.Add(new LoopStmt(LoopHeader(whileLoop), condition, Nested(whileLoop.Body), EquatableArray<Stmt>.Empty, whileLoop.ConditionIsTop));
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
        if (MethodParser.VectorElement(local.Type) is { } vector)
        {
            AddArrayDeclaration(declarator, local, vector.Element, initializer, source, into);
            return;
        }

        ScalarType? type = MethodParser.SignatureType(local.Type);
        if (type is null || local.IsRef)
        {
            Unsupported(declarator, $"A local of type '{local.Type.ToDisplayString()}'", "use double, float, int, long or bool locals");
            return;
        }

        Expr? value = initializer is null ? null : Convert(initializer.Value);
        into.Add(new DeclareStmt(source, local.Name, type.Value, value));
    }

    private void AddExpressionStatement(IOperation operation, string source, List<Stmt> into)
    {
        switch (operation)
        {
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
                && compound.OperatorMethod is null:
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
                        var one = new LiteralExpr(type, "1", Literals.Format(1, type));
                        BinaryOperator op = step.Kind == OperationKind.Increment ? BinaryOperator.Add : BinaryOperator.Subtract;
                        into.Add(new StoreStmt(source, e.array, e.index, new BinaryExpr(type, source, op, current, one)));
                    }

                    return;
                }

            case ISimpleAssignmentOperation assignment when VectorName(assignment.Target) is not null:
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedVectorUse,
                    LocationInfo.From(assignment.Syntax),
                    "Assigning a whole vector",
                    "declare each local array once and write its elements"));
                return;

            case ISimpleAssignmentOperation assignment when TargetName(assignment.Target) is { } name:
                into.Add(new AssignStmt(source, name, Convert(assignment.Value)));
                return;

            case ICompoundAssignmentOperation compound when TargetName(compound.Target) is { } name
                && BinaryOperatorOf(compound.OperatorKind) is { } op
                && compound.OperatorMethod is null:
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
                    var one = new LiteralExpr(type, "1", Literals.Format(1, type));
                    BinaryOperator op = step.Kind == OperationKind.Increment ? BinaryOperator.Add : BinaryOperator.Subtract;
                    into.Add(new AssignStmt(source, name, new BinaryExpr(type, source, op, new VariableExpr(type, name, name), one)));
                    return;
                }

            case IInvocationOperation invocation when invocation.TargetMethod.ReturnsVoid
                && !invocation.TargetMethod.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == MethodParser.DifferentiableAttribute)
                && !CustomDerivatives.Find(invocation.TargetMethod, _method.ContainingType).Any:
                Unsupported(operation, $"The call to '{invocation.TargetMethod.ContainingType.Name}.{invocation.TargetMethod.Name}'", "a void call must write local arrays and have derivatives marked [DerivativeOf]; move other side effects out of the method");
                return;

            case IInvocationOperation invocation when invocation.TargetMethod.ReturnsVoid:
                if (ConvertCall(invocation, ScalarType.Double, source) is CustomCallExpr call)
                {
                    into.Add(new CallStmt(source, call));
                }
                else if (Diagnostics.Count == 0)
                {
                    Unsupported(operation, "This call", "a void call must write its results into local arrays and have derivatives marked [DerivativeOf]");
                }

                return;

            case IInvalidOperation:
                HasCompileErrors = true;
                return;

            default:
                Unsupported(operation, "This statement", "a [Differentiable] method may only assign locals and parameters; move side effects out of it");
                return;
        }
    }

    /// <summary><c>while (true)</c> or <c>for (;;)</c> with no break out of it and no return in it.</summary>
    private static bool NeverEnds(ILoopOperation loop)
    {
        IOperation? condition = loop switch
        {
            IForLoopOperation f => f.Condition,
            IWhileLoopOperation w => w.Condition,
            _ => loop,
        };
        bool alwaysTrue = condition is null || condition.ConstantValue is { HasValue: true, Value: true };
        return alwaysTrue && !loop.Body.DescendantsAndSelf().Any(o =>
            o is IReturnOperation || (o is IBranchOperation { BranchKind: BranchKind.Break } b && SymbolEqualityComparer.Default.Equals(b.Target, loop.ExitLabel)));
    }

    /// <summary>Reads a loop body or step, one nesting level deeper.</summary>
    private EquatableArray<Stmt> Nested(params IOperation[] operations)
    {
        var statements = new List<Stmt>();
        _nesting++;
        foreach (IOperation operation in operations)
        {
            AddStatement(operation, statements);
        }

        _nesting--;
        return statements.ToEquatableArray();
    }

    /// <summary>The loop's first line as written, up to its closing parenthesis: <c>for (int i = 0; i &lt; n; i++)</c>.</summary>
    private static string LoopHeader(ILoopOperation loop)
    {
        SyntaxNode syntax = loop.Syntax;
        SyntaxToken close = syntax switch
        {
            ForStatementSyntax f => f.CloseParenToken,
            ForEachStatementSyntax f => f.CloseParenToken,
            WhileStatementSyntax w => w.CloseParenToken,
            _ => default,
        };
        if (syntax is DoStatementSyntax doLoop)
        {
            return "do ... while (" + SourceFormatting.OneLine(doLoop.Condition) + ")";
        }

        string text = close == default ? syntax.ToString() : syntax.ToString().Substring(0, close.Span.End - syntax.SpanStart);
        return string.Join(" ", text.Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary><c>foreach (double v in w)</c> becomes an indexed loop over <c>w</c>.</summary>
    private void AddForEach(IForEachLoopOperation forEach, List<Stmt> into)
    {
        string? collection = VectorName(forEach.Collection);
        if (collection is null || forEach.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { } variable }
            || MethodParser.SignatureType(variable.Type) is not { } type)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(forEach.Collection.Syntax),
                "A foreach over '" + SourceFormatting.OneLine(forEach.Collection.Syntax) + "'",
                "foreach works over a vector parameter or a local array; for other collections use an indexed loop"));
            return;
        }

        string index = FreshName(variable.Name + "Index");
        var indexExpr = new VariableExpr(ScalarType.Int, index, index);
        into.Add(new DeclareStmt("int " + index + " = 0", index, ScalarType.Int, new LiteralExpr(ScalarType.Int, "0", "0")));
        var body = new List<Stmt>
        {
            new DeclareStmt(variable.Name + " = " + collection + "[" + index + "]", variable.Name, type, ConvertElement(new ElementExpr(type, collection + "[" + index + "]", collection, indexExpr), type)),
        };
        body.AddRange(Nested(forEach.Body));
        var one = new LiteralExpr(ScalarType.Int, "1", "1");
        var step = new Stmt[] { new AssignStmt(index + "++", index, new BinaryExpr(ScalarType.Int, index + " + 1", BinaryOperator.Add, indexExpr, one)) };
        var condition = new BinaryExpr(ScalarType.Bool, index + " < " + collection + ".Length", BinaryOperator.Less, indexExpr, new LengthExpr(ScalarType.Int, collection + ".Length", collection));
        into.Add(new LoopStmt(LoopHeader(forEach), condition, body.ToEquatableArray(), step.ToEquatableArray(), TestFirst: true));
    }

    private Expr ConvertElement(ElementExpr element, ScalarType type) => element.Type == type ? element : new CastExpr(type, element.Source, element);

    private string FreshName(string candidate)
    {
        if (_names is null)
        {
            _names = new HashSet<string>(_method.Parameters.Select(p => p.Name));
            foreach (SyntaxReference reference in _method.DeclaringSyntaxReferences)
            {
                foreach (SyntaxToken token in reference.GetSyntax(_cancellationToken).DescendantTokens())
                {
                    if (token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken))
                    {
                        _names.Add(token.ValueText);
                    }
                }
            }
        }

        string name = candidate;
        for (int i = 1; !_names.Add(name); i++)
        {
            name = candidate + i.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary><c>new double[n]</c> or <c>stackalloc double[n]</c>, declared once at the top level.</summary>
    private void AddArrayDeclaration(
        IVariableDeclaratorOperation declarator, ILocalSymbol local, ScalarType element, IVariableInitializerOperation? initializer, string source, List<Stmt> into)
    {
        SyntaxNode? value = (declarator.Syntax as VariableDeclaratorSyntax)?.Initializer?.Value;
        Expr? length = null;
        if (initializer?.Value is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation)
        {
            length = Convert(creation.DimensionSizes[0]);
        }
        else if (value is StackAllocArrayCreationExpressionSyntax { Initializer: null, Type: ArrayTypeSyntax { RankSpecifiers: [{ Sizes: [{ } size] }] } }
            && _semanticModel.GetOperation(size, _cancellationToken) is { } sizeOperation)
        {
            length = Convert(sizeOperation);
        }

        if (length is null || local.IsRef)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(declarator.Syntax),
                $"The vector local '{local.Name}'",
                "declare local arrays as 'new double[n]' or 'stackalloc double[n]' (zeroed) and fill them with a loop"));
            return;
        }

        _vectorIsInput[local.Name] = false;
        if (_nesting > 0)
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArrayNotAtTopLevel, LocationInfo.From(declarator.Syntax), local.Name));
            return;
        }

        into.Add(new ArrayDeclStmt(source, local.Name, element, length));
    }

    private bool IsElement(IOperation target) => target switch
    {
        IArrayElementReferenceOperation => true,
        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } => VectorName(instance) is not null,
        IImplicitIndexerReferenceOperation => true,
        _ => false,
    };

    /// <summary>The array and index of an element that is written; reports writes to input vectors.</summary>
    private (string Array, Expr Index)? StoreTarget(IOperation target)
    {
        if (ElementOf(target) is not ElementExpr element)
        {
            return null;
        }

        if (_vectorIsInput.TryGetValue(element.Array, out bool input) && input)
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputVectorWritten, LocationInfo.From(target.Syntax), element.Array, _method.Name));
            return null;
        }

        return (element.Array, element.Index);
    }

    /// <summary>An element read of a vector parameter or local array, or null (with a diagnostic) for anything else.</summary>
    private Expr? ElementOf(IOperation operation)
    {
        (IOperation? instance, IOperation? index) = operation switch
        {
            IArrayElementReferenceOperation { Indices.Length: 1 } array => (array.ArrayReference, array.Indices[0]),
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer => (indexer.Instance, indexer.Arguments[0].Value),
            IImplicitIndexerReferenceOperation implicitIndexer => (implicitIndexer.Instance, implicitIndexer.Argument),
            _ => (null, null),
        };
        string? name = instance is null ? null : VectorName(instance);
        if (name is null || index is null || operation.Type is null || MethodParser.SignatureType(operation.Type) is not { } type)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(operation.Syntax),
                "The element access '" + SourceFormatting.OneLine(operation.Syntax) + "'",
                "index a vector parameter or a local array with one int index (ranges, slices and nested arrays are not supported)"));
            return null;
        }

        string source = SourceFormatting.OneLine(operation.Syntax);
        Expr indexExpr;
        if (index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd)
        {
            // w[^k] is w[w.Length - k].
            indexExpr = new BinaryExpr(
                ScalarType.Int, source, BinaryOperator.Subtract, new LengthExpr(ScalarType.Int, name + ".Length", name), Convert(fromEnd.Operand));
        }
        else if (index.Type?.SpecialType == SpecialType.System_Int32)
        {
            indexExpr = Convert(index);
        }
        else
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(index.Syntax),
                "The index '" + SourceFormatting.OneLine(index.Syntax) + "'",
                "use an int index or ^k"));
            return null;
        }

        return new ElementExpr(type, source, name, indexExpr);
    }

    /// <summary>The name of a vector parameter or local array that <paramref name="operation"/> refers to.</summary>
    private string? VectorName(IOperation operation)
    {
        // double[] → ReadOnlySpan<double> and Span → ReadOnlySpan are conversions of the same vector.
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        string? name = TargetName(operation);
        return name is not null && _vectorIsInput.ContainsKey(name) ? name : null;
    }

    private Expr ConvertTo(IOperation operation, ScalarType type)
    {
        Expr value = Convert(operation);
        return value.Type == type ? value : new CastExpr(type, value.Source, value);
    }

    private static string? TargetName(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local.Name,
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
        if (operation is IInvalidOperation)
        {
            HasCompileErrors = true;
            return Placeholder(source);
        }

        if (operation is IArrayElementReferenceOperation or IImplicitIndexerReferenceOperation
            || (operation is IPropertyReferenceOperation { Property.IsIndexer: true, Instance.Type: { } indexed } && MethodParser.VectorElement(indexed) is not null))
        {
            return ElementOf(operation) ?? Placeholder(source);
        }

        if (operation is IPropertyReferenceOperation { Property.Name: "Length", Instance: { } measured } && VectorName(measured) is { } measuredName)
        {
            return new LengthExpr(ScalarType.Int, source, measuredName);
        }

        ScalarType? type = operation.Type is null ? null : MethodParser.SignatureType(operation.Type);
        if (type is null)
        {
            string typeName = operation.Type?.ToDisplayString() ?? "an untyped value";
            Unsupported(operation, $"A value of type '{typeName}'", "only double, float, int, long and bool values, and vectors (ReadOnlySpan<double>, double[], local arrays) are supported");
            return Placeholder(source);
        }

        if (operation.ConstantValue is { HasValue: true, Value: { } constant })
        {
            return new LiteralExpr(type.Value, source, Literals.Format(constant, type.Value));
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
                return new VariableExpr(type.Value, source, local.Local.Name);

            case IParameterReferenceOperation parameter:
                return new VariableExpr(type.Value, source, parameter.Parameter.Name);

            case IFieldReferenceOperation { Field.IsStatic: true } field:
                return new ExternalValueExpr(type.Value, source, QualifiedMember(field.Field));

            case IPropertyReferenceOperation { Property.IsStatic: true, Arguments.Length: 0 } property:
                return new ExternalValueExpr(type.Value, source, QualifiedMember(property.Property));

            case IUnaryOperation unary when unary.OperatorMethod is null && UnaryOperatorOf(unary.OperatorKind) is { } op:
                return new UnaryExpr(type.Value, source, op, Convert(unary.Operand));

            case IBinaryOperation binary when binary.OperatorMethod is null && BinaryOperatorOf(binary.OperatorKind) is { } op:
                return new BinaryExpr(type.Value, source, op, Convert(binary.LeftOperand), Convert(binary.RightOperand));

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return new ConditionalExpr(type.Value, source, Convert(conditional.Condition), Convert(conditional.WhenTrue), Convert(whenFalse));

            case IInvocationOperation invocation:
                return ConvertCall(invocation, type.Value, source);

            default:
                Unsupported(operation, ExpressionName(operation), "rewrite it with arithmetic, Math functions and calls to [Differentiable] methods");
                return Placeholder(source);
        }
    }

    private Expr ConvertCall(IInvocationOperation invocation, ScalarType type, string source)
    {
        IMethodSymbol target = invocation.TargetMethod;
        string display = target.ContainingType.Name + "." + target.Name;
        if (!target.IsStatic || invocation.Arguments.Any(a => a.Parameter?.RefKind is not (null or RefKind.None)))
        {
            Unsupported(invocation, $"The call to '{display}'", "only static methods with by-value arguments can be called");
            return Placeholder(source);
        }

        // Arguments in parameter order, with default values filled in by the compiler.
        EquatableArray<Expr> arguments = invocation.Arguments
            .OrderBy(a => a.Parameter?.Ordinal ?? 0)
            .Select(a => ConvertArgument(a.Value, a.Parameter))
            .ToEquatableArray();

        bool isMathType = target.ContainingType.SpecialType is SpecialType.System_Double or SpecialType.System_Single
            || target.ContainingType.ToDisplayString() is "System.Math" or "System.MathF";
        if (isMathType && type.IsReal())
        {
            if (Differentiation.DerivativeRules.Find(target.Name, arguments.Count) is null)
            {
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.NoDerivative,
                    LocationInfo.From(invocation.Syntax),
                    display,
                    "AutoDiff has no derivative rule for it; write the function with supported operations in a [Differentiable] method and call that"));
                return Placeholder(source);
            }

            string receiver = target.ContainingType.SpecialType switch
            {
                SpecialType.System_Double => "double",
                SpecialType.System_Single => "float",
                _ => target.ContainingType.Name,
            };
            return new MathCallExpr(type, source, receiver, target.Name, arguments);
        }

        bool takesVectors = target.Parameters.Any(p => MethodParser.VectorElement(p.Type) is not null) || target.ReturnsVoid;
        bool isDifferentiableMethod = target.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == MethodParser.DifferentiableAttribute);
        if (isDifferentiableMethod && target.ReturnsVoid)
        {
            // A vector-valued callee has a Jvp and a Vjp, not the Gradient and Derivative a call goes through.
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NoDerivative,
                LocationInfo.From(invocation.Syntax),
                display,
                "calls to vector-valued (void) [Differentiable] methods are not supported yet; inline its body, or give a non-[Differentiable] copy a pullback and a pushforward marked [DerivativeOf]"));
            return Placeholder(source);
        }

        if (!isDifferentiableMethod || takesVectors)
        {
            CustomDerivatives.Found custom = CustomDerivatives.Find(target, _method.ContainingType);
            if (custom.Any || (isDifferentiableMethod && takesVectors))
            {
                return ConvertCustomCall(invocation, target, arguments, custom, isDifferentiableMethod, type, source);
            }
        }

        if (isDifferentiableMethod)
        {
            // A callee without generated derivatives (its own diagnostic, or code that does not compile
            // yet) would make this method's generated code call methods that do not exist.
            string? why = null;
            if (_followCallees && !SymbolEqualityComparer.Default.Equals(target, _method)
                && !_calleeProblems.TryGetValue(target, out why))
            {
                why = MethodParser.WhyNoDerivatives(target, _semanticModel, _cancellationToken);
                _calleeProblems[target] = why;
            }

            if (why is not null)
            {
                Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoDerivative, LocationInfo.From(invocation.Syntax), display, why));
                return Placeholder(source);
            }

            var differentiable = target.Parameters
                .Select(p => MethodParser.SignatureType(p.Type) is { } t && t.IsReal()
                    && !p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == MethodParser.NoDerivativeAttribute))
                .ToEquatableArray();
            return new DifferentiableCallExpr(
                type,
                source,
                QualifiedType(target.ContainingType),
                target.Name,
                arguments,
                differentiable,
                target.Parameters.Select(p => p.Name).ToEquatableArray());
        }

        if (type.IsReal() && invocation.Arguments.Any(a => MayBeActive(a.Value)))
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NoDerivative,
                LocationInfo.From(invocation.Syntax),
                display,
                $"mark '{target.Name}' [Differentiable] (it must be static and in a partial type), or mark the parameters it uses [NoDerivative]"));
            return Placeholder(source);
        }

        return new OpaqueCallExpr(type, source, QualifiedMember(target), arguments);
    }

    /// <summary>
    /// A call differentiated through derivative methods: <c>[DerivativeOf]</c> partials, or a pullback and a
    /// pushforward, or the generated derivatives of a <c>[Differentiable]</c> callee that takes vectors.
    /// </summary>
    private Expr ConvertCustomCall(
        IInvocationOperation invocation, IMethodSymbol target, EquatableArray<Expr> arguments, CustomDerivatives.Found custom,
        bool isDifferentiableMethod, ScalarType type, string source)
    {
        string display = target.ContainingType.Name + "." + target.Name;
        (ArgumentRole Role, bool Differentiable)[] roles = CustomDerivatives.Roles(target);
        for (int i = 0; i < roles.Length; i++)
        {
            if (roles[i].Role != ArgumentRole.Value && arguments[i] is not VectorExpr)
            {
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedVectorUse,
                    LocationInfo.From(invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Syntax),
                    "This vector argument",
                    "pass a vector parameter or a local array by name"));
                return Placeholder(source);
            }

            if (roles[i].Role == ArgumentRole.Output && arguments[i] is VectorExpr output && _vectorIsInput.TryGetValue(output.Name, out bool input) && input)
            {
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InputVectorWritten, LocationInfo.From(invocation.Syntax), output.Name, _method.Name));
                return Placeholder(source);
            }
        }

        string? partials = null, pullback = null, pushforward = null;
        if (isDifferentiableMethod)
        {
            string? why = _followCallees && !SymbolEqualityComparer.Default.Equals(target, _method)
                ? MethodParser.WhyNoDerivatives(target, _semanticModel, _cancellationToken)
                : null;
            if (why is not null)
            {
                Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoDerivative, LocationInfo.From(invocation.Syntax), display, why));
                return Placeholder(source);
            }

            pullback = QualifiedMember(target) + "Gradient";
            pushforward = QualifiedMember(target) + "Derivative";
        }
        else
        {
            int position = invocation.Syntax.SpanStart;
            bool usable(IMethodSymbol? m) => m is not null && _semanticModel.IsAccessible(position, m);
            bool scalarOnly = roles.All(r => r.Role == ArgumentRole.Value) && !target.ReturnsVoid;
            if (scalarOnly && usable(custom.Partials))
            {
                partials = QualifiedMember(custom.Partials!);
            }
            else if (usable(custom.Pullback) && usable(custom.Pushforward))
            {
                pullback = QualifiedMember(custom.Pullback!);
                pushforward = QualifiedMember(custom.Pushforward!);
            }
            else
            {
                string advice = custom.Mismatches.Count > 0
                    ? "match one of the partials, pullback and pushforward signatures described on DerivativeOfAttribute"
                    : scalarOnly
                        ? "give it a partials method, or a pullback and a pushforward, marked [DerivativeOf] and accessible here"
                        : "give it a pullback and a pushforward marked [DerivativeOf] and accessible here";
                Diagnostics.Add(DiagnosticInfo.Create(
                    custom.Mismatches.Count > 0 ? DiagnosticDescriptors.InvalidCustomDerivative : DiagnosticDescriptors.NoDerivative,
                    LocationInfo.From(invocation.Syntax),
                    custom.Mismatches.Count > 0 ? custom.Mismatches[0].Name : display,
                    custom.Mismatches.Count > 0 ? display : advice,
                    advice));
                return Placeholder(source);
            }
        }

        return new CustomCallExpr(
            type,
            source,
            !target.ReturnsVoid,
            QualifiedMember(target),
            arguments,
            roles.Select(r => (int)r.Role).ToEquatableArray(),
            roles.Select(r => r.Differentiable).ToEquatableArray(),
            partials,
            pullback,
            pushforward,
            isDifferentiableMethod);
    }

    /// <summary>A call argument: a value, or a whole vector.</summary>
    private Expr ConvertArgument(IOperation operation, IParameterSymbol? parameter)
    {
        if (operation.Type is { } type && MethodParser.VectorElement(type) is { } vector && VectorName(operation) is { } name)
        {
            // Generated code holds local arrays as spans, which do not convert to T[].
            if (!_vectorIsInput[name] && parameter?.Type is IArrayTypeSymbol)
            {
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedVectorUse,
                    LocationInfo.From(operation.Syntax),
                    $"Passing the local array '{name}' to the array parameter '{parameter.Name}'",
                    "declare that parameter ReadOnlySpan<double> (or Span<double> for an output)"));
            }

            return new VectorExpr(vector.Element, SourceFormatting.OneLine(operation.Syntax), name);
        }

        return Convert(operation);
    }

    /// <summary>
    /// A conservative test for "may depend on a differentiable input": any reference to a real-valued
    /// local or to a differentiable parameter. Used only to reject calls that have no derivative.
    /// </summary>
    private bool MayBeActive(IOperation operation) =>
        operation.DescendantsAndSelf().Any(o => o switch
        {
            ILocalReferenceOperation local => MethodParser.ParameterType(local.Type!).Type is { } t && t.IsReal()
                || MethodParser.VectorElement(local.Type!) is not null,
            IParameterReferenceOperation parameter =>
                MethodParser.ParameterType(parameter.Type!).Type is { } t && t.IsReal()
                && !parameter.Parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == MethodParser.NoDerivativeAttribute),
            _ => false,
        });

    private static string QualifiedType(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private static string QualifiedMember(ISymbol member) => QualifiedType(member.ContainingType) + "." + member.Name;

    private static Expr Placeholder(string source) => new LiteralExpr(ScalarType.Double, source, "0.0");

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
        ILoopOperation => "A loop",
        ISwitchOperation => "A switch statement",
        ITryOperation => "A try statement",
        ILocalFunctionOperation => "A local function",
        IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation } => "A throw statement",
        IBranchOperation => "A jump statement",
        IUsingOperation => "A using statement",
        ILockOperation => "A lock statement",
        _ => "This statement",
    };

    private static string StatementAdvice(IOperation operation) => operation switch
    {
        ILoopOperation => "loops arrive in a later version; unroll it or move it into code that is not differentiated",
        ISwitchOperation => "rewrite it with if/else",
        ILocalFunctionOperation => "make it a static [Differentiable] method of the type",
        _ => "rewrite the method with locals, assignments, if/else and return",
    };

    private static string ExpressionName(IOperation operation) => operation switch
    {
        IAnonymousFunctionOperation => "A lambda",
        ISwitchExpressionOperation => "A switch expression",
        IArrayElementReferenceOperation => "An array element",
        IObjectCreationOperation => "Creating an object",
        IAssignmentOperation => "An assignment inside an expression",
        IIncrementOrDecrementOperation => "An increment inside an expression",
        IFieldReferenceOperation => "An instance field",
        IPropertyReferenceOperation => "An instance property or indexer",
        _ => $"The expression '{SourceFormatting.OneLine(operation.Syntax)}'",
    };
}

/// <summary>Invariant-culture C# literals for folded constants.</summary>
internal static class Literals
{
    public static string Format(object value, ScalarType type)
    {
        switch (type)
        {
            case ScalarType.Bool:
                return value is true ? "true" : "false";
            case ScalarType.Int:
                return System.Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            case ScalarType.Long:
                return System.Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "L";
            case ScalarType.Float:
                {
                    float f = System.Convert.ToSingle(value, CultureInfo.InvariantCulture);
                    if (float.IsNaN(f))
                    {
                        return "float.NaN";
                    }

                    if (float.IsInfinity(f))
                    {
                        return f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
                    }

                    return f.ToString("R", CultureInfo.InvariantCulture) + "f";
                }

            default:
                {
                    double d = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    if (double.IsNaN(d))
                    {
                        return "double.NaN";
                    }

                    if (double.IsInfinity(d))
                    {
                        return d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
                    }

                    string text = d.ToString("R", CultureInfo.InvariantCulture);
                    return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
                }
        }
    }
}
