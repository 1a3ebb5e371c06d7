using System.CommandLine;
using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// <c>completion bash|zsh|powershell</c>: prints a script that completes verbs, options and their values by asking
/// the tool itself through System.CommandLine's <c>[suggest:POSITION]</c> directive (what <c>dotnet-suggest</c> asks
/// too, without needing it installed); file names are left to the shell.
/// </summary>
internal static class CompletionCommand
{
    public const string Bash = """
        # bash completion for secretprojection: source <(secretprojection completion bash)
        _secretprojection_complete()
        {
            local IFS=$'\n'
            local candidates
            candidates=$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=($(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _secretprojection_complete secretprojection

        """;

    public const string Zsh = """
        #compdef secretprojection
        # zsh completion for secretprojection: source <(secretprojection completion zsh), or save it as _secretprojection in $fpath
        _secretprojection() {
            local line="${(j: :)words[1,CURRENT]}"
            local -a candidates
            candidates=("${(@f)$(${words[1]} "[suggest:${#line}]" "$line" 2>/dev/null)}")
            candidates=(${candidates:#})
            if (( ${#candidates} )); then
                compadd -- "${candidates[@]}"
            else
                _files
            fi
        }
        if [ "$funcstack[1]" = "_secretprojection" ]; then
            _secretprojection "$@"
        else
            compdef _secretprojection secretprojection
        fi

        """;

    public const string PowerShell = """
        # PowerShell completion for secretprojection: secretprojection completion powershell | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName secretprojection -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $position = $cursorPosition - $commandAst.Extent.StartOffset
            $line = $commandAst.ToString().PadRight($position)
            & $commandAst.CommandElements[0].Value "[suggest:$position]" $line 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;

    public static Command Create(ToolContext context)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or powershell." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "powershell");
        shell.CompletionSources.Clear();
        shell.CompletionSources.Add("bash", "zsh", "powershell");
        var command = new Command("completion", VerbHelp.Completion) { shell };
        command.SetAction(result =>
        {
            context.Output.Write(result.GetValue(shell) switch
            {
                "bash" => Bash,
                "zsh" => Zsh,
                _ => PowerShell,
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
