using OnnxTyped.Generator.Spec;

namespace OnnxTyped.Generator.Emitter;

/// <summary>
/// Writes the class's side of <c>IOnnxModel&lt;TSelf&gt;</c>: a host (OnnxTyped.Hosting, a container) opens the session
/// itself and hands it over through the static <c>Create</c>, so no reflection finds a constructor. The members are
/// explicit, so no input or output name can collide with them.
/// </summary>
internal static class FactoryEmitter
{
    public static void Write(SourceWriter w, ModelSpec spec, bool withTorch)
    {
        string name = spec.ClassName;
        string self = $"{KnownTypes.IOnnxModel}<{name}>";
        string torch = withTorch ? $"\n    _torch = new {KnownTypes.BoundSession}(_session);" : "";
        w.WriteLine($$"""
            // Create's constructor: the session was opened, named and set up by the host, and is owned from now on.
            private {{name}}({{KnownTypes.ModelSession}} session)
            {
                _session = session;{{torch}}
            }

            /// <summary>The session under this object, owned by it.</summary>
            {{KnownTypes.ModelSession}} {{KnownTypes.IOnnxModel}}.Model => _session;

            /// <summary>The signature this class was generated from.</summary>
            static {{KnownTypes.ModelSignature}} {{self}}.Signature => Signature;

            /// <summary>Where <c>Load</c> finds the model, relative to the application's directory.</summary>
            static string {{self}}.DefaultModelPath => {{Escaping.Literal(spec.TargetPath)}};

            /// <summary>The model item's <c>BatchDim</c> metadata, or <see langword="null"/>.</summary>
            static string? {{self}}.ItemBatchDim => {{(spec.BatchDim.Length > 0 ? Escaping.Literal(spec.BatchDim) : "null")}};

            /// <summary>Wraps a session opened with <see cref="Signature"/>, and owns it from now on; see <c>IOnnxModel&lt;TSelf&gt;.Create</c>.</summary>
            static {{name}} {{self}}.Create({{KnownTypes.ModelSession}} session, {{KnownTypes.MicroBatchOptions}}? microBatching)
            {
                if (session is null) throw new global::System.ArgumentNullException(nameof(session));
                if (!global::System.Object.ReferenceEquals(session.Signature, Signature))
                {
                    session.Dispose();
                    throw new global::System.ArgumentException($"The session for {session.Name} was opened with another signature than {{name}}.Signature.", nameof(session));
                }{{ConstructorsEmitter.SplitsStatement(spec).Replace("_session.", "session.")}}
                session{{ConstructorsEmitter.UseMicroBatching(spec)}};
                return new {{name}}(session);
            }
            """);
        w.WriteLine();
    }
}
