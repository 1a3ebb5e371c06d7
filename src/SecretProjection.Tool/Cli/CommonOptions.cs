using System.CommandLine;
using SecretProjection.Tool.Input;
using SecretProjection.Validation;

namespace SecretProjection.Tool.Cli;

/// <summary>The options every verb that reads manifests shares: the input (<c>-f</c>, <c>-R</c>, <c>-n</c>) and <c>-o json|yaml</c>.</summary>
internal sealed class CommonOptions
{
    public InputOptions Input { get; } = new();

    public Option<OutputFormat> Output { get; } = CreateOutputOption();

    /// <summary>Adds the shared options to a verb.</summary>
    public void AddTo(Command command)
    {
        Input.AddTo(command);
        command.Options.Add(Output);
    }

    /// <summary>The <c>-o</c> format.</summary>
    public OutputFormat Format(ParseResult result) => result.GetValue(Output);

    /// <summary><c>--allow-shared-directory</c>, for the verbs that write volumes.</summary>
    public static Option<bool> CreateAllowSharedDirectoryOption() => new("--allow-shared-directory")
    {
        Description = "Write into a volume directory that others can write to (as the kubelet's 1777 tmpfs); refused by default, since whoever can write there can plant the names readers follow.",
    };

    /// <summary>The verb's input, to be read.</summary>
    public ManifestInput ReadInput(ParseResult result, ToolContext context) => new(Input.Read(result), context);

    /// <summary>The <c>--pod</c> option of the verbs that work on one pod.</summary>
    public static Option<string?> CreatePodOption() => new("--pod")
    {
        Description = "The pod or workload to work on when the input holds several: NAME or KIND/NAME (pod/web, deployment/web, cronjob/report, ...).",
        HelpName = "[KIND/]NAME",
    };

    /// <summary>The <c>--env-names</c> option of the verbs that check environment-variable names.</summary>
    public static Option<EnvVarNameMode?> CreateEnvNamesOption() => CreateChoiceOption(
        "--env-names",
        "Environment-variable name rule: relaxed (kubelets from v1.30 on, the default) or strict (kubelets before v1.30).",
        ("relaxed", EnvVarNameMode.Relaxed),
        ("strict", EnvVarNameMode.Strict));

    /// <summary>
    /// An option that takes one of <paramref name="choices"/> in any case, offers exactly those as completions (an
    /// enum's own completions would offer its member names too), and names them when it meets another value.
    /// </summary>
    /// <remarks>Nullable, without a default value factory: help shows the values as they are typed, and the default in words.</remarks>
    public static Option<T?> CreateChoiceOption<T>(string name, string description, params (string Value, T Choice)[] choices)
        where T : struct
    {
        var values = choices.Select(c => c.Value).ToArray();
        var option = new Option<T?>(name)
        {
            Description = description,
            HelpName = string.Join('|', values),
            CustomParser = r =>
            {
                var token = r.Tokens[0].Value;
                foreach (var (value, choice) in choices)
                {
                    if (string.Equals(token, value, StringComparison.OrdinalIgnoreCase))
                    {
                        return choice;
                    }
                }

                var quoted = values.Select(v => $"'{v}'").ToArray();
                r.AddError($"{name} must be {string.Join(", ", quoted[..^1])} or {quoted[^1]}, not '{token}'.");
                return null;
            },
        };
        option.CompletionSources.Clear();
        option.CompletionSources.Add(values);
        return option;
    }

    /// <summary>
    /// The <c>-o json|yaml</c> option, any case; <paramref name="description"/> says what is printed. An unknown
    /// format gets kubectl's message.
    /// </summary>
    public static Option<OutputFormat> CreateOutputOption(string description = "Output format: 'json' or 'yaml' prints one document; default is a table for people.")
    {
        var option = new Option<OutputFormat>("--output", "-o")
        {
            Description = description,
            HelpName = "json|yaml",
            CustomParser = r => r.Tokens[0].Value.ToLowerInvariant() switch
            {
                "json" => OutputFormat.Json,
                "yaml" => OutputFormat.Yaml,
                _ => FailFormat(r),
            },
        };
        // The values the parser accepts, and only those: an enum's own completions would offer its member names too.
        option.CompletionSources.Clear();
        option.CompletionSources.Add("json", "yaml");
        return option;

        static OutputFormat FailFormat(System.CommandLine.Parsing.ArgumentResult r)
        {
            r.AddError($"unable to match a printer suitable for the output format \"{r.Tokens[0].Value}\", allowed formats are: json,yaml");
            return OutputFormat.Table;
        }
    }
}
