using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// The one table of derivative rules. Adding a function is one entry here: both modes, the parser's
/// "is there a rule" check and the README table read from it.
/// </summary>
/// <remarks>
/// Non-differentiable points follow PyTorch: |x|' = 0 at 0; Min/Max split the gradient evenly on ties;
/// Clamp passes the gradient where lo ≤ x ≤ hi; ∂xʸ/∂y = 0 where x = 0 and y ≥ 0; rounding functions
/// have derivative 0.
/// </remarks>
internal static class DerivativeRules
{
    // 1. Arithmetic operators. The primal is the operator itself.
    public static readonly DerivativeRule Add = new("Add", 2, "{0} + {1}", "1", "1");
    public static readonly DerivativeRule Subtract = new("Subtract", 2, "{0} - {1}", "1", "-1");
    public static readonly DerivativeRule Multiply = new("Multiply", 2, "{0} * {1}", "{1}", "{0}");
    public static readonly DerivativeRule Divide = new("Divide", 2, "{0} / {1}", "1 / {1}", "-{y} / {1}");
    public static readonly DerivativeRule Remainder = new("Remainder", 2, "{0} % {1}", "1", "-M.Truncate({0} / {1})");
    public static readonly DerivativeRule Negate = new("Negate", 1, "-{0}", "-1");

    /// <summary><c>a * a</c>: one contribution of 2a instead of two of a.</summary>
    public static readonly DerivativeRule Square = new("Square", 1, "{0} * {0}", "2 * {0}");

    /// <summary>Functions of <c>Math</c>, <c>MathF</c>, <c>double</c> and <c>float</c>, by name and argument count.</summary>
    public static readonly IReadOnlyList<DerivativeRule> Functions = new DerivativeRule[]
    {
        // 2. Trigonometric
        new("Sin", 1, null, "M.Cos({0})"),
        new("Cos", 1, null, "-M.Sin({0})"),
        new("Tan", 1, null, "1 + {y} * {y}"),
        new("Asin", 1, null, "1 / M.Sqrt(1 - {0} * {0})"),
        new("Acos", 1, null, "-1 / M.Sqrt(1 - {0} * {0})"),
        new("Atan", 1, null, "1 / (1 + {0} * {0})"),
        new("Atan2", 2, null, "{1} / ({0} * {0} + {1} * {1})", "-{0} / ({0} * {0} + {1} * {1})"),

        // 3. Hyperbolic
        new("Sinh", 1, null, "M.Cosh({0})"),
        new("Cosh", 1, null, "M.Sinh({0})"),
        new("Tanh", 1, null, "1 - {y} * {y}"),
        new("Asinh", 1, null, "1 / M.Sqrt({0} * {0} + 1)"),
        new("Acosh", 1, null, "1 / M.Sqrt({0} * {0} - 1)"),
        new("Atanh", 1, null, "1 / (1 - {0} * {0})"),

        // 4. Exponential and logarithmic (ln 2 = 0.6931471805599453, ln 10 = 2.302585092994046)
        new("Exp", 1, null, "{y}"),
        new("Exp2", 1, null, "{y} * 0.6931471805599453"),
        new("Exp10", 1, null, "{y} * 2.302585092994046"),
        new("ExpM1", 1, null, "{y} + 1"),
        new("Log", 1, null, "1 / {0}"),
        new("Log", 2, null, "1 / ({0} * M.Log({1}))", "-{y} / ({1} * M.Log({1}))"),
        new("LogP1", 1, null, "1 / (1 + {0})"),
        new("Log10", 1, null, "1 / ({0} * 2.302585092994046)"),
        new("Log2", 1, null, "1 / ({0} * 0.6931471805599453)"),

        // 5. Powers and roots
        new("Sqrt", 1, null, "0.5 / {y}"),
        new("Cbrt", 1, null, "1 / (3 * {y} * {y})"),
        new("Pow", 2, null, "{1} == 0 ? 0 : {1} * M.Pow({0}, {1} - 1)", "{0} == 0 && {1} >= 0 ? 0 : {y} * M.Log({0})"),
        new("Hypot", 2, null, "{0} / {y}", "{1} / {y}"),
        new("FusedMultiplyAdd", 3, null, "{1}", "{0}", "1"),

        // 6. Piecewise: PyTorch's conventions at the kinks
        new("Abs", 1, null, "{0} > 0 ? 1 : ({0} < 0 ? -1 : 0)"),
        new("Min", 2, null, "{0} < {1} ? 1 : ({0} == {1} ? 0.5 : 0)", "{1} < {0} ? 1 : ({0} == {1} ? 0.5 : 0)"),
        new("Max", 2, null, "{0} > {1} ? 1 : ({0} == {1} ? 0.5 : 0)", "{1} > {0} ? 1 : ({0} == {1} ? 0.5 : 0)"),
        new("Clamp", 3, null, "{1} <= {0} && {0} <= {2} ? 1 : 0", "{0} < {1} ? 1 : 0", "{0} > {2} ? 1 : 0"),

        // 7. Zero derivative almost everywhere (Sign returns an integer, so it is never differentiated)
        new("Sign", -1, null),
        new("Floor", -1, null),
        new("Ceiling", -1, null),
        new("Round", -1, null),
        new("Truncate", -1, null),
    };

    private static readonly Dictionary<string, DerivativeRule> ByKey =
        Functions.ToDictionary(rule => Key(rule.Name, rule.Arity));

    /// <summary>The rule for a function called with <paramref name="arity"/> arguments, or null.</summary>
    public static DerivativeRule? Find(string name, int arity) =>
        ByKey.TryGetValue(Key(name, arity), out DerivativeRule? rule) || ByKey.TryGetValue(Key(name, -1), out rule)
            ? rule
            : null;

    // Invariant: some cultures write the minus sign of -1 (any arity) as U+2212.
    private static string Key(string name, int arity) => name + "/" + arity.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
