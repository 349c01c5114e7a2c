package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/internal/findings"
	"github.com/nianbao/nianbao/internal/position"
)

// fileReport is what check says about one file: the engine's findings, sorted by
// position, and what it takes to convert them into the output model one at a time.
// A 16 MB file can draw 400 000 findings; converting and encoding each as it is
// printed, instead of all of them first, halved the peak memory of --format json
// (BenchmarkCheckLargeFile/findings/json: 966 → 338 MB of peak heap).
//
// Its JSON encoding is the file object of --format json. Every key is always
// present: year and format are null when unknown (or when the file is not a report),
// and diagnostics, fixes, related and edits are [] rather than null or missing when
// empty, so consumers need no special cases.
type fileReport struct {
	Path   string
	Year   *int
	Format *string
	diags  []analysis.Diagnostic
	pos    *position.Mapper
	// extracted is set when the text checked was read out of a web page, a Word
	// document or a PDF: lines and columns are then in that text, not in the file,
	// and the text output names each finding's place in words as well.
	extracted bool
	// lastPath and lastPos are last year's report, where the related places of the
	// findings comparing years lie (see addAcross).
	lastPath string
	lastPos  *position.Mapper
	// Office is the agency the title names, for --format csv.
	Office string
}

// onlyErrors drops every finding but the errors (--quiet).
func (fr *fileReport) onlyErrors() {
	kept := make([]analysis.Diagnostic, 0, len(fr.diags))
	for _, d := range fr.diags {
		if d.Severity == analysis.SeverityError {
			kept = append(kept, d)
		}
	}
	fr.diags = kept
}

// The JSON model of a finding is internal/findings', which the web page's engine
// writes too.
type (
	jsonPosition   = findings.Position
	jsonRange      = findings.Range
	jsonDiagnostic = findings.Diagnostic
)

// newFileReport holds the engine's result for text (its report and findings) for
// printing.
func newFileReport(path, text string, rep *analysis.Report, found []analysis.Diagnostic) *fileReport {
	fr := &fileReport{Path: path}
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
	fr.diags = diags
	fr.pos = position.New(text)
	return fr
}

// diagnostic converts the i-th finding into the output model.
func (fr *fileReport) diagnostic(i int) jsonDiagnostic {
	return findings.Places{Text: fr.pos, Last: fr.lastPos, LastPath: fr.lastPath}.Diagnostic(&fr.diags[i])
}

// writeJSON writes the file object of --format json, a finding at a time.
func (fr *fileReport) writeJSON(w *bufio.Writer) error {
	w.WriteString(`{"path":`)
	writeJSONValue(w, fr.Path)
	w.WriteString(`,"year":`)
	writeJSONValue(w, fr.Year)
	w.WriteString(`,"format":`)
	writeJSONValue(w, fr.Format)
	w.WriteString(`,"diagnostics":[`)
	for i := range fr.diags {
		if i > 0 {
			w.WriteByte(',')
		}
		if err := writeJSONValue(w, fr.diagnostic(i)); err != nil {
			return err
		}
	}
	_, err := w.WriteString("]}")
	return err
}

// MarshalJSON is writeJSON, for tests and any other caller of encoding/json.
func (fr *fileReport) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	if err := fr.writeJSON(w); err != nil {
		return nil, err
	}
	err := w.Flush()
	return buf.Bytes(), err
}

func writeJSONValue(w *bufio.Writer, v any) error {
	b, err := marshalJSON(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
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
		return &jsonPrinter{jsonList{w: w, key: "files"}}
	case "sarif":
		return newSARIFPrinter(w)
	case "csv":
		return &csvPrinter{w: w}
	}
	return &textPrinter{w: w}
}

// textPrinter writes one line per finding, as compilers do, so that editors and
// terminals can jump to it: path:line:col: severity: message [rule], with a 1-based
// line and a 1-based column counted in UTF-16 code units (a Chinese character is one
// column, as in VS Code). For a web page, a Word document or a PDF, whose line and
// column are in the text read out of it, the place in words follows:
// … [total-mismatch] （位置：表三 （七）总计 · 自然人）.
type textPrinter struct {
	w *bufio.Writer
	// colour marks the severity with an SGR colour (see colourWanted).
	colour bool
}

func (p *textPrinter) file(fr *fileReport) error {
	for _, d := range fr.diags {
		ln, col := fr.pos.Position(d.Start)
		// terminalSafe escapes rune by rune: the path's part is escaped on its own to
		// know where the severity starts.
		at := terminalSafe(fmt.Sprintf("%s:%d:%d: ", fr.Path, ln+1, col+1))
		rest := fmt.Sprintf(": %s [%s]", d.Message, d.Rule)
		if fr.extracted && d.Where != "" {
			rest += " （位置：" + d.Where + "）"
		}
		p.w.WriteString(at)
		if p.colour {
			p.w.WriteString(colourSeverity(d.Severity))
		} else {
			p.w.WriteString(d.Severity.String())
		}
		p.w.WriteString(terminalSafe(rest))
		if err := p.w.WriteByte('\n'); err != nil {
			return err
		}
	}
	return nil
}

func (p *textPrinter) finish() error { return p.w.Flush() }

// terminalSafe escapes, as %q would, what a terminal would act on rather than show:
// C0 and C1 control characters and DEL (escape sequences retitle or clear the
// terminal; a newline in a file name forges a path:line:col line), line and
// paragraph separators, format characters (the bidi overrides that reorder what
// follows; zero-width characters), and bytes that are not UTF-8. Everything else,
// Chinese and full-width spaces included, is kept as it is, and so are backslashes
// (Windows paths), so the escaping is for reading, not for parsing back.
//
// Every line of text output and of stderr goes through it; json and sarif, read by
// programs, keep the text exact.
func terminalSafe(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || unsafeRune(r) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r < 0x20 || r == 0x7F
	case r >= 0x2100 && r < 0xFEFF:
		// CJK, full-width forms and the symbols between hold none of the classes
		// below (TestUnsafeRune checks): skipping the table lookups took printing the
		// 400 000 findings of BenchmarkCheckLargeFile/findings/text from 1.1 to 0.6 s.
		return false
	}
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// notef writes one line to stderr, made safe for a terminal.
func notef(w io.Writer, format string, a ...any) {
	fmt.Fprintln(w, terminalSafe(fmt.Sprintf(format, a...)))
}

// jsonPrinter streams {"files":[…]} with one file object per line, each written a
// finding at a time, so that a run needs no more memory than the engine's result for
// the files in flight.
type jsonPrinter struct{ jsonList }

func (p *jsonPrinter) file(fr *fileReport) error {
	p.next()
	return fr.writeJSON(p.w)
}

// jsonList writes `{"KEY":[` item, item … `]}` as the items come, so that a run over
// a folder never holds the output of every file.
type jsonList struct {
	w     *bufio.Writer
	key   string
	count int
}

// next starts the list or separates the next item from the last.
func (l *jsonList) next() {
	if l.count == 0 {
		l.w.WriteString("{\"" + l.key + "\":[\n")
	} else {
		l.w.WriteString(",\n")
	}
	l.count++
}

// finish ends the list, empty if no item came, and flushes.
func (l *jsonList) finish() error {
	if l.count == 0 {
		l.w.WriteString("{\"" + l.key + "\":[")
	} else {
		l.w.WriteString("\n")
	}
	l.w.WriteString("]}\n")
	return l.w.Flush()
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
