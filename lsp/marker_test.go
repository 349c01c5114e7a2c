package lsp

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"go.lsp.dev/protocol"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/internal/position"
)

var update = flag.Bool("update", false, "rewrite the golden sections of lsp/testdata/*.txt")

// TestMarkers runs the fixtures in testdata: txtar archives holding one report
// (the first section whose name ends in .md or .txt), an optional settings.json
// (sent as initializationOptions), a "markers" section, and golden sections.
//
// Each marker line is a verb and its arguments; a LOC is a quoted string that
// occurs exactly once in the report once its ⟦ and ⟧ are removed, and the text
// between them is the range meant (⟦⟧ alone is a point):
//
//	diag RULE SEVERITY LOC [MESSAGE-SUBSTRING]
//	related LOC LOC2 MESSAGE      the diagnostic at LOC points at LOC2
//	quickfix LOC TITLE GOLDEN [preferred]
//	noquickfix LOC                no fix of a finding there but 「忽略此处」, which every finding has
//	fixall GOLDEN | nofixall
//	hover LOC SUBSTRING... | nohover LOC
//	symbols GOLDEN
//	complete LOC LABEL... | nocomplete LOC LABEL...
//
// An empty "crlf" section makes the report use CRLF line breaks.
// Published diagnostics and diag markers must match one to one. Run with -update
// to rewrite the golden sections from what the server does.
func TestMarkers(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			runFixture(t, file)
		})
	}
}

// archive is a txtar file: a comment and named sections.
type archive struct {
	comment string
	names   []string
	files   map[string]string
}

func parseArchive(data string) *archive {
	a := &archive{files: map[string]string{}}
	cur := ""
	var b strings.Builder
	flush := func() {
		if cur == "" {
			a.comment = b.String()
		} else {
			a.files[cur] = b.String()
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(data, "\n") {
		trimmed := strings.TrimRight(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			flush()
			cur = strings.TrimSpace(trimmed[3 : len(trimmed)-3])
			a.names = append(a.names, cur)
			continue
		}
		b.WriteString(line)
	}
	flush()
	return a
}

func (a *archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, n := range a.names {
		fmt.Fprintf(&b, "-- %s --\n", n)
		b.WriteString(a.files[n])
		if s := a.files[n]; s != "" && !strings.HasSuffix(s, "\n") {
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

// fixture is one fixture being run.
type fixture struct {
	t       *testing.T
	a       *archive
	s       *session
	uri     protocol.DocumentURI
	text    string
	mapper  *position.Mapper
	changed bool
	// crlf is set by an (empty) "crlf" section: the report is opened with CRLF
	// line breaks, LOCs are matched with them, and edited texts are compared with
	// the goldens after turning them back into LF.
	crlf bool
}

func runFixture(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	a := parseArchive(string(data))
	var docName string
	for _, n := range a.names {
		if strings.HasSuffix(n, ".md") || strings.HasSuffix(n, ".txt") {
			docName = n
			break
		}
	}
	if docName == "" {
		t.Fatal("fixture has no report section (*.md or *.txt)")
	}
	opts := sessionOptions{}
	if js, ok := a.files["settings.json"]; ok {
		opts.initOptions = rawJSON(js)
	}
	f := &fixture{t: t, a: a, s: newSession(t, opts), text: a.files[docName]}
	if _, ok := a.files["crlf"]; ok {
		f.crlf = true
		f.text = strings.ReplaceAll(f.text, "\n", "\r\n")
	}
	f.mapper = position.New(f.text)
	f.uri = f.s.open(docName, f.text, 1)
	published := f.s.client.waitDiagnostics(t, f.uri, 1)

	var wantDiags []string
	for i, line := range strings.Split(a.files["markers"], "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		args, err := splitArgs(line)
		if err != nil {
			t.Fatalf("markers:%d: %v", i+1, err)
		}
		t.Logf("markers:%d: %s", i+1, line)
		switch verb := args[0]; verb {
		case "diag":
			f.need(args, 4, 5)
			r := f.loc(args[3])
			key := diagKey(args[1], args[2], r)
			if len(args) == 5 {
				key += " ~" + args[4]
			}
			wantDiags = append(wantDiags, key)
		case "related":
			f.need(args, 4, 4)
			f.related(published, f.loc(args[1]), f.loc(args[2]), args[3])
		case "quickfix":
			f.need(args, 4, 5)
			f.quickfix(f.loc(args[1]), args[2], args[3], len(args) == 5 && args[4] == "preferred")
		case "noquickfix":
			f.need(args, 2, 2)
			for _, a := range f.s.codeActions(f.uri, f.loc(args[1]), protocol.QuickFix) {
				if !strings.HasPrefix(a.Title, analysis.SuppressTitle) {
					t.Errorf("noquickfix %s: got %q", args[1], a.Title)
				}
			}
		case "fixall":
			f.need(args, 2, 2)
			f.fixall(args[1])
		case "nofixall":
			f.need(args, 1, 1)
			if acts := f.s.codeActions(f.uri, f.whole(), fixAllKind); len(acts) != 0 {
				t.Errorf("nofixall: got %q", acts[0].Title)
			}
		case "hover":
			f.need(args, 3, 99)
			f.hover(f.loc(args[1]), args[2:])
		case "nohover":
			f.need(args, 2, 2)
			if h := f.s.hover(f.uri, f.loc(args[1]).Start); h != nil {
				t.Errorf("nohover %s: got %q", args[1], h.Contents.Value)
			}
		case "symbols":
			f.need(args, 2, 2)
			f.golden(args[1], f.symbols())
		case "complete", "nocomplete":
			f.need(args, 3, 99)
			f.complete(f.loc(args[1]), args[2:], verb == "complete")
		default:
			t.Fatalf("markers:%d: unknown verb %q", i+1, verb)
		}
	}

	// Strict one-to-one match between published diagnostics and diag markers.
	var got []string
	for _, d := range published {
		if d.Source != source {
			t.Errorf("diagnostic source = %q, want %q", d.Source, source)
		}
		got = append(got, diagKey(fmt.Sprint(d.Code), severityName(d.Severity), d.Range)+" ~"+d.Message)
	}
	matchDiagnostics(t, got, wantDiags)

	if f.changed {
		if err := os.WriteFile(file, a.format(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("updated %s", file)
	}
}

func (f *fixture) need(args []string, min, max int) {
	f.t.Helper()
	if len(args) < min || len(args) > max {
		f.t.Fatalf("%s: want %d to %d fields, got %d", args[0], min, max, len(args))
	}
}

// loc finds a LOC in the report and returns its range.
func (f *fixture) loc(spec string) protocol.Range {
	f.t.Helper()
	open, close := strings.Index(spec, "⟦"), strings.Index(spec, "⟧")
	if open < 0 || close < open {
		f.t.Fatalf("LOC %q needs ⟦ and ⟧", spec)
	}
	if f.crlf {
		spec = strings.ReplaceAll(spec, "\n", "\r\n")
		open, close = strings.Index(spec, "⟦"), strings.Index(spec, "⟧")
	}
	plain := spec[:open] + spec[open+len("⟦"):close] + spec[close+len("⟧"):]
	at := strings.Index(f.text, plain)
	if at < 0 {
		f.t.Fatalf("LOC %q: not in the report", spec)
	}
	if strings.Contains(f.text[at+1:], plain) {
		f.t.Fatalf("LOC %q: occurs more than once", spec)
	}
	start := at + open
	end := start + (close - open - len("⟦"))
	return f.rangeOf(f.mapper, start, end)
}

func (f *fixture) rangeOf(m *position.Mapper, start, end int) protocol.Range {
	sl, sc := m.Position(start)
	el, ec := m.Position(end)
	return protocol.Range{
		Start: protocol.Position{Line: uint32(sl), Character: uint32(sc)},
		End:   protocol.Position{Line: uint32(el), Character: uint32(ec)},
	}
}

func (f *fixture) whole() protocol.Range { return f.rangeOf(f.mapper, 0, len(f.text)) }

func (f *fixture) related(published []protocol.Diagnostic, at, to protocol.Range, msg string) {
	f.t.Helper()
	for _, d := range published {
		if d.Range != at {
			continue
		}
		for _, r := range d.RelatedInformation {
			if r.Location.Range == to && r.Location.URI == f.uri && r.Message == msg {
				return
			}
		}
	}
	f.t.Errorf("no diagnostic at %s relates to %s with %q", fmtRange(at), fmtRange(to), msg)
}

func (f *fixture) quickfix(at protocol.Range, title, golden string, preferred bool) {
	f.t.Helper()
	acts := f.s.codeActions(f.uri, at, protocol.QuickFix)
	for _, a := range acts {
		if a.Title != title {
			continue
		}
		if a.Kind != protocol.QuickFix {
			f.t.Errorf("quickfix %q: kind %q", title, a.Kind)
		}
		if a.IsPreferred != preferred {
			f.t.Errorf("quickfix %q: isPreferred = %v, want %v", title, a.IsPreferred, preferred)
		}
		if len(a.Diagnostics) != 1 {
			f.t.Errorf("quickfix %q: %d diagnostics, want 1", title, len(a.Diagnostics))
		}
		f.golden(golden, f.applyEdit(a.Edit))
		return
	}
	var titles []string
	for _, a := range acts {
		titles = append(titles, a.Title)
	}
	f.t.Errorf("no quickfix %q at %s; have %q", title, fmtRange(at), titles)
}

func (f *fixture) fixall(golden string) {
	f.t.Helper()
	acts := f.s.codeActions(f.uri, f.whole(), fixAllKind)
	if len(acts) != 1 || acts[0].Kind != fixAllKind {
		f.t.Fatalf("fixall: want one %s action, got %+v", fixAllKind, acts)
	}
	// context.only is respected: asking only for quickfixes gives no fixAll.
	for _, a := range f.s.codeActions(f.uri, f.whole(), protocol.QuickFix) {
		if a.Kind != protocol.QuickFix {
			f.t.Errorf("only=quickfix returned a %s action", a.Kind)
		}
	}
	f.golden(golden, f.applyEdit(acts[0].Edit))
}

// applyEdit applies a WorkspaceEdit for this document to its text.
func (f *fixture) applyEdit(we *protocol.WorkspaceEdit) string {
	f.t.Helper()
	if we == nil {
		f.t.Fatal("action without edit")
	}
	var tes []protocol.TextEdit
	for uri, es := range we.Changes {
		if uri != f.uri {
			f.t.Errorf("edit for another document %s", uri)
		}
		tes = append(tes, es...)
	}
	for _, dc := range we.DocumentChanges {
		if dc.TextDocument.URI != f.uri {
			f.t.Errorf("edit for another document %s", dc.TextDocument.URI)
		}
		tes = append(tes, dc.Edits...)
	}
	out, err := applyTextEdits(f.text, tes)
	if err != nil {
		f.t.Fatal(err)
	}
	if f.crlf {
		out = strings.ReplaceAll(out, "\r\n", "\n")
	}
	return out
}

// applyTextEdits applies LSP edits the way an editor does.
func applyTextEdits(text string, tes []protocol.TextEdit) (string, error) {
	m := position.New(text)
	edits := make([]analysis.Edit, 0, len(tes))
	for _, te := range tes {
		s, _ := m.Offset(int(te.Range.Start.Line), int(te.Range.Start.Character))
		e, _ := m.Offset(int(te.Range.End.Line), int(te.Range.End.Character))
		edits = append(edits, analysis.Edit{Span: analysis.Span{Start: s, End: e}, NewText: te.NewText})
	}
	return analysis.ApplyEdits(text, edits)
}

func (f *fixture) hover(at protocol.Range, want []string) {
	f.t.Helper()
	h := f.s.hover(f.uri, at.Start)
	if h == nil {
		f.t.Errorf("hover at %s: nothing", fmtRange(at))
		return
	}
	if h.Contents.Kind != protocol.Markdown {
		f.t.Errorf("hover kind %q", h.Contents.Kind)
	}
	for _, w := range want {
		if !strings.Contains(h.Contents.Value, w) {
			f.t.Errorf("hover at %s = %q, want it to contain %q", fmtRange(at), h.Contents.Value, w)
		}
	}
}

// symbols renders the outline, one symbol a line, children indented.
func (f *fixture) symbols() string {
	f.t.Helper()
	var syms []protocol.DocumentSymbol
	err := f.s.call(protocol.MethodTextDocumentDocumentSymbol, &protocol.DocumentSymbolParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: f.uri},
	}, &syms)
	if err != nil {
		f.t.Fatalf("documentSymbol: %v", err)
	}
	var b strings.Builder
	var walk func([]protocol.DocumentSymbol, string)
	walk = func(ss []protocol.DocumentSymbol, indent string) {
		for _, s := range ss {
			fmt.Fprintf(&b, "%s%s [%s] %s", indent, s.Name, s.Kind, fmtRange(s.Range))
			if s.Detail != "" {
				fmt.Fprintf(&b, " (%s)", s.Detail)
			}
			b.WriteString("\n")
			walk(s.Children, indent+"  ")
		}
	}
	walk(syms, "")
	return b.String()
}

func (f *fixture) complete(at protocol.Range, labels []string, want bool) {
	f.t.Helper()
	var list protocol.CompletionList
	err := f.s.call(protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: f.uri}, Position: at.Start,
	}}, &list)
	if err != nil {
		f.t.Fatalf("completion: %v", err)
	}
	have := map[string]bool{}
	for _, it := range list.Items {
		have[it.Label] = true
		if it.TextEdit == nil || it.TextEdit.Range.End != at.Start || it.TextEdit.NewText != it.Label {
			f.t.Errorf("completion %q: text edit %+v must end at the cursor and insert the label", it.Label, it.TextEdit)
		}
	}
	for _, l := range labels {
		if have[l] != want {
			f.t.Errorf("completion at %s: has %q = %v, want %v (%d items)", fmtRange(at), l, have[l], want, len(list.Items))
		}
	}
}

// golden compares got with a golden section, or rewrites it under -update.
func (f *fixture) golden(name, got string) {
	f.t.Helper()
	want, ok := f.a.files[name]
	if *update {
		if !ok {
			f.a.names = append(f.a.names, name)
			f.changed = true
		}
		if !ok || want != got {
			f.a.files[name] = got
			f.changed = true
		}
		return
	}
	if !ok {
		f.t.Errorf("no golden section %q (run with -update)", name)
		return
	}
	if want != got {
		f.t.Errorf("%s differs from the golden section:\n%s", name, lineDiff(want, got))
	}
}

// lineDiff lists the lines that differ, for short failure messages.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
		}
	}
	return b.String()
}

func matchDiagnostics(t *testing.T, got, want []string) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		key, msg, hasMsg := strings.Cut(w, " ~")
		found := false
		for i, g := range got {
			gkey, gmsg, _ := strings.Cut(g, " ~")
			if used[i] || gkey != key || (hasMsg && !strings.Contains(gmsg, msg)) {
				continue
			}
			used[i], found = true, true
			break
		}
		if !found {
			t.Errorf("missing diagnostic: %s", w)
		}
	}
	for i, g := range got {
		if !used[i] {
			t.Errorf("unexpected diagnostic: %s", g)
		}
	}
}

func diagKey(rule, severity string, r protocol.Range) string {
	return fmt.Sprintf("%s %s %s", rule, severity, fmtRange(r))
}

func fmtRange(r protocol.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character)
}

func severityName(s protocol.DiagnosticSeverity) string {
	switch s {
	case protocol.DiagnosticSeverityError:
		return "error"
	case protocol.DiagnosticSeverityWarning:
		return "warning"
	case protocol.DiagnosticSeverityInformation:
		return "info"
	case protocol.DiagnosticSeverityHint:
		return "hint"
	}
	return strconv.Itoa(int(s))
}

// splitArgs splits a marker line into fields; a field starting with a double quote
// is a Go string literal.
func splitArgs(line string) ([]string, error) {
	var out []string
	for line = strings.TrimSpace(line); line != ""; line = strings.TrimLeftFunc(line, unicode.IsSpace) {
		if line[0] == '"' {
			end := 1
			for end < len(line) && line[end] != '"' {
				if line[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(line) {
				return nil, fmt.Errorf("unterminated string in %q", line)
			}
			s, err := strconv.Unquote(line[:end+1])
			if err != nil {
				return nil, err
			}
			out = append(out, s)
			line = line[end+1:]
			continue
		}
		i := strings.IndexFunc(line, unicode.IsSpace)
		if i < 0 {
			i = len(line)
		}
		out = append(out, line[:i])
		line = line[i:]
	}
	return out, nil
}

// rawJSON is a json.RawMessage-like value that marshals as itself.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(strings.TrimSpace(string(r))), nil }
