using AutoDiff.DualNumbers;
using AutoDiff.Taping;

namespace AutoDiff.Runtime.Tests;

public class ModeAgreementTests
{
    private sealed record Objective(
        string Name, int Dimension, Func<double[], double> Plain, Func<Var[], Var> Reverse, Func<Dual[], Dual> Forward);

    private static readonly Objective[] All =
    [
        Make("Rosenbrock", 5, Objectives<double, DoubleMath>.Rosenbrock, Objectives<Var, ReverseMath>.Rosenbrock, Objectives<Dual, ForwardMath>.Rosenbrock),
        Make("Beale", 2, Objectives<double, DoubleMath>.Beale, Objectives<Var, ReverseMath>.Beale, Objectives<Dual, ForwardMath>.Beale),
        Make("Himmelblau", 2, Objectives<double, DoubleMath>.Himmelblau, Objectives<Var, ReverseMath>.Himmelblau, Objectives<Dual, ForwardMath>.Himmelblau),
        Make("LogisticLoss", 3, Objectives<double, DoubleMath>.LogisticLoss, Objectives<Var, ReverseMath>.LogisticLoss, Objectives<Dual, ForwardMath>.LogisticLoss),
        Make("SoftplusChain", 3, Objectives<double, DoubleMath>.SoftplusChain, Objectives<Var, ReverseMath>.SoftplusChain, Objectives<Dual, ForwardMath>.SoftplusChain),
        Make("TinyNetwork", 8, Objectives<double, DoubleMath>.TinyNetwork, Objectives<Var, ReverseMath>.TinyNetwork, Objectives<Dual, ForwardMath>.TinyNetwork),
        Make("Branchy", 3, Objectives<double, DoubleMath>.Branchy, Objectives<Var, ReverseMath>.Branchy, Objectives<Dual, ForwardMath>.Branchy),
    ];

    public static TheoryData<string> Names => new(All.Select(o => o.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Var_and_Dual_gradients_agree_and_match_central_differences(string name)
    {
        Objective o = All.Single(o => o.Name == name);
        Random random = new(2024);
        for (int trial = 0; trial < 8; trial++)
        {
            double[] x = Enumerable.Range(0, o.Dimension).Select(_ => random.NextDouble() * 3 - 1.5).ToArray();
            double[] reverse = Differentiate.Reverse(o.Reverse, x);
            double[] forward = Differentiate.Forward(o.Forward, x);

            for (int i = 0; i < x.Length; i++)
            {
                Assert.True(
                    GradientCheckResult.RelativeError(reverse[i], forward[i]) < 1e-13,
                    $"{name}[{i}]: reverse {reverse[i]} vs forward {forward[i]}");
            }

            GradientCheckResult check = GradientCheck.Gradient(o.Plain, x, reverse);
            Assert.True(check.Passed(1e-6), $"{name} at [{string.Join(", ", x)}]: {check}");
            Assert.Equal(o.Plain(x), Differentiate.ReverseValue(o.Reverse, x));
        }
    }

    private static Objective Make(
        string name, int dimension, Func<double[], double> plain, Func<Var[], Var> reverse, Func<Dual[], Dual> forward) =>
        new(name, dimension, plain, reverse, forward);
}
