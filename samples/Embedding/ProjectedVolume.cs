using SecretProjection.Projection;

namespace Embedding;

/// <summary>One volume of the pod: its plan, its directory, and what projecting it did.</summary>
internal sealed record ProjectedVolume(VolumePlan Plan, string Directory, VolumeResult Result);
