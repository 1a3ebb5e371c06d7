using SecretProjection.Projection;
using SecretProjection.Writing;

namespace Embedding;

/// <summary>One volume of the pod: its plan, its directory, and the write (null when the volume cannot be set up).</summary>
internal sealed record ProjectedVolume(VolumePlan Plan, string Directory, AtomicWriteResult? Write);
