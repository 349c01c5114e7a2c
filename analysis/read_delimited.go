package analysis

import "strings"

// Layouts whose cells are delimited by a character: "|" rows, Markdown tables, TAB
// rows, and one TAB-indented cell per line.

// readPipe reads the run of pipe and Markdown rows starting at line i. The table is
// Markdown when most of its rows start with a separator: in a Markdown table that
// separator opens the row, while in the pipe layout a row that starts with one has
// an empty first cell (Table 4's data row with nothing under 结果维持).
func (r *reader) readPipe(i int) int {
	end, opened, closed, rows, rules := i, 0, 0, 0, 0
	for ; end < len(r.lines) && (r.class[end] == linePipe || r.class[end] == lineMDRule); end++ {
		ln := r.lines[end]
		if r.class[end] == lineMDRule {
			rules += strings.Count(r.text[ln.start:ln.end], "|") + countBars(r.text[ln.start:ln.end])
			continue
		}
		rows++
		if startsWithPipe(r.text, ln.start, ln.end) {
			opened++
		}
		if ln.end > ln.start && r.text[ln.end-1] == '|' {
			closed++ // its last separator makes no cell (so does one before blanks: rarer)
		}
	}
	markdown := 2*opened > rows
	// The cells of all rows share one array: as many as there are separators and
	// rows, less the closing separators, whose empty cell is dropped (after it is
	// read: one more). An array per row was an allocation per row.
	span := r.text[r.lines[i].start:r.lines[end-1].end]
	bars := countBars(span)
	cells := make([]Cell, 0, strings.Count(span, "|")+bars-rules+rows-closed+1)
	grid := make([]GridRow, 0, rows)
	for ; i < end; i++ {
		if r.class[i] == lineMDRule {
			continue
		}
		ln := r.lines[i]
		var row GridRow
		row, cells = splitPipeRow(r.text, ln.start, ln.end, markdown, bars > 0, cells)
		grid = append(grid, row)
	}
	layout := LayoutPipe
	if markdown {
		layout = LayoutMarkdown
	}
	r.table(layout, grid)
	return end
}

func startsWithPipe(text string, start, end int) bool {
	a, _ := trimBlank(text, start, end)
	return strings.HasPrefix(text[a:end], "|") || strings.HasPrefix(text[a:end], "｜")
}

// splitPipeRow cuts a line into cells at "|" and "｜" (only "|" unless fullWidth),
// appending them to cells. A trailing separator closes the row and makes no cell; in
// a Markdown table, neither does a leading one.
func splitPipeRow(text string, start, end int, markdown, fullWidth bool, cells []Cell) (row GridRow, _ []Cell) {
	row.Span = Span{start, end}
	first := len(cells)
	from := start
	for {
		i := strings.IndexByte(text[from:end], '|')
		size := 1
		if fullWidth {
			if j := strings.Index(text[from:end], "｜"); j >= 0 && (i < 0 || j < i) {
				i, size = j, len("｜")
			}
		}
		if i < 0 {
			break
		}
		cells = append(cells, Cell{})
		setPipeCell(&cells[len(cells)-1], text, from, from+i)
		from += i + size
	}
	cells = append(cells, Cell{})
	setPipeCell(&cells[len(cells)-1], text, from, end)
	row.Cells = cells[first:len(cells):len(cells)]
	if n := len(row.Cells); n > 1 && row.Cells[n-1].Kind == CellBlank && isBlank(text[row.Cells[n-1].Start:end]) && endsWithPipe(text, start, end) {
		// The next row takes its place: the row must not reach into it.
		row.Cells = row.Cells[: n-1 : n-1]
		cells = cells[:len(cells)-1]
	}
	if len(row.Cells) > 1 && markdown && row.Cells[0].Kind == CellBlank && startsWithPipe(text, start, end) {
		row.Cells = row.Cells[1:]
	}
	return row, cells
}

// setPipeCell sets *c, a zero Cell, to newCell(text, start, end), with what most
// cells between separators hold read at once: nothing, or a number of ASCII digits,
// between ASCII spaces. Splitting the rows was a fifth of checking a report of pipe
// tables, most of it in newCell's calls and the copies of the cell it returns.
func setPipeCell(c *Cell, text string, start, end int) {
	a, b := start, end
	for a < b && text[a] == ' ' {
		a++
	}
	for b > a && text[b-1] == ' ' {
		b--
	}
	if a == b {
		c.Span, c.Token, c.Kind = Span{start, end}, Span{a, b}, CellBlank
		return
	}
	if b-a > 18 {
		*c = newCell(text, start, end)
		return
	}
	// As parseNumber reads a number of up to 18 ASCII digits; a digit at either end
	// is no blank, so the token is where trimBlank puts it.
	var v int64
	for i := a; i < b; i++ {
		d := text[i]
		if d < '0' || d > '9' {
			*c = newCell(text, start, end)
			return
		}
		v = v*10 + int64(d-'0')
	}
	c.Span, c.Token, c.Kind, c.Value = Span{start, end}, Span{a, b}, CellNumber, v
}

// countBars is strings.Count(s, "｜"), which stopped at every full-width comma or
// bracket (led by the same byte EF) at greater cost: classifying the lines of
// pingtan-2020 took 72 k instructions with it, 66 k with this.
func countBars(s string) int {
	n := 0
	for {
		i := strings.IndexByte(s, 0xEF)
		if i < 0 || i+2 >= len(s) {
			return n
		}
		if s[i+1] == 0xBD && s[i+2] == 0x9C {
			n++
			s = s[i+3:]
		} else {
			s = s[i+1:]
		}
	}
}

func endsWithPipe(text string, start, end int) bool {
	_, b := trimBlank(text, start, end)
	return strings.HasSuffix(text[start:b], "|") || strings.HasSuffix(text[start:b], "｜")
}

// readTabRows reads a run of TAB-separated rows starting at line i. A browser's copy
// keeps a cell's own line breaks: a cell that ends a line and the first cell of the
// next line are one cell when together they make a table word (「本年新」/「制作数量」).
// A line without a TAB inside the run is a row of one cell when it is a table word
// (「第二十条第（一）项」), or the end of a wrapped cell.
func (r *reader) readTabRows(i int) int {
	var rows []GridRow
	for ; i < len(r.lines); i++ {
		ln := r.lines[i]
		var cells []Cell
		switch r.class[i] {
		case lineTabRow, lineTabCell:
			// Among TAB rows, a line of one leading TAB is a row whose first cell is
			// empty (under a merged cell), not a cell of the one-cell-a-line layout.
			cells = splitTabs(r.text, ln.start, ln.end)
		case lineText:
			c := newCell(r.text, ln.start, ln.end)
			cells = []Cell{c}
			k := cellKey(r.text, &c)
			if k == "" || !(lex.isWord(k) || len(rows) > 0 && r.joinsLast(&rows[len(rows)-1], k) || r.wrapsIntoTabRow(i)) {
				return r.endTabRows(rows, i)
			}
		default:
			return r.endTabRows(rows, i)
		}
		if n := len(rows); n > 0 {
			if k := cellKey(r.text, &cells[0]); k != "" && r.joinsLast(&rows[n-1], k) {
				// The line continues the last cell of the row before it.
				prev := &rows[n-1]
				last := &prev.Cells[len(prev.Cells)-1]
				*last = newCell(r.text, last.Start, cells[0].End)
				prev.Cells = append(prev.Cells, cells[1:]...)
				prev.End = ln.end
				continue
			}
		}
		rows = append(rows, GridRow{Span: Span{ln.start, ln.end}, Cells: cells})
	}
	return r.endTabRows(rows, i)
}

// wrapsIntoTabRow reports whether line i, without a TAB, is the first piece of a
// cell that the TAB row on the next line completes: a row whose first cell wraps
// (「（二）部分公开（区分处理的，」/「只计这一情形，…）\t8\t1…」).
func (r *reader) wrapsIntoTabRow(i int) bool {
	if i+1 >= len(r.lines) || r.class[i] != lineText || r.class[i+1] != lineTabRow {
		return false
	}
	a, b := trimBlank(r.text, r.lines[i].start, r.lines[i].end)
	if b-a > 4*maxFuzzyRunes {
		return false
	}
	next := r.lines[i+1]
	first := next.end
	if j := strings.IndexByte(r.text[next.start:next.end], '\t'); j >= 0 {
		first = next.start + j
	}
	c := newCell(r.text, next.start, first)
	return lex.joins(lex.key(r.text[a:b]), cellKey(r.text, &c))
}

func (r *reader) endTabRows(rows []GridRow, i int) int {
	r.table(LayoutTabRow, rows)
	return i
}

// joinsLast reports whether a fragment with key k continues the last cell of row.
func (r *reader) joinsLast(row *GridRow, k string) bool {
	last := &row.Cells[len(row.Cells)-1]
	return lex.joins(cellKey(r.text, last), k)
}

// splitTabs cuts a line into cells at TABs.
func splitTabs(text string, start, end int) []Cell {
	cells := make([]Cell, 0, strings.Count(text[start:end], "\t")+1)
	from := start
	for i := start; i < end; i++ {
		if text[i] == '\t' {
			cells = append(cells, newCell(text, from, i))
			from = i + 1
		}
	}
	return append(cells, newCell(text, from, end))
}

// maxContinuationRunes bounds a line that continues a cell in the cell-per-line
// layout: longer lines are narrative that follows the table, not a wrapped cell.
const maxContinuationRunes = 40

// readCellLines reads the cell-per-line layout starting at line i: each cell a line
// that starts with a TAB, rows separated by blank lines; a short line without the
// TAB right after a cell continues it (「科研」/「机构」).
func (r *reader) readCellLines(i int) int {
	// The cells of all rows go into one array, and each row is cut from it at the end:
	// appending to each row's own array, cell by cell, allocated it several times over.
	// The arrays are sized by the lines of cells up to where the table may end (a
	// short line after a cell may continue it): growing them took a fifth of reading
	// such a table.
	nCells, nRows := 0, 0
	for j, afterCell, inRow := i, false, false; j < len(r.lines); j++ {
		switch r.class[j] {
		case lineTabCell:
			nCells++
			if !inRow {
				nRows++
			}
			afterCell, inRow = true, true
			continue
		case lineBlank:
			afterCell, inRow = false, false
			continue
		case lineText:
			if afterCell && r.lines[j].end-r.lines[j].start <= 4*maxContinuationRunes {
				continue
			}
		}
		break
	}
	cells := make([]Cell, 0, nCells)
	rows := make([]GridRow, 0, nRows) // Cells unset until the end; first says where they start
	first := make([]int, 0, nRows)
	open := false // the last row takes cells
	lastWasCell := false
	end := i
	for ; end < len(r.lines); end++ {
		ln := r.lines[end]
		s := r.text[ln.start:ln.end]
		switch {
		case r.class[end] == lineTabCell:
			if !open || len(cells)-first[len(first)-1] >= maxRowCells {
				rows = append(rows, GridRow{Span: Span{ln.start, ln.end}})
				first = append(first, len(cells))
				open = true
			}
			cells = append(cells, newCell(r.text, ln.start+1, ln.end))
			rows[len(rows)-1].End = ln.end
			lastWasCell = true
			continue
		case r.class[end] == lineBlank:
			open, lastWasCell = false, false
			continue
		case lastWasCell && r.class[end] == lineText && runeCount(s) <= maxContinuationRunes && !isHeadingLine(s):
			last := &cells[len(cells)-1]
			*last = newCell(r.text, last.Start, ln.end)
			rows[len(rows)-1].End = ln.end
			continue
		}
		break
	}
	if cap(cells) > len(cells) {
		cells = append(make([]Cell, 0, len(cells)), cells...)
	}
	for k := range rows {
		to := len(cells)
		if k+1 < len(first) {
			to = first[k+1]
		}
		rows[k].Cells = cells[first[k]:to:to]
	}
	r.table(LayoutCellLines, rows)
	return end
}
