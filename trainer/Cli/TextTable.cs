using System.Text;

namespace FashionServerless.Trainer.Cli;

/// <summary>A plain left-aligned text table for terminal output.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int RowCount => _rows.Count;

    public void Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"The table has {headers.Length} columns; got {cells.Length} cells.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public override string ToString()
    {
        int[] widths = [.. headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length)))];
        var text = new StringBuilder();
        AppendRow(text, headers, widths);
        AppendRow(text, [.. widths.Select(w => new string('-', w))], widths);
        foreach (string[] row in _rows)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString().TrimEnd('\n');
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        text.AppendJoin("  ", cells.Select((c, i) => c.PadRight(widths[i]))).Append('\n');
        text.Length = text.Length - 1;
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }

        text.Append('\n');
    }
}
