namespace AutoDiff;

/// <summary>
/// Outcome of a <see cref="GradientCheck"/>: the worst entry found. Relative error is
/// |analytic − numeric| / max(1, |analytic|, |numeric|), so it is an absolute error for small entries.
/// A NaN in either value counts as the worst possible error.
/// </summary>
/// <param name="MaxRelativeError">The largest relative error over all entries (NaN if any entry had a NaN).</param>
/// <param name="Row">Output index of the worst entry (always 0 for a gradient; -1 when there were no entries).</param>
/// <param name="Column">Input index of the worst entry (-1 when there were no entries).</param>
/// <param name="Analytic">The checked derivative at the worst entry.</param>
/// <param name="Numeric">The central-difference estimate at the worst entry.</param>
public sealed record GradientCheckResult(
    double MaxRelativeError,
    int Row,
    int Column,
    double Analytic,
    double Numeric)
{
    /// <summary>True when every entry's relative error is at most <paramref name="tolerance"/> (false on NaN).</summary>
    public bool Passed(double tolerance = 1e-6) => MaxRelativeError <= tolerance;

    /// <summary>Relative error of one entry, as used for <see cref="MaxRelativeError"/>.</summary>
    public static double RelativeError(double analytic, double numeric) =>
        Math.Abs(analytic - numeric) / Math.Max(1, Math.Max(Math.Abs(analytic), Math.Abs(numeric)));
}
