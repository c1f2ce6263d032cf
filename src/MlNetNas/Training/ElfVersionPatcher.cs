using System.Buffers.Binary;
using System.Text;

namespace MlNetNas.Training;

/// <summary>
/// Edits the version-needed table (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF shared object:
/// sets <c>VER_FLG_WEAK</c> on one required version, so a missing version is a warning, not a refusal.
/// Layouts follow the System V ABI / LSB specification of Elf64_Shdr, Elf64_Verneed and Elf64_Vernaux.
/// </summary>
internal static class ElfVersionPatcher
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>Marks <paramref name="versionName"/> weak; returns false when it was already weak or absent.</summary>
    public static bool MakeVersionRequirementWeak(string path, string versionName)
    {
        byte[] image = File.ReadAllBytes(path);
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F'
            || image[4] != 2 || image[5] != 1)
        {
            throw new InvalidDataException($"'{path}' is not a 64-bit little-endian ELF file.");
        }

        ulong sectionTable = BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(0x28));
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x3A));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x3C));
        bool changed = false;
        for (int s = 0; s < count; s++)
        {
            var header = image.AsSpan((int)sectionTable + (s * entrySize), entrySize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != ShtGnuVerneed)
            {
                continue;
            }

            int offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]);
            int stringSection = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]);
            int needCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x2C..]);
            var strings = image.AsSpan((int)sectionTable + (stringSection * entrySize), entrySize);
            int stringsOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(strings[0x18..]);

            int need = offset;
            for (int n = 0; n < needCount; n++)
            {
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(need + 2));
                int aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(need + 8));
                for (int a = 0; a < auxCount; a++)
                {
                    int name = (int)BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(aux + 8));
                    if (ReadString(image, stringsOffset + name) == versionName)
                    {
                        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(aux + 4));
                        if ((flags & VerFlagWeak) == 0)
                        {
                            BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(aux + 4), (ushort)(flags | VerFlagWeak));
                            changed = true;
                        }
                    }

                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(aux + 12));
                }

                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(need + 12));
            }
        }

        if (changed)
        {
            // Write beside and rename, so a crash never leaves a half-written library; the name beside is this call's own:
            // processes starting at once (a run and its workers from a fresh build) patch the same file, and with one
            // shared name one could rename another's half-written copy into place under a third that loads it (SIGSEGV).
            string temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.patching";
            try
            {
                File.WriteAllBytes(temporary, image);
                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                File.Delete(temporary); // nothing left when the rename happened
            }
        }

        return changed;
    }

    private static string ReadString(byte[] image, int start)
    {
        int end = Array.IndexOf(image, (byte)0, start);
        return Encoding.ASCII.GetString(image, start, end - start);
    }
}
