using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace SecretProjection.Tool.Input;

/// <summary>The options that say what a verb reads: <c>-f</c>, <c>-R</c>, <c>-n</c>, <c>--max-input-bytes</c>; as kubectl's.</summary>
internal sealed class InputOptions
{
    public InputOptions()
    {
        // A glob expands to several values after one -f (-f samples/manifests/*.yaml); an unknown option among
        // them is an error, not a file name.
        Files.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value.StartsWith('-'))
                {
                    result.AddError($"unknown option '{token.Value}' (a file whose name starts with '-' is given as ./{token.Value})");
                }
            }
        });
    }

    public Option<string[]> Files { get; } = new("--filename", "--file", "-f")
    {
        Description = "A manifest file (YAML or JSON, several documents, a v1 List), a directory (its *.yaml, *.yml and *.json files, in name order) or '-' for standard input. Repeatable, or comma-separated.",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<bool> Recursive { get; } = new("--recursive", "-R")
    {
        Description = "Read the directories given with -f with their subdirectories.",
    };

    public Option<string?> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "The namespace of objects that name none (default 'default'); an object that names another namespace is refused, as kubectl refuses it.",
    };

    public Option<long> MaxBytes { get; } = new("--max-input-bytes")
    {
        Description = "The most that is read from all inputs together: bytes, or with a suffix Ki, Mi, Gi. Default 64Mi.",
        HelpName = "size",
        DefaultValueFactory = _ => InputSettings.DefaultMaxBytes,
        CustomParser = ParseSize,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Files);
        command.Options.Add(Recursive);
        command.Options.Add(Namespace);
        command.Options.Add(MaxBytes);
    }

    public InputSettings Read(ParseResult result) => new(
        [.. (result.GetValue(Files) ?? []).SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries))],
        result.GetValue(Recursive),
        string.IsNullOrEmpty(result.GetValue(Namespace)) ? null : result.GetValue(Namespace),
        result.GetValue(MaxBytes));

    private static long ParseSize(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        var (digits, shift) = text switch
        {
            _ when text.EndsWith("Ki", StringComparison.Ordinal) => (text[..^2], 10),
            _ when text.EndsWith("Mi", StringComparison.Ordinal) => (text[..^2], 20),
            _ when text.EndsWith("Gi", StringComparison.Ordinal) => (text[..^2], 30),
            _ => (text, 0),
        };
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= long.MaxValue >> shift)
        {
            return value << shift;
        }

        result.AddError($"--max-input-bytes must be a positive number of bytes, optionally with a suffix Ki, Mi or Gi, not '{text}'");
        return InputSettings.DefaultMaxBytes;
    }
}
