package input

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/analysis"
)

// The published reports in testdata/published (see NOTES.md there): two pages of
// 平潭综合实验区 as downloaded, the same pages saved as .docx by LibreOffice, one of
// them re-encoded as GBK.
const published = "../testdata/published"

type finding struct{ Rule, Where, Message string }

func findingsOf(text string) []finding {
	out := []finding{}
	for _, d := range analysis.Check(text, analysis.Options{}).Diagnostics {
		out = append(out, finding{d.Rule, d.Where, d.Message})
	}
	return out
}

func readPublished(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(published, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readAs reads a published file as its extension says.
func readAs(t testing.TB, name string, b []byte) string {
	t.Helper()
	src, err := Read(context.Background(), KindOf(name), b, 16<<20)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return src.Text
}

// The findings of each report, and the numbers its tables hold, checked by hand
// against the pages' HTML source (NOTES.md): both pages are on the 2021 format; the
// 2022 report words its section 四 「行政法复议」, the 2024 one 「行政复议与行政诉讼」;
// the 2024 report's Table 4 gives 行政复议 结果维持 1 and its 总计 0.
var publishedReports = []struct {
	name  string
	files []string
	want  []finding
	// rows maps a Table 3 row label to its seven values; table4 is the values row.
	rows   map[string][]string
	table4 []string
}{
	{
		name:  "pingtan-2022",
		files: []string{"pingtan-2022.html", "pingtan-2022.docx"},
		want: []finding{
			// 一 is 1984 as Word counts it: the same in every form.
			{"overview-length", "第一部分", "总体情况约 1984 字（按 Word 字数统计），格式要求篇幅原则上不超过一千字，请精简"},
			{"nonstandard-heading", "第四部分", "部分标题应为「四、政府信息公开行政复议、行政诉讼情况」"},
		},
		rows: map[string][]string{
			"一、本年新收政府信息公开申请数量": {"71", "3", "0", "0", "0", "0", "74"},
			"二、上年结转政府信息公开申请数量": {"1", "0", "0", "0", "0", "0", "1"},
			"1.本机关不掌握相关政府信息":   {"37", "0", "0", "0", "0", "0", "37"},
			"3.其他":             {"0", "2", "0", "0", "0", "0", "2"},
			"（七）总计":            {"72", "3", "0", "0", "0", "0", "75"},
		},
		table4: []string{"0", "1", "1", "0", "2", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"},
	},
	{
		name:  "pingtan-shenpi-2024",
		files: []string{"pingtan-shenpi-2024.html", "pingtan-shenpi-2024-gbk.html", "pingtan-shenpi-2024.docx"},
		want: []finding{
			{"nonstandard-heading", "第四部分", "部分标题应为「四、政府信息公开行政复议、行政诉讼情况」"},
			{"total-mismatch", "表四 行政复议 · 总计", "行政复议总计应为 1（1+0+0+0），报告为 0"},
		},
		rows: map[string][]string{
			"一、本年新收政府信息公开申请数量": {"28", "0", "0", "0", "0", "0", "28"},
			"（一）予以公开":          {"18", "0", "0", "0", "0", "0", "18"},
			"1.本机关不掌握相关政府信息":   {"4", "0", "0", "0", "0", "0", "4"},
			"（七）总计":            {"28", "0", "0", "0", "0", "0", "28"},
		},
		table4: []string{"1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
	},
}

// rowValues finds the table row holding label and gives the cells after it that are
// not empty; table4Values gives the last row of the table headed 行政复议.
func rowValues(blocks []analysis.TextBlock, label string) []string {
	for _, b := range blocks {
		for _, r := range b.Table {
			for i, c := range r {
				if c == label {
					var vals []string
					for _, v := range r[i+1:] {
						if v != "" {
							vals = append(vals, v)
						}
					}
					return vals
				}
			}
		}
	}
	return nil
}

func table4Values(blocks []analysis.TextBlock) []string {
	for _, b := range blocks {
		if len(b.Table) > 0 && b.Table[0][0] == "行政复议" {
			return b.Table[len(b.Table)-1]
		}
	}
	return nil
}

// TestPublishedReports: each published report reads the same in every form it was
// published in — web page, GBK web page, Word document — and the same again in the
// Markdown that `nianbao text` prints: the same findings (rule, place, message), which
// are the ones checked by hand, so no table is left unread. The numbers read are the
// published ones.
func TestPublishedReports(t *testing.T) {
	for _, r := range publishedReports {
		for _, name := range r.files {
			t.Run(name, func(t *testing.T) {
				b := readPublished(t, name)
				var blocks []analysis.TextBlock
				if KindOf(name) == HTML {
					blocks, _, _ = ReadHTML(b, testLimit)
				} else {
					var err error
					if blocks, err = ReadDOCX(b, testLimit); err != nil {
						t.Fatal(err)
					}
				}
				for label, want := range r.rows {
					if got := rowValues(blocks, label); !reflect.DeepEqual(got, want) {
						t.Errorf("Table 3 row %s: %q, want %q", label, got, want)
					}
				}
				if got := table4Values(blocks); !reflect.DeepEqual(got, r.table4) {
					t.Errorf("Table 4 values %q, want %q", got, r.table4)
				}
				text := readAs(t, name, b)
				if got := findingsOf(text); !reflect.DeepEqual(got, r.want) {
					t.Errorf("findings:\n got %q\nwant %q", got, r.want)
				}
				md := analysis.Read(text).Markdown()
				if got := findingsOf(md); !reflect.DeepEqual(got, r.want) {
					t.Errorf("findings of the Markdown form:\n got %q\nwant %q", got, r.want)
				}
			})
		}
	}
}

// numberCell is a number alone in an element: >21< in the page, <w:t>21</w:t> in the
// Word document.
var numberCell = regexp.MustCompile(`>\s*(\d+)\s*<`)

// setNumber changes the n-th number cell (from 1) after anchor, which must occur
// once, to v.
func setNumber(t *testing.T, s, anchor string, n int, v int) string {
	t.Helper()
	if c := strings.Count(s, anchor); c != 1 {
		t.Fatalf("anchor %q occurs %d times", anchor, c)
	}
	i := strings.Index(s, anchor) + len(anchor)
	m := numberCell.FindAllStringSubmatchIndex(s[i:], n)
	if len(m) < n {
		t.Fatalf("no %d-th number after %q", n, anchor)
	}
	a, b := i+m[n-1][2], i+m[n-1][3]
	return s[:a] + strconv.Itoa(v) + s[b:]
}

// editDOCX rewrites the document part of a .docx with edit.
func editDOCX(t *testing.T, b []byte, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "word/document.xml" {
			data = []byte(edit(string(data)))
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zw.Close()
	return out.Bytes()
}

// TestPublishedInjectedErrors: a leaf, a total and a Table 4 value changed in the
// published page and Word document are found, named by their place. The arithmetic:
// 自然人 (一)予以公开 21 → 22 makes the column's 总计 22+8+1+2+1+37+2 = 73, not 72;
// (七)总计 自然人 72 → 70 should be 72; 行政复议 结果纠正 1 → 3 makes its 总计
// 0+3+1+0 = 4, not 2.
func TestPublishedInjectedErrors(t *testing.T) {
	injections := []struct {
		name   string
		anchor string
		n, v   int
		want   finding
	}{
		// 73 outcomes against 71 + 1 applications: the leaf is the likely culprit,
		// so the total's message says so (and its fix is withheld).
		{"leaf", "（一）予以公开", 1, 22, finding{"total-mismatch", "表三 （七）总计 · 自然人", "（七）总计（自然人列）应为 73（22+8+1+2+1+37+2），报告为 72；但明细行之和已大于一、二之和 72，错的多半是明细行：请核对明细行，不要改总计"}},
		{"total", "（七）总计", 1, 70, finding{"total-mismatch", "表三 （七）总计 · 自然人", "（七）总计（自然人列）应为 72（21+8+1+2+1+37+2），报告为 70"}},
		{"table 4", "复议后起诉", 2, 3, finding{"total-mismatch", "表四 行政复议 · 总计", "行政复议总计应为 4（0+3+1+0），报告为 2"}},
	}
	for _, name := range []string{"pingtan-2022.html", "pingtan-2022.docx"} {
		orig := readPublished(t, name)
		for _, inj := range injections {
			t.Run(name+"/"+inj.name, func(t *testing.T) {
				edit := func(s string) string { return setNumber(t, s, inj.anchor, inj.n, inj.v) }
				var b []byte
				if KindOf(name) == DOCX {
					b = editDOCX(t, orig, edit)
				} else {
					b = []byte(edit(string(orig)))
				}
				got := findingsOf(readAs(t, name, b))
				found := false
				for _, f := range got {
					found = found || f == inj.want
				}
				if !found {
					t.Errorf("findings %q\nlack %q", got, inj.want)
				}
			})
		}
	}
}
