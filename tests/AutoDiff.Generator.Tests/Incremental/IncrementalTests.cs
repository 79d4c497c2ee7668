using System.Globalization;
using System.Reflection;
using AutoDiff.Generator.Tests.Fallback;
using AutoDiff.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Tests.Incremental;

/// <summary>Incremental caching, model purity and deterministic output.</summary>
public class IncrementalTests
{
    private const string Functions = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, double y) => x * Math.Sin(y);

            [Differentiable]
            public static double G(double x) => x > 0 ? Math.Sqrt(x) : -x;

            [Differentiable]
            public static double H(ReadOnlySpan<double> w, double x)
            {
                double[] a = new double[w.Length];
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    a[i] = (w[i] * 0.5) + x;
                    s += Math.Exp(-a[i] * a[i]);
                    if (s > 2.5)
                    {
                        break;
                    }
                }

                return s + SpanMath.Dot(a, w);
            }
        }
        """;

    private const string Unrelated = """
        namespace Demo;

        public static class Helpers
        {
            public static int Answer() => 42;
        }
        """;

    [Fact]
    public void Second_run_on_the_same_compilation_is_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Functions, Unrelated);
        GeneratorHarness.Result first = GeneratorHarness.Run(compilation);
        GeneratorHarness.Result second = GeneratorHarness.Run(compilation.Clone(), first.Driver);

        AssertAllOutputs(second, TrackingNames.Models, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertAllOutputs(second, TrackingNames.ParsedMethods, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Editing_an_unrelated_file_leaves_the_models_unchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Functions, Unrelated);
        GeneratorHarness.Result first = GeneratorHarness.Run(compilation);

        SyntaxTree old = compilation.SyntaxTrees.Last();
        SyntaxTree edited = old.WithChangedText(old.GetText().Replace(old.GetText().ToString().IndexOf("42", StringComparison.Ordinal), 2, "43"));
        GeneratorHarness.Result second = GeneratorHarness.Run(compilation.ReplaceSyntaxTree(old, edited), first.Driver);

        AssertAllOutputs(second, TrackingNames.Models, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Editing_one_method_body_regenerates_only_that_method()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Functions);
        GeneratorHarness.Result first = GeneratorHarness.Run(compilation);

        SyntaxTree old = compilation.SyntaxTrees.Single();
        string text = old.GetText().ToString();
        SyntaxTree edited = old.WithChangedText(old.GetText().Replace(text.IndexOf("Math.Sin(y)", StringComparison.Ordinal), "Math.Sin(y)".Length, "Math.Cos(y)"));
        GeneratorHarness.Result second = GeneratorHarness.Run(compilation.ReplaceSyntaxTree(old, edited), first.Driver);

        var reasons = second.RunResult.Results.Single().TrackedSteps[TrackingNames.Models]
            .SelectMany(step => step.Outputs)
            .Select(output => (((Model.MethodModel)output.Value).Name, output.Reason))
            .ToList();
        Assert.Contains(("F", IncrementalStepRunReason.Modified), reasons);
        Assert.Contains(reasons, r => r.Name == "G" && r.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);
        Assert.Contains(reasons, r => r.Name == "H" && r.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);

        // F's facts for the other methods are the same, so the table of callees is too, and only F's plan changes.
        AssertAllOutputs(second, TrackingNames.CalleeTable, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        var plans = second.RunResult.Results.Single().TrackedSteps[TrackingNames.Plans]
            .SelectMany(step => step.Outputs)
            .Select(output => (((Pipeline.MethodPlan)output.Value).Model.Name, output.Reason))
            .ToList();
        Assert.Contains(("F", IncrementalStepRunReason.Modified), plans);
        Assert.All(plans.Where(p => p.Name != "F"), p => Assert.True(p.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, p.ToString()));

        // And only F's file is emitted again: every other source output step is cached or unchanged.
        var emitted = second.RunResult.Results.Single().TrackedOutputSteps["SourceOutput"]
            .SelectMany(step => step.Outputs)
            .Count(output => output.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);
        Assert.Equal(1, emitted);
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_locations_or_compilations()
    {
        var banned = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree) };
        var seen = new HashSet<Type>();
        // Every value the pipeline carries between steps.
        var pending = new Stack<Type>(new[]
        {
            typeof(Pipeline.ParsedMethod), typeof(Pipeline.MethodFacts), typeof(Pipeline.CalleeTable), typeof(Pipeline.MethodPlan),
        });
        while (pending.Count > 0)
        {
            Type type = pending.Pop();
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
            {
                continue;
            }

            Assert.DoesNotContain(banned, b => b.IsAssignableFrom(type));
            foreach (Type generic in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes)
            {
                pending.Push(generic);
            }

            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                pending.Push(field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType);
            }

            // Subtypes of abstract model records (Expr, Stmt) are models too.
            if (type.IsAbstract && type.Namespace == "AutoDiff.Generator.Model")
            {
                foreach (Type derived in type.Assembly.GetTypes().Where(t => t.IsSubclassOf(type)))
                {
                    pending.Push(derived);
                }
            }
        }

        Assert.Contains(typeof(Model.BinaryExpr), seen);
        Assert.Contains(typeof(Model.IfStmt), seen);
    }

    [Fact]
    public void Output_is_byte_identical_across_runs_cultures_and_file_orders()
    {
        Output reference = Generate(CultureInfo.InvariantCulture, Functions, Unrelated);
        AssertSameOutput(reference, Generate(CultureInfo.InvariantCulture, Functions, Unrelated), "a second run");
        AssertSameOutput(reference, Generate(new CultureInfo("de-DE"), Unrelated, Functions), "de-DE, files swapped");
        AssertSameOutput(reference, Generate(new CultureInfo("ar-SA"), Functions, Unrelated), "ar-SA");
        AssertSameOutput(reference, Generate(new CultureInfo("tr-TR"), ReverseMembers(Functions), Unrelated), "tr-TR, methods reversed");
        Assert.Contains(reference.Values, s => s.Contains("0.5", StringComparison.Ordinal) || s.Contains("Sqrt", StringComparison.Ordinal));
    }

    /// <summary>
    /// The whole function corpus (every rule, literal forms such as 1e-5 and float suffixes, loops, custom
    /// derivatives), once as source transformation and once forced onto the tape, generated with the files
    /// and the methods inside each type in other orders and under a culture that writes numbers
    /// differently (decimal comma, the Turkish dotless i, apostrophe group separators) gives the same bytes
    /// as one invariant-culture run in source order.
    /// </summary>
    [Theory]
    [InlineData("de-DE", false)]
    [InlineData("de-DE", true)]
    [InlineData("tr-TR", false)]
    [InlineData("fr-CH", true)]
    [InlineData("sv-SE", false)]
    [InlineData("ar-SA", false)]
    public void Corpus_output_is_byte_identical_whatever_the_file_order_method_order_and_culture(string cultureName, bool tape)
    {
        var culture = new CultureInfo(cultureName);
        Assert.NotEqual("1.5", 1.5.ToString(culture)); // the culture really formats differently, or this proves nothing
        string[] sources = CorpusSources(tape);
        Output reference = (tape ? TapedCorpusReference : CorpusReference).Value;
        Assert.True(reference.Count > 50, $"Only {reference.Count} files generated from the corpus.");
        Assert.Equal(tape, reference.Values.Any(s => s.Contains("TapeScope", StringComparison.Ordinal)));

        AssertSameOutput(reference, Generate(culture, sources.Select(ReverseMembers).Reverse().ToArray()), $"{cultureName}, files and methods reversed");
        AssertSameOutput(reference, Generate(culture, [.. sources[1..], sources[0]]), $"{cultureName}, files rotated");
    }

    /// <summary>
    /// Regression: DerivativeRules.Key once formatted its arity with the current culture. The zero-derivative
    /// rules (Floor, Ceiling, Round, Truncate, Sign) are stored under arity -1, so under a culture whose minus
    /// sign is not '-' (sv-SE, nb-NO, fi-FI: U+2212; ar-SA: U+061C '-') a lookup missed the table built in
    /// another culture, and a method calling Math.Floor went to the tape (AD0020) instead of generated code.
    /// </summary>
    [Fact]
    public void A_method_calling_Math_Floor_gets_the_same_derivatives_under_a_culture_with_another_minus_sign()
    {
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x) => x * Math.Floor(x);
            }
            """;

        Output invariant = Generate(CultureInfo.InvariantCulture, source);
        Output swedish = Generate(new CultureInfo("sv-SE"), source);

        Assert.DoesNotContain(invariant.Values, s => s.Contains("TapeScope", StringComparison.Ordinal));
        AssertSameOutput(invariant, swedish, "sv-SE");
    }

    private static readonly Lazy<Output> CorpusReference = new(() => Generate(CultureInfo.InvariantCulture, CorpusSources(tape: false)));

    private static readonly Lazy<Output> TapedCorpusReference = new(() => Generate(CultureInfo.InvariantCulture, CorpusSources(tape: true)));

    /// <summary>samples/FunctionCorpus as the project compiles it, or with the tape asked for on every method that can take it.</summary>
    private static string[] CorpusSources(bool tape)
    {
        string[] files = StrategyAgreementTests.CorpusSources().Select(File.ReadAllText).ToArray();
        return tape
            ? StrategyAgreementTests.Rewrite(files)
            : files.Append("global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\n").ToArray();
    }

    /// <summary>Generated files by hint name, each with its text and checksum (which covers the encoding).</summary>
    private sealed class Output : SortedDictionary<string, string>
    {
        public Output()
            : base(StringComparer.Ordinal)
        {
        }
    }

    private static Output Generate(CultureInfo culture, params string[] sources)
    {
        CultureInfo saved = CultureInfo.CurrentCulture, savedUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            var output = new Output();
            foreach (GeneratedSourceResult source in GeneratorHarness.Run(sources).Sources)
            {
                output.Add(source.HintName, source.SourceText + "\n// checksum " + Convert.ToHexString(source.SourceText.GetChecksum().ToArray()));
            }

            return output;
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }

    /// <summary>Fails naming the first file that differs and the first line where it does.</summary>
    private static void AssertSameOutput(Output expected, Output actual, string variant)
    {
        Assert.True(expected.Keys.SequenceEqual(actual.Keys), $"{variant}: other file names: {string.Join(", ", actual.Keys.Except(expected.Keys))} / missing {string.Join(", ", expected.Keys.Except(actual.Keys))}");
        foreach ((string name, string text) in expected)
        {
            if (actual[name] == text)
            {
                continue;
            }

            string[] a = text.Split('\n'), b = actual[name].Split('\n');
            int line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
            Assert.Fail($"{variant}: {name} differs at line {line + 1}:\n  expected: {(line < a.Length ? a[line] : "<end>")}\n  actual:   {(line < b.Length ? b[line] : "<end>")}");
        }
    }

    /// <summary>The same source with the members of every type declaration in reverse order.</summary>
    private static string ReverseMembers(string source)
    {
        SyntaxNode root = CSharpSyntaxTree.ParseText(source).GetRoot();
        return root.ReplaceNodes(
            root.DescendantNodes().OfType<TypeDeclarationSyntax>(),
            (_, updated) => updated.WithMembers(SyntaxFactory.List(updated.Members.Reverse()))).ToFullString();
    }

    private static void AssertAllOutputs(GeneratorHarness.Result result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.RunResult.Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.Contains(output.Reason, allowed));
    }
}
