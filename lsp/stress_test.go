package lsp

import (
	"fmt"
	"math/rand"
	"runtime"
	"testing"
	"unicode/utf16"

	"go.lsp.dev/protocol"
)

// TestStress: 50 documents open, thousands of random edits across them with hovers,
// code actions, outlines and completions interleaved. No request fails, every
// document ends with the editor's text and the diagnostics of its last version,
// no publication goes back to an older version, and once everything is closed
// the server holds no documents and the heap is back where it started.
func TestStress(t *testing.T) {
	docs, edits := 50, 3000
	if testing.Short() {
		docs, edits = 10, 300
	}
	s := newSession(t, sessionOptions{})
	names := []string{"pingtan-2019.md", "pingtan-2020.md", "pingtan-2021.md", "pingtan-2025.md",
		"guanghua-2021.txt", "wuqiao-2020.txt", "labao-2020-traditional.txt"}
	var samples []string
	for _, n := range names {
		samples = append(samples, readSample(t, n))
	}
	baseline := heapInUse()

	type doc struct {
		uri     protocol.DocumentURI
		model   utf16Doc
		version int32
	}
	all := make([]*doc, docs)
	for i := range all {
		text := samples[i%len(samples)]
		d := &doc{model: utf16Doc(utf16.Encode([]rune(text))), version: 1}
		d.uri = s.open(fmt.Sprintf("压力-%02d.md", i), text, 1)
		all[i] = d
	}
	r := rand.New(rand.NewSource(50))
	inserts := []string{"中", "𠮷", "\n", "\r\n", "| 7 ", "（七）总计", "合计", "二、", "0", ""}
	for n := 0; n < edits; n++ {
		d := all[r.Intn(len(all))]
		p1, i1 := d.model.randomPos(r)
		p2, i2 := p1, i1
		if r.Intn(3) == 0 {
			p2, i2 = d.model.randomPos(r)
			if i2 < i1 {
				p1, i1, p2, i2 = p2, i2, p1, i1
			}
			if i2-i1 > 30 {
				p2, i2 = p1, i1
			}
		}
		text := inserts[r.Intn(len(inserts))]
		d.model = append(append(append(utf16Doc{}, d.model[:i1]...), utf16.Encode([]rune(text))...), d.model[i2:]...)
		d.version++
		s.change(d.uri, d.version, contentChange{Range: &rng{Start: p1, End: p2}, Text: text})

		if n%10 == 0 {
			q := all[r.Intn(len(all))]
			pos, _ := q.model.randomPos(r)
			lp := protocol.Position{Line: uint32(pos.Line), Character: uint32(pos.Character)}
			s.hover(q.uri, lp)
			s.codeActions(q.uri, protocol.Range{Start: lp, End: lp})
			var syms []protocol.DocumentSymbol
			if err := s.call(protocol.MethodTextDocumentDocumentSymbol, &protocol.DocumentSymbolParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: q.uri}}, &syms); err != nil {
				t.Fatalf("documentSymbol: %v", err)
			}
			var list protocol.CompletionList
			if err := s.call(protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: q.uri}, Position: lp}}, &list); err != nil {
				t.Fatalf("completion: %v", err)
			}
		}
	}
	for _, d := range all {
		s.client.waitDiagnostics(t, d.uri, d.version)
		if got := s.srv.snapshot(d.uri).text; got != d.model.String() {
			t.Fatalf("%s: server text differs from the editor's", d.uri)
		}
		last := uint32(0)
		for _, p := range s.client.publications(d.uri) {
			if p.Version < last {
				t.Fatalf("%s: version %d published after %d", d.uri, p.Version, last)
			}
			last = p.Version
		}
	}
	peak := heapInUse()
	for _, d := range all {
		s.close(d.uri)
	}
	s.client.wait(t, "every document cleared", func() bool {
		for _, d := range all {
			ps := s.client.published[d.uri]
			if ps[len(ps)-1].Version != 0 {
				return false
			}
		}
		return true
	})
	s.client.mu.Lock()
	s.client.published = map[protocol.DocumentURI][]*protocol.PublishDiagnosticsParams{}
	s.client.mu.Unlock()
	s.srv.mu.Lock()
	open := len(s.srv.docs)
	s.srv.mu.Unlock()
	if open != 0 {
		t.Errorf("%d documents still held after closing all", open)
	}
	after := heapInUse()
	t.Logf("heap: %d KB at start, %d KB with %d documents open, %d KB after closing", baseline>>10, peak>>10, docs, after>>10)
	// Flat: what is left after closing is small next to what the documents held.
	if grown := after - baseline; grown > (peak-baseline)/4+(1<<20) {
		t.Errorf("heap grew by %d KB after closing everything (peak %d KB over baseline)", grown>>10, (peak-baseline)>>10)
	}
	runtime.KeepAlive(samples)
}
