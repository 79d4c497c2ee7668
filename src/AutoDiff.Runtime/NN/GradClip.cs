using System.Numerics;
using AutoDiff.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.NN;

/// <summary>Gradient clipping (<c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>).</summary>
public static class GradClip
{
    /// <summary>
    /// Scales all gradients together so that their joint p-norm is at most <paramref name="maxNorm"/>
    /// (factor maxNorm/(norm + 1e-6), only when it is below 1). Returns the norm before clipping.
    /// </summary>
    public static double ClipGradNorm<T>(IEnumerable<Tensor<T>> parameters, double maxNorm, double normType = 2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be non-negative.");
        }
        List<Tensor<T>> grads = [.. parameters.Where(p => p.Grad is not null).Select(p => p.Grad!)];
        double total = 0;
        foreach (Tensor<T> g in grads)
        {
            ReadOnlySpan<T> s = g.AsSpan();
            if (double.IsPositiveInfinity(normType))
            {
                total = Math.Max(total, s.Length == 0 ? 0 : double.CreateChecked(TP.MaxMagnitude(s)));
            }
            else if (normType == 2)
            {
                double n = double.CreateChecked(TP.Norm(s));
                total += n * n;
            }
            else
            {
                foreach (T v in s)
                {
                    total += Math.Pow(Math.Abs(double.CreateChecked(v)), normType);
                }
            }
        }
        double norm = double.IsPositiveInfinity(normType) ? total : Math.Pow(total, 1 / normType);
        double factor = maxNorm / (norm + 1e-6);
        if (factor < 1)
        {
            using (Tensor.NoGrad())
            {
                foreach (Tensor<T> g in grads)
                {
                    g.MulInPlace(T.CreateChecked(factor));
                }
            }
        }
        return norm;
    }

    /// <summary>Clamps every gradient element into [−clip, clip].</summary>
    public static void ClipGradValue<T>(IEnumerable<Tensor<T>> parameters, double clip)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        T c = T.CreateChecked(clip);
        using (Tensor.NoGrad())
        {
            foreach (Tensor<T> p in parameters)
            {
                p.Grad?.ClampInPlace(-c, c);
            }
        }
    }
}
