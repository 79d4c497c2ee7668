using AutoDiff.DualNumbers;
using AutoDiff.Taping;

namespace AutoDiff.Runtime.Tests;

/// <summary>Gradients of test functions by each mode, in the same shape as a finite-difference check needs.</summary>
internal static class Differentiate
{
    /// <summary>Reverse mode on the current thread's tape: one recording, one Backward.</summary>
    public static double[] Reverse(Func<Var[], Var> f, double[] x)
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var[] inputs = new Var[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            inputs[i] = tape.Variable(x[i]);
        }

        tape.Backward(f(inputs));
        double[] gradient = new double[x.Length];
        tape.Gradient(inputs, gradient);
        return gradient;
    }

    /// <summary>Forward mode: one pass per input, seeding that input's tangent with 1.</summary>
    public static double[] Forward(Func<Dual[], Dual> f, double[] x)
    {
        double[] gradient = new double[x.Length];
        for (int seeded = 0; seeded < x.Length; seeded++)
        {
            Dual[] inputs = new Dual[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                inputs[i] = new Dual(x[i], i == seeded ? 1 : 0);
            }

            gradient[seeded] = f(inputs).Tangent;
        }

        return gradient;
    }

    /// <summary>The value computed in reverse mode, to compare with the plain double function.</summary>
    public static double ReverseValue(Func<Var[], Var> f, double[] x)
    {
        Tape.Current.Reset();
        return f(x.Select(Var.Variable).ToArray()).Value;
    }

    /// <summary>The value computed in forward mode, to compare with the plain double function.</summary>
    public static double ForwardValue(Func<Dual[], Dual> f, double[] x) =>
        f(x.Select(Dual.Variable).ToArray()).Value;
}
