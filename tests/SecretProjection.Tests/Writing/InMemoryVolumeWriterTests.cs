using SecretProjection.TestSupport.Writing;
using SecretProjection.Testing.Volumes;
using SecretProjection.Writing;
using Xunit.Abstractions;

namespace SecretProjection.Tests.Writing;

/// <summary>The volume writer's contract on the in-memory simulation (on the Linux backend: <c>LinuxVolumeFileSystemTests</c>).</summary>
public sealed class InMemoryVolumeWriterTests(ITestOutputHelper output) : VolumeWriterContract(output)
{
    private readonly InMemoryVolumeFileSystem _fs = new();

    protected override IVolumeFileSystem Backend => _fs;

    protected override string OutsideDirectory => "/";

    protected override byte[]? ReadThroughLinks(string path) => _fs.ReadFileThroughLinks(path);

    protected override IReadOnlyList<string> ListOutside() => _fs.ListThroughLinks("/")!;
}
