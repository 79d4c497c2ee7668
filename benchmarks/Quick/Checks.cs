using AutoDiff.Benchmarks.Cases;

namespace AutoDiff.Benchmarks.Quick;

/// <summary>
/// Before anything is timed, every way of computing a case's gradient must agree with the hand-written
/// one: relative 1e-8 for the exact methods, 1e-4 for finite differences (scaled by the largest entry).
/// </summary>
internal static class Checks
{
    public const double Exact = 1e-8;
    public const double Differences = 1e-4;

    /// <summary>Returns the problems found (empty when all agree).</summary>
    public static List<string> Verify(GradientCase testCase)
    {
        var problems = new List<string>();
        var reference = new double[testCase.Dimension];
        double value = testCase.Once(Method.Hand, reference);
        double scale = reference.Max(Math.Abs);
        var gradient = new double[testCase.Dimension];
        foreach (Method method in new[] { Method.Generated, Method.Forward, Method.Tape, Method.FiniteDifference })
        {
            Array.Clear(gradient);
            double other = testCase.Once(method, gradient);
            double tolerance = method == Method.FiniteDifference ? Differences : Exact;
            if (method != Method.FiniteDifference && Math.Abs(other - value) > Exact * Math.Max(Math.Abs(value), 1e-300))
            {
                problems.Add($"{testCase.Name}: {method} value {other:R} differs from the hand-written {value:R}");
            }

            for (int j = 0; j < gradient.Length; j++)
            {
                double error = Math.Abs(gradient[j] - reference[j]) / Math.Max(Math.Max(Math.Abs(reference[j]), scale), 1e-300);
                if (!(error <= tolerance))
                {
                    problems.Add($"{testCase.Name}: {method} entry {j} is {gradient[j]:R}, hand-written {reference[j]:R} (relative error {error:E2} > {tolerance:E0})");
                    break;
                }
            }
        }

        return problems;
    }
}
