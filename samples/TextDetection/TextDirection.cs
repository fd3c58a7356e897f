namespace TextDetection;

/// <summary>
/// What the direction classifier says of a text region: 0° (upright) or 180° (upside down), and how sure it is. Like
/// PaddleOCR, the sample turns a region over only when the classifier says 180° surely enough.
/// </summary>
internal sealed record TextDirection(int Degrees, float Confidence)
{
    /// <summary>The confidence a 180° answer needs before the region is turned over (PaddleOCR's <c>cls_thresh</c>).</summary>
    public const float TurnThreshold = 0.9f;

    /// <summary>Whether the region is taken to be upside down and turned over before it is read.</summary>
    public bool TurnOver => Degrees == 180 && Confidence >= TurnThreshold;

    /// <summary>A 180° answer too unsure to act on: the region is left as it is.</summary>
    public bool Unsure => Degrees == 180 && !TurnOver;

    /// <summary>The answer and what follows from it, for people.</summary>
    public override string ToString() =>
        TurnOver ? $"180° {Confidence:0.00} → turn" : Unsure ? $"180° {Confidence:0.00} (kept)" : $"0° {Confidence:0.00}";
}
