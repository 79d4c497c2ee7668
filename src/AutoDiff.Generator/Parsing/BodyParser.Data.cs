using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Scalar reads that go through something other than a plain local: a value an inlined member's parameter or
/// local stands for, a field of a tuple or struct, an element of a 2-D or jagged array, a member call that is
/// inlined. And data: values of types that are not reals (enums, strings, arrays of integers, classes, delegates,
/// fields of <c>this</c> in an instance method), read as written and never differentiated.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>A scalar read that is not a plain local, parameter or vector element, or null to read it the ordinary way.</summary>
    private Expr? ConvertSpecial(IOperation operation, string source)
    {
        if (ConvertGeneric(operation, source) is { } generic)
        {
            return generic;
        }

        switch (operation)
        {
            case ILocalReferenceOperation or IParameterReferenceOperation when LookupValue(operation) is ScalarValue bound:
                return bound.Expr;

            case IArrayElementReferenceOperation { Indices.Length: 2 } element when LookupValue(element.ArrayReference) is MatrixValue matrix:
                {
                    // a[i, j] is the flat vector's element i · columns + j.
                    Expr row = Convert(element.Indices[0]);
                    Expr column = Convert(element.Indices[1]);
                    Expr index = new BinaryExpr(ScalarType.Int, source, BinaryOperator.Add, new BinaryExpr(ScalarType.Int, source, BinaryOperator.Multiply, row, matrix.Columns), column);
                    return ConvertElement(new ElementExpr(matrix.Element, source, matrix.Flat, index), MethodParser.SignatureType(operation.Type!) ?? matrix.Element);
                }

            case IArrayElementReferenceOperation { Indices.Length: 1, ArrayReference: IArrayElementReferenceOperation { Indices.Length: 1 } rowOfLocal } element
                when LookupValue(rowOfLocal.ArrayReference) is MatrixValue { Jagged: true } local:
                {
                    // h[i][j] of a local jagged array with rows of one length: element i · columns + j.
                    Expr index = new BinaryExpr(ScalarType.Int, source, BinaryOperator.Add, new BinaryExpr(ScalarType.Int, source, BinaryOperator.Multiply, Convert(rowOfLocal.Indices[0]), local.Columns), Convert(element.Indices[0]));
                    return ConvertElement(new ElementExpr(local.Element, source, local.Flat, index), MethodParser.SignatureType(operation.Type!) ?? local.Element);
                }

            case IArrayElementReferenceOperation { Indices.Length: 1, ArrayReference: IArrayElementReferenceOperation { Indices.Length: 1 } row } element
                when LookupValue(row.ArrayReference) is JaggedValue jagged:
                {
                    // rows[i][j] is the flat copy's element start[i] + j.
                    Expr start = new IndexExpr(ScalarType.Int, new VariableExpr(ScalarType.Data, jagged.Starts, jagged.Starts), Convert(row.Indices[0]));
                    Expr index = new BinaryExpr(ScalarType.Int, source, BinaryOperator.Add, start, Convert(element.Indices[0]));
                    return ConvertElement(new ElementExpr(jagged.Element, source, jagged.Flat, index), MethodParser.SignatureType(operation.Type!) ?? jagged.Element);
                }

            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } measured } when LookupValue(measured) is CompositeArrayValue or MatrixValue or JaggedValue:
                Value? measuredValue = LookupValue(measured);
                switch (measuredValue)
                {
                    case CompositeArrayValue array:
                        return array.Length(source);
                    case MatrixValue { Jagged: true } rowsOf:
                        return rowsOf.Rows;
                    case MatrixValue matrix:
                        return new LengthExpr(ScalarType.Int, source, matrix.Flat);
                    case JaggedValue jagged:
                        return new MemberExpr(ScalarType.Int, new VariableExpr(ScalarType.Data, jagged.Array, jagged.Array), "Length");
                }

                break;

            case IPropertyReferenceOperation { Property.Name: "Length", Instance: IArrayElementReferenceOperation { Indices.Length: 1 } localRow }
                when LookupValue(localRow.ArrayReference) is MatrixValue { Jagged: true } rectangular:
                return rectangular.Columns;

            case IPropertyReferenceOperation { Property.Name: "Length", Instance: IArrayElementReferenceOperation { Indices.Length: 1 } row }
                when LookupValue(row.ArrayReference) is JaggedValue rowOf:
                // rows[i].Length: the row of the array as passed in.
                return new MemberExpr(ScalarType.Int, new IndexExpr(ScalarType.Data, new VariableExpr(ScalarType.Data, rowOf.Array, rowOf.Array), Convert(row.Indices[0])), "Length");

            case IPropertyReferenceOperation { Property.Name: "Rank", Instance: { } ranked } when LookupValue(ranked) is MatrixValue:
                return Literals.Make(Model.Constant.Integer(2), "2");

            case IInvocationOperation { TargetMethod.Name: "GetLength", Instance: { } measured, Arguments.Length: 1 } call when LookupValue(measured) is MatrixValue matrix:
                {
                    IOperation dimension = call.Arguments[0].Value;
                    return dimension.ConstantValue is { HasValue: true, Value: int constant }
                        ? constant == 0 ? matrix.Rows : matrix.Columns
                        : new ConditionalExpr(ScalarType.Int, source, new BinaryExpr(ScalarType.Bool, source, BinaryOperator.Equal, Convert(dimension), Literals.Make(Model.Constant.Integer(0), "0")), matrix.Rows, matrix.Columns);
                }

            case IFieldReferenceOperation { Instance: not null } or IPropertyReferenceOperation { Instance: not null, Property.IsIndexer: false }
                when MemberOf(operation) is { } member:
                return member is ScalarValue scalar ? scalar.Expr : Mismatch(operation, source);

            case IFieldReferenceOperation { Instance: null } or IPropertyReferenceOperation { Instance: null }
                when operation.ConstantValue is not { HasValue: true } && MemberOf(operation) is { } staticMember:
                return staticMember is ScalarValue staticScalar ? staticScalar.Expr : Mismatch(operation, source);

            case IInvocationOperation invocation when Inlinable(invocation.TargetMethod, invocation.Instance):
                return ScalarOf(ConvertCallValue(invocation), operation, source);

            case IBinaryOperation { OperatorMethod: { } binaryMethod } binary when Inlinable(binaryMethod, null):
                return ScalarOf(CallMember(binaryMethod, null, new[] { binary.LeftOperand, binary.RightOperand }, binary), operation, source);

            case IUnaryOperation { OperatorMethod: { } unaryMethod } unary when Inlinable(unaryMethod, null):
                return ScalarOf(CallMember(unaryMethod, null, new[] { unary.Operand }, unary), operation, source);

            case IConversionOperation { OperatorMethod: { } conversionMethod } conversion when Inlinable(conversionMethod, null):
                return ScalarOf(CallMember(conversionMethod, null, new[] { conversion.Operand }, conversion), operation, source);
        }

        // Reads of data: fields of this, members and elements of data parameters.
        switch (operation)
        {
            case IFieldReferenceOperation { Instance: { } instance } when IsData(instance):
            case IPropertyReferenceOperation { Instance: { } indexed } when IsData(indexed):
            case IArrayElementReferenceOperation { Indices.Length: 1 } element when IsData(element.ArrayReference):
            case IInvocationOperation { Instance: { } receiver } when IsData(receiver) && !Inlinable(((IInvocationOperation)operation).TargetMethod, receiver)
                && !HasAttribute(((IInvocationOperation)operation).TargetMethod, MethodParser.DifferentiableAttribute):
                return ConvertData(operation);

            case IBinaryOperation { OperatorMethod: { } } binary when BinaryOperatorOf(binary.OperatorKind) is { } op && operation.Type?.SpecialType == SpecialType.System_Boolean
                && IsData(binary.LeftOperand) && IsData(binary.RightOperand):
                return new BinaryExpr(ScalarType.Bool, source, op, ConvertData(binary.LeftOperand), ConvertData(binary.RightOperand));
        }

        if (operation.Type is { } type && MethodParser.SignatureType(type) is null && LayoutOf(type) is null && operation is not IInvalidOperation
            && MethodParser.VectorElement(type) is null)
        {
            return ConvertData(operation);
        }

        return null;
    }

    private Expr ScalarOf(Value? value, IOperation operation, string source) => value switch
    {
        ScalarValue scalar => scalar.Expr,
        null => Placeholder(source),
        _ => Mismatch(operation, source),
    };

    private Expr Mismatch(IOperation operation, string source)
    {
        Unsupported(operation, $"The value '{source}'", "read a real field of it");
        return Placeholder(source);
    }

    /// <summary>
    /// Whether an operation is data: of a type the generator does not compute with (not a real, not a vector the method
    /// differentiates, not a tuple or struct of reals), or <c>this</c> of an instance method.
    /// </summary>
    private bool IsData(IOperation operation)
    {
        operation = WithoutParentheses(operation);
        if (operation is IInstanceReferenceOperation)
        {
            return !_frame.Inlined || LookupValue(operation) is null;
        }

        if (operation.Type is not { } type || LookupValue(operation) is CompositeArrayValue or MatrixValue or JaggedValue or CompositeValue)
        {
            return false;
        }

        if (MethodParser.VectorElement(type) is not null)
        {
            // A vector of reals is data when it is read off data (a field of this, a member of a data parameter, a static
            // field); anything else (a slice of an input, say) is a vector the method would differentiate.
            return operation switch
            {
                IFieldReferenceOperation { Instance: null } or IPropertyReferenceOperation { Instance: null } => true,
                IFieldReferenceOperation { Instance: { } owner } => IsData(owner),
                IPropertyReferenceOperation { Instance: { } owner, Property.IsIndexer: false } => IsData(owner),
                IArrayElementReferenceOperation { ArrayReference: { } owner } => IsData(owner),
                _ => false,
            };
        }

        return MethodParser.SignatureType(type) is null && LayoutOf(type) is null && VectorName(operation) is null;
    }

    /// <summary>A data expression, structurally: parameters, <c>this</c>, members, elements, calls on data, constants.</summary>
    private Expr ConvertData(IOperation operation)
    {
        string source = SourceFormatting.OneLine(operation.Syntax);
        switch (operation)
        {
            case IParenthesizedOperation parenthesized:
                return ConvertData(parenthesized.Operand);

            case IConversionOperation { OperatorMethod: null } conversion:
                return ConvertData(conversion.Operand);

            // The method's own object, also inside a helper of it that is inlined (which has no value for 'this').
            case IInstanceReferenceOperation when !_frame.Inlined || LookupValue(operation) is null:
                return new ThisExpr();

            case IParameterReferenceOperation parameter when !_frame.Inlined:
                return new VariableExpr(DataType(operation), source, parameter.Parameter.Name);

            case IFieldReferenceOperation { Field.IsStatic: true } or IPropertyReferenceOperation { Property.IsStatic: true, Arguments.Length: 0 }:
                {
                    ISymbol member = operation is IFieldReferenceOperation field ? field.Field : ((IPropertyReferenceOperation)operation).Property;
                    return new ExternalValueExpr(DataType(operation), source, QualifiedMember(member));
                }

            case IFieldReferenceOperation { Instance: { } instance } field when IsData(instance):
                return new MemberExpr(DataType(operation), ConvertData(instance), field.Field.Name);

            case IPropertyReferenceOperation { Instance: { } instance, Property.IsIndexer: false, Arguments.Length: 0 } property when IsData(instance):
                return new MemberExpr(DataType(operation), ConvertData(instance), property.Property.Name);

            case IArrayElementReferenceOperation { Indices.Length: 1 } element when IsData(element.ArrayReference):
                return new IndexExpr(DataType(operation), ConvertData(element.ArrayReference), Convert(element.Indices[0]));

            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } indexed } indexer when IsData(indexed):
                return new IndexExpr(DataType(operation), ConvertData(indexed), Convert(indexer.Arguments[0].Value));

            case ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } }:
                return new StringExpr(text);

            case ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }:
                return new StringExpr(null);

            case IInvocationOperation invocation when !invocation.TargetMethod.IsStatic && invocation.Instance is { } receiver && IsData(receiver):
                return DataCall(invocation, source);
        }

        Unsupported(
            operation,
            $"The value '{source}' of type '{operation.Type?.ToDisplayString() ?? "unknown"}'",
            "data of other types may be passed in as parameters and read (their members, elements and calls on them), but not computed here; compute it before calling the method");
        return Placeholder(source);
    }

    /// <summary>The type of a data read: a scalar type where it has one, else <see cref="ScalarType.Data"/>.</summary>
    private static ScalarType DataType(IOperation operation) =>
        operation.Type is { } type && MethodParser.SignatureType(type) is { } scalar ? scalar : ScalarType.Data;

    /// <summary>
    /// A call on data (<c>name.StartsWith("l")</c>, <c>weightOf(i)</c>): computed as written. Its arguments must not depend on the
    /// inputs when it returns a real, since nothing says how it would change with them.
    /// </summary>
    private Expr DataCall(IInvocationOperation invocation, string source)
    {
        IMethodSymbol target = invocation.TargetMethod;
        // A method of this object declared here (implicit 'this'): named by its type, and the advice is to mark it.
        bool ownMethod = WithoutParentheses(invocation.Instance!) is IInstanceReferenceOperation && !target.DeclaringSyntaxReferences.IsEmpty;
        string display = (ownMethod ? target.ContainingType.Name : invocation.Instance!.Syntax.ToString()) + "." + target.Name;
        if (invocation.Arguments.Any(a => a.Parameter?.RefKind is RefKind.Ref or RefKind.Out))
        {
            Unsupported(invocation, $"The call to '{display}'", "pass arguments by value");
            return Placeholder(source);
        }

        if (TapeRewriterIsReal(target.ReturnType) && invocation.Arguments.Any(a => MayBeActive(a.Value)))
        {
            if (ownMethod && InlineHelper(invocation) is { } helper)
            {
                return ScalarOf(helper, invocation, source);
            }

            // Data passed in has no derivative on the tape either; a delegate made in the body (a lambda) the tape rewrites.
            TapeCannotHelp |= !IsLocalData(invocation.Instance!);
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NoDerivative,
                LocationInfo.From(invocation.Syntax),
                display,
                ownMethod
                    ? $"it is a method of this object and is not [Differentiable]; mark '{target.Name}' [Differentiable], or compute it with Math functions and [Differentiable] methods"
                    : "it is data passed in (a delegate or an object), so nothing says how its result changes with its arguments; compute it with Math functions and [Differentiable] methods, or pass it values that do not depend on the inputs"));
            return Placeholder(source);
        }

        EquatableArray<Expr> arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => Convert(a.Value)).ToEquatableArray();
        string method = target.MethodKind == MethodKind.DelegateInvoke ? "Invoke" : target.Name;
        return new OpaqueCallExpr(DataType(invocation), source, method, arguments, ConvertData(invocation.Instance!));
    }

    /// <summary>Whether data is (read from) a local of the method, which the tape would compute itself.</summary>
    private static bool IsLocalData(IOperation data) => data switch
    {
        ILocalReferenceOperation => true,
        IMemberReferenceOperation { Instance: { } instance } => IsLocalData(instance),
        IArrayElementReferenceOperation element => IsLocalData(element.ArrayReference),
        IConversionOperation conversion => IsLocalData(conversion.Operand),
        _ => false,
    };

    /// <summary>A problem the run-time tape cannot get around either: the method's diagnostics stand, no fallback is tried.</summary>
    public bool TapeCannotHelp { get; private set; }

    private static bool TapeRewriterIsReal(ITypeSymbol type) => type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;
}
