package analysis

import (
	"fmt"
	"strconv"
	"strings"
)

// What an editor shows of a report besides its findings — the arithmetic behind a
// total, the template wording of a label, the outline of sections and tables — in
// the words every editor uses: the language server renders them as Markdown, the
// web page as plain text.

// Explain gives a total's name and the lines that show its arithmetic:
//
//	总计 = 6 + 0 + 0 + 0 + 0 + 1 = 7
//	报告值 6，与计算结果不符，应为 7。
func (t TotalInfo) Explain() (title string, lines []string) {
	if !t.Known {
		return t.Name, []string{"有明细单元格为空或不是数字，无法算出总计。"}
	}
	terms := make([]string, len(t.Terms))
	for i, v := range t.Terms {
		terms[i] = strconv.FormatInt(v, 10)
	}
	lines = []string{fmt.Sprintf("总计 = %s = %d", strings.Join(terms, " + "), t.Expected)}
	switch {
	case !t.ReportedOK:
		lines = append(lines, "报告中的总计单元格为空或不是数字。")
	case t.Reported == t.Expected:
		lines = append(lines, fmt.Sprintf("报告值 %d，与计算结果一致。", t.Reported))
	default:
		lines = append(lines, fmt.Sprintf("报告值 %d，与计算结果不符，应为 %d。", t.Reported, t.Expected))
	}
	return t.Name, lines
}

// Explain gives where a label or heading stands and the lines that give its
// template wording, and say so when the report words it otherwise.
func (l LabelInfo) Explain() (title string, lines []string) {
	title = "部分标题"
	if l.Table != 0 {
		title = tableName(l.Table)
	}
	format := "格式"
	if f := l.Format.String(); f != "" {
		format = f + " 年版格式"
	}
	lines = []string{fmt.Sprintf("%s的规定措辞：「%s」", format, l.Template)}
	if !l.Standard {
		lines = append(lines, fmt.Sprintf("报告写作「%s」，与规定措辞不一致。", l.Text))
	}
	return title, lines
}

// OutlineEntry is a section, with the tables in it, or a table outside every
// section.
type OutlineEntry struct {
	Name string
	// Detail is the template's heading of a section headed otherwise, the format of
	// a table's layout ("2021 年版"); empty when there is nothing to say.
	Detail string
	// Span is the whole section or table; Selection its heading (the table itself).
	Span, Selection Span
	Table           bool
	Children        []OutlineEntry
}

// Outline is the report's structure for an editor's outline; nil when it is not a
// report.
func (r *Report) Outline() []OutlineEntry {
	if r == nil || !r.IsReport {
		return nil
	}
	var out []OutlineEntry
	placed := make([]bool, len(r.Tables))
	for _, sec := range r.Sections {
		e := OutlineEntry{Name: r.sectionName(sec), Span: sec.Span, Selection: sec.Heading}
		if !sec.Standard && int(sec.Kind) >= 1 && int(sec.Kind) <= len(SectionHeadings) {
			e.Detail = SectionHeadings[sec.Kind-1]
		}
		for i, t := range r.Tables {
			if !placed[i] && sec.Start <= t.Start && t.End <= sec.End {
				placed[i] = true
				e.Children = append(e.Children, tableEntry(t))
			}
		}
		out = append(out, e)
	}
	for i, t := range r.Tables {
		if !placed[i] {
			out = append(out, tableEntry(t))
		}
	}
	return out
}

// sectionName is a section's heading as written, or the template's.
func (r *Report) sectionName(sec *Section) string {
	if sec.Heading.Start >= 0 && sec.Heading.Start < sec.Heading.End && sec.Heading.End <= len(r.Text) {
		if name := strings.TrimSpace(r.Text[sec.Heading.Start:sec.Heading.End]); name != "" {
			return name
		}
	}
	if int(sec.Kind) >= 1 && int(sec.Kind) <= len(SectionHeadings) {
		return SectionHeadings[sec.Kind-1]
	}
	return "部分"
}

func tableEntry(t *Table) OutlineEntry {
	detail := ""
	if f := t.Format.String(); f != "" {
		detail = f + " 年版"
	}
	return OutlineEntry{Name: "表" + t.Kind.Numeral() + " " + t.Kind.Name(), Detail: detail, Span: t.Span, Selection: t.Span, Table: true}
}
