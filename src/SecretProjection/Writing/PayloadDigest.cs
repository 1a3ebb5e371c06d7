using System.Buffers;
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
    private const int MaxBufferLength = 1 << 20;

    public static PayloadDigest Of(KeyValuePair<string, PayloadFile>[] files)
    {
        // Each path and each file is preceded by its length, so no two payloads hash the same input. The input
        // is laid out in one buffer and hashed in one call: a call per file costs more than the hashing itself.
        var length = 0L;
        foreach (var (path, file) in files)
        {
            length += (2 * sizeof(long)) + (path.Length * sizeof(char)) + file.Data.Length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, MaxBufferLength));
        try
        {
            using var hash = length > buffer.Length ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
            var used = 0;
            foreach (var (path, file) in files)
            {
                Append(hash, buffer, ref used, path.Length);
                Append(hash, buffer, ref used, MemoryMarshal.AsBytes(path.AsSpan()));
                Append(hash, buffer, ref used, file.Data.Length);
                Append(hash, buffer, ref used, file.Data.Span);
            }

            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            if (hash is null)
            {
                SHA256.HashData(buffer.AsSpan(0, used), digest);
            }
            else
            {
                hash.AppendData(buffer, 0, used);
                hash.GetHashAndReset(digest);
            }

            return new PayloadDigest(BinaryPrimitives.ReadUInt128LittleEndian(digest), BinaryPrimitives.ReadUInt128LittleEndian(digest[16..]));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Append(IncrementalHash? hash, byte[] buffer, ref int used, long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        Append(hash, buffer, ref used, bytes);
    }

    // Fills the buffer; a payload larger than the largest array goes to the incremental hash a buffer at a time.
    private static void Append(IncrementalHash? hash, byte[] buffer, ref int used, ReadOnlySpan<byte> data)
    {
        while (data.Length > buffer.Length - used)
        {
            var part = buffer.Length - used;
            data[..part].CopyTo(buffer.AsSpan(used));
            hash!.AppendData(buffer);
            used = 0;
            data = data[part..];
        }

        data.CopyTo(buffer.AsSpan(used));
        used += data.Length;
    }
}
