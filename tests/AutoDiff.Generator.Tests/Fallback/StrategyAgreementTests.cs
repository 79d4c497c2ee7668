using System.Reflection;
using System.Text;
using AutoDiff.Generator.Tests.Infrastructure;
using FunctionCorpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Tests.Fallback;

/// <summary>
/// Differential test of the two strategies: samples/FunctionCorpus is compiled once more with every
/// <c>[Differentiable]</c> rewritten to <c>Strategy = DifferentiationStrategy.Tape</c>, and each method's
/// tape gradient and forward derivative are compared with the source-transformed ones (the corpus
/// project as built) at random points. The tape takes no vector parameters yet (AD0021), so methods
/// with array or span parameters keep the source transformation in the copy and are not compared.
/// </summary>
public class StrategyAgreementTests
{
    private static readonly Lazy<Assembly> TapedCorpus = new(CompileTapedCorpus);

    public static TheoryData<string> CorpusMethods()
    {
        var data = new TheoryData<string>();
        foreach (MethodInfo method in SourceTransformed())
        {
            data.Add(Key(method));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusMethods))]
    public void Tape_and_source_transformation_agree(string key)
    {
        MethodInfo transformed = SourceTransformed().Single(m => Key(m) == key);
        MethodInfo taped = TapedCorpus.Value.GetType(transformed.DeclaringType!.FullName!, throwOnError: true)!
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => Key(m) == key);

        // On the tape, float values are held in double, so methods computing in float (a float signature,
        // or float locals, which the corpus marks with a Tolerance as CorpusNumericTests does) agree only
        // to float precision: generated code rounds float tangents too, the tape does not.
        SampleRangeAttribute? range = transformed.GetCustomAttribute<SampleRangeAttribute>();
        bool single = transformed.ReturnType == typeof(float) || transformed.GetParameters().Any(p => p.ParameterType == typeof(float));
        double tolerance = single || range is { Tolerance: > 0 } ? 1e-5 : 1e-10;
        var random = new Random(key.Length);
        ParameterInfo[] parameters = transformed.GetParameters();
        int inputs = parameters.Count(NumericChecker.IsDifferentiable);
        for (int point = 0; point < 6; point++)
        {
            object[] arguments = parameters.Select(p => Argument(p.ParameterType, random, range?.Min ?? -2, range?.Max ?? 2)).ToArray();
            double[] expected = Derivatives(transformed, arguments, inputs);
            double[] actual = Derivatives(taped, arguments, inputs);
            for (int i = 0; i < expected.Length; i++)
            {
                double error = NumericChecker.RelativeError(expected[i], actual[i]);
                Assert.True(
                    error <= tolerance || (double.IsNaN(expected[i]) && double.IsNaN(actual[i])),
                    $"{key} at ({string.Join(", ", arguments)}), output {i}: source transformation {expected[i]:R}, tape {actual[i]:R}");
            }
        }
    }

    [Fact]
    public void Every_corpus_method_is_taped_in_the_rewritten_copy()
    {
        string[] files = CorpusSources().Select(File.ReadAllText).ToArray();
        GeneratorHarness.Result result = GeneratorHarness.Run(Rewrite(files));
        Assert.Empty(result.GeneratorDiagnostics);
        int taped = result.Sources.Count(s => s.SourceText.ToString().Contains("BeginScope()", StringComparison.Ordinal));
        Assert.Equal(SourceTransformed().Count, taped);
    }

    /// <summary>Value, gradient (reverse) and one forward derivative per input, as one vector.</summary>
    private static double[] Derivatives(MethodInfo method, object[] arguments, int inputs)
    {
        Type type = method.DeclaringType!;
        Type[] leading = method.GetParameters().Select(p => p.ParameterType).ToArray();
        MethodInfo gradient = Find(type, method.Name + "Gradient", leading, arguments.Length + inputs);
        MethodInfo derivative = Find(type, method.Name + "Derivative", leading, arguments.Length + inputs + 1);
        object[] gradientArguments = arguments.Concat(new object[inputs]).ToArray();
        var results = new List<double> { ToDouble(gradient.Invoke(null, gradientArguments)) };
        results.AddRange(gradientArguments.Skip(arguments.Length).Select(ToDouble));

        Type[] tangentTypes = method.GetParameters().Where(NumericChecker.IsDifferentiable).Select(p => p.ParameterType).ToArray();
        for (int k = 0; k < inputs; k++)
        {
            object[] derivativeArguments = arguments
                .Concat(tangentTypes.Select((t, j) => t == typeof(float) ? (object)(j == k ? 1f : 0f) : j == k ? 1.0 : 0.0))
                .Append(null!)
                .ToArray();
            derivative.Invoke(null, derivativeArguments);
            results.Add(ToDouble(derivativeArguments[^1]));
        }

        return results.ToArray();
    }

    private static MethodInfo Find(Type type, string name, Type[] leading, int count) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.Name == name && m.GetParameters().Length == count
                && m.GetParameters().Take(leading.Length).Select(p => p.ParameterType).SequenceEqual(leading));

    private static Assembly CompileTapedCorpus() =>
        GeneratorHarness.Load(GeneratorHarness.Run(Rewrite(CorpusSources().Select(File.ReadAllText).ToArray())));

    /// <summary>The corpus sources with the tape asked for on every method it can take, plus the project's implicit usings.</summary>
    internal static string[] Rewrite(string[] files) =>
        files.Select(AskForTheTape)
            .Append("global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\n")
            .ToArray();

    private static string AskForTheTape(string source)
    {
        SyntaxNode root = CSharpSyntaxTree.ParseText(source).GetRoot();
        var text = new StringBuilder(source);
        IEnumerable<AttributeSyntax> attributes = root.DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(TapeTakes)
            .SelectMany(m => m.AttributeLists.SelectMany(list => list.Attributes))
            .Where(a => a.Name.ToString() == "Differentiable" && a.ArgumentList is null)
            .OrderByDescending(a => a.SpanStart);
        foreach (AttributeSyntax attribute in attributes)
        {
            text.Remove(attribute.SpanStart, attribute.Span.Length)
                .Insert(attribute.SpanStart, "Differentiable(Strategy = DifferentiationStrategy.Tape)");
        }

        return text.ToString();
    }

    /// <summary>
    /// Methods the tape takes: static, returning a real, with scalar parameters (predefined types, by value), not calling a method
    /// that returns a tuple (which has a Jacobian, not the gradient the tape's call helpers use). Vectors, structs, data of other types,
    /// instance and generic methods are source-transformed only.
    /// </summary>
    private static bool TapeTakes(MethodDeclarationSyntax method) =>
        method.Modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword))
        && method.TypeParameterList is null
        && method.ReturnType is PredefinedTypeSyntax { Keyword.Text: "double" or "float" }
        && method.ParameterList.Parameters.All(p => p.Type is PredefinedTypeSyntax { Keyword.Text: "double" or "float" or "int" or "long" or "bool" } && p.Modifiers.Count == 0)
        && !method.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(call => TupleReturning.Value.Contains(CalledName(call)))
        && !method.DescendantNodes().OfType<IdentifierNameSyntax>().Any(name => StructsOfReals.Contains(name.Identifier.Text));

    /// <summary>Structs of reals a body may compute with (the corpus's and System.Numerics): the tape follows reals in locals, not in structs.</summary>
    private static readonly HashSet<string> StructsOfReals = new(StringComparer.Ordinal)
    {
        "Vec2", "Vec3", "Body2", "Spring", "Complex", "Vector2", "Vector3", "Vector4", "Quaternion",
    };

    private static string CalledName(InvocationExpressionSyntax call) => call.Expression switch
    {
        IdentifierNameSyntax name => name.Identifier.Text,
        MemberAccessExpressionSyntax access => access.Name.Identifier.Text,
        _ => string.Empty,
    };

    /// <summary>The corpus methods that return a tuple.</summary>
    private static readonly Lazy<HashSet<string>> TupleReturning = new(() => CorpusSources()
        .SelectMany(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        .Where(m => m.ReturnType is TupleTypeSyntax)
        .Select(m => m.Identifier.Text)
        .ToHashSet());

    /// <summary>The corpus methods the rewritten copy puts on the tape, as "Type.Method/parameters".</summary>
    private static readonly Lazy<HashSet<string>> Taped = new(() => CorpusSources()
        .SelectMany(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        .Where(m => TapeTakes(m) && m.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() == "Differentiable"))
        .Select(m => ((TypeDeclarationSyntax)m.Parent!).Identifier.Text + "." + m.Identifier.Text + "/" + m.ParameterList.Parameters.Count)
        .ToHashSet());


    internal static IEnumerable<string> CorpusSources() =>
        Directory.GetFiles(Path.Combine(Repository.Root(), "samples", "FunctionCorpus"), "*.cs").OrderBy(f => f, StringComparer.Ordinal);

    private static List<MethodInfo> SourceTransformed() =>
        typeof(SampleRangeAttribute).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<DifferentiableAttribute>() is not null && Taped.Value.Contains(m.DeclaringType!.Name + "." + m.Name + "/" + m.GetParameters().Length))
            .OrderBy(Key, StringComparer.Ordinal)
            .ToList();

    private static string Key(MethodInfo method) =>
        $"{method.DeclaringType!.Name}.{method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.Name))})";

    private static object Argument(Type type, Random random, double min, double max)
    {
        double value = min + ((max - min) * random.NextDouble());
        return type == typeof(float) ? (float)value
            : type == typeof(int) ? random.Next(0, 4)
            : type == typeof(bool) ? random.Next(2) == 1
            : value;
    }

    private static double ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        _ => throw new InvalidOperationException($"Not a number: {value}"),
    };
}
