using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecretProjection.Kubernetes.Testing;

/// <summary>
/// The TLS material of one server, made when it starts: a certificate authority of its own, the server's certificate
/// for <c>127.0.0.1</c> and <c>localhost</c> signed by it, and a client certificate signed by it for the kubeconfig's
/// user (ECDSA P-256, quick to make). Valid from an hour ago for a year on the real clock, since TLS peers check them
/// against the real clock whatever clock the server's state runs on.
/// </summary>
internal sealed class LoopbackCertificates : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private LoopbackCertificates(X509Certificate2 authority, X509Certificate2 server, X509Certificate2 client)
    {
        Authority = authority;
        Server = server;
        Client = client;
    }

    /// <summary>The certificate authority, as a kubeconfig's <c>certificate-authority-data</c> trusts it.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server's certificate, with its key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The client certificate of the kubeconfig's user, with its key: <c>CN=loopback-admin, O=system:masters</c>.</summary>
    public X509Certificate2 Client { get; }

    /// <summary>The common name of the client certificate: the user it authenticates.</summary>
    public static string ClientUser => "loopback-admin";

    public static LoopbackCertificates Create()
    {
        var now = TimeProvider.System.GetUtcNow();
        var (from, to) = (now.AddHours(-1), now.AddYears(1));
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=secretprojection-loopback-ca", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, critical: false));
        var authority = authorityRequest.CreateSelfSigned(from, to);

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        var server = Issue(authority, "CN=127.0.0.1", ServerAuthentication, names.Build(), from, to, serial: 2);
        var client = Issue(authority, $"CN={ClientUser}, O=system:masters", ClientAuthentication, null, from, to, serial: 3);
        return new LoopbackCertificates(authority, server, client);
    }

    /// <summary>Whether a client certificate was issued by this authority.</summary>
    public bool Issued(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, Oid usage, X509Extension? names, DateTimeOffset from, DateTimeOffset to, byte serial)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        using var issued = request.Create(authority, from, to, [serial]);
        return issued.CopyWithPrivateKey(key);
    }
}
