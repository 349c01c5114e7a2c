// Package findings is the JSON form of the engine's findings, one schema for the two
// places that write it: `nianbao check --format json` (cmd/nianbao) and the web page's
// engine (editors/web/engine), whose findings are field for field the command's.
// Places are LSP positions: 0-based lines, characters in UTF-16 code units.
package findings

import (
	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/internal/position"
)

// Position is a 0-based line and a character in UTF-16 code units from its start.
type Position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// Range is a span of text between two positions.
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// Edit replaces Range with NewText.
type Edit struct {
	Range   Range  `json:"range"`
	NewText string `json:"newText"`
}

// Fix is one way to correct a finding.
type Fix struct {
	Title string `json:"title"`
	Edits []Edit `json:"edits"`
}

// Related is another place that takes part in a finding.
type Related struct {
	// Path is set for a place in another file: last year's report.
	Path    string `json:"path,omitempty"`
	Range   Range  `json:"range"`
	Message string `json:"message"`
}

// Diagnostic is one finding.
type Diagnostic struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	// Where names the place in words (「表三 （七）总计 · 自然人」), "" when the
	// engine gives none.
	Where   string    `json:"where"`
	Range   Range     `json:"range"`
	Fixes   []Fix     `json:"fixes"`
	Related []Related `json:"related"`
}

// Places turns the engine's byte offsets into positions: Text's for the text
// checked, Last's for the places in last year's report, named LastPath (nil when
// there is none; a place in another file is then left out).
type Places struct {
	Text     *position.Mapper
	Last     *position.Mapper
	LastPath string
}

// Range is the range of span s of the text checked.
func (p Places) Range(s analysis.Span) Range { return rangeIn(p.Text, s) }

func rangeIn(m *position.Mapper, s analysis.Span) Range {
	var r Range
	r.Start.Line, r.Start.Character = m.Position(s.Start)
	r.End.Line, r.End.Character = m.Position(s.End)
	return r
}

// Edits converts edits of the text checked.
func (p Places) Edits(es []analysis.Edit) []Edit {
	out := make([]Edit, 0, len(es))
	for _, e := range es {
		out = append(out, Edit{Range: p.Range(e.Span), NewText: e.NewText})
	}
	return out
}

// Diagnostic converts one finding.
func (p Places) Diagnostic(d *analysis.Diagnostic) Diagnostic {
	out := Diagnostic{
		Rule:     d.Rule,
		Severity: d.Severity.String(),
		Message:  d.Message,
		Where:    d.Where,
		Range:    p.Range(d.Span),
		Fixes:    make([]Fix, 0, len(d.Fixes)),
		Related:  make([]Related, 0, len(d.Related)),
	}
	for _, f := range d.Fixes {
		out.Fixes = append(out.Fixes, Fix{Title: f.Title, Edits: p.Edits(f.Edits)})
	}
	for _, r := range d.Related {
		if r.Doc == "" {
			out.Related = append(out.Related, Related{Range: p.Range(r.Span), Message: r.Message})
		} else if r.Doc == p.LastPath && p.Last != nil {
			out.Related = append(out.Related, Related{Path: r.Doc, Range: rangeIn(p.Last, r.Span), Message: r.Message})
		}
	}
	return out
}
