package lsp

import (
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/nianbao/nianbao/analysis"
)

// pingtanTotal is the wrong （七）总计 row of testdata/samples/pingtan-2020.md.
const pingtanTotal = "| （七）总计 | 20 | 0 | 0 | 0 | 0 | 1 | 21 |"

// findRange locates the first occurrence of sub in text as an LSP range.
func findRange(t testing.TB, text, sub string) protocol.Range {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not found", sub)
	}
	sn := &snapshot{text: text}
	return sn.rangeOf(spanOf(i, i+len(sub)))
}

func TestDiagnosticsFollowVersions(t *testing.T) {
	s := newSession(t, sessionOptions{})
	text := readSample(t, "pingtan-2020.md")
	uri := s.open("平潭-2020.md", text, 7)
	diags := s.client.waitDiagnostics(t, uri, 7)
	var totals []protocol.Diagnostic
	for _, d := range diags {
		if d.Code == "total-mismatch" {
			totals = append(totals, d)
		}
		if d.Source != "nianbao" {
			t.Errorf("source %q", d.Source)
		}
	}
	if len(totals) != 2 {
		t.Fatalf("want 2 total-mismatch diagnostics, got %s", mustJSON(t, diags))
	}
	row := findRange(t, text, pingtanTotal)
	if totals[0].Range.Start.Line != row.Start.Line || totals[0].Severity != protocol.DiagnosticSeverityError {
		t.Errorf("total-mismatch at %s, want on line %d", fmtRange(totals[0].Range), row.Start.Line)
	}

	// Correct 自然人 with an incremental change: that diagnostic goes, the one on
	// 总计 stays, and 勾稽关系 now fails (the leaf rows hold 26 applications while 21
	// came in: see testdata/pingtan-NOTES.md).
	r := totals[0].Range
	s.change(uri, 8, contentChange{Range: &rng{
		Start: lspPosition{int(r.Start.Line), int(r.Start.Character)},
		End:   lspPosition{int(r.End.Line), int(r.End.Character)},
	}, Text: "26"})
	diags = s.client.waitDiagnostics(t, uri, 8)
	for _, d := range diags {
		if d.Code == "total-mismatch" && d.Range == r {
			t.Errorf("corrected total still reported: %s", d.Message)
		}
	}
	if !hasCode(diags, "balance-mismatch") {
		t.Errorf("want balance-mismatch after the correction, got %s", mustJSON(t, diags))
	}

	// Closing clears the list: an empty list without a version.
	s.close(uri)
	s.client.wait(t, "cleared diagnostics", func() bool {
		ps := s.client.published[uri]
		last := ps[len(ps)-1]
		return last.Version == 0 && last.Diagnostics != nil && len(last.Diagnostics) == 0
	})
}

func spanOf(start, end int) analysis.Span { return analysis.Span{Start: start, End: end} }

func hasCode(ds []protocol.Diagnostic, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

func TestNonReportGetsEmptyList(t *testing.T) {
	r := newRawSession(t)
	r.initialize()
	r.send(frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///笔记.md","languageId":"markdown","version":0,"text":"今天天气很好。\n"}}}`))
	for m := range r.in {
		if m["method"] != "textDocument/publishDiagnostics" {
			continue
		}
		p := m["params"].(map[string]any)
		ds, ok := p["diagnostics"].([]any)
		if !ok || len(ds) != 0 {
			t.Fatalf("diagnostics = %#v, want []", p["diagnostics"])
		}
		// Version 0 is a version: it must be sent, not omitted.
		if v, ok := p["version"]; !ok || v != 0.0 {
			t.Errorf("version = %#v, want 0", v)
		}
		return
	}
	t.Fatal("no diagnostics published")
}

// TestBurstPublishesLastVersion: a burst of changes ends with the diagnostics of
// the last version, and no publication goes back to an older version.
func TestBurstPublishesLastVersion(t *testing.T) {
	s := newSession(t, sessionOptions{})
	text := readSample(t, "pingtan-2020.md")
	uri := s.open("连续输入.md", text, 1)
	row := findRange(t, text, pingtanTotal)
	// Type "9" a hundred times at the start of the row's line, then delete them.
	const n = 100
	for i := 0; i < n; i++ {
		s.change(uri, int32(2+i), contentChange{Range: at(int(row.Start.Line), 0), Text: "9"})
	}
	s.change(uri, n+2, contentChange{Range: span(int(row.Start.Line), 0, int(row.Start.Line), n), Text: ""})
	final := s.client.waitDiagnostics(t, uri, n+2)
	if got := s.srv.snapshot(uri).text; got != text {
		t.Fatalf("text after typing and deleting differs from the original")
	}
	pubs := s.client.publications(uri)
	last := uint32(0)
	for _, p := range pubs {
		if p.Version < last {
			t.Fatalf("version %d published after %d", p.Version, last)
		}
		last = p.Version
	}
	if !hasCode(final, "total-mismatch") {
		t.Errorf("final diagnostics lack total-mismatch: %s", mustJSON(t, final))
	}
	t.Logf("%d changes, %d publications", n+1, len(pubs))
}

func TestTooLargeDocument(t *testing.T) {
	sample := readSample(t, "pingtan-2020.md")
	// The limit is lowered to just under the sample, so the test stays fast; the
	// real 16 MB limit is exercised by TestTooLargeDocumentRealLimit.
	s := newSession(t, sessionOptions{maxDocumentSize: len(sample) - 1})
	uri := s.open("巨大.md", sample, 1)
	diags := s.client.waitDiagnostics(t, uri, 1)
	if len(diags) != 1 || diags[0].Code != tooLargeCode || !strings.Contains(diags[0].Message, "未检查") {
		t.Fatalf("diagnostics = %s", mustJSON(t, diags))
	}
	// Hover and code actions have nothing to say, and do not fail.
	if h := s.hover(uri, protocol.Position{Line: 0, Character: 1}); h != nil {
		t.Errorf("hover on a too large document: %v", h)
	}
	if acts := s.codeActions(uri, protocol.Range{}); len(acts) != 0 {
		t.Errorf("code actions on a too large document: %v", acts)
	}
	// Edits are still applied: shrinking it below the limit brings analysis back.
	row := findRange(t, sample, "平潭综合实验区")
	s.change(uri, 2, contentChange{Range: &rng{
		Start: lspPosition{int(row.Start.Line), int(row.Start.Character)},
		End:   lspPosition{int(row.End.Line), int(row.End.Character)},
	}, Text: ""})
	if diags := s.client.waitDiagnostics(t, uri, 2); !hasCode(diags, "total-mismatch") {
		t.Errorf("after shrinking: %s", mustJSON(t, diags))
	}
	if got, want := s.srv.snapshot(uri).text, strings.Replace(sample, "平潭综合实验区", "", 1); got != want {
		t.Errorf("text out of sync after edits to a too large document")
	}
}

func TestTooLargeDocumentRealLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("moves 16 MB through the pipe")
	}
	s := newSession(t, sessionOptions{})
	big := strings.Repeat("一、总体情况｜（七）总计 20\n", maxDocumentSize/30+1000)
	if len(big) <= maxDocumentSize {
		t.Fatalf("test text too small: %d", len(big))
	}
	uri := s.open("巨大.md", big, 1)
	diags := s.client.waitDiagnostics(t, uri, 1)
	if len(diags) != 1 || diags[0].Code != tooLargeCode || !strings.Contains(diags[0].Message, "16 MB") {
		t.Fatalf("diagnostics = %s", mustJSON(t, diags))
	}
}

// TestManyDocuments: documents are independent; closing one leaves the others.
func TestManyDocuments(t *testing.T) {
	s := newSession(t, sessionOptions{})
	text := readSample(t, "pingtan-2020.md")
	var uris []protocol.DocumentURI
	for i := 0; i < 20; i++ {
		uris = append(uris, s.open(fmt.Sprintf("报告-%02d.md", i), text, int32(i+1)))
	}
	for i, uri := range uris {
		if !hasCode(s.client.waitDiagnostics(t, uri, int32(i+1)), "total-mismatch") {
			t.Errorf("%s: no total-mismatch", uri)
		}
	}
	s.close(uris[0])
	s.client.wait(t, "cleared diagnostics", func() bool {
		ps := s.client.published[uris[0]]
		return ps[len(ps)-1].Version == 0
	})
	if s.srv.snapshot(uris[0]) != nil || s.srv.snapshot(uris[1]) == nil {
		t.Errorf("close affected the wrong document")
	}
	// Reopening a closed document starts afresh.
	s.open("报告-00.md", "不是报告", 50)
	if d := s.client.waitDiagnostics(t, uris[0], 50); len(d) != 0 {
		t.Errorf("reopened non-report: %s", mustJSON(t, d))
	}
}
