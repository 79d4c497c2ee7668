namespace AutoDiff.GradBench.Evals.Ba;

/// <summary>
/// The <c>ba</c> eval's residuals (ADBench's bundle adjustment, evals/ba/README.md): the weighted reprojection error
/// of one observation and the weight's regulariser. The objective applies them to every observation; the sparse
/// Jacobian is made of their generated Jacobians.
/// </summary>
public static partial class Ba
{
    /// <summary>
    /// Writes w·(proj − feat) into <paramref name="err"/> (2 values), proj the projection of point <paramref name="x"/>
    /// (3 values) by camera <paramref name="cam"/> (11 values: Rodrigues rotation r, centre C, focal length f,
    /// principal point u₀ v₀, radial distortion k₁ k₂): X_cam = R(r)(X − C), p = X_cam[0..2] / X_cam[2],
    /// proj = p·(1 + k₁|p|² + k₂|p|⁴)·f + (u₀, v₀).
    /// </summary>
    /// <remarks>
    /// Written as one method over scalars: helpers for the rotation and the projection would be methods writing a
    /// <c>Span</c>, which a [Differentiable] method cannot call yet (AD0004, docs/gradbench.md, "Generator gaps").
    /// </remarks>
    [Differentiable]
    public static void ReprojectionError(ReadOnlySpan<double> cam, ReadOnlySpan<double> x, double w, [NoDerivative] double featX, [NoDerivative] double featY, Span<double> err)
    {
        // The point relative to the camera centre.
        double px = x[0] - cam[3];
        double py = x[1] - cam[4];
        double pz = x[2] - cam[5];

        // Rodrigues' rotation by the angle-axis vector r = cam[0..3].
        double rx = cam[0];
        double ry = cam[1];
        double rz = cam[2];
        double squaredAngle = (rx * rx) + (ry * ry) + (rz * rz);
        double cx;
        double cy;
        double cz;
        if (squaredAngle != 0)
        {
            double angle = Math.Sqrt(squaredAngle);
            double cos = Math.Cos(angle);
            double sin = Math.Sin(angle);
            double wx = rx / angle;
            double wy = ry / angle;
            double wz = rz / angle;
            double crossX = (wy * pz) - (wz * py);
            double crossY = (wz * px) - (wx * pz);
            double crossZ = (wx * py) - (wy * px);
            double along = ((wx * px) + (wy * py) + (wz * pz)) * (1 - cos);
            cx = (px * cos) + (crossX * sin) + (wx * along);
            cy = (py * cos) + (crossY * sin) + (wy * along);
            cz = (pz * cos) + (crossZ * sin) + (wz * along);
        }
        else
        {
            cx = px + ((ry * pz) - (rz * py));
            cy = py + ((rz * px) - (rx * pz));
            cz = pz + ((rx * py) - (ry * px));
        }

        // Perspective division, radial distortion, focal length and principal point.
        double u = cx / cz;
        double v = cy / cz;
        double radiusSquared = (u * u) + (v * v);
        double distortion = 1 + (cam[9] * radiusSquared) + (cam[10] * radiusSquared * radiusSquared);
        double projX = (u * distortion * cam[6]) + cam[7];
        double projY = (v * distortion * cam[6]) + cam[8];

        err[0] = w * (projX - featX);
        err[1] = w * (projY - featY);
    }

    /// <summary>The weight's regulariser 1 − w².</summary>
    [Differentiable]
    public static double WeightError(double w) => 1 - (w * w);
}
