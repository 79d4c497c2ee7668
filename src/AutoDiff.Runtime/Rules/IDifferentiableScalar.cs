namespace AutoDiff.Rules;

/// <summary>
/// A scalar that carries a derivative: the tape's <see cref="Taping.Var"/> records each operation for the
/// backward sweep, the <see cref="DualNumbers.Dual"/> carries its tangent forward. <see cref="ScalarFunctions{T}"/>
/// writes every math function once against this, from the value and the partials in <see cref="Slopes"/>.
/// </summary>
internal interface IDifferentiableScalar<TSelf>
    where TSelf : struct, IDifferentiableScalar<TSelf>
{
    double Value { get; }

    /// <summary>A constant: derivative 0.</summary>
    static abstract TSelf Constant(double value);

    /// <summary>The result <paramref name="value"/> of a one-argument function with partial <paramref name="slope"/>.</summary>
    static abstract TSelf Apply(double value, TSelf a, double slope);

    /// <summary>The result of a two-argument function with its two partials.</summary>
    static abstract TSelf Apply(double value, TSelf a, double slopeA, TSelf b, double slopeB);
}
