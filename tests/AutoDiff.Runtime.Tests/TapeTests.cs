using AutoDiff.DualNumbers;
using AutoDiff.Taping;

namespace AutoDiff.Runtime.Tests;

public class TapeTests
{
    [Fact]
    public void Backward_over_a_million_node_chain_runs_on_a_small_stack()
    {
        const int Steps = 350_000; // three nodes per step: sin, scale, add
        double[] reverse = new double[1];
        int recorded = 0;

        // A 256 KiB stack would overflow long before 10^6 frames if the sweep recursed.
        Thread worker = new(
            () =>
            {
                Tape tape = new(capacity: 16);
                Tape.Current = tape;
                Var x = tape.Variable(0.3);
                Var y = x;
                for (int i = 0; i < Steps; i++)
                {
                    y = 0.5 * VarMath.Sin(y) + x;
                }

                recorded = tape.Count;
                tape.Backward(y);
                reverse[0] = tape.Gradient(x);
            },
            maxStackSize: 256 * 1024);
        worker.Start();
        worker.Join();

        Dual xd = Dual.Variable(0.3);
        Dual yd = xd;
        for (int i = 0; i < Steps; i++)
        {
            yd = 0.5 * DualMath.Sin(yd) + xd;
        }

        Assert.True(recorded >= 1_000_000, $"only {recorded} nodes");
        Assert.Equal(yd.Tangent, reverse[0], 12);
    }

    [Fact]
    public void Variables_can_only_come_from_the_current_tape()
    {
        // Operators record on Tape.Current, so a variable on any other tape would silently disconnect.
        Tape detached = new();
        Assert.Throws<InvalidOperationException>(() => detached.Variable(1.0));
        Assert.Throws<ArgumentNullException>(() => Tape.Current = null!);
    }

    [Fact]
    public void A_tape_installed_as_Current_records_the_operators()
    {
        Tape previous = Tape.Current;
        Tape mine = new(capacity: 4);
        Tape.Current = mine;
        try
        {
            Var x = Var.Variable(2.0);
            Var y = x * x * x;
            mine.Backward(y);
            Assert.Equal(3 * 2.0 * 2.0, x.Gradient, 15);
            Assert.Equal(3, mine.Count);
        }
        finally
        {
            Tape.Current = previous;
        }
    }

    [Fact]
    public void Reset_keeps_capacity_and_forgets_nodes()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var x = tape.Variable(1.0);
        Var y = x;
        for (int i = 0; i < 5000; i++)
        {
            y = y * 1.0001 + x;
        }

        int capacity = tape.Capacity;
        Assert.True(capacity >= 10_001);
        tape.Reset();
        Assert.Equal(0, tape.Count);
        Assert.Equal(capacity, tape.Capacity);
    }

    [Fact]
    public void A_second_identical_run_after_Reset_allocates_nothing()
    {
        Tape tape = Tape.Current;
        double[] gradient = new double[3];
        Var[] inputs = new Var[3];

        Run(); // warm-up: grows the tape and the adjoint buffer, JIT-compiles everything
        Run();
        long allocated = Allocations.Fewest(Run);

        Assert.Equal(0, allocated);
        Assert.True(tape.Count > 20_000);

        void Run()
        {
            tape.Reset();
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = tape.Variable(0.1 * (i + 1));
            }

            Var sum = 0.0;
            for (int k = 0; k < 2000; k++)
            {
                Var t = VarMath.Tanh(inputs[0] * k * 1e-3 + inputs[1]) * VarMath.Exp(-inputs[2]);
                sum += VarMath.Pow(t, 2.0) + VarMath.Max(t, inputs[1]) / (1.0 + VarMath.Abs(inputs[0]));
            }

            tape.Backward(sum);
            tape.Gradient(inputs, gradient);
        }
    }

    [Fact]
    public void Operations_on_constants_record_nothing_and_have_zero_gradient()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var c = 3.0;
        Var d = VarMath.Sqrt(c) * 2.0 + VarMath.Exp(c);
        Assert.Equal(0, tape.Count);
        Assert.True(d.IsConstant);

        Var x = tape.Variable(1.0);
        tape.Backward(x * d);
        Assert.Equal(0.0, tape.Gradient(d));
        Assert.Equal(d.Value, x.Gradient);
    }

    [Fact]
    public void Backward_seed_scales_every_gradient()
    {
        Func<Var[], Var> f = v => VarMath.Sin(v[0]) * v[1];
        double[] plain = Differentiate.Reverse(f, [0.7, -1.3]);

        Tape tape = Tape.Current;
        tape.Reset();
        Var a = tape.Variable(0.7);
        Var b = tape.Variable(-1.3);
        tape.Backward(f([a, b]), seed: -2.5);
        Assert.Equal(-2.5 * plain[0], a.Gradient, 14);
        Assert.Equal(-2.5 * plain[1], b.Gradient, 14);
    }

    [Fact]
    public void Backward_can_run_once_per_output_to_build_a_Jacobian()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var[] x = [tape.Variable(0.4), tape.Variable(1.7)];
        Var[] outputs = [x[0] * x[1], VarMath.Exp(x[0]) - x[1], VarMath.Atan2(x[1], x[0])];

        double[] jacobian = new double[outputs.Length * x.Length];
        for (int row = 0; row < outputs.Length; row++)
        {
            tape.Backward(outputs[row]);
            tape.Gradient(x, jacobian.AsSpan(row * x.Length, x.Length));
        }

        VectorFunction f = (p, values) =>
        {
            values[0] = p[0] * p[1];
            values[1] = Math.Exp(p[0]) - p[1];
            values[2] = Math.Atan2(p[1], p[0]);
        };
        Assert.True(GradientCheck.Jacobian(f, 3, [0.4, 1.7], jacobian).Passed(1e-8));
    }

    [Fact]
    public void Values_recorded_after_Backward_read_as_zero_gradient()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var x = tape.Variable(1.0);
        tape.Backward(x * 2.0);
        Var later = x * 3.0;
        Assert.Equal(0.0, tape.Gradient(later));
        Assert.Equal(2.0, tape.Gradient(x));
    }

    [Fact]
    public void Reading_a_gradient_before_Backward_throws()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var x = tape.Variable(1.0);
        Assert.Throws<InvalidOperationException>(() => tape.Gradient(x));
    }

    [Fact]
    public void A_Var_from_before_Reset_is_rejected()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var stale = tape.Variable(1.0);
        tape.Reset();
        Var fresh = tape.Variable(1.0);
        tape.Backward(fresh);

        Assert.Throws<InvalidOperationException>(() => tape.Gradient(stale));
        Assert.Throws<InvalidOperationException>(() => tape.Backward(stale));
    }

    [Fact]
    public void Operating_on_a_Var_from_before_Reset_throws_instead_of_mixing_graphs()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var stale = tape.Variable(1.0);
        tape.Reset();
        Var fresh = tape.Variable(2.0);

        Assert.Throws<InvalidOperationException>(() => stale + fresh);
        Assert.Throws<InvalidOperationException>(() => fresh * stale);
        Assert.Throws<InvalidOperationException>(() => VarMath.Exp(stale));
        Assert.Equal(1, tape.Count); // nothing was recorded by the failed operations
    }

    [Fact]
    public void A_Var_from_another_tape_is_rejected()
    {
        Var foreign = default;
        Thread other = new(() => foreign = Var.Variable(1.0));
        other.Start();
        other.Join();
        Tape tape = Tape.Current;
        tape.Reset();
        tape.Backward(tape.Variable(2.0));

        Assert.Throws<InvalidOperationException>(() => tape.Gradient(foreign));
        Assert.Throws<InvalidOperationException>(() => foreign * 2.0);
    }

    [Fact]
    public void Gradient_span_overload_validates_the_destination_length()
    {
        Tape tape = Tape.Current;
        tape.Reset();
        Var[] x = [tape.Variable(1.0), tape.Variable(2.0)];
        tape.Backward(x[0] * x[1]);

        ArgumentException e = Assert.Throws<ArgumentException>(() => tape.Gradient(x, new double[1]));
        Assert.Equal("gradients", e.ParamName);
    }

    [Fact]
    public void A_new_tape_holds_the_requested_capacity_before_growing()
    {
        Assert.Equal(1000, new Tape(1000).Capacity);
        Assert.Equal(1024, new Tape().Capacity);
    }

    [Fact]
    public void Negative_capacity_is_rejected()
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => new Tape(-1));
        Assert.Equal("capacity", e.ParamName);
    }

    [Fact]
    public void Comparisons_and_conversions_act_on_values()
    {
        Tape.Current.Reset();
        Var a = Var.Variable(1.0);
        Var b = 2.0;
        Assert.True(a < b && b > a && a <= 1.0 && a >= 1.0 && a == 1.0 && a != b);
        Assert.False(Var.NaN == Var.NaN);
        Assert.Equal(1.0, (double)a);
        Assert.Equal(2, (int)new Var(2.7)); // explicit to double, then the usual double-to-int cast
        Assert.Equal(2, (int)new Dual(2.7, 1));
        Assert.Equal(0, Tape.Current.Count - 1); // comparisons and conversions recorded nothing

        Dual d = Dual.Variable(1.0);
        Assert.True(d < 2.0 && d == 1.0 && d != 3.0 && d >= new Dual(1.0, 7.0));
        Assert.Equal(1.0, (double)d);
    }
}
