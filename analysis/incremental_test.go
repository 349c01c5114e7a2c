package analysis

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
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
	g, w := got.Report(), want.Report()
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
	if !reflect.DeepEqual(g.totals, w.totals) {
		t.Fatalf("%s: totals differ: %d vs %d", what, len(g.totals), len(w.totals))
	}
	if !reflect.DeepEqual(g.labelIssues, w.labelIssues) {
		t.Fatalf("%s: label issues differ: %d vs %d", what, len(g.labelIssues), len(w.labelIssues))
	}
	// Labels are read from the text on the first hover, with the result's options.
	if !reflect.DeepEqual(got.opts, want.opts) {
		t.Fatalf("%s: options differ: %+v vs %+v", what, got.opts, want.opts)
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
	for _, p := range samplePaths() {
		docs = append(docs, readSample(t, filepath.Base(p)))
	}
	docs = append(docs, genClean(rng, Format2019).render(LayoutCellLines, true), genClean(rng, Format2021).render(LayoutTabRow, false),
		// Old Mac line ends: a lone "\r" ends a line for editors, so for the reader too.
		strings.ReplaceAll(genClean(rng, Format2021).render(LayoutPipe, false), "\n", "\r"))
	fast, cells, slow := 0, 0, 0
	for di, text := range docs {
		res := Check(text, Options{})
		for step := 0; step < 250; step++ {
			var e Edit
			switch step % 3 {
			case 0:
				e = proseEdit(rng, text)
			case 1:
				e = cellEdit(rng, res)
			default:
				e = randomEdit(rng, text)
			}
			next := text[:e.Start] + e.NewText + text[e.End:]
			path := "full"
			if isProse(res, next, e) {
				fast++
				path = "prose"
			} else if isNumberCell(res, next, e) {
				cells++
				path = "cell"
			} else {
				slow++
			}
			got := res.Update(next, e)
			want := Check(next, Options{})
			sameResult(t, fmt.Sprintf("doc %c step %d, %s path, edit %+v", 'A'+di, step, path, e), got, want)
			text, res = next, got
		}
	}
	t.Logf("prose path %d, number-cell path %d, full check %d", fast, cells, slow)
	if fast < 300 || cells < 400 || slow < 500 {
		t.Errorf("prose path %d, number-cell path %d, full check %d: the test no longer exercises all three", fast, cells, slow)
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

// cellEdit rewrites part or all of a random value cell: a digit typed or deleted, a
// cell cleared, a placeholder or a total fix written in.
func cellEdit(rng *rand.Rand, res *Result) Edit {
	var cells []Cell
	for _, t := range res.Report().Tables {
		for _, row := range t.Rows {
			for _, ci := range row.Values {
				cells = append(cells, row.Cells[ci])
			}
		}
	}
	if len(cells) == 0 {
		return randomEdit(rng, res.Report().Text)
	}
	c := cells[rng.Intn(len(cells))]
	switch rng.Intn(8) {
	case 5: // type a digit at the start of the token
		return Edit{Span: Span{c.Token().Start, c.Token().Start}, NewText: string(rune('1' + rng.Intn(9)))}
	case 6: // a space before the token: the token moves within its cell
		return Edit{Span: Span{c.Start, c.Start}, NewText: " "}
	case 7: // rewrite the middle of the token
		if c.Token().End-c.Token().Start >= 3 {
			return Edit{Span: Span{c.Token().Start + 1, c.Token().End - 1}, NewText: "45"}
		}
		return Edit{Span: c.Token(), NewText: "100"}
	case 0: // type a digit at the end of the token
		return Edit{Span: Span{c.Token().End, c.Token().End}, NewText: string(rune('0' + rng.Intn(10)))}
	case 1: // delete the last character of the token
		if c.Token().End > c.Token().Start {
			return Edit{Span: Span{c.Token().End - 1, c.Token().End}}
		}
		return Edit{Span: Span{c.Token().Start, c.Token().Start}, NewText: "7"}
	case 2: // clear the cell's content
		return Edit{Span: c.Token()}
	case 3: // write a placeholder or a unit
		return Edit{Span: c.Token(), NewText: []string{"/", "—", "3元", " 12 ", "-4"}[rng.Intn(5)]}
	}
	return Edit{Span: c.Token(), NewText: "26"} // a total fix
}

// An updated result builds its report on first use. Updates that follow one another
// without anyone asking for the report, with the report asked for from several
// goroutines at once now and then (as the server's idle-time build and a hover may),
// still end where a fresh Check does. Run with -race.
func TestUpdateBuildsReportLazily(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	text := readSample(t, "pingtan-2020.md")
	res := Check(text, Options{})
	var cellEdits int
	for step := 0; step < 300; step++ {
		var e Edit
		if step%2 == 0 {
			e = proseEdit(rng, text)
		} else {
			e = cellEdit(rng, res)
		}
		next := text[:e.Start] + e.NewText + text[e.End:]
		lazy := isProse(res, next, e)
		if isNumberCell(res, next, e) {
			cellEdits++ // lazy too, unless the cell no longer holds a number
		}
		got := res.Update(next, e)
		if lazy && got.build == nil {
			t.Fatalf("step %d: a prose update built its report at once", step)
		}
		if step%7 == 0 {
			var wg sync.WaitGroup
			for g := 0; g < 3; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if got.Report().Text != next {
						t.Errorf("step %d: report of another text", step)
					}
					got.TotalAt(len(next) / 2)
					got.LabelAt(len(next) / 3)
				}()
			}
			wg.Wait()
		}
		want := Check(next, Options{})
		if !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
			t.Fatalf("step %d: findings differ from a fresh check", step)
		}
		text, res = next, got
	}
	sameResult(t, "after 300 updates", res, Check(text, Options{}))
	if cellEdits < 50 {
		t.Errorf("only %d number-cell updates: the test no longer exercises that path", cellEdits)
	}
}

// isProse and isNumberCell tell which path Result.Update takes for e.
func isProse(res *Result, next string, e Edit) bool {
	ln, ok := editLine(res.Report().Text, next, e)
	return ok && prose(res.Report(), next, e, ln)
}

func isNumberCell(res *Result, next string, e Edit) bool {
	ln, ok := editLine(res.Report().Text, next, e)
	if !ok {
		return false
	}
	_, _, _, ok = numberCell(res.Report(), next, e, ln)
	return ok
}
