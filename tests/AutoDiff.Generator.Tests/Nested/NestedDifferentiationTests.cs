using System.Reflection;
using AutoDiff.Generator.Tests.Infrastructure;

namespace AutoDiff.Generator.Tests.Nested;

/// <summary>
/// Nested differentiation: [Differentiable] methods that call another method's generated Gradient or Derivative.
/// The inner derivative's code is spliced into the caller and differentiated with it, so every outer mode over
/// every inner mode must agree with central differences of the original method (which calls the generated inner
/// derivative, compiled with it) and with the other outer mode.
/// </summary>
public class NestedDifferentiationTests
{
    private const string Particle = """
        namespace Demo;

        public static partial class Particle
        {
            // The electric potential at (x, y) of unit charges at (10, 10 − w) and (10, 0).
            [Differentiable]
            public static double Potential(double x, double y, [NoDerivative] double w) =>
                (1 / Math.Sqrt(((x - 10) * (x - 10)) + ((y - (10 - w)) * (y - (10 - w)))))
                + (1 / Math.Sqrt(((x - 10) * (x - 10)) + (y * y)));

            // x₀(t_f)²: Euler steps under the force −∇p until the particle crosses the x axis (inner reverse mode).
            [Differentiable]
            public static double MissR(double w)
            {
                double x = 0;
                double y = 8;
                double vx = 0.75;
                double vy = 0;
                const double dt = 0.1;
                while (true)
                {
                    PotentialGradient(x, y, w, out double ax, out double ay);
                    x += dt * vx;
                    y += dt * vy;
                    if (y <= 0)
                    {
                        double dtf = -y / vy;
                        double xf = x + (dtf * vx);
                        return xf * xf;
                    }

                    vx -= dt * ax;
                    vy -= dt * ay;
                }
            }

            // The same with the inner force from forward mode, one direction per coordinate.
            [Differentiable]
            public static double MissF(double w)
            {
                double x = 0;
                double y = 8;
                double vx = 0.75;
                double vy = 0;
                const double dt = 0.1;
                while (true)
                {
                    PotentialDerivative(x, y, w, 1, 0, out double ax);
                    PotentialDerivative(x, y, w, 0, 1, out double ay);
                    x += dt * vx;
                    y += dt * vy;
                    if (y <= 0)
                    {
                        double dtf = -y / vy;
                        double xf = x + (dtf * vx);
                        return xf * xf;
                    }

                    vx -= dt * ax;
                    vy -= dt * ay;
                }
            }
        }
        """;

    [Fact]
    public void Particle_in_all_four_combinations_of_outer_and_inner_mode()
    {
        Type type = Compile(Particle, "Demo.Particle");
        foreach (string method in new[] { "MissR", "MissF" })
        {
            NumericChecker.Report report = NumericChecker.Check(Method(type, method), seed: 1, points: 6, min: 0, max: 0.5, finiteDifferenceTolerance: 1e-5);
            Assert.True(report.PointsChecked >= 3, method + ": " + report);
        }

        // The inner modes agree with each other, and the outer modes with each other, at GradBench's w.
        foreach (double w in new[] { 0.0, 0.05, 0.3 })
        {
            double rr = Gradient(type, "MissR", w), rf = Gradient(type, "MissF", w);
            double fr = Derivative(type, "MissR", w), ff = Derivative(type, "MissF", w);
            Assert.Equal(rr, rf, 1e-9);
            Assert.Equal(rr, fr, 1e-9);
            Assert.Equal(rr, ff, 1e-9);
        }

        Assert.Equal(Invoke(type, "MissR", 0.3), Invoke(type, "MissF", 0.3), 1e-12);
    }

    [Fact]
    public void Saddle_max_by_gradient_ascent_with_the_inner_gradient_in_either_mode()
    {
        Type type = Compile(Saddle, "Demo.Saddle");
        foreach (string method in new[] { "MaxR", "MaxF" })
        {
            NumericChecker.Report report = NumericChecker.Check(Method(type, method), seed: 2, points: 6, min: -1, max: 1, finiteDifferenceTolerance: 1e-4, requireMostPoints: false);
            Assert.True(report.PointsChecked >= 2, method + ": " + report);
        }

        // max over (x2, y2) of (x1² + y1²) − (x2² + y2²) is x1² + y1², reached from any start.
        Assert.Equal(0.25 + 0.09, Invoke(type, "MaxR", 0.5, 0.3, 1.0, 1.0), 1e-6);
        Assert.Equal(Invoke(type, "MaxR", 0.5, 0.3, 1.0, 1.0), Invoke(type, "MaxF", 0.5, 0.3, 1.0, 1.0), 1e-12);
    }

    [Fact]
    public void Velocity_verlet_steps_under_the_force_of_a_generated_gradient()
    {
        // A physicist's trajectory: the force is −∂V/∂q from VGradient; the outer derivatives are with respect to the
        // start and the stiffness k, which the inner gradient holds constant ([NoDerivative]) but the force depends on.
        const string source = """
            namespace Demo;

            public static partial class Verlet
            {
                [Differentiable]
                public static double V(double q, [NoDerivative] double k) => (0.5 * k * q * q) + (0.1 * q * q * q * q);

                [Differentiable]
                public static double Energy(double q0, double p0, double k)
                {
                    double q = q0;
                    double p = p0;
                    const double h = 0.05;
                    double dv = 0;
                    VGradient(q, k, out dv);
                    for (int i = 0; i < 8; i++)
                    {
                        p -= 0.5 * h * dv;
                        q += h * p;
                        double v = VGradient(q, k, out dv);
                        p -= 0.5 * h * dv;
                    }

                    return (0.5 * p * p) + (0.5 * k * q * q);
                }

                [Differentiable]
                public static double EnergyForward(double q0, double p0, double k)
                {
                    double q = q0;
                    double p = p0;
                    const double h = 0.05;
                    VDerivative(q, k, 1, out double dv);
                    for (int i = 0; i < 8; i++)
                    {
                        p -= 0.5 * h * dv;
                        q += h * p;
                        VDerivative(q, k, 1, out dv);
                        p -= 0.5 * h * dv;
                    }

                    return (0.5 * p * p) + (0.5 * k * q * q);
                }
            }
            """;
        Type type = Compile(source, "Demo.Verlet");
        NumericChecker.Check(Method(type, "Energy"), seed: 3, points: 6, min: 0.2, max: 1.5);
        NumericChecker.Check(Method(type, "EnergyForward"), seed: 3, points: 6, min: 0.2, max: 1.5);
        Assert.Equal(Invoke(type, "Energy", 0.7, 0.2, 1.3), Invoke(type, "EnergyForward", 0.7, 0.2, 1.3), 1e-12);
    }

    [Fact]
    public void Meta_learning_loss_after_gradient_descent_steps()
    {
        // The loss after two steps of gradient descent, differentiated with respect to the start and the learning rate:
        // the step's gradient depends on both (second derivatives of the inner loss).
        const string source = """
            namespace Demo;

            public static partial class Meta
            {
                [Differentiable]
                public static double Loss(double w, [NoDerivative] double x, [NoDerivative] double t)
                {
                    double e = (Math.Tanh(w * x) - t) * (Math.Tanh(w * x) - t);
                    return w > 0 ? e + (0.1 * w * w) : e + (0.2 * Math.Log(1 + (w * w)));
                }

                [Differentiable]
                public static double AfterTwoSteps(double w, double lr)
                {
                    double g;
                    double first = LossGradient(w, 1.5, 0.5, out g);
                    double w1 = w - (lr * g);
                    LossGradient(w1, 0.5, 0.25, out double g1);
                    double w2 = w1 - (lr * g1);
                    return Loss(w2, 2.0, 0.75) + (0.01 * first);
                }

                [Differentiable]
                public static double AfterTwoForwardSteps(double w, double lr)
                {
                    double first = LossDerivative(w, 1.5, 0.5, 1, out double g);
                    double w1 = w - (lr * g);
                    LossDerivative(w1, 0.5, 0.25, 1, out double g1);
                    double w2 = w1 - (lr * g1);
                    return Loss(w2, 2.0, 0.75) + (0.01 * first);
                }
            }
            """;
        Type type = Compile(source, "Demo.Meta");
        NumericChecker.Check(Method(type, "AfterTwoSteps"), seed: 4, points: 8, min: -1, max: 1);
        NumericChecker.Check(Method(type, "AfterTwoForwardSteps"), seed: 4, points: 8, min: -1, max: 1);
        Assert.Equal(Invoke(type, "AfterTwoSteps", 0.4, 0.3), Invoke(type, "AfterTwoForwardSteps", 0.4, 0.3), 1e-12);

        // Second derivatives of a method that runs first derivatives: third derivatives of the inner loss.
        foreach (string method in new[] { "AfterTwoSteps", "AfterTwoForwardSteps" })
        {
            Assert.True(HessianChecker.HasHessian(Method(type, method)), method);
            HessianChecker.Check(Method(type, method), seed: 4, points: 4, min: -1, max: 1);
        }
    }

    [Fact]
    public void No_perturbation_confusion_when_inner_and_outer_differentiate_the_same_variable()
    {
        // Siskind and Pearlmutter: d/dx [x · d/dy (x + y)] = 1 (a tool that confuses the two perturbations says 2), and
        // d/dx [x · d/dy (x · y)] = d/dx x² = 2x; in every combination of modes.
        const string source = """
            namespace Demo;

            public static partial class Confusion
            {
                [Differentiable]
                public static double Sum(double x, double y) => x + y;

                [Differentiable]
                public static double Product(double x, double y) => x * y;

                [Differentiable]
                public static double SumForward(double x)
                {
                    SumDerivative(x, 1.0, 0, 1, out double d);
                    return x * d;
                }

                [Differentiable]
                public static double SumReverse(double x)
                {
                    SumGradient(x, 1.0, out _, out double d);
                    return x * d;
                }

                [Differentiable]
                public static double ProductForward(double x)
                {
                    ProductDerivative(x, 3.0, 0, 1, out double d);
                    return x * d;
                }

                [Differentiable]
                public static double ProductReverse(double x)
                {
                    double value = ProductGradient(x, x, out _, out double d);
                    return x * d;
                }
            }
            """;
        Type type = Compile(source, "Demo.Confusion");
        foreach (double x in new[] { -1.5, 0.25, 2.0 })
        {
            Assert.Equal(1.0, Gradient(type, "SumForward", x));
            Assert.Equal(1.0, Derivative(type, "SumForward", x));
            Assert.Equal(1.0, Gradient(type, "SumReverse", x));
            Assert.Equal(1.0, Derivative(type, "SumReverse", x));
            Assert.Equal(2 * x, Gradient(type, "ProductForward", x), 1e-12);
            Assert.Equal(2 * x, Derivative(type, "ProductForward", x), 1e-12);
            Assert.Equal(2 * x, Gradient(type, "ProductReverse", x), 1e-12);
            Assert.Equal(2 * x, Derivative(type, "ProductReverse", x), 1e-12);
        }
    }

    [Fact]
    public void Inner_derivatives_with_branches_discards_and_values_used()
    {
        // A callee with branches (its reverse mode keeps the branch taken in a bool), called through both derivatives
        // with discarded outputs, an existing local, and the value assigned, returned or ignored.
        const string source = """
            namespace Demo;

            public static partial class Branches
            {
                [Differentiable]
                public static double Bump(double x, double y)
                {
                    if (x < 0)
                    {
                        return y * y * Math.Exp(x);
                    }

                    double t = x * y;
                    return t > 1 ? Math.Log(t) + y : (t * x) + Math.Sin(y);
                }

                [Differentiable]
                public static double Outer(double x, double y)
                {
                    double gx = 0;
                    double value = BumpGradient(x * y, y, out gx, out _);
                    BumpDerivative(y, x, 0.5, -1, out double d);
                    BumpGradient(x, 1.0, out _, out _);
                    return (value * gx) + Math.Sin(d);
                }

                [Differentiable]
                public static double Returns(double x) => BumpDerivative(x, 2 * x, 1, 0, out _);
            }
            """;
        Type type = Compile(source, "Demo.Branches");
        NumericChecker.Check(Method(type, "Outer"), seed: 5, points: 10, min: -2, max: 2);
        NumericChecker.Check(Method(type, "Returns"), seed: 5, points: 10, min: -2, max: 2);
    }

    private const string Step = """
        namespace Demo;

        public static partial class C
        {
            [Differentiable]
            public static double Potential(double x, [NoDerivative] double w) => w / Math.Sqrt(1 + (x * x));

            [Differentiable]
            public static double Step(double x, double w)
            {
                PotentialGradient(x, w, out double force);
                return x - (0.1 * force);
            }
        }
        """;

    [Fact]
    public void Snapshot_of_a_nested_method()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + Step);
        Assert.Empty(result.GeneratorDiagnostics);
        Snapshot.Match(result.Source("Demo.C.Step_"), "Inner_reverse_mode_in_a_step");
    }

    [Fact]
    public void An_inner_adjoint_that_is_zero_still_carries_its_outer_derivative()
    {
        // At w = 0 the inner force −w·x·(1 + x²)^(−3/2) and its adjoints are zero; the slope guards of the inner code
        // (0 · ∞ = NaN protection) must not hide ∂force/∂w = −x·(1 + x²)^(−3/2) from the outer derivative.
        Type type = Compile(Step, "Demo.C");
        foreach (double x in new[] { -1.2, 0.4, 2.0 })
        {
            double expected = 0.1 * x * Math.Pow(1 + (x * x), -1.5);
            object?[] gradient = [x, 0.0, null, null];
            Method(type, "StepGradient").Invoke(null, gradient);
            Assert.Equal(expected, (double)gradient[3]!, 1e-12);
            object?[] derivative = [x, 0.0, 0.0, 1.0, null];
            Method(type, "StepDerivative").Invoke(null, derivative);
            Assert.Equal(expected, (double)derivative[4]!, 1e-12);
        }

        NumericChecker.Check(Method(type, "Step"), seed: 6, points: 8, min: -2, max: 2);
    }

    [Fact]
    public void Inner_methods_that_call_other_differentiable_methods()
    {
        // Field's derivatives call Coulomb's and Charge's: those are inlined in turn. Charge(w) has only inputs the inner
        // gradient holds constant, so FieldGradient calls Charge itself; the outer derivative must still go through it.
        const string source = """
            namespace Demo;

            public static partial class Calls
            {
                [Differentiable]
                public static double Charge(double q) => (q * q) + 1;

                [Differentiable]
                public static double Coulomb(double r2) => 1 / Math.Sqrt(r2);

                [Differentiable]
                public static double Field(double x, [NoDerivative] double w) =>
                    (Charge(w) * Coulomb((x * x) + 1)) + (Math.Sin(x) * Charge(w + x));

                [Differentiable]
                public static double Outer(double x, double w)
                {
                    FieldGradient(x, w, out double g);
                    FieldDerivative(x * w, w, 1, out double d);
                    return (g * w) + (d * d);
                }
            }
            """;
        Type type = Compile(source, "Demo.Calls");
        NumericChecker.Check(Method(type, "Outer"), seed: 8, points: 8, min: -1.5, max: 1.5);
    }

    [Fact]
    public void Inner_gradient_of_a_loop_that_needs_the_workspace_stack_comes_from_forward_mode()
    {
        // PowerGradient's reverse mode saves p on the workspace stack each iteration, which model statements cannot
        // hold: the inner gradient is spliced as one PowerDerivative per input instead (here one), same numbers.
        const string source = """
            namespace Demo;

            public static partial class Stack
            {
                [Differentiable]
                public static double Power(double x, double y, int n)
                {
                    double p = 1;
                    for (int i = 0; i < n; i++)
                    {
                        p = Math.Sin(p * x) + y;
                    }

                    return p;
                }

                [Differentiable]
                public static double Outer(double x)
                {
                    double v = PowerGradient(x, 0.5 * x, 3, out double gx, out double gy);
                    return (gx * x) + (gy * v);
                }

                [Differentiable]
                public static double OuterForward(double x)
                {
                    double v = PowerDerivative(x, 0.5 * x, 3, 1, 0, out double gx);
                    PowerDerivative(x, 0.5 * x, 3, 0, 1, out double gy);
                    return (gx * x) + (gy * v);
                }
            }
            """;
        CheckGenerated(source, "Demo.Stack.Outer_", text =>
        {
            Assert.Contains("power_dp", text, StringComparison.Ordinal); // the forward mode's tangent of p
            Assert.DoesNotContain("power_p_bar", text, StringComparison.Ordinal); // not the reverse mode's adjoint
        });
        Type type = Compile(source, "Demo.Stack");
        NumericChecker.Check(Method(type, "Outer"), seed: 9, points: 8, min: -1.5, max: 1.5);
        NumericChecker.Check(Method(type, "OuterForward"), seed: 9, points: 8, min: -1.5, max: 1.5);
        Assert.Equal(Gradient(type, "Outer", 0.7), Gradient(type, "OuterForward", 0.7), 1e-12);
    }

    [Fact]
    public void Output_is_the_same_whatever_the_order_of_files()
    {
        // The inner method in a file of its own, before or after its callers: the same bytes.
        int split = Particle.IndexOf("    // x₀(t_f)²", StringComparison.Ordinal);
        string inner = Particle.Substring(0, split) + "}\n";
        string outer = "namespace Demo;\n\npublic static partial class Particle\n{\n" + Particle.Substring(split);
        GeneratorHarness.Result before = GeneratorHarness.Run(GeneratorHarness.Usings + inner, GeneratorHarness.Usings + outer);
        GeneratorHarness.Result after = GeneratorHarness.Run(GeneratorHarness.Usings + outer, GeneratorHarness.Usings + inner);
        GeneratorHarness.Result whole = GeneratorHarness.Run(GeneratorHarness.Usings + Particle);
        foreach (string method in new[] { "Demo.Particle.MissR_", "Demo.Particle.MissF_" })
        {
            Assert.Equal(whole.Source(method), before.Source(method));
            Assert.Equal(whole.Source(method), after.Source(method));
        }
    }

    [Fact]
    public void Editing_the_inner_method_regenerates_its_callers_and_nothing_else()
    {
        const string unrelated = """
            namespace Demo;

            public static partial class D
            {
                [Differentiable]
                public static double G(double x) => x * Math.Exp(x);
            }
            """;
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.Compile(GeneratorHarness.Usings + Step, GeneratorHarness.Usings + unrelated);
        GeneratorHarness.Result first = GeneratorHarness.Run(compilation);

        Microsoft.CodeAnalysis.SyntaxTree old = compilation.SyntaxTrees.First();
        string text = old.GetText().ToString();
        Microsoft.CodeAnalysis.SyntaxTree edited = old.WithChangedText(old.GetText().Replace(text.IndexOf("w / Math.Sqrt", StringComparison.Ordinal), 1, "(2 * w)"));
        GeneratorHarness.Result second = GeneratorHarness.Run(compilation.ReplaceSyntaxTree(old, edited), first.Driver);

        Assert.Empty(second.GeneratorDiagnostics);
        Assert.NotEqual(first.Source("Demo.C.Step_"), second.Source("Demo.C.Step_"));
        Assert.Contains("2.0 * w", second.Source("Demo.C.Step_"), StringComparison.Ordinal);
        var expanded = second.RunResult.Results.Single().TrackedSteps[TrackingNames.ExpandedModels]
            .SelectMany(step => step.Outputs)
            .Select(output => (((Model.MethodModel)output.Value).Name, output.Reason))
            .ToList();
        Assert.Contains(("Step", Microsoft.CodeAnalysis.IncrementalStepRunReason.Modified), expanded);
        Assert.Contains(expanded, e => e.Name == "G" && e.Reason is Microsoft.CodeAnalysis.IncrementalStepRunReason.Unchanged or Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void Inner_forward_mode_of_a_method_with_a_loop()
    {
        // A callee with a loop: its forward mode is loops over values and tangents, no workspace, and is inlined.
        const string source = """
            namespace Demo;

            public static partial class Loops
            {
                [Differentiable]
                public static double Iterate(double x, [NoDerivative] double c, int n)
                {
                    double p = x;
                    for (int i = 0; i < n; i++)
                    {
                        p = Math.Sin(p * c) + (0.5 * x);
                    }

                    return p;
                }

                [Differentiable]
                public static double Outer(double x, double c)
                {
                    IterateDerivative(x * x, c, 3, 1, out double slope);
                    double v = IterateDerivative(x, c + 1, 2, 1, out _);
                    return (slope * c) + v;
                }
            }
            """;
        Type type = Compile(source, "Demo.Loops");
        NumericChecker.Check(Method(type, "Outer"), seed: 7, points: 8, min: -1, max: 1);
    }

    private const string Saddle = """
        namespace Demo;

        public static partial class Saddle
        {
            // f(x, y) = (x₁² + y₁²) − (x₂² + y₂²), x = (x1, y1) the outer point, y = (x2, y2) the inner one. Not
            // [NoDerivative] on x1 and y1: that would stop the outer derivative through the calls F(x1, y1, a, b) too.
            [Differentiable]
            public static double F(double x1, double y1, double x2, double y2) =>
                ((x1 * x1) + (y1 * y1)) - ((x2 * x2) + (y2 * y2));

            // max over (x2, y2) of f, by GradBench's gradient descent on −f from start (gd.hpp), the inner gradient
            // from reverse mode.
            [Differentiable]
            public static double MaxR(double x1, double y1, [NoDerivative] double start1, [NoDerivative] double start2)
            {
                double a = start1;
                double b = start2;
                double fx = -F(x1, y1, a, b);
                FGradient(x1, y1, a, b, out _, out _, out double ga, out double gb);
                ga = -ga;
                gb = -gb;
                int i = 0;
                double eta = 1e-5;
                while (true)
                {
                    if (Math.Sqrt((ga * ga) + (gb * gb)) <= 1e-5)
                    {
                        return -fx;
                    }

                    if (i == 10)
                    {
                        eta *= 2;
                        i = 0;
                    }
                    else
                    {
                        double a2 = a - (eta * ga);
                        double b2 = b - (eta * gb);
                        if (Math.Sqrt(((a - a2) * (a - a2)) + ((b - b2) * (b - b2))) <= 1e-5)
                        {
                            return -fx;
                        }

                        double fx2 = -F(x1, y1, a2, b2);
                        if (fx2 < fx)
                        {
                            a = a2;
                            b = b2;
                            fx = fx2;
                            FGradient(x1, y1, a, b, out _, out _, out ga, out gb);
                            ga = -ga;
                            gb = -gb;
                            i++;
                        }
                        else
                        {
                            eta /= 2;
                            i = 0;
                        }
                    }
                }
            }

            // The same with the inner gradient from forward mode, one direction per coordinate.
            [Differentiable]
            public static double MaxF(double x1, double y1, [NoDerivative] double start1, [NoDerivative] double start2)
            {
                double a = start1;
                double b = start2;
                double fx = -F(x1, y1, a, b);
                FDerivative(x1, y1, a, b, 0, 0, 1, 0, out double ga);
                FDerivative(x1, y1, a, b, 0, 0, 0, 1, out double gb);
                ga = -ga;
                gb = -gb;
                int i = 0;
                double eta = 1e-5;
                while (true)
                {
                    if (Math.Sqrt((ga * ga) + (gb * gb)) <= 1e-5)
                    {
                        return -fx;
                    }

                    if (i == 10)
                    {
                        eta *= 2;
                        i = 0;
                    }
                    else
                    {
                        double a2 = a - (eta * ga);
                        double b2 = b - (eta * gb);
                        if (Math.Sqrt(((a - a2) * (a - a2)) + ((b - b2) * (b - b2))) <= 1e-5)
                        {
                            return -fx;
                        }

                        double fx2 = -F(x1, y1, a2, b2);
                        if (fx2 < fx)
                        {
                            a = a2;
                            b = b2;
                            fx = fx2;
                            FDerivative(x1, y1, a, b, 0, 0, 1, 0, out ga);
                            FDerivative(x1, y1, a, b, 0, 0, 0, 1, out gb);
                            ga = -ga;
                            gb = -gb;
                            i++;
                        }
                        else
                        {
                            eta /= 2;
                            i = 0;
                        }
                    }
                }
            }
        }
        """;

    private static void CheckGenerated(string source, string hintName, Action<string> check)
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + source);
        Assert.Empty(result.GeneratorDiagnostics);
        check(result.Source(hintName));
    }

    internal static Type Compile(string source, string typeName)
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + source);

        Assert.Empty(result.GeneratorDiagnostics);
        Assembly assembly = GeneratorHarness.Load(result);
        return assembly.GetType(typeName, throwOnError: true)!;
    }

    internal static MethodInfo Method(Type type, string name) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Static).Single(m => m.Name == name);

    private static double Invoke(Type type, string name, params object[] arguments) => (double)Method(type, name).Invoke(null, arguments)!;

    /// <summary>d/dw of a method of one input, by its generated gradient.</summary>
    private static double Gradient(Type type, string name, double w)
    {
        object?[] arguments = [w, null];
        Method(type, name + "Gradient").Invoke(null, arguments);
        return (double)arguments[1]!;
    }

    /// <summary>d/dw of a method of one input, by its generated derivative.</summary>
    private static double Derivative(Type type, string name, double w)
    {
        object?[] arguments = [w, 1.0, null];
        Method(type, name + "Derivative").Invoke(null, arguments);
        return (double)arguments[2]!;
    }
}
