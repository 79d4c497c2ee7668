using FunctionCorpus;

namespace AutoDiff.Generator.Tests.LoopsAndVectors;

/// <summary>
/// Generated loop derivatives rent local arrays, their adjoints and tangents, and the values they save
/// from a per-thread workspace: once it has grown, warm calls allocate nothing on the managed heap.
/// </summary>
public class AllocationTests
{
    private const int Variants = 4;

    // Inputs and outputs are allocated here, outside the measured region; calls pick one of a few variants.
    private readonly double[][] _x = Enumerable.Range(0, Variants).Select(v => Vector(7, v, -1, 1)).ToArray();
    private readonly double[][] _means = Enumerable.Range(0, Variants).Select(v => Vector(3, v, -1.5, 1.5)).ToArray();
    private readonly double[][] _logSigmas = Enumerable.Range(0, Variants).Select(v => Vector(3, v + 10, -1, 1)).ToArray();
    private readonly double[][] _weightLogits = Enumerable.Range(0, Variants).Select(v => Vector(3, v + 20, -1, 1)).ToArray();
    private readonly double[] _data = Vector(8, 30, -2, 2);
    private readonly double[][] _w1 = Enumerable.Range(0, Variants).Select(v => Vector(6, v + 40, -1, 1)).ToArray();
    private readonly double[] _b1 = Vector(3, 50, -1, 1);
    private readonly double[] _w2 = Vector(3, 51, -1, 1);
    private readonly double[] _inputs = Vector(8, 52, -2, 2);
    private readonly double[] _targets = Vector(4, 53, -1, 1);
    private readonly double[] _recurrent = Vector(4, 60, -1, 1);
    private readonly double[] _inputWeights = Vector(2, 61, -1, 1);
    private readonly double[] _readout = Vector(2, 62, -1, 1);
    private readonly double[] _sequence = Vector(8, 63, -1, 1);
    private readonly double[][] _factor = Enumerable.Range(0, Variants).Select(v => Vector(9, v + 70, -1, 1)).ToArray();
    private readonly double[] _signal = Vector(12, 80, -2, 2);

    private readonly double[] _dx = new double[7];
    private readonly double[] _dMeans = new double[3], _dLogSigmas = new double[3], _dWeightLogits = new double[3];
    private readonly double[] _dW1 = new double[6], _dB1 = new double[3], _dW2 = new double[3];
    private readonly double[] _dRecurrent = new double[4], _dInputWeights = new double[2], _dReadout = new double[2];
    private readonly double[] _dFactor = new double[9];
    private readonly double[] _dSignal = new double[12];

    [Fact]
    public void Warm_loop_gradients_and_derivatives_with_local_arrays_allocate_nothing()
    {
        double sink = 0;
        for (int i = 0; i < 200; i++)
        {
            sink += Run(i);
        }

        long allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                sink += Run(i);
            }
        });
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void The_allocation_measure_sees_an_allocation_in_the_same_loop()
    {
        // The measure itself can fail: the same loop with one small array per call is not allocation-free.
        double sink = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            double[] copy = (double[])_x[i % Variants].Clone();
            sink += LoopFunctions.RunningProductWithOverwritesGradient(copy, 0.5, _dx, out double dRate) + dRate;
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before >= 100 * 7 * sizeof(double));
        Assert.True(double.IsFinite(sink));
    }

    private double Run(int i)
    {
        int v = i % Variants;
        double rate = 0.3 + (0.1 * v);

        // Local arrays overwritten in place (reverse mode restores the overwritten values from the stack).
        double s = LoopFunctions.RunningProductWithOverwritesGradient(_x[v], rate, _dx, out double dRate) + dRate + _dx[0];
        s += LoopFunctions.RunningProductWithOverwritesDerivative(_x[v], rate, _x[(v + 1) % Variants], 1, out double derivative) + derivative;
        s += LoopFunctions.CumulativeSumTwiceGradient(_x[v], rate, _dx, out double dDecay) + dDecay + _dx[^1];
        s += LoopFunctions.CumulativeSumTwiceDerivative(_x[v], rate, _x[(v + 2) % Variants], 0.5, out derivative) + derivative;
        s += LoopFunctions.MovingAverageSmoothnessGradient(_signal, v, _dSignal) + _dSignal[3];

        // Reused local arrays across samples, log-sum-exp and the value stack over nested loops.
        s += LoopFunctions.GaussianMixtureLogLikelihoodGradient(_means[v], _logSigmas[v], _weightLogits[v], _data, _dMeans, _dLogSigmas, _dWeightLogits)
            + _dMeans[0] + _dLogSigmas[1] + _dWeightLogits[2];
        s += LoopFunctions.GaussianMixtureLogLikelihoodDerivative(
            _means[v], _logSigmas[v], _weightLogits[v], _data, _means[(v + 1) % Variants], _logSigmas[v], _weightLogits[v], out derivative) + derivative;
        s += LoopFunctions.TwoLayerNetworkLossGradient(_w1[v], _b1, _w2, 0.1, _inputs, _targets, _dW1, _dB1, _dW2, out double dB2)
            + _dW1[5] + _dB1[0] + _dW2[1] + dB2;
        s += LoopFunctions.TwoLayerNetworkLossDerivative(_w1[v], _b1, _w2, 0.1, _inputs, _targets, _w1[(v + 1) % Variants], _b1, _w2, 1, out derivative)
            + derivative;
        s += LoopFunctions.ElmanRnnLossGradient(_recurrent, _inputWeights, _readout, _sequence, _dRecurrent, _dInputWeights, _dReadout)
            + _dRecurrent[3] + _dInputWeights[0] + _dReadout[1];

        // 150 simulation steps into two local arrays; a Cholesky factor built in local arrays.
        s += LoopFunctions.DampedPendulumEnergyGradient(0.3, 0.5 + (0.1 * v), 1, out double dDamping, out double dStiffness, out double dAngle)
            + dDamping + dStiffness + dAngle;
        s += LoopFunctions.DampedPendulumEnergyDerivative(0.3, 0.5 + (0.1 * v), 1, 1, 0.5, 0.25, out derivative) + derivative;
        s += LoopFunctions.CholeskyLogDeterminantGradient(_factor[v], _dFactor) + _dFactor[4];
        s += LoopFunctions.CholeskyLogDeterminantDerivative(_factor[v], _factor[(v + 1) % Variants], out derivative) + derivative;
        return s;
    }

    private static double[] Vector(int length, int seed, double min, double max)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => min + ((max - min) * random.NextDouble())).ToArray();
    }
}
