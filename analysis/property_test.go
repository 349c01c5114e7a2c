package analysis

import (
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

var layouts = []Layout{LayoutCellLines, LayoutPipe, LayoutMarkdown, LayoutTabRow, LayoutColumns}

// A consistent report in every layout and format reads without a single finding.
func TestCleanReportsInEveryLayout(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, f := range []Format{Format2019, Format2021} {
		for _, l := range layouts {
			for _, eol := range []string{"\n", "\r\n", "\r"} {
				crlf := eol != "\n"
				text := strings.ReplaceAll(genClean(rng, f).render(l, false), "\n", eol)
				res := Check(text, Options{})
				if res.Report().Format != f || len(res.Report().Tables) != 3 || len(res.Report().Sections) != 6 {
					t.Errorf("%s/%s crlf=%v: format %s, %d tables, %d sections", f, l, crlf, res.Report().Format, len(res.Report().Tables), len(res.Report().Sections))
				}
				for _, d := range res.Diagnostics {
					t.Errorf("%s/%s crlf=%v: unexpected %s %q: %s", f, l, crlf, d.Rule, text[d.Start:d.End], d.Message)
				}
				// Table 3: 22 row totals (24 in 2021, with （六）'s sub-rows) and the seven
				// cells of （七）总计; Table 4: three group totals.
				if want := map[Format]int{Format2019: 22 + 7 + 3, Format2021: 24 + 7 + 3}[f]; len(res.Report().totals) != want {
					t.Errorf("%s/%s: %d totals recognised", f, l, len(res.Report().totals))
				}
			}
		}
	}
}

// Corrupt random total cells of a clean report; applying the first fix of every
// total-mismatch once must give back the original text exactly.
func TestTotalFixesRestoreTheOriginal(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for round := 0; round < 60; round++ {
		f := []Format{Format2019, Format2021}[round%2]
		l := layouts[round%len(layouts)]
		orig := genClean(rng, f).render(l, round%3 == 0)
		clean := Check(orig, Options{})
		totals := clean.Report().totals
		// Corrupt between one and six distinct total cells.
		n := 1 + rng.Intn(6)
		picked := map[int]bool{}
		var edits []Edit
		for len(picked) < n {
			i := rng.Intn(len(totals))
			if picked[i] {
				continue
			}
			picked[i] = true
			tt := totals[i]
			bad := tt.Reported + 1 + int64(rng.Intn(40))
			edits = append(edits, Edit{Span: tt.Span, NewText: strconv.FormatInt(bad, 10)})
		}
		corrupt, err := ApplyEdits(orig, edits)
		if err != nil {
			t.Fatal(err)
		}
		res := Check(corrupt, Options{})
		var fixes []Edit
		mismatches := 0
		for _, d := range res.Diagnostics {
			if d.Rule == "total-mismatch" {
				mismatches++
				fixes = append(fixes, d.Fixes[0].Edits...)
			}
		}
		if mismatches != n {
			t.Errorf("round %d (%s/%s): corrupted %d totals, got %d total-mismatch", round, f, l, n, mismatches)
		}
		fixed, err := ApplyEdits(corrupt, fixes)
		if err != nil {
			t.Fatal(err)
		}
		if fixed != orig {
			t.Fatalf("round %d (%s/%s): fixes did not restore the original", round, f, l)
		}
	}
}

// samplePaths lists the sample reports under testdata/samples, .txt then .md.
func samplePaths() []string {
	txt, _ := filepath.Glob("../testdata/samples/*.txt")
	md, _ := filepath.Glob("../testdata/samples/*.md")
	return append(txt, md...)
}

// readFixture returns the text of a fixture in testdata/fixtures.
func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/fixtures/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readSample(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/samples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Tables in different layouts in one document read as well as in one layout.
func TestMixedLayouts(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for i := 0; i < 24; i++ {
		l := [3]Layout{layouts[rng.Intn(len(layouts))], layouts[rng.Intn(len(layouts))], layouts[rng.Intn(len(layouts))]}
		text := genClean(rng, []Format{Format2019, Format2021}[i%2]).renderMixed(l, i%3 == 0)
		res := Check(text, Options{})
		if len(res.Report().Tables) != 3 {
			t.Errorf("%v: %d tables", l, len(res.Report().Tables))
		}
		for j, tb := range res.Report().Tables {
			if tb.Layout != l[j] {
				t.Errorf("%v: table %d read as %s", l, tb.Kind, tb.Layout)
			}
		}
		for _, d := range res.Diagnostics {
			t.Errorf("%v: unexpected %s %q: %s", l, d.Rule, text[d.Start:d.End], d.Message)
		}
	}
}

// A 10 MB paste of the same report is read whole: every copy's findings, every
// repeated section flagged once per extra copy.
func TestHugePaste(t *testing.T) {
	one := readSample(t, "pingtan-2020.md")
	n := 10<<20/len(one) + 1
	text := strings.Repeat(one+"\n", n)
	counts := map[string]int{}
	for _, d := range Check(text, Options{}).Diagnostics {
		counts[d.Rule]++
	}
	want := map[string]int{"total-mismatch": 2 * n, "outcomes-exceed-applications": 2 * n, "invalid-number": n, "duplicate-section": 6 * (n - 1)}
	for rule, c := range want {
		if counts[rule] != c {
			t.Errorf("%s: %d findings, want %d (%d copies)", rule, counts[rule], c, n)
		}
	}
	if len(counts) != len(want) {
		t.Errorf("rules found: %v, want only %v", counts, want)
	}
}

// Half a table: cut a report anywhere and every finding still lies inside the text.
func TestTruncatedReports(t *testing.T) {
	for _, name := range []string{"pingtan-2020.md", "wuqiao-2020.txt", "labao-2020-traditional.txt"} {
		full := readSample(t, name)
		for cut := 0; cut < len(full); cut += 37 {
			for !utf8.RuneStart(full[cut]) {
				cut++
			}
			text := full[:cut]
			for _, d := range Check(text, Options{}).Diagnostics {
				if d.Start < 0 || d.End > len(text) || d.Start > d.End {
					t.Fatalf("%s cut at %d: %s range [%d,%d)", name, cut, d.Rule, d.Start, d.End)
				}
			}
		}
	}
}
