package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/nianbao/nianbao/analysis"
)

// openAt opens a document at a local path.
func (s *session) openAt(path, text string, version int32) protocol.DocumentURI {
	s.t.Helper()
	uri := fileURI(path)
	err := s.server.DidOpen(s.ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri, LanguageID: "markdown", Version: version, Text: text,
	}})
	if err != nil {
		s.t.Fatalf("didOpen: %v", err)
	}
	return uri
}

func writeConfig(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func severityOf(ds []protocol.Diagnostic, code string) protocol.DiagnosticSeverity {
	for _, d := range ds {
		if d.Code == code {
			return d.Severity
		}
	}
	return 0
}

// A document takes the nearest .nianbao.toml above it; the editor's settings
// override it rule by rule; a bad key is a diagnostic on the configuration file at
// its line, and the rest applies.
func TestConfigFileOptions(t *testing.T) {
	root := t.TempDir()
	writeConfig(t, filepath.Join(root, ".nianbao.toml"), "disable = [\"invalid-number\"]\n[severity]\ntotal-mismatch = \"hint\"\nbalance-mismatch = \"info\"\n")
	sub := filepath.Join(root, "乡镇")
	writeConfig(t, filepath.Join(sub, ".nianbao.toml"), "# 乡镇的设置\n[severity]\ntotal-mismatch = \"warning\"\n\"总计\" = \"off\"\n")
	text := fixableSample(t)

	// The editor sets balance-mismatch to error, over the root file's info.
	s := newSession(t, sessionOptions{initOptions: map[string]any{"severity": map[string]string{"balance-mismatch": "error"}}})
	a := s.openAt(filepath.Join(root, "a.md"), text, 1)
	ds := s.client.waitDiagnostics(t, a, 1)
	if hasCode(ds, "invalid-number") || severityOf(ds, "total-mismatch") != protocol.DiagnosticSeverityHint ||
		severityOf(ds, "balance-mismatch") != protocol.DiagnosticSeverityError {
		t.Errorf("a.md: invalid-number %v, total-mismatch %v, balance-mismatch %v", hasCode(ds, "invalid-number"),
			severityOf(ds, "total-mismatch"), severityOf(ds, "balance-mismatch"))
	}

	b := s.openAt(filepath.Join(sub, "b.md"), text, 1)
	ds = s.client.waitDiagnostics(t, b, 1)
	if !hasCode(ds, "invalid-number") || severityOf(ds, "total-mismatch") != protocol.DiagnosticSeverityWarning {
		t.Errorf("b.md, nearest file only: invalid-number %v, total-mismatch %v", hasCode(ds, "invalid-number"), severityOf(ds, "total-mismatch"))
	}
	conf := fileURI(filepath.Join(sub, ".nianbao.toml"))
	var got []protocol.Diagnostic
	s.client.wait(t, "the configuration file's diagnostics", func() bool {
		ps := s.client.published[conf]
		if len(ps) > 0 {
			got = ps[len(ps)-1].Diagnostics
		}
		return len(ps) > 0
	})
	if len(got) != 1 || got[0].Range.Start.Line != 3 || got[0].Range.Start.Character != 0 || got[0].Range.End.Character != 4 ||
		!strings.Contains(got[0].Message, "总计") || got[0].Severity != protocol.DiagnosticSeverityWarning {
		t.Errorf("configuration diagnostics %+v", got)
	}
	if ps := s.client.publications(fileURI(filepath.Join(root, ".nianbao.toml"))); len(ps) != 0 {
		t.Errorf("a good file got diagnostics: %+v", ps)
	}
}

// With a client that takes a watcher, the server registers one for the
// configuration files, reads a file again when told it changed, and re-checks.
func TestConfigFileWatched(t *testing.T) {
	root := t.TempDir()
	s := newSession(t, sessionOptions{capabilities: protocol.ClientCapabilities{Workspace: &protocol.WorkspaceClientCapabilities{
		DidChangeWatchedFiles: &protocol.DidChangeWatchedFilesWorkspaceClientCapabilities{DynamicRegistration: true},
	}}})
	s.client.wait(t, "the watcher registered", func() bool {
		for _, r := range s.client.registrations {
			if r.Method == protocol.MethodWorkspaceDidChangeWatchedFiles && strings.Contains(mustJSON(t, r.RegisterOptions), `"**/.nianbao.toml"`) {
				return true
			}
		}
		return false
	})
	uri := s.openAt(filepath.Join(root, "报告.md"), fixableSample(t), 1)
	if !hasCode(s.client.waitDiagnostics(t, uri, 1), "invalid-number") {
		t.Fatal("invalid-number not reported without a configuration file")
	}
	path := filepath.Join(root, ".nianbao.toml")
	changed := func(typ protocol.FileChangeType) {
		t.Helper()
		err := s.conn.Notify(s.ctx, protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{
			Changes: []*protocol.FileEvent{{URI: fileURI(path), Type: typ}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	writeConfig(t, path, "disable = [\"invalid-number\"]\n")
	changed(protocol.FileChangeTypeCreated)
	s.client.waitFor(t, uri, 1, "re-checked without invalid-number", func(ds []protocol.Diagnostic) bool {
		return !hasCode(ds, "invalid-number") && hasCode(ds, "total-mismatch")
	})

	// A bad value: a diagnostic on the file; put right: cleared.
	writeConfig(t, path, "disable = \"invalid-number\"\n")
	changed(protocol.FileChangeTypeChanged)
	conf := fileURI(path)
	s.client.wait(t, "the bad value reported", func() bool {
		ps := s.client.published[conf]
		return len(ps) > 0 && len(ps[len(ps)-1].Diagnostics) == 1 && ps[len(ps)-1].Diagnostics[0].Range.Start.Character == 10
	})
	s.client.waitFor(t, uri, 1, "invalid-number back", func(ds []protocol.Diagnostic) bool { return hasCode(ds, "invalid-number") })
	os.Remove(path)
	changed(protocol.FileChangeTypeDeleted)
	s.client.wait(t, "the diagnostics cleared", func() bool {
		ps := s.client.published[conf]
		return len(ps) > 0 && len(ps[len(ps)-1].Diagnostics) == 0
	})
}

// 「忽略此处」 inserts the comment above the finding's line; the server then
// publishes the document without that finding, and nothing reports the comment
// as unused.
func TestSuppressQuickFix(t *testing.T) {
	s := newSession(t, sessionOptions{})
	text := fixableSample(t)
	uri := s.open("忽略.md", text, 1)
	ds := s.client.waitDiagnostics(t, uri, 1)
	var total protocol.Diagnostic
	for _, d := range ds {
		if d.Code == "total-mismatch" {
			total = d
			break
		}
	}
	acts := s.codeActions(uri, total.Range, protocol.QuickFix)
	var edit *protocol.WorkspaceEdit
	for _, a := range acts {
		if a.Title == analysis.SuppressTitle+"（total-mismatch）" {
			edit = a.Edit
		}
		if strings.HasPrefix(a.Title, analysis.SuppressTitle) && a.IsPreferred {
			t.Errorf("%q is preferred", a.Title)
		}
	}
	if edit == nil || len(edit.Changes[uri]) != 1 {
		t.Fatalf("no 忽略此处 for total-mismatch among %d actions", len(acts))
	}
	te := edit.Changes[uri][0]
	if te.Range.Start != te.Range.End || te.Range.Start.Character != 0 || te.Range.Start.Line != total.Range.Start.Line ||
		te.NewText != "<!-- nianbao-disable-next-line total-mismatch -->\n" {
		t.Fatalf("edit %+v", te)
	}
	whole := protocol.Range{End: protocol.Position{Line: uint32(strings.Count(text, "\n") + 1)}}
	for _, a := range s.codeActions(uri, whole, fixAllKind) {
		for _, e := range a.Edit.Changes[uri] {
			if strings.Contains(e.NewText, "nianbao-disable") {
				t.Error("fix-all inserts a suppression")
			}
		}
	}
	at := lspPosition{Line: int(te.Range.Start.Line), Character: int(te.Range.Start.Character)}
	s.change(uri, 2, contentChange{Range: &rng{Start: at, End: at}, Text: te.NewText})
	after := s.client.waitDiagnostics(t, uri, 2)
	// Both totals of the （七）总计 row are on its line: both go, and nothing else.
	var want []string
	for _, d := range ds {
		if d.Code == "total-mismatch" && d.Range.Start.Line == total.Range.Start.Line {
			continue
		}
		line := d.Range.Start.Line
		if line >= te.Range.Start.Line {
			line++ // below the inserted comment
		}
		want = append(want, fmt.Sprintf("%v %d:%d", d.Code, line, d.Range.Start.Character))
	}
	var got []string
	for _, d := range after {
		got = append(got, fmt.Sprintf("%v %d:%d", d.Code, d.Range.Start.Line, d.Range.Start.Character))
	}
	if strings.Join(got, ", ") != strings.Join(want, ", ") || len(want) == len(ds) {
		t.Errorf("after the fix:\n got %v\nwant %v", got, want)
	}
}
