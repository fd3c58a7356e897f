using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using OnnxTyped;

namespace InferenceService;

/// <summary>
/// Turns what an endpoint's work threw into its answer: a bad body is the caller's error (400, 413, with the message);
/// a full queue or a stopping service is a 503 to retry elsewhere. Anything else is a bug and stays a 500.
/// </summary>
internal static class Answers
{
    public static async Task<IResult> Of<T>(Func<Task<T>> work, CancellationToken requestAborted)
    {
        try
        {
            return Results.Ok(await work());
        }
        catch (BadInputException e)
        {
            return Results.Problem(e.Message, statusCode: e.Status);
        }
        catch (OnnxInputException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (OnnxQueueFullException e)
        {
            return Results.Problem(e.Message + " Retry shortly.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (ObjectDisposedException)
        {
            return Results.Problem("The service is stopping; retry on another instance.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return Results.Problem("The service is stopping; retry on another instance.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
