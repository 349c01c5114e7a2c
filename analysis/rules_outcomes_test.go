package analysis

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// brokenBalances is the columns whose 勾稽关系 does not hold in text.
func brokenBalances(text string) map[string]bool {
	broken := map[string]bool{}
	for _, d := range Check(text, Options{}).Diagnostics {
		if d.Rule == "balance-mismatch" {
			broken[d.Where] = true
		}
	}
	return broken
}

// fixAll applies every fix-all edit of text, as `check --fix` and the editor do.
func fixAll(t *testing.T, text string) string {
	t.Helper()
	fixed, err := ApplyEdits(text, FixAllEdits(Check(text, Options{}).Diagnostics))
	if err != nil {
		t.Fatal(err)
	}
	return fixed
}

// pingtan-2020's （七）总计 is 20 and 21 while its leaves add up to 26 and 27; 勾稽关系
// holds on the reported totals (21 received, 21 handled). Rewriting the totals would
// break it: fix-all leaves them alone, and each finding says to check the leaves.
func TestFixAllKeepsPingtanBalance(t *testing.T) {
	text := readSample(t, "pingtan-2020.md")
	res := Check(text, Options{})
	if edits := FixAllEdits(res.Diagnostics); len(edits) != 0 {
		t.Errorf("fix-all edits %v, want none", edits)
	}
	if n := FixesWithheld(res.Diagnostics); n != 2 {
		t.Errorf("FixesWithheld = %d, want 2", n)
	}
	exceeds := 0
	for _, d := range res.Diagnostics {
		switch d.Rule {
		case "total-mismatch":
			if len(d.Fixes) != 0 || !strings.Contains(d.Message, "错的多半是明细行") {
				t.Errorf("total-mismatch %q with %d fixes: want no fix and the leaves named", d.Message, len(d.Fixes))
			}
		case "outcomes-exceed-applications":
			exceeds++
			// 一, 二 and the six non-zero leaves of the column (the 总计 column has the
			// same six leaf rows).
			if len(d.Related) != 2+6 {
				t.Errorf("%s: %d related, want 8: %v", d.Message, len(d.Related), d.Related)
			}
			for _, r := range d.Related {
				if text[r.Start:r.End] == "" || strings.ContainsAny(text[r.Start:r.End], "| ") {
					t.Errorf("related %q is not a cell's number", text[r.Start:r.End])
				}
			}
		case "balance-mismatch":
			t.Errorf("balance-mismatch before any fix: %s", d.Message)
		}
	}
	if exceeds != 2 {
		t.Errorf("%d outcomes-exceed-applications, want 2 (自然人 and 总计)", exceeds)
	}
	if broken := brokenBalances(fixAll(t, text)); len(broken) != 0 {
		t.Errorf("勾稽关系 broken after fix-all: %v", broken)
	}
}

// Fix-all never breaks a 勾稽关系 that held: on every sample and fixture, and on
// generated reports with random Table 3 cells changed (leaves, totals, 一, 二, 四).
func TestFixAllNeverBreaksBalance(t *testing.T) {
	check := func(name, text string) {
		t.Helper()
		before := brokenBalances(text)
		for where := range brokenBalances(fixAll(t, text)) {
			if !before[where] {
				t.Errorf("%s: fix-all broke %s, which held", name, where)
			}
		}
	}
	for _, dir := range []string{"../testdata/samples", "../testdata/fixtures"} {
		for _, ext := range []string{"*.md", "*.txt"} {
			names, _ := filepath.Glob(filepath.Join(dir, ext))
			for _, n := range names {
				check(n, readFile(t, n))
			}
		}
	}
	rng := rand.New(rand.NewSource(14))
	for round := 0; round < 200; round++ {
		g := genClean(rng, []Format{Format2019, Format2021}[round%2])
		tmpl := TemplateFor(g.format)
		for k := 1 + rng.Intn(3); k > 0; k-- {
			tr := tmpl.Table3[rng.Intn(len(tmpl.Table3))]
			v, ok := g.t3[tr.Label]
			if !ok {
				continue
			}
			v[rng.Intn(7)] += int64(rng.Intn(7)) - 3
			for c := range v {
				v[c] = max(v[c], 0)
			}
			g.t3[tr.Label] = v
		}
		check("generated", g.render(LayoutMarkdown, false))
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
