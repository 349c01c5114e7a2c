package analysis

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Every report reads the same in every layout people paste. The test code writes a
// report's paragraphs and tables (its TextBlocks) in each layout below, as the
// copies of web pages and Word files give them, and holds the findings to those of
// its Markdown form, apart from positions.

// pasteLayouts are the written forms of a table the tests make.
var pasteLayouts = []string{
	"markdown",        // | a | b | with a delimiter row
	"pipe",            // a | b |
	"tab-row",         // a\tb, a spreadsheet
	"tab-row-wrapped", // a\tb with long cells broken over lines, a browser's copy
	"cell-lines",      // \ta\n\tb\n\n, one TAB-indented cell per line
	"bare",            // one cell per line without indentation, rows apart
	"bare-nogap",      // one cell per line, nothing between rows
	"inline",          // the whole text on one line, cells between single spaces
	"columns",         // columns aligned with spaces, as pdftotext -layout writes a PDF
}

// writeBlocks writes blocks in a layout. Paragraphs are lines of their own, but in
// "inline", where everything is one line.
func writeBlocks(blocks []TextBlock, layout string) string {
	var b strings.Builder
	if layout == "inline" {
		var parts []string
		for _, bl := range blocks {
			if bl.Table == nil {
				parts = append(parts, oneParagraph(bl.Paragraph))
				continue
			}
			for _, row := range bl.Table {
				for _, c := range row {
					c = cellText(c)
					if c == "" {
						c = "\u00a0" // a crawler's text keeps &nbsp;
					}
					parts = append(parts, strings.ReplaceAll(c, " ", ""))
				}
			}
		}
		return strings.Join(parts, " ") + "\n"
	}
	for _, bl := range blocks {
		if bl.Table == nil {
			b.WriteString(oneParagraph(bl.Paragraph) + "\n\n")
			continue
		}
		if layout == "columns" {
			renderColumns(&b, bl.Table)
		} else {
			writeTable(&b, bl.Table, layout)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func writeTable(b *strings.Builder, rows [][]string, layout string) {
	for i, row := range rows {
		cells := make([]string, len(row))
		for j, c := range row {
			cells[j] = cellText(c)
		}
		switch layout {
		case "markdown":
			b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
			if i == 0 {
				b.WriteString("|" + strings.Repeat("---|", len(cells)) + "\n")
			}
		case "pipe":
			b.WriteString(strings.Join(cells, " | ") + " |\n")
		case "tab-row":
			b.WriteString(strings.Join(cells, "\t") + "\n")
		case "tab-row-wrapped":
			for j, c := range cells {
				cells[j] = wrapCell(c)
			}
			b.WriteString(strings.Join(cells, "\t") + "\n")
		case "cell-lines":
			for _, c := range cells {
				b.WriteString("\t" + c + "\n")
			}
			b.WriteString("\n")
		case "bare", "bare-nogap":
			for _, c := range cells {
				if c == "" {
					c = "\u3000" // an empty cell copies as a full-width space
				}
				b.WriteString(c + "\n")
			}
			if layout == "bare" {
				b.WriteString("\n")
			}
		default:
			panic("unknown layout " + layout)
		}
	}
}

// wrapCell breaks a cell of words as a narrow column of a web page does: after its
// first half when it is long, and the header words that pages break in two.
func wrapCell(c string) string {
	for _, w := range []string{"本年新制作数量", "本年新公开数量", "其他结果", "商业企业", "科研机构"} {
		if c == w {
			r := []rune(c)
			return string(r[:len(r)/2]) + "\n" + string(r[len(r)/2:])
		}
	}
	if _, ok := parseNumber(c); ok || utf8.RuneCountInString(c) < 16 {
		return c
	}
	r := []rune(c)
	return string(r[:len(r)/2]) + "\n" + string(r[len(r)/2:])
}

// findingsOf lists each finding as its rule, place in words and message.
func findingsOf(text string) []string {
	var out []string
	for _, d := range Check(text, Options{}).Diagnostics {
		out = append(out, d.Rule+" ["+d.Where+"] "+d.Message)
	}
	return out
}

// sampleBlocks reads every sample report into blocks.
func sampleBlocks(t *testing.T) map[string][]TextBlock {
	out := map[string][]TextBlock{}
	for _, p := range samplePaths() {
		out[filepath.Base(p)] = Read(readSample(t, filepath.Base(p))).TextBlocks()
	}
	return out
}

func TestSamplesInEveryLayout(t *testing.T) {
	for name, blocks := range sampleBlocks(t) {
		want := findingsOf(RenderMarkdown(blocks))
		for _, l := range pasteLayouts {
			text := writeBlocks(blocks, l)
			if got := findingsOf(text); !sameFindings(l, got, want) {
				t.Errorf("%s in %s: findings differ from the Markdown form\n%s", name, l, diffLines(got, want))
			}
		}
	}
}

// Errors put into a sample — a leaf, a total and a Table 4 value changed — are
// found in every layout, as in the Markdown form.
func TestInjectedErrorsInEveryLayout(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	for name, blocks := range sampleBlocks(t) {
		bad, what := injectErrors(rng, blocks)
		if what == "" {
			continue
		}
		clean := findingsOf(RenderMarkdown(blocks))
		want := findingsOf(RenderMarkdown(bad))
		if reflect.DeepEqual(clean, want) {
			t.Errorf("%s: %s changes no finding in the Markdown form", name, what)
		}
		for _, l := range pasteLayouts {
			if got := findingsOf(writeBlocks(bad, l)); !sameFindings(l, got, want) {
				t.Errorf("%s (%s) in %s: findings differ from the Markdown form\n%s", name, what, l, diffLines(got, want))
			}
		}
	}
}

// injectErrors adds 7 to a number in a Table 3 leaf row, in a Table 3 total and in
// Table 4's data row of a copy of blocks, and says which it changed.
func injectErrors(rng *rand.Rand, blocks []TextBlock) ([]TextBlock, string) {
	out := make([]TextBlock, len(blocks))
	var what []string
	bump := func(row []string, i int) bool {
		if n, err := strconv.Atoi(row[i]); err == nil {
			row[i] = strconv.Itoa(n + 7)
			return true
		}
		return false
	}
	leaf, total, t4 := false, false, false
	for i, b := range blocks {
		out[i] = b
		if b.Table == nil {
			continue
		}
		out[i].Table = make([][]string, len(b.Table))
		for r, row := range b.Table {
			row = append([]string(nil), row...)
			out[i].Table[r] = row
			n := len(row)
			if n == 0 {
				continue
			}
			joined := strings.Join(row, "")
			switch {
			case !leaf && strings.Contains(joined, "予以公开") && n >= 7:
				leaf = bump(row, n-7+rng.Intn(6))
				if leaf {
					what = append(what, "a leaf")
				}
			case !total && strings.Contains(joined, "（七）") && n >= 7:
				total = bump(row, n-1)
				if total {
					what = append(what, "a total")
				}
			case !t4 && n == 15:
				t4 = bump(row, rng.Intn(4))
				if t4 {
					what = append(what, "a Table 4 value")
				}
			}
		}
	}
	return out, strings.Join(what, ", ")
}

// Clean generated reports in every layout and both formats read without a finding,
// with all three tables and six sections.
func TestGeneratedReportsInEveryLayout(t *testing.T) {
	rng := rand.New(rand.NewSource(10))
	for round := 0; round < 8; round++ {
		f := []Format{Format2019, Format2021}[round%2]
		blocks := genClean(rng, f).blocks()
		for _, l := range pasteLayouts {
			text := writeBlocks(blocks, l)
			res := Check(text, Options{})
			rep := res.Report()
			if rep.Format != f || len(rep.Tables) != 3 || len(rep.Sections) != 6 {
				t.Errorf("%s/%s: format %s, %d tables, %d sections", f, l, rep.Format, len(rep.Tables), len(rep.Sections))
			}
			for _, d := range res.Diagnostics {
				t.Errorf("%s/%s: unexpected %s %q: %s", f, l, d.Rule, text[d.Start:d.End], d.Message)
			}
		}
	}
}

// sameFindings compares the findings in a layout with those of the Markdown form.
//
// Where nothing marks the end of a row (one cell per line with nothing between rows,
// cells in running text), a row short of values followed by the empty cells before
// the next row's label cannot be told from a row whose last values are blank: wuqiao
// has rows of five numbers where seven belong, and there the blanks after them read
// as its 其他 and 总计. Such a report, already wrong in the shape of its rows, is held
// only to reading every row label; a report whose rows have their values reads the
// same in every layout.
//
// In columns (a PDF's text), an empty cell leaves only spaces, and the reader puts
// the numbers back in their columns by where they stand. A row short of values (as
// wuqiao's) then reads as a row with blank cells, which is what the page shows: such
// a report is held to reading every row label. A table with nearly every cell blank
// (guanghua's, whose header words also stand one character to a line) leaves too
// few numbers to place the columns by: it is held only to not passing silently.
func sameFindings(layout string, got, want []string) bool {
	if layout == "columns" {
		if countRule(want, "blank-cell") > 0 {
			return len(got) > 0
		}
		if countRule(want, "row-shape") > 0 {
			return countRule(got, "missing-row") == countRule(want, "missing-row") &&
				countRule(got, "table-unreadable") == countRule(want, "table-unreadable")
		}
	}
	if layout == "bare-nogap" || layout == "inline" {
		for _, w := range want {
			if strings.HasPrefix(w, "row-shape ") {
				return countRule(got, "missing-row") == countRule(want, "missing-row") &&
					countRule(got, "table-unreadable") == countRule(want, "table-unreadable")
			}
		}
	}
	return reflect.DeepEqual(got, want)
}

func countRule(findings []string, rule string) int {
	n := 0
	for _, f := range findings {
		if strings.HasPrefix(f, rule+" ") {
			n++
		}
	}
	return n
}

// diffLines shows the lines only one of two lists has.
func diffLines(got, want []string) string {
	in := func(xs []string) map[string]int {
		m := map[string]int{}
		for _, x := range xs {
			m[x]++
		}
		return m
	}
	g, w := in(got), in(want)
	var b strings.Builder
	for _, x := range want {
		if g[x] == 0 {
			fmt.Fprintf(&b, "  missing: %s\n", x)
		} else {
			g[x]--
		}
	}
	for _, x := range got {
		if w[x] == 0 {
			fmt.Fprintf(&b, "  extra:   %s\n", x)
		} else {
			w[x]--
		}
	}
	if b.Len() == 0 {
		b.WriteString("  (the same findings in another order)\n")
	}
	return b.String()
}
