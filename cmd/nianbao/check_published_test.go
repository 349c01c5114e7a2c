package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/analysis"
)

// The published reports of testdata/published (their NOTES.md says what was checked by
// hand): web pages, a GBK web page, Word documents, PDFs.
const publishedDir = "../../testdata/published"

// runCLIInput runs the command in-process with stdin.
func runCLIInput(t *testing.T, stdin []byte, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, bytes.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

type placed struct{ Rule, Where, Message string }

// placedFindings lists a file's findings without positions.
func placedFindings(f testFile) []placed {
	out := []placed{}
	for _, d := range f.Diagnostics {
		out = append(out, placed{d.Rule, d.Where, d.Message})
	}
	return out
}

// copyPublished copies published files into a fresh directory, writable.
func copyPublished(t *testing.T, names ...string) (dir string, paths []string) {
	t.Helper()
	dir = t.TempDir()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(publishedDir, n))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, writeFile(t, filepath.Join(dir, n), b))
	}
	return dir, paths
}

var shenpiFindings = []placed{
	{"nonstandard-heading", "第四部分", "部分标题应为「四、政府信息公开行政复议、行政诉讼情况」"},
	{"total-mismatch", "表四 行政复议 · 总计", "行政复议总计应为 1（1+0+0+0），报告为 0"},
}

// TestCheckPublishedFiles: check reads web pages, a GBK page and Word documents named
// on the command line and found in a folder; each finding carries its place in words
// in json, in text after the message, and in SARIF as a logical location. Lines and
// columns are those of the text read out, which `nianbao text` prints.
func TestCheckPublishedFiles(t *testing.T) {
	names := []string{"pingtan-shenpi-2024.html", "pingtan-shenpi-2024-gbk.html", "pingtan-shenpi-2024.docx"}
	dir, paths := copyPublished(t, names...)
	writeFile(t, filepath.Join(dir, "旧版.doc"), []byte("not collected"))

	for _, args := range [][]string{paths, {dir}} {
		out, stderr, code := checkJSON(t, args...)
		if code != 1 {
			t.Errorf("%q: exit %d, want 1 (an error-severity finding); stderr %q", args, code, stderr)
		}
		if len(out.Files) != 3 {
			t.Fatalf("%q: %d files, want 3", args, len(out.Files))
		}
		for _, f := range out.Files {
			if f.Year == nil || *f.Year != 2024 || f.Format == nil || *f.Format != "2021" {
				t.Errorf("%s: year %v format %v, want 2024 on the 2021 format", f.Path, f.Year, f.Format)
			}
			if got := placedFindings(f); !reflect.DeepEqual(got, shenpiFindings) {
				t.Errorf("%s: findings\n got %q\nwant %q", f.Path, got, shenpiFindings)
			}
		}
	}

	// Positions are in the text that `nianbao text` prints: the total's range covers
	// the 0 of Table 4's 行政复议 总计 there.
	md, _, code := runCLI(t, "text", paths[2])
	if code != 0 {
		t.Fatalf("text: exit %d", code)
	}
	out, _, _ := checkJSON(t, paths[2])
	for _, d := range out.Files[0].Diagnostics {
		line, tok := tokenAt(t, md, d.Range)
		if d.Rule == "total-mismatch" && (tok != "0" || !strings.HasPrefix(line, "| 1 | 0 | 0 | 0 | 0 |")) {
			t.Errorf("total-mismatch at %q in line %q, want the 0 of 总计 in Table 4's values row", tok, line)
		}
		if d.Rule == "nonstandard-heading" && tok != "四、政府信息公开行政复议与行政诉讼情况" {
			t.Errorf("nonstandard-heading covers %q", tok)
		}
	}

	stdout, _, _ := runCLI(t, "check", paths[0])
	want := paths[0] + ":135:19: error: 行政复议总计应为 1（1+0+0+0），报告为 0 [total-mismatch] （位置：表四 行政复议 · 总计）"
	if !strings.Contains(stdout, want+"\n") {
		t.Errorf("text output %q\nlacks %q", stdout, want)
	}
	// A text file's findings point into the file itself and need no place in words.
	stdout, _, _ = runCLI(t, "check", filepath.Join(samplesDir, "pingtan-2020.md"))
	if strings.Contains(stdout, "位置") || !strings.Contains(stdout, "[total-mismatch]\n") {
		t.Errorf("text output of a .md file %q: want no place in words", stdout)
	}

	stdout, _, _ = runCLI(t, "check", "--format", "sarif", paths[2])
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string
				Locations []struct {
					LogicalLocations []map[string]string
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	wantLogical := map[string]map[string]string{
		"nonstandard-heading": {"name": "第四部分", "fullyQualifiedName": "第四部分", "kind": "section"},
		"total-mismatch":      {"name": "行政复议 · 总计", "fullyQualifiedName": "表四 行政复议 · 总计", "kind": "cell"},
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) != 2 {
		t.Fatalf("sarif results %+v, want 2", log.Runs)
	}
	for _, r := range log.Runs[0].Results {
		got := r.Locations[0].LogicalLocations
		if len(got) != 1 || !reflect.DeepEqual(got[0], wantLogical[r.RuleID]) {
			t.Errorf("%s: logicalLocations %v, want [%v]", r.RuleID, got, wantLogical[r.RuleID])
		}
	}
}

// TestLogicalLocation: each form of the engine's place in words gets its kind.
func TestLogicalLocation(t *testing.T) {
	tests := []struct{ where, name, kind string }{
		{"第二部分", "第二部分", "section"},
		{"表三", "表三", "table"},
		{"表三 3.其他", "3.其他", "row"},
		{"表三 （七）总计 · 自然人", "（七）总计 · 自然人", "cell"},
		{"表三 勾稽关系 · 总计", "勾稽关系 · 总计", "cell"},
	}
	for _, tt := range tests {
		got := logicalLocation(tt.where)
		want := []sarifLogicalLocation{{Name: tt.name, FullyQualifiedName: tt.where, Kind: tt.kind}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %+v, want %+v", tt.where, got, want)
		}
	}
	if got := logicalLocation(""); got != nil {
		t.Errorf("no place: %+v, want none", got)
	}
}

// TestCheckFixRefusesPublishedFiles: --fix does not touch a web page, a Word document,
// a PDF or standard input: one line says why and what to do, the findings are still
// printed, the status is 2, and the files keep their bytes and modification time.
func TestCheckFixRefusesPublishedFiles(t *testing.T) {
	_, paths := copyPublished(t, "pingtan-shenpi-2024.html", "pingtan-shenpi-2024.docx", "pingtan-shenpi-2024.pdf")
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	var before [][]byte
	for _, p := range paths {
		os.Chtimes(p, old, old)
		b, _ := os.ReadFile(p)
		before = append(before, b)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		paths = paths[:2] // the PDF would fail for want of pdftotext, not for --fix
	}
	out, stderr, code := checkJSON(t, append([]string{"--fix"}, paths...)...)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	nouns := []string{"网页", "Word 文档", "PDF"}
	for i, p := range paths {
		want := p + ": 是" + nouns[i] + "，不是文本文件，--fix 无法修改，文件未动；请改正原文件，或用 nianbao text " + p + " > 报告.md 转成文字后修正"
		if !strings.Contains(stderr, want+"\n") {
			t.Errorf("stderr %q\nlacks %q", stderr, want)
		}
		b, _ := os.ReadFile(p)
		fi, _ := os.Stat(p)
		if !bytes.Equal(b, before[i]) || !fi.ModTime().Equal(old) {
			t.Errorf("%s was changed", p)
		}
	}
	if len(out.Files) != len(paths) || len(out.Files[0].Diagnostics) != 2 {
		t.Errorf("files %+v: want the findings printed all the same", out.Files)
	}
	if strings.Contains(stderr, "已修正") {
		t.Errorf("stderr %q says something was fixed", stderr)
	}

	_, stderr, code = runCLIInput(t, []byte(readSample(t, "pingtan-2020.md")), "check", "--fix", "-")
	if code != 2 || !strings.Contains(stderr, "-: 标准输入无法修正，未修正") {
		t.Errorf("--fix -: exit %d, stderr %q; want 2 and a refusal", code, stderr)
	}
}

// TestTextPipeCheck: `nianbao text X | nianbao check -` finds what `nianbao check X`
// finds — the same rule, message and place — for web pages (UTF-8 and GBK), Word
// documents, a PDF when pdftotext is there, and text files in several layouts and
// encodings; and `check -` reads a file piped in as it reads the file.
func TestTextPipeCheck(t *testing.T) {
	names := []string{"pingtan-2022.html", "pingtan-shenpi-2024-gbk.html", "pingtan-2022.docx", "pingtan-shenpi-2024.docx"}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		names = append(names, "pingtan-2022.pdf")
	}
	var paths []string
	for _, n := range names {
		paths = append(paths, filepath.Join(publishedDir, n))
	}
	for _, n := range []string{"pingtan-2020.md", "wuqiao-2020.txt", "labao-2020-traditional.txt", "guanghua-2021.txt"} {
		paths = append(paths, filepath.Join(samplesDir, n))
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			direct, _, code := checkJSON(t, p)
			if len(direct.Files) != 1 {
				t.Fatalf("check: exit %d, %d files", code, len(direct.Files))
			}
			want := placedFindings(direct.Files[0])
			if len(want) == 0 {
				t.Fatalf("no findings: the comparison would say nothing")
			}
			md, stderr, code := runCLI(t, "text", p)
			if code != 0 || stderr != "" {
				t.Fatalf("text: exit %d, stderr %q", code, stderr)
			}
			stdout, stderr, _ := runCLIInput(t, []byte(md), "check", "--format", "json", "-")
			piped := decodeOutput(t, stdout)
			if len(piped.Files) != 1 || piped.Files[0].Path != "-" {
				t.Fatalf("check -: files %+v, stderr %q", piped.Files, stderr)
			}
			if got := placedFindings(piped.Files[0]); !reflect.DeepEqual(got, want) {
				t.Errorf("text | check -:\n got %q\nwant %q", got, want)
			}
			// The file itself through stdin: its kind is told by its bytes.
			raw, _ := os.ReadFile(p)
			stdout, _, _ = runCLIInput(t, raw, "check", "--format", "json", "-")
			if got := placedFindings(decodeOutput(t, stdout).Files[0]); !reflect.DeepEqual(got, want) {
				t.Errorf("check - < file:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestTextCommand: text prints the Markdown the engine reads back, names problems on
// stderr with status 2, and says so when what it read is not a report.
func TestTextCommand(t *testing.T) {
	p := filepath.Join(publishedDir, "pingtan-shenpi-2024.html")
	md, stderr, code := runCLI(t, "text", p)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"平潭综合实验区行政审批局2024年政府信息公开工作年度报告\n",
		"| 一、本年新收政府信息公开申请数量 |  |  | 28 | 0 | 0 | 0 | 0 | 0 | 28 |\n",
		"|  | （七）总计 |  | 28 | 0 | 0 | 0 | 0 | 0 | 28 |\n",
		"| 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if again := analysis.Read(md).Markdown(); again != md {
		t.Errorf("the Markdown printed does not read back to itself")
	}
	// A GB18030 text file piped in is decoded as a file would be, and said so.
	gb := filepath.Join(t.TempDir(), "gb.txt")
	text := readSample(t, "pingtan-2020.md")
	writeFile(t, gb, []byte(mustGB18030(t, text)))
	fromFile, stderr, code := runCLI(t, "text", gb)
	if code != 0 || !strings.Contains(stderr, "不是 UTF-8 编码，已按 GB18030 读取") {
		t.Errorf("GB18030 file: exit %d, stderr %q", code, stderr)
	}
	raw, _ := os.ReadFile(gb)
	fromStdin, _, _ := runCLIInput(t, raw, "text", "-")
	if fromStdin != fromFile || fromFile != analysis.Read(text).Markdown() {
		t.Errorf("GB18030 text: stdin and file give different Markdown, or not that of the UTF-8 text")
	}

	notReport := writeFile(t, filepath.Join(t.TempDir(), "随笔.md"), []byte("今天天气很好。\n"))
	out, stderr, code := runCLI(t, "text", notReport)
	if code != 0 || out != "今天天气很好。\n" || !strings.Contains(stderr, "不像年度报告；照样输出读到的文字") {
		t.Errorf("not a report: exit %d, stdout %q, stderr %q", code, out, stderr)
	}

	bad := writeFile(t, filepath.Join(t.TempDir(), "坏.docx"), []byte("不是压缩包"))
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"text"}, "nianbao text: 缺少要读取的文件"},
		{[]string{"text", p, p}, "nianbao text: 一次只读一个文件"},
		{[]string{"text", "--bogus", p}, "nianbao text: 未知参数 --bogus"},
		{[]string{"text", filepath.Join(t.TempDir(), "无.html")}, "文件或目录不存在"},
		{[]string{"text", bad}, bad + ": 不是有效的 Word 文档（.docx）：不是 zip 压缩包，无法读取"},
	} {
		out, stderr, code := runCLI(t, tt.args...)
		if code != 2 || out != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and one line %q", tt.args, code, out, stderr, tt.want)
		}
	}
	for _, args := range [][]string{{"text", "--help"}, {"help", "text"}} {
		out, _, code := runCLI(t, args...)
		if code != 0 || !strings.Contains(out, "用法：nianbao text FILE|-") || !strings.Contains(out, "nianbao text FILE | nianbao check -") {
			t.Errorf("%q: exit %d, help %q", args, code, out)
		}
	}
}

// TestCheckPDF: with pdftotext, a PDF is read (title, year, format and every section
// found) and never passes unread: each finding of the same report's web page is
// there, or its table is reported table-unreadable. Without pdftotext, each PDF gets
// one line saying to install poppler-utils, and the status is 2.
func TestCheckPDF(t *testing.T) {
	pdfs := []string{filepath.Join(publishedDir, "pingtan-2022.pdf"), filepath.Join(publishedDir, "pingtan-shenpi-2024.pdf")}
	pages := []string{filepath.Join(publishedDir, "pingtan-2022.html"), filepath.Join(publishedDir, "pingtan-shenpi-2024.html")}
	years := []int{2022, 2024}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext is not installed: only the message for its absence is tested")
	} else {
		for i, pdf := range pdfs {
			out, stderr, _ := checkJSON(t, pdf)
			if len(out.Files) != 1 {
				t.Fatalf("%s: no result; stderr %q", pdf, stderr)
			}
			f := out.Files[0]
			if f.Year == nil || *f.Year != years[i] || f.Format == nil || *f.Format != "2021" {
				t.Errorf("%s: year %v format %v, want %d on the 2021 format", pdf, f.Year, f.Format, years[i])
			}
			got := placedFindings(f)
			unread := map[string]bool{}
			for _, d := range got {
				if d.Rule == "missing-section" {
					t.Errorf("%s: %q: every section is in the PDF", pdf, d.Message)
				}
				if d.Rule == "table-unreadable" {
					unread[d.Where] = true
				}
			}
			page, _, _ := checkJSON(t, pages[i])
			for _, want := range placedFindings(page.Files[0]) {
				table, _, _ := strings.Cut(want.Where, " ")
				if !slicesContains(got, want) && !unread[table] {
					t.Errorf("%s: %q neither found nor its table (%s) reported unreadable; findings %q", pdf, want, table, got)
				}
			}
		}
	}

	t.Setenv("PATH", t.TempDir())
	stdout, stderr, code := runCLI(t, "check", pdfs[0], pages[0])
	want := pdfs[0] + ": 需要 pdftotext 才能读取 PDF：请安装 poppler-utils（apt-get install poppler-utils），未检查\n"
	if code != 2 || !strings.Contains(stderr, want) || strings.Count(stderr, pdfs[0]) != 1 {
		t.Errorf("without pdftotext: exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
	if !strings.Contains(stdout, pages[0]+":") {
		t.Errorf("the page beside the PDF was not checked: %q", stdout)
	}
}

func slicesContains(s []placed, v placed) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func mustGB18030(t *testing.T, s string) string {
	t.Helper()
	out, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCheckExtractedSizeLimit: the 16 MiB limit holds for the text read out of a
// file: a 0.5 MB page whose merged cells would spread to more than 16 MiB of
// Markdown is refused with one line, status 2, by check and by text.
func TestCheckExtractedSizeLimit(t *testing.T) {
	row := "<tr>" + strings.Repeat(`<td colspan="256"></td>`, 4) + "</tr>\n"
	rows := maxFileSize/3/1024 + 1 // each row 1024 slots of at least 3 bytes
	page := "<p>政府信息公开工作年度报告</p><table>" + strings.Repeat(row, rows) + "</table>"
	path := writeFile(t, filepath.Join(t.TempDir(), "大表.html"), []byte(page))
	want := path + ": 网页读出的文字超过 16 MB 的上限，未检查（年度报告通常不到 1 MB）\n"
	for _, cmd := range []string{"check", "text"} {
		stdout, stderr, code := runCLI(t, cmd, path)
		if code != 2 || stdout != "" || !strings.HasPrefix(stderr, want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 2 and %q", cmd, code, stdout, stderr, want)
		}
	}
}

// TestREADMECheckExamples: the example lines of the README's "Check reports" are what
// check prints for those files, from the repository's root.
func TestREADMECheckExamples(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	section, _, _ := strings.Cut(strings.SplitN(string(readme), "## Check reports", 2)[1], "\n## ")
	n := 0
	for _, line := range strings.Split(section, "\n") {
		path, _, ok := strings.Cut(line, ":")
		if !ok || !strings.HasPrefix(path, "testdata/") {
			continue
		}
		n++
		if stdout, _, _ := runCLI(t, "check", path); !strings.Contains(stdout, line+"\n") {
			t.Errorf("check %s prints\n%s\nnot the README's\n%s", path, stdout, line)
		}
	}
	if n != 2 {
		t.Errorf("%d example lines in the README's Check reports, want 2", n)
	}
}

// TestCheckStdin: "-" is read as a file would be — a GB18030 report decoded, and said
// so — and held to the same 16 MiB limit.
func TestCheckStdin(t *testing.T) {
	text := readSample(t, "pingtan-2020.md")
	path := writeFile(t, filepath.Join(t.TempDir(), "r.md"), []byte(mustGB18030(t, text)))
	fromFile, _, _ := checkJSON(t, path)
	raw, _ := os.ReadFile(path)
	stdout, stderr, code := runCLIInput(t, raw, "check", "--format", "json", "-")
	if code != 1 || !strings.Contains(stderr, "-: 不是 UTF-8 编码，已按 GB18030 读取\n") {
		t.Errorf("exit %d, stderr %q; want 1 and the note on the encoding", code, stderr)
	}
	got, want := decodeOutput(t, stdout).Files[0], fromFile.Files[0]
	if got.Path != "-" || !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
		t.Errorf("stdin gives %+v, the file %+v", got, want)
	}

	big := make([]byte, maxFileSize+1)
	stdout, stderr, code = runCLIInput(t, big, "check", "-")
	if want := "-: 标准输入超过 16 MB 的上限，未检查（年度报告通常不到 1 MB）\n"; code != 2 || stdout != "" || !strings.HasPrefix(stderr, want) {
		t.Errorf("17 MB on stdin: exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
}
