using System.Globalization;
using SecretProjection.GenerationWriter;
using SecretProjection.Linux.Volumes;
using SecretProjection.Writing;

// SecretProjection.GenerationWriter DIR FIRST [FSGROUP]: writes generation FIRST, FIRST+1, ... into DIR with
// the real atomic writer and the Linux backend, printing "published N" after each, until it is killed.
if (args.Length is < 2 or > 3)
{
    await Console.Error.WriteLineAsync("usage: SecretProjection.GenerationWriter DIR FIRST [FSGROUP]");
    return 2;
}

var first = long.Parse(args[1], CultureInfo.InvariantCulture);
var options = new AtomicWriterOptions { FsGroup = args.Length == 3 ? long.Parse(args[2], CultureInfo.InvariantCulture) : null };

// Compile the writer's code first, on a volume of its own, so that a kill after "ready" lands in a write
// rather than in the JIT.
var warmUp = Directory.CreateDirectory(args[0].TrimEnd('/') + ".warm-up").FullName;
var warmUpWriter = AtomicWriter.Create(new LinuxVolumeFileSystem(warmUp), options);
for (var n = 0; n < 2; n++)
{
    warmUpWriter.Write(Generations.Payload(n));
}

Directory.Delete(warmUp, recursive: true);

var writer = AtomicWriter.Create(new LinuxVolumeFileSystem(args[0]), options);
var output = Console.Out; // autoflushed: each line is one write(2), done before the next generation starts
output.WriteLine("ready");
for (var n = first; ; n++)
{
    writer.Write(Generations.Payload(n));
    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"published {n}"));
}
