// Reads every PDB of the given symbols packages (.snupkg) and checks that a debugger can find the source of
// every document: mapped by the PDB's source link, or embedded in the PDB. With --deterministic, every
// document path must also be a mapped /_/ path (ContinuousIntegrationBuild), not a path of this machine.
//   dotnet run eng/inspect-symbols.cs -- [--deterministic] artifacts/*.snupkg
// Prints one line per PDB; exits 1 if any document is not covered.
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;

var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
var embeddedSourceKind = new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
var deterministic = args.Contains("--deterministic");
var failures = 0;

foreach (var package in args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)))
{
    using var zip = ZipFile.OpenRead(package);
    foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".pdb", StringComparison.Ordinal)))
    {
        using var pdb = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(pdb);
        }

        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();

        // Source link: {"documents": {"/_/*": "https://host/owner/repo/<commit>/*"}}, a prefix per entry.
        var prefixes = new List<(string Path, string Url)>();
        var embedded = new HashSet<DocumentHandle>();
        foreach (var handle in reader.CustomDebugInformation)
        {
            var information = reader.GetCustomDebugInformation(handle);
            var kind = reader.GetGuid(information.Kind);
            if (kind == sourceLinkKind)
            {
                using var json = JsonDocument.Parse(reader.GetBlobBytes(information.Value));
                prefixes.AddRange(json.RootElement.GetProperty("documents").EnumerateObject()
                    .Select(p => (p.Name.TrimEnd('*'), p.Value.GetString()!.TrimEnd('*'))));
            }
            else if (kind == embeddedSourceKind && information.Parent.Kind == HandleKind.Document)
            {
                embedded.Add((DocumentHandle)information.Parent);
            }
        }

        int documents = 0, linked = 0, inline = 0;
        var problems = new List<string>();
        foreach (var handle in reader.Documents)
        {
            documents++;
            var name = reader.GetString(reader.GetDocument(handle).Name);
            var isLinked = prefixes.Any(p => name.StartsWith(p.Path, StringComparison.Ordinal));
            var isEmbedded = embedded.Contains(handle);
            linked += isLinked ? 1 : 0;
            inline += isEmbedded ? 1 : 0;
            if (!isLinked && !isEmbedded)
            {
                problems.Add($"{name}: neither in the source link nor embedded");
            }

            if (deterministic && !name.StartsWith("/_/", StringComparison.Ordinal))
            {
                problems.Add($"{name}: not a deterministic /_/ path");
            }
        }

        var link = prefixes.Count == 0 ? "no source link" : "source link " + string.Join(", ", prefixes.Select(p => $"{p.Path}* -> {p.Url}*"));
        Console.WriteLine($"  {Path.GetFileName(package)} {entry.FullName}: {documents} documents, {linked} linked, {inline} embedded; {link}");
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"    {problem}");
        }

        failures += problems.Count;
    }
}

return failures == 0 ? 0 : 1;
