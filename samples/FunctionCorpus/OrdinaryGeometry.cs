using System.Numerics;
using AutoDiff;

namespace FunctionCorpus;

/// <summary>Geometry as people write it: System.Numerics vectors and quaternions, polar coordinates, record structs.</summary>
public static partial class OrdinaryGeometry
{
    /// <summary>Reprojection error of points seen by a camera with a rotation and a translation (bundle adjustment).</summary>
    [Differentiable]
    [SampleRange(0.3, 1.2)]
    public static float ReprojectionError(
        Quaternion rotation, Vector3 translation, float focal,
        [NoDerivative][SampleLength(4)] ReadOnlySpan<Vector3> points, [NoDerivative][SampleLength(4)] ReadOnlySpan<Vector2> observed)
    {
        Quaternion q = Quaternion.Normalize(rotation);
        float error = 0;
        for (int i = 0; i < points.Length; i++)
        {
            Vector3 p = Vector3.Transform(points[i], q) + translation;
            float depth = p.Z + 4;
            Vector2 projected = new(focal * p.X / depth, focal * p.Y / depth);
            error += Vector2.DistanceSquared(projected, observed[i]);
        }

        return error;
    }

    /// <summary>Structure from motion: the same error differentiated with respect to the points too (a span of Vector3 gradient).</summary>
    [Differentiable]
    [SampleRange(0.3, 1.2)]
    public static float PointCloudAlignment([SampleLength(3)] ReadOnlySpan<Vector3> points, Vector3 offset, [NoDerivative][SampleLength(3)] ReadOnlySpan<Vector3> targets)
    {
        float total = 0;
        for (int i = 0; i < points.Length; i++)
        {
            total += Vector3.DistanceSquared(points[i] + offset, targets[i]);
        }

        return total;
    }

    /// <summary>Area of a triangle from three corners.</summary>
    [Differentiable]
    public static float TriangleArea(Vector2 a, Vector2 b, Vector2 c)
    {
        Vector2 ab = b - a, ac = c - a;
        float cross = ab.X * ac.Y - ab.Y * ac.X;
        return 0.5f * MathF.Sqrt(cross * cross + 1e-3f);
    }

    /// <summary>Polar to Cartesian coordinates (a tuple-returning function with a Jacobian), with Math.SinCos.</summary>
    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public static (double X, double Y) PolarToCartesian(double r, double theta)
    {
        var (s, c) = Math.SinCos(theta);
        return (r * c, r * s);
    }

    /// <summary>Distance from the origin of a point rotated by an angle, through PolarToCartesian.</summary>
    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public static double RotatedDistance(double theta, double x, double y)
    {
        var (s, c) = Math.SinCos(theta);
        var (u, v) = PolarToCartesian(x * c - y * s, theta * 0.5);
        return Math.Sqrt(u * u + v * v + 1);
    }

    /// <summary>Squared distance of a point to a segment, with record-struct points and a static helper of the struct.</summary>
    [Differentiable]
    [SampleRange(0.1, 1.5)]
    public static double PointSegmentDistance(Vec2 point, Vec2 a, Vec2 b)
    {
        Vec2 ab = b - a;
        double t = ((point.X - a.X) * ab.X + (point.Y - a.Y) * ab.Y) / (ab.X * ab.X + ab.Y * ab.Y + 1e-6);
        t = Math.Clamp(t, 0, 1);
        Vec2 closest = Vec2.Lerp(a, b, t);
        var (dx, dy) = point - closest;
        return dx * dx + dy * dy;
    }

    /// <summary>Angle between two normals given as Vec3 structs, using Normalized().</summary>
    [Differentiable]
    [SampleRange(0.3, 1.5)]
    public static double AngleBetween(Vec3 n1, Vec3 n2) => Math.Acos(Math.Clamp(n1.Normalized().Dot(n2.Normalized()), -0.999, 0.999));

    /// <summary>Signed distance of a point to a plane given in homogeneous form, as a Vector4.</summary>
    [Differentiable]
    [SampleRange(0.3, 1.5)]
    public static float HomogeneousPlaneDistance(Vector4 plane, Vector3 point)
    {
        Vector3 normal = new(plane.X, plane.Y, plane.Z);
        return Vector4.Dot(plane, new Vector4(point, 1)) / normal.Length();
    }
}
