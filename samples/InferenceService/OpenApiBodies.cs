using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InferenceService;

/// <summary>
/// Describes a raw binary request body in the OpenAPI document. Not with <c>Accepts</c>: that metadata makes routing
/// answer another content type with an empty 415, where the endpoint answers a 400 that says what it takes.
/// </summary>
internal static class OpenApiBodies
{
    public static RouteHandlerBuilder TakesBinary(this RouteHandlerBuilder endpoint, string contentType, string description) =>
        endpoint.AddOpenApiOperationTransformer((operation, context, cancellation) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [contentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
            return Task.CompletedTask;
        });
}
