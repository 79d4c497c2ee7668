using System.Numerics;
using AutoDiff;

namespace FunctionCorpus;

/// <summary>
/// Physics as people write it: tuples for state, small vector structs, System.Numerics for rotations, complex
/// numbers for oscillators. Every method is checked in both modes (and its Jacobian or Hessian) by the tests.
/// </summary>
public static partial class OrdinaryPhysics
{
    /// <summary>The right-hand side of a damped pendulum: (dθ/dt, dω/dt).</summary>
    [Differentiable]
    public static (double Theta, double Omega) PendulumRates(double theta, double omega, double gOverL, double damping) =>
        (omega, -gOverL * Math.Sin(theta) - damping * omega);

    /// <summary>Energy after 20 classical Runge-Kutta steps of the pendulum, state in tuples.</summary>
    [Differentiable]
    public static double PendulumRk4Energy(double theta0, double omega0, double gOverL, double damping)
    {
        const double dt = 0.05;
        var (theta, omega) = (theta0, omega0);
        for (int step = 0; step < 20; step++)
        {
            var (k1t, k1w) = PendulumRates(theta, omega, gOverL, damping);
            var (k2t, k2w) = PendulumRates(theta + 0.5 * dt * k1t, omega + 0.5 * dt * k1w, gOverL, damping);
            var (k3t, k3w) = PendulumRates(theta + 0.5 * dt * k2t, omega + 0.5 * dt * k2w, gOverL, damping);
            var (k4t, k4w) = PendulumRates(theta + dt * k3t, omega + dt * k3w, gOverL, damping);
            theta += dt / 6 * (k1t + 2 * k2t + 2 * k3t + k4t);
            omega += dt / 6 * (k1w + 2 * k2w + 2 * k3w + k4w);
        }

        return 0.5 * omega * omega + gOverL * (1 - Math.Cos(theta));
    }

    /// <summary>Range of a projectile with linear drag, integrated with tuple updates.</summary>
    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public static double ProjectileRange(double speed, double angle, double drag)
    {
        const double g = 9.81, dt = 0.02;
        var (x, y) = (0.0, 0.0);
        var (vx, vy) = (speed * Math.Cos(angle), speed * Math.Sin(angle));
        for (int step = 0; step < 25; step++)
        {
            (x, y) = (x + vx * dt, y + vy * dt);
            (vx, vy) = (vx - drag * vx * dt, vy - (g + drag * vy) * dt);
        }

        return x - 0.1 * y * y;
    }

    /// <summary>Orbital energy of a body, position and velocity as vector structs.</summary>
    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public static double OrbitalEnergy(Vec3 position, Vec3 velocity, double mu) =>
        0.5 * velocity.LengthSquared - mu / position.Length;

    /// <summary>Specific angular momentum magnitude |r × v|.</summary>
    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public static double AngularMomentum(Vec3 position, Vec3 velocity) => position.Cross(velocity).Length;

    /// <summary>The gravitational acceleration of a body at a position: a struct-valued function (with a Jacobian).</summary>
    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public static Vec3 GravityAcceleration(Vec3 position, double mu)
    {
        double r = position.Length;
        return -(mu / (r * r * r)) * position;
    }

    /// <summary>Softened gravitational potential energy of bodies in a span of vectors (its gradient is a span of vectors).</summary>
    [Differentiable]
    public static double GravitationalPotential(
        [SampleLength(4)] ReadOnlySpan<Vec3> positions, [NoDerivative][SampleLength(4)] ReadOnlySpan<double> masses, double softening)
    {
        double energy = 0;
        for (int i = 0; i < positions.Length; i++)
        {
            for (int j = i + 1; j < positions.Length; j++)
            {
                Vec3 d = positions[i] - positions[j];
                energy -= Math.Abs(masses[i] * masses[j]) / Math.Sqrt(d.LengthSquared + softening * softening);
            }
        }

        return energy;
    }

    /// <summary>A chain of springs between nodes given as an array of record structs.</summary>
    [Differentiable]
    public static double SpringChainEnergy([SampleLength(5)] Vec2[] nodes, double stiffness, double restLength)
    {
        double energy = 0;
        for (int i = 1; i < nodes.Length; i++)
        {
            double stretch = (nodes[i] - nodes[i - 1]).Length - restLength;
            energy += 0.5 * stiffness * stretch * stretch;
        }

        return energy;
    }

    /// <summary>Kinetic energy of a system of bodies (a record struct holding record structs).</summary>
    [Differentiable]
    public static double SystemKineticEnergy([SampleLength(3)] ReadOnlySpan<Body2> bodies)
    {
        double total = 0;
        foreach (Body2 p in bodies)
        {
            total += p.KineticEnergy;
        }

        return total;
    }

    /// <summary>Response of a damped oscillator at time t, as the real part of a complex exponential.</summary>
    [Differentiable]
    [SampleRange(0.2, 1.5)]
    public static double DampedResponse(double damping, double frequency, double t)
    {
        Complex s = new Complex(-damping, frequency);
        Complex z = Complex.Exp(s * t);
        return z.Real + 0.5 * Complex.Abs(z) * z.Imaginary;
    }

    /// <summary>Rigid-body rotation: how far a unit vector lands from a target after a rotation about an axis.</summary>
    [Differentiable]
    [SampleRange(0.3, 1.5)]
    public static float RotationAlignmentError(float angle, float axisX, float axisY, float axisZ)
    {
        Vector3 axis = Vector3.Normalize(new Vector3(axisX, axisY, axisZ));
        Quaternion q = Quaternion.CreateFromAxisAngle(axis, angle);
        Vector3 rotated = Vector3.Transform(Vector3.UnitX, q);
        return Vector3.DistanceSquared(rotated, new Vector3(0, 1, 0));
    }

    /// <summary>Rotational kinetic energy ½ ωᵀ I ω in the body frame of an orientation quaternion.</summary>
    [Differentiable]
    [SampleRange(0.3, 1.5)]
    public static float RotationalEnergy(Quaternion orientation, Vector3 angularVelocity, [NoDerivative] Vector3 inertia)
    {
        Quaternion q = Quaternion.Normalize(orientation);
        Vector3 body = Vector3.Transform(angularVelocity, Quaternion.Conjugate(q));
        return 0.5f * Vector3.Dot(inertia * body, body);
    }

    /// <summary>A spring's energy between two particles (an instance method of a struct; its fields are data).</summary>
    [Differentiable]
    public static double TwoSpringEnergy(Vec2 a, Vec2 b, Vec2 c) => Spring.Sample.Energy(a, b) + Spring.Sample.Energy(b, c);
}
