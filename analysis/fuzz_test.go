package analysis

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzCheck runs the reader and every rule on arbitrary bytes: no panic, every range
// inside the text, every fix applicable, and the same answer twice.
func FuzzCheck(f *testing.F) {
	published, _ := filepath.Glob("../testdata/published/*.pdftotext.txt")
	for _, p := range append(samplePaths(), published...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	rng := rand.New(rand.NewSource(3))
	for _, l := range layouts {
		f.Add(genClean(rng, Format2021).render(l, false))
	}
	f.Add("一、总体情况\n\t规章\n\t0\n\n| （七）总计 | 1 |\n\r\r\n\t\t\t|||\n")
	f.Fuzz(func(t *testing.T, text string) {
		res := Check(text, Options{})
		for _, d := range res.Diagnostics {
			if d.Start < 0 || d.Start > d.End || d.End > len(text) {
				t.Fatalf("%s: range [%d,%d) outside text of %d bytes", d.Rule, d.Start, d.End, len(text))
			}
			for _, r := range d.Related {
				if r.Start < 0 || r.Start > r.End || r.End > len(text) {
					t.Fatalf("%s: related range outside text", d.Rule)
				}
			}
			for _, fx := range d.Fixes {
				if _, err := ApplyEdits(text, fx.Edits); err != nil {
					t.Fatalf("%s: fix %q does not apply: %v", d.Rule, fx.Title, err)
				}
			}
		}
		if _, err := ApplyEdits(text, FixAllEdits(res.Diagnostics)); err != nil {
			t.Fatalf("fix-all does not apply: %v", err)
		}
		if again := Check(text, Options{}); len(again.Diagnostics) != len(res.Diagnostics) {
			t.Fatalf("not deterministic: %d then %d findings", len(res.Diagnostics), len(again.Diagnostics))
		}
		if !res.Report().IsReport && len(res.Diagnostics) != 0 {
			t.Fatalf("%d findings in a text that is not a report", len(res.Diagnostics))
		}
		if lean := CheckFindings(text, Options{}); !reflect.DeepEqual(lean.Diagnostics, res.Diagnostics) {
			t.Fatalf("CheckFindings found %d findings, Check %d, or not the same", len(lean.Diagnostics), len(res.Diagnostics))
		}
		if most := estimateFindings(res.Report(), Options{}); len(res.Diagnostics) > most {
			t.Fatalf("%d findings, more than the %d the rules' bounds allow", len(res.Diagnostics), most)
		}
	})
}

// FuzzUpdate applies one edit anywhere, of any bytes, to a checked text: the updated
// result must equal a fresh check of the new text, findings and report, whichever
// path Update took. Seeds type digits into Table 3 and characters into prose.
func FuzzUpdate(f *testing.F) {
	for _, name := range []string{"pingtan-2020.md", "labao-2020-traditional.txt", "guanghua-2021.txt"} {
		text := readSample(f, name)
		for _, after := range []string{"| （七）总计 | 20", "深入贯彻", "（七）總計", "\t0"} {
			if i := strings.Index(text, after); i >= 0 {
				f.Add(text, uint32(i+len(after)), uint8(0), "6")
				f.Add(text, uint32(i+len(after)-1), uint8(1), "")
			}
		}
	}
	f.Fuzz(func(t *testing.T, text string, at uint32, del uint8, insert string) {
		if len(text) > 64<<10 || len(insert) > 64 {
			return
		}
		start := int(at) % (len(text) + 1)
		end := min(start+int(del%8), len(text))
		res := Check(text, Options{})
		res.Report()
		next := text[:start] + insert + text[end:]
		got := res.Update(next, Edit{Span: Span{start, end}, NewText: insert})
		sameResult(t, "update", got, Check(next, Options{}))
	})
}
