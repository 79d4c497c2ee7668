using AutoDiff;

namespace FunctionCorpus;

/// <summary>Every statement form of the source transformation.</summary>
public static partial class StatementForms
{
    private const double Scale = 1.5;
    private static readonly double Offset = 0.25;

    [Differentiable]
    public static double LocalsAndVar(double x, double y)
    {
        double a = x * y;
        var b = a + Math.Sin(x);
        double c = b * b, d = c - a;
        return d / (1 + c);
    }

    [Differentiable]
    public static double ReassignmentAndCompound(double x, double y)
    {
        double s = x;
        s = s * y + 1;
        s += x * x;
        s -= y / 3;
        s *= Math.Cos(x);
        s /= 2 + y * y;
        s++;
        s--;
        ++s;
        return s;
    }

    [Differentiable]
    public static double ParameterReassignment(double x, double y)
    {
        x = x * x;
        y += x;
        return x * y;
    }

    [Differentiable]
    public static double IfElse(double x, double y)
    {
        double r;
        if (x > y)
        {
            r = x * x;
        }
        else
        {
            r = Math.Exp(y);
        }

        return r * y;
    }

    [Differentiable]
    public static double IfWithoutElse(double x, double y)
    {
        double r = x * y;
        if (r > 0.5)
        {
            r = Math.Sqrt(r);
        }

        return r + x;
    }

    [Differentiable]
    public static double NestedIfs(double x, double y)
    {
        double r = 0;
        if (x > 0)
        {
            if (y > 0)
            {
                r = x * y;
            }
            else
            {
                r = x - y;
                r *= r;
            }
        }
        else if (y > 1)
        {
            r = Math.Sin(x) * y;
        }
        else
        {
            r = y;
        }

        return r + x * 0.1;
    }

    [Differentiable]
    public static double EarlyReturns(double x, double y)
    {
        if (x < -1)
        {
            return -x * y;
        }

        double t = x * y;
        if (t > 1)
        {
            return Math.Log(t);
        }

        t += y;
        return t * t;
    }

    [Differentiable]
    public static double ConditionalExpressions(double x, double y)
    {
        double a = x > 0 ? x * y : Math.Exp(x);
        double b = (a > 1 && y < 0) || x == y ? a : a * a;
        return y > 0.5 ? a + b : b - a;
    }

    [Differentiable]
    public static double IntAndBoolLocals(double x, double y, int n)
    {
        int k = n * 2 + 1;
        bool big = x * x > 1;
        k += big ? 1 : 0;
        double r = x;
        if (k % 2 == 0)
        {
            r = r * y;
        }
        else
        {
            r = r + y * k;
        }

        return r * k;
    }

    [Differentiable]
    public static double ConstantsAndFields(double x, double y)
    {
        const double Half = 0.5;
        return Scale * x * Half + Offset * y + Math.PI * x * y + Math.E;
    }

    [Differentiable]
    [SampleRange(-2, 2, Tolerance = 2e-2)] // rounding x to float limits what central differences can resolve
    public static double Casts(double x, double y)
    {
        float f = (float)x;
        double back = f * 2.0;
        int whole = (int)(y * 10);
        return back * y + whole * x + (double)(float)(x * y);
    }

    [Differentiable]
    public static double NoDerivativeParameter(double x, [NoDerivative] double c) => x * x * c + Math.Sin(c) * x;

    [Differentiable]
    public static double CallsAnotherMethod(double x, double y) =>
        OptimizationFunctions.Rosenbrock(x, y * 0.5) + FinanceFunctions.Logistic(x * y) + NoDerivativeParameter(y, 0.75);

    [Differentiable]
    public static double CallWithConstantArguments(double x) => x * OptimizationFunctions.Booth(1, 2) + OptimizationFunctions.Booth(x, 1.5);

    [Differentiable]
    public static double Overload(double x) => x * x;

    [Differentiable]
    public static double Overload(double x, double y) => Overload(x) * y;

    [Differentiable]
    public static double Recursive(double x, int depth) => depth <= 0 ? Math.Sin(x) : x * Recursive(x * 0.5, depth - 1);

    [Differentiable]
    public static double MixedIntegerParameter(double x, int power, bool negate)
    {
        double r = 1;
        if (power >= 1)
        {
            r *= x;
        }

        if (power >= 2)
        {
            r *= x;
        }

        return negate ? -r : r;
    }

    [Differentiable]
    public static float SinglePrecision(float x, float y) => MathF.Sin(x * y) + x * x / (1 + y * y) + MathF.Exp(-x);

    [Differentiable]
    public static float SinglePrecisionMixed(float x, double y) => (float)(Math.Log(1 + y * y) * x) + float.Sqrt(x * x + 1);

    [Differentiable]
    public static double DoubleFromSingle(double x, float y) => x * y + MathF.Cos(y);

    [Differentiable]
    public static double ExpressionBodyOnly(double x) => x;

    [Differentiable]
    public static double ConstantResult(double x) => 3.5;
}

public partial record struct Particle(double Mass)
{
    [Differentiable]
    public static double KineticEnergy(double mass, double velocity) => 0.5 * mass * velocity * velocity;
}

public static partial class Outer
{
    public partial class Inner
    {
        public partial record Deepest
        {
            [Differentiable]
            internal static double Spring(double stretch, [NoDerivative] double stiffness) => 0.5 * stiffness * stretch * stretch;
        }
    }
}
