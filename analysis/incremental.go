package analysis

import "strings"

// Update returns the result of checking text, which is the text of r with one edit
// applied (e is in r's coordinates). The answer is exactly Check(text, options of r),
// reached by the cheapest of three paths:
//
//   - The edit is confined to a line of prose that stays prose, the common keystroke
//     while drafting: no finding can change, so they are kept with their offsets moved.
//   - The edit rewrites a number cell: only the rules that read numbers (Rule.values)
//     run again, on that cell and on the totals and balances that read it; every
//     other finding is kept, moved.
//   - Anything else is checked afresh.
//
// On the first two paths the new report itself (offsets moved, the cell replaced) is
// built only when Report is first called, so a keystroke costs little more than its
// findings; the editor can build it while the writer pauses.
func (r *Result) Update(text string, e Edit) *Result {
	if u := r.UpdateCheap(text, e); u != nil {
		return u
	}
	if r == nil {
		return Check(text, Options{})
	}
	return Check(text, r.opts)
}

// UpdateCheap is Update when one of its two cheap paths applies, and nil when the
// text must be checked afresh: a caller that answers a keystroke at once can then
// hand that check to another goroutine. It may build r's report first, which is
// still far cheaper than a check.
func (r *Result) UpdateCheap(text string, e Edit) *Result {
	if r == nil {
		return nil
	}
	rep := r.Report()
	if rep == nil {
		return nil
	}
	// Both cheap paths need an edit within one line.
	ln, ok := editLine(rep.Text, text, e)
	if !ok {
		return nil
	}
	if prose(rep, text, e, ln) {
		return &Result{
			opts:        r.opts,
			Diagnostics: shiftDiagnostics(nil, r.Diagnostics, newShift(e), nil),
			build:       func() *Report { return shiftReport(rep, text, e, -1, nil) },
		}
	}
	if t, row, ci, ok := numberCell(rep, text, e, ln); ok {
		return r.cellEdited(rep, text, e, t, row, ci)
	}
	return nil
}

// numberCell finds the value cell an edit rewrites when the edit stays inside it and
// the cell stays a number or blank cell: typing a digit, or applying a total fix.
// Such an edit changes values, not the structure the reader found, so only the
// arithmetic and the rules need to run again. Edits that could change structure are
// refused: text in the cell, line breaks or separators, the first row of a table
// (rows of numbers alone may decide which table they start), a row losing its last
// non-blank cell (an empty row is dropped), and （六）其他处理 (its numbers tell 2019
// from 2021).
func numberCell(rep *Report, text string, e Edit, ln line) (*Table, *Row, int, bool) {
	if !rep.IsReport {
		return nil, nil, 0, false
	}
	for _, t := range rep.Tables {
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
				if !hasCellSeparator(rep.Text[ln.start:ln.end]) {
					return nil, nil, 0, false
				}
				return t, row, ci, true
			}
			return nil, nil, 0, false
		}
	}
	return nil, nil, 0, false
}

// cellEdited is r with one number cell of rep (r's report) rewritten, or nil when the
// rewrite changes more than values and the text must be checked afresh. The
// table-scope value rules run again on the totals and balances that read the cell,
// the cell-scope ones on the new cell; no other finding can change.
func (r *Result) cellEdited(rep *Report, text string, e Edit, t *Table, row *Row, ci int) *Result {
	old := row.Cells[ci]
	delta := len(e.NewText) - (e.End - e.Start)
	c := makeCell(&keyTable{}, text, old.Start, old.End+delta)
	if c.Kind == CellText {
		return nil
	}
	if c.Kind == CellBlank && t.Layout != LayoutCellLines && t.Layout != LayoutTabRow && (ci == 0 || ci == len(row.Cells)-1) {
		// An empty first or last cell of a "|" row reads as the row's opening or
		// closing separator and is dropped: the row's shape changes.
		return nil
	}
	if c.Kind == CellBlank {
		nonBlank := false
		for i := range row.Cells {
			if i != ci && row.Cells[i].Kind != CellBlank {
				nonBlank = true
			}
		}
		if !nonBlank {
			return nil
		}
	}
	sh := newShift(e)
	// The findings first. The table-scope rules read values and spans, never text:
	// they run on the table as it is, in r's coordinates, with only the edited row
	// copied and the new cell put in, and their findings are then moved across the
	// edit like the kept ones. Copying the whole table to the new coordinates, as
	// the report needs, would cost a keystroke more than these rules do.
	oc, ok := backCell(c, old, e, sh)
	if !ok {
		return nil
	}
	ri := indexOf(t.Rows, row)
	sc := scratchPool.Get().(*scratch)
	tt := &sc.table
	*tt = *t
	tt.Rows = append(sc.rows[:0], t.Rows...)
	er := &sc.row
	*er = *row
	er.Cells = append(sc.cells[:0], row.Cells...)
	er.Cells[ci] = oc
	tt.Rows[ri] = er
	sc.rows, sc.cells = tt.Rows, er.Cells
	part := &sc.part
	*part = Report{Text: rep.Text, IsReport: true, Format: rep.Format, Tables: append(sc.tables[:0], tt)}
	sc.tables = part.Tables
	// Of Table 3's totals and balances, only those that read the cell can change:
	// the others are neither computed nor checked again, and their findings are kept.
	var only *cellOnly
	if t.Kind == Table3 {
		only = &sc.only
		*only = cellOnly{row: row.Template, col: indexOf(row.Values, ci), totals: only.totals[:0], balances: only.balances[:0]}
	}
	computeArithmeticIn(part, sc, only)
	// At most a finding per total and balance, and one for the cell.
	p := &pass{rep: part, opts: r.opts, out: make([]Diagnostic, 0, len(part.totals)+len(part.balances)+1)}
	fresh := p.run(tableScope)
	for i := range fresh {
		shiftFresh(&fresh[i], sh)
	}
	// The cell-scope rules read the cell's text: they run on the new cell, in the
	// new text. Of its table and row they read only the kind and template.
	*part = Report{Text: text, IsReport: true, Format: rep.Format}
	p.only = &valueCell{t: t, r: row, col: indexOf(row.Values, ci), c: &c}
	fresh = p.run(cellScope)

	ds := make([]Diagnostic, 0, len(r.Diagnostics)+len(fresh))
	ds = shiftDiagnostics(ds, r.Diagnostics, sh, func(d *Diagnostic) bool {
		if d.Start < t.Start || d.End > t.End {
			return false // most findings: outside the table, the rule is not looked up
		}
		switch ruleScopes[d.Rule] {
		case tableScope:
			// Found again in fresh, or gone.
			return only.recomputed(d)
		case cellScope:
			return old.Start <= d.Start && d.End <= old.End
		}
		return false
	})
	// The findings hold no part of the arithmetic or of the copies: they can go.
	sc.release()
	ds = append(ds, fresh...)
	sortDiagnostics(ds)
	ti := indexOf(rep.Tables, t)
	return &Result{
		opts:        r.opts,
		Diagnostics: ds,
		build: func() *Report {
			nt := shiftTables([]*Table{t}, sh)[0]
			// The edited row ends after the edit, so it is a copy, not shared.
			nt.Rows[ri].Cells[ci] = c
			nrep := shiftReport(rep, text, e, ti, nt)
			// Only the edited table's arithmetic changed.
			part := &Report{Text: text, IsReport: true, Format: rep.Format, Tables: []*Table{nt}}
			computeArithmetic(part)
			nrep.totals = splice(rep.totals, part.totals, t.Span, func(x TotalInfo) Span { return x.Span }, sh.total)
			nrep.balances = splice(rep.balances, part.balances, t.Span, func(b balance) Span { return b.cells[0] }, sh.balance)
			return nrep
		},
	}
}

// recomputed reports whether d, a previous finding of a table-scope rule in the
// edited table, was looked for again under o: it is at a cell whose total or balance
// was recomputed. Without o, every one was.
func (o *cellOnly) recomputed(d *Diagnostic) bool {
	if o == nil {
		return true
	}
	for _, s := range anchors[d.Rule](o) {
		if s.Start <= d.Start && d.End <= s.End {
			return true
		}
	}
	return false
}

// anchors gives, for each table-scope rule, the cells of a cellOnly its findings
// are reported at: a restricted update keeps every finding elsewhere.
var anchors = map[string]func(*cellOnly) []Span{
	"total-mismatch":   func(o *cellOnly) []Span { return o.totals },
	"balance-mismatch": func(o *cellOnly) []Span { return o.balances },
}

// ruleScopes holds Rule.values by rule id.
var ruleScopes = map[string]valueScope{}

func init() {
	for _, r := range registry {
		ruleScopes[r.ID] = r.values
		if r.values == tableScope && anchors[r.ID] == nil {
			panic("analysis: table-scope rule " + r.ID + " has no entry in anchors")
		}
	}
}

// backCell is c, a cell of the new text that replaces old, in the coordinates of the
// text before e: a cell that sh moves back onto c. It reports false when there is
// none (the token of c begins inside the edit, say), and the caller then checks
// afresh rather than guess.
func backCell(c, old Cell, e Edit, sh shift) (Cell, bool) {
	back := func(y int) int {
		if y-sh.delta >= e.End {
			return y - sh.delta
		}
		return y
	}
	tok := c.Token()
	bt := Span{back(tok.Start), back(tok.End)}
	if bt.Start > bt.End || bt.Start < old.Start || bt.End > old.End ||
		sh.span(old.Span) != c.Span || sh.span(bt) != tok {
		return Cell{}, false
	}
	oc := c
	oc.Span = old.Span
	oc.setToken(bt)
	return oc, true
}

// shiftFresh moves a finding that this update made, and nothing else holds, across
// sh in place.
func shiftFresh(d *Diagnostic, sh shift) {
	d.Span = sh.span(d.Span)
	for k := range d.Related {
		d.Related[k].Span = sh.span(d.Related[k].Span)
	}
	for k := range d.Fixes {
		for m := range d.Fixes[k].Edits {
			d.Fixes[k].Edits[m].Span = sh.span(d.Fixes[k].Edits[m].Span)
		}
	}
}

// splice replaces, in old (the arithmetic of a report, table after table), the
// entries of the table at span with fresh ones, and moves the others with move. at
// locates an entry in the text.
func splice[T any](old, fresh []T, span Span, at func(T) Span, move func(T) T) []T {
	out := make([]T, 0, len(old)+len(fresh))
	done := false
	for _, x := range old {
		a := at(x)
		if span.Start <= a.Start && a.End <= span.End {
			continue
		}
		if !done && a.Start > span.End {
			out, done = append(out, fresh...), true
		}
		out = append(out, move(x))
	}
	if !done {
		out = append(out, fresh...)
	}
	return out
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
// neither removes nor adds a line break or cell separator, and returns that line in
// old.
func editLine(old, text string, e Edit) (ln line, ok bool) {
	if e.Start < 0 || e.End < e.Start || e.End > len(old) || len(text) != len(old)-(e.End-e.Start)+len(e.NewText) {
		return line{}, false
	}
	if changed := old[e.Start:e.End]; strings.ContainsAny(changed, "\r\n") || hasCellSeparator(changed) ||
		strings.ContainsAny(e.NewText, "\r\n") || hasCellSeparator(e.NewText) {
		return line{}, false
	}
	ls := strings.LastIndexAny(old[:e.Start], "\r\n") + 1
	le := e.End + strings.IndexAny(old[e.End:], "\r\n")
	if le < e.End {
		le = len(old)
	}
	return line{ls, le}, true
}

// hasCellSeparator reports a TAB, "|" or "｜": what makes a line a table row.
func hasCellSeparator(s string) bool { return strings.IndexByte(s, '\t') >= 0 || hasPipe(s) }

// periodKeys are the words of the 统计期限 sentence, whose year may stand on a later line.
var periodKeys = []string{"统计期限", "統計期限"}

// prose reports whether e only rewrites a line of prose, and the line stays prose:
// not a heading, title, table row or cell, nor next to a table where it could
// become one, nor part of the 统计期限 sentence.
func prose(rep *Report, text string, e Edit, ln line) bool {
	old := rep.Text
	ls, le := ln.start, ln.end
	// The title and year are only looked for before the first section.
	if len(rep.Sections) == 0 || e.Start < rep.Sections[0].Heading.End+1 {
		return false
	}
	oldLine := old[ls:le]
	if hasCellSeparator(oldLine) {
		return false // before building the new line: a table row's keystroke comes here first
	}
	newLine := oldLine[:e.Start-ls] + e.NewText + oldLine[e.End-ls:]
	if isBlankLine(oldLine) || isBlankLine(newLine) {
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
	if isHeading(old, ls, le) || isHeading(newLine, 0, len(newLine)) {
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

// shift moves offsets across one edit: those at or after its end by its length
// change.
type shift struct {
	at, delta int
	// insert: the edit inserts at at. A span that starts there holds the insertion
	// (a cell typed into at its start): its start stays, its end moves.
	insert bool
}

func newShift(e Edit) shift {
	return shift{at: e.End, delta: len(e.NewText) - (e.End - e.Start), insert: e.Start == e.End}
}

func (sh shift) offset(x int) int {
	if x >= sh.at {
		return x + sh.delta
	}
	return x
}

func (sh shift) span(s Span) Span {
	start := s.Start
	if start > sh.at || start == sh.at && !sh.insert {
		start += sh.delta
	}
	return Span{start, sh.offset(s.End)}
}

// total is t with its offsets moved.
func (sh shift) total(t TotalInfo) TotalInfo {
	t.Span = sh.span(t.Span)
	return t
}

// balance is b with its offsets moved.
func (sh shift) balance(b balance) balance {
	for k := range b.cells {
		b.cells[k] = sh.span(b.cells[k])
	}
	return b
}

// shiftReport is old with every offset moved across e and text as its text. Sections
// and tables wholly before the edit are shared, not copied. When nt is not nil it
// stands for table ti, taken as it is, already in the new text's coordinates; the
// totals and balances are then left for the caller to set.
func shiftReport(old *Report, text string, e Edit, ti int, nt *Table) *Report {
	sh := newShift(e)
	rep := *old
	rep.Text = text
	rep.Title = sh.span(old.Title)
	rep.Sections = make([]*Section, len(old.Sections))
	for i, s := range old.Sections {
		if s.End < sh.at {
			rep.Sections[i] = s
			continue
		}
		c := *s
		c.Heading, c.Span = sh.span(s.Heading), sh.span(s.Span)
		rep.Sections[i] = &c
	}
	var moved []*Table
	for i, t := range old.Tables {
		if t.End >= sh.at && (nt == nil || i != ti) {
			moved = append(moved, t)
		}
	}
	copies := shiftTables(moved, sh)
	rep.Tables = make([]*Table, len(old.Tables))
	for i, t := range old.Tables {
		switch {
		case nt != nil && i == ti:
			rep.Tables[i] = nt
		case t.End < sh.at:
			rep.Tables[i] = t
		default:
			rep.Tables[i], copies = copies[0], copies[1:]
		}
	}
	rep.labelIssues = mapKeepNil(old.labelIssues, func(l labelIssue) labelIssue { l.token = sh.span(l.token); return l })
	if nt == nil {
		rep.totals = mapKeepNil(old.totals, sh.total)
		rep.balances = mapKeepNil(old.balances, sh.balance)
	}
	return &rep
}

// shiftTables copies tables with every offset moved. Rows that end before the edit
// keep their offsets and are shared; the copies of the others share three arrays:
// tables, rows, cells.
func shiftTables(old []*Table, sh shift) []*Table {
	nPtrs, nRows, nCells := 0, 0, 0
	for _, t := range old {
		nPtrs += len(t.Rows)
		for _, row := range t.Rows {
			if row.End >= sh.at {
				nRows++
				nCells += len(row.Cells)
			}
		}
	}
	tables := make([]Table, len(old))
	out := make([]*Table, len(old))
	rows := make([]Row, 0, nRows)
	rowPtrs := make([]*Row, 0, nPtrs)
	cells := make([]Cell, 0, nCells)
	for i, t := range old {
		c := &tables[i]
		*c = *t
		c.Span, c.evidence = sh.span(t.Span), sh.span(t.evidence)
		first := len(rowPtrs)
		for _, row := range t.Rows {
			if row.End < sh.at {
				rowPtrs = append(rowPtrs, row)
				continue
			}
			rows = append(rows, *row)
			nr := &rows[len(rows)-1]
			nr.Span = sh.span(row.Span)
			from := len(cells)
			for _, cell := range row.Cells {
				tok := sh.span(cell.Token())
				cell.Span = sh.span(cell.Span)
				cell.setToken(tok)
				cells = append(cells, cell)
			}
			nr.Cells = cells[from:len(cells):len(cells)]
			rowPtrs = append(rowPtrs, nr)
		}
		c.Rows = rowPtrs[first:len(rowPtrs):len(rowPtrs)]
		out[i] = c
	}
	return out
}

// shiftDiagnostics appends to out the findings of ds, but those drop reports (when
// it is not nil), with every offset moved across sh. The related notes and fixes
// of a finding that sh leaves in place are shared with ds, which nothing changes;
// the others are copied, into three arrays for all: a report may have hundreds of
// findings with a fix each, and a keystroke should not allocate hundreds of times.
func shiftDiagnostics(out, ds []Diagnostic, sh shift, drop func(*Diagnostic) bool) []Diagnostic {
	if out == nil {
		out = make([]Diagnostic, 0, len(ds))
	}
	nRel, nFix, nEdit := 0, 0, 0
	for i := range ds {
		if d := &ds[i]; (drop == nil || !drop(d)) && sh.moves(d) {
			nRel += len(d.Related)
			nFix += len(d.Fixes)
			for _, f := range d.Fixes {
				nEdit += len(f.Edits)
			}
		}
	}
	var (
		rel   = make([]Related, 0, nRel)
		fixes = make([]Fix, 0, nFix)
		edits = make([]Edit, 0, nEdit)
	)
	for i := range ds {
		if drop != nil && drop(&ds[i]) {
			continue
		}
		if !sh.moves(&ds[i]) {
			out = append(out, ds[i])
			continue
		}
		d := ds[i]
		d.Span = sh.span(d.Span)
		if len(d.Related) > 0 {
			from := len(rel)
			for _, x := range d.Related {
				x.Span = sh.span(x.Span)
				rel = append(rel, x)
			}
			d.Related = rel[from:len(rel):len(rel)]
		}
		if len(d.Fixes) > 0 {
			from := len(fixes)
			for _, f := range d.Fixes {
				efrom := len(edits)
				for _, ed := range f.Edits {
					ed.Span = sh.span(ed.Span)
					edits = append(edits, ed)
				}
				f.Edits = edits[efrom:len(edits):len(edits)]
				fixes = append(fixes, f)
			}
			d.Fixes = fixes[from:len(fixes):len(fixes)]
		}
		out = append(out, d)
	}
	return out
}

// moves reports whether sh moves any offset of d: its span, a related note's or a
// fix's.
func (sh shift) moves(d *Diagnostic) bool {
	if sh.delta == 0 {
		return false
	}
	if sh.span(d.Span) != d.Span {
		return true
	}
	for _, x := range d.Related {
		if sh.span(x.Span) != x.Span {
			return true
		}
	}
	for _, f := range d.Fixes {
		for _, ed := range f.Edits {
			if sh.span(ed.Span) != ed.Span {
				return true
			}
		}
	}
	return false
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
