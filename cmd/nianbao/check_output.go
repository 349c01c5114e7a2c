package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/internal/position"
)

// fileReport is what check says about one file, with positions already converted, so
// that every output format prints the same thing. Its JSON encoding is the file
// object of --format json.
//
// In that encoding every key is always present: year and format are null when unknown
// (or when the file is not a report), and diagnostics, fixes, related and edits are
// [] rather than null or missing when empty, so consumers need no special cases.
type fileReport struct {
	Path        string           `json:"path"`
	Year        *int             `json:"year"`
	Format      *string          `json:"format"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

// jsonPosition is an LSP position: 0-based line, and character counted in UTF-16 code
// units from the start of the line.
type jsonPosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type jsonRange struct {
	Start jsonPosition `json:"start"`
	End   jsonPosition `json:"end"`
}

type jsonEdit struct {
	Range   jsonRange `json:"range"`
	NewText string    `json:"newText"`
}

type jsonFix struct {
	Title string     `json:"title"`
	Edits []jsonEdit `json:"edits"`
}

type jsonRelated struct {
	Range   jsonRange `json:"range"`
	Message string    `json:"message"`
}

type jsonDiagnostic struct {
	Rule     string        `json:"rule"`
	Severity string        `json:"severity"`
	Message  string        `json:"message"`
	Range    jsonRange     `json:"range"`
	Fixes    []jsonFix     `json:"fixes"`
	Related  []jsonRelated `json:"related"`
}

// newFileReport converts the engine's result for text (its report and findings) into
// the output model.
func newFileReport(path, text string, rep *analysis.Report, found []analysis.Diagnostic) *fileReport {
	fr := &fileReport{Path: path, Diagnostics: []jsonDiagnostic{}}
	if rep != nil && rep.IsReport {
		if rep.Year != 0 {
			y := rep.Year
			fr.Year = &y
		}
		if f := rep.Format.String(); f != "" {
			fr.Format = &f
		}
	}
	if len(found) == 0 {
		return fr
	}
	// The engine sorts its findings by position; sort a copy only if it did not.
	diags := found
	byPosition := func(a, b analysis.Diagnostic) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(a.End, b.End)
	}
	if !slices.IsSortedFunc(diags, byPosition) {
		diags = slices.Clone(diags)
		slices.SortStableFunc(diags, byPosition)
	}
	m := position.New(text)
	toRange := func(s analysis.Span) jsonRange {
		var r jsonRange
		r.Start.Line, r.Start.Character = m.Position(s.Start)
		r.End.Line, r.End.Character = m.Position(s.End)
		return r
	}
	for _, d := range diags {
		jd := jsonDiagnostic{
			Rule:     d.Rule,
			Severity: d.Severity.String(),
			Message:  d.Message,
			Range:    toRange(d.Span),
			Fixes:    make([]jsonFix, 0, len(d.Fixes)),
			Related:  make([]jsonRelated, 0, len(d.Related)),
		}
		for _, f := range d.Fixes {
			jf := jsonFix{Title: f.Title, Edits: make([]jsonEdit, 0, len(f.Edits))}
			for _, e := range f.Edits {
				jf.Edits = append(jf.Edits, jsonEdit{Range: toRange(e.Span), NewText: e.NewText})
			}
			jd.Fixes = append(jd.Fixes, jf)
		}
		for _, r := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{Range: toRange(r.Span), Message: r.Message})
		}
		fr.Diagnostics = append(fr.Diagnostics, jd)
	}
	return fr
}

// printer writes check's findings in one output format, a file at a time, in the
// order the files were named.
type printer interface {
	file(fr *fileReport) error
	// finish writes whatever closes the output and flushes it.
	finish() error
}

func newPrinter(format string, w *bufio.Writer) printer {
	switch format {
	case "json":
		return &jsonPrinter{w: w}
	case "sarif":
		return newSARIFPrinter(w)
	}
	return &textPrinter{w: w}
}

// textPrinter writes one line per finding, as compilers do, so that editors and
// terminals can jump to it: path:line:col: severity: message [rule], with a 1-based
// line and a 1-based column counted in UTF-16 code units (a Chinese character is one
// column, as in VS Code).
type textPrinter struct{ w *bufio.Writer }

func (p *textPrinter) file(fr *fileReport) error {
	for _, d := range fr.Diagnostics {
		if _, err := fmt.Fprintf(p.w, "%s:%d:%d: %s: %s [%s]\n", fr.Path, d.Range.Start.Line+1, d.Range.Start.Character+1,
			d.Severity, oneLine(d.Message), d.Rule); err != nil {
			return err
		}
	}
	return nil
}

func (p *textPrinter) finish() error { return p.w.Flush() }

// oneLine keeps a message on its line of output.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)), " ")
}

// jsonPrinter streams {"files":[…]} with one file object per line, so that a run over
// thousands of files needs no more memory than one file's findings.
type jsonPrinter struct {
	w     *bufio.Writer
	count int
}

func (p *jsonPrinter) file(fr *fileReport) error {
	b, err := marshalJSON(fr)
	if err != nil {
		return err
	}
	if p.count == 0 {
		p.w.WriteString("{\"files\":[\n")
	} else {
		p.w.WriteString(",\n")
	}
	p.count++
	_, err = p.w.Write(b)
	return err
}

func (p *jsonPrinter) finish() error {
	if p.count == 0 {
		p.w.WriteString("{\"files\":[")
	} else {
		p.w.WriteString("\n")
	}
	p.w.WriteString("]}\n")
	return p.w.Flush()
}

// marshalJSON encodes v without escaping <, > and &, which report text may hold and
// which need no escaping outside HTML.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
