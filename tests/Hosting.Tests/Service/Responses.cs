using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using InferenceService;

namespace OnnxTyped.Hosting.Tests.Service;

/// <summary>Posting bodies to the service and reading its answers.</summary>
internal static class Responses
{
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync(path, content);
    }

    public static async Task<TextDirectionAnswer> TextDirectionAsync(HttpResponseMessage response) =>
        (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<TextDirectionAnswer>(Json))!;

    public static async Task<VoiceActivityAnswer> VoiceActivityAsync(HttpResponseMessage response) =>
        (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<VoiceActivityAnswer>(Json))!;

    /// <summary>The <c>detail</c> of a problem answer.</summary>
    public static async Task<string> ProblemDetailAsync(HttpResponseMessage response)
    {
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
