package analysis

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// withProseRule registers, for one test, a rule that reads prose and values as the
// content rules do: every number written in a section's prose that equals a value
// of Table 3, and every section without prose. Update must rerun it on every edit
// it answers cheaply and agree with Check.
func withProseRule(t *testing.T) {
	t.Helper()
	saved := registry
	registry = append(registry[:len(registry):len(registry)], Rule{
		ID: "test-prose", Severity: SeverityInfo, reads: readsProse, values: true,
		run: func(p *pass) {
			values := map[int64]bool{}
			for _, tb := range p.rep.Tables {
				if tb.Kind != Table3 {
					continue
				}
				for _, r := range tb.Rows {
					for i := range r.Values {
						if r.Values[i].isNumber() {
							values[r.Values[i].Value] = true
						}
					}
				}
			}
			for _, s := range p.rep.Sections {
				prose := p.rep.Prose(s)
				if len(prose) == 0 {
					p.report(Diagnostic{Span: s.Heading, Message: "无正文"})
				}
				for _, sp := range prose {
					text := p.rep.Text[sp.Start:sp.End]
					for i := 0; i < len(text); {
						if text[i] < '0' || text[i] > '9' {
							i++
							continue
						}
						j := i
						for j < len(text) && text[j] >= '0' && text[j] <= '9' {
							j++
						}
						if n, err := strconv.ParseInt(text[i:j], 10, 64); err == nil && values[n] {
							p.report(Diagnostic{Span: Span{sp.Start + i, sp.Start + j}, Message: fmt.Sprintf("%d 见于表三", n)})
						}
						i = j
					}
				}
			}
		},
	})
	savedByID := ruleByID
	ruleByID = map[string]*Rule{}
	for i := range registry {
		ruleByID[registry[i].ID] = &registry[i]
	}
	t.Cleanup(func() {
		registry, ruleByID = saved, savedByID
	})
}

// TestUpdateRerunsProseRules: with a rule that reads prose and the tables' values,
// Update still equals Check after edits of prose (digits typed into it) and of
// number cells, on the cheap paths.
func TestUpdateRerunsProseRules(t *testing.T) {
	withProseRule(t)
	rng := rand.New(rand.NewSource(14))
	cheap, fired := 0, 0
	for _, path := range samplePaths() {
		c, f := editChain(t, filepath.Base(path), readSample(t, filepath.Base(path)), 40, func(step int, res *Result) (Edit, bool) {
			if step%2 == 0 {
				return proseDigitEdit(rng, res.Report())
			}
			return digitEdit(rng, res.Report())
		}, rng, "test-prose")
		cheap, fired = cheap+c, fired+f
	}
	if cheap < 100 || fired == 0 {
		t.Errorf("cheap updates %d, test-prose findings %d: the test does not test the cheap paths", cheap, fired)
	}
}

// editChain makes steps edits to text, each chosen by edit (a random one where it
// has none), and checks after each that Update equals a fresh Check. It returns how
// many edits took a cheap path and how many findings of rules the checks made.
func editChain(t *testing.T, name, text string, steps int, edit func(step int, res *Result) (Edit, bool), rng *rand.Rand, rules ...string) (cheap, fired int) {
	t.Helper()
	res := Check(text, Options{})
	for step := 0; step < steps; step++ {
		e, ok := edit(step, res)
		if !ok {
			e = randomEdit(rng, text)
		}
		next := text[:e.Start] + e.NewText + text[e.End:]
		got := res.UpdateCheap(next, e)
		if got != nil {
			cheap++
		} else {
			got = res.Update(next, e)
		}
		want := Check(next, Options{})
		sameResult(t, fmt.Sprintf("%s step %d, edit %+v", name, step, e), got, want)
		for _, d := range want.Diagnostics {
			if slices.Contains(rules, d.Rule) {
				fired++
			}
		}
		text, res = next, got
	}
	return cheap, fired
}

// proseWords are words the rules that read prose look for.
var proseWords = []string{"信息处理费", "处理费", "无", "問題", "问题", "措施", "将继续", "2020年", "二〇二二年", "21件", "申请", "收到政府信息公开申请", "办结", "行政复议", "均已结案", "占50%", "2021年1月5日", "汇总", "汇总全区各单位"}

// proseDigitEdit types a number or a word the rules look for into, or deletes a
// character of, the prose of a random section.
func proseDigitEdit(rng *rand.Rand, rep *Report) (Edit, bool) {
	var prose []Span
	for _, s := range rep.Sections {
		prose = append(prose, rep.Prose(s)...)
	}
	if len(prose) == 0 {
		return Edit{}, false
	}
	sp := prose[rng.Intn(len(prose))]
	at := sp.Start + rng.Intn(sp.End-sp.Start+1)
	for at < sp.End && at > sp.Start && (rep.Text[at]&0xC0) == 0x80 {
		at++
	}
	switch rng.Intn(5) {
	case 4: // a word the rules that read prose look for
		return Edit{Span: Span{at, at}, NewText: proseWords[rng.Intn(len(proseWords))]}, true
	case 0: // delete the character there
		if at < sp.End {
			size := 1
			for at+size < len(rep.Text) && (rep.Text[at+size]&0xC0) == 0x80 {
				size++
			}
			return Edit{Span: Span{at, at + size}}, true
		}
	case 1: // at the very start or end of the paragraph
		if rng.Intn(2) == 0 {
			at = sp.Start
		} else {
			at = sp.End
		}
	}
	return Edit{Span: Span{at, at}, NewText: strconv.Itoa(rng.Intn(40))}, true
}

// TestProseRulesUpdateEqualsCheck: on every fixture (each rule that reads prose has
// one whose sections hold long paragraphs) Update equals Check after chains of edits
// of prose: numbers and the words the rules look for typed anywhere in a section,
// characters deleted. A rule that reads a section it does not declare (Rule.prose)
// would keep a finding an edit there changed.
func TestProseRulesUpdateEqualsCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(15))
	paths, err := filepath.Glob("../testdata/fixtures/*.md")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	cheap := 0
	for _, path := range paths {
		c, _ := editChain(t, filepath.Base(path), readFixture(t, filepath.Base(path)), 80, func(step int, res *Result) (Edit, bool) {
			return proseDigitEdit(rng, res.Report())
		}, rng)
		cheap += c
	}
	if cheap < 200 {
		t.Errorf("%d cheap updates: the test does not test the cheap paths", cheap)
	}
}

// Report.Prose finds paragraphs and tables by binary search: both must be in text
// order, without overlap, in every layout and in documents of many reports.
func TestReportInTextOrder(t *testing.T) {
	var docs []string
	for _, p := range samplePaths() {
		text := readSample(t, filepath.Base(p))
		docs = append(docs, text)
		for _, l := range layouts {
			docs = append(docs, genClean(rand.New(rand.NewSource(int64(len(docs)))), Format2021).render(l, true))
		}
	}
	docs = append(docs, strings.Repeat(docs[0]+"\n\n", 5))
	for i, text := range docs {
		rep := Check(text, Options{}).Report()
		for k := 1; k < len(rep.paragraphs); k++ {
			if rep.paragraphs[k].Start < rep.paragraphs[k-1].End {
				t.Fatalf("doc %d: paragraph %d %+v before the end of %+v", i, k, rep.paragraphs[k], rep.paragraphs[k-1])
			}
		}
		for k := 1; k < len(rep.Tables); k++ {
			if rep.Tables[k].Start < rep.Tables[k-1].End {
				t.Fatalf("doc %d: table %d %+v before the end of %+v", i, k, rep.Tables[k].Span, rep.Tables[k-1].Span)
			}
		}
	}
}
