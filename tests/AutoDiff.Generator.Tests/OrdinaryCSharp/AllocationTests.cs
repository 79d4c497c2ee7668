using System.Numerics;
using FunctionCorpus;

namespace AutoDiff.Generator.Tests.OrdinaryCSharp;

/// <summary>
/// Generated code over structs, tuples, spans of structs, 2-D and jagged arrays and generic math allocates nothing on
/// warm calls: struct parameters and gradients are split and built on the stack, spans of structs and jagged rows are
/// copied through the per-thread workspace, 2-D arrays are viewed in place.
/// </summary>
public class AllocationTests
{
    private const int Variants = 4;

    private readonly Vec3[][] _positions = Enumerable.Range(0, Variants).Select(v => Points(4, v)).ToArray();
    private readonly double[] _masses = { 1.0, 0.5, 2.0, 1.5 };
    private readonly Vec3[] _dPositions = new Vec3[4];
    private readonly Body2[] _bodies =
    {
        new(new Vec2(0.1, 0.2), new Vec2(0.3, -0.4), 1.5),
        new(new Vec2(-0.5, 0.6), new Vec2(0.7, 0.8), 0.5),
    };

    private readonly Body2[] _dBodies = new Body2[2];
    private readonly Vector3[] _points = { new(0.1f, 0.2f, 0.3f), new(-0.4f, 0.5f, 0.6f), new(0.7f, -0.8f, 0.9f) };
    private readonly Vector2[] _observed = { new(0.1f, 0.1f), new(-0.2f, 0.3f), new(0.4f, -0.5f) };
    private readonly double[] _weights = { 0.2, 0.3, 0.5 };
    private readonly double[] _dWeights = new double[3];
    private readonly double[,] _covariance = { { 1.0, 0.1, 0.2 }, { 0.1, 2.0, 0.3 }, { 0.2, 0.3, 1.5 } };
    private readonly double[,] _dCovariance = new double[3, 3];
    private readonly double[][] _queries = { new[] { 0.1, 0.2 }, new[] { -0.3, 0.4 } };
    private readonly double[][] _keys = { new[] { 0.5, -0.6 }, new[] { 0.7, 0.8 } };
    private readonly double[][] _values = { new[] { 1.0, 0.0 }, new[] { 0.5, 0.5 } };
    private readonly double[][] _dQueries = { new double[2], new double[2] };
    private readonly double[] _jacobian = new double[4];
    private readonly double[] _hessian = new double[7 * 7];

    [Fact]
    public void Warm_calls_over_structs_tuples_and_arrays_allocate_nothing()
    {
        double sink = 0;
        for (int i = 0; i < 200; i++)
        {
            sink += Run(i);
        }

        long allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 5_000; i++)
            {
                sink += Run(i);
            }
        });
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }

    private double Run(int i)
    {
        int v = i % Variants;
        var p = new Vec3(1 + (0.1 * v), 0.5, -0.25);
        var u = new Vec3(0.2, -0.3 + (0.05 * v), 0.4);

        // Struct parameters, struct gradients and struct tangents; a Hessian over them.
        double s = OrdinaryPhysics.OrbitalEnergyGradient(p, u, 1.5, out Vec3 dp, out Vec3 du, out double dmu) + dp.X + du.Z + dmu;
        s += OrdinaryPhysics.OrbitalEnergyDerivative(p, u, 1.5, u, p, 1, out double derivative) + derivative;
        s += OrdinaryPhysics.OrbitalEnergyHessian(p, u, 1.5, _hessian) + _hessian[8];
        s += OrdinaryPhysics.OrbitalEnergyHessianVectorProduct(p, u, 1.5, u, p, 0.5, out Vec3 hp, out Vec3 hu, out double hmu) + hp.Y + hu.X + hmu;

        // Spans of structs in and out, copied through the workspace; spans of record structs of record structs.
        s += OrdinaryPhysics.GravitationalPotentialGradient(_positions[v], _masses, 0.3, _dPositions, out double dSoftening) + _dPositions[1].Y + dSoftening;
        s += OrdinaryPhysics.SystemKineticEnergyGradient(_bodies, _dBodies) + _dBodies[0].Velocity.X;

        // Tuples: locals, deconstruction and a tuple-returning method called in a loop; its Jacobian, Jvp and Vjp.
        s += OrdinaryPhysics.PendulumRk4EnergyGradient(0.3 + (0.1 * v), 0.1, 9.81, 0.05, out double a, out double b, out double c, out double d) + a + b + c + d;
        s += OrdinaryPhysics.ProjectileRangeGradient(1, 0.7 + (0.01 * v), 0.1, out a, out b, out c) + a + b + c;
        (double x, double y) = OrdinaryGeometry.PolarToCartesianJacobian(1 + (0.1 * v), 0.3, _jacobian);
        s += x + y + _jacobian[3];
        (x, y) = OrdinaryGeometry.PolarToCartesianJvp(1, 0.3 + (0.1 * v), 1, 0, out double dx, out double dy);
        s += x + y + dx + dy;
        (x, y) = OrdinaryGeometry.PolarToCartesianVjp(1, 0.3, 1, 0.5 + (0.1 * v), out double rBar, out double thetaBar);
        s += x + y + rBar + thetaBar;
        Vec3 g = OrdinaryPhysics.GravityAccelerationVjp(p, 1.5, u, out Vec3 positionBar, out double muBar);
        s += g.X + positionBar.Z + muBar;

        // System.Numerics: quaternions and vectors as parameters and gradients, spans of them as data.
        float error = OrdinaryGeometry.ReprojectionErrorGradient(
            Quaternion.CreateFromYawPitchRoll(0.1f * v, 0.2f, 0.3f), new Vector3(0.1f, 0.2f, 0.3f), 1.5f, _points, _observed,
            out Quaternion dRotation, out Vector3 dTranslation, out float dFocal);
        s += error + dRotation.W + dTranslation.X + dFocal;

        // 2-D arrays viewed in place, jagged arrays copied through the workspace, generic math.
        s += OrdinaryFinance.PortfolioVarianceGradient(_weights, _covariance, _dWeights, _dCovariance) + _dWeights[1] + _dCovariance[2, 1];
        s += OrdinaryMachineLearning.AttentionLossGradient(_queries, _keys, _values, _dQueries) + _dQueries[1][0];
        s += OrdinaryStatistics.SoftPlusGradient(0.5 + v, out double dSoftPlus) + dSoftPlus;
        s += OrdinaryStatistics.SoftPlusGradient(0.5f + v, out float dSoftPlusSingle) + dSoftPlusSingle;
        return s;
    }

    private static Vec3[] Points(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => new Vec3(random.NextDouble(), random.NextDouble(), random.NextDouble())).ToArray();
    }
}
