package analysis

import "unicode/utf8"

func decodeRune(text string, at int) (rune, int) { return utf8.DecodeRuneInString(text[at:]) }

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
	// A check keeps no labels: the first hover reads the text again for them.
	r.labelsOnce.Do(func() { read(rep.Text, r.opts.Template, &r.labels) })
	for _, l := range r.labels {
		if l.token.Contains(offset) {
			return LabelInfo{Span: l.token, Text: rep.Text[l.token.Start:l.token.End], Template: l.want,
				Format: Format(l.format), Table: TableKind(l.table), Standard: l.standard}, true
		}
	}
	return LabelInfo{}, false
}
