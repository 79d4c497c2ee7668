using AutoDiff.Testing;
using Physics;
using Xunit;

namespace Physics.Tests;

/// <summary>
/// Pins the derivatives the generator writes for <see cref="Pendulum"/>: one
/// <c>PendulumSnapshotTests.Generated_derivatives#Physics.Pendulum.Method_types.g.verified.cs</c> per method
/// next to this file. A generator upgrade (or an edit of a method) that changes them fails here and leaves a
/// <c>.received.cs</c> beside the snapshot to diff; <c>AUTODIFF_ACCEPT_SNAPSHOTS=1 dotnet test</c> accepts it.
/// </summary>
public class PendulumSnapshotTests
{
    [Fact]
    public void Generated_derivatives() => Snapshots.Verify(GeneratedDerivatives.Of(typeof(Pendulum)));

    [Fact]
    public void The_pinned_code_is_the_code_that_runs()
    {
        // A numeric check beside the snapshot: dE/dtheta = g sin(theta), dE/domega = omega.
        double energy = Pendulum.EnergyGradient(0.3, 2.0, 9.81, out double dTheta, out double dOmega);
        Assert.Equal(0.5 * 4 + 9.81 * (1 - Math.Cos(0.3)), energy, 12);
        Assert.Equal(9.81 * Math.Sin(0.3), dTheta, 12);
        Assert.Equal(2.0, dOmega, 12);
    }
}
