package main

import (
	"cmp"
	"runtime"
	"slices"
	"sync"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/internal/position"
)

// Checks across years: the reports of one run are paired by office and year
// (analysis.Predecessors), and each is checked against last year's
// (analysis.CheckAcross). A file's findings are therefore printed once every file
// of the run is checked: its predecessor may come after it in the order of the
// paths.

// acrossYears adds to each checked report the findings of the rules comparing it
// with last year's report among the results.
func acrossYears(held []checkResult, opts analysis.Options) {
	all := make([]*analysis.Summary, len(held))
	for i, r := range held {
		all[i] = r.summary
	}
	preds := analysis.Predecessors(all)
	// Reading each paired report's prose for the comparison is most of the work:
	// done on every core first (3000 reports of one office: 160 → 80 ms).
	var paired []*analysis.Summary
	for i, last := range preds {
		if last != nil && held[i].report != nil {
			paired = append(paired, all[i], last)
		}
	}
	var wg sync.WaitGroup
	next := make(chan *analysis.Summary)
	for range min(runtime.GOMAXPROCS(0), len(paired)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range next {
				s.Prepare()
			}
		}()
	}
	for _, s := range paired {
		next <- s
	}
	close(next)
	wg.Wait()
	for i, last := range preds {
		if last == nil || held[i].report == nil {
			continue
		}
		if ds := analysis.CheckAcross(all[i], last, opts); len(ds) > 0 {
			held[i].report.addAcross(all[i].Text, ds, last)
		}
	}
}

// addAcross merges the findings comparing the file with last year's report into its
// own, in position order, and keeps what converts a place in last year's text.
func (fr *fileReport) addAcross(text string, ds []analysis.Diagnostic, last *analysis.Summary) {
	if fr.pos == nil {
		fr.pos = position.New(text)
	}
	fr.lastPath, fr.lastPos = last.Name, position.New(last.Text)
	fr.diags = append(slices.Clip(fr.diags), ds...)
	slices.SortStableFunc(fr.diags, func(a, b analysis.Diagnostic) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(a.End, b.End)
	})
}
