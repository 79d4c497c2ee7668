using System.Reflection;
using System.Runtime.CompilerServices;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// A scenario: source in, the generated file compared with its snapshot (in the <c>Snapshots</c> folder beside
/// the calling test), the compiled result checked against forward mode, the tape where there is one, central
/// differences, and its Hessian where it has one.
/// </summary>
internal static class Scenarios
{
    /// <summary>A method body inside <c>namespace Demo; public static partial class C</c>, with [Differentiable] on F.</summary>
    public static void Scenario(
        string name, string members, double min = -2, double max = 2, double finiteDifferenceTolerance = 1e-6, double modeTolerance = 1e-10, int vectorLength = 5,
        [CallerFilePath] string callerFile = "")
    {
        string indented = string.Join("\n", members.Split('\n').Select(line => line.Length > 0 ? "    " + line : line));
        indented = indented.Replace("    public static double F(", "    [Differentiable]\n    public static double F(")
            .Replace("    public static float F(", "    [Differentiable]\n    public static float F(");
        string source = GeneratorHarness.Usings + "namespace Demo;\n\npublic static partial class C\n{\n" + indented + "\n}\n";
        Check(name, source, "Demo.C", "Demo.C.F", min, max, finiteDifferenceTolerance, modeTolerance, vectorLength: vectorLength, callerFile: callerFile);
    }

    /// <summary>A whole source file: the snapshot of <paramref name="hintName"/>'s file, then the numbers of <paramref name="typeName"/>.F.</summary>
    public static void Check(
        string name, string source, string typeName, string hintName,
        double min = -2, double max = 2, double finiteDifferenceTolerance = 1e-6, double modeTolerance = 1e-10, bool closeGeneric = false, int vectorLength = 5,
        [CallerFilePath] string callerFile = "")
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Snapshot.Match(result.Source(hintName + "_"), name, callerFile);

        Assembly assembly = GeneratorHarness.Load(result);
        Type type = assembly.GetType(typeName, throwOnError: true)!;
        if (closeGeneric)
        {
            type = type.MakeGenericType(typeof(int));
        }

        MethodInfo method = type
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.Name == "F");
        NumericChecker.Check(method, seed: name.Length, points: 10, min, max, finiteDifferenceTolerance, modeTolerance, vectorLength);
        if (HessianChecker.HasHessian(method))
        {
            HessianChecker.Check(method, seed: name.Length, points: 4, min, max, Math.Max(1e-5, 10 * finiteDifferenceTolerance), vectorLength);
        }
    }

    /// <summary>
    /// A whole source file in <c>namespace Demo</c>: the snapshot of the file of <c>typeName.method</c>, then every generated
    /// method of it checked by <see cref="CompositeChecker"/> (parameters and results as declared: structs, tuples, arrays,
    /// data, instance and generic methods).
    /// </summary>
    public static void Declared(
        string name, string source, string typeName = "C", string method = "F",
        double min = -2, double max = 2, double finiteDifferenceTolerance = 1e-6, double modeTolerance = 1e-10, int vectorLength = 5,
        [CallerFilePath] string callerFile = "")
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + "using System.Numerics;\n\nnamespace Demo;\n\n" + source);
        Assert.Empty(result.GeneratorDiagnostics);
        Snapshot.Match(result.Source("Demo." + typeName + "." + method + "_"), name, callerFile);

        Assembly assembly = GeneratorHarness.Load(result);
        Type type = assembly.GetType("Demo." + typeName, throwOnError: true)!;
        MethodInfo function = type
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Single(m => m.Name == method);
        CompositeChecker.Check(function, seed: name.Length, points: 6, min, max, finiteDifferenceTolerance, modeTolerance, vectorLength);
    }
}
