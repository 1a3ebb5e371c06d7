using SecretProjection.Kubernetes.Manifests;

namespace SecretProjection.Tool.Cli;

/// <summary>Reads the <c>-f</c> files into one manifest set; any failure is an <see cref="InputException"/>.</summary>
internal static class InputLoader
{
    public static ManifestSet Load(IReadOnlyList<string> files, ToolContext context)
    {
        var sets = new List<ManifestSet>();
        foreach (var file in files)
        {
            string content;
            try
            {
                if (file == "-")
                {
                    content = context.OpenInput().ReadToEnd();
                }
                else
                {
                    content = File.ReadAllText(file);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{file}: cannot read: {Describe(e)}", e);
            }

            try
            {
                sets.Add(ManifestReader.Read(content, file));
            }
            catch (ManifestException e)
            {
                throw new InputException(e.Message, e);
            }
        }

        return ManifestSet.Concat(sets);
    }

    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };
}
