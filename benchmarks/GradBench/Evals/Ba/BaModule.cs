using System.Runtime.CompilerServices;
using System.Text.Json;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Evals.Ba;

/// <summary>
/// The <c>ba</c> module. The input is one camera, point, weight and feature, repeated: n cameras, m points and p
/// observations, observation i seeing camera i mod n and point i mod m. <c>objective</c> computes all 2p
/// reprojection errors and p weight errors; <c>jacobian</c> the whole sparse (3p) × (11n + 3m + p) Jacobian in
/// compressed rows, each observation's 2 × 15 block from the generated <c>ReprojectionErrorJacobian</c>. Only
/// the parts GradBench asks for are written out.
/// </summary>
public static class BaModule
{
    private const int CameraParameters = 11;
    private const int BlockColumns = CameraParameters + 3 + 1;

    /// <summary>The module.</summary>
    public static EvalModule Module { get; } = new("ba", new Dictionary<string, Func<JsonElement, IEvaluation>>
    {
        ["objective"] = input => new Evaluation(input, jacobian: false),
        ["jacobian"] = input => new Evaluation(input, jacobian: true),
    });

    private sealed class Evaluation : IEvaluation
    {
        private readonly int _n;
        private readonly int _m;
        private readonly int _p;
        private readonly double[] _cams;
        private readonly double[] _x;
        private readonly double[] _w;
        private readonly double[] _feats;
        private readonly int[] _obs;
        private readonly bool _jacobian;
        private readonly double[] _reprojectionError;
        private readonly double[] _weightError;
        private readonly double[] _block = new double[2 * BlockColumns];

        // The Jacobian in compressed sparse rows: row r's entries are cols/vals[rows[r] .. rows[r + 1]).
        private readonly int[] _rows;
        private readonly int[] _cols;
        private readonly double[] _vals;

        public Evaluation(JsonElement input, bool jacobian)
        {
            _n = input.GetProperty("n").GetInt32();
            _m = input.GetProperty("m").GetInt32();
            _p = input.GetProperty("p").GetInt32();
            double[] cam = Json.Doubles(input.GetProperty("cam"));
            double[] x = Json.Doubles(input.GetProperty("x"));
            double w = input.GetProperty("w").GetDouble();
            double[] feat = Json.Doubles(input.GetProperty("feat"));
            _cams = new double[CameraParameters * _n];
            _x = new double[3 * _m];
            _w = new double[_p];
            _feats = new double[2 * _p];
            _obs = new int[2 * _p];
            for (int i = 0; i < _n; i++)
            {
                cam.CopyTo(_cams, CameraParameters * i);
            }

            for (int i = 0; i < _m; i++)
            {
                x.CopyTo(_x, 3 * i);
            }

            for (int i = 0; i < _p; i++)
            {
                _w[i] = w;
                _feats[2 * i] = feat[0];
                _feats[(2 * i) + 1] = feat[1];
                _obs[2 * i] = i % _n;
                _obs[(2 * i) + 1] = i % _m;
            }

            _jacobian = jacobian;
            _reprojectionError = new double[2 * _p];
            _weightError = new double[_p];
            int nonZeros = jacobian ? (2 * BlockColumns * _p) + _p : 0;
            _rows = new int[jacobian ? (3 * _p) + 1 : 0];
            _cols = new int[nonZeros];
            _vals = new double[nonZeros];
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run()
        {
            if (_jacobian)
            {
                RunJacobian();
                return;
            }

            for (int i = 0; i < _p; i++)
            {
                int camera = _obs[2 * i];
                int point = _obs[(2 * i) + 1];
                Ba.ReprojectionError(
                    _cams.AsSpan(CameraParameters * camera, CameraParameters), _x.AsSpan(3 * point, 3), _w[i],
                    _feats[2 * i], _feats[(2 * i) + 1], _reprojectionError.AsSpan(2 * i, 2));
            }

            for (int i = 0; i < _p; i++)
            {
                _weightError[i] = Ba.WeightError(_w[i]);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RunJacobian()
        {
            int entry = 0;
            int row = 0;
            _rows[0] = 0;
            for (int i = 0; i < _p; i++)
            {
                int camera = _obs[2 * i];
                int point = _obs[(2 * i) + 1];
                Ba.ReprojectionErrorJacobian(
                    _cams.AsSpan(CameraParameters * camera, CameraParameters), _x.AsSpan(3 * point, 3), _w[i],
                    _feats[2 * i], _feats[(2 * i) + 1], _reprojectionError.AsSpan(2 * i, 2), _block);

                // Two rows of 15: the camera's 11 columns, the point's 3, then the observation's weight.
                for (int r = 0; r < 2; r++)
                {
                    for (int c = 0; c < CameraParameters; c++)
                    {
                        _cols[entry] = (CameraParameters * camera) + c;
                        _vals[entry++] = _block[(r * BlockColumns) + c];
                    }

                    for (int c = 0; c < 3; c++)
                    {
                        _cols[entry] = (CameraParameters * _n) + (3 * point) + c;
                        _vals[entry++] = _block[(r * BlockColumns) + CameraParameters + c];
                    }

                    _cols[entry] = (CameraParameters * _n) + (3 * _m) + i;
                    _vals[entry++] = _block[(r * BlockColumns) + CameraParameters + 3];
                    _rows[++row] = entry;
                }
            }

            for (int i = 0; i < _p; i++)
            {
                _weightError[i] = Ba.WeightErrorGradient(_w[i], out double dw);
                _cols[entry] = (CameraParameters * _n) + (3 * _m) + i;
                _vals[entry++] = dw;
                _rows[++row] = entry;
            }
        }

        public void WriteOutput(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            if (_jacobian)
            {
                // GradBench compares the first 30 entries and the last one of each list.
                writer.WritePropertyName("rows");
                Json.Write(writer, FirstAndLast(_rows));
                writer.WritePropertyName("cols");
                Json.Write(writer, FirstAndLast(_cols));
                writer.WritePropertyName("vals");
                Json.Write(writer, FirstAndLast(_vals));
            }
            else
            {
                writer.WriteStartObject("reproj_error");
                writer.WritePropertyName("elements");
                Json.Write(writer, _reprojectionError.AsSpan(0, 2));
                writer.WriteNumber("repeated", _p);
                writer.WriteEndObject();
                writer.WriteStartObject("w_err");
                writer.WriteNumber("element", _weightError[0]);
                writer.WriteNumber("repeated", _p);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        private static T[] FirstAndLast<T>(T[] values) => [.. values.AsSpan(0, Math.Min(2 * BlockColumns, values.Length - 1)), values[^1]];
    }
}
