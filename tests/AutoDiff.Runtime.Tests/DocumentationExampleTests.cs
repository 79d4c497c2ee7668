using AutoDiff.DualNumbers;
using AutoDiff.Taping;

namespace AutoDiff.Runtime.Tests;

/// <summary>The examples of docs/tape.md, kept compiling and correct.</summary>
public class DocumentationExampleTests
{
    [Fact]
    public void Reverse_mode_example_gives_the_Rosenbrock_gradient()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var x = tape.Variable(1.5);
        Var y = tape.Variable(-0.5);

        Var f = 100 * VarMath.Pow(y - x * x, 2) + VarMath.Pow(1 - x, 2);

        tape.Backward(f);
        double dfdx = tape.Gradient(x);
        double dfdy = y.Gradient;

        Func<double[], double> plain = p => 100 * Math.Pow(p[1] - p[0] * p[0], 2) + Math.Pow(1 - p[0], 2);
        Assert.True(GradientCheck.Gradient(plain, [1.5, -0.5], [dfdx, dfdy]).Passed(1e-8));
    }

    [Fact]
    public void Forward_mode_example_gives_the_partial_in_x()
    {
        Dual x = Dual.Variable(1.5);
        Dual y = -0.5;
        Dual f = 100 * DualMath.Pow(y - x * x, 2) + DualMath.Pow(1 - x, 2);
        double dfdx = f.Tangent;

        Func<double[], double> plain = p => 100 * Math.Pow(-0.5 - p[0] * p[0], 2) + Math.Pow(1 - p[0], 2);
        Assert.True(GradientCheck.Gradient(plain, [1.5], [dfdx]).Passed(1e-8));
    }

    [Fact]
    public void GradientCheck_example_passes()
    {
        Func<double[], double> f = p => Math.Sin(p[0]) * p[1];
        GradientFunction grad = (p, g) =>
        {
            g[0] = Math.Cos(p[0]) * p[1];
            g[1] = Math.Sin(p[0]);
        };

        GradientCheckResult r = GradientCheck.Gradient(f, grad, [0.3, 2.0]);
        Assert.True(r.Passed(1e-6), r.ToString());
    }
}
