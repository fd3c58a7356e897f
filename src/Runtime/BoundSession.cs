using System;
using System.IO;
using System.Threading;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace OnnxTyped;

/// <summary>
/// An <see cref="InferenceSession"/> paired with the signature a class was generated from: the
/// engine behind every generated model class. It checks once that the session matches the
/// signature, keeps one reusable IO binding, and runs inputs given in model order.
/// </summary>
/// <remarks>
/// Thread-safe: concurrent <see cref="Run"/> calls each get their own binding (the cached one is
/// taken by at most one caller at a time). Disposing it disposes the session only when it opened it.
/// </remarks>
public sealed class BoundSession : IDisposable
{
    private readonly bool _ownsSession;
    private IoBindingRunner? _idleRunner;
    private int _disposed;

    /// <summary>Opens <paramref name="modelPath"/> and checks it against <paramref name="signature"/>.</summary>
    public BoundSession(string modelPath, ModelSignature signature, SessionOptions? options = null)
        : this(OpenSession(modelPath, options), signature, ownsSession: true, description: "'" + modelPath + "'")
    {
    }

    /// <summary>Wraps an open session (not disposed by this object) and checks it against <paramref name="signature"/>.</summary>
    public BoundSession(InferenceSession session, ModelSignature signature)
        : this(session, signature, ownsSession: false, description: "given as a session")
    {
    }

    private BoundSession(InferenceSession session, ModelSignature signature, bool ownsSession, string description)
    {
        Session = session ?? throw new ArgumentNullException(nameof(session));
        Signature = signature ?? throw new ArgumentNullException(nameof(signature));
        _ownsSession = ownsSession;
        try
        {
            signature.EnsureMatches(ModelSignature.Of(session), description);
        }
        catch
        {
            if (ownsSession) session.Dispose();
            throw;
        }
    }

    /// <summary>The ONNX Runtime session.</summary>
    public InferenceSession Session { get; }

    /// <summary>The signature inputs are checked and cast against.</summary>
    public ModelSignature Signature { get; }

    /// <summary>
    /// Runs the model. <paramref name="inputs"/> are in model input order, all on one device; each
    /// is cast to the declared element type by the documented table and bound by pointer. Returns
    /// the outputs in model order, on the inputs' device; the caller owns them.
    /// </summary>
    public torch.Tensor[] Run(ReadOnlySpan<torch.Tensor> inputs)
    {
        if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(BoundSession));
        IoBindingRunner runner = Interlocked.Exchange(ref _idleRunner, null) ?? new IoBindingRunner(Session, Signature);
        try
        {
            return runner.Run(inputs, outputShapes: null);
        }
        finally
        {
            if (Volatile.Read(ref _disposed) != 0 || Interlocked.CompareExchange(ref _idleRunner, runner, null) != null)
                runner.Dispose();
        }
    }

    /// <summary>
    /// The full path of a model copied beside the application (<see cref="AppContext.BaseDirectory"/>),
    /// with a clear error when it is missing.
    /// </summary>
    public static string ResolveBesideApplication(string relativePath)
    {
        string path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, relativePath));
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The model '{relativePath}' was not found beside the application (looked for '{path}'). " +
                "OnnxModel items are copied to the output folder unless CopyToOutputDirectory is 'Never'; otherwise pass a path.",
                path);
        return path;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Interlocked.Exchange(ref _idleRunner, null)?.Dispose();
        if (_ownsSession) Session.Dispose();
    }

    private static InferenceSession OpenSession(string modelPath, SessionOptions? options)
    {
        if (modelPath is null) throw new ArgumentNullException(nameof(modelPath));
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"The model file '{modelPath}' does not exist.", modelPath);
        return options is null ? new InferenceSession(modelPath) : new InferenceSession(modelPath, options);
    }
}
