using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace AutoDiff.Testing;

/// <summary>The source documents an assembly was compiled from, as its portable PDB lists them.</summary>
internal static class SourceDocuments
{
    /// <summary>The PDB's custom debug information kind for a document's embedded source.</summary>
    private static readonly Guid EmbeddedSource = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    /// <summary>A document, its text (embedded in the PDB, else read from disk), and whether AutoDiff's generator wrote it.</summary>
    public sealed record Document(string Path, string Text, bool IsAutoDiffOutput);

    public static IReadOnlyList<Document> Read(Assembly assembly)
    {
        string location = assembly.Location;
        if (location.Length == 0)
        {
            throw new InvalidOperationException($"{assembly.GetName().Name} was not loaded from a file, so its PDB cannot be found.");
        }

        using FileStream stream = File.OpenRead(location);
        using var pe = new PEReader(stream);
        if (!pe.TryOpenAssociatedPortablePdb(location, path => File.Exists(path) ? File.OpenRead(path) : null, out MetadataReaderProvider? provider, out _)
            || provider is null)
        {
            throw new InvalidOperationException($"{location} has no portable PDB (embedded or beside it); build it with <DebugType>portable</DebugType> or embedded.");
        }

        using (provider)
        {
            MetadataReader pdb = provider.GetMetadataReader();
            var documents = new List<Document>();
            var missing = new List<string>();
            foreach (DocumentHandle handle in pdb.Documents)
            {
                string path = pdb.GetString(pdb.GetDocument(handle).Name);
                string? text = Embedded(pdb, handle) ?? (File.Exists(path) ? File.ReadAllText(path) : null);
                if (text is null)
                {
                    missing.Add(path);
                    continue;
                }

                string normalized = path.Replace('\\', '/');
                documents.Add(new Document(path, text, normalized.Contains("/AutoDiff.Generator.DifferentiableGenerator/", StringComparison.Ordinal)));
            }

            if (missing.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Source files of {assembly.GetName().Name} are not where its PDB says (a path-mapped CI build?): {string.Join(", ", missing.Take(5))}. "
                    + "Pass a Compilation of your own to GeneratedDerivatives.Of instead.");
            }

            return documents;
        }
    }

    /// <summary>The embedded source of a document: a 4-byte size (0 when stored as is), then the bytes, deflated when a size is given.</summary>
    private static string? Embedded(MetadataReader pdb, DocumentHandle document)
    {
        foreach (CustomDebugInformationHandle handle in pdb.GetCustomDebugInformation(document))
        {
            CustomDebugInformation information = pdb.GetCustomDebugInformation(handle);
            if (pdb.GetGuid(information.Kind) != EmbeddedSource)
            {
                continue;
            }

            byte[] blob = pdb.GetBlobBytes(information.Value);
            int size = BitConverter.ToInt32(blob, 0);
            Stream bytes = new MemoryStream(blob, 4, blob.Length - 4);
            if (size > 0)
            {
                bytes = new DeflateStream(bytes, CompressionMode.Decompress);
            }

            using var reader = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        return null;
    }
}
