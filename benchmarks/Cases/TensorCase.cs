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

/// <summary>The tensor engine: an MLP training step on two-moons data, or a matrix product, at one size.</summary>
public abstract class TensorCase
{
    public abstract string Name { get; }

    public abstract void Run(TensorStage stage);

    public override string ToString() => Name;
}

/// <summary>A 2-w-w-2 tanh MLP with cross-entropy on 400 two-moons points, trained with Adam.</summary>
public sealed class MlpStepCase : TensorCase
{
    private readonly Tensor<double> _points;
    private readonly int[] _labels;
    private readonly Sequential<double> _model;
    private readonly Adam<double> _optimizer;

    public MlpStepCase(int width)
    {
        (_points, _labels) = Datasets.TwoMoons<double>(samples: 400, noise: 0.2, seed: 7);
        _model = Mlp.Create<double>([2, width, width, 2], Activation.Tanh, new Random(7));
        _optimizer = new Adam<double>(_model.Parameters(), learningRate: 1e-3);
        Name = $"MLP step 2-{width}-{width}-2, batch 400";
    }

    public override string Name { get; }

    public override void Run(TensorStage stage)
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

/// <summary>C = A·B for square n × n matrices; the gradient stages differentiate sum(A·B).</summary>
public sealed class MatMulCase : TensorCase
{
    private readonly Tensor<double> _a;
    private readonly Tensor<double> _b;

    public MatMulCase(int size)
    {
        var random = new Random(9);
        _a = Tensor<double>.RandomNormal(random, 0.0, 1.0, size, size).RequireGrad();
        _b = Tensor<double>.RandomNormal(random, 0.0, 1.0, size, size).RequireGrad();
        Name = $"MatMul {size}x{size}";
    }

    public override string Name { get; }

    public override void Run(TensorStage stage)
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
