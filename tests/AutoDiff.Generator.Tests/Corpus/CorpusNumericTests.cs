using System.Reflection;
using AutoDiff.Generator.Tests.Infrastructure;
using FunctionCorpus;

namespace AutoDiff.Generator.Tests.Corpus;

/// <summary>
/// Every [Differentiable] method of samples/FunctionCorpus (a user project compiled by the generator)
/// checked at random points: reverse vs forward mode, and both vs central finite differences.
/// </summary>
public class CorpusNumericTests
{
    public static TheoryData<string> CorpusMethods()
    {
        var data = new TheoryData<string>();
        foreach (MethodInfo method in AllCorpusMethods())
        {
            data.Add(Key(method));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusMethods))]
    public void Generated_gradient_matches_forward_mode_and_central_differences(string key)
    {
        MethodInfo method = AllCorpusMethods().Single(m => Key(m) == key);
        SampleRangeAttribute? range = method.GetCustomAttribute<SampleRangeAttribute>();
        bool single = method.ReturnType == typeof(float) || method.GetParameters().Any(p => p.ParameterType == typeof(float));
        if (CompositeChecker.Needed(method))
        {
            // Parameters and results as users declare them (structs, tuples, 2-D arrays, data, instance and generic methods):
            // every generated method, Jacobians and Hessians included, against central differences and the other mode.
            CompositeChecker.Check(
                method,
                seed: key.Length,
                points: 6,
                min: range?.Min ?? -2,
                max: range?.Max ?? 2,
                finiteDifferenceTolerance: range is { Tolerance: > 0 } ? range.Tolerance : single ? 2e-2 : 1e-6,
                modeTolerance: single || range is { Tolerance: > 0 } ? 1e-5 : 1e-10);
            return;
        }

        NumericChecker.Check(
            method,
            seed: key.Length,
            points: 8,
            min: range?.Min ?? -2,
            max: range?.Max ?? 2,
            finiteDifferenceTolerance: range is { Tolerance: > 0 } ? range.Tolerance : single ? 2e-2 : 1e-6,
            modeTolerance: single || range is { Tolerance: > 0 } ? 1e-5 : 1e-10,
            // System.Numerics members are computed from their definitions on the leaves: in float, to rounding.
            valueTolerance: single ? 1e-6 : 1e-12);
    }

    [Fact]
    public void Corpus_has_at_least_forty_functions()
    {
        Assert.True(AllCorpusMethods().Count >= 40, $"only {AllCorpusMethods().Count} corpus functions");
    }

    [Fact]
    public void Corpus_has_at_least_twenty_eight_loop_functions_with_vectors_or_local_arrays()
    {
        // AllCorpusMethods scans every type of the corpus assembly, so LoopFunctions is checked above.
        List<MethodInfo> loops = AllCorpusMethods().Where(m => m.DeclaringType == typeof(LoopFunctions)).ToList();
        Assert.True(loops.Count >= 28, $"only {loops.Count} loop corpus functions");
        Assert.True(
            loops.Count(m => m.GetParameters().Any(p => p.ParameterType.IsArray || p.ParameterType.IsGenericType)) >= 20,
            "most loop corpus functions should take vectors");
    }

    [Fact]
    public void Corpus_has_at_least_thirty_functions_written_in_ordinary_csharp()
    {
        // Tuples, structs, System.Numerics, instance methods, data, 2-D and jagged arrays, generic math (issue 14).
        List<MethodInfo> ordinary = AllCorpusMethods().Where(CompositeChecker.Needed).ToList();
        Assert.True(ordinary.Count >= 30, $"only {ordinary.Count} corpus functions in ordinary C#");
    }

    internal static List<MethodInfo> AllCorpusMethods() =>
        typeof(SampleRangeAttribute).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<DifferentiableAttribute>() is not null)
            .OrderBy(Key, StringComparer.Ordinal)
            .ToList();

    internal static string Key(MethodInfo method) =>
        $"{method.DeclaringType!.Name}.{method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.Name))})";
}
