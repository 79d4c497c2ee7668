using System.Reflection;
using AutoDiff.Generator.Tests.Corpus;
using AutoDiff.Generator.Tests.Infrastructure;
using FunctionCorpus;

namespace AutoDiff.Generator.Tests.SecondOrder;

/// <summary>
/// The generated Hessians of samples/FunctionCorpus: every column against central differences of the
/// generated gradient, exact symmetry, and Hessian-vector products against the Hessian times the vector.
/// </summary>
public class CorpusHessianTests
{
    public static TheoryData<string> MethodsWithHessians()
    {
        var data = new TheoryData<string>();
        foreach (MethodInfo method in CorpusWithHessians())
        {
            data.Add(Key(method));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MethodsWithHessians))]
    public void Generated_hessian_matches_differences_of_the_gradient_and_its_products(string key)
    {
        MethodInfo method = CorpusWithHessians().Single(m => Key(m) == key);
        SampleRangeAttribute? range = method.GetCustomAttribute<SampleRangeAttribute>();
        HessianChecker.Check(
            method,
            seed: key.Length,
            points: 4,
            min: range?.Min ?? -2,
            max: range?.Max ?? 2,
            finiteDifferenceTolerance: range is { Tolerance: > 0 } ? Math.Max(range.Tolerance, 1e-5) : 1e-5);
    }

    [Fact]
    public void Every_corpus_function_has_a_hessian_unless_it_calls_a_caller()
    {
        // 97 functions: one calls a method that makes calls itself (itself); the rest have Hessians, float ones too.
        Assert.True(CorpusWithHessians().Count >= 96, $"only {CorpusWithHessians().Count} corpus functions have Hessians");
    }

    /// <summary>Methods over scalars and vectors; the Hessians of methods in ordinary C# (structs, data, ...) are checked with them by CompositeChecker.</summary>
    private static List<MethodInfo> CorpusWithHessians() =>
        CorpusNumericTests.AllCorpusMethods().Where(m => !CompositeChecker.Needed(m) && HessianChecker.HasHessian(m)).ToList();

    private static string Key(MethodInfo method) => CorpusNumericTests.Key(method);
}
