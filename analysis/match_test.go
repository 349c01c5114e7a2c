package analysis

import (
	"math/rand"
	"strings"
	"testing"
)

// The year comes from the title, however it is split or spaced, else from the
// 统计期限 sentence, else from the first 「YYYY年」 of section 一 — in that order.
func TestYearSources(t *testing.T) {
	body := "\n一、总体情况\n2019年，本镇认真贯彻《条例》。\n二、主动公开政府信息情况\n"
	for _, tc := range []struct {
		name, text, source string
		year               int
	}{
		{"title", "西坡镇2020年政府信息公开工作年度报告" + body, "title", 2020},
		{"title split over lines", "西坡在2021年度政府信息公开工作\n年 度 报 告\n" + body, "title", 2021},
		{"title in traditional characters", "西坡鎮2022年度政府信息公開工作年度報告" + body, "title", 2022},
		{"period", "西坡镇政府信息公开工作年度报告\n本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。" + body, "period", 2023},
		{"section one", "西坡镇政府信息公开工作年度报告" + body, "section", 2019},
	} {
		rep := Check(tc.text, Options{}).Report()
		if rep.Year != tc.year || rep.YearSource != tc.source {
			t.Errorf("%s: year %d from %q, want %d from %q", tc.name, rep.Year, rep.YearSource, tc.year, tc.source)
		}
	}
}

// A text is a report when it has the title words anywhere in a line and a heading
// or table label; the title words alone, or headings alone, are not enough.
func TestWhatIsAReport(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		{"title and heading", "某县2022年政府信息公开工作年度报告\n一、总体情况\n", true},
		{"title words inside a sentence", "根据《关于做好2020年政府信息公开工作年度报告发布工作的通知》要求，报告如下。\n一、总体情况\n", true},
		{"crawler line", "首页 > 政务公开 某县2022年度政府信息公开工作年度报告 来源：某县 一、总体情况 2022年，…\n", true},
		{"headings without the title words", "一、总体情况\n二、主动公开政府信息情况\n", false},
		{"title words without a heading or label", "某县2022年政府信息公开工作年度报告\n正文从略。\n", false},
	} {
		if got := Check(tc.text, Options{}).Report().IsReport; got != tc.want {
			t.Errorf("%s: IsReport %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The long official name of section 五 is a standard heading, with the section's
// numeral or the notices' own.
func TestLongSectionNames(t *testing.T) {
	for _, h := range []string{"五、政府信息公开工作存在的主要问题及改进情况", "（五）政府信息公开工作存在的主要问题及改进情况",
		"四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"} {
		got, ok := headingAt(h, 0, len(h))
		if !ok || !got.standard {
			t.Errorf("%s: heading %v, standard %v", h, ok, got.standard)
		}
	}
}

// A table whose labels are there and whose numbers are not is reported, never
// passed over: with the numbers lost, as lines of text, and missing from its section.
func TestTableUnreadable(t *testing.T) {
	g := genClean(rand.New(rand.NewSource(1)), Format2021)
	blocks := g.blocks()
	// Table 3 with every number cut off its rows.
	cut := make([]TextBlock, len(blocks))
	copy(cut, blocks)
	for i, b := range cut {
		if b.Table != nil && strings.Contains(strings.Join(b.Table[0], ""), "稽关系") {
			var rows [][]string
			for _, r := range b.Table {
				var keep []string
				for _, c := range r {
					if _, isNum := parseNumber(c); !isNum {
						keep = append(keep, c)
					}
				}
				rows = append(rows, keep)
			}
			cut[i].Table = rows
		}
	}
	res := Check(RenderMarkdown(cut), Options{})
	unread := 0
	for _, d := range res.Diagnostics {
		switch d.Rule {
		case "table-unreadable":
			unread++
			if !strings.Contains(d.Message, "找到 25 个行名中的 25 个，其后没有数值") {
				t.Errorf("message %q does not say what was found", d.Message)
			}
		case "row-shape", "total-mismatch", "balance-mismatch":
			t.Errorf("%s on a table that was not read: %s", d.Rule, d.Message)
		}
	}
	if unread != 1 {
		t.Errorf("%d table-unreadable findings, want 1", unread)
	}

	// The labels of Table 4 as lines of prose, no table.
	text := strings.Replace(writeBlocks(blocks, "markdown"), "\n| 行政复议 |", "\n结果维持\n结果纠正\n其他结果\n\n| 行政复议 |", 1)
	text = text[:strings.Index(text, "| 行政复议 |")] + SectionHeadings[4] + "\n"
	found := false
	for _, d := range Check(text, Options{}).Diagnostics {
		if d.Rule == "table-unreadable" && strings.Contains(d.Message, "表四") {
			found = true
		}
	}
	if !found {
		t.Error("section 四 without its table: no table-unreadable")
	}
}

// Blank cells count as 0: a report that leaves every zero blank is checked, and a
// total over blanks says how many it took for 0.
func TestBlankCellsCountAsZero(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	blocks := genClean(rng, Format2019).blocks()
	for i, b := range blocks {
		for _, r := range b.Table {
			for j, c := range r {
				if c == "0" {
					r[j] = ""
				}
			}
		}
		blocks[i] = b
	}
	text := RenderMarkdown(blocks)
	for _, d := range Check(text, Options{}).Diagnostics {
		if d.Rule != "blank-cell" {
			t.Errorf("a clean report with its zeros blank: %s %s", d.Rule, d.Message)
		}
		if d.Severity != SeverityInfo {
			t.Errorf("blank-cell at %s, want info", d.Severity)
		}
	}
	// Now break a total over blanks.
	i := strings.Index(text, "| （七）总计 |")
	line := text[i : i+strings.IndexByte(text[i:], '\n')]
	cells := strings.Split(line, "|")
	cells[len(cells)-2] = " 999 "
	bad := text[:i] + strings.Join(cells, "|") + text[i+len(line):]
	found := false
	for _, d := range Check(bad, Options{}).Diagnostics {
		if d.Rule == "total-mismatch" && strings.Contains(d.Where, "（七）总计 · 总计") {
			found = true
			if !strings.Contains(d.Message, "个空单元格按 0 计") {
				t.Errorf("total over blanks does not say so: %s", d.Message)
			}
		}
	}
	if !found {
		t.Error("a wrong （七）总计 over blank cells is not found")
	}
}
