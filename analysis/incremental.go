package analysis

import "strings"

// Update returns the result of checking text, which is the text of r with one edit
// applied (e is in r's coordinates). When the edit is confined to a line of prose that
// stays prose — the common keystroke while drafting — no finding can change, so the
// previous result is reused with its offsets moved; when it rewrites a number cell,
// only that cell is read again and the arithmetic and rules rerun; anything else is
// checked afresh. Either way the answer is exactly Check(text, options of r).
func (r *Result) Update(text string, e Edit) *Result {
	if r == nil || r.Report == nil {
		return Check(text, Options{})
	}
	if r.prose(text, e) {
		return r.shifted(text, e, true)
	}
	if t, row, ci, ok := r.numberCell(text, e); ok {
		return r.cellEdited(text, e, t, row, ci)
	}
	return Check(text, r.opts)
}

// numberCell finds the value cell an edit rewrites when the edit stays inside it and
// the cell stays a number or blank cell: typing a digit, or applying a total fix.
// Such an edit changes values, not the structure the reader found, so only the
// arithmetic and the rules need to run again. Edits that could change structure are
// refused: text in the cell, line breaks or separators, the first row of a table
// (rows of numbers alone may decide which table they start), a row losing its last
// non-blank cell (an empty row is dropped), and （六）其他处理 (its numbers tell 2019
// from 2021).
func (r *Result) numberCell(text string, e Edit) (*Table, *Row, int, bool) {
	ls, le, ok := editLine(r.Report.Text, text, e)
	if !ok || !r.Report.IsReport {
		return nil, nil, 0, false
	}
	for _, t := range r.Report.Tables {
		if e.Start < t.Start || e.End > t.End {
			continue
		}
		for ri, row := range t.Rows {
			if e.End < row.Start || e.Start > row.End || !shapeOK(row) {
				continue
			}
			for _, ci := range row.Values {
				c := &row.Cells[ci]
				if e.Start < c.Start || e.End > c.End {
					continue
				}
				if ri == 0 || c.Kind == CellText || (row.Template.Label == "（六）其他处理") {
					return nil, nil, 0, false
				}
				// The edited line must stay a line of cells: a continuation line of the
				// cell-per-line layout has no TAB and would become blank or a new item.
				if !hasCellSeparator(r.Report.Text[ls:le]) {
					return nil, nil, 0, false
				}
				return t, row, ci, true
			}
			return nil, nil, 0, false
		}
	}
	return nil, nil, 0, false
}

// cellEdited is r with one number cell rewritten: offsets moved, the cell read again,
// then the arithmetic and every rule run on the report as it now stands.
func (r *Result) cellEdited(text string, e Edit, t *Table, row *Row, ci int) *Result {
	old := row.Cells[ci]
	delta := len(e.NewText) - (e.End - e.Start)
	c := makeCell(&keyTable{}, text, old.Start, old.End+delta)
	if c.Kind == CellText {
		return Check(text, r.opts)
	}
	if c.Kind == CellBlank && t.Layout != LayoutCellLines && t.Layout != LayoutTabRow && (ci == 0 || ci == len(row.Cells)-1) {
		// An empty first or last cell of a "|" row reads as the row's opening or
		// closing separator and is dropped: the row's shape changes.
		return Check(text, r.opts)
	}
	if c.Kind == CellBlank {
		nonBlank := false
		for i := range row.Cells {
			if i != ci && row.Cells[i].Kind != CellBlank {
				nonBlank = true
			}
		}
		if !nonBlank {
			return Check(text, r.opts)
		}
	}
	rep := r.shifted(text, e, false).Report
	// The table holding the cell ends after the edit, so shifted copied it: find the
	// copy of the row and put the new cell in.
	ti := indexOf(r.Report.Tables, t)
	ri := indexOf(t.Rows, row)
	nrow := rep.Tables[ti].Rows[ri]
	nrow.Cells[ci] = c
	computeArithmetic(rep)
	return runRules(rep, r.opts)
}

func indexOf[T comparable](xs []T, x T) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// editLine checks that e is an edit of old giving text that stays within one line and
// neither removes nor adds a line break or cell separator, and returns that line's
// bounds in old.
func editLine(old, text string, e Edit) (ls, le int, ok bool) {
	if e.Start < 0 || e.End < e.Start || e.End > len(old) || len(text) != len(old)-(e.End-e.Start)+len(e.NewText) {
		return 0, 0, false
	}
	if changed := old[e.Start:e.End]; strings.ContainsAny(changed, "\r\n") || hasCellSeparator(changed) ||
		strings.ContainsAny(e.NewText, "\r\n") || hasCellSeparator(e.NewText) {
		return 0, 0, false
	}
	ls = strings.LastIndexAny(old[:e.Start], "\r\n") + 1
	le = e.End + strings.IndexAny(old[e.End:], "\r\n")
	if le < e.End {
		le = len(old)
	}
	return ls, le, true
}

// hasCellSeparator reports a TAB, "|" or "｜": what makes a line a table row.
func hasCellSeparator(s string) bool { return strings.IndexByte(s, '\t') >= 0 || hasPipe(s) }

// periodKeys are the words of the 统计期限 sentence, whose year may stand on a later line.
var periodKeys = []string{"统计期限", "統計期限"}

// prose reports whether e only rewrites a line of prose, and the line stays prose:
// not a heading, title, table row or cell, nor next to a table where it could
// become one, nor part of the 统计期限 sentence.
func (r *Result) prose(text string, e Edit) bool {
	old := r.Report.Text
	ls, le, ok := editLine(old, text, e)
	if !ok {
		return false
	}
	rep := r.Report
	// The title and year are only looked for before the first section.
	if len(rep.Sections) == 0 || e.Start < rep.Sections[0].Heading.End+1 {
		return false
	}
	oldLine := old[ls:le]
	newLine := oldLine[:e.Start-ls] + e.NewText + oldLine[e.End-ls:]
	if hasCellSeparator(oldLine) || isBlankLine(oldLine) || isBlankLine(newLine) {
		return false
	}
	// A line after a cell of the cell-per-line layout may continue that cell.
	if ls > 0 {
		ps := strings.LastIndexAny(old[:ls-1], "\r\n") + 1
		if ls >= 2 && old[ls-2] == '\r' && old[ls-1] == '\n' {
			ps = strings.LastIndexAny(old[:ls-2], "\r\n") + 1
		}
		if ps < len(old) && old[ps] == '\t' {
			return false
		}
	}
	for _, t := range rep.Tables {
		if t.Start <= le && ls <= t.End {
			return false
		}
		if t.End < ls && !strings.ContainsFunc(old[t.End:ls], func(r rune) bool { return !isBlankRune(r) && r != '\r' && r != '\n' }) {
			return false // the first line after a table may be one of its rows
		}
	}
	if headingOf(old, ls, le) != nil || headingOf(newLine, 0, len(newLine)) != nil {
		return false
	}
	lo := max(ls-120, 0)
	for _, k := range periodKeys {
		if strings.Contains(old[lo:le], k) || strings.Contains(newLine, k) {
			return false
		}
	}
	return true
}

// shifted is r with every offset at or after the edit moved by its length change.
// Tables and sections wholly before the edit are shared, not copied. Without
// findings, the diagnostics and arithmetic are left out, for a caller that computes
// them again.
func (r *Result) shifted(text string, e Edit, findings bool) *Result {
	delta := len(e.NewText) - (e.End - e.Start)
	at := e.End
	mv := func(x int) int {
		if x >= at {
			return x + delta
		}
		return x
	}
	// A span that starts where text is inserted holds the insertion (a cell typed
	// into at its start): its start stays, its end moves.
	insert := e.Start == e.End
	sp := func(s Span) Span {
		start := s.Start
		if start > at || start == at && !insert {
			start += delta
		}
		return Span{start, mv(s.End)}
	}

	old := r.Report
	rep := *old
	rep.Text = text
	rep.Title = sp(old.Title)
	rep.Sections = make([]*Section, len(old.Sections))
	for i, s := range old.Sections {
		if s.End < at {
			rep.Sections[i] = s
			continue
		}
		c := *s
		c.Heading, c.Span = sp(s.Heading), sp(s.Span)
		rep.Sections[i] = &c
	}
	// Copies of the tables after the edit share three arrays: tables, rows, cells.
	nTables, nRows, nCells := 0, 0, 0
	for _, t := range old.Tables {
		if t.End >= at {
			nTables++
			nRows += len(t.Rows)
			for _, row := range t.Rows {
				nCells += len(row.Cells)
			}
		}
	}
	tables := make([]Table, 0, nTables)
	rows := make([]Row, 0, nRows)
	rowPtrs := make([]*Row, 0, nRows)
	cells := make([]Cell, 0, nCells)
	rep.Tables = make([]*Table, len(old.Tables))
	for i, t := range old.Tables {
		if t.End < at {
			rep.Tables[i] = t
			continue
		}
		tables = append(tables, *t)
		c := &tables[len(tables)-1]
		c.Span, c.evidence = sp(t.Span), sp(t.evidence)
		first := len(rowPtrs)
		for _, row := range t.Rows {
			rows = append(rows, *row)
			nr := &rows[len(rows)-1]
			nr.Span = sp(row.Span)
			from := len(cells)
			for _, cell := range row.Cells {
				cell.Span, cell.Token = sp(cell.Span), sp(cell.Token)
				cells = append(cells, cell)
			}
			nr.Cells = cells[from:len(cells):len(cells)]
			rowPtrs = append(rowPtrs, nr)
		}
		c.Rows = rowPtrs[first:len(rowPtrs):len(rowPtrs)]
		rep.Tables[i] = c
	}
	rep.labels = mapKeepNil(old.labels, func(l labelRecord) labelRecord { l.token = sp(l.token); return l })
	rep.labelIssues = mapKeepNil(old.labelIssues, func(l labelIssue) labelIssue { l.token = sp(l.token); return l })
	if !findings {
		rep.totals, rep.balances = nil, nil
		return &Result{Report: &rep, opts: r.opts}
	}
	rep.totals = mapKeepNil(old.totals, func(t TotalInfo) TotalInfo { t.Span = sp(t.Span); return t })
	rep.balances = mapKeepNil(old.balances, func(b balance) balance {
		for k := range b.cells {
			b.cells[k] = sp(b.cells[k])
		}
		return b
	})

	res := &Result{Report: &rep, totals: rep.totals, opts: r.opts, Diagnostics: make([]Diagnostic, len(r.Diagnostics))}
	for i, d := range r.Diagnostics {
		d.Span = sp(d.Span)
		if len(d.Related) > 0 {
			rel := make([]Related, len(d.Related))
			for k, x := range d.Related {
				x.Span = sp(x.Span)
				rel[k] = x
			}
			d.Related = rel
		}
		if len(d.Fixes) > 0 {
			fixes := make([]Fix, len(d.Fixes))
			for k, f := range d.Fixes {
				edits := make([]Edit, len(f.Edits))
				for m, ed := range f.Edits {
					ed.Span = sp(ed.Span)
					edits[m] = ed
				}
				f.Edits = edits
				fixes[k] = f
			}
			d.Fixes = fixes
		}
		res.Diagnostics[i] = d
	}
	return res
}

// mapKeepNil applies f to each element into a new slice; nil stays nil, so an updated
// result is indistinguishable from a fresh one.
func mapKeepNil[T any](xs []T, f func(T) T) []T {
	if xs == nil {
		return nil
	}
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}
