using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace OnnxTyped.Benchmarks.Columns;

/// <summary>The parts every column of this suite shares: a text value computed from the whole summary.</summary>
public abstract class SummaryColumn : IColumn
{
    protected SummaryColumn(string columnName, string legend, bool isNumeric)
    {
        ColumnName = columnName;
        Legend = legend;
        IsNumeric = isNumeric;
    }

    public string Id => GetType().Name + "." + ColumnName;

    public string ColumnName { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric { get; }

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend { get; }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public abstract string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public abstract bool IsAvailable(Summary summary);
}
