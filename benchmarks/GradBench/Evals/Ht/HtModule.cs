using System.Runtime.CompilerServices;
using System.Text.Json;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Evals.Ht;

/// <summary>
/// The <c>ht</c> module: <c>objective</c> is <see cref="Ht.ResidualsFlat"/>; <c>jacobian</c> its Jacobian, one row per
/// residual, from forward-mode products (the generated <c>ResidualsFlatJvp</c>): one per θ, and, with us, two more
/// for all points' u₀ and all points' u₁ at once (residual i depends on point i's us only, so seeding every point's
/// u₀ together gives each residual's ∂/∂u₀ of its own point: the 2 + 26 columns GradBench asks for).
/// </summary>
public static class HtModule
{
    /// <summary>The module.</summary>
    public static EvalModule Module { get; } = new("ht", new Dictionary<string, Func<JsonElement, IEvaluation>>
    {
        ["objective"] = input => new Evaluation(HtInput.Parse(input), jacobian: false),
        ["jacobian"] = input => new Evaluation(HtInput.Parse(input), jacobian: true),
    });

    private sealed class Evaluation : IEvaluation
    {
        private readonly HtInput _input;
        private readonly bool _jacobian;
        private readonly double[] _err;
        private readonly int _columns;

        // Column-major: column c's residual tangents at [c·rows .. (c + 1)·rows).
        private readonly double[] _columnsOut;
        private readonly double[] _thetaSeed;
        private readonly double[] _usSeed;
        private readonly double[] _zeroUs;
        private readonly double[] _zeroTheta;

        public Evaluation(HtInput input, bool jacobian)
        {
            _input = input;
            _jacobian = jacobian;
            _err = new double[3 * input.Correspondences.Length];
            _columns = (input.Us.Length == 0 ? 0 : 2) + input.Theta.Length;
            _columnsOut = new double[jacobian ? _columns * _err.Length : 0];
            _thetaSeed = new double[input.Theta.Length];
            _usSeed = new double[input.Us.Length];
            _zeroUs = new double[input.Us.Length];
            _zeroTheta = new double[input.Theta.Length];
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run()
        {
            HtInput m = _input;
            if (!_jacobian)
            {
                Ht.ResidualsFlat(m.Theta, m.Us, m.Parents, m.BaseRelatives, m.InverseBaseAbsolutes, m.BasePositions, m.Weights, m.Triangles, m.Correspondences, m.Points, m.IsMirrored, _err);
                return;
            }

            int rows = _err.Length;
            int column = 0;
            if (m.Us.Length != 0)
            {
                for (int u = 0; u < 2; u++)
                {
                    for (int i = 0; i < _usSeed.Length; i++)
                    {
                        _usSeed[i] = i % 2 == u ? 1 : 0;
                    }

                    Ht.ResidualsFlatJvp(m.Theta, m.Us, m.Parents, m.BaseRelatives, m.InverseBaseAbsolutes, m.BasePositions, m.Weights, m.Triangles, m.Correspondences, m.Points, m.IsMirrored, _err, _zeroTheta, _usSeed, _columnsOut.AsSpan(column * rows, rows));
                    column++;
                }
            }

            for (int j = 0; j < _thetaSeed.Length; j++)
            {
                _thetaSeed[j] = 1;
                Ht.ResidualsFlatJvp(m.Theta, m.Us, m.Parents, m.BaseRelatives, m.InverseBaseAbsolutes, m.BasePositions, m.Weights, m.Triangles, m.Correspondences, m.Points, m.IsMirrored, _err, _thetaSeed, _zeroUs, _columnsOut.AsSpan(column * rows, rows));
                _thetaSeed[j] = 0;
                column++;
            }
        }

        public void WriteOutput(Utf8JsonWriter writer)
        {
            if (!_jacobian)
            {
                Json.Write(writer, _err);
                return;
            }

            int rows = _err.Length;
            writer.WriteStartArray();
            for (int r = 0; r < rows; r++)
            {
                writer.WriteStartArray();
                for (int c = 0; c < _columns; c++)
                {
                    writer.WriteNumberValue(_columnsOut[(c * rows) + r]);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }
    }
}

/// <summary>The <c>ht</c> eval's input, flattened (see <see cref="Ht.ResidualsFlat"/> for the layouts).</summary>
public sealed record HtInput(
    double[] Theta,
    double[] Us,
    double[] Parents,
    double[] BaseRelatives,
    double[] InverseBaseAbsolutes,
    double[] BasePositions,
    double[] Weights,
    double[] Triangles,
    double[] Correspondences,
    double[] Points,
    bool IsMirrored)
{
    /// <summary>Reads the eval's <c>HTInput</c> object.</summary>
    public static HtInput Parse(JsonElement input)
    {
        JsonElement data = input.GetProperty("data");
        JsonElement model = data.GetProperty("model");
        return new HtInput(
            Json.Doubles(input.GetProperty("theta")),
            Json.Rows(input.GetProperty("us"), out _, out _),
            Json.Doubles(model.GetProperty("parents")),
            Matrices(model.GetProperty("base_relatives")),
            Matrices(model.GetProperty("inverse_base_absolutes")),
            Json.Rows(model.GetProperty("base_positions"), out _, out _),
            Json.Rows(model.GetProperty("weights"), out _, out _),
            Json.Rows(model.GetProperty("triangles"), out _, out _),
            Json.Doubles(data.GetProperty("correspondences")),
            Json.Rows(data.GetProperty("points"), out _, out _),
            model.GetProperty("is_mirrored").GetBoolean());
    }

    // A list of 4 × 4 matrices given as rows, one after the other, row-major.
    private static double[] Matrices(JsonElement list)
    {
        var result = new List<double>();
        foreach (JsonElement matrix in list.EnumerateArray())
        {
            result.AddRange(Json.Rows(matrix, out int rows, out int columns));
            if (rows != 4 || columns != 4)
            {
                throw new FormatException($"expected 4 × 4 matrices, got {rows} × {columns}");
            }
        }

        return [.. result];
    }
}
