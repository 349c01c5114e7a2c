package analysis

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// Stage 3, checking: the rules of the registry run on a Report.

// ParseFormat reads a --template value: "auto" (or ""), "2019" or "2021".
func ParseFormat(s string) (Format, error) {
	switch s {
	case "", "auto":
		return FormatUnknown, nil
	case "2019":
		return Format2019, nil
	case "2021":
		return Format2021, nil
	}
	return FormatUnknown, fmt.Errorf("unknown template %q: want auto, 2019 or 2021", s)
}

// Options tune a check. The zero value checks with every rule at its default severity
// and picks the format from the report itself.
type Options struct {
	// Template forces a format; FormatUnknown means auto.
	Template Format
	// Disabled rules produce no findings.
	Disabled map[string]bool
	// Severity overrides a rule's severity for all of its findings.
	Severity map[string]Severity
	// OverviewMax is the most characters (counted as Word's 字数) section 一 may have
	// before overview-length reports it; 0 means the format's 1000.
	OverviewMax int
	// Last is last year's report of the same office, for the rules comparing years
	// (carryover-mismatch, copied-section, table2-carry); nil runs them on nothing.
	// They run only when the report checked follows it (Summary.Follows).
	Last *Summary
}

// Result is what Check found in one text.
type Result struct {
	Diagnostics []Diagnostic
	// raw are the findings before suppression comments dropped some (see
	// suppress.go), which an update moves and reruns: Diagnostics itself when the
	// text has no such comment.
	raw  []Diagnostic
	opts Options

	// The report of an updated result is read on first use (see Update): an editor
	// asking for the findings of a keystroke needs no more than Diagnostics.
	once  sync.Once
	rep   *Report
	build func() *Report
	// ready is set once rep is there.
	ready atomic.Bool
	// summary is CheckFindings', made before its tables go.
	summary *Summary
}

// Summary returns the summary of the report for the rules comparing years (see
// CheckAcross), nil when the text is not a report.
func (r *Result) Summary() *Summary {
	if r.summary != nil {
		return r.summary
	}
	return Summarize(r.Report())
}

// Report returns the report as read. It is safe to call from several goroutines.
func (r *Result) Report() *Report {
	r.once.Do(func() {
		if r.build != nil {
			r.rep, r.build = r.build(), nil
		}
		r.ready.Store(true)
	})
	return r.rep
}

// ReportReady reports whether Report returns at once: the report of a fresh check is
// there from the start, an update's once it has been read.
func (r *Result) ReportReady() bool { return r.ready.Load() }

// Check reads text as a report and runs every enabled rule on it. It never panics on
// any input and takes time linear in the length of the text.
func Check(text string, opts Options) *Result {
	return checkReport(Match(Read(text), opts.Template), opts, false)
}

// CheckDocument is Check of a document already read.
func CheckDocument(doc *Document, opts Options) *Result {
	return checkReport(Match(doc, opts.Template), opts, false)
}

// CheckFindings is Check for a caller that keeps the findings and not the report, as
// the command line does. Its result's Report says whether the text is a report, and
// its title, year and format, but has no document, sections or tables: they are let
// go before the findings of blank cells are made, so that the two are never held
// together. That is most of the memory a file near the size limit takes: the
// samples repeated to 16 MB drew up to 370 000 such findings, 190 bytes each, from
// a million cells. The arithmetic of the tables, their totals and balances, is
// made and checked one table at a time.
func CheckFindings(text string, opts Options) *Result {
	return checkReport(matchTables(Read(text), opts.Template), opts, true)
}

// leanCollect is how many findings CheckFindings makes at most without collecting
// the report it let go of first: some 8 MB of them.
const leanCollect = 1 << 16

// checkReport runs the rules on rep; lean is CheckFindings', whose rep has no
// arithmetic yet.
func checkReport(rep *Report, opts Options, lean bool) *Result {
	res := &Result{rep: rep, opts: opts, Diagnostics: []Diagnostic{}}
	res.ready.Store(true)
	if lean {
		res.summary = Summarize(rep)
		res.rep = rep.header()
		// No rule reads the document, only the tables matched from it: its blocks
		// and grid rows can go before the rules run.
		rep.Doc = nil
	}
	if !rep.IsReport {
		return res
	}
	p := &pass{rep: rep, text: rep.Text, opts: opts, lean: lean}
	n := estimateFindings(rep, opts)
	if !opts.Disabled["blank-cell"] {
		blanks := mostBlankCell(rep)
		p.blanks = make([]blankCell, 0, blanks)
		if lean {
			n -= blanks
		}
	}
	p.out = make([]Diagnostic, 0, n)
	if lean {
		rep = nil // p lets it go (see runLean)
		p.runLean()
	} else {
		p.run(func(*Rule) bool { return true })
	}
	if p.out != nil {
		res.Diagnostics = p.out
	}
	sortDiagnostics(res.Diagnostics)
	res.raw = res.Diagnostics
	res.Diagnostics = applySuppressions(p.text, res.raw, opts)
	return res
}

// runLean runs every rule for CheckFindings, on a report without its document and
// arithmetic, and lets the report go before it makes the findings of blank cells.
func (p *pass) runLean() {
	rep := p.rep
	p.run(func(r *Rule) bool { return r.reads != readsTable })
	found := p.out
	p.out = nil
	// The totals and balances of every table at once are 14 MB of a file at the size
	// limit: each table's are made, checked and let go in turn.
	for i := range rep.Tables {
		rep.totals, rep.balances = arithmetic(rep.Text, rep.Tables[i:i+1])
		p.tables = rep.Tables[i : i+1]
		p.run(func(r *Rule) bool { return r.reads == readsTable })
	}
	rep.totals, rep.balances, p.tables = nil, nil, nil
	// Nothing holds the report now: the memory of its cells serves the findings.
	p.rep, rep = nil, nil
	n := len(found) + len(p.out) + len(p.blanks)
	if n > leanCollect {
		// A collection under way counts the report live still, and the findings,
		// made at once, would come on top of it: 73 MB of them for guanghua repeated
		// to 16 MB, whose peak then went from 8 to 12 times the file's size when the
		// collector was slow (the machine busy). Collecting first lets them take the
		// report's place.
		runtime.GC()
	}
	out := make([]Diagnostic, 0, n)
	p.out = append(append(out, found...), p.out...)
	p.reportBlanks()
}

// estimateFindings sizes the findings of a report: the most each enabled rule can
// report, so that the slice never grows. A report of hundreds of thousands of
// findings (a folder's worth pasted into one file) would otherwise copy them over and
// over, and hold the old array and the new at once.
func estimateFindings(rep *Report, opts Options) int {
	n := 16 // the rules without a bound report a few each
	for i := range registry {
		if r := &registry[i]; r.most != nil && !opts.Disabled[r.ID] {
			n += r.most(rep)
		}
	}
	return n
}

// pass carries the rules' run over one report.
type pass struct {
	rep  *Report
	text string // rep.Text, which outlives rep in a lean pass
	opts Options
	rule *Rule
	out  []Diagnostic
	// blanks are the blank cells blank-cell found, whose findings are not made yet
	// (see runBlankCell), and blankRule that rule. A lean pass (CheckFindings) makes
	// them after it has let go of the report.
	blanks    []blankCell
	blankRule *Rule
	lean      bool
	// only, when set, is the one value cell the cell rules look at, and tables the
	// tables whose numbers the table rules look at: an update after an edit of one
	// number cell runs them on that cell and that table only, and a lean check runs
	// the table rules once for each table.
	only   *valueCell
	tables []*Table
}

// valueCell is a value cell with its table, row and column.
type valueCell struct {
	t   *Table
	r   *Row
	col int
	c   *Cell
}

// run runs every enabled rule that which accepts, in registry order.
func (p *pass) run(which func(*Rule) bool) {
	for i := range registry {
		r := &registry[i]
		if p.opts.Disabled[r.ID] || !which(r) {
			continue
		}
		p.rule = r
		r.run(p)
	}
}

// report records a finding of the running rule. A zero severity takes the rule's
// default; a configured override wins over both.
func (p *pass) report(d Diagnostic) {
	d.Rule = p.rule.ID
	if d.Severity == 0 {
		d.Severity = p.rule.Severity
	}
	if s, ok := p.opts.Severity[p.rule.ID]; ok && s != 0 {
		d.Severity = s
	}
	p.out = append(p.out, d)
}

// numberTables returns the tables the table rules look at: p.tables when set (a
// lean check runs them once for each table), else every table of the report (an
// update's report holds the edited table only).
func (p *pass) numberTables() []*Table {
	if p.tables != nil {
		return p.tables
	}
	return p.rep.Tables
}

// valueCells calls f for every value cell of the rows whose shape is right, with
// the cell's column in the template; only p.only when that is set.
func (p *pass) valueCells(f func(t *Table, r *Row, col int, c *Cell)) {
	if v := p.only; v != nil {
		f(v.t, v.r, v.col, v.c)
		return
	}
	for _, t := range p.rep.Tables {
		for _, r := range t.Rows {
			if !r.shapeOK() {
				continue
			}
			for i := range r.Values {
				f(t, r, i, &r.Values[i])
			}
		}
	}
}

// TotalAt returns the total whose cell contains offset.
func (r *Result) TotalAt(offset int) (TotalInfo, bool) {
	rep := r.Report()
	if rep == nil {
		return TotalInfo{}, false
	}
	for _, t := range rep.totals {
		if t.Contains(offset) {
			return t, true
		}
	}
	return TotalInfo{}, false
}

// LabelInfo describes a label cell or section heading and its template wording, for
// hover.
type LabelInfo struct {
	Span
	// Text is the label as written.
	Text string
	// Template is the template wording it stands for; empty when none fits.
	Template string
	Format   Format
	// Table is 0 for a section heading.
	Table    TableKind
	Standard bool
}

// LabelAt returns the label or heading at offset.
func (r *Result) LabelAt(offset int) (LabelInfo, bool) {
	rep := r.Report()
	if rep == nil {
		return LabelInfo{}, false
	}
	for _, l := range rep.labels {
		if l.token.Contains(offset) {
			return LabelInfo{Span: l.token, Text: rep.Text[l.token.Start:l.token.End], Template: l.want,
				Format: l.format, Table: l.table, Standard: l.standard}, true
		}
	}
	return LabelInfo{}, false
}
