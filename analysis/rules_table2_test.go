package analysis

import (
	"reflect"
	"strings"
	"testing"
)

func TestCountyLevel(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"光华镇", true},
		{"伍桥镇人民政府", true},
		{"某某乡人民政府", true},
		{"某某街道办事处", true},
		{"某某市某某区某某街道", true},
		{"某某县人民政府办公室", true},
		{"某某县教育局", true},
		{"某某自治县民族宗教事务局", true},
		{"福州市鼓楼区人民政府", true},
		{"某某区教育局", true},
		{"某某市某某区市场监督管理局", true},
		{"某某区城市管理局", true},
		// Not county-level, or not to be told from the name.
		{"某某市人民政府", false},
		{"福清市人民政府", false}, // a 县级市 looks like any 市
		{"某某市教育局", false},
		{"某某市社区矫正管理局", false},
		{"阿克苏地区财政局", false},
		{"广西壮族自治区人民政府", false},
		{"广西壮族自治区教育厅", false},
		{"浦东新区人民政府", false},
		{"平潭综合实验区", false},
		{"平潭综合实验区行政审批局", false},
		{"某某经济技术开发区管理委员会", false},
		{"某某高新区财政局", false},
		{"福州市鼓楼区", false}, // a bare 区 may be a zone: unknown
		{"", false},
	} {
		if got := countyLevel(tc.name); got != tc.want {
			t.Errorf("countyLevel(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestReadAgency(t *testing.T) {
	for _, tc := range []struct{ title, name string }{
		{"光华镇2021年政府信息公开工作年度报告", "光华镇"},
		{"# 某某县 某某镇\n2020年度政府信息公开工作年度报告", "某某县某某镇"},
		{"某某區教育局２０２２年政府信息公開工作年度報告", "某某区教育局"},
		{"某某乡人民政府二〇二一年政府信息公开工作年度报告", "某某乡人民政府"},
		{"某某县人民政府关于2021年政府信息公开工作年度报告", "某某县人民政府"},
		{"某某街道政府信息公开工作年度报告", "某某街道"},
		{"2021年政府信息公开工作年度报告", ""},
	} {
		start := strings.Index(tc.title, "某")
		if start < 0 {
			start = strings.IndexAny(tc.title, "光2")
		}
		a := readAgency(tc.title, Span{start, len(tc.title)})
		if a.name != tc.name {
			t.Errorf("%q: name %q, want %q", tc.title, a.name, tc.name)
			continue
		}
		// The span covers the name as written, from the title's start.
		if tc.name != "" {
			written := tc.title[a.Start:a.End]
			if foldKey(written) != tc.name {
				t.Errorf("%q: span %q, want the name %q", tc.title, written, tc.name)
			}
		}
	}
}

// The findings of the fixture: spans, severities and related locations, in Chinese
// text whose offsets are bytes.
func TestTable2ImplausiblePositions(t *testing.T) {
	text := readFixture(t, "table2-implausible.md")
	ds := ruleFindings(Check(text, Options{}), "table2-implausible")
	if len(ds) != 2 {
		t.Fatalf("%d findings, want 2: %+v", len(ds), ds)
	}
	rules := strings.Index(text, "| 规章 | 1 | 0 | 2 |")
	docs := strings.Index(text, "| 行政规范性文件 | 10 | 5 | 3 |")
	at := func(line int, s string) Span {
		i := strings.Index(text[line:], s)
		return Span{line + i, line + i + len(s)}
	}
	name := strings.Index(text, "某某县某某镇人民政府")

	d := ds[0]
	if d.Span != at(rules, "1") || d.Severity != SeverityWarning || d.Where != "表二 规章 · 本年制发件数" {
		t.Errorf("规章 finding at %q %v, severity %v, where %q", text[d.Start:d.End], d.Span, d.Severity, d.Where)
	}
	wantRelated := []Related{
		{Span: at(rules+len("| 规章 | 1 | 0 | "), "2"), Message: "现行有效件数：2"},
		{Span: Span{name, name + len("某某县某某镇人民政府")}, Message: "机关名称：某某县某某镇人民政府"},
	}
	if !reflect.DeepEqual(d.Related, wantRelated) {
		t.Errorf("规章 related %+v, want %+v", d.Related, wantRelated)
	}

	d = ds[1]
	inForce := at(docs+len("| 行政规范性文件 | 10 | 5 | "), "3")
	if d.Span != inForce || d.Severity != SeverityInfo || d.Where != "表二 行政规范性文件 · 现行有效件数" {
		t.Errorf("现行有效 finding at %q %v, severity %v, where %q", text[d.Start:d.End], d.Span, d.Severity, d.Where)
	}
	wantRelated = []Related{
		{Span: at(docs, "10"), Message: "本年制发件数：10"},
		{Span: at(docs+len("| 行政规范性文件 | 10 | "), "5"), Message: "本年废止件数：5"},
	}
	if !reflect.DeepEqual(d.Related, wantRelated) {
		t.Errorf("现行有效 related %+v, want %+v", d.Related, wantRelated)
	}
}

// A blank, invalid or misshapen cell takes no part in a bound.
func TestTable2ImplausibleSkipsOddCells(t *testing.T) {
	base := readFixture(t, "table2-implausible-2019.md")
	const row = "| 规范性文件 | 9 | 9 | 5 |"
	if !strings.Contains(base, row) {
		t.Fatal("fixture changed")
	}
	for _, odd := range []string{
		"| 规范性文件 | 9 | 9 |  |",
		"| 规范性文件 | 9 | / | 5 |",
		"| 规范性文件 | 9 | 9 | 5.5 |",
		"| 规范性文件 | 9 | 9 | -5 |",
		"| 规范性文件 | 9 | 9 | 5 | 1 |",
		"| 规范性文件 | 9 | 5 |",
	} {
		text := strings.Replace(base, row, odd, 1)
		for _, d := range ruleFindings(Check(text, Options{}), "table2-implausible") {
			if strings.Contains(d.Message, "规范性文件") {
				t.Errorf("%s: %s", odd, d.Message)
			}
		}
	}
	// Equal is plausible: everything published this year is all there is.
	text := strings.Replace(base, row, "| 规范性文件 | 9 | 9 | 9 |", 1)
	if n := len(ruleFindings(Check(text, Options{}), "table2-implausible")); n != 1 {
		t.Errorf("%d findings with 9 | 9 | 9, want the 规章 one only", n)
	}
	// An agency whose level the name does not tell: no 规章 finding.
	text = strings.Replace(base, "某某市某某区教育局", "平潭综合实验区", 1)
	for _, d := range ruleFindings(Check(text, Options{}), "table2-implausible") {
		if strings.Contains(d.Message, "规章行") {
			t.Errorf("实验区: %s", d.Message)
		}
	}
}

// An edit of a Table 3 cell keeps Table 2's findings, an edit of Table 2 reruns
// them, and either way Update is Check; CheckFindings, which runs the table rules
// one table at a time, finds each once.
func TestTable2ImplausibleUpdate(t *testing.T) {
	for _, name := range []string{"table2-implausible.md", "table2-implausible-2019.md"} {
		text := readFixture(t, name)
		res := Check(text, Options{})
		if lean := CheckFindings(text, Options{}); !reflect.DeepEqual(lean.Diagnostics, res.Diagnostics) {
			t.Errorf("%s: CheckFindings %+v, Check %+v", name, lean.Diagnostics, res.Diagnostics)
		}
		t3 := strings.Index(text, "| 二、上年结转政府信息公开申请数量 | 0")
		t3 += len("| 二、上年结转政府信息公开申请数量 | ")
		t2 := strings.Index(text, "| 5 |") + len("| ")
		for _, e := range []Edit{
			{Span: Span{t3, t3 + 1}, NewText: "7"},  // Table 3: 勾稽关系 breaks
			{Span: Span{t2, t2 + 1}, NewText: "15"}, // Table 2: the bound now holds, or not
			{Span: Span{t2, t2 + 1}, NewText: "0"},
		} {
			next := text[:e.Start] + e.NewText + text[e.End:]
			got := res.UpdateCheap(next, e)
			if got == nil {
				t.Fatalf("%s: edit %+v not answered cheaply", name, e)
			}
			sameResult(t, name, got, Check(next, Options{}))
		}
	}
}

// readAgency on the titles late-report meets: a page's metadata line taken into the
// title, and 「…在YYYY年度」.
func TestReadAgencyMetadataAndZai(t *testing.T) {
	for _, tc := range []struct{ title, name string }{
		{"发布时间：2022-02-08 来源：某某县\n某某县教育局2021年政府信息公开工作年度报告", "某某县教育局"},
		{"西坡在2020年度政府信息公开工作\n年 度 报 告", "西坡"},
		{"来源：某某县2021年", ""},
	} {
		a := readAgency(tc.title, Span{0, len(tc.title)})
		if a.name != tc.name {
			t.Errorf("%q: name %q, want %q", tc.title, a.name, tc.name)
		}
		if tc.name != "" && foldKey(tc.title[a.Start:a.End]) != tc.name {
			t.Errorf("%q: span %q, want the name %q", tc.title, tc.title[a.Start:a.End], tc.name)
		}
	}
}
