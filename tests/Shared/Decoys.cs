namespace SecretProjection.TestSupport;

/// <summary>
/// Stand-ins for what an escape from a volume would reach on a node: <c>etc/passwd</c> and a private key under a
/// <c>root</c> directory kept to its owner, planted in a sandbox that is snapshotted around each hostile case.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class Decoys
{
    /// <summary>Plants the decoys under <paramref name="outside"/>.</summary>
    public static void Plant(string outside)
    {
        Directory.CreateDirectory(Path.Combine(outside, "etc"));
        File.WriteAllText(Path.Combine(outside, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Directory.CreateDirectory(Path.Combine(outside, "root", ".ssh"));
        File.WriteAllText(Path.Combine(outside, "root", ".ssh", "id_ed25519"), "not a key");
        File.SetUnixFileMode(Path.Combine(outside, "root", ".ssh", "id_ed25519"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Path.Combine(outside, "root"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
