package lsp

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf16"

	segjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"

	"github.com/nianbao/nianbao/analysis"
)

// TestReusedDiagnosticsEqualFresh types into Chinese reports (one with CRLF line
// ends) one edit at a time, as didChange builds snapshots, and compares what each
// version would publish, finding by finding, with a conversion of a fresh check of
// the same text: the JSON reused from the previous version must be exactly the JSON
// of a fresh conversion. Edits are biased towards the lines of findings (their
// start, end and related lines) so that reuse is refused often as well; some are
// line breaks, which must disable reuse, and some versions are skipped (never
// converted, as in a burst of keystrokes), after which nothing can be reused.
func TestReusedDiagnosticsEqualFresh(t *testing.T) {
	crlf := strings.ReplaceAll(readSample(t, "pingtan-2021.md"), "\n", "\r\n")
	texts := map[string]string{
		"pingtan-2020.md":            readSample(t, "pingtan-2020.md"),
		"pingtan-2021-crlf.md":       crlf,
		"guanghua-2021.txt":          readSample(t, "guanghua-2021.txt"),
		"labao-2020-traditional.txt": readSample(t, "labao-2020-traditional.txt"),
	}
	edits := 400
	if testing.Short() {
		edits = 100
	}
	pieces := []string{"中", "𠮷", "。", "（七）总计", "| 1 ", "12", "", "😀", "<&>", "\n", "\r\n", "\r"}
	var reused, converted int
	for name, text := range texts {
		t.Run(name, func(t *testing.T) {
			srv := New(Config{})
			uri := protocol.DocumentURI("file:///复用/" + name)
			opts := &analysis.Options{}
			old := srv.newSnapshot(uri, 1, text, opts)
			old.wireDiagnostics()
			doc := utf16Doc(utf16.Encode([]rune(text)))
			r := rand.New(rand.NewSource(int64(len(text))))
			for v := int32(2); v < int32(edits)+2; v++ {
				var c contentChange
				switch k := r.Intn(6); {
				case k < 2:
					c, doc = doc.changeDigit(r)
				case k < 4:
					c, doc = doc.editNearFinding(r, old, pieces[r.Intn(len(pieces))])
				default:
					c, doc = doc.randomChange(r, pieces[r.Intn(len(pieces))])
				}
				a := applyChanges(old, []contentChange{c})
				if a.text != doc.String() {
					t.Fatalf("version %d: the text differs from the editor's", v)
				}
				sn := srv.editedSnapshot(old, v, a)
				old = sn
				if r.Intn(10) == 0 {
					continue // not converted: the next version has nothing to reuse
				}
				prev := sn.prevWire
				got := sn.wireDiagnostics()
				// Nothing of the previous version stays reachable from this one
				// (a document kept open holds one text, not two).
				if sn.prevMapper != nil || sn.prevWire != nil || sn.base != nil {
					t.Fatalf("version %d still holds the previous version", v)
				}

				fresh := srv.newSnapshot(uri, v, a.text, opts)
				want := lspDiagnostics(fresh)
				if len(got.items) != len(want) {
					t.Fatalf("version %d: %d findings, fresh check has %d", v, len(got.items), len(want))
				}
				for i := range want {
					js, err := segjson.Marshal(&want[i])
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got.items[i].json, js) {
						t.Fatalf("version %d, edit %+v: finding %d is\n%s\nfresh\n%s", v, c, i, got.items[i].json, js)
					}
					if prev != nil && sharesJSON(prev, got.items[i].json) {
						reused++
					} else {
						converted++
					}
				}
				body, err := segjson.Marshal(&publishDiagnosticsParams{URI: uri, Version: &v, Diagnostics: want})
				if err != nil {
					t.Fatal(err)
				}
				if p := appendPublishParams(nil, got, v); !bytes.Equal(p, body) {
					t.Fatalf("version %d: params\n%s\nwant\n%s", v, p, body)
				}
			}
		})
	}
	t.Logf("%d findings reused, %d converted", reused, converted)
	// Both paths must have been taken often, or the comparison proved little.
	if reused < 10*len(texts) || converted < 10*len(texts) {
		t.Errorf("%d findings reused and %d converted: the edits do not exercise both", reused, converted)
	}
}

// sharesJSON reports whether js is the JSON of one of w's findings (the same
// bytes, not a copy).
func sharesJSON(w *wireDiagnostics, js []byte) bool {
	for _, it := range w.items {
		if len(it.json) > 0 && len(js) > 0 && &it.json[0] == &js[0] {
			return true
		}
	}
	return false
}

// editNearFinding inserts text at, or replaces a short span around, a random
// position on the line where a finding of sn starts or ends or where one of its
// related spans does: the edits that decide whether a converted finding may be
// reused. Without findings it is randomChange.
func (d utf16Doc) editNearFinding(r *rand.Rand, sn *snapshot, text string) (contentChange, utf16Doc) {
	res := sn.Result()
	if res == nil || len(res.Diagnostics) == 0 {
		return d.randomChange(r, text)
	}
	f := &res.Diagnostics[r.Intn(len(res.Diagnostics))]
	offsets := []int{f.Start, f.End}
	for _, rel := range f.Related {
		offsets = append(offsets, rel.Start, rel.End)
	}
	line, _ := sn.Mapper().Position(offsets[r.Intn(len(offsets))])
	starts := d.lineStarts()
	start, end := starts[line], len(d)
	if line+1 < len(starts) {
		end = starts[line+1]
	}
	for end > start && (d[end-1] == '\n' || d[end-1] == '\r') {
		end--
	}
	pick := func() int {
		for {
			i := start + r.Intn(end-start+1)
			if i > start && i < len(d) && d[i] >= 0xDC00 && d[i] <= 0xDFFF {
				continue // inside a surrogate pair
			}
			return i
		}
	}
	i1 := pick()
	i2 := i1
	if r.Intn(3) == 0 {
		if j := pick(); j >= i1 {
			i2 = j
		}
	}
	c := contentChange{Range: &rng{Start: d.position(i1), End: d.position(i2)}, Text: text}
	return c, d.replace(i1, i2, text)
}

// BenchmarkConvertDiagnostics converts the findings of pingtan-2020.md for
// publishing: all of them afresh (what a didOpen costs), and after the digit typed
// into its wrong total by BenchmarkKeystrokeCycle, reusing the previous version's.
//
//	go test -run '^$' -bench ConvertDiagnostics -benchmem ./lsp/
func BenchmarkConvertDiagnostics(b *testing.B) {
	text := readSample(b, "pingtan-2020.md")
	srv := New(Config{})
	old := srv.newSnapshot("file:///平潭/键入.md", 1, text, &analysis.Options{})
	old.Mapper()
	old.Result()
	b.Run("fresh", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			old.convert()
		}
	})
	old.keepWire = true // as if old came from an edit too
	old.wireDiagnostics()
	row := findRange(b, text, pingtanTotal)
	c := contentChange{Range: at(int(row.Start.Line), int(row.Start.Character)+len([]rune("| （七）总计 | 2"))), Text: "6"}
	sn := srv.editedSnapshot(old, 2, applyChanges(old, []contentChange{c}))
	sn.Mapper()
	sn.Result()
	prev := sn.prevWire
	if prev == nil {
		b.Fatal("nothing to reuse")
	}
	b.Run("number-cell", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sn.prevWire = prev
			sn.convert()
		}
	})
}

// appendString writes what segjson writes, on any bytes.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"（七）总计（自然人列）应为 26（6+6+4+3+3+4），报告为 20", "file:///键入.md", "a<b>&\"\\\x01", "\u2028\u2029", "\xe2\x80", "\xff中", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendString([]byte("x"), s), segjson.AppendEscape([]byte("x"), s, segjson.EscapeHTML); !bytes.Equal(got, want) {
			t.Fatalf("appendString(%q) = %s, segjson writes %s", s, got, want)
		}
	})
}
