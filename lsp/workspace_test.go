package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

const acrossDir = "../testdata/across"

func readAcross(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(acrossDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// latest waits until the latest diagnostics published for u satisfy ok, and returns them.
func (s *session) latest(u protocol.DocumentURI, what string, ok func([]protocol.Diagnostic) bool) []protocol.Diagnostic {
	s.t.Helper()
	var out []protocol.Diagnostic
	s.client.wait(s.t, what, func() bool {
		ps := s.client.published[u]
		if len(ps) == 0 {
			return false
		}
		out = ps[len(ps)-1].Diagnostics
		return ok(out)
	})
	return out
}

func countRule(ds []protocol.Diagnostic, rule string) int {
	n := 0
	for _, d := range ds {
		if d.Code == rule {
			n++
		}
	}
	return n
}

// positionOf is the LSP position of the n-th occurrence (from 0) of sub in line
// (0-based) of text, counted in UTF-16 independently of the server's mapper.
func positionOf(t *testing.T, text string, line int, prefix string) protocol.Position {
	t.Helper()
	l := strings.Split(text, "\n")[line]
	i := strings.Index(l, prefix)
	if i < 0 {
		t.Fatalf("%q not on line %d: %q", prefix, line, l)
	}
	return protocol.Position{Line: uint32(line), Character: uint32(len(utf16.Encode([]rune(l[:i+len(prefix)]))))}
}

// TestWorkspaceAcrossYears: last year's report lies in the workspace folder; this
// year's, opened in the editor, is compared with it, the related place in the
// file; the index follows file events (changed, deleted, created) and last year's
// report edited in the editor, each time publishing this year's again.
func TestWorkspaceAcrossYears(t *testing.T) {
	dir := t.TempDir()
	lastText, thisText := readAcross(t, "zhen-2021.md"), readAcross(t, "zhen-2022.md")
	lastPath := filepath.Join(dir, "2021", "某某镇-2021.md")
	os.MkdirAll(filepath.Dir(lastPath), 0o755)
	if err := os.WriteFile(lastPath, []byte(lastText), 0o644); err != nil {
		t.Fatal(err)
	}
	// Copies in a hidden folder and node_modules are not read: they would pair too.
	for _, hidden := range []string{".git/x.md", "node_modules/x.md"} {
		p := filepath.Join(dir, hidden)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(strings.Replace(lastText, "| 四、结转下年度继续办理 | 1", "| 四、结转下年度继续办理 | 5", 1)), 0o644)
	}
	lastURI := protocol.DocumentURI(uri.File(lastPath))

	s := newSession(t, sessionOptions{folder: dir, capabilities: protocol.ClientCapabilities{
		Workspace: &protocol.WorkspaceClientCapabilities{
			DidChangeWatchedFiles: &protocol.DidChangeWatchedFilesWorkspaceClientCapabilities{DynamicRegistration: true}},
	}})
	s.client.wait(t, "registration of watched files", func() bool {
		for _, r := range s.client.registrations {
			if r.Method == protocol.MethodWorkspaceDidChangeWatchedFiles {
				return true
			}
		}
		return false
	})

	thisURI := protocol.DocumentURI(uri.File(filepath.Join(dir, "某某镇-2022.md")))
	if err := s.server.DidOpen(s.ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: thisURI, LanguageID: "markdown", Version: 1, Text: thisText}}); err != nil {
		t.Fatal(err)
	}
	ds := s.latest(thisURI, "the findings comparing years", func(ds []protocol.Diagnostic) bool {
		return countRule(ds, "carryover-mismatch") == 2 && countRule(ds, "copied-section") == 1 && countRule(ds, "table2-carry") == 1
	})
	for _, d := range ds {
		if d.Code != "carryover-mismatch" {
			continue
		}
		if !strings.Contains(d.Message, "（某某镇-2021.md 第 55 行）") {
			t.Errorf("message does not name last year's file and line: %s", d.Message)
		}
		if len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.URI != lastURI {
			t.Fatalf("related information %+v, want last year's file %s", d.RelatedInformation, lastURI)
		}
		// Last year's 四 (line 55 of the file): 自然人 is its first value, 总计 its last.
		got := d.RelatedInformation[0].Location.Range
		col := "| 四、结转下年度继续办理 | "
		if strings.Contains(d.Message, "总计列") {
			col = "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | "
		}
		if want := positionOf(t, lastText, 54, col); got.Start != want {
			t.Errorf("%s: related place %+v, want %+v", d.Message, got.Start, want)
		}
		// The quick fix sets this year's 二 to last year's value.
		// (「忽略此处」, which every finding offers, comes after it.)
		acts := s.codeActions(thisURI, d.Range, protocol.QuickFix)
		if len(acts) != 2 || acts[0].Title != "改为 1" || !strings.HasPrefix(acts[1].Title, "忽略此处") {
			t.Fatalf("code actions %+v, want 「改为 1」 and 「忽略此处」", acts)
		}
		edits := acts[0].Edit.Changes[thisURI]
		if len(edits) != 1 || edits[0].NewText != "1" || edits[0].Range != d.Range {
			t.Errorf("quick fix edits %+v", edits)
		}
	}

	notify := func(typ protocol.FileChangeType) {
		t.Helper()
		p := &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{{Type: typ, URI: uri.File(lastPath)}}}
		if err := s.conn.Notify(s.ctx, protocol.MethodWorkspaceDidChangeWatchedFiles, p); err != nil {
			t.Fatal(err)
		}
	}
	// Changed on disk: last year now carried nothing over.
	zero := strings.Replace(lastText, "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |", "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", 1)
	if zero == lastText {
		t.Fatal("fixture changed: 四 not found")
	}
	os.WriteFile(lastPath, []byte(zero), 0o644)
	notify(protocol.FileChangeTypeChanged)
	s.latest(thisURI, "no carryover-mismatch after the file changed", func(ds []protocol.Diagnostic) bool {
		return countRule(ds, "carryover-mismatch") == 0 && countRule(ds, "copied-section") == 1
	})
	// Deleted: nothing to compare with.
	os.Remove(lastPath)
	notify(protocol.FileChangeTypeDeleted)
	s.latest(thisURI, "no findings comparing years after the file was deleted", func(ds []protocol.Diagnostic) bool {
		return countRule(ds, "copied-section")+countRule(ds, "table2-carry")+countRule(ds, "carryover-mismatch") == 0
	})
	// Created again, as it was.
	os.WriteFile(lastPath, []byte(lastText), 0o644)
	notify(protocol.FileChangeTypeCreated)
	s.latest(thisURI, "the findings back after the file was created", func(ds []protocol.Diagnostic) bool {
		return countRule(ds, "carryover-mismatch") == 2
	})

	// Last year's report opened and edited in the editor: its text there wins, and
	// this year's is published again at once.
	if err := s.server.DidOpen(s.ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: lastURI, LanguageID: "markdown", Version: 1, Text: lastText}}); err != nil {
		t.Fatal(err)
	}
	s.client.waitDiagnostics(t, lastURI, 1)
	at := positionOf(t, lastText, 54, "| 四、结转下年度继续办理 | ")
	s.change(lastURI, 2, contentChange{Range: span(int(at.Line), int(at.Character), int(at.Line), int(at.Character)+1), Text: "0"})
	ds = s.latest(thisURI, "one carryover-mismatch after last year's was edited", func(ds []protocol.Diagnostic) bool {
		return countRule(ds, "carryover-mismatch") == 1
	})
	for _, d := range ds {
		if d.Code == "carryover-mismatch" && !strings.Contains(d.Message, "总计列") {
			t.Errorf("the column fixed in last year's report still reported: %s", d.Message)
		}
	}
	// Closed: the file on disk, with 1 in both columns, is last year's again.
	s.close(lastURI)
	s.latest(thisURI, "the file's findings after last year's was closed", func(ds []protocol.Diagnostic) bool {
		return countRule(ds, "carryover-mismatch") == 2
	})
}

// TestWorkspaceOpenDocumentsOnly: without a workspace folder, two open reports of
// one office are compared with each other; a government and its department are not.
func TestWorkspaceOpenDocumentsOnly(t *testing.T) {
	s := newSession(t, sessionOptions{})
	lastText, thisText := readAcross(t, "zhen-2021.md"), readAcross(t, "zhen-2022.md")
	dept := strings.Replace(lastText, "某某县某某镇人民政府", "某某县某某镇财政所", 1)
	deptURI := s.open("部门-2021.md", dept, 1)
	thisURI := s.open("本年.md", thisText, 1)
	s.client.waitDiagnostics(t, deptURI, 1)
	if ds := s.client.waitDiagnostics(t, thisURI, 1); countRule(ds, "carryover-mismatch") != 0 {
		t.Fatalf("paired with another office's report: %v", ds)
	}
	lastURI := s.open("上年.md", lastText, 1)
	ds := s.latest(thisURI, "carryover-mismatch from the open report", func(ds []protocol.Diagnostic) bool {
		return countRule(ds, "carryover-mismatch") == 2
	})
	for _, d := range ds {
		for _, r := range d.RelatedInformation {
			if d.Code == "carryover-mismatch" && r.Location.URI != lastURI {
				t.Errorf("related place in %s, want %s", r.Location.URI, lastURI)
			}
		}
	}
}

// TestWorkspaceIndexBounds: the index reads at most maxFiles files, each of at most
// maxFileSize bytes, and holds at most maxBytes of report text; what does not fit is
// left out, and the rest is still read.
func TestWorkspaceIndexBounds(t *testing.T) {
	dir := t.TempDir()
	text := readAcross(t, "zhen-2021.md")
	for _, n := range []string{"a.md", "b.txt", "c.md"} {
		os.WriteFile(filepath.Join(dir, n), []byte(text), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "d.pdf"), []byte(text), 0o644) // PDFs are not read: pdftotext is a program
	for _, tc := range []struct {
		name                      string
		files, fileSize, textSize int
		want                      int
	}{
		{"all", 100, 1 << 20, 1 << 20, 3},
		{"files", 2, 1 << 20, 1 << 20, 2},
		{"file size", 100, len(text) - 1, 1 << 20, 0},
		{"text held", 100, 1 << 20, 2*len(text) + 1, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t, sessionOptions{})
			w := s.srv.ws
			w.mu.Lock()
			w.roots, w.maxFiles, w.maxFileSize, w.maxBytes = []string{dir}, tc.files, tc.fileSize, tc.textSize
			w.mu.Unlock()
			s.srv.indexWorkspace()
			w.mu.Lock()
			got, held := len(w.disk), w.bytes
			w.mu.Unlock()
			if got != tc.want || held != tc.want*len(text) {
				t.Errorf("%d reports indexed holding %d bytes, want %d", got, held, tc.want)
			}
			// A report left out is said once, not only logged.
			told := func() int {
				n := 0
				for _, m := range s.client.messages {
					if strings.Contains(m, "部分报告未参与跨年度比对") {
						n++
					}
				}
				return n
			}
			if tc.want < 3 {
				s.client.wait(t, "a message that reports were left out", func() bool { return told() > 0 })
			}
			s.call("nianbao/ping", nil, nil) // answered after the messages sent before it
			s.client.mu.Lock()
			n := told()
			s.client.mu.Unlock()
			if want := min(1, 3-tc.want); n != want {
				t.Errorf("%d messages that reports were left out, want %d", n, want)
			}
		})
	}
}

// TestWorkspaceIndexPublishedFiles: web pages and Word documents in the folder are
// read through input/, as check reads them.
func TestWorkspaceIndexPublishedFiles(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"pingtan-2022.docx", "pingtan-shenpi-2024-gbk.html"} {
		b, err := os.ReadFile(filepath.Join("../testdata/published", n))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, n), b, 0o644)
	}
	s := newSession(t, sessionOptions{})
	w := s.srv.ws
	w.mu.Lock()
	w.roots = []string{dir}
	w.mu.Unlock()
	s.srv.indexWorkspace()
	w.mu.Lock()
	defer w.mu.Unlock()
	years := map[int]string{}
	for _, sum := range w.disk {
		years[sum.Year] = sum.Office
	}
	if len(years) != 2 || years[2022] == "" || years[2024] == "" {
		t.Errorf("indexed %v, want the 2022 Word document and the 2024 page", years)
	}
}
