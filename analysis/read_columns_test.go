package analysis

import (
	"fmt"
	"maps"
	"math/rand"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// publishedReports are the report pages under testdata/published, each as
// `pdftotext -layout` gives it (NAME.pdftotext.txt) and as Markdown (NAME.md, with
// the findings it must give in NAME.want).
var publishedReports = []string{"pingtan-2022", "pingtan-shenpi-2024"}

func readPublished(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/published/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A published report read from pdftotext's columns gives exactly the findings of the
// same page written as Markdown (rule, message and place in words; positions differ),
// and the Markdown gives what its .want file, worked out by hand, lists. Every table
// is found in columns and every row of the template is read, with the same values.
func TestPublishedColumnsMatchMarkdown(t *testing.T) {
	for _, name := range publishedReports {
		t.Run(name, func(t *testing.T) {
			md := readPublished(t, name+".md")
			pdf := readPublished(t, name+".pdftotext.txt")
			mdRes, pdfRes := Check(md, Options{}), Check(pdf, Options{})
			checkWantFile(t, md, mdRes, readPublished(t, name+".want"))
			got, want := findingsWithoutPositions(pdfRes), findingsWithoutPositions(mdRes)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("findings differ from the Markdown form:\n got %q\nwant %q", got, want)
			}
			mdRep, pdfRep := mdRes.Report(), pdfRes.Report()
			if pdfRep.Year != mdRep.Year || pdfRep.Format != mdRep.Format || len(pdfRep.Sections) != 6 {
				t.Errorf("year %d format %s, %d sections; the Markdown: year %d format %s", pdfRep.Year, pdfRep.Format, len(pdfRep.Sections), mdRep.Year, mdRep.Format)
			}
			if len(pdfRep.Tables) != 3 {
				t.Fatalf("%d tables, want 3", len(pdfRep.Tables))
			}
			for i, tb := range pdfRep.Tables {
				if tb.Layout != LayoutColumns {
					t.Errorf("table %s read as %s", tb.Kind.Numeral(), tb.Layout)
				}
				gotRows, wantRows := matchedRows(pdf, tb), matchedRows(md, mdRep.Tables[i])
				if !reflect.DeepEqual(gotRows, wantRows) {
					t.Errorf("table %s rows:\n got %q\nwant %q", tb.Kind.Numeral(), gotRows, wantRows)
				}
				n := 0
				for _, r := range TemplateFor(tb.Format).rows(tb.Kind) {
					if r.Role != RoleGroup {
						n++
					}
				}
				if len(gotRows) != n {
					t.Errorf("table %s: %d of the template's %d rows read", tb.Kind.Numeral(), len(gotRows), n)
				}
			}
			// Every label, group label and header word is taken for the same template
			// wording, and as standard wording, in both.
			if got, want := labelWords(pdfRep), labelWords(mdRep); !reflect.DeepEqual(got, want) {
				t.Errorf("labels differ from the Markdown form:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// matchedRows lists the rows of a table matched to a template row of numbers: the
// template label and the values as written.
func matchedRows(text string, tb *Table) []string {
	var out []string
	for _, r := range tb.Rows {
		if r.Template == nil || r.Template.Role == RoleGroup {
			continue
		}
		s := r.Template.Label + ":"
		for i := range r.Values {
			s += " " + r.Values[i].text(text)
		}
		out = append(out, s)
	}
	return out
}

// labelWords lists the label cells of a report's tables as the template wording
// they were taken for, with whether they were written so, sorted: a group label
// stands beside its first child in a web page and beside another in a PDF.
func labelWords(rep *Report) []string {
	var out []string
	for _, l := range rep.labels {
		if !l.heading {
			out = append(out, "表"+l.table.Numeral()+" "+l.want+" "+strconv.FormatBool(l.standard))
		}
	}
	slices.Sort(out)
	return out
}

var wantFinding = regexp.MustCompile(`^(\d+) ([a-z0-9-]+) "((?:[^"\\]|\\.)*)" ?(.*)$`)

// checkWantFile holds findings to a .want file of the fixture tests (fixture_test.go):
// "LINE RULE "TOKEN" MESSAGE-SUBSTRING" lines, each met by exactly one finding, and
// "format F" and "year Y".
func checkWantFile(t *testing.T, text string, res *Result, wantFile string) {
	t.Helper()
	type want struct {
		line         int
		rule, token  string
		message, raw string
		met          bool
	}
	var wants []*want
	for _, l := range strings.Split(wantFile, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "format "):
			if f := res.Report().Format.String(); f != l[len("format "):] {
				t.Errorf("format %s, want %s", f, l[len("format "):])
			}
		case strings.HasPrefix(l, "year "):
			if y := strconv.Itoa(res.Report().Year); y != l[len("year "):] {
				t.Errorf("year %s, want %s", y, l[len("year "):])
			}
		default:
			m := wantFinding.FindStringSubmatch(l)
			if m == nil {
				t.Fatalf("cannot read %q", l)
			}
			n, _ := strconv.Atoi(m[1])
			tok, err := strconv.Unquote(`"` + m[3] + `"`)
			if err != nil {
				t.Fatalf("bad token in %q", l)
			}
			wants = append(wants, &want{line: n, rule: m[2], token: tok, message: m[4], raw: l})
		}
	}
	for _, d := range res.Diagnostics {
		line, tok := strings.Count(text[:d.Start], "\n")+1, text[d.Start:d.End]
		met := false
		for _, w := range wants {
			if !w.met && w.line == line && w.rule == d.Rule && w.token == tok && strings.Contains(d.Message, w.message) {
				w.met, met = true, true
				break
			}
		}
		if !met {
			t.Errorf("unexpected finding: %d %s %q %s", line, d.Rule, tok, d.Message)
		}
	}
	for _, w := range wants {
		if !w.met {
			t.Errorf("expected finding not produced: %s", w.raw)
		}
	}
}

// Geometry of renderColumns, in characters (pdftotext's columns): a group label's
// lane and the row labels' lane beside it, how wide a label may run before it wraps,
// where the numbers start, and how wide a header word may run in a column of numbers.
const (
	genGroupWrap  = 5 // 「（三）不予」/「公开」, as pingtan-2022 wraps it
	genLeafX      = genGroupWrap + 2
	genLeafWrap   = 13 // the longest Table 3 label wraps over three lines
	genFullWrap   = genLeafX + genLeafWrap
	genValuesX    = genFullWrap + 3
	genHeaderWrap = 4 // 「商业」/「企业」 wraps at two in pingtan-2022, 「本年收费」 at four here
	genMinColumn  = genHeaderWrap + 2
)

// renderColumns writes a table as `pdftotext -layout` writes a PDF's: cells placed in
// fixed columns with spaces (a Chinese character one column wide), a blank cell as
// nothing but spaces, labels longer than their lane wrapped over two or three lines
// with the numbers on the first line, the middle one, or a line of their own between
// two pieces (the rows take turns), a group label (a row's first of two labels) in a
// narrow lane of its own whose pieces run down beside the rows under it, and header
// words wrapped within their column, one short piece a line. Rows are the cells of a
// table as renderTable takes them: leading labels, then numbers ("" for a blank
// cell); a row without numbers is a title or header row, its first cell over the
// labels (when the table has any) and the others over the columns of numbers, its
// last over the last column when the row under it leaves that column empty (a cell
// merged down, as Table 3's 总计).
func renderColumns(b *strings.Builder, rows [][]string) {
	type placed struct {
		x     int
		frags []string
		// numbers marks the numbers of a row: they stand on line at of the row.
		numbers bool
	}
	isNumber := func(s string) bool { _, ok := parseNumber(s); return ok }
	labelsOf := func(r []string) int {
		n := 0
		for n < len(r) && r[n] != "" && !isNumber(r[n]) {
			n++
		}
		return n
	}
	hasNumbers := func(r []string) bool { return slices.ContainsFunc(r, isNumber) }
	hasLabels, hasGroups := false, false
	cols := 0
	for _, r := range rows {
		if hasNumbers(r) {
			n := labelsOf(r)
			hasLabels = hasLabels || n > 0
			hasGroups = hasGroups || n > 1
			cols = max(cols, len(r)-n)
		}
	}
	first := 0 // the header cell that stands over the first column of numbers
	if hasLabels {
		first = 1
	}
	for _, r := range rows {
		if !hasNumbers(r) && len(r) > 1 {
			cols = max(cols, len(r)-first)
		}
	}
	// Column widths: the widest number, or a header word's wrapped piece.
	width := make([]int, cols)
	for j := range width {
		width[j] = genMinColumn
	}
	for _, r := range rows {
		if n := labelsOf(r); hasNumbers(r) {
			for j, v := range r[n:] {
				width[j] = max(width[j], utf8.RuneCountInString(v)+2)
			}
		}
	}
	colX := make([]int, cols)
	x := 0
	if hasLabels {
		x = genValuesX
	}
	for j := range colX {
		colX[j], x = x, x+width[j]
	}
	wrap := func(s string, n int) []string {
		rs := []rune(s)
		var out []string
		for len(rs) > n {
			out = append(out, string(rs[:n]))
			rs = rs[n:]
		}
		return append(out, string(rs))
	}
	var lines [][]rune
	put := func(line, x int, s string) {
		rs := []rune(s)
		for len(lines) <= line {
			lines = append(lines, nil)
		}
		l := lines[line]
		// Nothing is overwritten: a piece that would run into another stands a space
		// after it, as pdftotext pushes it.
		free := func(x int) bool {
			for i := max(x-1, 0); i <= x+len(rs) && i < len(l); i++ {
				if l[i] != ' ' {
					return false
				}
			}
			return true
		}
		for !free(x) {
			x++
		}
		for len(l) < x+len(rs) {
			l = append(l, ' ')
		}
		copy(l[x:], rs)
		lines[line] = l
	}
	cur := 0
	groupUntil := 0 // the first line after the pieces of the last group label
	turn := 0
	for ri, r := range rows {
		var cells []placed
		numbersAt := 0
		if hasNumbers(r) {
			n := labelsOf(r)
			labels := r[:n]
			var label *placed
			switch {
			case n >= 2:
				cells = append(cells, placed{x: 0, frags: wrap(labels[0], genGroupWrap)})
				label = &placed{x: genLeafX, frags: wrap(labels[n-1], genLeafWrap)}
			case n == 1 && labels[0][0] >= '0' && labels[0][0] <= '9':
				label = &placed{x: genLeafX, frags: wrap(labels[0], genLeafWrap)}
			case n == 1:
				label = &placed{x: 0, frags: wrap(labels[0], genFullWrap)}
			}
			if label == nil || label.x == 0 || n >= 2 {
				cur = max(cur, groupUntil) // the group lane must be free
			}
			if label != nil && len(label.frags) > 1 {
				// Numbers on the first or the middle piece, or on a line of their own
				// between the first two pieces.
				switch turn % 3 {
				case 0:
					numbersAt = 0
				case 1:
					numbersAt = len(label.frags) / 2
				case 2:
					numbersAt = 1
					label.frags = append(label.frags[:1], append([]string{""}, label.frags[1:]...)...)
				}
				turn++
			}
			if label != nil {
				cells = append(cells, *label)
			}
			for j, v := range r[n:] {
				if v != "" {
					put(cur+numbersAt, colX[j], v)
				}
			}
		} else {
			if len(r) > 0 && (r[0] != "" || hasLabels) {
				cur = max(cur, groupUntil)
			}
			for j, c := range r {
				if c == "" {
					continue
				}
				switch col := j - first; {
				case len(r) == 1:
					cells = append(cells, placed{x: 0, frags: []string{c}})
				case col < 0:
					cells = append(cells, placed{x: 0, frags: wrap(c, genFullWrap)})
				default:
					if j == len(r)-1 && ri+1 < len(rows) && len(rows[ri+1]) > len(r) && rows[ri+1][len(rows[ri+1])-1] == "" {
						col = cols - 1
					}
					cells = append(cells, placed{x: colX[min(col, cols-1)], frags: wrap(c, genHeaderWrap)})
				}
			}
		}
		height := numbersAt + 1
		for _, c := range cells {
			for k, f := range c.frags {
				if f != "" {
					put(cur+k, c.x, f)
				}
			}
			if c.x == 0 && len(c.frags) > 1 && hasNumbers(r) && labelsOf(r) >= 2 {
				groupUntil = cur + len(c.frags) // a group label runs down beside the rows under it
				continue
			}
			height = max(height, len(c.frags))
		}
		cur += height
	}
	for _, l := range lines {
		b.WriteString(strings.TrimRight(string(l), " "))
		b.WriteString("\n")
	}
}

// renderIn writes g as renderMixed does, with the given table rows, every table in
// one layout; LayoutColumns through renderColumns.
func (g *genReport) renderIn(layout Layout, t2, t3, t4 [][]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "测试县人民政府办公室%d年政府信息公开工作年度报告\n\n", g.year)
	b.WriteString(SectionHeadings[0] + "\n本年度，我办坚持以公开为常态、不公开为例外，主动公开政府信息。\n\n")
	for i, rows := range [][][]string{t2, t3, t4} {
		b.WriteString(SectionHeadings[i+1] + "\n\n")
		if layout == LayoutColumns {
			renderColumns(&b, rows)
			b.WriteString("\n")
		} else {
			renderTable(&b, rows, layout)
		}
	}
	b.WriteString(SectionHeadings[4] + "\n" + genSection5 + "\n\n")
	b.WriteString(SectionHeadings[5] + "\n本年度无收取信息处理费情况。\n")
	return b.String()
}

// renderColumnsReport writes g with its three tables in columns.
func (g *genReport) renderColumnsReport() string {
	t2, t3, t4 := g.tableRows()
	return g.renderIn(LayoutColumns, t2, t3, t4)
}

// A consistent generated report in columns, in either format and with any line ends,
// reads without a finding: three tables in columns, six sections, every total.
func TestGeneratedColumnsReadClean(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for round := 0; round < 12; round++ {
		f := []Format{Format2019, Format2021}[round%2]
		eol := []string{"\n", "\r\n", "\r"}[round%3]
		text := strings.ReplaceAll(genClean(rng, f).renderColumnsReport(), "\n", eol)
		res := Check(text, Options{})
		rep := res.Report()
		if rep.Format != f || len(rep.Sections) != 6 || len(rep.Tables) != 3 {
			t.Fatalf("round %d: format %s, %d sections, %d tables", round, rep.Format, len(rep.Sections), len(rep.Tables))
		}
		for _, tb := range rep.Tables {
			if tb.Layout != LayoutColumns {
				t.Errorf("round %d: table %s read as %s", round, tb.Kind.Numeral(), tb.Layout)
			}
		}
		for _, d := range res.Diagnostics {
			t.Errorf("round %d (%s): unexpected %s %q: %s", round, f, d.Rule, text[d.Start:d.End], d.Message)
		}
		if want := map[Format]int{Format2019: 22 + 7 + 3, Format2021: 24 + 7 + 3}[f]; len(rep.totals) != want {
			t.Errorf("round %d: %d totals recognised, want %d", round, len(rep.totals), want)
		}
	}
}

// Errors put into a generated report — a leaf changed, a total changed, a Table 4
// value changed — are found in columns exactly as in the Markdown form of the same
// report.
func TestGeneratedColumnsFindErrors(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	corrupt := []struct {
		name  string
		rules map[string]int
		apply func(g *genReport)
	}{
		// The row's 总计, （七）总计's column, and so （七）总计's 总计 (which adds the
		// rows' 总计 as they should be) no longer add up.
		{"leaf", map[string]int{"total-mismatch": 3}, func(g *genReport) {
			v := g.t3["5.属于三类内部事务信息"]
			v[2] += 3
			g.t3["5.属于三类内部事务信息"] = v
		}},
		// （七）总计's 总计 is not the sum of its column, and breaks the 勾稽关系 of the
		// 总计 column.
		{"total", map[string]int{"total-mismatch": 1, "balance-mismatch": 1}, func(g *genReport) {
			v := g.t3["（七）总计"]
			v[6] += 7
			g.t3["（七）总计"] = v
		}},
		// The 复议后起诉 group's 总计 no longer adds up.
		{"table4", map[string]int{"total-mismatch": 1}, func(g *genReport) { g.t4[12] += 2 }},
	}
	for round := 0; round < 6; round++ {
		f := []Format{Format2019, Format2021}[round%2]
		for _, c := range corrupt {
			g := genClean(rng, f)
			c.apply(g)
			t2, t3, t4 := g.tableRows()
			cols, md := g.renderIn(LayoutColumns, t2, t3, t4), g.renderIn(LayoutMarkdown, t2, t3, t4)
			colRes := Check(cols, Options{})
			got, want := findingsWithoutPositions(colRes), findingsWithoutPositions(Check(md, Options{}))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s/%s: findings differ from the Markdown form:\n got %q\nwant %q", f, c.name, got, want)
			}
			rules := map[string]int{}
			for _, d := range colRes.Diagnostics {
				rules[d.Rule]++
			}
			wantRules := maps.Clone(c.rules)
			if c.name == "leaf" {
				// The 3 added to a leaf are more outcomes than applications on hand
				// (一 + 二 = leaves + 四) where 四 is under 3: in the column and in 总计.
				four := g.t3["四、结转下年度继续办理"]
				for _, col := range []int{2, 6} {
					if four[col] < 3 {
						wantRules["outcomes-exceed-applications"]++
					}
				}
			}
			if !reflect.DeepEqual(rules, wantRules) {
				t.Errorf("%s/%s: findings %v, want %v", f, c.name, rules, wantRules)
			}
		}
	}
}

// blankCells empties cells of a generated report's rows: a Table 2 value, three
// Table 3 values (a middle column, the first, and the last, whose place a PDF's line
// does not even reach), and a Table 4 value (no row of Table 4 then has all its
// numbers: the header tells the columns).
func blankCells(f Format, t2, t3, t4 [][]string) {
	empty := func(rows [][]string, label string, fromEnd int) {
		for _, r := range rows {
			if slices.Contains(r, label) {
				r[len(r)-fromEnd] = ""
				return
			}
		}
		panic("no row " + label)
	}
	empty(t2, map[Format]string{Format2019: "规范性文件", Format2021: "行政规范性文件"}[f], 2)
	empty(t3, "1.属于国家秘密", 4)
	empty(t3, "2.重复申请", 7)
	empty(t3, "（七）总计", 1)
	t4[len(t4)-1][7] = ""
}

// A blank cell, which leaves only spaces in a PDF's text, is read as a blank cell in
// its own column: the findings are those of the Markdown form with the cells empty,
// each blank cell's finding points into its row's line, and filling one in with the
// finding's fix gives the findings of the Markdown form with that cell 0.
func TestGeneratedColumnsBlankCells(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	for round := 0; round < 6; round++ {
		f := []Format{Format2019, Format2021}[round%2]
		g := genClean(rng, f)
		t2, t3, t4 := g.tableRows()
		blankCells(f, t2, t3, t4)
		cols, md := g.renderIn(LayoutColumns, t2, t3, t4), g.renderIn(LayoutMarkdown, t2, t3, t4)
		res := Check(cols, Options{})
		got, want := findingsWithoutPositions(res), findingsWithoutPositions(Check(md, Options{}))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: findings differ from the Markdown form:\n got %q\nwant %q\n%s", f, got, want, cols)
		}
		blanks := 0
		for _, tb := range res.Report().Tables {
			for _, r := range tb.Rows {
				for i := range r.Values {
					c := &r.Values[i]
					if c.Kind != CellBlank {
						continue
					}
					blanks++
					var number *Cell
					for j := range r.Values {
						if r.Values[j].isNumber() {
							number = &r.Values[j]
						}
					}
					if number == nil || lineOfOffset(cols, c.Start) != lineOfOffset(cols, number.Start) {
						t.Errorf("%s: the blank cell of 「%s」 is not in its row's line", f, r.Template.Label)
					}
				}
			}
		}
		if blanks != 5 {
			t.Errorf("%s: %d blank cells read, want 5", f, blanks)
		}
		// Fill in Table 3's blank in the middle of 「1.属于国家秘密」.
		var fix *Edit
		for _, d := range res.Diagnostics {
			if d.Rule == "blank-cell" && strings.HasPrefix(d.Where, "表三 1.属于国家秘密") {
				fix = &d.Fixes[0].Edits[0]
			}
		}
		if fix == nil {
			t.Fatalf("%s: no blank-cell finding for 1.属于国家秘密", f)
		}
		filled, err := ApplyEdits(cols, []Edit{*fix})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range t3 {
			if slices.Contains(r, "1.属于国家秘密") {
				r[len(r)-4] = "0"
			}
		}
		got = findingsWithoutPositions(Check(filled, Options{}))
		want = findingsWithoutPositions(Check(g.renderIn(LayoutMarkdown, t2, t3, t4), Options{}))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: after the fix, findings differ from the Markdown form with 0:\n got %q\nwant %q", f, got, want)
		}
	}
}

// lineOfOffset is the 0-based line of offset, whatever the line ends.
func lineOfOffset(text string, offset int) int {
	return strings.Count(text[:offset], "\n") + strings.Count(text[:offset], "\r") - strings.Count(text[:offset], "\r\n")
}

// columnsTable reads text and returns its one table in columns.
func columnsTable(t *testing.T, text string) *Grid {
	t.Helper()
	var grids []*Grid
	for _, b := range Read(text).Blocks {
		if b.Kind == TableBlock && b.Grid.Layout == LayoutColumns {
			grids = append(grids, b.Grid)
		}
	}
	if len(grids) != 1 {
		t.Fatalf("%d tables in columns, want 1:\n%s", len(grids), text)
	}
	return grids[0]
}

// spanOf is the span of the n-th (from 0) occurrence of s in text.
func spanOf(t *testing.T, text, s string, n int) Span {
	t.Helper()
	from := 0
	for ; ; n-- {
		i := strings.Index(text[from:], s)
		if i < 0 {
			t.Fatalf("%q not in the text", s)
		}
		if n == 0 {
			return Span{from + i, from + i + len(s)}
		}
		from += i + len(s)
	}
}

// placed writes pieces of text at rune columns, as pdftotext places them: pairs of a
// column and a text.
func placed(parts ...any) string {
	var b []rune
	for i := 0; i+1 < len(parts); i += 2 {
		x := parts[i].(int)
		for len(b) < x {
			b = append(b, ' ')
		}
		b = append(b[:x], []rune(parts[i+1].(string))...)
	}
	return string(b) + "\n"
}

// A label wrapped round a line of its own numbers is one cell, its first piece the
// token and the second in More, at their exact byte offsets; the blank cell the
// numbers leave is an empty token in the numbers' line where its column stands; a
// group label's pieces, among its rows' lines, make one cell of the row they span.
func TestColumnsCellSpans(t *testing.T) {
	// "@" marks where the blank cell of 本年废止件数 stands: under the 0 above it.
	text := "二、主动公开政府信息情况\n\n" +
		"第二十条第（一）项\n" +
		placed(0, "信息内容", 20, "本年制发件数", 38, "本年废止件数", 56, "现行有效件数") +
		placed(0, "规章", 20, "0", 38, "0", 56, "0") +
		placed(0, "行政规范性文") +
		placed(20, "12", 38, "@", 56, "30") +
		placed(0, "件") + "\n" +
		"三、收到和处理政府信息公开申请情况\n\n" +
		placed(0, "一、本年新收政府信息公开申请数量", 30, "1", 36, "0", 42, "0", 48, "0", 54, "0", 60, "0", 66, "1") +
		placed(8, "1.属于国家秘密", 30, "1", 36, "0", 42, "0", 48, "0", 54, "0", 60, "0", 66, "1") +
		placed(0, "（三）不予", 8, "2.其他法律行政法规禁止") +
		placed(30, "0", 36, "0", 42, "0", 48, "0", 54, "0", 60, "0", 66, "0") +
		placed(8, "公开") +
		placed(0, "公开", 8, "3.危及“三安全一稳定”", 30, "0", 36, "0", 42, "0", 48, "0", 54, "0", 60, "0", 66, "0")
	at := strings.Index(text, "@")
	text = strings.Replace(text, "@", " ", 1)
	doc := Read(text)
	var grids []*Grid
	for _, b := range doc.Blocks {
		if b.Kind == TableBlock {
			grids = append(grids, b.Grid)
		}
	}
	if len(grids) != 2 || grids[0].Layout != LayoutColumns || grids[1].Layout != LayoutColumns {
		t.Fatalf("want two tables in columns, got %d", len(grids))
	}
	row := grids[0].Rows[3]
	if len(row.Cells) != 4 {
		t.Fatalf("行政规范性文件 row has %d cells, want 4", len(row.Cells))
	}
	label := row.Cells[0]
	if label.Token != spanOf(t, text, "行政规范性文", 0) || len(label.More()) != 1 || label.More()[0] != spanOf(t, text, "\n件\n", 0).trim(-1).trim(1) {
		t.Errorf("label token %v more %v", label.Token, label.More())
	}
	if got := label.text(text); got != "行政规范性文件" {
		t.Errorf("label %q", got)
	}
	if c := row.Cells[1]; c.Token != spanOf(t, text, "12", 0) || c.Value != 12 {
		t.Errorf("first value %v %q", c.Token, text[c.Token.Start:c.Token.End])
	}
	if c := row.Cells[2]; c.Kind != CellBlank || c.Token != (Span{at, at}) || c.Span != (Span{at, at}) {
		t.Errorf("blank cell %v kind %d, want an empty token at %d", c.Token, c.Kind, at)
	}
	if c := row.Cells[3]; c.Token != spanOf(t, text, "30", 0) {
		t.Errorf("last value %v", c.Token)
	}
	// Table 3: the group's 「（三）不予」 and 「公开」 stand on the lines of 2. and
	// 3.; 2.'s own 「公开」 on the line between.
	var group, leaf *Cell
	for i := range grids[1].Rows {
		for j := range grids[1].Rows[i].Cells {
			c := &grids[1].Rows[i].Cells[j]
			switch c.text(text) {
			case "（三）不予公开":
				group = c
			case "2.其他法律行政法规禁止公开":
				leaf = c
			}
		}
	}
	if group == nil || leaf == nil {
		t.Fatalf("group %v leaf %v", group, leaf)
	}
	if group.Token != spanOf(t, text, "（三）不予", 0) || len(group.More()) != 1 || group.More()[0] != spanOf(t, text, "\n公开", 0).trim(-1) {
		t.Errorf("group token %v more %v", group.Token, group.More())
	}
	if leaf.Token != spanOf(t, text, "2.其他法律行政法规禁止", 0) || len(leaf.More()) != 1 || leaf.More()[0] != spanOf(t, text, "        公开\n", 0).trim(-8).trim(1) {
		t.Errorf("leaf token %v more %v", leaf.Token, leaf.More())
	}
}

// trim drops n bytes from the end of a span, or -n from its start.
func (s Span) trim(n int) Span {
	if n < 0 {
		return Span{s.Start - n, s.End}
	}
	return Span{s.Start, s.End - n}
}

// Words among a row's numbers are cells of that row, where a number should be; the
// row's cells, blanks included, stay in the order of the text even with a table word
// after the numbers (a fuzzed report had a blank cell placed after that word, and
// row-shape a range that ended before it started).
func TestColumnsWordsAmongNumbers(t *testing.T) {
	text := "三、收到和处理政府信息公开申请情况\n\n" +
		placed(0, "一、本年新收政府信息公开申请数量", 30, "19", 36, "19", 42, "28", 48, "55", 54, "12", 60, "5", 66, "138") +
		placed(0, "二、上年结转政府信息公开申请数量", 30, "19", 36, "19", 42, "28", 48, "55", 54, "12", 60, "5=", 66, "1x") +
		placed(0, "四、结转下年度继续办理", 30, "1", 36, "2", 42, "3", 54, "5", 66, "11", 72, "总计")
	g := columnsTable(t, text)
	for _, r := range g.Rows {
		prev := r.Start
		for _, c := range r.Cells {
			if c.Start < prev || c.Token.Start > c.Token.End {
				t.Errorf("row %q: cell %q at %v out of order", text[r.Start:r.End], c.text(text), c.Token)
			}
			prev = c.End
		}
	}
	if n := len(g.Rows[1].Cells); n != 8 {
		t.Errorf("row 二 has %d cells, want the label and 7 values", n)
	}
	for _, d := range Check(text, Options{}).Diagnostics {
		if d.Start > d.End || d.End > len(text) {
			t.Errorf("%s: range [%d,%d)", d.Rule, d.Start, d.End)
		}
	}
	if c := g.Rows[2].Cells[4]; c.Kind != CellBlank || lineOfOffset(text, c.Start) != 4 {
		t.Errorf("row 四's 社会公益组织 cell: kind %d at line %d", c.Kind, lineOfOffset(text, c.Start)+1)
	}
}

// Nothing but tables in columns is read as columns: the sample reports, generated
// reports in the other layouts, a site's menus, prose with runs of spaces. In the
// published pages everything outside the three tables (and the footer's "|" row)
// stays paragraphs, and every section heading is found.
func TestColumnsOnlyWhereTables(t *testing.T) {
	docs := map[string]string{
		"menus": "   •   首页\n   •   政务公开\n\n网站标识码：3590000001                公安备案号：35012899001-19002 闽 ICP 备 09032658 号\n" +
			"   •                     平潭文旅\n政府信息公开 领导之窗 政府机构 要闻\n12345 便民惠企服务平台 在线访谈 网上调查 民意征集 互动交流知识库\n",
		"prose": "2022 年，全区收到政府信息公开申请  75 件，涉及自然人  72 件。\n规章  0 件，行政规范性文件  88 件，均已公开。\n" +
			"本年度  共办理  行政许可  10690  件，行政处罚  2113  件。\n",
	}
	for _, p := range samplePaths() {
		docs[p] = readSample(t, strings.TrimPrefix(p, "../testdata/samples/"))
	}
	rng := rand.New(rand.NewSource(14))
	for _, f := range []Format{Format2019, Format2021} {
		for _, l := range layouts {
			if l != LayoutColumns {
				docs[f.String()+"/"+l.String()] = genClean(rng, f).render(l, false)
			}
		}
	}
	for name, text := range docs {
		for _, b := range Read(text).Blocks {
			if b.Kind == TableBlock && b.Grid.Layout == LayoutColumns {
				t.Errorf("%s: %q read as a table in columns", name, text[b.Start:min(b.End, b.Start+120)])
			}
		}
	}
	for _, name := range publishedReports {
		text := readPublished(t, name+".pdftotext.txt")
		doc := Read(text)
		tables := 0
		for _, b := range doc.Blocks {
			if b.Kind != TableBlock {
				continue
			}
			tables++
			if b.Grid.Layout != LayoutColumns && !strings.HasPrefix(text[b.Start:b.End], "使用帮助 |") {
				t.Errorf("%s: table %q in %s", name, text[b.Start:min(b.End, b.Start+60)], b.Grid.Layout)
			}
		}
		if tables != 4 {
			t.Errorf("%s: %d tables, want three in columns and the footer", name, tables)
		}
		// Every line that is no table line is in a paragraph: the menus, the title,
		// the headings and the prose.
		for _, line := range strings.Split(text, "\n") {
			s := strings.Trim(line, " \f")
			if !strings.HasPrefix(s, "•") && !strings.HasPrefix(s, "平潭综合实验区") && !isHeadingLine(s) {
				continue
			}
			found := false
			for _, b := range doc.Blocks {
				if b.Kind == Paragraph && strings.Contains(text[b.Start:b.End], s) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: %q is not a paragraph", name, s)
			}
		}
		if rep := Check(text, Options{}).Report(); len(rep.Sections) != 6 {
			t.Errorf("%s: %d sections", name, len(rep.Sections))
		}
	}
}

// BenchmarkReadColumns reads each published pdftotext output (Read: the document
// model; Check: reading, matching and every rule), the two repeated to 1 MB and to
// 4 MB (the same MB/s shows reading is linear), and the worst case for joining
// wrapped labels: a tall run of one-character lines between two rows, at 16k and 64k
// lines.
func BenchmarkReadColumns(b *testing.B) {
	docs := []struct{ name, text string }{}
	var both strings.Builder
	for _, name := range publishedReports {
		text := readPublished(b, name+".pdftotext.txt")
		docs = append(docs, struct{ name, text string }{name, text})
		both.WriteString(text + "\n")
	}
	for _, size := range []int{1 << 20, 4 << 20} {
		docs = append(docs, struct{ name, text string }{fmt.Sprintf("both-%dMB", size>>20), strings.Repeat(both.String(), size/both.Len()+1)})
	}
	for _, n := range []int{16000, 64000} {
		tall := placed(0, "规章", 20, "1", 30, "2") + strings.Repeat("x\n", n) + placed(0, "规章", 20, "1", 30, "2")
		docs = append(docs, struct{ name, text string }{fmt.Sprintf("tall-%dk", n/1000), tall})
	}
	for _, d := range docs {
		b.Run("Read/"+d.name, func(b *testing.B) {
			b.SetBytes(int64(len(d.text)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				Read(d.text)
			}
		})
	}
	for _, d := range docs[:len(publishedReports)] {
		b.Run("Check/"+d.name, func(b *testing.B) {
			b.SetBytes(int64(len(d.text)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				Check(d.text, Options{}).Report()
			}
		})
	}
}

// Each 第二十条 item's header is a header row of its own even where the report leaves
// out the items' titles: header words are cut into rows only between lines of
// numbers. The findings and every label's template wording are the Markdown form's.
func TestColumnsHeaderPerItem(t *testing.T) {
	rng := rand.New(rand.NewSource(15))
	for _, f := range []Format{Format2019, Format2021} {
		g := genClean(rng, f)
		t2, t3, t4 := g.tableRows()
		var untitled [][]string
		for _, r := range t2 {
			if !strings.HasPrefix(r[0], "第二十条") {
				untitled = append(untitled, r)
			}
		}
		cols, md := g.renderIn(LayoutColumns, untitled, t3, t4), g.renderIn(LayoutMarkdown, untitled, t3, t4)
		colRes, mdRes := Check(cols, Options{}), Check(md, Options{})
		if got, want := findingsWithoutPositions(colRes), findingsWithoutPositions(mdRes); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: findings differ from the Markdown form:\n got %q\nwant %q", f, got, want)
		}
		if got, want := labelWords(colRes.Report()), labelWords(mdRes.Report()); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: labels differ from the Markdown form:\n got %q\nwant %q", f, got, want)
		}
	}
}

// Any one number of a published report left blank (its digits turned to spaces, as
// a blank cell leaves a PDF's text) is read as a blank cell in its own column, and no
// other cell is: over the noisy positions of real pdftotext output (Table 3's first
// column drifts by eight characters on pingtan-2022's third page), a Table 2 row whose
// one number is gone, and Table 4's header begun on the page before its data.
func TestPublishedColumnsBlankEachCell(t *testing.T) {
	for _, name := range publishedReports {
		text := readPublished(t, name+".pdftotext.txt")
		cells := 0
		for _, tb := range Check(text, Options{}).Report().Tables {
			for _, r := range tb.Rows {
				if r.Template == nil || r.Template.Role == RoleGroup {
					continue
				}
				for col := range r.Values {
					c := r.Values[col]
					blanked := text[:c.Token.Start] + strings.Repeat(" ", c.Token.End-c.Token.Start) + text[c.Token.End:]
					var blanks []string
					for _, d := range Check(blanked, Options{}).Diagnostics {
						if d.Rule == "blank-cell" {
							blanks = append(blanks, d.Where)
						}
					}
					if want := r.Template.cellWhere[col]; len(blanks) != 1 || blanks[0] != want {
						t.Errorf("%s: %s blanked, blank cells read at %q", name, want, blanks)
					}
					cells++
				}
			}
		}
		if cells != 10+7*25+15 { // Table 2 of 2021 has 10 numbers, Table 3 25 rows of 7
			t.Errorf("%s: %d cells blanked", name, cells)
		}
	}
}

// Where no row has all its numbers, the header tells the columns; a header word on
// the page before (pdftotext lays out each page on a grid of its own) is placed
// between the columns of the data's page around it. Header words one space apart
// are cells of their own.
func TestColumnsHeaderOnPreviousPage(t *testing.T) {
	text := "测试县人民政府办公室2022年政府信息公开工作年度报告\n\n四、政府信息公开行政复议、行政诉讼情况\n\n" +
		placed(0, "行政复议", 20, "行政诉讼") +
		placed(0, "结果维持", 5, "结果纠正", 10, "其他结果", 15, "尚未审结", 20, "总计", 25, "未经复议直接起诉", 45, "复议后起诉") +
		"\f" + placed(40, "结果维持", 46, "结果纠正", 52, "其他结果", 58, "尚未审结", 64, "总计", 70, "结果维持", 76, "结果纠正", 82, "其他结果", 88, "尚未审结", 94, "总计") +
		placed(0, "1", 8, "2", 24, "4", 32, "7", 40, "1", 46, "0", 52, "0", 58, "0", 64, "1", 70, "0", 76, "0", 82, "0", 88, "0", 94, "0")
	var blanks []string
	for _, d := range Check(text, Options{}).Diagnostics {
		if d.Rule == "blank-cell" {
			blanks = append(blanks, d.Where)
		}
	}
	if want := []string{"表四 行政复议 · 其他结果"}; !reflect.DeepEqual(blanks, want) {
		t.Errorf("blank cells read at %q, want %q", blanks, want)
	}
}

// TestGridSpansHoldTheirCells: every cell of a grid row lies in the row's span and
// every row in its block's. A blank cell of the column layout stands where its
// column is, which may be in the row's trailing spaces: outside the row, a table's
// rules took its total for another table's on a lean check (FuzzCheck's seed
// columns-blank-total-in-trailing-spaces: CheckFindings missed a total-mismatch
// that Check found).
func TestGridSpansHoldTheirCells(t *testing.T) {
	texts := map[string]string{"fuzz seed": "政府信息公开年度报告\n0 0 0 0 0 0 0\n其他  1 "}
	for name, blocks := range sampleBlocks(t) {
		for _, l := range pasteLayouts {
			texts[name+" in "+l] = writeBlocks(blocks, l)
		}
	}
	for name, text := range texts {
		for _, b := range Read(text).Blocks {
			if b.Grid == nil {
				continue
			}
			for _, r := range b.Grid.Rows {
				if r.Start < b.Start || r.End > b.End {
					t.Errorf("%s: row %v outside its block %v", name, r.Span, b.Span)
				}
				for _, c := range r.Cells {
					if c.Token.Start < r.Start || c.Token.End > r.End {
						t.Errorf("%s: cell %v %q outside its row %v", name, c.Token, text[c.Token.Start:c.Token.End], r.Span)
					}
				}
			}
		}
	}
	text := texts["fuzz seed"]
	if got, want := len(CheckFindings(text, Options{}).Diagnostics), len(Check(text, Options{}).Diagnostics); got != want || want == 0 {
		t.Errorf("fuzz seed: CheckFindings %d findings, Check %d", got, want)
	}
}
