using System.Globalization;
using SecretProjection.Agent;
using SecretProjection.Hosting;
using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// Prints what <c>agent</c> does, one line per event: for people, or with <c>-o json</c> one JSON object per line
/// (<c>{"kind","pod","uid","volume","message","time"}</c>). Never a value: names, uids, generations and messages.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class AgentEventWriter : IAgentEventObserver
{
    private readonly TextWriter _output;
    private readonly bool _json;
    private readonly Lock _lock = new();

    public AgentEventWriter(TextWriter output, bool json)
    {
        // Lines for people escape control characters as the other verbs' text does; JSON escapes them itself.
        _output = json ? output : new PrintableWriter(output);
        _json = json;
    }

    public void OnEvent(AgentEvent agentEvent)
    {
        lock (_lock)
        {
            if (_json)
            {
                JsonOutput.WriteLine(_output, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("kind", agentEvent.Kind.ToString());
                    json.WriteString("pod", agentEvent.Pod);
                    json.WriteString("uid", agentEvent.Uid);
                    json.WriteString("volume", agentEvent.Volume);
                    json.WriteString("message", agentEvent.Message);
                    json.WriteString("time", Time(agentEvent, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"));
                    json.WriteEndObject();
                });
            }
            else
            {
                _output.WriteLine($"{Time(agentEvent, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'")}  {agentEvent}");
            }

            _output.Flush();
        }
    }

    private static string Time(AgentEvent e, string format) => e.Time.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
}
