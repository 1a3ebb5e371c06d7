using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SecretProjection.Writing;

/// <summary>
/// The SHA-256 of a whole payload's paths and bytes: what a writer keeps of the generation it published instead
/// of the bytes. Only bytes and paths decide whether upstream writes, so modes and owners are left out.
/// </summary>
internal readonly record struct PayloadDigest(UInt128 Low, UInt128 High)
{
    public static PayloadDigest Of(SortedDictionary<string, PayloadFile> files)
    {
        // Each path and each file is preceded by its length, so no two payloads hash the same input.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[sizeof(long)];
        foreach (var (path, file) in files)
        {
            BinaryPrimitives.WriteInt64LittleEndian(length, path.Length);
            hash.AppendData(length);
            hash.AppendData(MemoryMarshal.AsBytes(path.AsSpan()));
            BinaryPrimitives.WriteInt64LittleEndian(length, file.Data.Length);
            hash.AppendData(length);
            hash.AppendData(file.Data.Span);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return new PayloadDigest(BinaryPrimitives.ReadUInt128LittleEndian(digest), BinaryPrimitives.ReadUInt128LittleEndian(digest[16..]));
    }
}
