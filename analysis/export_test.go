package analysis

import (
	"strings"
	"testing"
)

// SmallestEdit is smallestEdit (update_test.go) for the tests of package
// analysis_test.
var SmallestEdit = smallestEdit

// What Cells leaves out is said: wuqiao-2020's Table 3 rows of 5 values for 7
// columns (its .want lists 21 row-shape findings), and the tables of a fixture that
// table-unreadable reports missing.
func TestOmitted(t *testing.T) {
	rep := Check(readSample(t, "wuqiao-2020.txt"), Options{}).Report()
	got := rep.Omitted()
	if len(got) != 1 || !strings.Contains(got[0], "表三") || !strings.Contains(got[0], "有 21 行的数值个数与列数不符") ||
		!strings.Contains(got[0], "「（一）予以公开」") {
		t.Errorf("wuqiao-2020: %q", got)
	}
	for _, c := range rep.Cells() {
		if c.Table == "三" && strings.HasPrefix(c.Row, "（一）予以公开") {
			t.Errorf("a row said to be left out is there: %+v", c)
		}
	}
	rep = Check(readFixture(t, "sections-tabrows.txt"), Options{}).Report()
	all := strings.Join(rep.Omitted(), "\n")
	for _, want := range []string{"表二（主动公开政府信息情况）的数值读不出，未导出", "表三（收到和处理政府信息公开申请情况）的数值读不出，未导出"} {
		if !strings.Contains(all, want) {
			t.Errorf("sections-tabrows: %q lacks %q", all, want)
		}
	}
	if got := Check(readSample(t, "pingtan-2021.md"), Options{}).Report().Omitted(); len(got) != 0 {
		t.Errorf("pingtan-2021, every table read: %q", got)
	}
}
