using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace InferenceService;

/// <summary>Reads a request's body whole, after checking its content type, within the service's size limit.</summary>
internal static class RequestBodies
{
    /// <summary>The largest body taken: 8 MiB (a WAV of about four minutes at 16 kHz, or any reasonable PNG of a text line).</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    /// <summary>The body, when the request declares <paramref name="contentType"/> and is at most <see cref="MaxBytes"/>.</summary>
    /// <exception cref="BadInputException">Another content type (400), or a larger body (413).</exception>
    public static async Task<byte[]> ReadAsync(HttpRequest request, string contentType, CancellationToken cancellation)
    {
        string? given = request.ContentType;
        if (given is null || !given.Split(';')[0].Trim().Equals(contentType, StringComparison.OrdinalIgnoreCase))
            throw BadInputException.BadRequest($"The body must be {contentType}; the request says {(given is null ? "no content type" : "'" + given + "'")}.");
        if (request.ContentLength > MaxBytes) throw TooLarge(request.ContentLength.Value);

        using var buffer = new MemoryStream(request.ContentLength is long length ? (int)length : 64 * 1024);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
            {
                if (buffer.Length + read > MaxBytes) throw TooLarge(buffer.Length + read);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (MaxRequestBodySize) for a body sent without a length.
            throw TooLarge(MaxBytes + 1);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        if (buffer.Length == 0) throw BadInputException.BadRequest($"The body is empty; it must be {contentType}.");
        return buffer.ToArray();
    }

    private static BadInputException TooLarge(long bytes) =>
        BadInputException.TooLarge($"The body has {(bytes > MaxBytes ? "more than " + MaxBytes : bytes.ToString())} bytes; at most {MaxBytes} are taken.");
}
