using AutoDiff;

namespace FunctionCorpus;

/// <content>Numerical methods, vector algebra, physics and simulation, local arrays overwritten in place, and <c>float</c> variants.</content>
public static partial class LoopFunctions
{
    // ----- Numerical methods -----

    /// <summary>A polynomial Σ cᵢ xⁱ by Horner's rule, from the highest coefficient down.</summary>
    [Differentiable]
    public static double HornerPolynomial(ReadOnlySpan<double> coefficients, double x)
    {
        double result = 0;
        for (int i = coefficients.Length - 1; i >= 0; i--)
        {
            result = (result * x) + coefficients[i];
        }

        return result;
    }

    /// <summary>A Chebyshev series Σ cₖ Tₖ(x) by Clenshaw's recurrence, two loop-carried values.</summary>
    [Differentiable]
    [SampleRange(-0.95, 0.95)]
    public static double ChebyshevClenshaw(ReadOnlySpan<double> coefficients, double x)
    {
        double b1 = 0, b2 = 0;
        for (int k = coefficients.Length - 1; k >= 1; k--)
        {
            double b0 = (2 * x * b1) - b2 + coefficients[k];
            b2 = b1;
            b1 = b0;
        }

        return (x * b1) - b2 + coefficients[0];
    }

    /// <summary>The integrand of <see cref="TrapezoidIntegral"/>: a Gaussian-damped cosine.</summary>
    [Differentiable]
    public static double DampedCosine(double t, double width, double frequency) =>
        Math.Exp(-width * width * t * t) * Math.Cos(frequency * t);

    /// <summary>∫₀³ exp(−w²t²)·cos(ωt) dt by the trapezoid rule on 64 intervals, calling the integrand.</summary>
    [Differentiable]
    public static double TrapezoidIntegral(double width, double frequency)
    {
        const int Intervals = 64;
        const double Upper = 3.0;
        double h = Upper / Intervals;
        double sum = 0.5 * (DampedCosine(0, width, frequency) + DampedCosine(Upper, width, frequency));
        for (int k = 1; k < Intervals; k++)
        {
            sum += DampedCosine(k * h, width, frequency);
        }

        return sum * h;
    }

    /// <summary>
    /// Twelve steps of power iteration on diag(3, 2, 1) plus the symmetric part of a perturbation,
    /// normalising the iterate each step; returns the last Rayleigh quotient.
    /// </summary>
    [Differentiable]
    [SampleRange(-0.5, 0.5)]
    public static double PowerIterationRayleigh([SampleLength(9)] ReadOnlySpan<double> perturbation)
    {
        const int N = 3;
        double[] v = new double[N];
        double[] av = new double[N];
        for (int i = 0; i < N; i++)
        {
            v[i] = 1 / Math.Sqrt(N);
        }

        double lambda = 0;
        for (int iteration = 0; iteration < 12; iteration++)
        {
            for (int i = 0; i < N; i++)
            {
                double s = 0;
                for (int j = 0; j < N; j++)
                {
                    double a = 0.5 * (perturbation[(i * N) + j] + perturbation[(j * N) + i]);
                    if (i == j)
                    {
                        a += N - i;
                    }

                    s += a * v[j];
                }

                av[i] = s;
            }

            double norm = 0;
            double rayleigh = 0;
            for (int i = 0; i < N; i++)
            {
                norm += av[i] * av[i];
                rayleigh += v[i] * av[i];
            }

            lambda = rayleigh;
            norm = Math.Sqrt(norm);
            for (int i = 0; i < N; i++)
            {
                v[i] = av[i] / norm;
            }
        }

        return lambda;
    }

    /// <summary>log det(FᵀF + I) by a Cholesky factorisation in local arrays (nested loops, row-major).</summary>
    [Differentiable]
    [SampleRange(-1, 1)]
    public static double CholeskyLogDeterminant([SampleLength(9)] ReadOnlySpan<double> factor)
    {
        const int N = 3;
        double[] a = new double[N * N];
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                double s = i == j ? 1.0 : 0.0;
                for (int k = 0; k < N; k++)
                {
                    s += factor[(k * N) + i] * factor[(k * N) + j];
                }

                a[(i * N) + j] = s;
            }
        }

        double[] l = new double[N * N];
        double logDet = 0;
        for (int j = 0; j < N; j++)
        {
            double d = a[(j * N) + j];
            for (int k = 0; k < j; k++)
            {
                d -= l[(j * N) + k] * l[(j * N) + k];
            }

            double ljj = Math.Sqrt(d);
            l[(j * N) + j] = ljj;
            logDet += 2 * Math.Log(ljj);
            for (int i = j + 1; i < N; i++)
            {
                double s = a[(i * N) + j];
                for (int k = 0; k < j; k++)
                {
                    s -= l[(i * N) + k] * l[(j * N) + k];
                }

                l[(i * N) + j] = s / ljj;
            }
        }

        return logDet;
    }

    /// <summary>√a by Newton's iteration until the residual is at rounding level: a data-dependent trip count.</summary>
    [Differentiable]
    [SampleRange(0.5, 4)]
    public static double NewtonSquareRoot(double a)
    {
        double x = a;
        int iterations = 0;
        while (Math.Abs((x * x) - a) > 1e-14 * a && iterations < 60)
        {
            x = 0.5 * (x + (a / x));
            iterations++;
        }

        return x;
    }

    /// <summary>Kepler's equation E = M + e·sin E solved by fixed-point iteration in a do-while loop.</summary>
    [Differentiable]
    [SampleRange(0.1, 0.6)]
    public static double KeplerEccentricAnomaly(double meanAnomaly, double eccentricity)
    {
        double e = meanAnomaly;
        double previous = 0;
        int k = 0;
        do
        {
            previous = e;
            e = meanAnomaly + (eccentricity * Math.Sin(e));
            k++;
        }
        while (Math.Abs(e - previous) > 1e-15 && k < 200);

        return e;
    }

    /// <summary>A piecewise-linear table on [−2, 2] read at x; the segment is found by a while loop.</summary>
    [Differentiable]
    public static double LinearInterpolation(ReadOnlySpan<double> knots, double x)
    {
        double position = (x + 2) * (knots.Length - 1) / 4.0;
        int segment = 0;
        while (segment < knots.Length - 2 && position > segment + 1)
        {
            segment++;
        }

        double fraction = position - segment;
        double y = (knots[segment] * (1 - fraction)) + (knots[segment + 1] * fraction);
        return y * y;
    }

    // ----- Optimisation test functions and vector algebra -----

    /// <summary>The n-dimensional Rosenbrock function (chained form).</summary>
    [Differentiable]
    [SampleRange(-1.5, 1.5)]
    public static double RosenbrockN([SampleLength(6)] ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - (x[i] * x[i]);
            double b = 1 - x[i];
            sum += (100 * a * a) + (b * b);
        }

        return sum;
    }

    /// <summary>Cosine similarity of a span and an array: a dot product over the product of norms.</summary>
    [Differentiable]
    public static double CosineSimilarity(ReadOnlySpan<double> a, double[] b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }

        return dot / Math.Sqrt(aa * bb);
    }

    /// <summary>A first-difference smoothness penalty with boundary terms on the first and last (<c>w[^1]</c>) elements.</summary>
    [Differentiable]
    public static double SmoothnessPenalty(double[] w)
    {
        double sum = 0;
        for (int i = 0; i + 1 < w.Length; i++)
        {
            double d = w[i + 1] - w[i];
            sum += d * d;
        }

        return sum + (0.5 * ((w[0] * w[0]) + (w[^1] * w[^1])));
    }

    /// <summary>The largest score found by a loop (no sorting), in a smooth bump, plus its product with the first score.</summary>
    [Differentiable]
    public static double LargestScoreViaLoop(ReadOnlySpan<double> scores)
    {
        double best = scores[1];
        for (int i = 2; i < scores.Length; i++)
        {
            if (scores[i] > best)
            {
                best = scores[i];
            }
        }

        return (best * Math.Exp(-0.5 * best * best)) + (scores[0] * best);
    }

    /// <summary>Smooth maximum of xᵀAx-style row energies over a row-major matrix: nested loops, a log-sum-exp of rows.</summary>
    [Differentiable]
    [SampleRange(-1, 1)]
    public static double RowEnergySoftMax([SampleLength(16)] ReadOnlySpan<double> a, [SampleLength(4)] ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++)
            {
                row += a[(i * n) + j] * x[j];
            }

            sum += Math.Exp(row * x[i]);
        }

        return Math.Log(sum);
    }

    // ----- Physics and simulation -----

    /// <summary>
    /// Lennard-Jones energy (σ = ε = 1) of four particles displaced in 3-D from a 2 × 2 square of side
    /// 1.12 near the pair minimum; every pair, nested loops over flattened positions.
    /// </summary>
    [Differentiable]
    [SampleRange(-0.15, 0.15)]
    public static double LennardJonesEnergy([SampleLength(12)] ReadOnlySpan<double> displacements)
    {
        const double Spacing = 1.12;
        int n = displacements.Length / 3;
        double energy = 0;
        for (int i = 0; i < n; i++)
        {
            double withLater = 0;
            for (int j = i + 1; j < n; j++)
            {
                double dx = displacements[3 * j] - displacements[3 * i] + (Spacing * ((j % 2) - (i % 2)));
                double dy = displacements[(3 * j) + 1] - displacements[(3 * i) + 1] + (Spacing * ((j / 2) - (i / 2)));
                double dz = displacements[(3 * j) + 2] - displacements[(3 * i) + 2];
                double r2 = (dx * dx) + (dy * dy) + (dz * dz);
                double inverse6 = 1 / (r2 * r2 * r2);
                withLater += 4 * ((inverse6 * inverse6) - inverse6);
            }

            energy += withLater;
        }

        return energy;
    }

    /// <summary>Softened Coulomb energy of five charges in 2-D plus a harmonic trap.</summary>
    [Differentiable]
    public static double SoftCoulombEnergy([SampleLength(10)] ReadOnlySpan<double> positions, [NoDerivative][SampleLength(5)] ReadOnlySpan<double> charges)
    {
        double energy = 0;
        for (int i = 0; i < charges.Length; i++)
        {
            double potential = 0;
            for (int j = 0; j < i; j++)
            {
                double dx = positions[2 * i] - positions[2 * j];
                double dy = positions[(2 * i) + 1] - positions[(2 * j) + 1];
                potential += charges[j] / Math.Sqrt((dx * dx) + (dy * dy) + 0.25);
            }

            energy += charges[i] * potential;
        }

        for (int k = 0; k < positions.Length; k++)
        {
            energy += 0.1 * positions[k] * positions[k];
        }

        return energy;
    }

    /// <summary>
    /// A damped pendulum integrated for 150 semi-implicit Euler steps, x[t+1] = f(x[t], θ), the trajectory
    /// kept in local arrays; returns the time-averaged squared angle.
    /// </summary>
    [Differentiable]
    [SampleRange(0.2, 1.5)]
    public static double DampedPendulumEnergy(double damping, double stiffness, double angle0)
    {
        const int Steps = 150;
        const double Dt = 0.05;
        double[] angle = new double[Steps + 1];
        double[] velocity = new double[Steps + 1];
        angle[0] = angle0;
        for (int t = 0; t < Steps; t++)
        {
            velocity[t + 1] = velocity[t] + (Dt * ((-stiffness * Math.Sin(angle[t])) - (damping * velocity[t])));
            angle[t + 1] = angle[t] + (Dt * velocity[t + 1]);
        }

        double sum = 0;
        for (int t = 0; t <= Steps; t++)
        {
            sum += angle[t] * angle[t];
        }

        return sum * Dt;
    }

    /// <summary>Logistic growth x ← x + Δt·r·x(1 − x/K) over 200 steps with a loop-carried scalar; returns the final and mean population.</summary>
    [Differentiable]
    [SampleRange(0.5, 2)]
    public static double LogisticGrowth(double rate, double capacity)
    {
        double x = 0.1;
        double total = 0;
        for (int t = 0; t < 200; t++)
        {
            x += 0.05 * rate * x * (1 - (x / capacity));
            total += x;
        }

        return x + (total / 200);
    }

    /// <summary>
    /// Horizontal range of a projectile with linear drag, simulated until it lands; the impact point is
    /// interpolated inside the loop and returned from there.
    /// </summary>
    [Differentiable]
    [SampleRange(0.5, 2)]
    public static double ProjectileRange(double speed, double angle, double drag)
    {
        const double Dt = 0.01;
        const double Gravity = 9.81;
        double vx = speed * Math.Cos(angle);
        double vy = speed * Math.Sin(angle);
        double x = 0;
        double y = 0;
        for (int step = 0; step < 10_000; step++)
        {
            double previousX = x;
            double previousY = y;
            vx -= Dt * drag * vx;
            vy -= Dt * (Gravity + (drag * vy));
            x += Dt * vx;
            y += Dt * vy;
            if (y < 0)
            {
                double fraction = previousY / (previousY - y);
                return previousX + (fraction * (x - previousX));
            }
        }

        return x;
    }

    // ----- Local arrays overwritten in place -----

    /// <summary>
    /// A running product of growth factors in a local array, then overwritten in place twice: normalised by
    /// the final product, then taken to the log.
    /// </summary>
    [Differentiable]
    public static double RunningProductWithOverwrites(ReadOnlySpan<double> x, double rate)
    {
        int n = x.Length;
        double[] p = new double[n];
        p[0] = 1 + (0.3 * Math.Tanh(rate * x[0]));
        for (int i = 1; i < n; i++)
        {
            p[i] = p[i - 1] * (1 + (0.3 * Math.Tanh(rate * x[i])));
        }

        double last = p[n - 1];
        for (int i = 0; i < n; i++)
        {
            p[i] = p[i] / last;
        }

        for (int i = 0; i < n; i++)
        {
            p[i] = Math.Log(p[i]);
        }

        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += p[i] * x[i];
        }

        return sum;
    }

    /// <summary>A discounted cumulative sum into a local array, overwritten by a second cumulative sum and then by its sine.</summary>
    [Differentiable]
    [SampleRange(-1, 1)]
    public static double CumulativeSumTwice(ReadOnlySpan<double> x, double decay)
    {
        int n = x.Length;
        double[] c = new double[n];
        c[0] = x[0];
        for (int i = 1; i < n; i++)
        {
            c[i] = (c[i - 1] * decay) + x[i];
        }

        for (int i = 1; i < n; i++)
        {
            c[i] += c[i - 1];
        }

        for (int i = 0; i < n; i++)
        {
            c[i] = Math.Sin(c[i]);
        }

        double total = 0;
        foreach (double v in c)
        {
            total += v * v;
        }

        return total;
    }

    // ----- Single precision -----

    /// <summary>Entropy of a tempered softmax in <c>float</c>: stable log-sum-exp, then −Σ p log p.</summary>
    [Differentiable]
    public static float FloatSoftmaxEntropy(ReadOnlySpan<float> logits, float logTemperature)
    {
        float scale = MathF.Exp(-logTemperature);
        float max = logits[0] * scale;
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] * scale > max)
            {
                max = logits[i] * scale;
            }
        }

        float sum = 0;
        float weighted = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            float z = (logits[i] * scale) - max;
            float e = MathF.Exp(z);
            sum += e;
            weighted += e * z;
        }

        return MathF.Log(sum) - (weighted / sum);
    }

    /// <summary>Ridge regression loss in <c>float</c> over three samples of five features, with <c>float[]</c> weights.</summary>
    [Differentiable]
    public static float FloatRidgeLoss(
        float[] w,
        [NoDerivative][SampleLength(15)] float[] features,
        [NoDerivative][SampleLength(3)] float[] targets,
        float logPenalty)
    {
        int d = w.Length;
        float loss = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            float prediction = 0;
            for (int j = 0; j < d; j++)
            {
                prediction += w[j] * features[(i * d) + j];
            }

            float r = prediction - targets[i];
            loss += r * r;
        }

        float norm = 0;
        foreach (float wj in w)
        {
            norm += wj * wj;
        }

        return loss + (MathF.Exp(logPenalty) * norm);
    }
}
