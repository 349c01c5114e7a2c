package analysis

import (
	"math/rand"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

var insertions = []string{"", "本", "年度", "，", "a", "𠀀", "总计", "\n", "\t", " | ", "一、总体情况", "统计期限", "0", "\r\n", "\r", "说明\r"}

// randomEdit picks a span on rune boundaries and a replacement; half the time inside
// a line of prose, where the fast path applies.
func randomEdit(rng *rand.Rand, text string) Edit {
	pick := func() int {
		i := rng.Intn(len(text) + 1)
		for i < len(text) && !utf8.RuneStart(text[i]) {
			i++
		}
		return i
	}
	a := pick()
	b := a
	if rng.Intn(2) == 0 {
		b = min(a+rng.Intn(12), len(text))
		for b < len(text) && !utf8.RuneStart(text[b]) {
			b++
		}
	}
	return Edit{Span: Span{a, b}, NewText: insertions[rng.Intn(len(insertions))]}
}

func sameResult(t *testing.T, what string, got, want *Result) {
	t.Helper()
	if !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
		t.Fatalf("%s: diagnostics differ:\n got %d %+v\nwant %d %+v", what, len(got.Diagnostics), got.Diagnostics, len(want.Diagnostics), want.Diagnostics)
	}
	g, w := got.Report, want.Report
	if g.Text != w.Text || g.IsReport != w.IsReport || g.Year != w.Year || g.Format != w.Format || g.Title != w.Title {
		t.Fatalf("%s: report header differs", what)
	}
	if len(g.Sections) != len(w.Sections) || len(g.Tables) != len(w.Tables) {
		t.Fatalf("%s: %d/%d sections, %d/%d tables", what, len(g.Sections), len(w.Sections), len(g.Tables), len(w.Tables))
	}
	for i := range g.Sections {
		if *g.Sections[i] != *w.Sections[i] {
			t.Fatalf("%s: section %d differs: %+v vs %+v", what, i, *g.Sections[i], *w.Sections[i])
		}
	}
	for i := range g.Tables {
		if !reflect.DeepEqual(g.Tables[i], w.Tables[i]) {
			t.Fatalf("%s: table %d differs", what, i)
		}
	}
	if !reflect.DeepEqual(got.totals, want.totals) {
		t.Fatalf("%s: totals differ: %d vs %d", what, len(got.totals), len(want.totals))
	}
	if !reflect.DeepEqual(g.labels, w.labels) {
		t.Fatalf("%s: labels differ: %d vs %d", what, len(g.labels), len(w.labels))
	}
	if !reflect.DeepEqual(g.balances, w.balances) {
		t.Fatalf("%s: balances differ: %v vs %v", what, g.balances, w.balances)
	}
}

// Update gives exactly what a fresh Check gives, edit after edit, whether it reused
// the previous result or not.
func TestUpdateEqualsCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	var docs []string
	for _, glob := range []string{"../testdata/samples/*.txt", "../testdata/samples/*.md"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			docs = append(docs, readSample(t, filepath.Base(p)))
		}
	}
	docs = append(docs, genClean(rng, Format2019).render(LayoutCellLines, true), genClean(rng, Format2021).render(LayoutTabRow, false),
		// Old Mac line ends: a lone "\r" ends a line for editors, so for the reader too.
		strings.ReplaceAll(genClean(rng, Format2021).render(LayoutPipe, false), "\n", "\r"))
	fast, slow := 0, 0
	for di, text := range docs {
		res := Check(text, Options{})
		for step := 0; step < 150; step++ {
			var e Edit
			if step%2 == 0 {
				e = proseEdit(rng, text)
			} else {
				e = randomEdit(rng, text)
			}
			next := text[:e.Start] + e.NewText + text[e.End:]
			if res.prose(next, e) {
				fast++
			} else {
				slow++
			}
			got := res.Update(next, e)
			want := Check(next, Options{})
			sameResult(t, "doc "+string(rune('A'+di)), got, want)
			text, res = next, got
		}
	}
	t.Logf("fast path %d, full check %d", fast, slow)
	if fast < 300 || slow < 300 {
		t.Errorf("fast path taken %d times, full check %d times: the test no longer exercises both", fast, slow)
	}
}

// proseEdit types or deletes inside a random line of narrative, when there is one.
func proseEdit(rng *rand.Rand, text string) Edit {
	lines := strings.SplitAfter(text, "\n")
	for try := 0; try < 20; try++ {
		i := rng.Intn(len(lines))
		l := lines[i]
		if utf8.RuneCountInString(l) < 60 || strings.ContainsAny(l, "\t|") {
			continue
		}
		off := len(strings.Join(lines[:i], ""))
		rs := []rune(strings.TrimRight(l, "\r\n"))
		k := rng.Intn(len(rs))
		a := off + len(string(rs[:k]))
		if rng.Intn(2) == 0 {
			return Edit{Span: Span{a, a}, NewText: []string{"本", "年度", "，", "𠀀"}[rng.Intn(4)]}
		}
		return Edit{Span: Span{a, a + len(string(rs[k]))}, NewText: ""}
	}
	return randomEdit(rng, text)
}
