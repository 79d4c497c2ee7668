using System.Diagnostics;
using System.Text;

namespace AutoDiff.Package.Tests;

/// <summary>What a command printed and how it ended.</summary>
public sealed record DotNetResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>The command, its exit code and everything it printed, for failure messages.</summary>
    public string Describe() => $"`{Command}` exited with {ExitCode} after {Elapsed.TotalSeconds:F1} s:\n{Output}";
}

/// <summary>Runs the <c>dotnet</c> CLI (or a shell command) as a child process, isolated from the test host's MSBuild environment.</summary>
public static class DotNetCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    /// <summary>The host that runs the tests is the dotnet that should run the commands.</summary>
    public static string DotNet { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : "dotnet";

    public static DotNetResult Run(string workingDirectory, params string[] arguments) =>
        Run(DotNet, workingDirectory, new Dictionary<string, string?>(), arguments);

    /// <summary>
    /// Runs <paramref name="program"/> with the given extra environment (a null value removes a variable);
    /// the directory of the test host's dotnet comes first on PATH, so a shell finds the same dotnet.
    /// </summary>
    public static DotNetResult Run(string program, string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // `dotnet test` leaves MSBuild variables in the environment that would point the child build at
        // the parent's SDK state; the child gets a clean one.
        foreach (string key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (Path.GetDirectoryName(DotNet) is { Length: > 0 } dotnetDirectory)
        {
            start.Environment["PATH"] = dotnetDirectory + Path.PathSeparator + start.Environment["PATH"];
        }

        foreach ((string key, string? value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string command = (program == DotNet ? "dotnet" : program) + " " + string.Join(' ', arguments);
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new DotNetResult(command, -1, $"(killed after {Timeout.TotalMinutes} minutes)\n{Snapshot(output)}", clock.Elapsed);
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        return new DotNetResult(command, process.ExitCode, Snapshot(output), clock.Elapsed);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
