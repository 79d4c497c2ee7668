using System.Reflection;
using System.Runtime.CompilerServices;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// The scenarios of one test class compiled together, to keep the suite fast: every <c>const string</c> field of
/// the class is the members of one scenario, placed in <c>namespace Demo; public static partial class {field}</c>
/// with [Differentiable] on its <c>F</c> (unless an attribute of its own precedes it). The generator runs once and the result is compiled once; each [Fact]
/// then checks its own scenario as <see cref="Scenarios.Scenario"/> does: the generated file against its
/// snapshot, and <c>F</c>'s gradient against forward mode and central differences (and its Hessian).
/// </summary>
internal sealed class ScenarioBatch
{
    private readonly Lazy<(GeneratorHarness.Result Result, Assembly Assembly)> _compiled;

    // Where each scenario's class is in the batch's source.
    private readonly Dictionary<string, (int Start, int End)> _spans = new();

    public ScenarioBatch(Type testClass) => _compiled = new Lazy<(GeneratorHarness.Result, Assembly)>(() => Compile(testClass, _spans));

    /// <summary>The generator's result for the whole batch.</summary>
    public GeneratorHarness.Result Result => _compiled.Value.Result;

    /// <summary>Scenario <paramref name="field"/>'s type in the compiled batch.</summary>
    public Type Type(string field) => _compiled.Value.Assembly.GetType("Demo." + field, throwOnError: true)!;

    /// <summary>Scenario <paramref name="field"/>'s generated file against the snapshot <paramref name="name"/>, then its numbers.</summary>
    public void Check(
        string name, string field, double min = -2, double max = 2, double finiteDifferenceTolerance = 1e-6, double modeTolerance = 1e-10, int vectorLength = 5,
        [CallerFilePath] string callerFile = "")
    {
        GeneratorHarness.Result result = Result;
        Assert.Empty(result.GeneratorDiagnostics.Where(d => d.Location == Microsoft.CodeAnalysis.Location.None || Within(d, field)));
        Snapshot.Match(result.Source("Demo." + field + ".F_"), name, callerFile);

        MethodInfo method = Type(field).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static).Single(m => m.Name == "F");
        NumericChecker.Check(method, seed: name.Length, points: 10, min, max, finiteDifferenceTolerance, modeTolerance, vectorLength);
        if (HessianChecker.HasHessian(method))
        {
            HessianChecker.Check(method, seed: name.Length, points: 4, min, max, Math.Max(1e-5, 10 * finiteDifferenceTolerance), vectorLength);
        }
    }

    /// <summary>Whether a diagnostic is inside scenario <paramref name="field"/>'s class.</summary>
    private bool Within(Microsoft.CodeAnalysis.Diagnostic diagnostic, string field) =>
        _spans.TryGetValue(field, out (int Start, int End) span) && diagnostic.Location.SourceSpan.Start >= span.Start && diagnostic.Location.SourceSpan.Start < span.End;

    private static (GeneratorHarness.Result, Assembly) Compile(Type testClass, Dictionary<string, (int Start, int End)> spans)
    {
        var source = new System.Text.StringBuilder(GeneratorHarness.Usings);
        source.Append("using System.Diagnostics;\nusing System.Linq;\n\nnamespace Demo;\n\n");
        source.Append("public sealed class SampleLengthAttribute(int length) : Attribute\n{\n    public int Length => length;\n}\n");
        foreach (FieldInfo field in testClass.GetFields(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)))
        {
            string members = (string)field.GetRawConstantValue()!;
            string indented = string.Join("\n", members.Split('\n').Select(line => line.Length > 0 ? "    " + line : line));
            indented = System.Text.RegularExpressions.Regex.Replace(indented, @"(?<!\]\n)    public static (double|float) F\(", "    [Differentiable]\n$0");

            int start = source.Length;
            source.Append("\npublic static partial class ").Append(field.Name).Append("\n{\n").Append(indented).Append("\n}\n");
            spans[field.Name] = (start, source.Length);
        }

        GeneratorHarness.Result result = GeneratorHarness.Run(source.ToString());
        return (result, GeneratorHarness.Load(result));
    }
}
