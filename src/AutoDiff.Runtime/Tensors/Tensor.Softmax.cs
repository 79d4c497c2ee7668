using System.Numerics;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>Softmax along <paramref name="dim"/> (shifted by the maximum, so large inputs do not overflow).</summary>
    public Tensor<T> Softmax(int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        Tensor<T> x = Detach();
        Tensor<T> e = (x - x.Max(d, keepDim: true)).Exp();
        Tensor<T> r = e / e.Sum(d, keepDim: true);
        r = r.Detach();
        if (AnyRequiresGrad(this))
        {
            Record(r, "Softmax", [this], g => [r * (g - (g * r).Sum(d, keepDim: true))]);
        }
        return r;
    }

    /// <summary>log(Softmax) along <paramref name="dim"/>, computed stably as x - max - log(sum(exp(x - max))).</summary>
    public Tensor<T> LogSoftmax(int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        Tensor<T> x = Detach();
        Tensor<T> shifted = x - x.Max(d, keepDim: true);
        Tensor<T> r = (shifted - shifted.Exp().Sum(d, keepDim: true).Log()).Detach();
        if (AnyRequiresGrad(this))
        {
            Record(r, "LogSoftmax", [this], g => [g - r.Exp() * g.Sum(d, keepDim: true)]);
        }
        return r;
    }
}
