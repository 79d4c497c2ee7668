using System.Reflection;
using AutoDiff.Generator.Tests.Infrastructure;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// Differential test over seeded random methods: each compiles with its generated derivatives, and
/// reverse mode, forward mode and central differences agree at random points.
/// </summary>
public class RandomProgramTests
{
    /// <summary>Seeds 1..5 by default; set <c>AUTODIFF_RANDOM_SEEDS=200</c> for a longer hunt.</summary>
    public static TheoryData<int> Seeds()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("AUTODIFF_RANDOM_SEEDS"), out int n) ? n : 5;
        var seeds = new TheoryData<int>();
        for (int seed = 1; seed <= count; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_methods_differentiate_correctly_in_both_modes(int seed)
    {
        string source = new RandomPrograms(seed).Class("Random", methods: 30);
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.True(result.GeneratorDiagnostics.IsEmpty, string.Join("\n", result.GeneratorDiagnostics) + "\n" + source);

        Assembly assembly = GeneratorHarness.Load(result);
        Type type = assembly.GetType("Random", throwOnError: true)!;
        int checkedPoints = 0;
        foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<DifferentiableAttribute>() is not null))
        {
            try
            {
                checkedPoints += NumericChecker.Check(method, seed, points: 6, min: -1.5, max: 1.5, finiteDifferenceTolerance: 1e-5, modeTolerance: 1e-9).PointsChecked;
            }
            catch (Exception exception)
            {
                Assert.Fail($"{method.Name}: {exception.Message}\n\n{source}");
            }
        }

        Assert.True(checkedPoints >= 30 * 3, $"only {checkedPoints} points were checked");
    }
}
