package lsp

import (
	"fmt"
	"math/rand"
	"sort"
	"testing"
	"unicode/utf16"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/nianbao/nianbao/analysis"
)

// TestStressDiagnosticsAreFresh complements TestStress: 50 documents open, a few
// thousand didChange notifications across them, each carrying one to three
// incremental changes (Chinese text, a character outside the BMP, every kind of
// line break, digits changed inside the tables so that findings come and go) and
// now and then a whole-document replacement, with hovers and code actions in
// between. At the end, for every document, the last diagnostics published are for
// its last version and equal, field for field, what a fresh analysis.Check of the
// editor's final text gives once converted by the server's own conversion. The
// server logs no warning on the way (a clamped edit or a rejected change would
// mean that its text and the editor's went apart).
func TestStressDiagnosticsAreFresh(t *testing.T) {
	docs, notes := 50, 2000
	if testing.Short() {
		docs, notes = 10, 300
	}
	core, logs := observer.New(zap.WarnLevel)
	// The samples include pingtan's 2019 and 2020 reports, which the server pairs
	// (workspace.go): the rules comparing years are off here, where what is
	// compared is a check of each text alone; workspace_test.go holds them fresh.
	s := newSession(t, sessionOptions{logger: zap.New(core), initOptions: map[string]any{
		"disabledRules": []string{"carryover-mismatch", "copied-section", "table2-carry"}}})
	names := []string{"pingtan-2019.md", "pingtan-2020.md", "pingtan-2021.md", "pingtan-2025.md",
		"guanghua-2021.txt", "wuqiao-2020.txt", "labao-2020-traditional.txt"}
	var samples []string
	for _, n := range names {
		samples = append(samples, readSample(t, n))
	}

	type doc struct {
		uri     protocol.DocumentURI
		model   utf16Doc
		version int32
		initial string // diagnostics of version 1, as JSON
	}
	all := make([]*doc, docs)
	for i := range all {
		text := samples[i%len(samples)]
		d := &doc{model: utf16Doc(utf16.Encode([]rune(text))), version: 1}
		d.uri = s.open(fmt.Sprintf("新鲜/报告-%02d.md", i), text, 1)
		all[i] = d
	}
	for _, d := range all {
		d.initial = mustJSON(t, s.client.waitDiagnostics(t, d.uri, 1))
	}

	r := rand.New(rand.NewSource(2020))
	pieces := []string{"中", "𠮷", "\n", "\r\n", "\r", "。", "（七）总计", "| 1 ", "12", ""}
	for n := 0; n < notes; n++ {
		d := all[r.Intn(len(all))]
		d.version++
		var changes []contentChange
		if r.Intn(150) == 0 {
			text := samples[r.Intn(len(samples))]
			changes = append(changes, contentChange{Text: text})
			d.model = utf16Doc(utf16.Encode([]rune(text)))
		}
		for k := 1 + r.Intn(3); k > 0; k-- {
			var c contentChange
			if r.Intn(5) < 2 {
				c, d.model = d.model.changeDigit(r)
			} else {
				c, d.model = d.model.randomChange(r, pieces[r.Intn(len(pieces))])
			}
			changes = append(changes, c)
		}
		s.change(d.uri, d.version, changes...)

		if n%7 == 0 {
			q := all[r.Intn(len(all))]
			p, _ := q.model.randomPos(r)
			lp := protocol.Position{Line: uint32(p.Line), Character: uint32(p.Character)}
			s.hover(q.uri, lp)
			whole := protocol.Range{Start: protocol.Position{Line: lp.Line}, End: protocol.Position{Line: lp.Line + 1}}
			s.codeActions(q.uri, whole)
		}
	}

	changed := 0
	for _, d := range all {
		got := s.client.waitDiagnostics(t, d.uri, d.version)
		want := d.model.String()
		sn := s.srv.snapshot(d.uri)
		if sn == nil || sn.text != want {
			t.Fatalf("%s: the server's text differs from the editor's", d.uri)
		}
		if g, w := mustJSON(t, got), mustJSON(t, freshDiagnostics(s, d.uri, d.version, want)); g != w {
			t.Errorf("%s version %d: published diagnostics differ from a fresh check\n got %s\nwant %s", d.uri, d.version, g, w)
		}
		if mustJSON(t, got) != d.initial {
			changed++
		}
	}
	// The edits are meant to change findings; if none did, the comparison above
	// proved little.
	if changed < len(all)/4 {
		t.Errorf("the findings of only %d of %d documents changed", changed, len(all))
	}
	for _, e := range logs.All() {
		t.Errorf("server logged %s %q %v", e.Level, e.Message, e.ContextMap())
	}
}

// freshDiagnostics checks text from scratch with the server's settings and
// converts the findings as the server does, through a new snapshot (so no cached
// mapper or result of the server's is reused).
func freshDiagnostics(s *session, uri protocol.DocumentURI, version int32, text string) []protocol.Diagnostic {
	s.srv.mu.Lock()
	opts := *s.srv.settings
	limit := s.srv.maxDocumentSize
	s.srv.mu.Unlock()
	sn := &snapshot{uri: uri, version: version, text: text, opts: &opts, limit: limit, log: zap.NewNop()}
	if sn.tooLarge() {
		return lspDiagnostics(sn)
	}
	res := analysis.Check(text, opts)
	out := make([]protocol.Diagnostic, 0, len(res.Diagnostics))
	for i := range res.Diagnostics {
		out = append(out, lspDiagnostic(sn, &res.Diagnostics[i]))
	}
	return out
}

// position returns the LSP position of code unit i.
func (d utf16Doc) position(i int) lspPosition {
	starts := d.lineStarts()
	line := sort.Search(len(starts), func(j int) bool { return starts[j] > i }) - 1
	return lspPosition{line, i - starts[line]}
}

// replace returns the document with code units [i, j) replaced by text.
func (d utf16Doc) replace(i, j int, text string) utf16Doc {
	return append(append(append(utf16Doc{}, d[:i]...), utf16.Encode([]rune(text))...), d[j:]...)
}

// changeDigit replaces one ASCII digit of d (most are in the tables) with another,
// or inserts one at the start when d has none.
func (d utf16Doc) changeDigit(r *rand.Rand) (contentChange, utf16Doc) {
	var digits []int
	for i, u := range d {
		if u >= '0' && u <= '9' {
			digits = append(digits, i)
		}
	}
	digit := string(rune('0' + r.Intn(10)))
	if len(digits) == 0 {
		return contentChange{Range: &rng{}, Text: digit}, d.replace(0, 0, digit)
	}
	i := digits[r.Intn(len(digits))]
	return contentChange{Range: &rng{Start: d.position(i), End: d.position(i + 1)}, Text: digit}, d.replace(i, i+1, digit)
}

// randomChange inserts text at a random position or, one time in three, replaces
// a short random span with it.
func (d utf16Doc) randomChange(r *rand.Rand, text string) (contentChange, utf16Doc) {
	p1, i1 := d.randomPos(r)
	p2, i2 := p1, i1
	if r.Intn(3) == 0 {
		if q, j := d.randomPos(r); j >= i1 && j-i1 <= 40 {
			p2, i2 = q, j
		}
	}
	return contentChange{Range: &rng{Start: p1, End: p2}, Text: text}, d.replace(i1, i2, text)
}
