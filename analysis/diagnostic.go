package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Span is a half-open range [Start, End) of byte offsets into a report's text.
type Span struct {
	Start, End int
}

// Contains reports whether offset lies inside the span; the end is included so that a
// cursor just after a token still counts as on it.
func (s Span) Contains(offset int) bool { return s.Start <= offset && offset <= s.End }

// Severity says how serious a finding is.
type Severity int

// Severities, most serious first. The zero value means "the rule's default".
const (
	SeverityError Severity = iota + 1
	SeverityWarning
	SeverityInfo
	SeverityHint
)

func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	case SeverityInfo:
		return "info"
	case SeverityHint:
		return "hint"
	}
	return "unknown"
}

// ParseSeverity reads "error", "warning", "info" (or "information") and "hint".
func ParseSeverity(s string) (Severity, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return SeverityError, true
	case "warning", "warn":
		return SeverityWarning, true
	case "info", "information":
		return SeverityInfo, true
	case "hint":
		return SeverityHint, true
	}
	return 0, false
}

// Edit replaces the text of Span with NewText.
type Edit struct {
	Span
	NewText string
}

// Fix is one way to correct a finding: a set of non-overlapping edits applied together.
type Fix struct {
	Title string
	Edits []Edit
}

// Related points at another place that takes part in a finding, such as the four cells
// of a broken 勾稽关系.
type Related struct {
	Span
	// Doc is "" for a place in the checked text; for a place in last year's report
	// (the rules comparing years), the name its Summary was given (a path, a URI).
	Doc     string
	Message string
}

// Diagnostic is one finding: which rule, how serious, where, and what to do about it.
type Diagnostic struct {
	Rule     string
	Severity Severity
	Span
	Message string
	// Where names the place in words — section, table, row, column (「表三 （七）总计 ·
	// 自然人」) — for readers of a file whose text is extracted (a web page, a PDF)
	// and for reviewers; "" when the span says enough.
	Where   string
	Fixes   []Fix
	Related []Related
}

// sortDiagnostics orders findings by position, then rule, keeping the order of equal
// ones.
//
// Each rule reports in text order, so ds is mostly a few sorted runs. The findings are
// large, and a report of hundreds of thousands (a folder's worth pasted into one
// file) spent most of its sort moving them: their order is sorted instead, and each
// finding moved once.
func sortDiagnostics(ds []Diagnostic) {
	less := func(a, b *Diagnostic) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		if c := cmp.Compare(a.End, b.End); c != 0 {
			return c
		}
		return strings.Compare(a.Rule, b.Rule)
	}
	if slices.IsSortedFunc(ds, func(a, b Diagnostic) int { return less(&a, &b) }) {
		return
	}
	order := make([]int32, len(ds))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int { return less(&ds[i], &ds[j]) })
	// Put each finding in place, one cycle of the permutation at a time (position k
	// takes the finding at order[k]), rather than into a second array as large.
	for start := range order {
		if order[start] < 0 || int(order[start]) == start {
			continue
		}
		held := ds[start]
		k := start
		for {
			from := int(order[k])
			order[k] = -1
			if from == start {
				ds[k] = held
				break
			}
			ds[k] = ds[from]
			k = from
		}
	}
}

// ApplyEdits returns text with edits applied. Edits may come in any order but must not
// overlap and must lie inside text; two insertions at the same offset keep their order.
func ApplyEdits(text string, edits []Edit) (string, error) {
	es := append([]Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Start != es[j].Start {
			return es[i].Start < es[j].Start
		}
		return es[i].End < es[j].End
	})
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, e := range es {
		if e.Start < last || e.End < e.Start || e.End > len(text) {
			return "", fmt.Errorf("edit [%d,%d) overlaps another edit or lies outside the text (length %d)", e.Start, e.End, len(text))
		}
		b.WriteString(text[last:e.Start])
		b.WriteString(e.NewText)
		last = e.End
	}
	b.WriteString(text[last:])
	return b.String(), nil
}

// FixAllEdits collects the first fix of every diagnostic whose rule takes part in
// "fix all" (totals, labels and headings; see Rule.FixAll). An edit that overlaps an
// earlier one is left out, so the result can always be applied.
func FixAllEdits(diags []Diagnostic) []Edit {
	var out []Edit
	for _, d := range diags {
		r, ok := RuleByID(d.Rule)
		if !ok || !r.FixAll || len(d.Fixes) == 0 {
			continue
		}
		out = append(out, d.Fixes[0].Edits...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	kept := out[:0]
	last := -1
	for _, e := range out {
		if e.Start < last {
			continue
		}
		kept = append(kept, e)
		last = e.End
	}
	return kept
}

// FixesWithheld counts the wrong totals whose fix total-mismatch withholds because
// applying it would break a 勾稽关系 that holds (its message says what to check
// instead): what `check --fix` tells the user it left alone. Every other finding of
// total-mismatch has its fix.
func FixesWithheld(diags []Diagnostic) int {
	n := 0
	for i := range diags {
		if diags[i].Rule == "total-mismatch" && len(diags[i].Fixes) == 0 {
			n++
		}
	}
	return n
}
