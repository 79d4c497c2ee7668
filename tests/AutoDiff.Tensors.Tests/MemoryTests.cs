using AutoDiff.NN;

namespace AutoDiff.Tensors.Tests;

/// <summary>Pooled storage: scopes recycle what a step makes, keep what must live, and a steady training step allocates almost nothing.</summary>
public class MemoryTests
{
    [Fact]
    public void A_scope_releases_the_tensors_it_made_and_reading_one_afterwards_throws()
    {
        Tensor<double> inside;
        using (Tensor.Scope())
        {
            inside = Tensor<double>.Ones(3) * 2.0;
            Assert.Equal(2.0, inside[1]);
        }
        var e = Assert.Throws<ObjectDisposedException>(() => inside.ToArray());
        Assert.Contains("Keep()", e.Message);
    }

    [Fact]
    public void Keep_moves_a_tensor_to_the_enclosing_scope_and_parameters_are_never_released()
    {
        Tensor<double> kept, parameter, nested;
        using (Tensor.Scope())
        {
            parameter = Tensor<double>.Ones(2).RequireGrad();
            using (Tensor.Scope())
            {
                nested = (Tensor<double>.Ones(2) * 3.0).Keep();
                kept = nested;
            }
            Assert.Equal([3.0, 3.0], kept.ToArray()); // still alive: moved to the outer scope
        }
        Assert.Throws<ObjectDisposedException>(() => kept.ToArray()); // the outer scope released it
        Assert.Equal([1.0, 1.0], parameter.ToArray());
    }

    [Fact]
    public void Gradients_survive_the_step_scope_and_views_of_released_storage_throw()
    {
        var w = Tensor<double>.FromArray([1.0, 2, 3]).RequireGrad();
        Tensor<double> view;
        using (Tensor.Scope())
        {
            Tensor<double> y = (w * w).Sum();
            y.Backward();
            view = (w * 1.0).Narrow(0, 1, 2);
        }
        Assert.Equal([2.0, 4, 6], w.Grad!.ToArray());
        Assert.Throws<ObjectDisposedException>(() => view.ToArray());
    }

    [Fact]
    public void Scopes_must_be_disposed_in_order()
    {
        TensorScope outer = Tensor.Scope();
        TensorScope inner = Tensor.Scope();
        Assert.Throws<InvalidOperationException>(outer.Dispose);
        inner.Dispose();
        outer.Dispose();
    }

    [Fact]
    public void A_steady_training_step_in_a_scope_allocates_a_few_kilobytes_and_reuses_its_buffers()
    {
        // Small enough that no kernel uses worker threads, so the thread's own allocation count is the whole cost.
        var (points, labels) = Datasets.TwoMoons<double>(samples: 64, noise: 0.2, seed: 1);
        var model = Mlp.Create<double>([2, 16, 16, 2], Activation.Tanh, new Random(1));
        var optimizer = new Adam<double>(model.Parameters(), 0.01);
        void Step()
        {
            using var step = Tensor.Scope();
            optimizer.ZeroGrad();
            Losses.CrossEntropy(model.Forward(points), labels).Backward();
            optimizer.Step();
        }
        for (int i = 0; i < 5; i++)
        {
            Step();
        }
        long best = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                Step();
            }
            best = Math.Min(best, (GC.GetAllocatedBytesForCurrentThread() - before) / 10);
        }
        // Without a scope every tensor buffer of the step (activations, saved values, gradient temporaries) would be
        // allocated again; with it, only bookkeeping remains: graph nodes, closures and shape arrays (about 18 KB).
        Assert.True(best < 32_000, $"a warm step allocated {best} bytes");
    }
}
