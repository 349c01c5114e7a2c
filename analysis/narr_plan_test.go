package analysis

import (
	"reflect"
	"strings"
	"sync"
	"testing"
)

// narrRun runs narrative-mismatch alone on rep and returns its findings as
// "quoted text｜message".
func narrRun(rep *Report) []string {
	p := &pass{rep: rep, text: rep.Text, opts: Options{}}
	p.run(func(r *Rule) bool { return r.ID == "narrative-mismatch" })
	var out []string
	for _, d := range p.out {
		out = append(out, rep.Text[d.Start:d.End]+"｜"+d.Message)
	}
	return out
}

// narrPlanReport is a report whose prose states what its Table 3 holds: 75 received,
// 70 done.
func narrPlanReport(prose string) string {
	return narrReport(prose, [3]int64{}, narrTables3{"一、": {75}, "（一）": {70}, "（七）": {70}, "四、": {5}}, [15]int64{})
}

// TestNarrativePlanNotForOtherText: a copy of a report with other prose, but the
// same sections and paragraphs, never replays the plan read from the first one's
// prose. The edits keep every offset: a number (75 → 76) and a keyword (收到 → 办结,
// six bytes each), so only the text tells the two reports apart.
func TestNarrativePlanNotForOtherText(t *testing.T) {
	const prose = "本年度，我单位共收到政府信息公开申请75件，均已按时答复。"
	text := narrPlanReport(prose)
	res := Check(text, Options{})
	rep := res.Report()
	if got := narrRun(rep); len(got) != 0 {
		t.Fatalf("findings on the report as written: %q", got)
	}
	if rep.narr.Load() == nil {
		t.Fatal("Check kept no plan on the report")
	}
	for _, edited := range []string{
		strings.Replace(prose, "75件", "76件", 1),
		strings.Replace(prose, "收到", "办结", 1),
	} {
		newText := strings.Replace(text, prose, edited, 1)
		if len(newText) != len(text) {
			t.Fatalf("the edit %q moves offsets", edited)
		}
		m := *rep
		m.Text = newText
		got := narrRun(&m)
		want := narrFindings(t, newText)
		if len(want) == 0 {
			t.Fatalf("%q: no finding in a fresh check: the test reads nothing", edited)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: a copy with the edited text found\n%q\nwant a fresh check's\n%q", edited, got, want)
		}
	}
	// Same text, other sections: without 一 the rule reads none of its prose.
	text = narrPlanReport("本年度，我单位共收到政府信息公开申请76件，均已按时答复。")
	rep = Check(text, Options{}).Report()
	if got := narrRun(rep); len(got) != 1 {
		t.Fatalf("findings %q, want the one of 76", got)
	}
	m := *rep
	m.Sections = rep.Sections[1:]
	if got := narrRun(&m); len(got) != 0 {
		t.Errorf("a copy without section 一 found %q in it", got)
	}
}

// TestNarrativePlanReusedForCell: the report an edit of a number cell is checked on
// (valueReport) replays the plan of the report before the edit, and the report an
// update builds afterwards has its own plan ready.
func TestNarrativePlanReusedForCell(t *testing.T) {
	text := narrPlanReport("本年度，我单位共收到政府信息公开申请75件，办结70件。")
	res := Check(text, Options{})
	rep := res.Report()
	pl := narrPlanOf(rep)
	// The 总计 cell of （七）: 70 → 71.
	row := strings.Index(text, "| （七）总计 |")
	at := row + strings.Index(text[row:], " 70 |\n") + len(" 70")
	e := Edit{Span: Span{at - 1, at}, NewText: "1"}
	typed := text[:e.Start] + e.NewText + text[e.End:]
	v := valueCellEdit(rep, typed, e)
	if v == nil {
		t.Fatal("the edit is not one of a number cell")
	}
	if got := narrPlanOf(valueReport(rep, v)); got != pl {
		t.Error("the report of the cell edit read the prose again")
	}
	u := res.Update(typed, e)
	if got, want := narrNames(u.Diagnostics), narrNames(Check(typed, Options{}).Diagnostics); !reflect.DeepEqual(got, want) || len(got) == 0 {
		t.Errorf("update found %q, a fresh check %q", got, want)
	}
	next := u.Report()
	if p := next.narr.Load(); p == nil || p == pl || !p.fits(next) {
		t.Error("the report built after a cell edit has no plan of its own")
	}
}

// narrNames lists the narrative-mismatch findings of ds by span and message.
func narrNames(ds []Diagnostic) []string {
	var out []string
	for _, d := range ds {
		if d.Rule == "narrative-mismatch" {
			out = append(out, d.Message)
		}
	}
	return out
}

// TestNarrativePlanConcurrent: goroutines reading one report at once (a hover
// while a keystroke is updated) share its plan without a race (go test -race).
func TestNarrativePlanConcurrent(t *testing.T) {
	text := narrPlanReport("本年度，我单位共收到政府信息公开申请76件，办结70件，结转下年度5件。")
	want := narrFindings(t, text)
	rep := Match(Read(text), FormatUnknown)
	var wg sync.WaitGroup
	got := make([][]string, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = narrRun(rep)
		}()
	}
	wg.Wait()
	for i := range got {
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("goroutine %d found %q, want %q", i, got[i], want)
		}
	}
}
