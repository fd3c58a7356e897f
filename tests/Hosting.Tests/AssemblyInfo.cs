using Xunit;

// The OnnxTyped meter is process-wide and the tests count its measurements per model name: one test at a time, so no
// other test's calls land in a count.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
