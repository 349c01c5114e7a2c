package analysis

import (
	"strings"
	"unicode/utf8"
)

// This file turns text into items: text lines and table rows with their cells, in any
// of the four layouts. It is one pass over the text and knows nothing of templates.

type itemKind int

const (
	itemText itemKind = iota + 1
	itemRow
)

// item is a non-blank text line or a table row.
type item struct {
	kind itemKind
	Span
	// text is the trimmed content of a text line.
	text Span
	// row is set for itemRow.
	row *rawRow
}

// rawRow is a row as pasted, before it is matched to a template.
type rawRow struct {
	layout Layout
	Span
	cells []Cell
}

// line is one line of text without its terminator.
type line struct {
	start, end int // content, excluding "\r\n" / "\n"
}

// maxRowCells bounds a row: the widest template row has 16 cells, so a line with
// hundreds of separators is not a table row, and reading it as one would cost time
// and memory for nothing.
const maxRowCells = 256

// maxContinuationRunes bounds a line that continues a cell in the cell-per-line
// layout: longer lines are narrative that follows the table, not a wrapped cell.
const maxContinuationRunes = 40

// scanItems splits text into items.
func scanItems(text string) []item {
	var items []item
	var cur *rawRow // open row of the cell-per-line layout
	lastWasCell := false
	flush := func() {
		if cur != nil {
			cur.End = cur.cells[len(cur.cells)-1].End
			items = append(items, item{kind: itemRow, Span: cur.Span, row: cur})
			cur = nil
		}
		lastWasCell = false
	}
	pos := 0
	for pos < len(text) {
		nl := strings.IndexByte(text[pos:], '\n')
		var ln line
		next := len(text)
		if nl < 0 {
			ln = line{pos, len(text)}
		} else {
			ln = line{pos, pos + nl}
			next = pos + nl + 1
		}
		if ln.end > ln.start && text[ln.end-1] == '\r' {
			ln.end--
		}
		pos = next
		s := text[ln.start:ln.end]

		tabs := strings.Count(s, "\t")
		switch {
		case tabs == 1 && s[0] == '\t':
			// One cell of the cell-per-line layout.
			if cur != nil && len(cur.cells) >= maxRowCells {
				flush()
			}
			if cur == nil {
				cur = &rawRow{layout: LayoutCellLines, Span: Span{ln.start, ln.end}}
			}
			cur.cells = append(cur.cells, makeCell(text, ln.start+1, ln.end))
			lastWasCell = true
			continue
		case isBlankLine(s):
			flush()
			continue
		case lastWasCell && tabs == 0 && !hasPipe(s) &&
			utf8.RuneCountInString(s) <= maxContinuationRunes && headingOf(text, ln.start, ln.end) == nil:
			// A line without the TAB continues the previous cell ("科研" / "机构").
			c := &cur.cells[len(cur.cells)-1]
			*c = makeCell(text, c.Start, ln.end)
			continue
		}
		flush()
		if tabs >= maxRowCells || strings.Count(s, "|") >= maxRowCells {
			a, b := trimBlank(text, ln.start, ln.end)
			items = append(items, item{kind: itemText, Span: Span{ln.start, ln.end}, text: Span{a, b}})
			continue
		}
		switch {
		case tabs > 0:
			items = append(items, rowItem(splitRow(text, ln, LayoutTabRow)))
		case hasPipe(s):
			if isSeparatorRow(s) {
				continue
			}
			layout := LayoutPipe
			if t := strings.TrimLeftFunc(s, isBlankRune); strings.HasPrefix(t, "|") || strings.HasPrefix(t, "｜") {
				layout = LayoutMarkdown
			}
			items = append(items, rowItem(splitRow(text, ln, layout)))
		default:
			a, b := trimBlank(text, ln.start, ln.end)
			items = append(items, item{kind: itemText, Span: Span{ln.start, ln.end}, text: Span{a, b}})
		}
	}
	flush()
	return items
}

// hasPipe reports a "|" or full-width "｜" separator; byte searches, because this
// runs on every line of prose.
func hasPipe(s string) bool {
	return strings.IndexByte(s, '|') >= 0 || strings.Contains(s, "｜")
}

func rowItem(r *rawRow) item { return item{kind: itemRow, Span: r.Span, row: r} }

func isBlankLine(s string) bool {
	for _, r := range s {
		if !isBlankRune(r) {
			return false
		}
	}
	return true
}

// isSeparatorRow reports a Markdown delimiter row such as "|---|:---:|".
func isSeparatorRow(s string) bool {
	dash := false
	for _, r := range s {
		switch r {
		case '-':
			dash = true
		case '|', '｜', ':', ' ', '\t':
		default:
			return false
		}
	}
	return dash
}

// splitRow cuts one line into cells at "|" (or "｜") or at TABs. For pipe layouts a
// leading separator opens the row and a trailing one closes it; neither makes a cell.
func splitRow(text string, ln line, layout Layout) *rawRow {
	r := &rawRow{layout: layout, Span: Span{ln.start, ln.end}}
	line := text[ln.start:ln.end]
	if layout == LayoutTabRow {
		r.cells = make([]Cell, 0, strings.Count(line, "\t")+1)
	} else {
		r.cells = make([]Cell, 0, strings.Count(line, "|")+strings.Count(line, "｜")+1)
	}
	start := ln.start
	for i := ln.start; i < ln.end; {
		c := text[i]
		size := 1
		sep := false
		switch {
		case layout == LayoutTabRow && c == '\t':
			sep = true
		case layout != LayoutTabRow && c == '|':
			sep = true
		case layout != LayoutTabRow && c == 0xEF && strings.HasPrefix(text[i:ln.end], "｜"):
			sep, size = true, len("｜")
		}
		if sep {
			r.cells = append(r.cells, makeCell(text, start, i))
			start = i + size
		}
		i += size
	}
	r.cells = append(r.cells, makeCell(text, start, ln.end))
	if layout != LayoutTabRow {
		if len(r.cells) > 1 && r.cells[0].Token.Start == r.cells[0].Token.End && startsWithPipe(text, ln) {
			r.cells = r.cells[1:]
		}
		if n := len(r.cells); n > 1 && r.cells[n-1].Token.Start == r.cells[n-1].Token.End {
			r.cells = r.cells[:n-1]
		}
	}
	return r
}

func startsWithPipe(text string, ln line) bool {
	t := strings.TrimLeftFunc(text[ln.start:ln.end], isBlankRune)
	return strings.HasPrefix(t, "|") || strings.HasPrefix(t, "｜")
}

// makeCell classifies the content of text[start:end].
func makeCell(text string, start, end int) Cell {
	a, b := trimBlank(text, start, end)
	c := Cell{Span: Span{start, end}, Token: Span{a, b}}
	if a == b {
		c.Kind = CellBlank
		return c
	}
	tok := text[a:b]
	if v, scale, unit, ok := parseNumber(tok); ok {
		c.Value, c.Scale, c.Unit = v, scale, unit
		c.Kind = CellNumber
		if unit != "" {
			c.Kind = CellNumberUnit
		}
		return c
	}
	c.Kind = CellText
	if b-a <= 4*maxFuzzyRunes {
		// Longer cells are prose and can match no wording; their key stays empty.
		c.key = normLabel(tok)
	}
	return c
}
