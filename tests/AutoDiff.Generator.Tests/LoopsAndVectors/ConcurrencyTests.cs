using System.Collections.Concurrent;
using FunctionCorpus;

namespace AutoDiff.Generator.Tests.LoopsAndVectors;

/// <summary>
/// Generated loop derivatives keep saved values and local arrays in a per-thread workspace. Called from
/// many threads at once, with inputs of different sizes, each call must give exactly the bits the same
/// call gives when everything runs on one thread.
/// </summary>
public class ConcurrencyTests
{
    private const int Inputs = 48;
    private const int ThreadCount = 12;
    private const int CallsPerThread = 300;

    [Fact]
    public void Concurrent_loop_gradients_and_derivatives_equal_the_sequential_results_bit_for_bit()
    {
        LoopProblem[] problems = Enumerable.Range(0, Inputs).Select(LoopProblem.Create).ToArray();
        double[][] expected = problems.Select(p => p.Evaluate()).ToArray();

        // Every input gives different numbers, so results swapped between calls or threads would show.
        Assert.Equal(Inputs, expected.Select(e => BitConverter.DoubleToInt64Bits(e[0])).Distinct().Count());
        Assert.All(expected, e => Assert.All(e, v => Assert.True(double.IsFinite(v))));

        var failures = new ConcurrentQueue<string>();
        int comparisons = 0;
        using var start = new Barrier(ThreadCount);
        Thread[] threads = Enumerable.Range(0, ThreadCount).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int call = 0; call < CallsPerThread; call++)
            {
                // Each thread walks the inputs in its own order, so neighbours run different sizes at once.
                int index = ((t * 17) + (call * ((2 * t) + 1))) % Inputs;
                try
                {
                    double[] actual = problems[index].Evaluate();
                    int at = FirstDifference(expected[index], actual);
                    if (at >= 0)
                    {
                        failures.Enqueue($"thread {t}, call {call}, input {index}: output {at} is {actual[at]:R}, sequentially {expected[index][at]:R}");
                    }
                }
                catch (Exception exception)
                {
                    // An exception on a worker thread would end the test run; report it as a failure instead.
                    failures.Enqueue($"thread {t}, call {call}, input {index}: {exception.GetType().Name}: {exception.Message}");
                }

                Interlocked.Increment(ref comparisons);
            }
        })).ToArray();

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Empty(failures);
        Assert.Equal(ThreadCount * CallsPerThread, comparisons);
    }

    /// <summary>The index of the first output whose bits differ (or whose count differs), or −1.</summary>
    private static int FirstDifference(double[] expected, double[] actual)
    {
        for (int i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            if (i >= expected.Length || i >= actual.Length
                || BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// One input for each of several corpus objectives that use local arrays and the value stack, sized by
    /// the input's index so that concurrent calls need different amounts of workspace.
    /// </summary>
    private sealed class LoopProblem
    {
        // Gaussian mixture: k components, n data points.
        private double[] _means = [], _logSigmas = [], _weightLogits = [], _data = [];
        private double[] _meanTangent = [], _sigmaTangent = [], _weightTangent = [];

        // Two-layer network: h hidden units, 2 inputs, s samples.
        private double[] _w1 = [], _b1 = [], _w2 = [], _inputs = [], _targets = [];
        private double[] _w1Tangent = [], _b1Tangent = [], _w2Tangent = [];
        private double _b2, _b2Tangent;

        // Elman RNN: m hidden units (stackalloc'd state), sequence of length t.
        private double[] _recurrent = [], _inputWeights = [], _readout = [], _sequence = [];

        // Pendulum: 150 steps through local arrays; running product: a local array overwritten in place.
        private double _damping, _stiffness, _angle0;
        private double[] _x = [];
        private double _rate;

        public static LoopProblem Create(int index)
        {
            var random = new Random(1000 + index);
            double[] Vector(int length, double min, double max) =>
                Enumerable.Range(0, length).Select(_ => min + ((max - min) * random.NextDouble())).ToArray();

            int k = 2 + (index % 3), n = 6 + (index % 5), h = 2 + (index % 4), s = 3 + (index % 5), m = 2 + (index % 2);
            return new LoopProblem
            {
                _means = Vector(k, -1.5, 1.5),
                _logSigmas = Vector(k, -1, 1),
                _weightLogits = Vector(k, -1.5, 1.5),
                _data = Vector(n, -2, 2),
                _meanTangent = Vector(k, -1, 1),
                _sigmaTangent = Vector(k, -1, 1),
                _weightTangent = Vector(k, -1, 1),
                _w1 = Vector(2 * h, -1, 1),
                _b1 = Vector(h, -1, 1),
                _w2 = Vector(h, -1, 1),
                _b2 = random.NextDouble(),
                _inputs = Vector(2 * s, -2, 2),
                _targets = Vector(s, -1, 1),
                _w1Tangent = Vector(2 * h, -1, 1),
                _b1Tangent = Vector(h, -1, 1),
                _w2Tangent = Vector(h, -1, 1),
                _b2Tangent = random.NextDouble(),
                _recurrent = Vector(m * m, -1, 1),
                _inputWeights = Vector(m, -1, 1),
                _readout = Vector(m, -1, 1),
                _sequence = Vector(5 + (index % 7), -1, 1),
                _damping = 0.2 + random.NextDouble(),
                _stiffness = 0.2 + random.NextDouble(),
                _angle0 = 0.2 + random.NextDouble(),
                _x = Vector(3 + (index % 9), -2, 2),
                _rate = random.NextDouble(),
            };
        }

        /// <summary>Every value, gradient element and directional derivative the generated methods return, in a fixed order.</summary>
        public double[] Evaluate()
        {
            var results = new List<double>();

            var dMeans = new double[_means.Length];
            var dLogSigmas = new double[_means.Length];
            var dWeightLogits = new double[_means.Length];
            results.Add(LoopFunctions.GaussianMixtureLogLikelihoodGradient(_means, _logSigmas, _weightLogits, _data, dMeans, dLogSigmas, dWeightLogits));
            results.AddRange(dMeans);
            results.AddRange(dLogSigmas);
            results.AddRange(dWeightLogits);
            results.Add(LoopFunctions.GaussianMixtureLogLikelihoodDerivative(
                _means, _logSigmas, _weightLogits, _data, _meanTangent, _sigmaTangent, _weightTangent, out double gmmDerivative));
            results.Add(gmmDerivative);

            var dW1 = new double[_w1.Length];
            var dB1 = new double[_b1.Length];
            var dW2 = new double[_w2.Length];
            results.Add(LoopFunctions.TwoLayerNetworkLossGradient(_w1, _b1, _w2, _b2, _inputs, _targets, dW1, dB1, dW2, out double dB2));
            results.AddRange(dW1);
            results.AddRange(dB1);
            results.AddRange(dW2);
            results.Add(dB2);
            results.Add(LoopFunctions.TwoLayerNetworkLossDerivative(
                _w1, _b1, _w2, _b2, _inputs, _targets, _w1Tangent, _b1Tangent, _w2Tangent, _b2Tangent, out double networkDerivative));
            results.Add(networkDerivative);

            var dRecurrent = new double[_recurrent.Length];
            var dInputWeights = new double[_inputWeights.Length];
            var dReadout = new double[_readout.Length];
            results.Add(LoopFunctions.ElmanRnnLossGradient(_recurrent, _inputWeights, _readout, _sequence, dRecurrent, dInputWeights, dReadout));
            results.AddRange(dRecurrent);
            results.AddRange(dInputWeights);
            results.AddRange(dReadout);

            results.Add(LoopFunctions.DampedPendulumEnergyGradient(_damping, _stiffness, _angle0, out double dDamping, out double dStiffness, out double dAngle0));
            results.Add(dDamping);
            results.Add(dStiffness);
            results.Add(dAngle0);

            var dX = new double[_x.Length];
            results.Add(LoopFunctions.RunningProductWithOverwritesGradient(_x, _rate, dX, out double dRate));
            results.AddRange(dX);
            results.Add(dRate);
            results.Add(LoopFunctions.CumulativeSumTwiceDerivative(_x, _rate, _x, 1, out double cumulativeDerivative));
            results.Add(cumulativeDerivative);
            return results.ToArray();
        }
    }
}
