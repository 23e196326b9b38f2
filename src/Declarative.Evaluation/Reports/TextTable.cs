namespace Declarative.Evaluation;

// A plain-text table for CI logs: a header, aligned columns two spaces apart, numbers right-aligned.
// No colours and no box drawing, so it reads the same in a terminal, a log viewer and a diff.
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <summary>Columns by header; a header starting with '>' is right-aligned (the '>' is not shown).</summary>
    public TextTable(params string[] headers)
    {
        _headers = new string[headers.Length];
        _rightAligned = new bool[headers.Length];
        for (var i = 0; i < headers.Length; i++)
        {
            _rightAligned[i] = headers[i].StartsWith('>');
            _headers[i] = _rightAligned[i] ? headers[i][1..] : headers[i];
        }
    }

    public void Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"A row has {cells.Length} cells; the table has {_headers.Length} columns.", nameof(cells));
        }
        _rows.Add(cells);
    }

    public void Write(TextWriter writer, string indent = "  ", bool header = true)
    {
        var widths = new int[_headers.Length];
        for (var i = 0; i < widths.Length; i++)
        {
            widths[i] = _headers[i].Length;
            foreach (var row in _rows)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        if (header)
        {
            WriteRow(writer, indent, _headers, widths);
        }
        foreach (var row in _rows)
        {
            WriteRow(writer, indent, row, widths);
        }
    }

    private void WriteRow(TextWriter writer, string indent, string[] cells, int[] widths)
    {
        var line = new System.Text.StringBuilder(indent);
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }
            var last = i == cells.Length - 1;
            if (_rightAligned[i])
            {
                line.Append(cells[i].PadLeft(widths[i]));
            }
            else
            {
                // The last column is not padded, so lines carry no trailing spaces.
                line.Append(last ? cells[i] : cells[i].PadRight(widths[i]));
            }
        }
        writer.WriteLine(line.ToString().TrimEnd());
    }
}
