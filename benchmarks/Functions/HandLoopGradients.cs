namespace AutoDiff.Benchmarks.Functions;

/// <summary>
/// Gradients of <see cref="LoopObjectives"/> written by hand: one fused pass over the data computing the
/// value and accumulating the gradient, per-component constants hoisted, no allocation.
/// </summary>
public static class HandLoopGradients
{
    public static double LogisticRegression(ReadOnlySpan<double> p, ReadOnlySpan<double> features, ReadOnlySpan<double> labels, Span<double> gradient)
    {
        int d = p.Length - 1;
        int n = labels.Length;
        gradient.Clear();
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = features.Slice(i * d, d);
            double z = p[d];
            for (int j = 0; j < d; j++)
            {
                z += p[j] * row[j];
            }

            double e = Math.Exp(-labels[i] * z);
            loss += Math.Log(1 + e);

            // d/dz log(1 + e^(−y·z)) = −y·e / (1 + e).
            double slope = -labels[i] * e / (1 + e);
            for (int j = 0; j < d; j++)
            {
                gradient[j] += slope * row[j];
            }

            gradient[d] += slope;
        }

        double scale = 1.0 / n;
        for (int j = 0; j <= d; j++)
        {
            gradient[j] *= scale;
        }

        return loss * scale;
    }

    public static double GaussianMixture(ReadOnlySpan<double> p, ReadOnlySpan<double> data, Span<double> gradient)
    {
        int k = p.Length / 3;
        Span<double> inverseSigma = stackalloc double[k];
        Span<double> offset = stackalloc double[k];
        Span<double> terms = stackalloc double[k];
        Span<double> z = stackalloc double[k];
        Span<double> weights = stackalloc double[k];

        double weightSum = 0;
        for (int c = 0; c < k; c++)
        {
            weights[c] = Math.Exp(p[(2 * k) + c]);
            weightSum += weights[c];
        }

        double logWeightSum = Math.Log(weightSum);
        for (int c = 0; c < k; c++)
        {
            inverseSigma[c] = Math.Exp(-p[k + c]);
            offset[c] = p[(2 * k) + c] - logWeightSum - p[k + c];
            weights[c] /= weightSum;
        }

        // Accumulate Σ_i of the responsibilities r_c, r_c·z_c and r_c·z_c² per component.
        gradient.Clear();
        Span<double> sumR = gradient.Slice(2 * k, k);
        Span<double> sumRz = gradient.Slice(0, k);
        Span<double> sumRzz = gradient.Slice(k, k);
        double total = 0;
        for (int i = 0; i < data.Length; i++)
        {
            double x = data[i];
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                double zc = (x - p[c]) * inverseSigma[c];
                double term = Math.Exp(offset[c] - (0.5 * zc * zc));
                z[c] = zc;
                terms[c] = term;
                sum += term;
            }

            total += Math.Log(sum);
            double inverseSum = 1 / sum;
            for (int c = 0; c < k; c++)
            {
                double r = terms[c] * inverseSum;
                sumR[c] += r;
                sumRz[c] += r * z[c];
                sumRzz[c] += r * z[c] * z[c];
            }
        }

        // Loss = −total/n: ∂/∂μ_c = −Σ r·z/σ / n, ∂/∂log σ_c = −Σ r·(z² − 1) / n, ∂/∂logit_c = −(Σ r − n·w_c) / n.
        double n = data.Length;
        for (int c = 0; c < k; c++)
        {
            double rzz = sumRzz[c];
            double r = sumR[c];
            sumRz[c] *= -inverseSigma[c] / n;
            sumRzz[c] = -(rzz - r) / n;
            sumR[c] = -(r - (n * weights[c])) / n;
        }

        return -total / n;
    }

    public static double MlpLoss(ReadOnlySpan<double> p, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient)
    {
        int n = targets.Length;
        int d = inputs.Length / n;
        int h = (p.Length - 1) / (d + 2);
        ReadOnlySpan<double> w1 = p.Slice(0, h * d);
        ReadOnlySpan<double> b1 = p.Slice(h * d, h);
        ReadOnlySpan<double> w2 = p.Slice((h * d) + h, h);
        Span<double> gw1 = gradient.Slice(0, h * d);
        Span<double> gb1 = gradient.Slice(h * d, h);
        Span<double> gw2 = gradient.Slice((h * d) + h, h);
        Span<double> hidden = stackalloc double[h];
        gradient.Clear();

        double b2 = p[p.Length - 1];
        double gb2 = 0;
        double loss = 0;
        double scale = 2.0 / n;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> x = inputs.Slice(i * d, d);
            double output = b2;
            for (int j = 0; j < h; j++)
            {
                ReadOnlySpan<double> row = w1.Slice(j * d, d);
                double a = b1[j];
                for (int m = 0; m < d; m++)
                {
                    a += row[m] * x[m];
                }

                hidden[j] = Math.Tanh(a);
                output += w2[j] * hidden[j];
            }

            double r = output - targets[i];
            loss += r * r;

            // Backpropagate d(r²/n)/d(output) = 2r/n through both layers in the same pass.
            double outputBar = scale * r;
            gb2 += outputBar;
            for (int j = 0; j < h; j++)
            {
                double t = hidden[j];
                gw2[j] += outputBar * t;
                double aBar = outputBar * w2[j] * (1 - (t * t));
                gb1[j] += aBar;
                Span<double> gRow = gw1.Slice(j * d, d);
                for (int m = 0; m < d; m++)
                {
                    gRow[m] += aBar * x[m];
                }
            }
        }

        gradient[p.Length - 1] = gb2;
        return loss / n;
    }

    public static double NBodyEnergy(ReadOnlySpan<double> positions, ReadOnlySpan<double> masses, Span<double> gradient)
    {
        gradient.Clear();
        double energy = 0;
        int count = masses.Length;
        for (int i = 0; i < count; i++)
        {
            double xi = positions[3 * i];
            double yi = positions[(3 * i) + 1];
            double zi = positions[(3 * i) + 2];
            double mi = masses[i];
            double gx = 0;
            double gy = 0;
            double gz = 0;
            for (int j = i + 1; j < count; j++)
            {
                double dx = xi - positions[3 * j];
                double dy = yi - positions[(3 * j) + 1];
                double dz = zi - positions[(3 * j) + 2];
                double inverse = 1 / Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz) + 0.01);
                double pair = mi * masses[j] * inverse;
                energy -= pair;

                // ∂(−m·m/r)/∂qᵢ = m·m·(qᵢ − qⱼ)/r³, and the opposite for qⱼ.
                double force = pair * inverse * inverse;
                gx += force * dx;
                gy += force * dy;
                gz += force * dz;
                gradient[3 * j] -= force * dx;
                gradient[(3 * j) + 1] -= force * dy;
                gradient[(3 * j) + 2] -= force * dz;
            }

            gradient[3 * i] += gx;
            gradient[(3 * i) + 1] += gy;
            gradient[(3 * i) + 2] += gz;
        }

        return energy;
    }
}
