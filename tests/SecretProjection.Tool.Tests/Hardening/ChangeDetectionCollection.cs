namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>The tests that read the <see cref="ChangeDetectionScenario"/>, which runs once for them all.</summary>
[CollectionDefinition(Name)]
public sealed class ChangeDetectionCollection : ICollectionFixture<ChangeDetectionScenario>
{
    public const string Name = "change detection redaction";
}
