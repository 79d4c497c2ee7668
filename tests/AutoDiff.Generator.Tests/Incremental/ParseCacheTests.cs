using AutoDiff.Generator.Pipeline;
using AutoDiff.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiff.Generator.Tests.Incremental;

/// <summary>
/// The parse cache: after an edit inside a method body, only the methods of the edited file (and their
/// callers elsewhere) are parsed again; any other edit parses everything again; and what is reused is exactly
/// what a fresh run would produce.
/// </summary>
public class ParseCacheTests
{
    private const string First = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class A
        {
            [Differentiable]
            public static double F(double x, double y) => x * Math.Sin(y) * Scales.Factor;

            [Differentiable]
            public static double G(double x)
            {
                double s = x * x;
                return Math.Exp(-s);
            }
        }
        """;

    private const string Second = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class B
        {
            [Differentiable]
            public static double P(double x) => Math.Log(1 + (x * x));

            [Differentiable]
            public static double Q(double x, double y) => P(x) + Helpers.Twice(y);

            [Differentiable]
            public static double R(double x) => Math.Tanh(x) / 2;
        }
        """;

    private const string Third = """
        namespace Demo;

        public static class Scales
        {
            public const double Factor = 2.0;
        }

        public static class Helpers
        {
            public static double Twice(double v)
            {
                return v + v;
            }

            public static int Answer() => 42;
        }
        """;

    [Fact]
    public void Editing_a_method_body_parses_again_only_the_methods_of_that_file()
    {
        var generator = new DifferentiableGenerator();
        CSharpCompilation compilation = GeneratorHarness.Compile(First, Second, Third);
        GeneratorDriver driver = Run(generator, compilation, null);
        Assert.Equal(5, generator.MethodsParsed);

        compilation = Edit(compilation, 0, "Math.Exp(-s)", "Math.Exp(-s / 2)");
        driver = Run(generator, compilation, driver);
        Assert.Equal(5 + 2, generator.MethodsParsed); // F and G

        // Nothing calls Answer, but Q calls Twice in the same file: a file is the unit of change.
        compilation = Edit(compilation, 2, "=> 42", "=> 43");
        Run(generator, compilation, driver);
        Assert.Equal(5 + 2 + 1, generator.MethodsParsed);
    }

    [Fact]
    public void Editing_the_body_of_a_method_called_from_another_file_parses_its_callers_again()
    {
        var generator = new DifferentiableGenerator();
        CSharpCompilation compilation = GeneratorHarness.Compile(First, Second, Third);
        GeneratorDriver driver = Run(generator, compilation, null);

        compilation = Edit(compilation, 2, "return v + v;", "return 2 * v;");
        Run(generator, compilation, driver);
        Assert.Equal(5 + 1, generator.MethodsParsed); // Q calls Helpers.Twice
    }

    [Theory]
    [InlineData("public const double Factor = 2.0;", "public const double Factor = 3.0;")] // a constant
    [InlineData("public static int Answer() => 42;", "public static int Answer() => 42;\n    public static double Other() => 1;")] // a new member
    [InlineData("namespace Demo;", "// a comment\nnamespace Demo;")] // outside any body
    public void Editing_anything_but_a_method_body_parses_every_method_again(string from, string to)
    {
        var generator = new DifferentiableGenerator();
        CSharpCompilation compilation = GeneratorHarness.Compile(First, Second, Third);
        GeneratorDriver driver = Run(generator, compilation, null);

        compilation = Edit(compilation, 2, from, to);
        Run(generator, compilation, driver);
        Assert.Equal(5 + 5, generator.MethodsParsed);
    }

    [Fact]
    public void A_changed_constant_reaches_the_generated_code()
    {
        var generator = new DifferentiableGenerator();
        CSharpCompilation compilation = GeneratorHarness.Compile(First, Second, Third);
        GeneratorDriver driver = Run(generator, compilation, null);
        compilation = Edit(compilation, 2, "Factor = 2.0", "Factor = 3.5");
        driver = Run(generator, compilation, driver);

        Assert.Equal(Sources(Run(new DifferentiableGenerator(), compilation, null)), Sources(driver));
        Assert.Contains("3.5", Sources(driver).Single(s => s.Contains("FGradient", StringComparison.Ordinal)));
    }

    [Fact]
    public void After_a_series_of_edits_the_output_is_what_a_fresh_run_produces()
    {
        var generator = new DifferentiableGenerator();
        CSharpCompilation compilation = GeneratorHarness.Compile(First, Second, Third);
        GeneratorDriver driver = Run(generator, compilation, null);
        (int File, string From, string To)[] edits =
        [
            (0, "Math.Exp(-s)", "Math.Exp(-s * s)"),
            (1, "Math.Tanh(x) / 2", "Math.Tanh(x) / 3"),
            (2, "return v + v;", "return v * v;"),
            (1, "Math.Log(1 + (x * x))", "Math.Log(2 + (x * x))"),
            (2, "Factor = 2.0", "Factor = 0.5"),
            (0, "double s = x * x;", "double s = x * x * x;"),
        ];
        foreach ((int file, string from, string to) in edits)
        {
            compilation = Edit(compilation, file, from, to);
            driver = Run(generator, compilation, driver);
            Assert.Equal(Sources(Run(new DifferentiableGenerator(), compilation, null)), Sources(driver));
        }
    }

    [Theory]
    [InlineData("return v + v;", "return v + v + 1;", true)] // inside a block body
    [InlineData("=> 42", "=> 41 + 1", true)] // inside an expression body
    [InlineData("return v + v;", "return v + v; } public static double Extra(double v) { return v;", false)] // closes the body
    [InlineData("public static double Twice(double v)", "public static double Twice(double w)", false)] // a signature
    [InlineData("public static class Helpers", "/// <summary>Helpers.</summary>\npublic static class Helpers", false)] // a doc comment
    public void Only_edits_inside_bodies_keep_the_declarations(string from, string to, bool kept)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Third);
        Assert.Equal(kept, ParseCache.OnlyBodiesChanged(compilation, Edit(compilation, 0, from, to), CancellationToken.None));
    }

    [Fact]
    public void A_new_file_or_a_new_reference_is_not_a_body_edit()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Third);
        Assert.False(ParseCache.OnlyBodiesChanged(compilation, compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class X { }", path: "X.cs")), CancellationToken.None));
        Assert.False(ParseCache.OnlyBodiesChanged(compilation, compilation.RemoveAllReferences(), CancellationToken.None));
        Assert.False(ParseCache.OnlyBodiesChanged(compilation, compilation.WithOptions(compilation.Options.WithOptimizationLevel(OptimizationLevel.Release)), CancellationToken.None));
    }

    private static GeneratorDriver Run(DifferentiableGenerator generator, CSharpCompilation compilation, GeneratorDriver? driver)
    {
        driver ??= CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions);
        return driver.RunGenerators(compilation);
    }

    private static string[] Sources(GeneratorDriver driver) =>
        driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()).Order(StringComparer.Ordinal).ToArray();

    private static CSharpCompilation Edit(CSharpCompilation compilation, int file, string from, string to)
    {
        SyntaxTree old = compilation.SyntaxTrees.ElementAt(file);
        string text = old.GetText().ToString();
        int at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, from);
        return compilation.ReplaceSyntaxTree(old, old.WithChangedText(old.GetText().Replace(at, from.Length, to)));
    }
}
