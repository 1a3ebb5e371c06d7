using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using SecretProjection.Extensions.Configuration.Tests.Fixtures;
using SecretProjection.TestSupport;
using Xunit.Abstractions;

namespace SecretProjection.Extensions.Configuration.Tests.Providers;

public sealed class SecretVolumeConfigurationProviderTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper output = FigureLog.For<SecretVolumeConfigurationProviderTests>(output);

    private const string Connection = "Database:ConnectionString";

    [Fact]
    public async Task Reloads_exactly_once_per_swap_and_shows_only_the_new_generation()
    {
        using var volume = KubeletVolume.Create();
        await ReloadsOncePerSwap(volume);
    }

    [VolumeFact]
    [RequiresRoot("mounting a tmpfs needs CAP_SYS_ADMIN; CI runs as root")]
    public async Task Reloads_exactly_once_per_swap_on_a_tmpfs_as_the_kubelet_mounts_it()
    {
        using var tmpfs = Tmpfs.Mount();
        using var volume = KubeletVolume.On(tmpfs.Path);
        await ReloadsOncePerSwap(volume);
    }

    private async Task ReloadsOncePerSwap(KubeletVolume volume)
    {
        volume.Write(Generations.Numbered(1));
        using var config = (ConfigurationRoot)new ConfigurationBuilder().AddSecretVolume(volume.Path).Build();
        Assert.Equal("gen-1", config[Connection]);

        var reloads = new Recorder<string>();
        using var subscription = ChangeToken.OnChange(config.GetReloadToken, () => reloads.Add(Values(config)));

        var latency = Stopwatch.StartNew();
        volume.Write(Generations.Numbered(2));
        Assert.Equal("gen-2 gen-2 gen-2", await reloads.NextAsync());
        output.WriteLine($"reloaded {latency.ElapsedMilliseconds} ms after the swap began");

        // The next swap is the barrier: a second reload for generation 2 would be recorded before this one.
        volume.Write(Generations.Numbered(3));
        Assert.Equal("gen-3 gen-3 gen-3", await reloads.NextAsync());
    }

    [Fact]
    public async Task A_thousand_rapid_swaps_never_expose_a_mixed_generation()
    {
        const int Swaps = 1000;
        using var volume = KubeletVolume.Create();
        volume.Write(Generations.Numbered(0));
        using var config = (ConfigurationRoot)new ConfigurationBuilder().AddSecretVolume(volume.Path).Build();

        var reloads = 0;
        var mixedAtReload = 0;
        var last = new Recorder<bool>();
        using var subscription = ChangeToken.OnChange(config.GetReloadToken, () =>
        {
            // Reloads are serialised, so the callback sees exactly the data just published.
            reloads++;
            var values = Values(config);
            if (values.Split(' ').Distinct().Count() != 1)
            {
                mixedAtReload++;
            }

            if (values.StartsWith($"gen-{Swaps} ", StringComparison.Ordinal))
            {
                last.Add(true);
            }
        });

        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() => ReadUntil(config, stop.Token));
        var writing = Stopwatch.StartNew();
        for (var i = 1; i <= Swaps; i++)
        {
            volume.Write(Generations.Numbered(i));
        }

        writing.Stop();

        await last.NextAsync();
        await stop.CancelAsync();
        var (consistent, overlapped, mixed) = await reader;

        output.WriteLine($"{Swaps} swaps in {writing.ElapsedMilliseconds} ms, {reloads} reloads, {mixedAtReload} mixed at reload; readers: {consistent} consistent reads, {overlapped} overlapped a reload, {mixed} mixed");
        Assert.Equal(0, mixedAtReload);
        Assert.Equal(0, mixed);
        Assert.InRange(reloads, 1, Swaps);
        Assert.True(consistent > 0);
    }

    [Fact]
    public async Task Options_monitor_reports_the_new_value()
    {
        using var volume = KubeletVolume.Create();
        volume.Write(Generations.Numbered(1));
        var config = new ConfigurationBuilder().AddSecretVolume(volume.Path).Build();
        using var services = new ServiceCollection()
            .Configure<DatabaseOptions>(config.GetSection("Database"))
            .BuildServiceProvider();
        var monitor = services.GetRequiredService<IOptionsMonitor<DatabaseOptions>>();
        Assert.Equal("gen-1", monitor.CurrentValue.ConnectionString);
        var changes = new Recorder<string?>();
        using var subscription = monitor.OnChange(options => changes.Add(options.ConnectionString));

        volume.Write(Generations.Numbered(2));

        Assert.Equal("gen-2", await changes.NextAsync());
        Assert.Equal("gen-2", monitor.CurrentValue.Password);
    }

    [Fact]
    public void Polling_reloads_on_the_fake_clock()
    {
        using var polled = PolledVolume.Holding(Generations.Numbered(1));
        using var config = (ConfigurationRoot)new ConfigurationBuilder()
            .AddSecretVolume(polled.Volume.Path, o => polled.ApplyTo(o.Watch))
            .Build();

        polled.Volume.Write(Generations.Numbered(2));
        Assert.Equal("gen-1", config[Connection]);

        polled.Tick();
        Assert.Equal("gen-2", config[Connection]);
    }

    [Fact]
    public void Maps_files_to_keys_with_the_key_per_file_conventions()
    {
        using var volume = KubeletVolume.Create();
        volume.Write(new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Warning\n",
            ["ignore.me"] = "x",
            [".dockerconfigjson"] = "{}",
            ["nested/file"] = "not a top-level file",
            ["multi-line"] = "a\nb\n\n",
        });

        var config = new ConfigurationBuilder().AddSecretVolume(volume.Path).Build();

        Assert.Equal(
            [".dockerconfigjson=\"{}\"", "Logging:LogLevel:Default=\"Warning\"", "multi-line=\"a\nb\n\""],
            config.AsEnumerable().Where(p => p.Value is not null).Select(p => $"{p.Key}=\"{p.Value}\"").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Honours_a_custom_delimiter_and_ignore_condition()
    {
        using var volume = KubeletVolume.Create();
        volume.Write(new Dictionary<string, string> { ["a.b"] = "1", ["skip"] = "2", ["ignore.c"] = "3" });

        var config = new ConfigurationBuilder()
            .AddSecretVolume(volume.Path, o =>
            {
                o.SectionDelimiter = ".";
                o.IgnoreCondition = name => name == "skip";
            })
            .Build();

        Assert.Equal("1", config["a:b"]);
        Assert.Null(config["skip"]);
        Assert.Equal("3", config["ignore:c"]);
    }

    [Fact]
    public void Refuses_an_empty_section_delimiter()
    {
        var error = Assert.Throws<ArgumentException>(() => new ConfigurationBuilder().AddSecretVolume("/etc/secrets", o => o.SectionDelimiter = ""));

        Assert.Equal("options.SectionDelimiter", error.ParamName);
    }

    [Fact]
    public void A_missing_directory_fails_unless_optional()
    {
        using var volume = KubeletVolume.NotYetCreated();

        var error = Assert.Throws<DirectoryNotFoundException>(() => new ConfigurationBuilder().AddSecretVolume(volume.Path).Build());
        Assert.Equal($"The secret volume directory '{volume.Path}' does not exist and is not optional.", error.Message);

        var config = new ConfigurationBuilder().AddSecretVolume(volume.Path, o => o.Optional = true).Build();
        Assert.Empty(config.AsEnumerable());
    }

    [Fact]
    public void An_optional_volume_that_appears_later_is_picked_up()
    {
        using var volume = KubeletVolume.NotYetCreated();
        var time = new FakeTimeProvider();
        using var config = (ConfigurationRoot)new ConfigurationBuilder()
            .AddSecretVolume(volume.Path, o =>
            {
                o.Optional = true;
                o.Watch.TimeProvider = time;
            })
            .Build();

        volume.Write(Generations.Numbered(1));
        time.Advance(new SecretVolumeWatchOptions().PollingInterval);

        Assert.Equal("gen-1", config[Connection]);
    }

    [Fact]
    public void Never_prints_values()
    {
        using var volume = KubeletVolume.Create();
        volume.Write(Generations.Numbered(7));
        var config = new ConfigurationBuilder().AddSecretVolume(volume.Path).Build();

        var described = config.Providers.Single().ToString();

        Assert.Contains(volume.Path, described, StringComparison.Ordinal);
        Assert.DoesNotContain("gen-7", described, StringComparison.Ordinal);
    }

    private static string Values(IConfiguration config) =>
        string.Join(' ', Generations.Keys.Select(key => config[key.Replace("__", ":", StringComparison.Ordinal)]));

    // Reads the keys, then the first again: values only move forward, so if the first key is the same before
    // and after, every read in between hit the same published data, which must then be one generation.
    private static (int Consistent, int Overlapped, int Mixed) ReadUntil(IConfiguration config, CancellationToken stop)
    {
        var (consistent, overlapped, mixed) = (0, 0, 0);
        while (!stop.IsCancellationRequested)
        {
            var before = config[Connection];
            var values = Values(config);
            if (config[Connection] != before)
            {
                overlapped++;
            }
            else if (values == $"{before} {before} {before}")
            {
                consistent++;
            }
            else
            {
                mixed++;
            }

            // Leaves the writer and the reloads their share of a small machine.
            Thread.Yield();
        }

        return (consistent, overlapped, mixed);
    }

    private sealed class DatabaseOptions
    {
        public string? ConnectionString { get; set; }

        public string? Password { get; set; }
    }
}
