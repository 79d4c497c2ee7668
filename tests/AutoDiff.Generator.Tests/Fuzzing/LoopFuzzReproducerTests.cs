using System.Reflection;
using AutoDiff.Generator.Tests.Infrastructure;

namespace AutoDiff.Generator.Tests.Fuzzing;

/// <summary>
/// Minimal reproducers of the generator failures the loop fuzzer (now part of DifferentialFuzzTests) found (issue 3), kept as regression
/// tests now that they are fixed; <see cref="RandomLoopPrograms.Features.Default"/> generates every construct again.
/// </summary>
public class LoopFuzzReproducerTests
{

    [Fact] // Fixed; found by the loop fuzzer: AD0007 "Unknown expression CustomCallExpr"
    public void Span_call_in_a_condition() => Check("""
        public static double F(ReadOnlySpan<double> w, double x)
        {
            if (SpanMath.Sum(w) > 0.5)
            {
                x = x * 2;
            }

            return x;
        }
        """);

    [Fact] // Fixed; found by the loop fuzzer: AD0007 "Unknown expression CustomCallExpr"
    public void Span_call_over_data_only() => Check("""
        public static double F(ReadOnlySpan<double> w, [NoDerivative] double[] d)
        {
            return SpanMath.Dot(d, d) * w[0];
        }
        """);

    [Fact] // Fixed; found by the loop fuzzer: forward mode writes "dacc = dacc;" (CS1717 in generated code)
    public void Constant_increment_of_a_loop_carried_variable() => Check("""
        public static double F(ReadOnlySpan<double> w)
        {
            double acc = 0;
            for (int i = 0; i < w.Length; i++)
            {
                acc += w[i];
                acc += 0.5;
            }

            return acc;
        }
        """);

    [Fact] // Fixed; found by the loop fuzzer: CS0103 'acc_2' / 'acc_2_bar' in generated code
    public void Variable_carried_through_nested_loops() => Check("""
        public static double F(ReadOnlySpan<double> w)
        {
            double acc = 0;
            for (int i = 0; i < w.Length; i++)
            {
                for (int j = 0; j < 2; j++)
                {
                    acc = 0.5 * acc + w[i];
                }
            }

            return acc;
        }
        """);

    [Fact] // Fixed; found by the loop fuzzer: compiles, but FGradient returns a wrong value
    public void Parameter_updated_in_an_inner_loop() => Check("""
        public static double F(ReadOnlySpan<double> w, double x)
        {
            double s = 0;
            for (int i = 0; i < w.Length; i++)
            {
                s += x * w[i];
                for (int j = 0; j < 2; j++)
                {
                    x *= 0.5;
                }
            }

            return s;
        }
        """);

    [Fact] // Fixed; found by the loop fuzzer: CS0103 'result_1' in generated code
    public void Return_of_a_conditional_inside_a_loop() => Check("""
        public static double F(ReadOnlySpan<double> w, double x)
        {
            for (int i = 0; i < w.Length; i++)
            {
                if (w[i] > 0.5)
                {
                    return x > 0 ? 0.5 : w[i];
                }
            }

            return x;
        }
        """);

    [Fact] // Fixed; found by the loop fuzzer: CS0103 'result_2_bar', 'returned_2' in generated code
    public void Return_inside_an_inner_loop() => Check("""
        public static double F(ReadOnlySpan<double> w, double x)
        {
            for (int i = 0; i < w.Length; i++)
            {
                for (int j = 0; j < 2; j++)
                {
                    if (w[i] > 0.5)
                    {
                        return w[i] * x;
                    }
                }
            }

            return x;
        }
        """);

    [Fact] // Fixed; found by the loop fuzzer: CS0219 't_1_bar' assigned but never used, in generated code
    public void Dead_variable_assigned_in_an_inner_loop() => Check("""
        public static double F(ReadOnlySpan<double> w)
        {
            double s = 0;
            for (int i = 0; i < w.Length; i++)
            {
                double t = w[i];
                for (int j = 0; j < 2; j++)
                {
                    t = w[j % w.Length] * 0.5;
                }

                s += w[i];
            }

            return s;
        }
        """);

    [Fact] // Fixed; found by the loop fuzzer: CS0219 'acc_1_bar' assigned but never used, in generated code
    public void Dead_variable_assigned_in_a_branch_in_a_loop() => Check("""
        public static double F(ReadOnlySpan<double> w)
        {
            double acc = w[0];
            for (int i = 0; i < w.Length; i++)
            {
                if (w[i] < 0.01)
                {
                    acc = 0.5;
                }
            }

            return w[0];
        }
        """);

    [Fact] // Fixed; found by the long loop hunt (seed 224): CS0219 on a loop-carried value only its own updates read
    public void Value_only_its_own_updates_read() => Check("""
        public static double F(ReadOnlySpan<double> w)
        {
            double acc = 0;
            for (int i = 0; i < w.Length; i++)
            {
                acc += 0.5;
            }

            if (w[0] > 0)
            {
                acc += w[0];
            }

            return w[0] * 2;
        }
        """);

    private static void Check(string method)
    {
        string indented = string.Join("\n", method.Split('\n').Select(line => line.Length > 0 ? "    " + line : line));
        string source = GeneratorHarness.Usings + "\npublic static partial class C\n{\n    [Differentiable]\n" + indented + "\n}\n";
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Assembly assembly = GeneratorHarness.Load(result);
        MethodInfo f = assembly.GetType("C", throwOnError: true)!.GetMethod("F")!;
        NumericChecker.Check(f, seed: 1, points: 6, min: -1.5, max: 1.5);
    }
}
