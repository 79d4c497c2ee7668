using System.Globalization;
using System.Text;
using AutoDiff.NN;
using AutoDiff.Tensors;

namespace TwoMoons;

/// <summary>Draws the decision regions, the 0.5-probability boundary, the data and the loss curve as one SVG.</summary>
internal static class SvgPlot
{
    private const double XMin = -1.6, XMax = 2.6, YMin = -1.15, YMax = 1.59;
    private const int PanelX = 20, PanelY = 56, PanelW = 460, PanelH = 300, Cell = 5;
    private const int LossX = 560, LossY = 56, LossW = 380, LossH = 300;
    private static readonly string[] ClassColor = ["#2563eb", "#ea580c"];

    public static string Render(Module<double> model, Tensor<double> points, int[] labels, IReadOnlyList<double> losses, double accuracy)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"980\" height=\"410\" viewBox=\"0 0 980 410\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"980\" height=\"410\" fill=\"white\"/>\n");
        Text(svg, PanelX, 30, $"Decision boundary: MLP 2-32-32-2 (tanh), training accuracy {accuracy * 100:F1}%", 15, "start");
        Text(svg, LossX, 30, "Training loss (cross-entropy, log scale)", 15, "start");

        int cols = PanelW / Cell, rows = PanelH / Cell;
        double[,] prob = ClassOneProbability(model, cols + 1, rows + 1);
        DrawRegions(svg, prob, cols, rows);
        DrawBoundary(svg, prob, cols, rows);
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{PanelX}\" y=\"{PanelY}\" width=\"{PanelW}\" height=\"{PanelH}\" fill=\"none\" stroke=\"#444\"/>\n");
        DrawPoints(svg, model, points, labels);
        DrawLoss(svg, losses);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static double Px(double x) => PanelX + (x - XMin) / (XMax - XMin) * PanelW;

    private static double Py(double y) => PanelY + (YMax - y) / (YMax - YMin) * PanelH;

    /// <summary>P(class 1) at every grid vertex, from one batched forward pass.</summary>
    private static double[,] ClassOneProbability(Module<double> model, int nx, int ny)
    {
        var grid = new double[nx * ny * 2];
        for (int j = 0; j < ny; j++)
        {
            for (int i = 0; i < nx; i++)
            {
                grid[2 * (j * nx + i)] = XMin + (XMax - XMin) * i / (nx - 1);
                grid[2 * (j * nx + i) + 1] = YMax - (YMax - YMin) * j / (ny - 1);
            }
        }
        double[] p;
        using (Tensor.NoGrad())
        {
            p = model.Forward(Tensor<double>.FromArray(grid, nx * ny, 2)).Softmax(1).ToArray();
        }
        var result = new double[nx, ny];
        for (int j = 0; j < ny; j++)
        {
            for (int i = 0; i < nx; i++)
            {
                result[i, j] = p[2 * (j * nx + i) + 1];
            }
        }
        return result;
    }

    /// <summary>Shaded cells; runs of equal colour along a row become one rectangle to keep the file small.</summary>
    private static void DrawRegions(StringBuilder svg, double[,] prob, int cols, int rows)
    {
        for (int j = 0; j < rows; j++)
        {
            int start = 0;
            string? runColor = null;
            for (int i = 0; i <= cols; i++)
            {
                string? color = i < cols ? Shade((prob[i, j] + prob[i + 1, j] + prob[i, j + 1] + prob[i + 1, j + 1]) / 4) : null;
                if (color != runColor)
                {
                    if (runColor is not null)
                    {
                        svg.Append(CultureInfo.InvariantCulture,
                            $"<rect x=\"{PanelX + start * Cell}\" y=\"{PanelY + j * Cell}\" width=\"{(i - start) * Cell}\" height=\"{Cell}\" fill=\"{runColor}\"/>\n");
                    }
                    start = i;
                    runColor = color;
                }
            }
        }
    }

    /// <summary>White blended towards the predicted class colour by confidence, in 8 steps.</summary>
    private static string Shade(double p)
    {
        int cls = p >= 0.5 ? 1 : 0;
        double confidence = Math.Round(Math.Abs(p - 0.5) * 2 * 8) / 8;
        (int r, int g, int b) = cls == 1 ? (234, 88, 12) : (37, 99, 235);
        double w = 0.08 + 0.27 * confidence;
        return string.Create(CultureInfo.InvariantCulture,
            $"#{(int)(255 + (r - 255) * w):x2}{(int)(255 + (g - 255) * w):x2}{(int)(255 + (b - 255) * w):x2}");
    }

    /// <summary>The p = 0.5 contour by marching squares with linear interpolation along cell edges.</summary>
    private static void DrawBoundary(StringBuilder svg, double[,] prob, int cols, int rows)
    {
        var path = new StringBuilder();
        for (int j = 0; j < rows; j++)
        {
            for (int i = 0; i < cols; i++)
            {
                // Corners clockwise from top-left, with their pixel positions.
                (double X, double Y, double V)[] c =
                [
                    (i, j, prob[i, j] - 0.5), (i + 1, j, prob[i + 1, j] - 0.5),
                    (i + 1, j + 1, prob[i + 1, j + 1] - 0.5), (i, j + 1, prob[i, j + 1] - 0.5),
                ];
                var crossings = new List<(double X, double Y)>();
                for (int e = 0; e < 4; e++)
                {
                    var a = c[e];
                    var b = c[(e + 1) % 4];
                    if ((a.V < 0) != (b.V < 0))
                    {
                        double t = a.V / (a.V - b.V);
                        crossings.Add((PanelX + (a.X + t * (b.X - a.X)) * Cell, PanelY + (a.Y + t * (b.Y - a.Y)) * Cell));
                    }
                }
                for (int k = 0; k + 1 < crossings.Count; k += 2)
                {
                    path.Append(CultureInfo.InvariantCulture,
                        $"M{crossings[k].X:F1} {crossings[k].Y:F1}L{crossings[k + 1].X:F1} {crossings[k + 1].Y:F1}");
                }
            }
        }
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" stroke=\"#111\" stroke-width=\"1.6\" fill=\"none\"/>\n");
    }

    private static void DrawPoints(StringBuilder svg, Module<double> model, Tensor<double> points, int[] labels)
    {
        int[] predicted;
        using (Tensor.NoGrad())
        {
            predicted = model.Forward(points).ArgMax(1);
        }
        double[] xy = points.ToArray();
        for (int n = 0; n < labels.Length; n++)
        {
            string stroke = predicted[n] == labels[n] ? "white" : "black";
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle cx=\"{Px(xy[2 * n]):F1}\" cy=\"{Py(xy[2 * n + 1]):F1}\" r=\"3\" fill=\"{ClassColor[labels[n]]}\" stroke=\"{stroke}\" stroke-width=\"0.8\"/>\n");
        }
        Text(svg, PanelX, PanelY + PanelH + 22, "blue: class 0, orange: class 1, black ring: misclassified; line: P(class 1) = 0.5", 11, "start");
    }

    private static void DrawLoss(StringBuilder svg, IReadOnlyList<double> losses)
    {
        double lo = Math.Floor(Math.Log10(Math.Max(losses.Min(), 1e-6)));
        double hi = Math.Ceiling(Math.Log10(losses.Max()));
        if (hi <= lo)
        {
            hi = lo + 1;
        }
        double X(int epoch) => LossX + (double)epoch / Math.Max(losses.Count - 1, 1) * LossW;
        double Y(double loss) => LossY + (hi - Math.Log10(Math.Max(loss, 1e-6))) / (hi - lo) * LossH;

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LossX}\" y=\"{LossY}\" width=\"{LossW}\" height=\"{LossH}\" fill=\"#fafafa\" stroke=\"#444\"/>\n");
        for (double e = lo; e <= hi; e++)
        {
            double y = Y(Math.Pow(10, e));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{LossX}\" y1=\"{y:F1}\" x2=\"{LossX + LossW}\" y2=\"{y:F1}\" stroke=\"#ddd\"/>\n");
            Text(svg, LossX - 6, y + 4, Math.Pow(10, e).ToString("G", CultureInfo.InvariantCulture), 11, "end");
        }
        for (int k = 0; k <= 4; k++)
        {
            int epoch = (losses.Count - 1) * k / 4;
            Text(svg, X(epoch), LossY + LossH + 16, (epoch + 1).ToString(CultureInfo.InvariantCulture), 11, "middle");
        }
        Text(svg, LossX + LossW / 2.0, LossY + LossH + 34, "epoch", 12, "middle");

        var line = new StringBuilder();
        for (int i = 0; i < losses.Count; i++)
        {
            line.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "M" : "L")}{X(i):F1} {Y(losses[i]):F1}");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{line}\" stroke=\"#dc2626\" stroke-width=\"1.8\" fill=\"none\"/>\n");
        Text(svg, LossX + LossW - 6, LossY + 16, $"final {losses[^1]:F4}", 12, "end");
    }

    private static void Text(StringBuilder svg, double x, double y, string text, int size, string anchor)
        => svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{x:F1}\" y=\"{y:F1}\" font-size=\"{size}\" text-anchor=\"{anchor}\">{System.Security.SecurityElement.Escape(text)}</text>\n");
}
