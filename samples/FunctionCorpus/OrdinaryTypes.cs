namespace FunctionCorpus;

// Small value types as people declare them in their own code: the generator reads their members from source.

/// <summary>A 3-D vector of doubles with the usual operators.</summary>
public readonly struct Vec3
{
    public readonly double X, Y, Z;

    public Vec3(double x, double y, double z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static Vec3 Zero => new(0, 0, 0);

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vec3 operator -(Vec3 v) => new(-v.X, -v.Y, -v.Z);

    public static Vec3 operator *(double s, Vec3 v) => new(s * v.X, s * v.Y, s * v.Z);

    public static Vec3 operator *(Vec3 v, double s) => new(s * v.X, s * v.Y, s * v.Z);

    public static Vec3 operator /(Vec3 v, double s) => new(v.X / s, v.Y / s, v.Z / s);

    public double Dot(Vec3 other) => X * other.X + Y * other.Y + Z * other.Z;

    public Vec3 Cross(Vec3 o) => new(Y * o.Z - Z * o.Y, Z * o.X - X * o.Z, X * o.Y - Y * o.X);

    public double LengthSquared => Dot(this);

    public double Length => Math.Sqrt(LengthSquared);

    public Vec3 Normalized() => this / Length;
}

/// <summary>A 2-D point as a record struct.</summary>
public readonly record struct Vec2(double X, double Y)
{
    public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);

    public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);

    public static Vec2 operator *(Vec2 v, double s) => new(v.X * s, v.Y * s);

    public double Length => Math.Sqrt(X * X + Y * Y);

    public static Vec2 Lerp(Vec2 a, Vec2 b, double t) => a + (b - a) * t;
}

/// <summary>A moving body: a record struct of records.</summary>
public record struct Body2(Vec2 Position, Vec2 Velocity, double Mass)
{
    public readonly double KineticEnergy => 0.5 * Mass * (Velocity.X * Velocity.X + Velocity.Y * Velocity.Y);
}

/// <summary>A spring between two particles, with the energy as an instance method.</summary>
public partial struct Spring
{
    public double Stiffness;
    public double RestLength;

    public static Spring Sample => new() { Stiffness = 4, RestLength = 0.5 };

    /// <summary>Elastic energy of the spring stretched between two points (fields are data).</summary>
    [AutoDiff.Differentiable]
    public readonly double Energy(Vec2 a, Vec2 b)
    {
        double stretch = (b - a).Length - RestLength;
        return 0.5 * Stiffness * stretch * stretch;
    }
}

public enum OptionKind
{
    Call,
    Put,
}
