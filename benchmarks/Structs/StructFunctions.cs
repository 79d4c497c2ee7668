using System.Numerics;

namespace AutoDiff.Benchmarks.Structs;

/// <summary>A 3-D vector of doubles as users write one.</summary>
public readonly struct Vec3
{
    public readonly double X, Y, Z;

    public Vec3(double x, double y, double z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vec3 operator *(double s, Vec3 v) => new(s * v.X, s * v.Y, s * v.Z);

    public double Dot(Vec3 o) => X * o.X + Y * o.Y + Z * o.Z;

    public Vec3 Cross(Vec3 o) => new(Y * o.Z - Z * o.Y, Z * o.X - X * o.Z, X * o.Y - Y * o.X);

    public double Length => Math.Sqrt(Dot(this));
}

/// <summary>
/// Each function twice: written over structs and tuples, and the same computation written over flat doubles. The
/// structs benchmark times the generated gradients of each pair side by side.
/// </summary>
public static partial class StructFunctions
{
    // ----- Orbit: energy and angular momentum of a body

    [Differentiable]
    public static double Orbit(Vec3 position, Vec3 velocity, double mu)
    {
        Vec3 h = position.Cross(velocity);
        return 0.5 * velocity.Dot(velocity) - mu / position.Length + 0.01 * h.Dot(h);
    }

    [Differentiable]
    public static double OrbitFlat(double px, double py, double pz, double vx, double vy, double vz, double mu)
    {
        double hx = py * vz - pz * vy, hy = pz * vx - px * vz, hz = px * vy - py * vx;
        return 0.5 * (vx * vx + vy * vy + vz * vz) - mu / Math.Sqrt(px * px + py * py + pz * pz) + 0.01 * (hx * hx + hy * hy + hz * hz);
    }

    // ----- N-body potential over a span of positions

    [Differentiable]
    public static double Potential(ReadOnlySpan<Vec3> positions, double softening)
    {
        double energy = 0;
        for (int i = 0; i < positions.Length; i++)
        {
            for (int j = i + 1; j < positions.Length; j++)
            {
                Vec3 d = positions[i] - positions[j];
                energy -= 1 / Math.Sqrt(d.Dot(d) + softening * softening);
            }
        }

        return energy;
    }

    [Differentiable]
    public static double PotentialFlat(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, double softening)
    {
        double energy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = i + 1; j < x.Length; j++)
            {
                double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
                energy -= 1 / Math.Sqrt(dx * dx + dy * dy + dz * dz + softening * softening);
            }
        }

        return energy;
    }

    // ----- Rotation with System.Numerics

    [Differentiable]
    public static float Rotation(Quaternion orientation, Vector3 angularVelocity)
    {
        Quaternion q = Quaternion.Normalize(orientation);
        Vector3 body = Vector3.Transform(angularVelocity, Quaternion.Conjugate(q));
        return 0.5f * Vector3.Dot(new Vector3(1, 2, 3) * body, body);
    }

    [Differentiable]
    public static float RotationFlat(float qx, float qy, float qz, float qw, float wx, float wy, float wz)
    {
        float norm = MathF.Sqrt(qx * qx + qy * qy + qz * qz + qw * qw);
        float x = -qx / norm, y = -qy / norm, z = -qz / norm, w = qw / norm;
        float x2 = x + x, y2 = y + y, z2 = z + z;
        float wx2 = w * x2, wy2 = w * y2, wz2 = w * z2, xx2 = x * x2, xy2 = x * y2, xz2 = x * z2, yy2 = y * y2, yz2 = y * z2, zz2 = z * z2;
        float bx = wx * (1 - yy2 - zz2) + wy * (xy2 - wz2) + wz * (xz2 + wy2);
        float by = wx * (xy2 + wz2) + wy * (1 - xx2 - zz2) + wz * (yz2 - wx2);
        float bz = wx * (xz2 - wy2) + wy * (yz2 + wx2) + wz * (1 - xx2 - yy2);
        return 0.5f * (bx * bx + 2 * by * by + 3 * bz * bz);
    }

    // ----- Runge-Kutta with tuples

    [Differentiable]
    public static (double Theta, double Omega) Rates(double theta, double omega, double g) => (omega, -g * Math.Sin(theta) - 0.1 * omega);

    [Differentiable]
    public static double Pendulum(double theta0, double omega0, double g)
    {
        const double dt = 0.05;
        var (theta, omega) = (theta0, omega0);
        for (int step = 0; step < 20; step++)
        {
            var (k1t, k1w) = Rates(theta, omega, g);
            var (k2t, k2w) = Rates(theta + 0.5 * dt * k1t, omega + 0.5 * dt * k1w, g);
            (theta, omega) = (theta + dt * k2t, omega + dt * k2w);
        }

        return 0.5 * omega * omega + g * (1 - Math.Cos(theta));
    }

    [Differentiable]
    public static double PendulumFlat(double theta0, double omega0, double g)
    {
        const double dt = 0.05;
        double theta = theta0, omega = omega0;
        for (int step = 0; step < 20; step++)
        {
            double k1t = omega, k1w = -g * Math.Sin(theta) - 0.1 * omega;
            double mt = theta + 0.5 * dt * k1t, mw = omega + 0.5 * dt * k1w;
            double k2t = mw, k2w = -g * Math.Sin(mt) - 0.1 * mw;
            double nextTheta = theta + dt * k2t;
            omega = omega + dt * k2w;
            theta = nextTheta;
        }

        return 0.5 * omega * omega + g * (1 - Math.Cos(theta));
    }
}
