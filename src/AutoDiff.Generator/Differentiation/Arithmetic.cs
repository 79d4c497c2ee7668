using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// The number type of the code being built: plain <c>double</c>/<c>float</c>, or <c>Dual</c> numbers for every
/// real value (second derivatives, forward over reverse). The same lowered method is emitted either way;
/// this decides how its values are declared and how its expressions are spelled.
/// </summary>
internal sealed class Arithmetic
{
    public const string DualType = "global::AutoDiff.DualNumbers.Dual";
    public const string DualMath = "global::AutoDiff.DualNumbers.DualMath";

    public Arithmetic(bool onDuals, bool shortMathNames)
    {
        OnDuals = onDuals;
        ShortMathNames = shortMathNames;
    }

    /// <summary>Real values are <c>Dual</c> numbers.</summary>
    public bool OnDuals { get; }

    /// <summary><c>Math.Sin</c> rather than <c>global::System.Math.Sin</c> (with <c>using System;</c> in the file).</summary>
    public bool ShortMathNames { get; }

    /// <summary>How a value of <paramref name="type"/> is declared: its keyword, or <c>Dual</c> for a real on dual numbers.</summary>
    public TypeRef Value(ScalarType type) => OnDuals && type.IsReal() ? TypeRef.Named(DualType) : TypeRef.Of(type);

    /// <summary>
    /// An expression of the lowered method as this code spells it: math calls on their class (<c>Math</c>,
    /// <c>global::System.Math</c> or <c>DualMath</c>); on dual numbers, no casts between float and double
    /// (they would drop the tangent) and plain values for methods that are not differentiated.
    /// </summary>
    public Expr Adapt(Expr expr) => ExprTrees.Rewrite(expr, node => node switch
    {
        MathCallExpr call => call with { Receiver = Receiver(call.Receiver) },
        CastExpr cast when OnDuals && cast.Type.IsReal() && cast.Operand.Type.IsReal() => cast.Operand,
        OpaqueCallExpr call when OnDuals => call with { Arguments = call.Arguments.Select(Plain).ToEquatableArray() },
        SliceExpr { OnArray: true, Target: VarRef { Variable.Active: true } } slice when OnDuals => slice with { OnArray = false }, // a Dual span now
        _ => node,
    });

    /// <summary>A real argument to a method that is not differentiated: on dual numbers, its value without the tangent.</summary>
    public Expr Plain(Expr argument) =>
        OnDuals && argument.Type.IsReal() && argument is not (LiteralExpr or ExternalValueExpr) ? Code.Cast(argument.Type, argument) : argument;

    /// <summary>Whether an adjoint or tangent is zero: on dual numbers its value and its own tangent both.</summary>
    public Expr IsZero(Expr value) => OnDuals
        ? Code.Call(DualType + ".IsZero", new[] { value }, ScalarType.Bool)
        : Code.Binary(BinaryOperator.Equal, value, Code.Int(0));

    /// <summary>The class a math function is called on, as written in the generated code.</summary>
    public string Receiver(string receiver) =>
        OnDuals ? DualMath
        : receiver is "Math" or "MathF" && !ShortMathNames ? "global::System." + receiver
        : receiver;

    /// <summary>The math class for arithmetic in <paramref name="type"/>: Math for double, MathF for float.</summary>
    public string MathClass(ScalarType type) => Receiver(type == ScalarType.Float ? "MathF" : "Math");
}
