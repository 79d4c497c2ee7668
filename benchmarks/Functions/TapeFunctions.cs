using AutoDiff.Taping;

namespace AutoDiff.Benchmarks.Functions;

/// <summary>
/// Gradients on the dynamic tape written by hand with <see cref="Var"/> (docs/tape.md), for the functions
/// the generator's tape fallback does not cover: a custom-derivative call and vector parameters. Each runs
/// in its own <see cref="TapeScope"/>, as the generated fallback does, so it can be called from anywhere.
/// </summary>
public static class TapeFunctions
{
    public static double BlackScholesCall(double spot, double strike, double expiry, double rate, double volatility, Span<double> gradient)
    {
        using TapeScope scope = Tape.Current.BeginScope();
        Var s = scope.Variable(spot);
        Var k = scope.Variable(strike);
        Var t = scope.Variable(expiry);
        Var r = scope.Variable(rate);
        Var v = scope.Variable(volatility);

        Var root = VarMath.Sqrt(t);
        Var d1 = (VarMath.Log(s / k) + ((r + (0.5 * v * v)) * t)) / (v * root);
        Var d2 = d1 - (v * root);
        Var price = (s * Normal.Cdf(d1)) - (k * VarMath.Exp(-r * t) * Normal.Cdf(d2));

        scope.Backward(price);
        gradient[0] = scope.Gradient(s);
        gradient[1] = scope.Gradient(k);
        gradient[2] = scope.Gradient(t);
        gradient[3] = scope.Gradient(r);
        gradient[4] = scope.Gradient(v);
        return price.Value;
    }

    public static double LogisticRegression(ReadOnlySpan<double> p, ReadOnlySpan<double> features, ReadOnlySpan<double> labels, Span<double> gradient)
    {
        using TapeScope scope = Tape.Current.BeginScope();
        Span<Var> w = stackalloc Var[p.Length];
        for (int j = 0; j < p.Length; j++)
        {
            w[j] = scope.Variable(p[j]);
        }

        int d = p.Length - 1;
        Var loss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            Var z = w[d];
            for (int j = 0; j < d; j++)
            {
                z += w[j] * features[(i * d) + j];
            }

            loss += VarMath.Log(1 + VarMath.Exp(-labels[i] * z));
        }

        return Finish(scope, loss / labels.Length, w, gradient);
    }

    public static double GaussianMixture(ReadOnlySpan<double> p, ReadOnlySpan<double> data, Span<double> gradient)
    {
        using TapeScope scope = Tape.Current.BeginScope();
        int k = p.Length / 3;
        Span<Var> w = stackalloc Var[p.Length];
        for (int j = 0; j < p.Length; j++)
        {
            w[j] = scope.Variable(p[j]);
        }

        Span<Var> inverseSigma = stackalloc Var[k];
        Span<Var> offset = stackalloc Var[k];
        Var weightSum = 0;
        for (int c = 0; c < k; c++)
        {
            weightSum += VarMath.Exp(w[(2 * k) + c]);
        }

        Var logWeightSum = VarMath.Log(weightSum);
        for (int c = 0; c < k; c++)
        {
            inverseSigma[c] = VarMath.Exp(-w[k + c]);
            offset[c] = w[(2 * k) + c] - logWeightSum - w[k + c];
        }

        Var total = 0;
        for (int i = 0; i < data.Length; i++)
        {
            Var sum = 0;
            for (int c = 0; c < k; c++)
            {
                Var z = (data[i] - w[c]) * inverseSigma[c];
                sum += VarMath.Exp(offset[c] - (0.5 * z * z));
            }

            total += VarMath.Log(sum);
        }

        return Finish(scope, -total / data.Length, w, gradient);
    }

    public static double MlpLoss(ReadOnlySpan<double> p, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient)
    {
        using TapeScope scope = Tape.Current.BeginScope();
        Span<Var> w = stackalloc Var[p.Length];
        for (int j = 0; j < p.Length; j++)
        {
            w[j] = scope.Variable(p[j]);
        }

        int n = targets.Length;
        int d = inputs.Length / n;
        int h = (p.Length - 1) / (d + 2);
        int hiddenBias = h * d;
        int outputWeight = hiddenBias + h;
        Var loss = 0;
        for (int i = 0; i < n; i++)
        {
            Var output = w[p.Length - 1];
            for (int j = 0; j < h; j++)
            {
                Var a = w[hiddenBias + j];
                for (int m = 0; m < d; m++)
                {
                    a += w[(j * d) + m] * inputs[(i * d) + m];
                }

                output += w[outputWeight + j] * VarMath.Tanh(a);
            }

            Var r = output - targets[i];
            loss += r * r;
        }

        return Finish(scope, loss / n, w, gradient);
    }

    public static double NBodyEnergy(ReadOnlySpan<double> positions, ReadOnlySpan<double> masses, Span<double> gradient)
    {
        using TapeScope scope = Tape.Current.BeginScope();
        Span<Var> q = stackalloc Var[positions.Length];
        for (int j = 0; j < positions.Length; j++)
        {
            q[j] = scope.Variable(positions[j]);
        }

        Var energy = 0;
        for (int i = 0; i < masses.Length; i++)
        {
            for (int j = i + 1; j < masses.Length; j++)
            {
                Var dx = q[3 * i] - q[3 * j];
                Var dy = q[(3 * i) + 1] - q[(3 * j) + 1];
                Var dz = q[(3 * i) + 2] - q[(3 * j) + 2];
                energy -= masses[i] * masses[j] / VarMath.Sqrt((dx * dx) + (dy * dy) + (dz * dz) + 0.01);
            }
        }

        return Finish(scope, energy, q, gradient);
    }

    private static double Finish(TapeScope scope, Var result, ReadOnlySpan<Var> inputs, Span<double> gradient)
    {
        scope.Backward(result);
        for (int j = 0; j < inputs.Length; j++)
        {
            gradient[j] = scope.Gradient(inputs[j]);
        }

        return result.Value;
    }
}
