using System.Text;
using Microsoft.Extensions.Primitives;
using SecretProjection.Extensions.Configuration.Tests.Fixtures;

namespace SecretProjection.Extensions.Configuration.Tests.Files;

public sealed class SecretFileTests
{
    private const string Certificate = "tls.crt";

    [Fact]
    public async Task Hands_out_the_new_bytes_before_its_token_fires()
    {
        using var volume = KubeletVolume.Create();
        var first = volume.Write(Tls(1));
        using var file = SecretVolume.OpenFile(Path.Combine(volume.Path, Certificate));
        Assert.Equal("cert-1", Text(file));
        Assert.Equal(first, file.Generation);
        var seen = new Recorder<string>();
        using var subscription = ChangeToken.OnChange(file.GetChangeToken, () => seen.Add(Text(file)));

        volume.Write(Tls(2));
        Assert.Equal("cert-2", await seen.NextAsync());

        volume.Write(Tls(3));
        Assert.Equal("cert-3", await seen.NextAsync());
    }

    [Fact]
    public void Fires_only_when_its_generation_changes_on_the_polling_clock()
    {
        using var polled = PolledVolume.Holding(Tls(1));
        using var file = SecretVolume.OpenFile(Path.Combine(polled.Volume.Path, Certificate), polled.Options());
        var token = file.GetChangeToken();

        polled.Tick();
        Assert.False(token.HasChanged);

        var second = polled.Volume.Write(Tls(2));
        Assert.Equal("cert-1", Text(file));
        polled.Tick();

        Assert.True(token.HasChanged);
        Assert.Equal("cert-2", Text(file));
        Assert.Equal(second, file.Generation);
    }

    [Fact]
    public void Keeps_the_last_bytes_when_a_generation_lacks_the_file()
    {
        using var polled = PolledVolume.Holding(Tls(1));
        using var file = SecretVolume.OpenFile(Path.Combine(polled.Volume.Path, Certificate), polled.Options());
        var token = file.GetChangeToken();

        polled.Volume.Write(new Dictionary<string, string> { ["other"] = "x" });
        polled.Tick();

        Assert.False(token.HasChanged);
        Assert.Equal("cert-1", Text(file));
    }

    [Fact]
    public void A_missing_file_is_a_clear_error_without_contents()
    {
        using var volume = KubeletVolume.Create();
        volume.Write(Tls(1));

        var error = Assert.Throws<FileNotFoundException>(() => SecretVolume.OpenFile(Path.Combine(volume.Path, "tls.pem")));

        Assert.Equal($"The projected volume '{volume.Path}' has no file 'tls.pem'.", error.Message);
    }

    private static Dictionary<string, string> Tls(int generation) =>
        new() { [Certificate] = $"cert-{generation}", ["tls.key"] = $"key-{generation}" };

    private static string Text(ISecretFile file) => Encoding.UTF8.GetString(file.Content.Span);
}
