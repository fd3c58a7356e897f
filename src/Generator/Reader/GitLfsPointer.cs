using System.Globalization;
using System.IO;
using System.Text;

namespace OnnxTyped.Generator.Reader;

/// <summary>
/// Recognises a Git LFS pointer: the short text file Git checks out in place of a large file that
/// Git LFS has not fetched (a clone without <c>git lfs</c>, or with <c>GIT_LFS_SKIP_SMUDGE</c>). Read as
/// protobuf it fails on its first byte ('v' is field 14 with the invalid wire type 6), which tells a
/// user nothing; recognising it lets the generator say what to run.
/// </summary>
internal static class GitLfsPointer
{
    // Every pointer starts with its version line (the Git LFS pointer spec), and is under 1024 bytes.
    private const string VersionPrefix = "version https://git-lfs.github.com/spec/";
    private const int MaxPointerBytes = 1024;

    /// <summary>
    /// True when <paramref name="stream"/> (positioned at the start of the file) holds a Git LFS pointer;
    /// <paramref name="size"/> is then the size in bytes of the file it stands for, or -1 when the pointer
    /// does not say. The stream is left where it was.
    /// </summary>
    public static bool TryRead(Stream stream, out long size)
    {
        size = -1;
        long start = stream.Position;
        byte[] head = new byte[MaxPointerBytes];
        int length = 0;
        int read;
        while (length < head.Length && (read = stream.Read(head, length, head.Length - length)) > 0) length += read;
        stream.Position = start;

        // The version line is ASCII: compare bytes, so no decoding is done for a binary model.
        if (length < VersionPrefix.Length) return false;
        for (int i = 0; i < VersionPrefix.Length; i++)
            if (head[i] != VersionPrefix[i]) return false;

        foreach (string line in Encoding.UTF8.GetString(head, 0, length).Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith("size ", System.StringComparison.Ordinal)
                && long.TryParse(trimmed.Substring(5), NumberStyles.None, CultureInfo.InvariantCulture, out long declared))
                size = declared;
        }
        return true;
    }
}
