// Natural form, not compiled (see docs/gradbench.md, "Generator gaps"): the hand-tracking residuals with the
// model's integer tables as ReadOnlySpan<int> and the pose and matrix products as helpers, as in GradBench's ht.hpp.
// Evals/Ht/Ht.cs (ResidualsFlat) passes the tables as doubles and writes the helpers out.
namespace AutoDiff.GradBench.Natural.Ht;

public static partial class Ht
{
    [Differentiable]
    public static void Residuals(
        ReadOnlySpan<double> theta,
        ReadOnlySpan<double> us,
        [NoDerivative] ReadOnlySpan<int> parents,
        [NoDerivative] ReadOnlySpan<double> baseRelatives,
        [NoDerivative] ReadOnlySpan<double> inverseBaseAbsolutes,
        [NoDerivative] ReadOnlySpan<double> basePositions,
        [NoDerivative] ReadOnlySpan<double> weights,
        [NoDerivative] ReadOnlySpan<int> triangles,
        [NoDerivative] ReadOnlySpan<int> correspondences,
        [NoDerivative] ReadOnlySpan<double> points,
        bool isMirrored,
        Span<double> err)
    {
        int bones = parents.Length;
        int vertices = basePositions.Length / 4;
        double[] pose = new double[3 * (bones + 3)];
        double[] rotation = new double[16];
        double[] relatives = new double[16 * bones];
        double[] absolutes = new double[16 * bones];
        double[] transforms = new double[16 * bones];
        double[] positions = new double[3 * vertices];
        PoseParameters(theta, pose);
        for (int bone = 0; bone < bones; bone++)
        {
            EulerRotation(pose, 3 * (bone + 3), rotation);
            Multiply4(baseRelatives, 16 * bone, rotation, 0, relatives, 16 * bone);
        }

        for (int bone = 0; bone < bones; bone++)
        {
            if (parents[bone] == -1)
            {
                for (int e = 0; e < 16; e++)
                {
                    absolutes[(16 * bone) + e] = relatives[(16 * bone) + e];
                }
            }
            else
            {
                Multiply4(absolutes, 16 * parents[bone], relatives, 16 * bone, absolutes, 16 * bone);
            }

            Multiply4(absolutes, 16 * bone, inverseBaseAbsolutes, 16 * bone, transforms, 16 * bone);
        }

        Skin(transforms, basePositions, weights, isMirrored, pose, positions);
        for (int i = 0; i < correspondences.Length; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double model;
                if (us.Length == 0)
                {
                    model = positions[(3 * correspondences[i]) + j];
                }
                else
                {
                    int triangle = 3 * correspondences[i];
                    model = (us[2 * i] * positions[(3 * triangles[triangle]) + j])
                        + (us[(2 * i) + 1] * positions[(3 * triangles[triangle + 1]) + j])
                        + ((1 - us[2 * i] - us[(2 * i) + 1]) * positions[(3 * triangles[triangle + 2]) + j]);
                }

                err[(3 * i) + j] = points[(3 * i) + j] - model;
            }
        }
    }

    // c[cAt..] = a[aAt..] · b[bAt..], 4 × 4 row-major.
    [Differentiable]
    public static void Multiply4(ReadOnlySpan<double> a, int aAt, ReadOnlySpan<double> b, int bAt, Span<double> c, int cAt)
    {
        for (int r = 0; r < 4; r++)
        {
            for (int col = 0; col < 4; col++)
            {
                double sum = 0;
                for (int k = 0; k < 4; k++)
                {
                    sum += a[aAt + (4 * r) + k] * b[bAt + (4 * k) + col];
                }

                c[cAt + (4 * r) + col] = sum;
            }
        }
    }

    // The pose: three values per column (global rotation, scale 1, translation, then one column per bone).
    [Differentiable]
    public static void PoseParameters(ReadOnlySpan<double> theta, Span<double> pose)
    {
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
                pose[3 * column] = theta[next++];
                if (joint == 2)
                {
                    pose[(3 * column) + 1] = theta[next++];
                }

                column++;
            }

            column++;
        }
    }

    // The 4 × 4 rotation Rz·Ry·Rx from the Euler angles (x, z, y) at pose[at..at + 3].
    [Differentiable]
    public static void EulerRotation(ReadOnlySpan<double> pose, int at, Span<double> r)
    {
        double cx = Math.Cos(pose[at]);
        double sx = Math.Sin(pose[at]);
        double cz = Math.Cos(pose[at + 1]);
        double sz = Math.Sin(pose[at + 1]);
        double cy = Math.Cos(pose[at + 2]);
        double sy = Math.Sin(pose[at + 2]);
        r[0] = cz * cy;
        r[1] = (-sz * cx) + (cz * sy * sx);
        r[2] = (sz * sx) + (cz * sy * cx);
        r[4] = sz * cy;
        r[5] = (cz * cx) + (sz * sy * sx);
        r[6] = (-cz * sx) + (sz * sy * cx);
        r[8] = -sy;
        r[9] = cy * sx;
        r[10] = cy * cx;
        r[15] = 1;
    }

    // Skin (linear blend skinning, mirroring, then the global rotation and translation of Evals/Ht/Ht.cs) is a third
    // [Differentiable] void method writing positions.
}
