package analysis

import "strings"

// Stage 4, updating: the findings of a text one edit away from one already checked.
// A keystroke mostly touches one line of prose or one number cell. Each rule says
// what it reads (Rule.reads), so an edit that changes only the numbers of one table
// reruns the rules that read a cell on that cell and those that read a table on that
// table; the rules that read prose (and values anywhere) run again after either kind
// of edit, on the report moved across it (movedReport); every other finding is
// kept, its offsets moved. Anything else is checked afresh. Either way the answer is exactly
// Check's: the property tests and FuzzUpdate hold the two equal.

// Update returns the result of checking text, which is the text of r with one edit
// applied (e is in r's coordinates): exactly Check(text, options of r).
func (r *Result) Update(text string, e Edit) *Result {
	if u := r.UpdateCheap(text, e); u != nil {
		return u
	}
	if r == nil {
		return Check(text, Options{})
	}
	return Check(text, r.opts)
}

// UpdateCheap is Update when the edit changes only prose or only one number cell,
// and nil when the text must be checked afresh: a caller answering a keystroke at
// once can then hand that check to another goroutine. The new report is read only
// when Report is first called.
func (r *Result) UpdateCheap(text string, e Edit) *Result {
	if r == nil {
		return nil
	}
	rep := r.Report()
	if rep == nil || !rep.IsReport || !editInLine(rep.Text, text, e) || touchesDirective(rep.Text, text, e) {
		return nil
	}
	var ds, found []Diagnostic
	var prepare []func(*Report)
	if proseEdit(rep, text, e) {
		kind := rep.SectionAt(e.Start).Kind // proseEdit: after the first heading
		reads := func(rule *Rule) bool { return rule.reads == readsProse && rule.proseSections().has(kind) }
		whole := func(rule *Rule) bool { return reads(rule) && !rule.paragraphwise }
		para := func(rule *Rule) bool { return reads(rule) && rule.paragraphwise }
		old := paragraphAt(rep, e.Start)
		ds = shiftDiagnostics(r.raw, e, func(d *Diagnostic) bool {
			rule := ruleByID[d.Rule]
			return rule != nil && (whole(rule) || para(rule) && old.Start <= d.Start && d.End <= old.End)
		})
		values, anyWhole := r.opts.rerunning(whole)
		_, anyPara := r.opts.rerunning(para)
		var h *proseHead
		if anyWhole || anyPara {
			h = newProseHead(rep, text, e, old)
		}
		if anyWhole {
			p := &pass{rep: h.movedReport(values), text: text, opts: r.opts}
			p.run(whole)
			found = p.out
		}
		if anyPara {
			p := &pass{rep: h.paragraphReport(), text: text, opts: r.opts}
			p.run(para)
			// The paragraph is read in the new text, the tables as they were: what
			// the findings say of their cells lies before the edit or moves with it.
			found = append(found, moveRelated(p.out, e)...)
		}
	} else {
		v := valueCellEdit(rep, text, e)
		if v == nil {
			return nil
		}
		ds = r.updateCell(rep, text, e, v)
		values := func(rule *Rule) bool { return rule.reads == readsProse && rule.values }
		if _, ok := r.opts.rerunning(values); ok {
			// Run on the report as it was but for the new number, then moved:
			// moving every cell of every table first cost more than the rules.
			p := &pass{rep: valueReport(rep, v), text: rep.Text, opts: r.opts}
			p.run(values)
			found = shiftDiagnostics(p.out, e, nil)
			for i := range registry {
				if rule := &registry[i]; rule.prepare != nil && !r.opts.Disabled[rule.ID] && values(rule) {
					prepare = append(prepare, rule.prepare)
				}
			}
		}
	}
	if len(found) > 0 {
		ds = append(ds, found...)
		sortDiagnostics(ds)
	}
	opts := r.opts
	return &Result{Diagnostics: applySuppressions(text, ds, opts), raw: ds, opts: opts,
		build: func() *Report {
			rep := Match(Read(text), opts.Template)
			for _, f := range prepare {
				f(rep)
			}
			return rep
		}}
}

// touchesDirective reports whether e edits a line that is, or may be after it, a
// suppression comment: the reader passes over such lines, so the document changes
// in ways no cheap path follows. Other suppression comments only move with the
// text, and the findings are filtered afresh.
func touchesDirective(old, text string, e Edit) bool {
	ls, le := lineAround(old, e.Start, e.End)
	if strings.Contains(old[ls:le], directiveWord) {
		return true
	}
	ls, le = lineAround(text, e.Start, e.Start+len(e.NewText))
	return strings.Contains(text[ls:le], directiveWord)
}

// editInLine reports whether e turns old into text without removing or adding a line
// break or a cell separator.
func editInLine(old, text string, e Edit) bool {
	if e.Start < 0 || e.End < e.Start || e.End > len(old) || len(text) != len(old)-(e.End-e.Start)+len(e.NewText) {
		return false
	}
	return !hasBreakOrSeparator(old[e.Start:e.End]) && !hasBreakOrSeparator(e.NewText) &&
		(e.Start == 0 || old[e.Start-1] != '\r') // where it could join a "\r" to a "\n"
}

func hasBreakOrSeparator(s string) bool {
	return strings.ContainsAny(s, "\r\n\t|") || strings.Contains(s, "｜")
}

// lineAround returns the line of text that holds [start, end).
func lineAround(text string, start, end int) (int, int) {
	ls := strings.LastIndexAny(text[:start], "\r\n") + 1
	le := end + strings.IndexAny(text[end:], "\r\n")
	if le < end {
		le = len(text)
	}
	return ls, le
}

// proseEdit reports whether e only rewrites a line of prose, which stays prose in
// every layout the reader knows: a paragraph of its own, too long to be a cell, with
// no run of spaces that could make it columns or cells of running text, no heading
// or title in it, after the first section heading (where the title is looked for),
// and nothing the year is read from.
func proseEdit(rep *Report, text string, e Edit) bool {
	old := rep.Text
	ls, le := lineAround(old, e.Start, e.End)
	if len(rep.Sections) == 0 || ls < rep.Sections[0].Heading.End {
		return false
	}
	a, b := trimBlank(old, ls, le)
	isParagraph := false
	for _, bl := range rep.Doc.Blocks {
		if bl.Kind == Paragraph && bl.Start == a && bl.End == b {
			isParagraph = true
			break
		}
		if bl.Start > b {
			break
		}
	}
	if !isParagraph || e.Start < a || e.End > b {
		return false
	}
	oldLine := old[ls:le]
	newLine := oldLine[:e.Start-ls] + e.NewText + oldLine[e.End-ls:]
	if !plainProse(oldLine) || !plainProse(newLine) {
		return false
	}
	if s := rep.SectionAt(e.Start); s != nil && s.Kind == 1 && rep.YearSource != "title" && rep.YearSource != "period" {
		return false // section 一 may hold the year
	}
	return true
}

// plainProse reports whether a line is prose in any context: see proseEdit.
func plainProse(s string) bool {
	return runeCount(s) > maxBareCellRunes && strings.Count(s, " ") < 2*minInlineWords &&
		!strings.Contains(s, "  ") && !strings.Contains(s, "\u3000\u3000") && !isHeadingLine(s) && !titleWords(s) &&
		!strings.Contains(s, "期限") && !strings.Contains(s, "时限") && !strings.Contains(s, "時限")
}

// editedCell is the value cell an edit rewrites, and the cell as it is after the edit.
type editedCell struct {
	t      *Table
	r      *Row
	col    int
	before Cell
	after  Cell
}

// valueCellEdit returns the value cell e rewrites when the edit changes nothing but
// that cell's number: the cell holds a number or nothing before and after, in a
// table whose cells have separators, on a row of the right shape with no words after
// its label and a number left in it (so that which cells are labels, which row is
// Table 4's data row and what its format is stay as they were).
func valueCellEdit(rep *Report, text string, e Edit) *editedCell {
	for _, t := range rep.Tables {
		if e.Start < t.Start || e.End > t.End {
			continue
		}
		switch t.Layout {
		case LayoutPipe, LayoutMarkdown, LayoutTabRow, LayoutCellLines:
		default:
			return nil
		}
		for _, r := range t.Rows {
			if e.Start < r.Start || e.End > r.End {
				continue
			}
			if !r.shapeOK() {
				return nil
			}
			for col := range r.Values {
				c := &r.Values[col]
				if e.Start < c.Start || e.End > c.End {
					continue
				}
				after := newCell(text, c.Start, c.End+len(e.NewText)-(e.End-e.Start))
				if !numberOrBlank(c) || !numberOrBlank(&after) || c.more != nil {
					return nil
				}
				if t.Kind == Table4 && c.isNumber() != after.isNumber() {
					return nil
				}
				numbers := 0
				for i := range r.Cells {
					if &r.Cells[i] != c && r.Cells[i].isNumber() {
						numbers++
					}
				}
				if numbers == 0 {
					return nil
				}
				for i := range r.Cells[r.Label+1:] {
					if r.Cells[r.Label+1+i].Kind == CellText {
						return nil
					}
				}
				return &editedCell{t: t, r: r, col: col, before: *c, after: after}
			}
			return nil
		}
		return nil
	}
	return nil
}

func numberOrBlank(c *Cell) bool { return c.Kind == CellBlank || c.isNumber() }

// updateCell computes the findings after an edit of one number cell: the rules that
// read numbers run again on the edited table, in the new text, and every other
// finding is kept, moved, but those of the rules that read prose and values, which
// the caller runs again.
func (r *Result) updateCell(rep *Report, text string, e Edit, v *editedCell) []Diagnostic {
	delta := len(e.NewText) - (e.End - e.Start)
	t := shiftTable(v.t, e.End, delta)
	// The edited cell is read again; every other cell of the table only moved.
	for ri, row := range v.t.Rows {
		if row == v.r {
			t.Rows[ri].Values[v.col] = v.after
		}
	}
	// The title and year are there for the rules that read them with a table's
	// numbers (table2-implausible reads the agency from the title, the rules comparing
	// years pair by both); an edit of a cell leaves them as they are.
	part := &Report{Text: text, IsReport: true, Year: rep.Year, Format: rep.Format, Title: shift{at: e.End, delta: delta}.span(rep.Title), Tables: []*Table{t}}
	if len(rep.Sections) > 0 {
		// Section 一's start bounds where the rules comparing years look for the
		// office when the report has no title (see OfficeOf).
		first := *rep.Sections[0]
		first.Span, first.Heading = shift{at: e.End, delta: delta}.span(first.Span), shift{at: e.End, delta: delta}.span(first.Heading)
		part.Sections = []*Section{&first}
	}
	computeArithmetic(part)
	p := &pass{rep: part, text: text, opts: r.opts}
	p.run(func(rule *Rule) bool { return rule.reads == readsTable })
	for ri, row := range v.t.Rows {
		if row == v.r {
			p.only = &valueCell{t: t, r: t.Rows[ri], col: v.col, c: &t.Rows[ri].Values[v.col]}
		}
	}
	p.run(func(rule *Rule) bool { return rule.reads == readsCell })

	ds := shiftDiagnostics(r.raw, e, func(d *Diagnostic) bool {
		rule := ruleByID[d.Rule]
		if rule == nil {
			return false
		}
		switch rule.reads {
		case readsTable:
			return v.t.Start <= d.Start && d.End <= v.t.End
		case readsCell:
			return v.before.Start <= d.Start && d.End <= v.before.End
		case readsProse:
			return rule.values // the caller runs these again
		}
		return false
	})
	ds = append(ds, p.out...)
	sortDiagnostics(ds)
	return ds
}

// rerunning reports whether an enabled rule is one of those rerun accepts, and
// whether one of those reads the values of the tables.
func (o Options) rerunning(rerun func(*Rule) bool) (values, any bool) {
	for i := range registry {
		if r := &registry[i]; !o.Disabled[r.ID] && rerun(r) {
			any = true
			values = values || r.values
		}
	}
	return values, any
}

// proseHead is what the reports of an edit of prose e (old, the edited paragraph)
// share: the new text, the report's title, year and format, the sections moved
// across the edit, and the edited paragraph as the reader would bound it now.
type proseHead struct {
	rep, head *Report
	e         Edit
	sh        shift
	old, now  Span
}

func newProseHead(rep *Report, text string, e Edit, old Span) *proseHead {
	sh := shift{at: e.End, delta: len(e.NewText) - (e.End - e.Start)}
	return &proseHead{rep: rep, e: e, sh: sh, old: old, now: lineParagraph(text, old.Start),
		head: &Report{Text: text, IsReport: rep.IsReport, Year: rep.Year, YearSource: rep.YearSource,
			Format: rep.Format, Title: sh.span(rep.Title), Sections: movedSections(rep, sh)}}
}

// movedReport is the report moved across the edit: the report of the new text as
// far as the rules that read prose look (see readsProse). The edited paragraph's
// bounds are read again; everything else only moves. Tables wholly before the
// edit are shared; unless values is set, the tables are their places only,
// without rows, which is all a rule that reads no values looks at (moving every
// cell of every table was a third of a keystroke in prose).
func (h *proseHead) movedReport(values bool) *Report {
	m := *h.head
	m.paragraphs = make([]Span, len(h.rep.paragraphs))
	for i, p := range h.rep.paragraphs {
		if p == h.old {
			m.paragraphs[i] = h.now
			continue
		}
		m.paragraphs[i] = h.sh.span(p)
	}
	m.Tables = make([]*Table, len(h.rep.Tables))
	for i, t := range h.rep.Tables {
		switch {
		case !values:
			m.Tables[i] = &Table{Kind: t.Kind, Layout: t.Layout, Format: t.Format, Span: h.sh.span(t.Span)}
		case t.End < h.e.Start && t.evidence.End < h.e.Start:
			m.Tables[i] = t
		default:
			m.Tables[i] = shiftTable(t, h.e.End, h.sh.delta)
		}
	}
	return &m
}

// paragraphReport is what a rule that reads prose paragraph by paragraph
// (Rule.paragraphwise) reads after the edit: the edited paragraph alone as prose,
// and the tables as they were before the edit (an edit of prose changes no value,
// and moving every cell of every table cost more than the rule).
func (h *proseHead) paragraphReport() *Report {
	m := *h.head
	m.Tables, m.paragraphs = h.rep.Tables, []Span{h.now}
	return &m
}

// movedSections copies rep's sections moved by sh.
func movedSections(rep *Report, sh shift) []*Section {
	sections := make([]Section, len(rep.Sections))
	out := make([]*Section, len(rep.Sections))
	for i, s := range rep.Sections {
		sections[i] = *s
		sections[i].Heading, sections[i].Span = sh.span(s.Heading), sh.span(s.Span)
		out[i] = &sections[i]
	}
	return out
}

// lineParagraph is the paragraph that the line holding offset at is in text: an
// edited line that proseEdit made sure is a paragraph of its own before and after
// the edit, so its bounds are the line's, trimmed.
func lineParagraph(text string, at int) Span {
	ls, le := lineAround(text, at, at)
	a, b := trimBlank(text, ls, le)
	return Span{a, b}
}

// valueReport is rep as it was before e, an edit of the value cell v, but for v's
// new number: what a rule that reads prose and values reads after the edit, in
// the coordinates of the text before it (the caller moves its findings).
func valueReport(rep *Report, v *editedCell) *Report {
	m := *rep
	m.Tables = append([]*Table(nil), rep.Tables...)
	for i, t := range rep.Tables {
		if t != v.t {
			continue
		}
		nt := *t
		nt.Rows = append([]*Row(nil), t.Rows...)
		for ri, r := range t.Rows {
			if r != v.r {
				continue
			}
			nr := *r
			nr.Values = append([]Cell(nil), r.Values...)
			c := v.after
			c.Span, c.Token = v.before.Span, v.before.Token
			nr.Values[v.col] = c
			nt.Rows[ri] = &nr
		}
		m.Tables[i] = &nt
	}
	return &m
}

// paragraphAt returns the paragraph of rep that holds offset at (proseEdit made sure
// there is one).
func paragraphAt(rep *Report, at int) Span {
	for _, p := range rep.paragraphs {
		if p.Start <= at && at <= p.End {
			return p
		}
	}
	return Span{}
}

// moveRelated moves across e the related locations and fix edits of ds, findings in
// the new text that refer to places read before the edit (see paragraphReport).
func moveRelated(ds []Diagnostic, e Edit) []Diagnostic {
	sh := shift{at: e.End, delta: len(e.NewText) - (e.End - e.Start)}
	if sh.delta == 0 {
		return ds
	}
	for i := range ds {
		for k := range ds[i].Related {
			ds[i].Related[k].Span = sh.span(ds[i].Related[k].Span)
		}
	}
	return ds
}

// ruleByID holds each rule of the registry by id.
var ruleByID = func() map[string]*Rule {
	m := make(map[string]*Rule, len(registry))
	for i := range registry {
		m[registry[i].ID] = &registry[i]
	}
	return m
}()

// shiftTable copies t with every offset at or after at moved by delta. Rows wholly
// before at are shared, not copied: they do not move.
func shiftTable(t *Table, at, delta int) *Table {
	sh := shift{at: at, delta: delta}
	c := *t
	c.Span, c.evidence = sh.span(t.Span), sh.span(t.evidence)
	c.Rows = make([]*Row, len(t.Rows))
	var rows []Row
	for i, r := range t.Rows {
		if rowBefore(r, at) {
			c.Rows[i] = r
			continue
		}
		if rows == nil {
			rows = make([]Row, len(t.Rows)-i)
		}
		nr := &rows[0]
		rows = rows[1:]
		*nr = *r
		nr.Span = sh.span(r.Span)
		nr.Cells = make([]Cell, len(r.Cells))
		for j, cell := range r.Cells {
			cell.Span, cell.Token = sh.span(cell.Span), sh.span(cell.Token)
			if cell.more != nil {
				more := make([]Span, len(*cell.more))
				for k, m := range *cell.more {
					more[k] = sh.span(m)
				}
				cell.more = &more
			}
			nr.Cells[j] = cell
		}
		if len(r.Values) > 0 {
			first := 0
			for first < len(r.Cells) && r.Cells[first].Span != r.Values[0].Span {
				first++
			}
			nr.Values = nr.Cells[first : first+len(r.Values) : first+len(r.Values)]
		}
		c.Rows[i] = nr
	}
	return &c
}

// rowBefore reports whether every offset of r is before at.
func rowBefore(r *Row, at int) bool {
	if r.End >= at {
		return false
	}
	for i := range r.Cells {
		c := &r.Cells[i]
		if c.End >= at || c.Token.End >= at {
			return false
		}
		for _, m := range c.More() {
			if m.End >= at {
				return false
			}
		}
	}
	return true
}

// shift moves offsets across an edit ending at at that changes the length by delta.
type shift struct{ at, delta int }

func (sh shift) offset(x int) int {
	if x >= sh.at {
		return x + sh.delta
	}
	return x
}

func (sh shift) span(s Span) Span { return Span{sh.offset(s.Start), sh.offset(s.End)} }

// shiftDiagnostics copies ds, but those drop reports (when it is not nil), with every
// offset moved across e.
func shiftDiagnostics(ds []Diagnostic, e Edit, drop func(*Diagnostic) bool) []Diagnostic {
	sh := shift{at: e.End, delta: len(e.NewText) - (e.End - e.Start)}
	out := make([]Diagnostic, 0, len(ds))
	for i := range ds {
		d := ds[i]
		if drop != nil && drop(&d) {
			continue
		}
		if sh.delta != 0 {
			d.Span = sh.span(d.Span)
			if len(d.Related) > 0 {
				d.Related = append([]Related(nil), d.Related...)
				for k := range d.Related {
					if d.Related[k].Doc != "" {
						continue // a place in another report: the edit did not move it
					}
					d.Related[k].Span = sh.span(d.Related[k].Span)
				}
			}
			if len(d.Fixes) > 0 {
				fixes := make([]Fix, len(d.Fixes))
				for k, f := range d.Fixes {
					f.Edits = append([]Edit(nil), f.Edits...)
					for m := range f.Edits {
						f.Edits[m].Span = sh.span(f.Edits[m].Span)
					}
					fixes[k] = f
				}
				d.Fixes = fixes
			}
		}
		out = append(out, d)
	}
	return out
}
