namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// The partial derivatives of one function or operator, written once as C# templates; the forward
/// builder emits <c>dy = Σ ∂f/∂xᵢ · dxᵢ</c> from them and the reverse builder <c>xᵢ_bar += y_bar · ∂f/∂xᵢ</c>.
/// </summary>
/// <remarks>
/// Template placeholders: <c>{0}</c>, <c>{1}</c>, ... the arguments; <c>{y}</c> the primal result;
/// <c>M.</c> the math class of the element type (<c>Math</c> or <c>MathF</c>). Decimal literals get an
/// <c>f</c> suffix in float code. A null partial means the derivative is zero (almost everywhere).
/// </remarks>
/// <param name="Name">Function name (<c>Sin</c>) or operator name (<c>Multiply</c>).</param>
/// <param name="Arity">Argument count; -1 for zero-derivative rules that accept any count.</param>
/// <param name="Primal">Template for the operation itself, or null for an ordinary call.</param>
/// <param name="Partials">∂f/∂argument for each argument.</param>
internal sealed record DerivativeRule(string Name, int Arity, string? Primal, params string?[] Partials)
{
    public string? Partial(int argument) => Arity < 0 || argument >= Partials.Length ? null : Partials[argument];
}
