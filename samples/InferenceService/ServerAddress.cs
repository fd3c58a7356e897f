using Microsoft.AspNetCore.Hosting;

namespace InferenceService;

/// <summary>The service's default address, kept when the environment or the command line gives none.</summary>
internal static class ServerAddress
{
    /// <summary>Listens on <paramref name="url"/> unless <c>ASPNETCORE_URLS</c> or <c>--urls</c> set an address.</summary>
    public static void UseUrlsIfUnset(this IWebHostBuilder host, string url)
    {
        if (string.IsNullOrEmpty(host.GetSetting(WebHostDefaults.ServerUrlsKey))) host.UseUrls(url);
    }
}
