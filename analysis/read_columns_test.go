package analysis

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
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

var wantFinding = regexp.MustCompile(`^(\d+) ([a-z-]+) "((?:[^"\\]|\\.)*)" ?(.*)$`)

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
