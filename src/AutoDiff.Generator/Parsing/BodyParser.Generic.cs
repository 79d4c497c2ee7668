using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// A method generic over its number type (<c>T SoftPlus&lt;T&gt;(T x) where T : IFloatingPointIeee754&lt;T&gt;</c>): values of T
/// are reals of <see cref="ScalarType.Generic"/>; its operators, <c>T.Exp</c> and the other functions of the rule table,
/// the constants <c>T.One</c>, <c>T.Pi</c>, ..., and <c>T.CreateChecked</c> conversions read as they do for double.
/// </summary>
internal sealed partial class BodyParser
{
    private static readonly System.Collections.Generic.Dictionary<string, double> GenericConstants = new()
    {
        ["Zero"] = 0,
        ["One"] = 1,
        ["NegativeOne"] = -1,
        ["Pi"] = System.Math.PI,
        ["E"] = System.Math.E,
        ["Tau"] = 2 * System.Math.PI,
    };

    /// <summary>An operation on the method's number type, or null for anything else.</summary>
    private Expr? ConvertGeneric(IOperation operation, string source)
    {
        if (!_method.IsGenericMethod)
        {
            return null;
        }

        switch (operation)
        {
            case IBinaryOperation { OperatorMethod: not null } binary when (IsGeneric(binary.LeftOperand) || IsGeneric(binary.RightOperand)) && BinaryOperatorOf(binary.OperatorKind) is { } op:
                return new BinaryExpr(TypeOf(operation), source, op, Convert(binary.LeftOperand), Convert(binary.RightOperand));

            case IUnaryOperation { OperatorMethod: not null } unary when IsGeneric(unary.Operand) && UnaryOperatorOf(unary.OperatorKind) is { } unaryOp:
                return new UnaryExpr(TypeOf(operation), source, unaryOp, Convert(unary.Operand));

            case IPropertyReferenceOperation { Instance: null, ConstrainedToType: { } owner } property when IsGeneric(owner):
                return GenericConstants.TryGetValue(property.Property.Name, out double value)
                    ? new LiteralExpr(ScalarType.Generic, source, Model.Constant.Real(value, ScalarType.Generic))
                    : new ExternalValueExpr(TypeOf(operation), source, owner.Name + "." + property.Property.Name);

            case IInvocationOperation { ConstrainedToType: { } owner } invocation when IsGeneric(owner):
                return GenericCall(invocation, owner.Name, source);

            case IInvocationOperation { TargetMethod: { IsStatic: true, Name: "CreateChecked" or "CreateTruncating" or "CreateSaturating" } } conversion
                when conversion.Arguments.Length == 1 && IsGeneric(conversion.Arguments[0].Value) && (TypeOf(operation).IsReal() || TypeOf(operation) is ScalarType.Int or ScalarType.Long):
                // double.CreateChecked(x) of a T: a conversion.
                return new CastExpr(TypeOf(operation), source, Convert(conversion.Arguments[0].Value));
        }

        return null;
    }

    /// <summary><c>T.Exp(x)</c>, <c>T.CreateChecked(0.5)</c>, <c>T.IsNaN(x)</c>, ... on the method's number type.</summary>
    private Expr GenericCall(IInvocationOperation invocation, string owner, string source)
    {
        IMethodSymbol target = invocation.TargetMethod;
        IOperation[] operands = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToArray();
        ScalarType type = TypeOf(invocation);
        if (target.Name is "CreateChecked" or "CreateTruncating" or "CreateSaturating" && operands.Length == 1)
        {
            IOperation value = operands[0];
            return value.ConstantValue is { HasValue: true, Value: { } constant }
                ? new LiteralExpr(ScalarType.Generic, source, Literals.From(constant, ScalarType.Generic))
                : new CastExpr(ScalarType.Generic, source, Convert(value));
        }

        EquatableArray<Expr> arguments = operands.Select(Convert).ToEquatableArray();
        if (type == ScalarType.Generic)
        {
            if (Rules.RuleTable.Find(target.Name, arguments.Count) is null)
            {
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.NoDerivative,
                    LocationInfo.From(invocation.Syntax),
                    owner + "." + target.Name,
                    "AutoDiff has no derivative rule for it; write the function with supported operations in a [Differentiable] method and call that"));
                return Placeholder(source);
            }

            return new MathCallExpr(type, source, owner, target.Name, arguments);
        }

        // T.IsNaN(x), T.Sign(x): not real, computed as written.
        return new OpaqueCallExpr(type, source, owner + "." + target.Name, arguments);
    }

    private static bool IsGeneric(IOperation operation) => operation.Type is { } type && IsGeneric(type);

    private static bool IsGeneric(ITypeSymbol type) => MethodParser.IsGenericReal(type);
}
