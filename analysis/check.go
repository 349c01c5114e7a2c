package analysis

import (
	"fmt"
	"sync"
)

// Format is one of the two official report formats.
type Format int

// The formats. FormatUnknown also stands for "auto" in Options.
const (
	FormatUnknown Format = iota
	Format2019
	Format2021
)

// String gives "2019", "2021", or "" when unknown.
func (f Format) String() string {
	switch f {
	case Format2019:
		return "2019"
	case Format2021:
		return "2021"
	}
	return ""
}

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

// FormatForYear gives the format a report of that year must use: 2019 up to 2020,
// 2021 from 2021 on.
func FormatForYear(year int) Format {
	if year <= 0 {
		return FormatUnknown
	}
	if year <= 2020 {
		return Format2019
	}
	return Format2021
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
}

// Result is what Check found in one text.
type Result struct {
	Diagnostics []Diagnostic
	opts        Options

	// The report of an updated result is built on first use (see Report): an editor
	// asking for the findings of a keystroke needs no more than Diagnostics, so the
	// rest of the work can wait for idle time or the next request.
	once  sync.Once
	rep   *Report
	build func() *Report // nil once rep is built

	// labels are every label cell and heading of the report and the template wording
	// they stand for, read on the first LabelAt.
	labelsOnce sync.Once
	labels     []labelRecord
}

// Report returns the report as read, with every offset in the result's text. It is
// safe to call from several goroutines.
func (r *Result) Report() *Report {
	r.once.Do(func() {
		if r.build != nil {
			r.rep, r.build = r.build(), nil
		}
	})
	return r.rep
}

// Check reads text as a report and runs every enabled rule on it. It never panics on
// any input and takes time linear in the length of the text.
func Check(text string, opts Options) *Result {
	return runRules(Read(text, opts.Template), opts)
}

// runRules runs every enabled rule on a report that has been read.
func runRules(rep *Report, opts Options) *Result {
	res := &Result{rep: rep, opts: opts}
	if !rep.IsReport {
		res.Diagnostics = []Diagnostic{}
		return res
	}
	p := &pass{rep: rep, opts: opts} // the value rules reserve what they need
	res.Diagnostics = p.run(0)
	sortDiagnostics(res.Diagnostics)
	return res
}

// run runs every enabled rule of the registry on p.rep, or with a scope only the value
// rules of that scope (see Rule.values), in registry order, appending to p.out.
func (p *pass) run(scope valueScope) []Diagnostic {
	opts := p.opts
	for i := range registry {
		r := &registry[i]
		if opts.Disabled[r.ID] || (scope != 0 && r.values != scope) {
			continue
		}
		p.rule = r
		r.run(p)
	}
	if p.out == nil {
		p.out = []Diagnostic{}
	}
	return p.out
}

// pass carries one rule's run over one report.
type pass struct {
	rep  *Report
	opts Options
	rule *Rule
	out  []Diagnostic
	// only, when set, is the one value cell the cell-scope rules look at.
	only *valueCell
}

// valueCell is a value cell with its table, row and column.
type valueCell struct {
	t   *Table
	r   *Row
	col int
	c   *Cell
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

// TotalInfo describes a total cell and the arithmetic that determines it, for hover.
type TotalInfo struct {
	Span
	// Name says which total this is, e.g. "（七）总计 · 自然人" or "行政复议 · 总计".
	Name string
	// Terms are the parts that add up to the total, in template order. Empty when a
	// part is blank or not a number (Known is then false).
	Terms    []int64
	Expected int64
	Reported int64
	// Known is false when a part is unknown, so Expected is meaningless.
	Known bool
	// ReportedOK is false when the total cell itself is blank or not a number.
	ReportedOK bool

	subject string // how a message names the total: "总计", "（七）总计（自然人列）"
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
