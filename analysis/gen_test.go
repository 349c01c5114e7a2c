package analysis

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
)

// genReport is a consistent report made up for tests: every total is the sum of its
// parts and 勾稽关系 holds, so a clean render must produce no finding.
type genReport struct {
	format Format
	year   int
	t2     map[string][]string // Table 2 row label -> values
	t3     map[string][7]int64 // Table 3 row label -> values
	t4     [15]int64
}

func genClean(rng *rand.Rand, f Format) *genReport {
	g := &genReport{format: f, year: 2020, t2: map[string][]string{}, t3: map[string][7]int64{}}
	if f == Format2021 {
		g.year = 2022
	}
	tmpl := TemplateFor(f)
	for _, b := range tmpl.Table2 {
		for _, r := range b.Rows {
			vals := make([]string, len(r.Columns))
			for i := range vals {
				vals[i] = strconv.Itoa(rng.Intn(300))
			}
			g.t2[r.Label] = vals
		}
	}
	// A plausible 第二十条第（一）项 (table2-implausible): the title's agency, a 县
	// office, makes no 规章, and the cumulative or in-force count is not below this
	// year's.
	for _, r := range tmpl.Table2[0].Rows {
		v := g.t2[r.Label]
		if r.Label == "规章" {
			for i := range v {
				v[i] = "0"
			}
			continue
		}
		a, _ := strconv.Atoi(v[0])
		b, _ := strconv.Atoi(v[1])
		c, _ := strconv.Atoi(v[2])
		if f == Format2021 && c < a-b {
			v[2] = strconv.Itoa(a - b + c)
		}
		if f == Format2019 && c < b {
			v[2] = strconv.Itoa(b + c)
		}
	}
	var sum [7]int64
	for _, r := range tmpl.Table3 {
		if r.Role != RoleLeaf {
			continue
		}
		var v [7]int64
		for c := 0; c < 6; c++ {
			if rng.Intn(2) == 0 {
				v[c] = int64(rng.Intn(12))
			}
			v[6] += v[c]
			sum[c] += v[c]
		}
		sum[6] += v[6]
		g.t3[r.Label] = v
	}
	var one, two, four [7]int64
	for c := 0; c < 6; c++ {
		four[c] = int64(rng.Intn(4))
		two[c] = int64(rng.Intn(int(sum[c]+four[c]) + 1))
		one[c] = sum[c] + four[c] - two[c]
		one[6] += one[c]
		two[6] += two[c]
		four[6] += four[c]
	}
	g.t3["一、本年新收政府信息公开申请数量"] = one
	g.t3["二、上年结转政府信息公开申请数量"] = two
	g.t3["（七）总计"] = sum
	g.t3["四、结转下年度继续办理"] = four
	for grp := 0; grp < 3; grp++ {
		var s int64
		for c := 0; c < 4; c++ {
			v := int64(rng.Intn(5))
			g.t4[grp*5+c] = v
			s += v
		}
		g.t4[grp*5+4] = s
	}
	return g
}

// tableRows returns the rows of Tables 2, 3 and 4 as cell texts.
func (g *genReport) tableRows() (t2, t3, t4 [][]string) {
	tmpl := TemplateFor(g.format)
	for _, b := range tmpl.Table2 {
		t2 = append(t2, []string{b.Title})
		t2 = append(t2, b.Header)
		for _, r := range b.Rows {
			t2 = append(t2, append([]string{r.Label}, g.t2[r.Label]...))
		}
	}
	t3 = append(t3, []string{table3Note, "申请人情况"},
		[]string{"", "自然人", "法人或其他组织", "总计"},
		[]string{"", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""})
	var lastGroup *TemplateRow
	for _, r := range tmpl.Table3 {
		if r.Role == RoleGroup {
			continue
		}
		var cells []string
		// The first row under a group carries the group labels, as Word exports do.
		if r.Group != nil && r.Group != lastGroup {
			if r.Group.Group != nil {
				cells = append(cells, r.Group.Label)
			} else if lastGroup == nil {
				cells = append(cells, r.Group.Label)
			}
			lastGroup = r.Group
		}
		cells = append(cells, r.Label)
		v := g.t3[r.Label]
		for _, x := range v {
			cells = append(cells, strconv.FormatInt(x, 10))
		}
		t3 = append(t3, cells)
	}
	t4 = append(t4, table4HeaderRows[0], table4HeaderRows[1], append([]string{"", "", "", "", ""}, table4HeaderRows[2]...))
	var data []string
	for _, x := range g.t4 {
		data = append(data, strconv.FormatInt(x, 10))
	}
	t4 = append(t4, data)
	return t2, t3, t4
}

func renderTable(b *strings.Builder, rows [][]string, layout Layout) {
	if layout == LayoutColumns {
		renderColumns(b, rows)
		b.WriteString("\n")
		return
	}
	for i, cells := range rows {
		switch layout {
		case LayoutMarkdown:
			b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
			if i == 0 {
				b.WriteString("|" + strings.Repeat("---|", len(cells)) + "\n")
			}
		case LayoutPipe:
			b.WriteString(strings.Join(cells, " | ") + " |\n")
		case LayoutTabRow:
			b.WriteString(strings.Join(cells, "\t") + "\n")
		case LayoutCellLines:
			for _, c := range cells {
				b.WriteString("\t" + c + "\n")
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("\n")
}

// genSection5 is the generated reports' 五: a problem and a measure, long enough
// for section-content.
const genSection5 = "（一）存在的主要问题：公开质量有待提高。（二）改进措施：下一步将加强培训，提升公开质量。"

// blocks returns the report as paragraphs and tables.
func (g *genReport) blocks() []TextBlock {
	t2, t3, t4 := g.tableRows()
	p := func(s string) TextBlock { return TextBlock{Paragraph: s} }
	return []TextBlock{
		p(fmt.Sprintf("测试县人民政府办公室%d年政府信息公开工作年度报告", g.year)),
		p(SectionHeadings[0]), p("本年度，我办坚持以公开为常态、不公开为例外，主动公开政府信息。"),
		p(SectionHeadings[1]), {Table: t2},
		p(SectionHeadings[2]), {Table: t3},
		p(SectionHeadings[3]), {Table: t4},
		p(SectionHeadings[4]), p(genSection5),
		p(SectionHeadings[5]), p("本年度无收取信息处理费情况。"),
	}
}

// render writes the report with all three tables in one layout, with CRLF line ends
// when crlf is set.
func (g *genReport) render(layout Layout, crlf bool) string {
	return g.renderMixed([3]Layout{layout, layout, layout}, crlf)
}

// renderMixed writes Tables 2, 3 and 4 each in its own layout.
func (g *genReport) renderMixed(l [3]Layout, crlf bool) string {
	t2, t3, t4 := g.tableRows()
	var b strings.Builder
	fmt.Fprintf(&b, "测试县人民政府办公室%d年政府信息公开工作年度报告\n\n", g.year)
	b.WriteString(SectionHeadings[0] + "\n本年度，我办坚持以公开为常态、不公开为例外，主动公开政府信息。\n\n")
	b.WriteString(SectionHeadings[1] + "\n\n")
	renderTable(&b, t2, l[0])
	b.WriteString(SectionHeadings[2] + "\n\n")
	renderTable(&b, t3, l[1])
	b.WriteString(SectionHeadings[3] + "\n\n")
	renderTable(&b, t4, l[2])
	b.WriteString(SectionHeadings[4] + "\n" + genSection5 + "\n\n")
	b.WriteString(SectionHeadings[5] + "\n本年度无收取信息处理费情况。\n")
	s := b.String()
	if crlf {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	return s
}
