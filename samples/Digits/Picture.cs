using System.Globalization;
using System.Text;

namespace Digits;

/// <summary>An SVG with a mosaic of test digits labelled by the network, the loss per step and the test accuracy per epoch.</summary>
internal static class Picture
{
    private const int Columns = 10, Rows = 4, Scale = 2, CellW = 28 * Scale + 8, CellH = 28 * Scale + 22;
    private const int GridX = 20, GridY = 50, PlotX = 700, PlotY = 50, PlotW = 320, PlotH = 150;

    public static string Render(float[] pixels, int[] labels, int[] predicted, IReadOnlyList<double> losses, IReadOnlyList<double> testAccuracy, double accuracy)
    {
        int width = PlotX + PlotW + 40, height = Math.Max(GridY + Rows * CellH + 20, PlotY + 2 * PlotH + 90);
        var svg = new StringBuilder();
        Append(svg, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        Append(svg, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        Append(svg, $"<text x=\"{GridX}\" y=\"30\" font-size=\"15\">Test digits and the CNN's answers (red: wrong) — test accuracy {accuracy * 100:F1}%</text>\n");

        // The first Columns·Rows test images as one grayscale PNG (ink dark on white), scaled without smoothing.
        int n = Columns * Rows, size = DigitData.Size;
        int mosaicW = Columns * size, mosaicH = Rows * size;
        var gray = new byte[mosaicW * mosaicH];
        for (int k = 0; k < n; k++)
        {
            for (int r = 0; r < size; r++)
            {
                for (int c = 0; c < size; c++)
                {
                    float v = pixels[k * size * size + r * size + c];
                    gray[((k / Columns) * size + r) * mosaicW + (k % Columns) * size + c] = (byte)(255 - Math.Round(v * 255));
                }
            }
        }
        string png = Convert.ToBase64String(Png.Grayscale(gray, mosaicW, mosaicH));
        Append(svg, $"<defs><image id=\"mosaic\" width=\"{mosaicW}\" height=\"{mosaicH}\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,{png}\"/></defs>\n");
        for (int k = 0; k < n; k++)
        {
            int x = GridX + (k % Columns) * CellW, y = GridY + (k / Columns) * CellH;
            Append(svg, $"<svg x=\"{x}\" y=\"{y}\" width=\"{size * Scale}\" height=\"{size * Scale}\" viewBox=\"{(k % Columns) * size} {(k / Columns) * size} {size} {size}\">");
            Append(svg, $"<use href=\"#mosaic\"/></svg>\n");
            bool right = predicted[k] == labels[k];
            Append(svg, $"<rect x=\"{x}\" y=\"{y}\" width=\"{size * Scale}\" height=\"{size * Scale}\" fill=\"none\" stroke=\"{(right ? "#bbb" : "#dc2626")}\"/>\n");
            Append(svg, $"<text x=\"{x + size * Scale / 2}\" y=\"{y + size * Scale + 15}\" text-anchor=\"middle\" fill=\"{(right ? "#15803d" : "#dc2626")}\">{predicted[k]}</text>\n");
        }

        Curve(svg, PlotY, "Training loss per step (cross-entropy, log scale)", [.. losses.Select(l => Math.Log10(Math.Max(l, 1e-4)))], v => $"{Math.Pow(10, v):G2}", "#2563eb", $"{losses.Count} steps");
        Curve(svg, PlotY + PlotH + 60, "Test accuracy after each epoch", [.. testAccuracy.Select(a => a * 100)], v => $"{v:F1}%", "#ea580c", $"epochs 1–{testAccuracy.Count}");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Curve(StringBuilder svg, int top, string title, double[] values, Func<double, string> label, string color, string xAxis)
    {
        Append(svg, $"<text x=\"{PlotX}\" y=\"{top - 10}\" font-size=\"13\">{title}</text>\n");
        Append(svg, $"<rect x=\"{PlotX}\" y=\"{top}\" width=\"{PlotW}\" height=\"{PlotH}\" fill=\"none\" stroke=\"#444\"/>\n");
        if (values.Length == 0)
        {
            return;
        }
        double lo = values.Min(), hi = values.Max();
        if (hi - lo < 1e-9)
        {
            (lo, hi) = (lo - 1, hi + 1);
        }
        var points = new StringBuilder();
        for (int i = 0; i < values.Length; i++)
        {
            double x = PlotX + (values.Length == 1 ? PlotW / 2.0 : i * PlotW / (double)(values.Length - 1));
            double y = top + PlotH - (values[i] - lo) / (hi - lo) * PlotH;
            points.Append(CultureInfo.InvariantCulture, $"{x:F1},{y:F1} ");
        }
        Append(svg, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{points.ToString().TrimEnd()}\"/>\n");
        Append(svg, $"<text x=\"{PlotX - 4}\" y=\"{top + 10}\" text-anchor=\"end\">{label(hi)}</text>\n");
        Append(svg, $"<text x=\"{PlotX - 4}\" y=\"{top + PlotH}\" text-anchor=\"end\">{label(lo)}</text>\n");
        Append(svg, $"<text x=\"{PlotX + PlotW}\" y=\"{top + PlotH + 14}\" text-anchor=\"end\" fill=\"#666\">{xAxis}</text>\n");
    }

    private static void Append(StringBuilder svg, FormattableString text) => svg.Append(text.ToString(CultureInfo.InvariantCulture));
}
