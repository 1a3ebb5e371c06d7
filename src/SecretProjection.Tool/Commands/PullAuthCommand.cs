using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SecretProjection.Credentials;
using SecretProjection.Model;
using SecretProjection.Tool.Cli;
using SecretProjection.Tool.Input;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// <c>pull-auth</c>: the registry credentials the kubelet would try, in order, for each container image of
/// the pod (or for one image), from the pod's pull secrets or, when it lists none, its ServiceAccount's.
/// User names and passwords only with <c>--reveal</c>; the registry keys are shown (they say which entry matches,
/// and the images name those registries already), also inside error field paths.
/// </summary>
internal static class PullAuthCommand
{
    public static Command Create(ToolContext context)
    {
        var common = new CommonOptions();
        var image = new Option<string?>("--image") { Description = "Look up this image instead of the pod's container images." };
        var reveal = new Option<bool>("--reveal") { Description = "Show user names and passwords (they are secret: hidden by default)." };
        var podName = CommonOptions.CreatePodOption();
        var command = new Command("pull-auth", VerbHelp.PullAuth);
        common.AddTo(command);
        command.Options.Add(image);
        command.Options.Add(reveal);
        command.Options.Add(podName);
        command.SetAction(result =>
        {
            var input = PodInput.Load(common.ReadInput(result, context), result.GetValue(podName));
            var pod = input.Pod;
            var serviceAccount = input.Input.ServiceAccountOf(pod);
            var resolved = PullAuthResolver.Resolve(pod, input.Objects, serviceAccount, result.GetValue(image));
            var showPasswords = result.GetValue(reveal);
            if (common.Format(result) is not OutputFormat.Table and var format)
            {
                JsonOutput.Write(context.Output, format, json => WriteJson(json, input.Kind, resolved, showPasswords));
            }
            else
            {
                WriteText(context.Text, resolved, showPasswords);
            }

            return resolved.Images.Any(i => i.Error is not null) ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteJson(Utf8JsonWriter json, string kind, PullAuthResult result, bool reveal)
    {
        json.WriteStartObject();
        json.WriteString("pod", result.Pod);
        json.WriteString("kind", kind);
        json.WriteString("pullSecretsFrom", SourceName(result.Source));
        json.WriteStartArray("pullSecrets");
        foreach (var name in result.PullSecrets)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        WriteObjects(json, "images", result.Images, image =>
        {
            json.WriteString("container", image.Container);
            json.WriteString("kind", KindName(image.Kind));
            json.WriteString("image", image.Image);
            json.WriteString("repository", image.Repository);
            WriteObjects(json, "matches", image.Matches, match =>
            {
                json.WriteString("registry", match.Registry);
                json.WriteString("key", match.Key);
                json.WriteString("secret", match.Secret);
                if (reveal)
                {
                    json.WriteString("username", match.Username);
                    json.WriteString("password", match.Password);
                }
                else
                {
                    json.WriteBoolean("redacted", true);
                }
            });
            if (image.Error is { } error)
            {
                json.WriteStartObject("error");
                json.WriteString("reason", error.Reason);
                json.WriteString("message", error.Message);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("error");
            }
        });
        WriteObjects(json, "errors", result.Errors, error =>
        {
            json.WriteString("secret", error.Secret);
            json.WriteString("kind", error.Kind.ToString());
            json.WriteString("field", error.Error.Field);
            json.WriteString("message", error.Error.Message);
        });
        WriteObjects(json, "events", result.Events, e =>
        {
            json.WriteString("type", e.Type);
            json.WriteString("reason", e.Reason);
            json.WriteString("message", e.Message);
            json.WriteString("from", EventOrigin.Of(e.Reason));
        });
        json.WriteEndObject();
    }

    /// <summary>An array of objects, each written by <paramref name="writeProperties"/>.</summary>
    private static void WriteObjects<T>(Utf8JsonWriter json, string name, IEnumerable<T> items, Action<T> writeProperties)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStartObject();
            writeProperties(item);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteText(TextWriter output, PullAuthResult result, bool reveal)
    {
        string[] headers = ["CONTAINER", "IMAGE", "REGISTRY", "SECRET"];
        var table = new TextTable(reveal ? [.. headers, "USERNAME", "PASSWORD"] : headers);
        foreach (var image in result.Images)
        {
            var container = image.Container ?? "-";
            if (image.Error is not null)
            {
                table.Add(container, image.Image, "(cannot pull: " + image.Error.Reason + ")");
            }
            else if (image.Matches.Count == 0)
            {
                table.Add(container, image.Image, "(none: pulled without credentials)");
            }

            foreach (var match in image.Matches)
            {
                string[] row = [container, image.Image, match.Registry, match.Secret];
                table.Add(reveal ? [.. row, match.Username, match.Password] : row);
            }
        }

        table.WriteTo(output);
        output.WriteLine();
        output.WriteLine(result.Source == PullSecretSource.None
            ? "Pull secrets: none"
            : string.Create(CultureInfo.InvariantCulture, $"Pull secrets (from the {(result.Source == PullSecretSource.Pod ? "pod" : "ServiceAccount")}): {string.Join(", ", result.PullSecrets)}"));
        foreach (var error in result.Errors.Select(e => e.ToString()).Concat(result.Images.Where(i => i.Error?.Reason == "InvalidImageName").Select(i => i.Error!.Message)))
        {
            output.WriteLine($"Error: {error}");
        }

        foreach (var e in result.Events)
        {
            output.WriteLine($"{e.Type}  {e.Reason}  {e.Message}");
        }
    }

    private static string SourceName(PullSecretSource source) => source switch
    {
        PullSecretSource.Pod => "pod",
        PullSecretSource.ServiceAccount => "serviceAccount",
        _ => "none",
    };

    private static string KindName(ContainerKind kind) => kind switch
    {
        ContainerKind.Init => "init",
        ContainerKind.Ephemeral => "ephemeral",
        _ => "regular",
    };
}
