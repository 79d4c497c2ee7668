using AutoDiff.Tensors;

namespace TwoMoons;

/// <summary>Fraction of rows whose largest logit is the labelled class.</summary>
internal static class Metrics
{
    public static double Accuracy(Tensor<double> logits, int[] labels)
    {
        int[] predicted = logits.ArgMax(1);
        return predicted.Where((p, i) => p == labels[i]).Count() / (double)labels.Length;
    }
}

/// <summary>A text progress bar for the console line.</summary>
internal static class Progress
{
    public static string Bar(int done, int total, int width = 24)
    {
        int filled = (int)Math.Round(width * (double)done / total);
        return "[" + new string('#', filled) + new string('.', width - filled) + "]";
    }
}

/// <summary>Locates the repository root: the nearest directory upwards that contains AutoDiff.sln.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AutoDiff.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new DirectoryNotFoundException("Could not find AutoDiff.sln above the current or the program directory; pass an output path instead.");
    }
}
