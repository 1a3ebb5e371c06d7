using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Extensions.Logging;
using SecretProjection.Agent;
using SecretProjection.DependencyInjection;
using SecretProjection.ObjectManagers;
using SecretProjection.Syncing;
using SecretProjection.TestSupport;
using Xunit.Abstractions;
using static SecretProjection.Tool.Tests.Hardening.Redaction;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// Secret values never reach a log. Every API that logs runs with an in-memory logger that takes every record at
/// every level, through the paths of every log statement (the <see cref="ChangeDetectionScenario"/>), with the
/// marker in every value; no formatted message, structured value, scope or exception chain shows it.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(ChangeDetectionCollection.Name)]
public sealed class LogRedactionTests
{
    /// <summary>
    /// The public members that take a logger or a logger factory, or resolve one from the services, and the run of
    /// the scenario that covers each. A member missing here fails <see cref="Every_api_that_takes_a_logger_is_covered_here"/>.
    /// </summary>
    private static readonly Dictionary<string, string> Covered = new()
    {
        [$"{typeof(ObjectManager).FullName}.{nameof(ObjectManager.ForSecrets)}"] = "watch, cache, get",
        [$"{typeof(ObjectManager).FullName}.{nameof(ObjectManager.ForConfigMaps)}"] = "watch, cache, get",
        [$"{typeof(PodSync).FullName}.{nameof(PodSync.Create)}"] = "watch, cache, get",
        [$"{typeof(NodeAgent).FullName}.{nameof(NodeAgent.Create)}"] = "agent",
        [$"{typeof(SecretProjectionServiceCollectionExtensions).FullName}.{nameof(SecretProjectionServiceCollectionExtensions.AddSecretProjection)}"] = "loopback (resolves the ILoggerFactory AddLogging registers)",
    };

    private readonly ITestOutputHelper _output;
    private readonly ChangeDetectionScenario _scenario;

    public LogRedactionTests(ITestOutputHelper output, ChangeDetectionScenario scenario)
    {
        _output = FigureLog.For<LogRedactionTests>(output);
        _scenario = scenario;
    }

    /// <summary>The capture would see the marker wherever a sink could write it: message, value, scope, exception chain.</summary>
    [Fact]
    public void The_capture_sees_the_marker_in_messages_values_scopes_and_exceptions()
    {
        var capture = new LogCapture();
        using (var loggers = capture.CreateFactory())
        {
            var logger = loggers.CreateLogger("control");
            logger.LogTrace("the value {Value}", Marker);
            logger.Log(LogLevel.Debug, new EventId(1), new[] { KeyValuePair.Create<string, object?>("Value", new[] { Encoding.UTF8.GetBytes(Marker).Length.ToString(CultureInfo.InvariantCulture), B64(Shifted) }) }, null, (_, _) => "no value here");
            using (logger.BeginScope(new Dictionary<string, object?> { ["Value"] = Marker.ToUpperInvariant() }))
            {
                logger.LogInformation("no value here");
            }

            logger.LogError(new InvalidOperationException("outer", new AggregateException(new IOException(Convert.ToHexString(Encoding.UTF8.GetBytes(Marker))))), "no value here");
        }

        var records = capture.Records;
        Assert.Equal(4, records.Count);
        foreach (var record in records)
        {
            Assert.Throws<Xunit.Sdk.FalseException>(() => AssertHidden(record.ToString(), record.Text));
        }

        Assert.Throws<Xunit.Sdk.FalseException>(() => AssertHidden("scope", capture.ScopesBegun.Single()));
        _output.WriteLine("the capture shows the marker logged in a message, a structured value, a scope and an exception chain, at Trace, Debug, Information and Error");
    }

    [Fact]
    public void No_log_record_of_any_logging_api_shows_the_marker()
    {
        var seen = new HashSet<(int Id, string? Name)>();
        foreach (var (run, log) in _scenario.Logs)
        {
            var records = log.Records;
            foreach (var record in records)
            {
                AssertHidden($"{run}: {record}", record.Text);
                seen.Add((record.EventId.Id, record.EventId.Name));
            }

            foreach (var scope in log.ScopesBegun)
            {
                AssertHidden($"{run}: scope", scope);
            }

            var levels = string.Join(' ', records.GroupBy(r => r.Level).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}"));
            _output.WriteLine(
                $"{run}: log records={records.Count} ({levels}) values={records.Sum(r => r.State.Count)} scopes={log.ScopesBegun.Count} exceptions={records.Count(r => r.Exception is not null)} " +
                $"categories={string.Join(',', records.Select(r => r.Category).Distinct().Order(StringComparer.Ordinal))} in {_scenario.Durations[run].TotalSeconds:F1} s");
            Assert.True(records.Count > 0, $"the {run} run logged nothing");
        }

        // Dependency injection handed the registered logger factory to the managers and to the pod sync.
        Assert.Equal(["SecretProjection.ObjectManagers", "SecretProjection.Syncing"], _scenario.Logs.Single(l => l.Run == "loopback").Log.Records.Select(r => r.Category).Distinct().Order(StringComparer.Ordinal));

        // Every log statement of the library ran: one added later fails here until the scenario reaches it.
        var statements = LogStatements().ToArray();
        var missing = statements.Where(s => !seen.Contains((s.Id, s.Name))).Select(s => $"{s.Name} ({s.Id})").ToArray();
        _output.WriteLine($"log statements of the library={statements.Length} reached={statements.Length - missing.Length}");
        Assert.True(missing.Length == 0, "log statements no run reached: " + string.Join(", ", missing));

        // The marker went through what logged: the last write of the Watch run restored the first version of db.
        Assert.Equal(Marker, Encoding.UTF8.GetString(_scenario.WatchVolumes["creds"].ReadFileThroughLinks("password")!));
        Assert.Equal(Shifted, Encoding.UTF8.GetString(_scenario.WatchVolumes["picked"].ReadFileThroughLinks("auth/token")!));
    }

    /// <summary>
    /// Every public member that takes a logger or a logger factory is listed in <see cref="Covered"/>, with the run
    /// that gives it the capture; a new one fails this test until the scenario covers it.
    /// </summary>
    [Fact]
    public void Every_api_that_takes_a_logger_is_covered_here()
    {
        static bool IsLogging(Type t) => typeof(ILogger).IsAssignableFrom(t) || typeof(ILoggerFactory).IsAssignableFrom(t) || typeof(ILoggerProvider).IsAssignableFrom(t);
        var takers = Library.SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m switch
            {
                MethodBase method => method.GetParameters().Any(p => IsLogging(p.ParameterType)),
                PropertyInfo property => IsLogging(property.PropertyType),
                _ => false,
            })
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .Distinct()
            .ToArray();

        _output.WriteLine($"public members taking a logger={takers.Length}, covered={takers.Count(Covered.ContainsKey)}; resolving one from the services: {string.Join(", ", Covered.Keys.Except(takers))}");
        Assert.DoesNotContain(takers, t => !Covered.ContainsKey(t));
        Assert.NotEmpty(takers);
    }

    /// <summary>The library's log statements: its <c>[LoggerMessage]</c> methods, with the event id and name they log.</summary>
    private static IEnumerable<(int Id, string Name)> LogStatements() =>
        Library.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => (m.Attribute!.EventId, m.Attribute.EventName ?? m.Method.Name));
}
