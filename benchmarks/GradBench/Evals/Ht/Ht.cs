namespace AutoDiff.GradBench.Evals.Ht;

/// <summary>
/// The <c>ht</c> eval's residuals (ADBench's hand tracking, evals/ht/README.md and GradBench's ht.hpp): pose a
/// skinned hand model with 26 parameters θ and compare its surface with measured points.
/// </summary>
public static partial class Ht
{
    /// <summary>
    /// Writes the 3 × (number of points) residuals point − model point into <paramref name="err"/>.
    /// </summary>
    /// <remarks>
    /// <para>θ is the global rotation (angle-axis), the global translation, then per finger four bend angles (the first
    /// with a second, sideways angle). The pose gives each bone a rotation from Euler angles; the bones' transforms are
    /// chained from parent to child, every vertex is the weighted sum of its bones' transforms of its rest position
    /// (linear blend skinning), then the whole hand is rotated and moved. With no <paramref name="us"/> ("simple") point
    /// i corresponds to vertex correspondences[i]; otherwise ("complicated") to the point of triangle
    /// correspondences[i] with barycentric coordinates (u₀, u₁, 1 − u₀ − u₁) from us.</para>
    /// <para>Matrices are 4 × 4 row-major, one after the other per bone; <paramref name="basePositions"/> holds each
    /// vertex's homogeneous rest position (4 values), <paramref name="weights"/> each vertex's weight per bone, and
    /// <paramref name="points"/> each point's 3 coordinates.</para>
    /// <para><b>Temporary form</b> ("Flat"): the integer tables <paramref name="parents"/> (−1 for the root),
    /// <paramref name="triangles"/> (3 vertex indices each) and <paramref name="correspondences"/> are passed as
    /// <c>double</c> spans and everything is one method, because the generator takes no <c>ReadOnlySpan&lt;int&gt;</c>
    /// (AD0003) and a [Differentiable] method cannot yet call helpers that write a <c>Span</c> (AD0004). The form a
    /// user would write is benchmarks/GradBench/Natural/Ht.cs (docs/gradbench.md, "Generator gaps").</para>
    /// </remarks>
    [Differentiable]
    public static void ResidualsFlat(
        ReadOnlySpan<double> theta,
        ReadOnlySpan<double> us,
        [NoDerivative] ReadOnlySpan<double> parents,
        [NoDerivative] ReadOnlySpan<double> baseRelatives,
        [NoDerivative] ReadOnlySpan<double> inverseBaseAbsolutes,
        [NoDerivative] ReadOnlySpan<double> basePositions,
        [NoDerivative] ReadOnlySpan<double> weights,
        [NoDerivative] ReadOnlySpan<double> triangles,
        [NoDerivative] ReadOnlySpan<double> correspondences,
        [NoDerivative] ReadOnlySpan<double> points,
        bool isMirrored,
        Span<double> err)
    {
        int bones = parents.Length;
        int vertices = basePositions.Length / 4;
        double[] pose = new double[3 * (bones + 3)];
        double[] relatives = new double[16 * bones];
        double[] absolutes = new double[16 * bones];
        double[] transforms = new double[16 * bones];
        double[] positions = new double[3 * vertices];

        // Pose parameters, three per column: global rotation, scale (1), global translation, then one column per
        // bone; the fingers' bones take the bend angles, the other columns stay 0.
        for (int j = 0; j < 3; j++)
        {
            pose[j] = theta[j];
            pose[3 + j] = 1;
            pose[6 + j] = theta[3 + j];
        }

        int next = 6;
        int column = 5;
        for (int finger = 0; finger < 5; finger++)
        {
            for (int joint = 2; joint <= 4; joint++)
            {
                pose[3 * column] = theta[next];
                next++;
                if (joint == 2)
                {
                    pose[(3 * column) + 1] = theta[next];
                    next++;
                }

                column++;
            }

            column++;
        }

        // Each bone's posed relative transform: its base relative transform times the rotation Rz·Ry·Rx from its
        // Euler angles (x, z, y in the pose column).
        for (int bone = 0; bone < bones; bone++)
        {
            int at = 3 * (bone + 3);
            double cx = Math.Cos(pose[at]);
            double sx = Math.Sin(pose[at]);
            double cz = Math.Cos(pose[at + 1]);
            double sz = Math.Sin(pose[at + 1]);
            double cy = Math.Cos(pose[at + 2]);
            double sy = Math.Sin(pose[at + 2]);
            double r00 = cz * cy;
            double r01 = (-sz * cx) + (cz * sy * sx);
            double r02 = (sz * sx) + (cz * sy * cx);
            double r10 = sz * cy;
            double r11 = (cz * cx) + (sz * sy * sx);
            double r12 = (-cz * sx) + (sz * sy * cx);
            double r20 = -sy;
            double r21 = cy * sx;
            double r22 = cy * cx;
            for (int r = 0; r < 4; r++)
            {
                int row = (16 * bone) + (4 * r);
                double b0 = baseRelatives[row];
                double b1 = baseRelatives[row + 1];
                double b2 = baseRelatives[row + 2];
                relatives[row] = (b0 * r00) + (b1 * r10) + (b2 * r20);
                relatives[row + 1] = (b0 * r01) + (b1 * r11) + (b2 * r21);
                relatives[row + 2] = (b0 * r02) + (b1 * r12) + (b2 * r22);
                relatives[row + 3] = baseRelatives[row + 3];
            }
        }

        // Absolute transforms, parents before children: absolute = parent's absolute · relative.
        for (int bone = 0; bone < bones; bone++)
        {
            int parent = (int)parents[bone];
            for (int r = 0; r < 4; r++)
            {
                for (int c = 0; c < 4; c++)
                {
                    int at = (16 * bone) + (4 * r) + c;
                    if (parent == -1)
                    {
                        absolutes[at] = relatives[at];
                    }
                    else
                    {
                        double sum = 0;
                        for (int k = 0; k < 4; k++)
                        {
                            sum += absolutes[(16 * parent) + (4 * r) + k] * relatives[(16 * bone) + (4 * k) + c];
                        }

                        absolutes[at] = sum;
                    }
                }
            }
        }

        // Skinning transforms: absolute · inverse base absolute.
        for (int bone = 0; bone < bones; bone++)
        {
            for (int r = 0; r < 4; r++)
            {
                for (int c = 0; c < 4; c++)
                {
                    double sum = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        sum += absolutes[(16 * bone) + (4 * r) + k] * inverseBaseAbsolutes[(16 * bone) + (4 * k) + c];
                    }

                    transforms[(16 * bone) + (4 * r) + c] = sum;
                }
            }
        }

        // The global rotation from the angle-axis vector, its columns scaled by the scale column.
        double angle = Math.Sqrt((pose[0] * pose[0]) + (pose[1] * pose[1]) + (pose[2] * pose[2]));
        double g00 = 1;
        double g01 = 0;
        double g02 = 0;
        double g10 = 0;
        double g11 = 1;
        double g12 = 0;
        double g20 = 0;
        double g21 = 0;
        double g22 = 1;
        if (angle >= 0.0001)
        {
            double ax = pose[0] / angle;
            double ay = pose[1] / angle;
            double az = pose[2] / angle;
            double s = Math.Sin(angle);
            double c = Math.Cos(angle);
            g00 = (ax * ax) + ((1 - (ax * ax)) * c);
            g01 = (ax * ay * (1 - c)) - (az * s);
            g02 = (ax * az * (1 - c)) + (ay * s);
            g10 = (ax * ay * (1 - c)) + (az * s);
            g11 = (ay * ay) + ((1 - (ay * ay)) * c);
            g12 = (ay * az * (1 - c)) - (ax * s);
            g20 = (ax * az * (1 - c)) - (ay * s);
            g21 = (az * ay * (1 - c)) + (ax * s);
            g22 = (az * az) + ((1 - (az * az)) * c);
        }

        g00 *= pose[3];
        g10 *= pose[3];
        g20 *= pose[3];
        g01 *= pose[4];
        g11 *= pose[4];
        g21 *= pose[4];
        g02 *= pose[5];
        g12 *= pose[5];
        g22 *= pose[5];

        // Every vertex: blend its bones' transforms of its rest position, mirror, then rotate and move the hand.
        for (int v = 0; v < vertices; v++)
        {
            double x = 0;
            double y = 0;
            double z = 0;
            for (int bone = 0; bone < bones; bone++)
            {
                double weight = weights[(v * bones) + bone];
                int t = 16 * bone;
                int p = 4 * v;
                x += weight * ((transforms[t] * basePositions[p]) + (transforms[t + 1] * basePositions[p + 1]) + (transforms[t + 2] * basePositions[p + 2]) + (transforms[t + 3] * basePositions[p + 3]));
                y += weight * ((transforms[t + 4] * basePositions[p]) + (transforms[t + 5] * basePositions[p + 1]) + (transforms[t + 6] * basePositions[p + 2]) + (transforms[t + 7] * basePositions[p + 3]));
                z += weight * ((transforms[t + 8] * basePositions[p]) + (transforms[t + 9] * basePositions[p + 1]) + (transforms[t + 10] * basePositions[p + 2]) + (transforms[t + 11] * basePositions[p + 3]));
            }

            if (isMirrored)
            {
                x = -x;
            }

            positions[3 * v] = (g00 * x) + (g01 * y) + (g02 * z) + pose[6];
            positions[(3 * v) + 1] = (g10 * x) + (g11 * y) + (g12 * z) + pose[7];
            positions[(3 * v) + 2] = (g20 * x) + (g21 * y) + (g22 * z) + pose[8];
        }

        // Residuals: measured point minus the model's point.
        for (int i = 0; i < correspondences.Length; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double model;
                if (us.Length == 0)
                {
                    model = positions[(3 * (int)correspondences[i]) + j];
                }
                else
                {
                    int triangle = 3 * (int)correspondences[i];
                    double u0 = us[2 * i];
                    double u1 = us[(2 * i) + 1];
                    model = (u0 * positions[(3 * (int)triangles[triangle]) + j])
                        + (u1 * positions[(3 * (int)triangles[triangle + 1]) + j])
                        + ((1 - u0 - u1) * positions[(3 * (int)triangles[triangle + 2]) + j]);
                }

                err[(3 * i) + j] = points[(3 * i) + j] - model;
            }
        }
    }
}
