using AutoDiff.NN;
using AutoDiff.Tensors;

namespace AutoDiff.Benchmarks.Cases;

/// <summary>What the tensor suite times.</summary>
public enum TensorStage
{
    /// <summary>The forward pass with recording off (<c>Tensor.NoGrad</c>).</summary>
    Forward,

    /// <summary>Forward with recording, then <c>Backward</c>.</summary>
    ForwardBackward,

    /// <summary>A full training step: zero gradients, forward, backward, optimiser update.</summary>
    Step,
}

/// <summary>
/// The tensor engine: a training step, an elementwise chain or a matrix product at one size. Every stage runs
/// inside a <see cref="Tensor.Scope"/>, as the documented training loop does, so its buffers come from the pool.
/// </summary>
public abstract class TensorCase
{
    public abstract string Name { get; }

    public void Run(TensorStage stage)
    {
        using TensorScope scope = Tensor.Scope();
        RunStage(stage);
    }

    protected abstract void RunStage(TensorStage stage);

    public override string ToString() => Name;
}

/// <summary>An MLP with cross-entropy trained with Adam on a fixed batch: two-moons points, or random inputs and labels.</summary>
public sealed class MlpStepCase<T> : TensorCase
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly Tensor<T> _points;
    private readonly int[] _labels;
    private readonly Sequential<T> _model;
    private readonly Adam<T> _optimizer;

    /// <summary>2-w-w-2 tanh on 400 two-moons points.</summary>
    public MlpStepCase(int width)
        : this([2, width, width, 2], Activation.Tanh, 400)
    {
    }

    /// <summary>Any layer sizes; inputs are two-moons points when the input width is 2, uniform noise otherwise.</summary>
    public MlpStepCase(int[] sizes, Activation activation, int batch)
    {
        if (sizes[0] == 2)
        {
            (_points, _labels) = Datasets.TwoMoons<T>(samples: batch, noise: 0.2, seed: 7);
        }
        else
        {
            var random = new Random(8);
            _points = Tensor<T>.RandomUniform(random, -T.One, T.One, batch, sizes[0]);
            _labels = [.. Enumerable.Range(0, batch).Select(_ => random.Next(sizes[^1]))];
        }
        _points.Persist();
        _model = Mlp.Create<T>(sizes, activation, new Random(7));
        _optimizer = new Adam<T>(_model.Parameters(), T.CreateChecked(1e-3));
        Name = $"MLP step {string.Join("-", sizes)} {activation.ToString().ToLowerInvariant()}, batch {batch}, {(typeof(T) == typeof(float) ? "float" : "double")}";
    }

    public override string Name { get; }

    protected override void RunStage(TensorStage stage)
    {
        switch (stage)
        {
            case TensorStage.Forward:
                using (Tensor.NoGrad())
                {
                    _ = Losses.CrossEntropy(_model.Forward(_points), _labels);
                }

                break;
            case TensorStage.ForwardBackward:
                _model.ZeroGrad();
                Losses.CrossEntropy(_model.Forward(_points), _labels).Backward();
                break;
            default:
                _optimizer.ZeroGrad();
                Losses.CrossEntropy(_model.Forward(_points), _labels).Backward();
                _optimizer.Step();
                break;
        }
    }
}

/// <summary>tanh(a·b + c).sum() on n floats: the elementwise chain; the gradient stages differentiate it.</summary>
public sealed class ElementwiseChainCase : TensorCase
{
    private readonly Tensor<float> _a;
    private readonly Tensor<float> _b;
    private readonly Tensor<float> _c;

    public ElementwiseChainCase(int count)
    {
        var random = new Random(3);
        _a = Tensor<float>.RandomUniform(random, -1f, 1f, count).RequireGrad();
        _b = Tensor<float>.RandomUniform(random, -1f, 1f, count).RequireGrad();
        _c = Tensor<float>.RandomUniform(random, -1f, 1f, count).RequireGrad();
        Name = $"tanh(a*b+c).sum(), {count:N0} floats";
    }

    public override string Name { get; }

    protected override void RunStage(TensorStage stage)
    {
        if (stage == TensorStage.Forward)
        {
            using (Tensor.NoGrad())
            {
                _ = (_a * _b + _c).Tanh().Sum();
            }

            return;
        }

        _a.ZeroGrad();
        _b.ZeroGrad();
        _c.ZeroGrad();
        (_a * _b + _c).Tanh().Sum().Backward();
    }
}

/// <summary>C = A·B for square n × n matrices; the gradient stages differentiate sum(A·B).</summary>
public sealed class MatMulCase<T> : TensorCase
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly Tensor<T> _a;
    private readonly Tensor<T> _b;

    public MatMulCase(int size)
    {
        var random = new Random(9);
        _a = Tensor<T>.RandomNormal(random, T.Zero, T.One, size, size).RequireGrad();
        _b = Tensor<T>.RandomNormal(random, T.Zero, T.One, size, size).RequireGrad();
        Name = $"MatMul {size}x{size} {(typeof(T) == typeof(float) ? "float" : "double")}";
    }

    public override string Name { get; }

    protected override void RunStage(TensorStage stage)
    {
        if (stage == TensorStage.Forward)
        {
            using (Tensor.NoGrad())
            {
                _ = _a.MatMul(_b);
            }

            return;
        }

        _a.ZeroGrad();
        _b.ZeroGrad();
        _a.MatMul(_b).Sum().Backward();
    }
}
