// Natural form, not compiled (see docs/gradbench.md, "Generator gaps"): the reprojection error built from helpers
// that write small vectors, as in GradBench's ba.hpp. Evals/Ba/Ba.cs writes it as one method over scalars.
namespace AutoDiff.GradBench.Natural.Ba;

public static partial class Ba
{
    [Differentiable]
    public static void ReprojectionError(ReadOnlySpan<double> cam, ReadOnlySpan<double> x, double w, [NoDerivative] ReadOnlySpan<double> feat, Span<double> err)
    {
        double[] proj = new double[2];
        Project(cam, x, proj);
        err[0] = w * (proj[0] - feat[0]);
        err[1] = w * (proj[1] - feat[1]);
    }

    // proj = distort(R(r)(X − C) projected) · f + principal point; cam = [r, C, f, u₀, v₀, k₁, k₂].
    [Differentiable]
    public static void Project(ReadOnlySpan<double> cam, ReadOnlySpan<double> x, Span<double> proj)
    {
        double[] centred = new double[3];
        double[] rotated = new double[3];
        for (int i = 0; i < 3; i++)
        {
            centred[i] = x[i] - cam[3 + i];
        }

        RotateRodrigues(cam, centred, rotated);
        double u = rotated[0] / rotated[2];
        double v = rotated[1] / rotated[2];
        double radiusSquared = (u * u) + (v * v);
        double distortion = 1 + (cam[9] * radiusSquared) + (cam[10] * radiusSquared * radiusSquared);
        proj[0] = (u * distortion * cam[6]) + cam[7];
        proj[1] = (v * distortion * cam[6]) + cam[8];
    }

    // Rotates pt by the angle-axis vector rot[0..3].
    [Differentiable]
    public static void RotateRodrigues(ReadOnlySpan<double> rot, ReadOnlySpan<double> pt, Span<double> rotated)
    {
        double squaredAngle = (rot[0] * rot[0]) + (rot[1] * rot[1]) + (rot[2] * rot[2]);
        if (squaredAngle != 0)
        {
            double angle = Math.Sqrt(squaredAngle);
            double cos = Math.Cos(angle);
            double sin = Math.Sin(angle);
            double wx = rot[0] / angle;
            double wy = rot[1] / angle;
            double wz = rot[2] / angle;
            double along = ((wx * pt[0]) + (wy * pt[1]) + (wz * pt[2])) * (1 - cos);
            rotated[0] = (pt[0] * cos) + (((wy * pt[2]) - (wz * pt[1])) * sin) + (wx * along);
            rotated[1] = (pt[1] * cos) + (((wz * pt[0]) - (wx * pt[2])) * sin) + (wy * along);
            rotated[2] = (pt[2] * cos) + (((wx * pt[1]) - (wy * pt[0])) * sin) + (wz * along);
        }
        else
        {
            rotated[0] = pt[0] + ((rot[1] * pt[2]) - (rot[2] * pt[1]));
            rotated[1] = pt[1] + ((rot[2] * pt[0]) - (rot[0] * pt[2]));
            rotated[2] = pt[2] + ((rot[0] * pt[1]) - (rot[1] * pt[0]));
        }
    }
}
