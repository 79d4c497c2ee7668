using AutoDiff;

namespace Physics;

/// <summary>A damped pendulum's energy and drag, differentiated at compile time.</summary>
public static partial class Pendulum
{
    /// <summary>Kinetic plus potential energy of a pendulum of length 1 at angle theta with angular velocity omega.</summary>
    [Differentiable]
    public static double Energy(double theta, double omega, [NoDerivative] double gravity) =>
        0.5 * omega * omega + gravity * (1 - Math.Cos(theta));

    /// <summary>Quadratic drag: its derivative in omega is 2·c·|omega|.</summary>
    [Differentiable]
    public static double Drag(double omega, [NoDerivative] double coefficient) => coefficient * omega * Math.Abs(omega);
}
