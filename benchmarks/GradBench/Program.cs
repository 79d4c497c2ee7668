using System.Text;
using AutoDiff.GradBench;
using AutoDiff.GradBench.Protocol;

// A GradBench tool: messages on stdin, responses on stdout, one JSON object per line.
var session = new ToolSession(Modules.All);
using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), false, 1 << 20);
using Stream output = Console.OpenStandardOutput();
session.Run(input, output);
return 0;
