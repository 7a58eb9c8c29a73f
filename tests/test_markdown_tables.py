"""The one Markdown table reader: where tables are (GFM rules), how rows split, where cells sit."""

from __future__ import annotations

from assistant.markdown_tables import is_delimiter_row, read_tables, row_cells, split_row


def _lines(text: str) -> list[str]:
    return text.splitlines()


def test_escaped_pipe_stays_inside_its_cell() -> None:
    line = r"| Latency | p95 \| p99 | `a\|b` |"
    assert split_row(line) == ["Latency", "p95 | p99", "`a|b`"]
    assert split_row(line, escaped=True) == ["Latency", r"p95 \| p99", r"`a\|b`"]


def test_cell_offsets_point_at_the_cell_as_written() -> None:
    line = r"  | ID | p95 \| p99 |  |"
    cells = row_cells(line)
    assert [line[c.start : c.end] for c in cells] == ["ID", r"p95 \| p99", ""]
    assert [c.source for c in cells] == ["ID", r"p95 \| p99", ""]


def test_outer_pipes_are_optional() -> None:
    assert split_row("a | b") == ["a", "b"]
    assert split_row("| a | b") == ["a", "b"]
    assert split_row("| a | |") == ["a", ""]


def test_alignment_rows_are_delimiters_and_give_column_alignment() -> None:
    assert is_delimiter_row("|---|:--|--:|:-:|")
    assert is_delimiter_row("--- | ---")
    assert not is_delimiter_row("- --")  # a list item
    assert not is_delimiter_row("| a | b |")
    assert not is_delimiter_row("|--||--|")  # an empty column between two
    (table,) = read_tables(_lines("| a | b | c | d |\n|---|:--|--:|:-:|\n| 1 | 2 | 3 | 4 |"))
    assert table.aligns == ("", "left", "right", "center")


def test_ragged_rows_keep_their_own_cells() -> None:
    text = "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n| 4 |"
    (table,) = read_tables(_lines(text))
    assert table.columns == ["a", "b"]
    assert [row.values for row in table.rows] == [["1", "2", "3"], ["4"]]


def test_line_numbers_of_header_and_rows() -> None:
    text = "# Title\n\nSome prose.\n| ID | Target |\n|----|--------|\n| NFR-1 | 2 s |\n| NFR-2 | 99.9% |\n\nAfter."
    (table,) = read_tables(_lines(text))
    assert (table.start, table.end) == (3, 7)
    assert table.header.line == 3
    assert [(row.line, row.values) for row in table.rows] == [(5, ["NFR-1", "2 s"]), (6, ["NFR-2", "99.9%"])]
    assert table.rows[0].source == "| NFR-1 | 2 s |"


def test_tables_inside_lists_and_block_quotes() -> None:
    text = (
        "- item\n"
        "  | h1 | h2 |\n"
        "  |----|----|\n"
        "  | v1 | v2 |\n"
        "\n"
        "> | q | r |\n"
        "> |---|---|\n"
        "> | 1 | 2 |\n"
    )
    lines = _lines(text)
    first, second = read_tables(lines)
    assert (first.start, first.columns, [r.values for r in first.rows]) == (1, ["h1", "h2"], [["v1", "v2"]])
    assert (second.start, second.columns, [r.values for r in second.rows]) == (5, ["q", "r"], [["1", "2"]])
    cell = second.rows[0].cells[0]
    assert lines[7][cell.start : cell.end] == "1"


def test_a_table_that_opens_a_list_item() -> None:
    (table,) = read_tables(_lines("- | h1 | h2 |\n  |----|----|\n  | v1 | v2 |"))
    assert table.columns == ["h1", "h2"]


def test_pipe_lines_that_are_not_tables() -> None:
    text = (
        "```\n| a | b |\n|---|---|\n```\n\n"  # a fence
        "    | a | b |\n    |---|---|\n\n"  # indented code
        "| a | b |\n| 1 | 2 |\n\n"  # no delimiter row
        "| a | b | c |\n|---|---|\n"  # delimiter narrower than the header
    )
    assert read_tables(_lines(text)) == []


def test_table_without_outer_pipes_directly_under_a_paragraph() -> None:
    (table,) = read_tables(_lines("Targets:\nMetric | Target\n--- | ---\nLatency | 2 s"))
    assert (table.start, table.columns, table.rows[0].values) == (1, ["Metric", "Target"], ["Latency", "2 s"])
