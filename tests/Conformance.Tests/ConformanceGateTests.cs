using System.Linq;
using Xunit;
using static OnnxTyped.Conformance.Tests.Records;

namespace OnnxTyped.Conformance.Tests;

/// <summary>The gate's comparison, one test per hole the audit found and per way it must pass.</summary>
public sealed class ConformanceGateTests
{
    private static readonly string[] DataRoot = { "node", "simple" };

    private static FolderRecord Node() => Folder(("test_abs", "typed torch-free raw"), ("test_max_int16", "none"), ("test_neg", "typed torch-free raw"));

    private static FolderRecord Simple() => Folder(("test_sign_model", "typed torch-free raw"), ("test_strnorm_model", "raw"));

    [Fact]
    public void UnchangedRunPasses()
    {
        GateVerdict gate = ConformanceGate.Compare(Run(("node", Node()), ("simple", Simple())), Run(("node", Node()), ("simple", Simple())), DataRoot);

        Assert.True(gate.Passed, string.Join("\n", gate.Failures));
        Assert.Empty(gate.Changes);
        Assert.Equal(
            new[]
            {
                "node: 3 tests (3 recorded), typed 2 (2 recorded), torch-free 2 (2 recorded), raw 2 (2 recorded)",
                "simple: 2 tests (2 recorded), typed 1 (1 recorded), torch-free 1 (1 recorded), raw 2 (2 recorded)",
            },
            gate.FolderLines);
        Assert.Equal("gate: passed, every test as recorded", gate.SummaryLine("--record-totals e.json"));
    }

    [Fact]
    public void RecordedFolderMissingFromTheDataRootFails()
    {
        GateVerdict gate = ConformanceGate.Compare(Run(("node", Node()), ("simple", Simple())), Run(("node", Node())), new[] { "node" });

        Assert.Equal(new[] { "simple: recorded with 2 tests, but the data root has no such folder" }, gate.Failures);
        Assert.Equal("gate: failed, 1 failure", gate.SummaryLine("--record-totals e.json"));
    }

    [Fact]
    public void RecordedFolderLeftOutOfTheRunFails()
    {
        GateVerdict gate = ConformanceGate.Compare(Run(("node", Node()), ("simple", Simple())), Run(("node", Node())), DataRoot);

        Assert.Equal(new[] { "simple: recorded with 2 tests, but this run left it out (--folders)" }, gate.Failures);
    }

    [Fact]
    public void KeyThatIsNoFolderFails()
    {
        // The audit's case: every folder recorded under a capitalised key, with more passes than the run has.
        FolderRecord inflated = Folder(("test_abs", "typed torch-free raw"), ("test_max_int16", "typed torch-free raw"), ("test_neg", "typed torch-free raw"));
        GateVerdict gate = ConformanceGate.Compare(Run(("Node", inflated)), Run(("node", Node())), new[] { "node" });

        Assert.Equal(
            new[] { "Node: recorded with 3 tests, but the data root has no such folder (names are case-sensitive: it has 'node')", "node: 3 tests ran, but the folder is not recorded" },
            gate.Failures);
    }

    [Fact]
    public void FolderThatRanButIsNotRecordedFails()
    {
        GateVerdict gate = ConformanceGate.Compare(Run(("node", Node())), Run(("node", Node()), ("simple", Simple())), DataRoot);

        Assert.Equal(new[] { "simple: 2 tests ran, but the folder is not recorded" }, gate.Failures);
    }

    [Fact]
    public void TestCountMismatchFails()
    {
        FolderRecord oneMore = Folder(("test_abs", "typed torch-free raw"), ("test_max_int16", "none"), ("test_neg", "typed torch-free raw"), ("test_relu", "typed torch-free raw"));
        GateVerdict gate = ConformanceGate.Compare(Run(("node", Node())), Run(("node", oneMore)), new[] { "node" });

        Assert.Equal(new[] { "node: 4 tests ran, 3 recorded", "node/test_relu: ran, but is not recorded" }, gate.Failures);
    }

    [Fact]
    public void TestReplacedByAnotherUnderTheSameCountFails()
    {
        FolderRecord renamed = Folder(("test_abs", "typed torch-free raw"), ("test_max_int16", "none"), ("test_neg_renamed", "typed torch-free raw"));
        GateVerdict gate = ConformanceGate.Compare(Run(("node", Node())), Run(("node", renamed)), new[] { "node" });

        Assert.Equal(new[] { "node/test_neg: recorded, but did not run", "node/test_neg_renamed: ran, but is not recorded" }, gate.Failures);
    }

    [Fact]
    public void LostPassOffsetByGainedPassFailsAndNamesTheLostTest()
    {
        FolderRecord swapped = Folder(("test_abs", "typed torch-free raw"), ("test_max_int16", "typed torch-free raw"), ("test_neg", "none"));
        RunRecord recorded = Run(("node", Node()));
        RunRecord run = Run(("node", swapped));
        // The totals are the same, so comparing them alone cannot see the lost pass.
        Assert.Equal(Totals(recorded.Folders["node"]), Totals(run.Folders["node"]));

        GateVerdict gate = ConformanceGate.Compare(recorded, run, new[] { "node" });

        Assert.Equal(new[] { "node/test_neg lost its typed, torch-free and raw passes (recorded: typed torch-free raw, now: none)" }, gate.Failures);
        Assert.Equal(new[] { "node/test_max_int16", "node/test_neg" }, gate.Changes.Select(c => c.Id));
        Assert.Equal("node/test_max_int16", Assert.Single(gate.Gained).Id);
    }

    [Fact]
    public void OneColumnLostFailsEvenWhenTheSameTestGainedTheOther()
    {
        GateVerdict gate = ConformanceGate.Compare(
            Run(("simple", Simple())), Run(("simple", Folder(("test_sign_model", "torch-free raw"), ("test_strnorm_model", "typed raw")))), new[] { "simple" });

        Assert.Equal(new[] { "simple/test_sign_model lost its typed pass (recorded: typed torch-free raw, now: torch-free raw)" }, gate.Failures);
    }

    [Fact]
    public void TorchFreePassLostFailsWhileTheTypedPassStays()
    {
        GateVerdict gate = ConformanceGate.Compare(
            Run(("simple", Simple())), Run(("simple", Folder(("test_sign_model", "typed raw"), ("test_strnorm_model", "raw")))), new[] { "simple" });

        Assert.Equal(new[] { "simple/test_sign_model lost its torch-free pass (recorded: typed torch-free raw, now: typed raw)" }, gate.Failures);
    }

    [Fact]
    public void TorchFreePassGainedAlonePassesAndIsReported()
    {
        FolderRecord better = Folder(("test_abs", "typed torch-free raw"), ("test_max_int16", "torch-free"), ("test_neg", "typed torch-free raw"));
        GateVerdict gate = ConformanceGate.Compare(Run(("node", Node())), Run(("node", better)), new[] { "node" });

        Assert.True(gate.Passed, string.Join("\n", gate.Failures));
        Assert.Equal("node/test_max_int16 gained its torch-free pass (recorded: none, now: torch-free)", Assert.Single(gate.Gained).Describe());
    }

    [Fact]
    public void GainedPassAlonePassesAndIsReported()
    {
        FolderRecord better = Folder(("test_abs", "typed torch-free raw"), ("test_max_int16", "raw"), ("test_neg", "typed torch-free raw"));
        GateVerdict gate = ConformanceGate.Compare(Run(("node", Node())), Run(("node", better)), new[] { "node" });

        Assert.True(gate.Passed, string.Join("\n", gate.Failures));
        TestStateChange gained = Assert.Single(gate.Gained);
        Assert.Equal("node/test_max_int16 gained its raw pass (recorded: none, now: raw)", gained.Describe());
        Assert.Equal("gate: passed; 1 test gained a pass since the recorded run (re-record them with --record-totals e.json)", gate.SummaryLine("--record-totals e.json"));
    }

    private static (int Typed, int TorchFree, int Raw) Totals(FolderRecord folder) => (folder.TypedPassed, folder.TorchFreePassed, folder.RawPassed);
}
