package lsp

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"go.lsp.dev/protocol"

	"github.com/nianbao/nianbao/analysis"
)

// TestSameDiagnosticCoversEveryField: encodeDiagnostics reuses the JSON of a
// diagnostic that sameDiagnostic finds equal to one published before, so
// sameDiagnostic must tell apart two diagnostics that differ in any field of
// protocol.Diagnostic. Each field is changed in turn; a field protocol gained
// (another version) fails the test until sameDiagnostic compares it.
func TestSameDiagnosticCoversEveryField(t *testing.T) {
	base := func() protocol.Diagnostic {
		return protocol.Diagnostic{
			Range:           protocol.Range{Start: protocol.Position{Line: 3, Character: 2}, End: protocol.Position{Line: 3, Character: 9}},
			Severity:        protocol.DiagnosticSeverityError,
			Code:            "total-mismatch",
			CodeDescription: &protocol.CodeDescription{Href: "https://example.org/rules#total-mismatch"},
			Source:          source,
			Message:         "总计应为 7（6+0+0+0+0+1），报告为 6",
			Tags:            []protocol.DiagnosticTag{protocol.DiagnosticTagUnnecessary},
			RelatedInformation: []protocol.DiagnosticRelatedInformation{{
				Location: protocol.Location{URI: "file:///平潭.md", Range: protocol.Range{End: protocol.Position{Character: 1}}},
				Message:  "（一）自然人",
			}},
		}
	}
	changes := map[string]func(*protocol.Diagnostic){
		"Range":    func(d *protocol.Diagnostic) { d.Range.End.Character++ },
		"Severity": func(d *protocol.Diagnostic) { d.Severity = protocol.DiagnosticSeverityHint },
		"Code":     func(d *protocol.Diagnostic) { d.Code = "balance-mismatch" },
		"CodeDescription": func(d *protocol.Diagnostic) {
			d.CodeDescription = &protocol.CodeDescription{Href: "https://example.org/other"}
		},
		"Source":  func(d *protocol.Diagnostic) { d.Source = "其他" },
		"Message": func(d *protocol.Diagnostic) { d.Message += "。" },
		"Tags":    func(d *protocol.Diagnostic) { d.Tags = []protocol.DiagnosticTag{protocol.DiagnosticTagDeprecated} },
		"RelatedInformation": func(d *protocol.Diagnostic) {
			d.RelatedInformation = append([]protocol.DiagnosticRelatedInformation(nil), d.RelatedInformation...)
			d.RelatedInformation[0].Location.Range.Start.Line++
		},
		"Data": func(d *protocol.Diagnostic) { d.Data = "x" },
	}
	typ := reflect.TypeOf(protocol.Diagnostic{})
	for i := 0; i < typ.NumField(); i++ {
		if _, ok := changes[typ.Field(i).Name]; !ok {
			t.Errorf("protocol.Diagnostic.%s: sameDiagnostic does not compare it (add it, and a change here)", typ.Field(i).Name)
		}
	}
	a, b := base(), base()
	if !sameDiagnostic(&a, &b) {
		t.Fatal("two equal diagnostics found different")
	}
	for name, change := range changes {
		b := base()
		change(&b)
		if sameDiagnostic(&a, &b) || sameDiagnostic(&b, &a) {
			t.Errorf("diagnostics that differ in %s found the same", name)
		}
	}
	// Codes of other types are compared as what they are.
	for _, pair := range [][2]any{{"7", int32(7)}, {int32(7), int32(8)}, {nil, "x"}, {[]int{1}, []int{1}}} {
		a, b := base(), base()
		a.Code, b.Code = pair[0], pair[1]
		if sameDiagnostic(&a, &b) {
			t.Errorf("codes %#v and %#v found the same", pair[0], pair[1])
		}
	}
}

// TestPublishedJSONEqualsFresh types into Chinese reports (one with CRLF line
// ends), one edit at a time as didChange builds snapshots, encoding each version's
// diagnostics with the previous version's as encodeDiagnostics does, and compares
// every diagnostic's JSON with that of a fresh check of the same text converted and
// encoded afresh: the JSON taken from the previous version must be exactly the
// fresh JSON. Edits are biased towards the lines of findings, so that findings
// change (and their JSON must not be reused) as well as stay.
func TestPublishedJSONEqualsFresh(t *testing.T) {
	texts := map[string]string{
		"pingtan-2020.md":      readSample(t, "pingtan-2020.md"),
		"pingtan-2021-crlf.md": strings.ReplaceAll(readSample(t, "pingtan-2021.md"), "\n", "\r\n"),
		"guanghua-2021.txt":    readSample(t, "guanghua-2021.txt"),
	}
	pieces := []string{"中", "𠮷", "。", "（七）总计", "| 1 ", "12", "", "😀", "<&>", "\n", "\r\n"}
	var reused, encoded int
	for name, text := range texts {
		srv := New(Config{})
		uri := protocol.DocumentURI("file:///复用/" + name)
		opts := &analysis.Options{}
		sn := srv.newSnapshot(uri, 1, text, opts)
		published := encodeDiagnostics(lspDiagnostics(sn), nil)
		doc := utf16Doc(utf16.Encode([]rune(text)))
		r := rand.New(rand.NewSource(int64(len(text))))
		for v := int32(2); v < 150; v++ {
			var c contentChange
			switch k := r.Intn(4); {
			case k < 2:
				c, doc = doc.changeDigit(r)
			default:
				c, doc = doc.randomChange(r, pieces[r.Intn(len(pieces))])
			}
			a := applyChanges(sn, []contentChange{c})
			if a.text != doc.String() {
				t.Fatalf("%s version %d: the text differs from the editor's", name, v)
			}
			sn = srv.editedSnapshot(sn, v, a)
			got := encodeDiagnostics(lspDiagnostics(sn), published)

			fresh := srv.newSnapshot(uri, v, a.text, opts)
			want := lspDiagnostics(fresh)
			if len(got) != len(want) {
				t.Fatalf("%s version %d: %d diagnostics, a fresh check has %d", name, v, len(got), len(want))
			}
			for i := range want {
				if js := encodeJSON(&want[i]); !bytes.Equal(got[i].json, js) {
					t.Fatalf("%s version %d, edit %+v: diagnostic %d is\n%s\nfresh\n%s", name, v, c, i, got[i].json, js)
				}
				if sharesJSON(published, got[i].json) {
					reused++
				} else {
					encoded++
				}
			}
			published = got
		}
	}
	t.Logf("%d diagnostics' JSON reused, %d encoded", reused, encoded)
	if reused < 100 || encoded < 100 {
		t.Errorf("%d reused and %d encoded: the edits do not exercise both", reused, encoded)
	}
}

// sharesJSON reports whether js is the JSON of one of ds (the same bytes, not a copy).
func sharesJSON(ds []encodedDiagnostic, js []byte) bool {
	for _, d := range ds {
		if len(d.json) > 0 && len(js) > 0 && &d.json[0] == &js[0] {
			return true
		}
	}
	return false
}

// TestDiagnosticsLinkTheirRule: every published diagnostic carries, on the wire,
// codeDescription.href, the address of its rule in the rules reference; and the
// diagnostic a quick fix names is the published one, field for field (both come from
// lspDiagnostic).
func TestDiagnosticsLinkTheirRule(t *testing.T) {
	r := newRawSession(t)
	r.initialize()
	text := fixableSample(t)
	open, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///平潭/链接.md", "languageId": "markdown", "version": 1, "text": text}}})
	if err != nil {
		t.Fatal(err)
	}
	r.send(frame(string(open)))
	var published []map[string]any
	deadline := time.After(waitTimeout)
	for published == nil {
		select {
		case m := <-r.in:
			if m["method"] == "textDocument/publishDiagnostics" {
				for _, d := range m["params"].(map[string]any)["diagnostics"].([]any) {
					published = append(published, d.(map[string]any))
				}
			}
		case <-deadline:
			t.Fatal("no diagnostics")
		}
	}
	var total map[string]any
	for _, d := range published {
		rule, ok := analysis.RuleByID(d["code"].(string))
		if !ok {
			t.Fatalf("diagnostic with unknown code: %v", d)
		}
		cd, _ := d["codeDescription"].(map[string]any)
		if cd == nil || cd["href"] != rule.URL() || !strings.HasSuffix(rule.URL(), "#"+rule.ID) {
			t.Errorf("%s: codeDescription %v, want href %s", rule.ID, d["codeDescription"], rule.URL())
		}
		if d["code"] == "total-mismatch" && total == nil {
			total = d
		}
	}
	if total == nil {
		t.Fatal("no total-mismatch diagnostic")
	}
	rng, _ := json.Marshal(total["range"])
	r.send(frame(`{"jsonrpc":"2.0","id":"修正","method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///平潭/链接.md"},"range":` +
		string(rng) + `,"context":{"diagnostics":[],"only":["quickfix"]}}}`))
	m := r.next()
	actions, _ := m["result"].([]any)
	if len(actions) == 0 {
		t.Fatalf("no quick fix: %v", m)
	}
	named := actions[0].(map[string]any)["diagnostics"].([]any)
	if len(named) != 1 || !reflect.DeepEqual(named[0], total) {
		t.Errorf("the quick fix names\n%v\nthe published diagnostic is\n%v", named, total)
	}
}
