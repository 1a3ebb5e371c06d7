using System.Globalization;
using SecretProjection.GenerationWriter;
using SecretProjection.Linux.Volumes;
using SecretProjection.Writing;

// SecretProjection.GenerationWriter DIR FIRST [FSGROUP] [--step S] [--count N] [--stdin]
//   writes generation FIRST, FIRST+S, ... into DIR with the real atomic writer and the Linux backend, printing
//   "published N" after each: until it is killed, or N generations (then "done").
//   With --stdin it writes the generation each input line names, with a new writer each time (as one run of
//   `project`), printing "published N" or "failed N: message", until the input ends.
var positional = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var flags = args.Skip(positional.Length).ToArray();
if (positional.Length is < 2 or > 3)
{
    await Console.Error.WriteLineAsync("usage: SecretProjection.GenerationWriter DIR FIRST [FSGROUP] [--step S] [--count N] [--stdin]");
    return 2;
}

long? Flag(string name) => Array.IndexOf(flags, name) is var i and >= 0 ? long.Parse(flags[i + 1], CultureInfo.InvariantCulture) : null;
var first = long.Parse(positional[1], CultureInfo.InvariantCulture);
var step = Flag("--step") ?? 1;
var count = Flag("--count");
long? fsGroup = positional.Length == 3 ? long.Parse(positional[2], CultureInfo.InvariantCulture) : null;
VolumePayload Payload(long n) => Generations.Payload(n).WithFsGroup(fsGroup);

// Compile the writer's code first, on a volume of its own, so that a kill after "ready" lands in a write
// rather than in the JIT.
var warmUp = Directory.CreateDirectory(positional[0].TrimEnd('/') + ".warm-up." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture)).FullName;
using (var warmUpVolume = new LinuxVolumeFileSystem(warmUp))
{
    var warmUpWriter = AtomicWriter.Create(warmUpVolume);
    for (var n = 0; n < 2; n++)
    {
        warmUpWriter.Write(Payload(n));
    }
}

Directory.Delete(warmUp, recursive: true);

var output = Console.Out; // autoflushed: each line is one write(2), done before the next generation starts
if (flags.Contains("--stdin"))
{
    output.WriteLine("ready");
    while (Console.In.ReadLine() is { } line)
    {
        var n = long.Parse(line, CultureInfo.InvariantCulture);
        try
        {
            using var volume = new LinuxVolumeFileSystem(positional[0]);
            AtomicWriter.Create(volume).Write(Payload(n));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"published {n}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failed {n}: {e.Message.ReplaceLineEndings(" ")}"));
        }
    }

    return 0;
}

using var fileSystem = new LinuxVolumeFileSystem(positional[0]);
var writer = AtomicWriter.Create(fileSystem);
output.WriteLine("ready");
for (var (n, written) = (first, 0L); count is null || written < count; n += step, written++)
{
    writer.Write(Payload(n));
    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"published {n}"));
}

output.WriteLine("done");
return 0;
