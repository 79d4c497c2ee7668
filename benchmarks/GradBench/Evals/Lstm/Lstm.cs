namespace AutoDiff.GradBench.Evals.Lstm;

/// <summary>
/// The <c>lstm</c> eval's objective (ADBench's LSTM, evals/lstm/README.md): an l-layer LSTM with diagonal weights
/// predicts each next character of a sequence of b-bit characters; the loss is the mean log-likelihood's negative.
/// </summary>
public static partial class Lstm
{
    /// <summary>1 / (1 + e⁻ˣ).</summary>
    [Differentiable]
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>
    /// The loss. <paramref name="mainParams"/> holds per layer two rows of 4b: the weights, then the biases, of the
    /// forget, input, output and change gates; <paramref name="extraParams"/> the input weights, output weights and
    /// output biases (b each); <paramref name="state"/> per layer the hidden then the cell state (b each);
    /// <paramref name="sequence"/> the c characters' b bits, row-major.
    /// </summary>
    [Differentiable]
    public static double Objective(
        ReadOnlySpan<double> mainParams,
        ReadOnlySpan<double> extraParams,
        [NoDerivative] ReadOnlySpan<double> state,
        [NoDerivative] ReadOnlySpan<double> sequence,
        int b)
    {
        int layers = state.Length / (2 * b);
        int c = sequence.Length / b;
        double[] hiddenAndCell = new double[state.Length];
        double[] prediction = new double[b];
        for (int i = 0; i < state.Length; i++)
        {
            hiddenAndCell[i] = state[i];
        }

        double total = 0;
        int count = 0;
        for (int t = 0; t < c - 1; t++)
        {
            for (int i = 0; i < b; i++)
            {
                prediction[i] = sequence[(t * b) + i] * extraParams[i];
            }

            for (int layer = 0; layer < layers; layer++)
            {
                int weight = 8 * b * layer;
                int bias = weight + (4 * b);
                int hidden = 2 * b * layer;
                int cell = hidden + b;
                for (int i = 0; i < b; i++)
                {
                    // The first layer reads the prediction, the others the hidden state the layer below just computed.
                    double input = layer == 0 ? prediction[i] : hiddenAndCell[hidden - (2 * b) + i];
                    double forget = Sigmoid((input * mainParams[weight + i]) + mainParams[bias + i]);
                    double ingate = Sigmoid((hiddenAndCell[hidden + i] * mainParams[weight + b + i]) + mainParams[bias + b + i]);
                    double outgate = Sigmoid((input * mainParams[weight + (2 * b) + i]) + mainParams[bias + (2 * b) + i]);
                    double change = Math.Tanh((hiddenAndCell[hidden + i] * mainParams[weight + (3 * b) + i]) + mainParams[bias + (3 * b) + i]);
                    hiddenAndCell[cell + i] = (hiddenAndCell[cell + i] * forget) + (ingate * change);
                    hiddenAndCell[hidden + i] = outgate * Math.Tanh(hiddenAndCell[cell + i]);
                }
            }

            int top = 2 * b * (layers - 1);
            double sum = 2;
            for (int i = 0; i < b; i++)
            {
                prediction[i] = (hiddenAndCell[top + i] * extraParams[b + i]) + extraParams[(2 * b) + i];
                sum += Math.Exp(prediction[i]);
            }

            double logSum = Math.Log(sum);
            for (int i = 0; i < b; i++)
            {
                total += sequence[((t + 1) * b) + i] * (prediction[i] - logSum);
            }

            count += b;
        }

        return -total / count;
    }
}
