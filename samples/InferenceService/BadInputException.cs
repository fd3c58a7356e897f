using System;
using Microsoft.AspNetCore.Http;

namespace InferenceService;

/// <summary>A request the service refuses, with the status (400 or 413) and the message its answer carries.</summary>
internal sealed class BadInputException : Exception
{
    public BadInputException(int status, string message)
        : base(message) => Status = status;

    /// <summary>400 for a body that is not what the endpoint takes, 413 for one too large.</summary>
    public int Status { get; }

    public static BadInputException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static BadInputException TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, message);
}
