using Xunit.Sdk;

namespace SecretProjection.Linux.Tests.Writing;

/// <summary>A fact of the volume contract, skipped with its reason where it <see cref="RequiresRootAttribute"/> and the process is not root.</summary>
[XunitTestCaseDiscoverer("SecretProjection.Linux.Tests.Writing.VolumeFactDiscoverer", "SecretProjection.Linux.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class VolumeFactAttribute : FactAttribute;

/// <summary>A theory of the volume contract, skipped as <see cref="VolumeFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("SecretProjection.Linux.Tests.Writing.VolumeTheoryDiscoverer", "SecretProjection.Linux.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class VolumeTheoryAttribute : TheoryAttribute;
