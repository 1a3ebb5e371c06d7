using System.CommandLine;
using SecretProjection.Tool.Input;
using SecretProjection.Validation;

namespace SecretProjection.Tool.Cli;

/// <summary>The options every verb that reads manifests shares: the input (<c>-f</c>, <c>-R</c>, <c>-n</c>) and <c>-o json</c>.</summary>
internal sealed class CommonOptions
{
    public InputOptions Input { get; } = new();

    public Option<string?> Output { get; } = CreateOutputOption();

    /// <summary>Adds the shared options to a verb.</summary>
    public void AddTo(Command command)
    {
        Input.AddTo(command);
        command.Options.Add(Output);
    }

    public bool IsJson(ParseResult result) => result.GetValue(Output) == "json";

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
    public static Option<EnvVarNameMode> CreateEnvNamesOption()
    {
        var option = new Option<EnvVarNameMode>("--env-names")
        {
            Description = "Environment-variable name rule: relaxed (kubelets from v1.30 on, the default) or strict (kubelets before v1.30).",
            DefaultValueFactory = _ => EnvVarNameMode.Relaxed,
            CustomParser = r => r.Tokens[0].Value switch
            {
                "relaxed" => EnvVarNameMode.Relaxed,
                "strict" => EnvVarNameMode.Strict,
                var other => Fail(r, other),
            },
        };
        option.CompletionSources.Add("relaxed", "strict");
        return option;

        static EnvVarNameMode Fail(System.CommandLine.Parsing.ArgumentResult r, string value)
        {
            r.AddError($"--env-names must be 'relaxed' or 'strict', not '{value}'.");
            return EnvVarNameMode.Relaxed;
        }
    }

    /// <summary>The <c>-o json</c> option; <paramref name="description"/> says what JSON is printed.</summary>
    public static Option<string?> CreateOutputOption(string description = "Output format: 'json' prints one JSON document; default is a table for people.")
    {
        var option = new Option<string?>("--output", "-o") { Description = description };
        option.AcceptOnlyFromAmong("json");
        return option;
    }
}
