package analysis

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"unicode/utf8"
)

func sameResult(t *testing.T, what string, got, want *Result) {
	t.Helper()
	if !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
		t.Fatalf("%s: diagnostics differ:\n got %d %+v\nwant %d %+v", what, len(got.Diagnostics), got.Diagnostics, len(want.Diagnostics), want.Diagnostics)
	}
	g, w := got.Report(), want.Report()
	if g.Text != w.Text || g.IsReport != w.IsReport || g.Year != w.Year || g.Format != w.Format || g.Title != w.Title {
		t.Fatalf("%s: report header differs", what)
	}
}

var insertions = []string{"", "本", "年度", "，", "a", "𠀀", "总计", "\n", "\t", " | ", "一、总体情况", "统计期限", "0", "1", "23", "\r\n", "\r", "说明\r", " ",
	// what the rules that read prose look for: years, counts, Chinese numerals, shares
	"2021年", "二〇二一年", "21件", "十二件", "占5%", "信息处理费", "无", "。"}

// randomEdit picks a span on rune boundaries and a replacement; often a digit into a
// number cell or a character into prose, where the cheap paths apply.
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
		b = min(a+rng.Intn(6), len(text))
		for b < len(text) && !utf8.RuneStart(text[b]) {
			b++
		}
	}
	return Edit{Span: Span{a, b}, NewText: insertions[rng.Intn(len(insertions))]}
}

// digitEdit types or deletes a digit in a random number cell of a table.
func digitEdit(rng *rand.Rand, rep *Report) (Edit, bool) {
	var cells []*Cell
	for _, t := range rep.Tables {
		for _, r := range t.Rows {
			for i := range r.Values {
				cells = append(cells, &r.Values[i])
			}
		}
	}
	if len(cells) == 0 {
		return Edit{}, false
	}
	c := cells[rng.Intn(len(cells))]
	switch rng.Intn(3) {
	case 0: // type a digit at the end of the number
		return Edit{Span: Span{c.Token.End, c.Token.End}, NewText: strconv.Itoa(rng.Intn(10))}, true
	case 1: // delete the last character
		if c.Token.End > c.Token.Start {
			_, size := utf8.DecodeLastRuneInString(rep.Text[c.Token.Start:c.Token.End])
			return Edit{Span: Span{c.Token.End - size, c.Token.End}}, true
		}
	}
	// replace the whole token
	return Edit{Span: c.Token, NewText: strconv.Itoa(rng.Intn(100))}, true
}

// Update gives exactly what a fresh Check gives, edit after edit, whether it took a
// cheap path or not; and the cheap paths are taken.
func TestUpdateEqualsCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	var docs []string
	for _, p := range samplePaths() {
		docs = append(docs, readSample(t, filepath.Base(p)))
	}
	for _, f := range []Format{Format2019, Format2021} {
		for _, l := range layouts {
			docs = append(docs, genClean(rng, f).render(l, rng.Intn(2) == 0))
		}
	}
	cheap := map[string]int{}
	for di, text := range docs {
		res := Check(text, Options{})
		for step := 0; step < 60; step++ {
			var e Edit
			switch step % 3 {
			case 0:
				e = randomEdit(rng, text)
			case 1:
				var ok bool
				if e, ok = proseDigitEdit(rng, res.Report()); !ok {
					e = randomEdit(rng, text)
				}
			default:
				var ok bool
				if e, ok = digitEdit(rng, res.Report()); !ok {
					e = randomEdit(rng, text)
				}
			}
			next := text[:e.Start] + e.NewText + text[e.End:]
			got := res.UpdateCheap(next, e)
			path := "cheap"
			if got == nil {
				got, path = res.Update(next, e), "fresh"
			}
			cheap[path]++
			want := Check(next, Options{})
			sameResult(t, fmt.Sprintf("doc %d step %d, %s path, edit %+v", di, step, path, e), got, want)
			text, res = next, got
		}
	}
	if cheap["cheap"] < cheap["fresh"]/4 {
		t.Errorf("the cheap paths were taken %d times, a fresh check %d times", cheap["cheap"], cheap["fresh"])
	}
	t.Logf("paths: %v", cheap)
}

// smallestEdit is the edit that replaces old, at offset at of a text, with new as an
// editor sends it: only the part that differs, cut at character boundaries.
func smallestEdit(old, new string, at int) Edit {
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	for p > 0 && p < len(old) && !utf8.RuneStart(old[p]) {
		p--
	}
	s := 0
	for s < len(old)-p && s < len(new)-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	for s > 0 && !utf8.RuneStart(old[len(old)-s]) {
		s--
	}
	return Edit{Span: Span{at + p, at + len(old) - s}, NewText: new[p : len(new)-s]}
}
