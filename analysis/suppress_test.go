package analysis

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
)

// suppressTexts are reports in the layouts of .md and .txt files: Markdown tables,
// one cell per line, TAB rows, pipes with CRLF and traditional characters.
func suppressTexts(t *testing.T) map[string]string {
	texts := map[string]string{}
	for _, p := range samplePaths() {
		texts[filepath.Base(p)] = readSample(t, filepath.Base(p))
	}
	for _, name := range []string{"pipe-crlf-traditional.txt", "sections-tabrows.txt", "year-mismatch.md"} {
		texts[name] = readFixture(t, name)
	}
	return texts
}

// The quick fix 「忽略此处」 on any finding inserts a comment that drops that rule's
// findings on that line and nothing else: every other finding stays, moved by the
// inserted line, so the comment between two rows of a table leaves the table whole;
// and the comment is used.
func TestSuppressEachFinding(t *testing.T) {
	tried := 0
	for name, text := range suppressTexts(t) {
		before := Check(text, Options{}).Diagnostics
		if len(before) == 0 {
			continue // pingtan-2025 is clean
		}
		step := max(1, len(before)/25) // findings of every kind, not all 160 blanks of one
		for i := 0; i < len(before); i += step {
			d := before[i]
			e := SuppressEdit(text, d)
			if !strings.HasPrefix(e.NewText, "<!-- nianbao-disable-next-line "+d.Rule+" -->") {
				t.Fatalf("%s: fix text %q", name, e.NewText)
			}
			next, err := ApplyEdits(text, []Edit{e})
			if err != nil {
				t.Fatal(err)
			}
			ls, le := lineAround(text, d.Start, d.Start)
			var want []string
			for _, o := range before {
				if o.Rule == d.Rule && ls <= o.Start && o.Start <= le {
					continue
				}
				want = append(want, describe(o, e.Start, len(e.NewText)))
			}
			var got []string
			for _, o := range Check(next, Options{}).Diagnostics {
				got = append(got, describe(o, -1, 0))
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("%s: suppressing %s at line %d:\n got %d\n%s\nwant %d\n%s", name, d.Rule,
					strings.Count(text[:d.Start], "\n")+1, len(got), strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
			}
			tried++
		}
	}
	if tried < 50 {
		t.Errorf("only %d findings suppressed", tried)
	}
}

// describe is a finding as a line to compare, its offsets moved by delta when at or
// after at.
func describe(d Diagnostic, at, delta int) string {
	sh := shift{at: at, delta: delta}
	if at < 0 {
		sh = shift{at: 1 << 60}
	}
	sp := sh.span(d.Span)
	return fmt.Sprintf("%d-%d %s %s %s", sp.Start, sp.End, d.Rule, d.Severity, d.Message)
}

// A comment that drops nothing is reported, where it names the rule, with its line
// and column in Chinese text; one for a rule that does not exist says so; a comment
// naming no rule drops every finding of its line; stacked comments apply to the
// line below them; the rule can be turned off or its severity changed.
func TestUnusedSuppression(t *testing.T) {
	text := readSample(t, "pingtan-2020.md")
	res := Check(text, Options{})
	var total Diagnostic
	for _, d := range res.Diagnostics {
		if d.Rule == "total-mismatch" {
			total = d
			break
		}
	}
	if total.Rule == "" {
		t.Fatal("pingtan-2020 has no total-mismatch")
	}
	ls, _ := lineAround(text, total.Start, total.Start)
	insert := func(comment string) string { return text[:ls] + comment + "\n" + text[ls:] }
	onLine := func(ds []Diagnostic, rule string, line int, text string) []Diagnostic {
		var out []Diagnostic
		for _, d := range ds {
			if d.Rule == rule && strings.Count(text[:d.Start], "\n")+1 == line {
				out = append(out, d)
			}
		}
		return out
	}
	line := strings.Count(text[:ls], "\n") + 1 // the comment's line once inserted

	// Used and unused in one comment: the used one drops the total, the other is
	// reported at its own name (the column counts the comment's bytes, all ASCII).
	next := insert("<!-- nianbao-disable-next-line total-mismatch，blank-cell -->")
	ds := Check(next, Options{}).Diagnostics
	if got := onLine(ds, "total-mismatch", line+1, next); len(got) != 0 {
		t.Errorf("total-mismatch not suppressed: %v", got)
	}
	unused := onLine(ds, "unused-suppression", line, next)
	if len(unused) != 1 || next[unused[0].Start:unused[0].End] != "blank-cell" || unused[0].Severity != SeverityInfo ||
		!strings.Contains(unused[0].Message, "blank-cell") || len(unused[0].Fixes) != 0 {
		t.Fatalf("unused blank-cell: %+v", unused)
	}

	// A rule that does not exist, after a Chinese line: the finding's offset is in bytes.
	next = insert("<!-- nianbao-disable-next-line total-mismatch 总计错误 -->")
	unused = onLine(Check(next, Options{}).Diagnostics, "unused-suppression", line, next)
	if len(unused) != 1 || next[unused[0].Start:unused[0].End] != "总计错误" || !strings.Contains(unused[0].Message, "没有名为") {
		t.Fatalf("unknown rule: %+v", unused)
	}

	// Wholly unused: the fix deletes the comment's line, leaving the text as it was.
	next = insert("<!-- nianbao-disable-next-line late-report -->")
	unused = onLine(Check(next, Options{}).Diagnostics, "unused-suppression", line, next)
	if len(unused) != 1 || len(unused[0].Fixes) != 1 {
		t.Fatalf("unused late-report: %+v", unused)
	}
	if back, _ := ApplyEdits(next, unused[0].Fixes[0].Edits); back != text {
		t.Error("deleting the unused comment does not give back the text")
	}

	// No rule named: every finding of the line goes; stacked comments both apply.
	next = insert("<!--nianbao-disable-next-line-->\n  <!-- nianbao-disable-next-line blank-cell -->")
	ds = Check(next, Options{}).Diagnostics
	if got := onLine(ds, "total-mismatch", line+2, next); len(got) != 0 {
		t.Errorf("a comment naming no rule left %v", got)
	}
	if got := onLine(ds, "unused-suppression", line+1, next); len(got) != 1 {
		t.Errorf("stacked blank-cell comment: %v", got)
	}
	if got := onLine(ds, "unused-suppression", line, next); len(got) != 0 {
		t.Errorf("the comment naming no rule was used: %v", got)
	}

	// Not a comment: the word in prose, a comment not alone on its line. Such a line
	// is read as any other line of text (here one that cuts the table in two).
	for _, s := range []string{"nianbao-disable-next-line total-mismatch", "说明 <!-- nianbao-disable-next-line total-mismatch -->",
		"<!-- nianbao-disable-next-lines total-mismatch -->", "<!-- nianbao-disable-next-line total-mismatch"} {
		a, b := Check(insert(s), Options{}).Diagnostics, Check(insert(strings.Replace(s, "nianbao", "xianbao", 1)), Options{}).Diagnostics
		if len(a) != len(b) || len(a) == 0 {
			t.Errorf("%q is read as a comment: %d findings, %d with another word", s, len(a), len(b))
		}
	}

	// At the end of the text, with nothing after it.
	for _, end := range []string{"\n<!-- nianbao-disable-next-line -->", "\n<!-- nianbao-disable-next-line -->\n"} {
		ds = Check(text+end, Options{}).Diagnostics
		if last := ds[len(ds)-1]; last.Rule != "unused-suppression" || !strings.Contains(last.Message, "后面没有内容") {
			t.Errorf("comment at the end %q: %+v", end, last)
		}
	}

	// Configured like any rule.
	next = insert("<!-- nianbao-disable-next-line late-report -->")
	if got := onLine(Check(next, Options{Disabled: map[string]bool{"unused-suppression": true}}).Diagnostics, "unused-suppression", line, next); len(got) != 0 {
		t.Errorf("disabled, still %v", got)
	}
	got := onLine(Check(next, Options{Severity: map[string]Severity{"unused-suppression": SeverityWarning}}).Diagnostics, "unused-suppression", line, next)
	if len(got) != 1 || got[0].Severity != SeverityWarning {
		t.Errorf("severity warning: %v", got)
	}
	// CheckFindings (the command line's) drops the same.
	if a, b := Check(next, Options{}).Diagnostics, CheckFindings(next, Options{}).Diagnostics; len(a) != len(b) {
		t.Errorf("Check %d findings, CheckFindings %d", len(a), len(b))
	}
}

// The quick fix's comment ends with the line break of its line: CRLF, LF, CR.
func TestSuppressEditLineBreaks(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"一、总体情况\r\n本年度共收到申请5件。\r\n", "\r\n"},
		{"一、总体情况\n本年度共收到申请5件。", "\n"},
		{"一、总体情况\r本年度共收到申请5件。", "\r"},
		{"一、总体情况\r\n本年度共收到申请5件。", "\r\n"},
	} {
		at := strings.Index(tc.text, "共")
		e := SuppressEdit(tc.text, Diagnostic{Rule: "year-mismatch", Span: Span{at, at + 3}})
		start := strings.Index(tc.text, "本")
		if e.Start != start || e.End != start || e.NewText != "<!-- nianbao-disable-next-line year-mismatch -->"+tc.want {
			t.Errorf("%q: %+v", tc.text, e)
		}
	}
}

// Update equals Check on a text with suppression comments, through edits of the
// lines they are for, of the comments themselves, and comments typed or broken.
func TestUpdateEqualsCheckWithSuppressions(t *testing.T) {
	rng := rand.New(rand.NewSource(15))
	cheap := 0
	for _, name := range []string{"pingtan-2020.md", "wuqiao-2020.txt", "guanghua-2021.txt"} {
		text := readSample(t, name)
		// A comment above every third finding's line, from the last up.
		ds := Check(text, Options{}).Diagnostics
		var edits []Edit
		for i := 0; i < len(ds); i += 3 {
			edits = append(edits, SuppressEdit(text, ds[i]))
		}
		text, err := ApplyEdits(text, dedupe(edits))
		if err != nil {
			t.Fatal(err)
		}
		pieces := []string{"<!-- ", directiveWord, " -->", " total-mismatch", " blank-cell", "-", "\n",
			"\n<!-- " + directiveWord + " blank-cell -->\n", "1"}
		c, _ := editChain(t, name, text, 120, func(step int, res *Result) (Edit, bool) {
			rep := res.Report()
			switch step % 4 {
			case 0: // into a comment: a character deleted, or a piece typed
				var at []int
				for i := 0; ; {
					k := strings.Index(rep.Text[i:], directiveWord)
					if k < 0 {
						break
					}
					at = append(at, i+k)
					i += k + 1
				}
				if len(at) == 0 {
					return Edit{}, false
				}
				a := at[rng.Intn(len(at))] + rng.Intn(len(directiveWord)+6) - 3
				if rng.Intn(2) == 0 {
					return Edit{Span: Span{a, a + 1}}, true
				}
				return Edit{Span: Span{a, a}, NewText: pieces[rng.Intn(len(pieces))]}, true
			case 1:
				return digitEdit(rng, rep)
			case 2:
				return proseDigitEdit(rng, rep)
			}
			at := rng.Intn(len(rep.Text) + 1)
			for at < len(rep.Text) && (rep.Text[at]&0xC0) == 0x80 {
				at++
			}
			return Edit{Span: Span{at, at}, NewText: pieces[rng.Intn(len(pieces))]}, true
		}, rng)
		cheap += c
	}
	if cheap < 60 {
		t.Errorf("%d cheap updates: the test does not test the cheap paths", cheap)
	}
}

// dedupe drops edits at an offset already edited (two findings on one line).
func dedupe(es []Edit) []Edit {
	seen := map[int]bool{}
	var out []Edit
	for _, e := range es {
		if !seen[e.Start] {
			seen[e.Start] = true
			out = append(out, e)
		}
	}
	return out
}
