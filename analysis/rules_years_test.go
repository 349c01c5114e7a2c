package analysis

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

func TestDateAt(t *testing.T) {
	for _, tc := range []struct {
		in      string
		numeric bool
		want    string // "" when no date is read
		year    string // the year's digits as the span covers them
	}{
		{"2022年1月20日", false, "2022年1月20日", "2022"},
		{"2023 年 1 月 16 日", false, "2023年1月16日", "2023"},
		{"２０２２年１月２０日", false, "2022年1月20日", "２０２２"},
		{"2022年2月29日", false, "", ""},
		{"2024年2月29日", false, "2024年2月29日", "2024"},
		{"2022年13月1日", false, "", ""},
		{"2022年1月", false, "", ""},
		{"12022年1月20日", false, "", ""},
		{"2022-03-08", true, "2022年3月8日", "2022"},
		{"2022/3/8 10:00", true, "2022年3月8日", "2022"},
		{"2022.03.08", true, "2022年3月8日", "2022"},
		{"2022-03-08", false, "", ""},
		{"2022-03/08", true, "", ""},
		{"2022-03-081", true, "", ""},
	} {
		dt, ok := dateAt(tc.in, 0, tc.numeric)
		got, year := "", ""
		if ok {
			got, year = dt.String(), tc.in[dt.year.Start:dt.year.End]
		}
		if got != tc.want || year != tc.year {
			t.Errorf("dateAt(%q, %v) = %q (year %q), want %q (year %q)", tc.in, tc.numeric, got, year, tc.want, tc.year)
		}
	}
}

func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		want agencyKind
	}{
		{"光华镇", agencyTownship},
		{"柳州市柳江区拉堡镇人民政府", agencyTownship},
		{"某某街道办事处", agencyTownship},
		{"某某乡政府", agencyTownship},
		{"某某区教育局", agencyDepartment},
		{"某某县发展和改革委员会", agencyDepartment},
		{"某某市人民政府办公室", agencyOther}, // may publish the government's own report
		{"济南市人民政府(办公厅)", agencyOther},
		{"平潭综合实验区", agencyOther},
		{"平潭综合实验区管委会", agencyOther},
		{"某某县人民政府", agencyOther},
		{"某某市", agencyOther},
		{"", agencyOther},
	} {
		if got := kindOf(tc.name); got != tc.want {
			t.Errorf("kindOf(%q) = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestPlanYear(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"2023年，我区将采取以下措施加以改进", 2023},
		{"2023年度，我局将继续加强培训", 2023},
		{"２０２３年，我镇将进一步规范", 2023},
		{"2021年，我局将政务公开纳入绩效考核", 0}, // 将 as 把: what was done
		{"2023年，平潭将继续", 0},
		{"2023年我区将继续", 0},
		{"2023年，我区各单位在上级部门的指导下将继续", 0}, // 将 too far from 我
		{"2023年以来，我区将继续", 0},
	} {
		y, _, _, ok := planYear(tc.in, 0)
		if !ok {
			y = 0
		}
		if y != tc.want {
			t.Errorf("planYear(%q) = %d, want %d", tc.in, y, tc.want)
		}
	}
}

// findings returns the findings of rule in text, as "LINE TOKEN SEVERITY FIX" lines.
func findings(text, rule string) []string {
	var out []string
	for _, d := range Check(text, Options{}).Diagnostics {
		if d.Rule != rule {
			continue
		}
		fix := "-"
		if len(d.Fixes) > 0 {
			e := d.Fixes[0].Edits[0]
			fix = text[e.Start:e.End] + "→" + e.NewText
		}
		out = append(out, fmt.Sprintf("%d %s %s %s", strings.Count(text[:d.Start], "\n")+1, text[d.Start:d.End], d.Severity, fix))
	}
	return out
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// The fixes replace exactly the year's digits, in the width the report wrote them,
// and are offered only when the year they write breaks nothing else.
func TestYearMismatchFixes(t *testing.T) {
	text := readFixture(t, "year-mismatch.md")
	sameLines(t, "fixture", findings(text, "year-mismatch"), []string{
		"3 2021 error 2021→2022",
		"71 2022 info 2022→2023",
		"77 2021 warning 2021→2022",
		"81 2022 warning 2022→2023",
	})
	wide := strings.Replace(text, "2021年，本局未收取", "２０２１年，本局未收取", 1)
	sameLines(t, "full-width", findings(wide, "year-mismatch")[2:3], []string{"77 ２０２１ warning ２０２１→２０２２"})
	// Dated 28 December of the report year: set to the next year it would be late.
	dec := strings.Replace(text, "2022年1月20日", "2022年12月28日", 1)
	sameLines(t, "december", findings(dec, "year-mismatch")[3:], []string{"81 2022 warning -"})
	// Dated right: nothing; a year late: late-report's, not reported twice.
	for date, late := range map[string][]string{
		"2023年1月20日": nil,
		"2024年1月20日": {"81 2024年1月20日 info -"},
	} {
		d := strings.Replace(text, "2022年1月20日", date, 1)
		sameLines(t, date, findings(d, "year-mismatch")[3:], nil)
		sameLines(t, date, findings(d, "late-report"), late)
	}
}

// Without a year in the title, the year is the 统计期限's: its sentence is not
// checked against itself, the other years are checked against it.
func TestYearMismatchYearFromPeriod(t *testing.T) {
	text := strings.Replace(readFixture(t, "year-mismatch.md"), "某某县市场监督管理局2022年政府信息公开工作年度报告", "某某县市场监督管理局政府信息公开工作年度报告", 1)
	text = strings.Replace(text, "自2021年1月1日起", "自2022年1月1日起", 1)
	if rep := Check(text, Options{}).Report(); rep.YearSource != "period" || rep.Year != 2022 {
		t.Fatalf("year %d from %q, want 2022 from the period", rep.Year, rep.YearSource)
	}
	sameLines(t, "period", findings(text, "year-mismatch"), []string{
		"71 2022 info 2022→2023",
		"77 2021 warning 2021→2022",
		"81 2022 warning 2022→2023",
	})
	// A year guessed from section 一 calls nothing wrong.
	text = strings.Replace(text, "统计期限", "统计口径", 1)
	if rep := Check(text, Options{}).Report(); rep.YearSource != "section" {
		t.Fatalf("year from %q, want section", rep.YearSource)
	}
	sameLines(t, "section", findings(text, "year-mismatch"), nil)
}

func TestLateReportDeadlines(t *testing.T) {
	text := readFixture(t, "late-report.md")
	text = strings.Replace(text, "发布时间：2022-02-08 来源：某某镇人民政府\n\n", "", 1)
	for _, tc := range []struct {
		title, date string
		want        []string
	}{
		{"某某镇", "2022年1月31日", nil},
		{"某某镇", "2022年2月1日", []string{"79 2022年2月1日 info -"}},
		{"某某区教育局", "2022年2月1日", []string{"79 2022年2月1日 info -"}},
		{"某某区", "2022年3月31日", nil},
		{"某某区人民政府", "2022年3月10日", nil},
		{"某某区", "2022年4月1日", []string{"79 2022年4月1日 info -"}},
		{"某某市人民政府办公室", "2022年3月1日", nil},
		{"", "2022年3月1日", nil}, // no body in the title: the looser deadline
	} {
		d := strings.Replace(text, "某某镇2021年", tc.title+"2021年", 1)
		d = strings.Replace(d, "2022年2月5日", tc.date, 1)
		sameLines(t, tc.title+" "+tc.date, findings(d, "late-report"), tc.want)
	}
	// A department's report that sums up others' has the government's deadline.
	d := strings.Replace(text, "某某镇2021年", "某某区教育局2021年", 1)
	d = strings.Replace(d, "本报告所列数据", "本报告由区教育局汇总全区各学校的年度报告编制。本报告所列数据", 1)
	d = strings.Replace(d, "2022年2月5日", "2022年3月1日", 1)
	sameLines(t, "汇总", findings(d, "late-report"), nil)
	// No date line: nothing, however late the report may be.
	d = strings.Replace(text, "\n2022年2月5日\n", "\n", 1)
	sameLines(t, "no date", findings(d, "late-report"), nil)
	// A date in the narrative of the last section does not date the report.
	d = strings.Replace(d, "2021年，无收取信息处理费情况。", "2021年，无收取信息处理费情况。2022年3月1日起执行新的收费规定。", 1)
	sameLines(t, "narrative", findings(d, "late-report"), nil)
}

// Update equals Check on the fixtures of these rules, whose findings change as
// prose and years are typed: edits of prose, of the years themselves, and random
// ones.
func TestYearRulesUpdateEqualsCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(41))
	cheap, fired := 0, 0
	for _, name := range []string{"year-mismatch.md", "late-report.md"} {
		c, f := editChain(t, name, readFixture(t, name), 120, func(step int, res *Result) (Edit, bool) {
			switch step % 3 {
			case 0:
				return proseDigitEdit(rng, res.Report())
			case 1:
				return yearEdit(rng, res)
			}
			return Edit{}, false
		}, rng, "year-mismatch", "late-report")
		cheap, fired = cheap+c, fired+f
	}
	if cheap < 25 || fired == 0 {
		t.Errorf("cheap updates %d, findings %d: the test does not test the cheap paths", cheap, fired)
	}
}

// yearEdit applies a finding's fix, or changes a digit of a year it points at.
func yearEdit(rng *rand.Rand, res *Result) (Edit, bool) {
	var ds []Diagnostic
	for _, d := range res.Diagnostics {
		if d.Rule == "year-mismatch" || d.Rule == "late-report" {
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 {
		return Edit{}, false
	}
	d := ds[rng.Intn(len(ds))]
	if len(d.Fixes) > 0 && rng.Intn(2) == 0 {
		return d.Fixes[0].Edits[0], true
	}
	return Edit{Span: Span{d.Start + 3, d.Start + 4}, NewText: fmt.Sprint(rng.Intn(10))}, true
}

// TestColonForms: a 发布时间 label and a sentence opening after a heading's colon are
// read after a full-width colon, an ASCII one, and an ASCII one and a space alike,
// and not without a colon.
func TestColonForms(t *testing.T) {
	late := readFixture(t, "late-report.md")
	years := readFixture(t, "year-mismatch.md")
	onLine := func(lines []string, n string) []string {
		var out []string
		for _, l := range lines {
			if strings.HasPrefix(l, n+" ") {
				out = append(out, l)
			}
		}
		return out
	}
	for _, tc := range []struct {
		colon string
		found bool
	}{{"：", true}, {":", true}, {": ", true}, {" ", false}} {
		d := strings.Replace(late, "发布时间：2022-02-08", "发布时间"+tc.colon+"2022-02-08", 1)
		var want []string
		if tc.found {
			want = []string{"1 2022-02-08 info -"}
		}
		sameLines(t, fmt.Sprintf("发布时间%q", tc.colon), onLine(findings(d, "late-report"), "1"), want)

		d = strings.Replace(years, "（二）改进措施：2022年，我局将", "（二）改进措施"+tc.colon+"2022年，我局将", 1)
		want = nil
		if tc.found {
			want = []string{"71 2022 info 2022→2023"}
		}
		sameLines(t, fmt.Sprintf("改进措施%q", tc.colon), onLine(findings(d, "year-mismatch"), "71"), want)
	}
}
