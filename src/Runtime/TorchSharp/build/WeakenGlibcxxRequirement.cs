// MSBuild inline task (RoslynCodeTaskFactory) used by OnnxTyped.TorchSharp.targets beside it; read by MSBuild, not compiled
// into the assembly. Marks one GLIBC++ version requirement of libLibTorchSharp.so as weak, in a build-output copy only.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenGlibcxxRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Required] public string Folder { get; set; } = "";
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        if (!Directory.Exists(Folder)) return true;
        string[] libraries = Directory.GetFiles(Folder, "libLibTorchSharp.so", SearchOption.AllDirectories);
        if (libraries.Length == 0) return true;

        string systemLibrary = FindSystemLibStdCxx();
        if (systemLibrary != null && ContainsAscii(File.ReadAllBytes(systemLibrary), VersionName + "\0"))
        {
            Log.LogMessage(MessageImportance.Low, "{0} has {1}; libLibTorchSharp.so left as it is.", systemLibrary, VersionName);
            return true;
        }

        foreach (string library in libraries)
        {
            try
            {
                byte[] image = File.ReadAllBytes(library);
                string outcome = MarkWeak(image, VersionName);
                if (outcome == "patched")
                {
                    // Write a new file rather than in place, so a hard link into the NuGet cache is never modified.
                    string temporary = library + ".patching";
                    File.WriteAllBytes(temporary, image);
                    File.Delete(library);
                    File.Move(temporary, library);
                    Log.LogMessage(MessageImportance.Normal, "Marked {0} weak in {1} (system libstdc++ lacks it).", VersionName, library);
                }
                else
                {
                    Log.LogMessage(MessageImportance.Low, "{0}: {1}.", library, outcome);
                }
            }
            catch (Exception e)
            {
                Log.LogWarning("Could not patch {0}: {1}", library, e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    private static string FindSystemLibStdCxx()
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };
        foreach (string candidate in candidates)
            if (File.Exists(candidate)) return candidate;
        return null;
    }

    private static bool ContainsAscii(byte[] haystack, string needle)
    {
        byte[] pattern = Encoding.ASCII.GetBytes(needle);
        for (int i = 0; i + pattern.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < pattern.Length && haystack[i + j] == pattern[j]) j++;
            if (j == pattern.Length) return true;
        }
        return false;
    }

    /// <summary>Sets VER_FLG_WEAK on the Elf64_Vernaux entry named <paramref name="version"/>; returns what it did.</summary>
    private static string MarkWeak(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            return "not an ELF file";
        if (elf[4] != 2 || elf[5] != 1) return "not a little-endian ELF64 file";

        ulong sectionTable = BitConverter.ToUInt64(elf, 0x28);
        int sectionSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < sectionCount; s++)
        {
            int header = checked((int)sectionTable + s * sectionSize);
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed) continue;

            int verneed = checked((int)BitConverter.ToUInt64(elf, header + 0x18));
            int linkedStrings = (int)BitConverter.ToUInt32(elf, header + 0x28);
            int needCount = (int)BitConverter.ToUInt32(elf, header + 0x2C);
            int stringsHeader = checked((int)sectionTable + linkedStrings * sectionSize);
            int strings = checked((int)BitConverter.ToUInt64(elf, stringsHeader + 0x18));

            int need = verneed;
            for (int n = 0; n < needCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    int nameOffset = strings + (int)BitConverter.ToUInt32(elf, aux + 8);
                    if (ReadCString(elf, nameOffset) == version)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, aux + 4);
                        if ((flags & VerFlagWeak) != 0) return "already weak";
                        flags |= VerFlagWeak;
                        elf[aux + 4] = (byte)(flags & 0xff);
                        elf[aux + 5] = (byte)(flags >> 8);
                        return "patched";
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
            return "no " + version + " requirement";
        }
        return "no version-needs section";
    }

    private static string ReadCString(byte[] bytes, int offset)
    {
        int end = offset;
        while (end < bytes.Length && bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, offset, end - offset);
    }
}
