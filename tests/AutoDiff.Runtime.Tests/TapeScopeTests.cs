using AutoDiff.DualNumbers;
using AutoDiff.Taping;

namespace AutoDiff.Runtime.Tests;

/// <summary>Nested recordings (what generated tape-fallback gradients run in) and recording a call by its partials.</summary>
public class TapeScopeTests
{
    [Fact]
    public void A_scope_inside_a_recording_leaves_the_outer_gradient_as_without_it()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var x = tape.Variable(0.7);
        Var y = VarMath.Sin(x) * x;
        int before = tape.Count;

        double inner;
        using (TapeScope scope = tape.BeginScope())
        {
            Var u = scope.Variable(1.3);
            Var v = VarMath.Exp(u * u);
            scope.Backward(v);
            inner = scope.Gradient(u);
        }

        Assert.Equal(before, tape.Count);
        Var z = y * y + x;
        tape.Backward(z);

        Dual xd = Dual.Variable(0.7);
        Dual yd = DualMath.Sin(xd) * xd;
        Assert.Equal((yd * yd + xd).Tangent, tape.Gradient(x), 14);
        Assert.Equal(2 * 1.3 * Math.Exp(1.3 * 1.3), inner, 12);
    }

    [Fact]
    public void Scopes_nest_and_outer_gradients_survive_an_inner_sweep()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var a = tape.Variable(2.0);
        tape.Backward(a * a);
        using (TapeScope outer = tape.BeginScope())
        {
            Var b = outer.Variable(3.0);
            Var c = b * b * b;
            using (TapeScope inner = tape.BeginScope())
            {
                Var d = inner.Variable(5.0);
                inner.Backward(d * d);
                Assert.Equal(10.0, inner.Gradient(d));
            }

            outer.Backward(c);
            Assert.Equal(27.0, outer.Gradient(b));
        }

        // The gradient of the sweep before the scopes is still readable.
        Assert.Equal(4.0, tape.Gradient(a));
    }

    [Fact]
    public void Vars_cross_scope_boundaries_only_as_values()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var outside = tape.Variable(1.0);
        Var inside;
        using (TapeScope scope = tape.BeginScope())
        {
            Assert.Throws<InvalidOperationException>(() => outside * outside);
            inside = scope.Variable(2.0);
        }

        Assert.Throws<InvalidOperationException>(() => inside * inside);
        Assert.Equal(1.0, (outside * outside).Value);
    }

    [Fact]
    public void Disposing_twice_does_nothing_and_a_closed_scope_refuses_work()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var x = tape.Variable(1.0);
        TapeScope scope = tape.BeginScope();
        scope.Dispose();
        scope.Dispose();
        Assert.Throws<InvalidOperationException>(() => scope.Variable(1.0));
        Assert.Equal(2.0, (x + x).Value);
    }

    [Fact]
    public void A_warm_scope_allocates_nothing()
    {
        Tape tape = Tape.Current;
        static double Run(Tape tape)
        {
            using TapeScope scope = tape.BeginScope();
            Var x = scope.Variable(0.5);
            Var y = x;
            for (int i = 0; i < 1000; i++)
            {
                y = VarMath.Sin(y) + x;
            }

            scope.Backward(y);
            return scope.Gradient(x);
        }

        Run(tape);
        Assert.Equal(0, Allocations.Fewest(() => Run(tape)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void FromPartials_records_a_function_by_its_partials(int n)
    {
        // f(v) = Π vᵢ, recorded from its value and partials, then used in a larger expression.
        Tape tape = Tape.Current;
        tape.Reset();
        double[] values = Enumerable.Range(1, n).Select(i => 0.5 + i).ToArray();
        Var[] inputs = values.Select(tape.Variable).ToArray();
        double product = values.Aggregate(1.0, (p, v) => p * v);
        double[] partials = values.Select(v => product / v).ToArray();
        Var f = n switch
        {
            1 => Var.FromPartials(product, inputs[0], partials[0]),
            2 => Var.FromPartials(product, inputs[0], partials[0], inputs[1], partials[1]),
            _ => Var.FromPartials(product, inputs, partials),
        };
        tape.Backward(VarMath.Sin(f));
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(Math.Cos(product) * partials[i], tape.Gradient(inputs[i]), 12);
        }

        Assert.Throws<ArgumentException>(() => Var.FromPartials(1.0, inputs, new double[n + 1]));
    }
}
