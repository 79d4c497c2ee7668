using AutoDiff.Benchmarks.Functions;

namespace AutoDiff.Benchmarks.Cases;

/// <summary>
/// The Jacobian of <see cref="Residuals.Decay"/> at m data points (3 columns). The "gradient" compared is
/// the m × 3 Jacobian, row-major. Generated is <c>DecayJacobian</c> (it runs one Jvp per column), Forward
/// is three explicit <c>DecayJvp</c> calls, Tape records each residual and sweeps it back (a sweep per row).
/// </summary>
public sealed class JacobianCase : GradientCase
{
    private readonly double[] _p = [2.5, 1.3, 0.4];
    private readonly double[] _t;
    private readonly double[] _y;
    private readonly double[] _r;
    private readonly double[] _jacobian;
    private readonly double[] _up;
    private readonly double[] _down;
    private readonly double[] _tangent = new double[3];
    private readonly double[] _column;

    public JacobianCase(int size)
    {
        var random = new Random(8);
        _t = Enumerable.Range(0, size).Select(i => 4.0 * i / size).ToArray();
        _y = _t.Select(ti => (2.4 * Math.Exp(-1.25 * ti)) + 0.41 + (0.02 * (random.NextDouble() - 0.5))).ToArray();
        _r = new double[size];
        _up = new double[size];
        _down = new double[size];
        _column = new double[size];
        _jacobian = new double[3 * size];
        Name = $"DecayResiduals m={size}";
    }

    public override string Suite => "jacobian";

    public override string Name { get; }

    public override int Dimension => _jacobian.Length;

    public override double Run(Method method, int iterations)
    {
        double sink = 0;
        for (int i = 0; i < iterations; i++)
        {
            sink += Once(method, _jacobian);
        }

        return sink;
    }

    public override double Once(Method method, Span<double> gradient)
    {
        switch (method)
        {
            case Method.Function:
                Residuals.Decay(_p, _t, _y, _r);
                break;
            case Method.Generated:
                Residuals.DecayJacobian(_p, _t, _y, _r, gradient);
                break;
            case Method.Forward:
                Columns(gradient);
                break;
            case Method.Hand:
                Residuals.DecayJacobianByHand(_p, _t, _y, _r, gradient);
                break;
            case Method.Tape:
                Residuals.DecayJacobianOnTape(_p, _t, _y, _r, gradient);
                break;
            default:
                CentralDifferences(gradient);
                break;
        }

        return _r[0];
    }

    /// <summary>One generated Jvp per parameter, each filling a column.</summary>
    private void Columns(Span<double> jacobian)
    {
        for (int j = 0; j < 3; j++)
        {
            _tangent[j] = 1;
            Residuals.DecayJvp(_p, _t, _y, _r, _tangent, _column);
            _tangent[j] = 0;
            for (int i = 0; i < _column.Length; i++)
            {
                jacobian[(3 * i) + j] = _column[i];
            }
        }
    }

    private void CentralDifferences(Span<double> jacobian)
    {
        for (int j = 0; j < 3; j++)
        {
            double pj = _p[j];
            double h = Step * Math.Max(1, Math.Abs(pj));
            _p[j] = pj + h;
            Residuals.Decay(_p, _t, _y, _up);
            _p[j] = pj - h;
            Residuals.Decay(_p, _t, _y, _down);
            _p[j] = pj;
            for (int i = 0; i < _up.Length; i++)
            {
                jacobian[(3 * i) + j] = (_up[i] - _down[i]) / (2 * h);
            }
        }
    }
}
