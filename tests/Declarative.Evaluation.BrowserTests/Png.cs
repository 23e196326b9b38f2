using System.Buffers.Binary;

namespace Declarative.Evaluation.BrowserTests;

/// <summary>What a PNG file's header says: its signature and its IHDR chunk's width and height.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The image's size, or null when the bytes are not a PNG.</summary>
    public static (int Width, int Height)? Size(ReadOnlySpan<byte> file)
    {
        // Signature (8 bytes), then the first chunk, which must be IHDR: length (4), type (4), width (4), height (4).
        if (file.Length < 24 || !file[..8].SequenceEqual(Signature) || !file.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return null;
        }
        return (BinaryPrimitives.ReadInt32BigEndian(file.Slice(16, 4)), BinaryPrimitives.ReadInt32BigEndian(file.Slice(20, 4)));
    }
}
