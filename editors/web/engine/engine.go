package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/input"
	"github.com/nianbao/nianbao/internal/findings"
	"github.com/nianbao/nianbao/internal/position"
)

// MaxText is the most text checked, the limit of `nianbao check` and the language
// server (16 MiB).
const MaxText = 16 << 20

// The findings are internal/findings' JSON model, the one `nianbao check --format
// json` writes.
type (
	Position   = findings.Position
	Range      = findings.Range
	Edit       = findings.Edit
	Fix        = findings.Fix
	Related    = findings.Related
	Diagnostic = findings.Diagnostic
)

// File is the file object of `check --format json` for the text checked, and the
// edits of 「全部修正」 (FixAll, the first fix of every finding whose rule takes part
// in fix-all, as the language server's source.fixAll applies them).
type File struct {
	Path        string       `json:"path"`
	Year        *int         `json:"year"`
	Format      *string      `json:"format"`
	Diagnostics []Diagnostic `json:"diagnostics"`
	FixAll      []Edit       `json:"fixAll"`
	// Error is set, and nothing else, when the text was not checked (too large).
	Error string `json:"error,omitempty"`
}

// Session holds the text last checked and its result, which hover and the outline
// read.
type Session struct {
	opts analysis.Options
	text string
	res  *analysis.Result
	pos  *position.Mapper
}

// SetOptions sets the template ("auto", "2019" or "2021") and the rules left out.
// An unknown rule id is an error, and so is an unknown template; the options stay
// as they were then.
func (s *Session) SetOptions(template string, disabled []string) error {
	f, err := analysis.ParseFormat(template)
	if err != nil {
		return fmt.Errorf("未知的格式 %q：应为 auto、2019 或 2021", template)
	}
	off := map[string]bool{}
	for _, id := range disabled {
		if _, ok := analysis.RuleByID(id); !ok {
			return fmt.Errorf("未知的规则 %q", id)
		}
		off[id] = true
	}
	s.opts = analysis.Options{Template: f, Disabled: off}
	s.res = nil
	return nil
}

// Check checks text, named path in the output.
func (s *Session) Check(path, text string) *File {
	f := &File{Path: path, Diagnostics: []Diagnostic{}, FixAll: []Edit{}}
	if len(text) > MaxText {
		s.text, s.res, s.pos = "", nil, nil
		f.Error = fmt.Sprintf("文字超过 %d MB，未检查", MaxText>>20)
		return f
	}
	s.text = text
	s.res = analysis.Check(text, s.opts)
	s.pos = position.New(text)
	if rep := s.res.Report(); rep != nil && rep.IsReport {
		if rep.Year != 0 {
			y := rep.Year
			f.Year = &y
		}
		if fm := rep.Format.String(); fm != "" {
			f.Format = &fm
		}
	}
	for i := range s.res.Diagnostics {
		f.Diagnostics = append(f.Diagnostics, findings.Places{Text: s.pos}.Diagnostic(&s.res.Diagnostics[i]))
	}
	f.FixAll = s.edits(analysis.FixAllEdits(s.res.Diagnostics))
	return f
}

func (s *Session) rangeOf(sp analysis.Span) Range { return findings.Places{Text: s.pos}.Range(sp) }

func (s *Session) edits(es []analysis.Edit) []Edit { return findings.Places{Text: s.pos}.Edits(es) }

// Hover is what the page shows over a total cell (its arithmetic) or a label or
// heading (the template's wording), in plain text.
type Hover struct {
	Range Range  `json:"range"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// HoverAt gives the hover at a position of the text last checked, nil when there is
// none: the language server's explanation (analysis.TotalInfo.Explain,
// LabelInfo.Explain), in plain text.
func (s *Session) HoverAt(line, char int) *Hover {
	if s.res == nil {
		return nil
	}
	off, _ := s.pos.Offset(line, char)
	if t, ok := s.res.TotalAt(off); ok {
		title, lines := t.Explain()
		return &Hover{Range: s.rangeOf(t.Span), Title: title, Text: strings.Join(lines, "\n")}
	}
	if l, ok := s.res.LabelAt(off); ok {
		title, lines := l.Explain()
		return &Hover{Range: s.rangeOf(l.Span), Title: title, Text: strings.Join(lines, "\n")}
	}
	return nil
}

// Symbol is an entry of the outline: a section with its tables, or a table outside
// every section.
type Symbol struct {
	Name     string   `json:"name"`
	Detail   string   `json:"detail"`
	Range    Range    `json:"range"`
	Children []Symbol `json:"children"`
}

// Outline is the structure of the text last checked, as the language server's
// documentSymbol gives it (analysis.Report.Outline); empty when it is not a report.
func (s *Session) Outline() []Symbol {
	out := []Symbol{}
	if s.res == nil {
		return out
	}
	for _, e := range s.res.Report().Outline() {
		out = append(out, s.symbolOf(e))
	}
	return out
}

// symbolOf is an outline entry as the page shows it: a section at its heading, and
// the template's heading of a section headed otherwise as 「规定：…」.
func (s *Session) symbolOf(e analysis.OutlineEntry) Symbol {
	sym := Symbol{Name: e.Name, Detail: e.Detail, Range: s.rangeOf(e.Selection), Children: []Symbol{}}
	if !e.Table && e.Detail != "" {
		sym.Detail = "规定：" + e.Detail
	}
	for _, c := range e.Children {
		sym.Children = append(sym.Children, s.symbolOf(c))
	}
	return sym
}

// Rule is a rule as the page's settings list it.
type Rule struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
}

// Rules lists the registry.
func Rules() []Rule {
	var out []Rule
	for _, r := range analysis.Rules() {
		out = append(out, Rule{ID: r.ID, Title: r.Title, Severity: r.Severity.String()})
	}
	return out
}

// Read turns a file's bytes into the text the engine reads, as `nianbao text` does:
// a web page or Word document becomes Markdown (tables in the | layout, merged cells
// spread out), a text file is decoded (UTF-8, GB18030, UTF-16). The kind comes from
// the name's extension, else from the bytes. note says how the file was read ("" when
// nothing is worth saying); an error says in Chinese why it was not read and what to do.
func Read(name string, b []byte) (text, note string, err error) {
	if len(b) > MaxText {
		return "", "", fmt.Errorf("文件超过 %d MB，未读取", MaxText>>20)
	}
	kind := input.KindOf(name)
	if name == "" || kind == input.Text {
		kind = input.Sniff(b)
	}
	if kind == input.PDF {
		return "", "", errors.New("网页版不能读取 PDF：请在 Word 或 WPS 中打开后另存为 .docx，或复制全文粘贴到这里")
	}
	src, err := input.Read(context.Background(), kind, b, MaxText)
	if err != nil {
		var nt *input.NotTextError
		switch {
		case errors.As(err, &nt):
			return "", "", errors.New(nt.Note("无法读取"))
		case errors.Is(err, input.ErrTooMuchText):
			return "", "", fmt.Errorf("%s中读出的文字超过 %d MB，未读取", kind.Noun(), MaxText>>20)
		}
		return "", "", fmt.Errorf("无法读取%s：%v", kind.Noun(), err)
	}
	if len(src.Text) > MaxText {
		return "", "", fmt.Errorf("%s中读出的文字超过 %d MB，未读取", kind.Noun(), MaxText>>20)
	}
	return src.Text, src.Note, nil
}
