package lsp

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/nianbao/nianbao/analysis"
)

// serverText is the server's copy of a document once the version has been applied.
// Notifications are applied in order on the read loop, so once diagnostics for
// version v arrive, version v is what the server holds.
func serverText(t *testing.T, s *session, uri protocol.DocumentURI, version int32) string {
	t.Helper()
	s.client.waitDiagnostics(t, uri, version)
	sn := s.srv.snapshot(uri)
	if sn == nil {
		t.Fatalf("%s is not open", uri)
	}
	return sn.text
}

func at(line, char int) *rng {
	return &rng{Start: lspPosition{line, char}, End: lspPosition{line, char}}
}

func span(l1, c1, l2, c2 int) *rng {
	return &rng{Start: lspPosition{l1, c1}, End: lspPosition{l2, c2}}
}

func TestIncrementalEditsUTF16(t *testing.T) {
	s := newSession(t, sessionOptions{})
	// 𠮷 is outside the BMP: two UTF-16 code units, four bytes.
	uri := s.open("编辑.md", "一、总体情况\r\n𠮷野家｜（七）总计\n末行", 1)
	steps := []struct {
		change contentChange
		want   string
	}{
		// Insert after 𠮷 (character 2, not 1).
		{contentChange{Range: at(1, 2), Text: "的"}, "一、总体情况\r\n𠮷的野家｜（七）总计\n末行"},
		// Replace 总体 (characters 2–4 of line 0).
		{contentChange{Range: span(0, 2, 0, 4), Text: "整体"}, "一、整体情况\r\n𠮷的野家｜（七）总计\n末行"},
		// Delete across the CRLF line break.
		{contentChange{Range: span(0, 6, 1, 0), Text: ""}, "一、整体情况𠮷的野家｜（七）总计\n末行"},
		// Insert a line break inside a multi-byte line.
		{contentChange{Range: at(0, 2), Text: "\n"}, "一、\n整体情况𠮷的野家｜（七）总计\n末行"},
		// Insert at the very end.
		{contentChange{Range: at(2, 2), Text: "。\r"}, "一、\n整体情况𠮷的野家｜（七）总计\n末行。\r"},
		// A lone CR ends a line too: line 3 is the empty line after it.
		{contentChange{Range: at(3, 0), Text: "新"}, "一、\n整体情况𠮷的野家｜（七）总计\n末行。\r新"},
	}
	for i, st := range steps {
		v := int32(i + 2)
		s.change(uri, v, st.change)
		if got := serverText(t, s, uri, v); got != st.want {
			t.Fatalf("step %d: text = %q, want %q", i, got, st.want)
		}
	}
}

func TestWholeDocumentChange(t *testing.T) {
	s := newSession(t, sessionOptions{})
	uri := s.open("整篇.md", "旧的内容\n第二行", 1)
	// No range: the text replaces the document (protocol's non-pointer Range would
	// have made this an insertion at 0:0).
	s.change(uri, 2, contentChange{Text: "全新的内容"})
	if got := serverText(t, s, uri, 2); got != "全新的内容" {
		t.Fatalf("text = %q", got)
	}
	// Several changes in one notification apply in order, each to the result of
	// the one before; a whole-document change may sit among them.
	s.change(uri, 3,
		contentChange{Range: at(0, 2), Text: "、"},
		contentChange{Text: "甲乙丙"},
		contentChange{Range: span(0, 1, 0, 2), Text: "（二）"},
		contentChange{Range: at(0, 0), Text: "\n"},
	)
	if got := serverText(t, s, uri, 3); got != "\n甲（二）丙" {
		t.Fatalf("text = %q", got)
	}
}

func TestOutOfRangeEditsAreClamped(t *testing.T) {
	core, logs := observer.New(zap.WarnLevel)
	s := newSession(t, sessionOptions{logger: zap.New(core)})
	uri := s.open("越界.md", "第一行\n第二行", 1)
	steps := []struct {
		change contentChange
		want   string
	}{
		// A character past the line end clamps to the line end.
		{contentChange{Range: at(0, 99), Text: "甲"}, "第一行甲\n第二行"},
		// A line past the end clamps to the end of the text.
		{contentChange{Range: at(42, 0), Text: "乙"}, "第一行甲\n第二行乙"},
		// Negative positions clamp to the start.
		{contentChange{Range: span(-1, -5, 0, 1), Text: "丙"}, "丙一行甲\n第二行乙"},
		// An inverted range is taken the right way round.
		{contentChange{Range: span(1, 2, 1, 0), Text: ""}, "丙一行甲\n行乙"},
		// Inside a surrogate pair clamps to the pair's start.
		{contentChange{Range: at(1, 0), Text: "𠮷"}, "丙一行甲\n𠮷行乙"},
		{contentChange{Range: at(1, 1), Text: "丁"}, "丙一行甲\n丁𠮷行乙"},
	}
	for i, st := range steps {
		v := int32(i + 2)
		s.change(uri, v, st.change)
		if got := serverText(t, s, uri, v); got != st.want {
			t.Fatalf("step %d: text = %q, want %q", i, got, st.want)
		}
	}
	// Every step but the surrogate-pair insertion at a valid position was clamped,
	// and each clamping was logged with the range the client sent.
	clamped := logs.FilterMessage("clamped an out-of-range edit").All()
	if len(clamped) != len(steps)-1 {
		t.Errorf("%d clampings logged, want %d", len(clamped), len(steps)-1)
	}
	if len(clamped) > 0 && clamped[0].ContextMap()["range"] != "0:99-0:99" {
		t.Errorf("first clamping logged as %v", clamped[0].ContextMap())
	}
}

// utf16Doc is an independent model of an editor buffer: UTF-16 code units, lines
// ending at \n, \r\n or \r, edits addressed by (line, character).
type utf16Doc []uint16

func (d utf16Doc) lineStarts() []int {
	starts := []int{0}
	for i := 0; i < len(d); i++ {
		switch d[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(d) && d[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return starts
}

// randomPos picks a valid position: a line, and a character within its content
// that does not split a surrogate pair. It returns the position and its index.
func (d utf16Doc) randomPos(r *rand.Rand) (lspPosition, int) {
	starts := d.lineStarts()
	line := r.Intn(len(starts))
	start := starts[line]
	end := len(d)
	if line+1 < len(starts) {
		end = starts[line+1]
	}
	for end > start && (d[end-1] == '\n' || d[end-1] == '\r') {
		end--
	}
	for {
		c := r.Intn(end - start + 1)
		i := start + c
		if i > start && i < len(d) && utf16.IsSurrogate(rune(d[i])) && d[i] >= 0xDC00 {
			continue // inside a surrogate pair
		}
		return lspPosition{line, c}, i
	}
}

// wildPos picks a position that may lie outside the text: a line or character
// past the end, a negative one, or the middle of a surrogate pair. It returns the
// position and the index the editor's model clamps it to, by the rules the server
// documents: a negative line is the start, a line past the end is the end, a
// character is clamped into its line and off a surrogate pair's second half.
func (d utf16Doc) wildPos(r *rand.Rand) (lspPosition, int) {
	starts := d.lineStarts()
	p := lspPosition{Line: r.Intn(len(starts)+3) - 1, Character: r.Intn(60) - 3}
	switch {
	case p.Line < 0:
		return p, 0
	case p.Line >= len(starts):
		return p, len(d)
	}
	start := starts[p.Line]
	end := len(d)
	if p.Line+1 < len(starts) {
		end = starts[p.Line+1]
	}
	for end > start && (d[end-1] == '\n' || d[end-1] == '\r') {
		end--
	}
	c := max(p.Character, 0)
	i := min(start+c, end)
	if i > start && i < len(d) && d[i] >= 0xDC00 && d[i] <= 0xDFFF {
		i--
	}
	return p, i
}

func (d utf16Doc) String() string { return string(utf16.Decode(d)) }

// TestRandomEdits: a long sequence of random incremental edits, with multi-byte
// characters, surrogate pairs, every kind of line break and some out-of-range
// positions, leaves the server with the editor's text and with diagnostics
// identical to a fresh open of that text.
func TestRandomEdits(t *testing.T) {
	s := newSession(t, sessionOptions{})
	base := readSample(t, "pingtan-2020.md")
	uri := s.open("随机.md", base, 1)
	doc := utf16Doc(utf16.Encode([]rune(base)))
	r := rand.New(rand.NewSource(20201231))
	inserts := []string{"中", "𠮷", "\n", "\r\n", "\r", "| 5 ", "（七）总计", "一、总体情况\n", "20", " ", "｜", "😀x", ""}
	version := int32(1)
	const edits = 600
	for n := 0; n < edits; {
		// Mostly one change per notification, sometimes a batch of a few.
		batch := 1
		if r.Intn(5) == 0 {
			batch = 2 + r.Intn(3)
		}
		var changes []contentChange
		for k := 0; k < batch; k++ {
			pos := doc.randomPos
			if r.Intn(10) == 0 {
				// A confused client: the server must clamp exactly as documented.
				pos = doc.wildPos
			}
			p1, i1 := pos(r)
			p2, i2 := p1, i1
			if r.Intn(2) == 0 {
				p2, i2 = pos(r)
				if i2-i1 > 40 || i1-i2 > 40 { // keep deletions small so the report survives a while
					p2, i2 = p1, i1
				}
				// An inverted range is sent as is; the server takes it the right
				// way round.
				i1, i2 = min(i1, i2), max(i1, i2)
			}
			text := inserts[r.Intn(len(inserts))]
			changes = append(changes, contentChange{Range: &rng{Start: p1, End: p2}, Text: text})
			doc = append(append(append(utf16Doc{}, doc[:i1]...), utf16.Encode([]rune(text))...), doc[i2:]...)
			n++
		}
		version++
		s.change(uri, version, changes...)
	}
	final := s.client.waitDiagnostics(t, uri, version)
	want := doc.String()
	if got := s.srv.snapshot(uri).text; got != want {
		t.Fatalf("server text differs from the editor's after %d edits:\nserver %q\neditor %q", edits, got, want)
	}

	// Published versions never go backwards: no outdated version after a newer one.
	last := uint32(0)
	for _, p := range s.client.publications(uri) {
		if p.Version < last {
			t.Fatalf("published version %d after %d", p.Version, last)
		}
		last = p.Version
	}

	fresh := s.open("随机-新.md", want, 1)
	freshDiags := s.client.waitDiagnostics(t, fresh, 1)
	if !reflect.DeepEqual(normalizeURIs(t, final, uri), normalizeURIs(t, freshDiags, fresh)) {
		t.Errorf("diagnostics after edits differ from a fresh open:\nedited %s\nfresh  %s",
			mustJSON(t, final), mustJSON(t, freshDiags))
	}
	t.Logf("%d edits, %d versions, %d diagnostics at the end", edits, version, len(final))
}

// normalizeURIs makes diagnostics of two documents comparable.
func normalizeURIs(t *testing.T, ds []protocol.Diagnostic, uri protocol.DocumentURI) string {
	return strings.ReplaceAll(mustJSON(t, ds), mustJSON(t, uri), `"URI"`)
}

// A keystroke is answered on the read loop only when that stays cheap: the previous
// version's report is read (a fresh check's is at once, an update's once prepare has
// read it) and its findings few. Otherwise a worker takes it, and the update still
// gives the engine's answer. The edit types a digit into the wrong （七）总计 of
// pingtan-2020, which the engine updates without checking afresh.
func TestCheapResultOnlyWhenPrepared(t *testing.T) {
	text := readSample(t, "pingtan-2020.md")
	srv := New(Config{Logger: zap.NewNop()})
	opts := &analysis.Options{}
	row := findRange(t, text, pingtanTotal)
	typed := []contentChange{{Range: at(int(row.Start.Line), int(row.Start.Character)+len([]rune("| （七）总计 | 2"))), Text: "6"}}
	edited := func(base *snapshot) *snapshot {
		return srv.editedSnapshot(base, base.version+1, applyChanges(base, typed))
	}

	base := srv.newSnapshot("file:///平潭/键入.md", 1, text, opts)
	base.Result()
	first := edited(base)
	if !first.cheapResult() {
		t.Fatal("a digit in a table after a fresh check: not answered on the read loop")
	}
	typed = []contentChange{{Range: span(int(row.Start.Line), int(row.Start.Character)+len([]rune("| （七）总计 | 2")), int(row.Start.Line), int(row.Start.Character)+len([]rune("| （七）总计 | 26"))), Text: ""}}
	if sn := edited(first); sn.cheapResult() {
		t.Error("answered on the read loop before the previous update's report was read")
	}
	srv.prepare(nil, first)
	sn := edited(first)
	if !sn.cheapResult() {
		t.Fatal("a digit in a table, the previous report read: not answered on the read loop")
	}
	if got, want := sn.Result().Diagnostics, analysis.Check(sn.text, *opts).Diagnostics; !reflect.DeepEqual(got, want) {
		t.Errorf("findings differ from a fresh check:\n got %v\nwant %v", got, want)
	}

	// Many findings: a blank Table 3 cell repeated far more than maxInlineFindings times.
	many := text + strings.Repeat("\n| （一）予以公开 | | 0 | 0 | 0 | 0 | 0 | 0 |", maxInlineFindings)
	big := srv.newSnapshot("file:///平潭/多.md", 1, many, opts)
	if n := len(big.Result().Diagnostics); n <= maxInlineFindings {
		t.Fatalf("only %d findings: the test needs more than %d", n, maxInlineFindings)
	}
	srv.prepare(nil, big)
	if edited(big).cheapResult() {
		t.Error("answered on the read loop with more than maxInlineFindings findings")
	}
}

// TestReplaceAllInOneDidChange: one didChange carrying a "replace all" of every
// 公开 (57) in a report with CRLF line ends, by a text that holds a line break, sent
// last match first (as VS Code does: each range in the text as it was) and first
// match first (each range in the text the earlier replacements left, lines and
// columns moved): the server's text is the editor's, and is checked.
func TestReplaceAllInOneDidChange(t *testing.T) {
	text := strings.ReplaceAll(readSample(t, "pingtan-2021.md"), "\n", "\r\n")
	const old, repl = "公开", "公\r\n开𠮷"
	want := strings.ReplaceAll(text, old, repl)
	for _, desc := range []bool{true, false} {
		s := newSession(t, sessionOptions{})
		uri := s.open(fmt.Sprintf("全部替换-%v.md", desc), text, 1)
		changes := replaceAllModel(utf16Doc(utf16.Encode([]rune(text))), old, repl, desc)
		if len(changes) < 10 {
			t.Fatalf("only %d matches", len(changes))
		}
		s.change(uri, 2, changes...)
		if got := serverText(t, s, uri, 2); got != want {
			t.Errorf("descending %v: the server's text differs from the editor's", desc)
		}
		if d := s.client.waitDiagnostics(t, uri, 2); !reflect.DeepEqual(normalizeURIs(t, d, uri), normalizeURIs(t, freshDiagnostics(s, uri, 2, want), uri)) {
			t.Errorf("descending %v: diagnostics differ from a fresh check", desc)
		}
	}
}

// replaceAllModel returns the changes of a "replace all" of old by repl in doc, last
// match first (desc) or first match first, each range computed on the editor's model
// of the text as it is when that change applies.
func replaceAllModel(doc utf16Doc, old, repl string, desc bool) []contentChange {
	o, r := utf16.Encode([]rune(old)), utf16.Encode([]rune(repl))
	var at []int
	for i := 0; i+len(o) <= len(doc); i++ {
		if reflect.DeepEqual([]uint16(doc[i:i+len(o)]), o) {
			at = append(at, i)
			i += len(o) - 1
		}
	}
	var changes []contentChange
	apply := func(i int) {
		changes = append(changes, contentChange{Range: &rng{Start: doc.position(i), End: doc.position(i + len(o))}, Text: repl})
		doc = doc.replace(i, i+len(o), repl)
	}
	if desc {
		for k := len(at) - 1; k >= 0; k-- {
			apply(at[k])
		}
		return changes
	}
	for k, i := range at {
		apply(i + k*(len(r)-len(o)))
	}
	return changes
}
