using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using static AutoDiff.Generator.Rules.Term;

namespace AutoDiff.Generator.Rules;

/// <summary>
/// The one table of derivative rules. Adding a function is one entry here: both modes, second derivatives,
/// the parser's "is there a rule" check, the tape fallback's choice of <c>VarMath</c>, the README table and
/// the test that pins every runtime engine (tape, dual numbers, tensors) read from it.
/// </summary>
/// <remarks>
/// Conventions at the points where a function is not differentiable, decided once for every engine
/// (PyTorch's, where it has one):
/// <list type="bullet">
/// <item>Choices route: Abs, Min, Max, Clamp and CopySign send the adjoint (or tangent) to the taken argument
/// only, and the branch not taken gets nothing, never 0 · ∞.</item>
/// <item>|x|' = 0 at 0; Min and Max split evenly on ties; Clamp passes the gradient to x where lo ≤ x ≤ hi;
/// with a NaN argument the comparisons fail and the choices send nothing.</item>
/// <item>Hypot has partials (0, 0) at the origin (like Abs at 0); CopySign's ∂/∂x is 0 at x = 0.</item>
/// <item>∂xʸ/∂x = 0 where y = 0 (so 0⁰ has no 0 · ∞); ∂xʸ/∂y = 0 where x = 0 and y ≥ 0.</item>
/// <item>Functions whose slope is infinite or undefined at points where their value is finite (Sqrt, Cbrt,
/// Asin, Acos, Acosh, Pow, Atan2 at infinite arguments, Log with base 0) pass a zero tangent or adjoint on as zero
/// (<see cref="DerivativeRule.ZeroStaysZero"/>). Elsewhere generated code is IEEE arithmetic, as a
/// hand-written derivative would be; the dual numbers pass every zero tangent on as zero, so the engines
/// can differ only where a value is already infinite or NaN, or where an infinite slope meets a zero one on the
/// same path: in <c>Math.Sqrt(Math.Tanh(p) - 1)</c> once tanh has rounded to 1 (p past 19), forward mode and the
/// tape pass tanh's zero tangent on and give 0, and reverse mode multiplies √'s infinite slope by tanh's zero one
/// and gives NaN, as PyTorch and JAX do. A loop whose backward pass would only multiply zero adjoints is skipped,
/// so there a zero adjoint also stays zero against an infinite partial.</item>
/// <item>Sign, Floor, Ceiling, Round and Truncate have derivative 0.</item>
/// </list>
/// </remarks>
internal static class RuleTable
{
    private static readonly Term X = new(new ArgumentRef(0));
    private static readonly Term Y = new(new ArgumentRef(1));
    private static readonly Term Z = new(new ArgumentRef(2));

    /// <summary>The function's result.</summary>
    private static readonly Term R = new(new ResultRef());

    // 1. Arithmetic operators. The primal is the operator itself.
    public static readonly DerivativeRule Add = Operator("Add", X + Y, 1, 1);
    public static readonly DerivativeRule Subtract = Operator("Subtract", X - Y, 1, -1);
    public static readonly DerivativeRule Multiply = Operator("Multiply", X * Y, Y, X);
    public static readonly DerivativeRule Divide = Operator("Divide", X / Y, 1 / Y, -R / Y);
    public static readonly DerivativeRule Remainder = Operator("Remainder", new Term(new BinaryExpr(ScalarType.Double, string.Empty, BinaryOperator.Remainder, X.Expr, Y.Expr)), 1, -Call("Truncate", X / Y));
    public static readonly DerivativeRule Negate = Operator("Negate", -X, -1);

    /// <summary><c>a * a</c>: one contribution of 2a instead of two of a.</summary>
    public static readonly DerivativeRule Square = Operator("Square", X * X, 2 * X);

    /// <summary>Functions of <c>Math</c>, <c>MathF</c>, <c>double</c> and <c>float</c>, by name and argument count.</summary>
    public static readonly IReadOnlyList<DerivativeRule> Functions = new[]
    {
        // 2. Trigonometric
        Function("Sin", Call("Cos", X)),
        Function("Cos", -Call("Sin", X)),
        Function("Tan", 1 + R * R),
        Function("Asin", 1 / Call("Sqrt", (1 - X) * (1 + X))).StrongZero(),
        Function("Acos", -1 / Call("Sqrt", (1 - X) * (1 + X))).StrongZero(),
        Function("Atan", 1 / (1 + X * X)),
        Function("Atan2", Y / (X * X + Y * Y), -X / (X * X + Y * Y)).StrongZero(),

        // 3. Hyperbolic
        Function("Sinh", Call("Cosh", X)),
        Function("Cosh", Call("Sinh", X)),
        Function("Tanh", 1 - R * R),
        Function("Asinh", 1 / Call("Sqrt", X * X + 1)),
        Function("Acosh", 1 / (Call("Sqrt", X - 1) * Call("Sqrt", X + 1))).StrongZero(),
        Function("Atanh", 1 / ((1 - X) * (1 + X))),

        // 4. Exponential and logarithmic (ln 2 = 0.6931471805599453, ln 10 = 2.302585092994046)
        Function("Exp", R),
        Function("Exp2", R * 0.6931471805599453),
        Function("Exp10", R * 2.302585092994046),
        Function("ExpM1", R + 1),
        Function("Log", 1 / X),
        Function("Log", 1 / (X * Call("Log", Y)), -R / (Y * Call("Log", Y))).StrongZero(),
        Function("LogP1", 1 / (1 + X)),
        Function("Log10", 1 / (X * 2.302585092994046)),
        Function("Log2", 1 / (X * 0.6931471805599453)),

        // 5. Powers and roots
        Function("Sqrt", 0.5 / R).StrongZero(),
        Function("Cbrt", 1 / (3 * R * R)).StrongZero(),
        Function("Pow", If(Equal(Y, 0), 0, Y * Call("Pow", X, Y - 1)), If(Equal(X, 0) & (Y >= 0), 0, R * Call("Log", X))).StrongZero(),
        Function("Hypot", If(Equal(R, 0), 0, X / R), If(Equal(R, 0), 0, Y / R)),
        Function("FusedMultiplyAdd", Y, X, 1),

        // 6. Choices: the adjoint goes to the taken argument only (PyTorch's conventions at kinks and ties)
        Function("Abs", If(X > 0, 1, If(X < 0, -1, 0))),
        Function("Min", If(X < Y, 1, If(Equal(X, Y), 0.5, 0)), If(Y < X, 1, If(Equal(X, Y), 0.5, 0))),
        Function("Max", If(X > Y, 1, If(Equal(X, Y), 0.5, 0)), If(Y > X, 1, If(Equal(X, Y), 0.5, 0))),
        Function("Clamp", If((Y <= X) & (X <= Z), 1, 0), If(X < Y, 1, 0), If(X > Z, 1, 0)),
        Function("CopySign", If(Equal(X, 0), 0, R / X), null),

        // 7. Zero derivative almost everywhere (Sign returns an integer, so it is never differentiated)
        ZeroDerivative("Sign"),
        ZeroDerivative("Floor"),
        ZeroDerivative("Ceiling"),
        ZeroDerivative("Round"),
        ZeroDerivative("Truncate"),
    };

    /// <summary>The operator rules, for tests and documentation.</summary>
    public static IReadOnlyList<DerivativeRule> Operators { get; } = new[] { Add, Subtract, Multiply, Divide, Remainder, Negate, Square };

    private static readonly Dictionary<string, DerivativeRule> ByKey = Functions.ToDictionary(rule => Key(rule.Name, rule.Arity));

    /// <summary>The rule for a function called with <paramref name="arity"/> arguments, or null.</summary>
    public static DerivativeRule? Find(string name, int arity) =>
        ByKey.TryGetValue(Key(name, arity), out DerivativeRule? rule) || ByKey.TryGetValue(Key(name, -1), out rule)
            ? rule
            : null;

    // Invariant: some cultures write the minus sign of -1 (any arity) as U+2212.
    private static string Key(string name, int arity) => name + "/" + arity.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static DerivativeRule Operator(string name, Term primal, params Term[] partials) =>
        new(name, partials.Length, primal.Expr, Array.ConvertAll(partials, p => (Expr?)p.Expr));

    private static DerivativeRule Function(string name, params Term?[] partials) =>
        new(name, partials.Length, null, Array.ConvertAll(partials, p => p?.Expr));

    private static DerivativeRule ZeroDerivative(string name) => new(name, -1, null, Array.Empty<Expr?>());

    private static DerivativeRule StrongZero(this DerivativeRule rule) => new(rule.Name, rule.Arity, rule.Primal, rule.Partials, zeroStaysZero: true);
}
