package analysis

import (
	"math/rand"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("duplicate rule id %q", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.Doc == "" || r.Example == "" || r.Severity == 0 || r.run == nil {
			t.Errorf("rule %q lacks title, doc, example, severity or body", r.ID)
		}
		if r.FixAll && r.Fix == "" {
			t.Errorf("rule %q takes part in fix-all but documents no fix", r.ID)
		}
		if got, ok := RuleByID(r.ID); !ok || got.ID != r.ID {
			t.Errorf("RuleByID(%q) failed", r.ID)
		}
	}
	if len(seen) != 25 {
		t.Errorf("%d rules, want 25", len(seen))
	}
}

func TestNormLabel(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"规    章", "规章"},
		{"規 \u00a0\u3000章", "规章"},
		{"1．属于国家秘密", "1.属于国家秘密"},
		{"1、属于国家秘密", "1.属于国家秘密"},
		{"1，属于国家秘密", "1.属于国家秘密"},
		{"(二)部分公開(區分處理的,只計這一情形,不計其他情形)", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
		{"3.危及\"三安全一穩定\"", "3.危及“三安全一稳定”"},
		{"科研\n机构", "科研机构"},
		{"鉤稽關係", "钩稽关系"},
	} {
		if foldKey(tc.a) != foldKey(tc.b) {
			t.Errorf("foldKey(%q) = %q, foldKey(%q) = %q: want equal", tc.a, foldKey(tc.a), tc.b, foldKey(tc.b))
		}
	}
	if foldKey("规范性文件") == foldKey("行政规范性文件") || foldKey("合计") == foldKey("总计") {
		t.Error("different wording normalised to the same key")
	}
}

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in    string
		value int64
		scale int
		unit  string
		ok    bool
	}{
		{"0", 0, 0, "", true},
		{"-185", -185, 0, "", true},
		{"１２", 12, 0, "", true},
		{"1,234", 1234, 0, "", true},
		{"24252.311082", 24252311082, 6, "", true},
		{"296549元", 296549, 0, "元", true},
		{"0 万元", 0, 0, "万元", true},
		{"/", 0, 0, "", false},
		{"-", 0, 0, "", false},
		{"—", 0, 0, "", false},
		{"无", 0, 0, "", false},
		{"12abc", 0, 0, "", false},
		{"99999999999999999999999", 0, 0, "", false},
	} {
		n, ok := parseNumber(tc.in)
		v, s, u := n.Value, n.Scale, n.Unit
		if ok != tc.ok || ok && (v != tc.value || s != tc.scale || u != tc.unit) {
			t.Errorf("parseNumber(%q) = %d, %d, %q, %v; want %d, %d, %q, %v", tc.in, v, s, u, ok, tc.value, tc.scale, tc.unit, tc.ok)
		}
	}
}

func TestApplyEdits(t *testing.T) {
	text := "总计：6，合计"
	got, err := ApplyEdits(text, []Edit{{Span{len("总计："), len("总计：6")}, "7"}, {Span{len("总计：6，"), len(text)}, "总计"}})
	if err != nil || got != "总计：7，总计" {
		t.Errorf("ApplyEdits = %q, %v", got, err)
	}
	if _, err := ApplyEdits(text, []Edit{{Span{0, 4}, "a"}, {Span{3, 5}, "b"}}); err == nil {
		t.Error("overlapping edits accepted")
	}
	if _, err := ApplyEdits(text, []Edit{{Span{0, len(text) + 1}, ""}}); err == nil {
		t.Error("edit past the end accepted")
	}
}

// Every fix edits only the token it corrects: the text outside the edit is kept.
func TestFixesTouchOnlyTheirToken(t *testing.T) {
	for _, name := range []string{"wuqiao-2020.txt", "labao-2020-traditional.txt", "pingtan-2020.md", "guanghua-2021.txt"} {
		text := readSample(t, name)
		for _, d := range Check(text, Options{}).Diagnostics {
			for _, f := range d.Fixes {
				for _, e := range f.Edits {
					if e.Start != e.End && strings.TrimFunc(text[e.Start:e.End], isBlankRune) != text[e.Start:e.End] {
						t.Errorf("%s: %s edit [%d,%d) covers whitespace around its token: %q", name, d.Rule, e.Start, e.End, text[e.Start:e.End])
					}
				}
			}
		}
	}
}

// Every header row of both templates is in the lexicon, word by word, as the
// stream reader cuts rows by them, and each word stands for itself.
func TestHeaderRowsInLexicon(t *testing.T) {
	for _, tmpl := range []*Template{template2019, template2021} {
		rows := append(append([][]string{}, tmpl.Table3Header...), tmpl.Table4Header...)
		for _, b := range tmpl.Table2 {
			rows = append(rows, b.Header)
		}
		for _, words := range rows {
			found := false
			for _, keys := range lex.headerRows {
				if len(keys) == len(words) {
					same := true
					for i, w := range words {
						same = same && keys[i] == foldKey(w) && lex.headerMatches(foldKey(w), keys[i])
					}
					found = found || same
				}
			}
			if !found {
				t.Errorf("%v %v: not a header row of the lexicon", tmpl.Format, words)
			}
		}
	}
	// The variants stand for their words, and only for them.
	for _, tc := range []struct {
		seen, word string
		want       bool
	}{{"合计", "总计", true}, {"结果维护", "结果维持", true}, {"本年新", "本年新公开数量", true}, {"合计", "其他", false}} {
		if got := lex.headerMatches(foldKey(tc.seen), foldKey(tc.word)); got != tc.want {
			t.Errorf("headerMatches(%s, %s) = %v", tc.seen, tc.word, got)
		}
	}
}

// sortDiagnostics orders findings as a plain stable sort by start, end and rule would.
func TestSortDiagnostics(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for round := 0; round < 200; round++ {
		ds := make([]Diagnostic, rng.Intn(60))
		for i := range ds {
			s := rng.Intn(20)
			ds[i] = Diagnostic{Rule: []string{"a", "b", "c"}[rng.Intn(3)], Span: Span{s, s + rng.Intn(3)}, Message: strconv.Itoa(i)}
		}
		want := append([]Diagnostic{}, ds...)
		sort.SliceStable(want, func(i, j int) bool {
			a, b := want[i], want[j]
			if a.Start != b.Start {
				return a.Start < b.Start
			}
			if a.End != b.End {
				return a.End < b.End
			}
			return a.Rule < b.Rule
		})
		sortDiagnostics(ds)
		if !reflect.DeepEqual(ds, want) {
			t.Fatalf("round %d: sortDiagnostics differs from a stable sort", round)
		}
	}
}

// CheckFindings finds what Check finds, with any options, and its report says what
// Check's does of itself while holding nothing else.
func TestCheckFindings(t *testing.T) {
	options := []Options{
		{},
		{Disabled: map[string]bool{"blank-cell": true}},
		{Severity: map[string]Severity{"blank-cell": SeverityHint, "invalid-number": SeverityWarning}},
		{Template: Format2019},
	}
	texts := []string{"", "一、总体情况\n", "政府信息公开工作年度报告\n\n一、总体情况\n\n| 规章 | | 0 | |\n"}
	for _, p := range samplePaths() {
		texts = append(texts, readSample(t, filepath.Base(p)))
	}
	for _, text := range texts {
		for _, opts := range options {
			want, got := Check(text, opts), CheckFindings(text, opts)
			if !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
				t.Errorf("%.20q %+v: CheckFindings found %d findings, Check %d, or not the same", text, opts, len(got.Diagnostics), len(want.Diagnostics))
			}
			w, g := want.Report(), got.Report()
			if g.IsReport != w.IsReport || g.Year != w.Year || g.YearSource != w.YearSource || g.Format != w.Format || g.Title != w.Title || g.Text != text {
				t.Errorf("%.20q %+v: report %+v, want %+v", text, opts, *g, *w)
			}
			if g.Doc != nil || g.Sections != nil || g.Tables != nil {
				t.Errorf("%.20q: CheckFindings kept the document", text)
			}
		}
	}
}
