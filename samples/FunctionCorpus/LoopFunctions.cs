using AutoDiff;

namespace FunctionCorpus;

/// <summary>
/// Objectives written with loops, vector parameters and local arrays: model losses, physics,
/// simulations and numerical methods, as a user would write them. Data is <c>[NoDerivative]</c>;
/// <c>[SampleLength]</c> gives vectors the sizes a function's shapes need. Machine learning and
/// statistics are here; numerical methods, physics and the rest in <c>LoopFunctions.Numerics.cs</c>.
/// </summary>
public static partial class LoopFunctions
{
    // ----- Machine learning -----

    /// <summary>Mean logistic loss of a linear classifier with an L2 penalty; a label's sign is its class.</summary>
    [Differentiable]
    public static double LogisticRegressionLoss(
        [SampleLength(3)] ReadOnlySpan<double> w,
        double bias,
        [NoDerivative][SampleLength(18)] ReadOnlySpan<double> features,
        [NoDerivative][SampleLength(6)] ReadOnlySpan<double> labels)
    {
        int d = w.Length;
        double loss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double z = bias;
            for (int j = 0; j < d; j++)
            {
                z += w[j] * features[(i * d) + j];
            }

            double y = labels[i] > 0 ? 1.0 : -1.0;
            loss += Math.Log(1 + Math.Exp(-y * z));
        }

        double penalty = 0;
        foreach (double wj in w)
        {
            penalty += wj * wj;
        }

        return (loss / labels.Length) + (0.01 * penalty);
    }

    /// <summary>Cross-entropy of a softmax over logits for one target class, stable by subtracting the largest logit.</summary>
    [Differentiable]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int target)
    {
        double max = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > max)
            {
                max = logits[i];
            }
        }

        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            sum += Math.Exp(logits[i] - max);
        }

        return Math.Log(sum) + max - logits[target];
    }

    /// <summary>
    /// Squared error of a 2-3-1 network with a tanh hidden layer over a small data set. Weights are
    /// row-major (hidden × inputs); the hidden activations live in one local array reused per sample.
    /// </summary>
    [Differentiable]
    public static double TwoLayerNetworkLoss(
        [SampleLength(6)] ReadOnlySpan<double> w1,
        [SampleLength(3)] ReadOnlySpan<double> b1,
        [SampleLength(3)] ReadOnlySpan<double> w2,
        double b2,
        [NoDerivative][SampleLength(8)] ReadOnlySpan<double> inputs,
        [NoDerivative][SampleLength(4)] ReadOnlySpan<double> targets)
    {
        int hiddenCount = b1.Length;
        int inputCount = w1.Length / hiddenCount;
        double[] hidden = new double[hiddenCount];
        double loss = 0;
        for (int s = 0; s < targets.Length; s++)
        {
            for (int h = 0; h < hiddenCount; h++)
            {
                double a = b1[h];
                for (int k = 0; k < inputCount; k++)
                {
                    a += w1[(h * inputCount) + k] * inputs[(s * inputCount) + k];
                }

                hidden[h] = Math.Tanh(a);
            }

            double output = b2;
            for (int h = 0; h < hiddenCount; h++)
            {
                output += w2[h] * hidden[h];
            }

            double error = output - targets[s];
            loss += error * error;
        }

        return 0.5 * loss / targets.Length;
    }

    /// <summary>Loss of an Elman RNN with two hidden units predicting the next value of a sequence.</summary>
    [Differentiable]
    [SampleRange(-1, 1)]
    public static double ElmanRnnLoss(
        [SampleLength(4)] ReadOnlySpan<double> recurrent,
        [SampleLength(2)] ReadOnlySpan<double> inputWeights,
        [SampleLength(2)] ReadOnlySpan<double> readout,
        [NoDerivative][SampleLength(8)] ReadOnlySpan<double> sequence)
    {
        int m = inputWeights.Length;
        double[] state = new double[m];
        Span<double> next = stackalloc double[m];
        double loss = 0;
        for (int t = 0; t + 1 < sequence.Length; t++)
        {
            for (int i = 0; i < m; i++)
            {
                double a = inputWeights[i] * sequence[t];
                for (int j = 0; j < m; j++)
                {
                    a += recurrent[(i * m) + j] * state[j];
                }

                next[i] = Math.Tanh(a);
            }

            double prediction = 0;
            for (int i = 0; i < m; i++)
            {
                state[i] = next[i];
                prediction += readout[i] * state[i];
            }

            double error = prediction - sequence[t + 1];
            loss += error * error;
        }

        return loss;
    }

    /// <summary>Output loss after batch normalisation of a vector: mean and variance by loops, normalised values in a local array.</summary>
    [Differentiable]
    public static double BatchNormOutputLoss(ReadOnlySpan<double> x, double gamma, double beta)
    {
        int n = x.Length;
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += x[i];
        }

        mean /= n;
        double variance = 0;
        for (int i = 0; i < n; i++)
        {
            variance += (x[i] - mean) * (x[i] - mean);
        }

        variance /= n;
        double[] normalised = new double[n];
        for (int i = 0; i < n; i++)
        {
            normalised[i] = (x[i] - mean) / Math.Sqrt(variance + 1e-5);
        }

        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            loss += Math.Sin((gamma * normalised[i]) + beta) * (i + 1);
        }

        return loss;
    }

    /// <summary>Generalized advantage estimation (γ = 0.95): advantages computed backwards in time into a local array, then their mean square.</summary>
    [Differentiable]
    [SampleRange(0, 1)]
    public static double GeneralizedAdvantageLoss(ReadOnlySpan<double> values, [NoDerivative] ReadOnlySpan<double> rewards, double lambda)
    {
        const double Gamma = 0.95;
        int n = rewards.Length;
        double[] advantage = new double[n];
        double running = 0;
        for (int t = n - 1; t >= 0; t--)
        {
            double nextValue = t + 1 < n ? values[t + 1] : 0.0;
            double delta = rewards[t] + (Gamma * nextValue) - values[t];
            running = delta + (Gamma * lambda * running);
            advantage[t] = running;
        }

        double loss = 0;
        for (int t = 0; t < n; t++)
        {
            loss += advantage[t] * advantage[t];
        }

        return loss / n;
    }

    /// <summary>Sequence loss that skips missing targets (below −1.5) and stops at an end marker (above 1.8).</summary>
    [Differentiable]
    public static double MaskedSequenceLoss([SampleLength(8)] ReadOnlySpan<double> predictions, [NoDerivative][SampleLength(8)] ReadOnlySpan<double> targets)
    {
        double loss = 0;
        int counted = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            if (targets[i] < -1.5)
            {
                continue;
            }

            if (targets[i] > 1.8)
            {
                break;
            }

            loss += Math.Log(Math.Cosh(predictions[i] - targets[i]));
            counted++;
        }

        return loss / (counted + 1);
    }

    /// <summary>Log-partition function of independent Bernoulli units, over a <c>double[]</c> with <c>foreach</c>.</summary>
    [Differentiable]
    public static double BernoulliLogPartition(double[] logits)
    {
        double sum = 0;
        foreach (double v in logits)
        {
            sum += Math.Log(1 + Math.Exp(v));
        }

        return sum;
    }

    // ----- Statistics and fitting -----

    /// <summary>Log-likelihood of data under a 1-D Gaussian mixture, with log-sum-exp over components written as loops.</summary>
    [Differentiable]
    [SampleRange(-1.5, 1.5)]
    public static double GaussianMixtureLogLikelihood(
        [SampleLength(3)] ReadOnlySpan<double> means,
        [SampleLength(3)] ReadOnlySpan<double> logSigmas,
        [SampleLength(3)] ReadOnlySpan<double> weightLogits,
        [NoDerivative][SampleLength(8)] ReadOnlySpan<double> data)
    {
        int k = means.Length;
        double[] logWeights = new double[k];
        double[] logDensity = new double[k];

        // Mixture weights: a log-softmax of the logits.
        double weightMax = weightLogits[0];
        for (int c = 1; c < k; c++)
        {
            if (weightLogits[c] > weightMax)
            {
                weightMax = weightLogits[c];
            }
        }

        double weightSum = 0;
        for (int c = 0; c < k; c++)
        {
            weightSum += Math.Exp(weightLogits[c] - weightMax);
        }

        double logNormaliser = weightMax + Math.Log(weightSum);
        for (int c = 0; c < k; c++)
        {
            logWeights[c] = weightLogits[c] - logNormaliser;
        }

        double total = 0;
        for (int i = 0; i < data.Length; i++)
        {
            double max = 0;
            for (int c = 0; c < k; c++)
            {
                double z = (data[i] - means[c]) * Math.Exp(-logSigmas[c]);
                logDensity[c] = logWeights[c] - (0.5 * z * z) - logSigmas[c] - (0.5 * Math.Log(2 * Math.PI));
                if (c == 0 || logDensity[c] > max)
                {
                    max = logDensity[c];
                }
            }

            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                sum += Math.Exp(logDensity[c] - max);
            }

            total += max + Math.Log(sum);
        }

        return total;
    }

    /// <summary>Mean squared error of a cubic fitted to data points (powers of x built up in the inner loop).</summary>
    [Differentiable]
    public static double PolynomialLeastSquares(
        [SampleLength(4)] ReadOnlySpan<double> coefficients,
        [NoDerivative][SampleLength(10)] ReadOnlySpan<double> xs,
        [NoDerivative][SampleLength(10)] ReadOnlySpan<double> ys)
    {
        double sse = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double p = 0;
            double power = 1;
            for (int k = 0; k < coefficients.Length; k++)
            {
                p += coefficients[k] * power;
                power *= xs[i];
            }

            double r = p - ys[i];
            sse += r * r;
        }

        return sse / xs.Length;
    }

    /// <summary>Gauss–Newton objective ½Σr² for an exponential decay a·exp(−k·t) + c sampled every 0.25.</summary>
    [Differentiable]
    public static double ExponentialDecayResiduals([SampleLength(3)] ReadOnlySpan<double> p, [NoDerivative][SampleLength(8)] ReadOnlySpan<double> observations)
    {
        double sum = 0;
        for (int i = 0; i < observations.Length; i++)
        {
            double t = 0.25 * i;
            double r = (p[0] * Math.Exp(-p[1] * t)) + p[2] - observations[i];
            sum += r * r;
        }

        return 0.5 * sum;
    }

    /// <summary>Robust line fit: the Huber loss (δ = 1) of the residuals, a branch inside the loop.</summary>
    [Differentiable]
    public static double HuberRegression(
        [SampleLength(2)] ReadOnlySpan<double> line,
        [NoDerivative][SampleLength(8)] ReadOnlySpan<double> xs,
        [NoDerivative][SampleLength(8)] ReadOnlySpan<double> ys)
    {
        double loss = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = line[0] + (line[1] * xs[i]) - ys[i];
            if (Math.Abs(r) <= 1)
            {
                loss += 0.5 * r * r;
            }
            else
            {
                loss += Math.Abs(r) - 0.5;
            }
        }

        return loss;
    }

    /// <summary>Negative log-likelihood of a local-level model by a scalar Kalman filter (noise variances on a log scale).</summary>
    [Differentiable]
    [SampleRange(-1, 1)]
    public static double KalmanFilterNegativeLogLikelihood(
        double logProcessNoise,
        double logObservationNoise,
        [NoDerivative][SampleLength(10)] ReadOnlySpan<double> observations)
    {
        double q = Math.Exp(logProcessNoise), r = Math.Exp(logObservationNoise);
        double mean = 0;
        double variance = 1;
        double nll = 0;
        foreach (double y in observations)
        {
            variance += q;
            double s = variance + r;
            double innovation = y - mean;
            nll += 0.5 * (Math.Log(2 * Math.PI * s) + (innovation * innovation / s));
            double gain = variance / s;
            mean += gain * innovation;
            variance *= 1 - gain;
        }

        return nll;
    }

    /// <summary>The logistic function, called from the smoothing objective below.</summary>
    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>One-step-ahead squared error of simple exponential smoothing, the smoothing factor a sigmoid of a logit.</summary>
    [Differentiable]
    public static double ExponentialSmoothingError(double alphaLogit, [NoDerivative][SampleLength(10)] ReadOnlySpan<double> series)
    {
        double alpha = Sigmoid(alphaLogit);
        double level = series[0];
        double sse = 0;
        for (int t = 1; t < series.Length; t++)
        {
            double error = series[t] - level;
            sse += error * error;
            level += alpha * error;
        }

        return sse;
    }

    /// <summary>A moving average (window 2 + extra) by a sliding sum into a local array, scored by roughness and fit.</summary>
    [Differentiable]
    public static double MovingAverageSmoothness([SampleLength(12)] ReadOnlySpan<double> signal, int extraWindow)
    {
        int window = 2 + extraWindow;
        int n = signal.Length - window + 1;
        double[] average = new double[n];
        double sum = 0;
        for (int i = 0; i < window; i++)
        {
            sum += signal[i];
        }

        average[0] = sum / window;
        for (int i = 1; i < n; i++)
        {
            sum += signal[i + window - 1] - signal[i - 1];
            average[i] = sum / window;
        }

        double roughness = 0;
        double fit = 0;
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                double d = average[i] - average[i - 1];
                roughness += d * d;
            }

            double r = average[i] - signal[i + (window / 2)];
            fit += r * r;
        }

        return roughness + (0.1 * fit);
    }
}
