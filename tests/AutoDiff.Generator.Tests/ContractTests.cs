using System.Reflection;
using AutoDiff.Generator.Rules;
using AutoDiff.Generator.Tests.Infrastructure;
using FunctionCorpus;

namespace AutoDiff.Generator.Tests;

/// <summary>The README stays true to the code, and generated code keeps its promises at run time.</summary>
public class ContractTests
{
    [Fact]
    public void Readme_lists_every_rule_of_the_rule_table()
    {
        string readme = File.ReadAllText(Path.Combine(DiagnosticTests.RepositoryRoot(), "README.md"));
        Assert.All(RuleTable.Functions, rule => Assert.Contains("`" + rule.Name, readme));
    }

    [Fact]
    public void Readme_lists_every_diagnostic()
    {
        string readme = File.ReadAllText(Path.Combine(DiagnosticTests.RepositoryRoot(), "README.md"));
        foreach (FieldInfo field in typeof(DifferentiableGenerator).Assembly
            .GetType("AutoDiff.Generator.Diagnostics.DiagnosticDescriptors", throwOnError: true)!.GetFields())
        {
            var descriptor = (Microsoft.CodeAnalysis.DiagnosticDescriptor)field.GetValue(null)!;
            Assert.Contains("`" + descriptor.Id + "`", readme);
        }
    }

    [Fact]
    public void Readme_excerpt_of_generated_code_is_what_the_generator_writes()
    {
        string root = DiagnosticTests.RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n");
        int start = readme.IndexOf("public static double SoftplusGradient", StringComparison.Ordinal);
        string excerpt = readme.Substring(start, readme.IndexOf("```", start, StringComparison.Ordinal) - start).TrimEnd();

        string sample = File.ReadAllText(Path.Combine(root, "samples/Rosenbrock/Functions.cs"));
        // The sample project has implicit usings; so does this compilation.
        string generated = GeneratorHarness.Run("global using System;", sample).Source("Samples.Functions.Softplus_");
        string[] lines = generated.Split('\n');
        int first = Array.FindIndex(lines, l => l.Contains("public static double SoftplusGradient", StringComparison.Ordinal));
        int indent = lines[first].Length - lines[first].TrimStart().Length;
        int last = Array.FindIndex(lines, first, l => l == new string(' ', indent) + "}");
        string method = string.Join("\n", lines[first..(last + 1)].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));

        Assert.Equal(method, excerpt);
    }

    [Fact]
    public void Every_rule_is_exercised_by_the_function_corpus()
    {
        string corpus = string.Join("\n", Directory.GetFiles(Path.Combine(DiagnosticTests.RepositoryRoot(), "samples/FunctionCorpus"), "*.cs")
            .Select(File.ReadAllText));
        Assert.All(RuleTable.Functions, rule => Assert.Contains("." + rule.Name + "(", corpus));
    }

    [Fact]
    public void Warm_gradient_and_derivative_calls_allocate_nothing()
    {
        double sink = 0;
        for (int i = 0; i < 100; i++)
        {
            sink += Run(i);
        }

        long allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                sink += Run(i);
            }
        });
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));

        static double Run(int i)
        {
            double x = 0.5 + (i % 7 * 0.1);
            double s = StatementForms.EarlyReturnsGradient(x, 0.7, out double ex, out double ey) + ex + ey;
            s += OptimizationFunctions.RosenbrockGradient(x, 1.1, out double dx, out double dy) + dx + dy;
            s += FinanceFunctions.BlackScholesCallGradient(1, x, 0.05, 0.2, 1, out double d1, out double d2, out double d3, out double d4, out double d5)
                + d1 + d2 + d3 + d4 + d5;
            s += StatementForms.CallsAnotherMethodDerivative(x, 0.3, 1, 0, out double derivative) + derivative;
            return s;
        }
    }
}
