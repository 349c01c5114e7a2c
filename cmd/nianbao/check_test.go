package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/analysis"
)

const samplesDir = "../../testdata/samples"

// runCLI runs the command in-process, as main does.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func readSample(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t testing.TB, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// The test's own view of the json output, decoded independently of the types that
// produce it.
type testOutput struct {
	Files []testFile `json:"files"`
}

type testFile struct {
	Path        string     `json:"path"`
	Year        *int       `json:"year"`
	Format      *string    `json:"format"`
	Diagnostics []testDiag `json:"diagnostics"`
}

type testPos struct{ Line, Character int }

type testRange struct{ Start, End testPos }

type testDiag struct {
	Rule     string
	Severity string
	Message  string
	Where    string
	Range    testRange
	Fixes    []struct {
		Title string
		Edits []struct {
			Range   testRange
			NewText string `json:"newText"`
		}
	}
	Related []struct {
		Path    string
		Range   testRange
		Message string
	}
}

func decodeOutput(t *testing.T, stdout string) testOutput {
	t.Helper()
	var out testOutput
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("stdout is not the json shape: %v\n%s", err, stdout)
	}
	return out
}

// tokenAt returns the text a 0-based LSP range covers, computed from the line's
// UTF-16 encoding, independently of internal/position.
func tokenAt(t *testing.T, text string, r testRange) (line, token string) {
	t.Helper()
	ls := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if r.Start.Line != r.End.Line || r.Start.Line >= len(ls) {
		t.Fatalf("range %+v does not lie on one line of the text", r)
	}
	line = ls[r.Start.Line]
	u := utf16.Encode([]rune(line))
	if r.End.Character > len(u) || r.Start.Character > r.End.Character {
		t.Fatalf("range %+v outside line %q", r, line)
	}
	return line, string(utf16.Decode(u[r.Start.Character:r.End.Character]))
}

func TestCheckUsageErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	other := filepath.Join(dir, "other")
	writeFile(t, filepath.Join(other, "report.doc"), []byte("x"))
	writeFile(t, filepath.Join(other, "report.xlsx"), []byte("x"))
	sample := filepath.Join(samplesDir, "pingtan-2019.md")
	missing := filepath.Join(dir, "不存在.txt")

	tests := []struct {
		name string
		args []string
		want string // in the one line of stderr
	}{
		{"no paths", []string{"check"}, "缺少要检查的文件或目录"},
		{"missing file", []string{"check", missing}, missing + ": 文件或目录不存在"},
		{"missing beside a good file", []string{"check", sample, missing}, missing + ": 文件或目录不存在"},
		{"empty directory", []string{"check", empty}, empty + ": 目录中没有可检查的文件（.txt、.md、.html、.htm、.docx、.pdf）"},
		{"directory without reports", []string{"check", other}, other + ": 目录中没有可检查的文件"},
		{"bad format", []string{"check", "--format", "xml", sample}, `--format 只能是 text、json、sarif 或 csv，不能是 "xml"`},
		{"bad format after path", []string{"check", sample, "--format=html"}, "--format 只能是"},
		{"bad template", []string{"check", "--template", "2020", sample}, "--template 只能是 auto、2019 或 2021"},
		// A flag is named as typed, with one dash or two.
		{"unknown flag", []string{"check", "--fox", sample}, "未知参数 --fox（运行 nianbao check --help 查看用法）"},
		{"unknown flag with value", []string{"check", sample, "--fox=1"}, "未知参数 --fox（"},
		{"unknown flag, one dash", []string{"check", "-fox", sample}, "未知参数 -fox（"},
		{"flag without value", []string{"check", sample, "--format"}, "参数 --format 缺少取值"},
		{"bad bool", []string{"check", "--fix=maybe", sample}, `参数 --fix 只能是 true 或 false，不能是 "maybe"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, tt.args...)
			if code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			var errLines []string
			for _, l := range lines(stderr) {
				// The good file beside a missing one is still checked and summed up.
				if !strings.Contains(l, "个文件") {
					errLines = append(errLines, l)
				}
			}
			if len(errLines) != 1 || !strings.Contains(errLines[0], tt.want) {
				t.Errorf("stderr = %q, want one line containing %q", stderr, tt.want)
			}
			if stdout != "" && !strings.Contains(tt.name, "beside") {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}

func TestCheckHelp(t *testing.T) {
	for _, arg := range []string{"--help", "-h", "-help"} {
		stdout, stderr, code := runCLI(t, "check", arg)
		if code != 0 || stderr != "" {
			t.Errorf("%s: exit %d, stderr %q; want 0 and nothing", arg, code, stderr)
		}
		for _, want := range []string{"--format", "--template", "--fix", "text", "json", "sarif", "auto",
			"UTF-16 码元", "GB18030", "退出状态", "  0  ", "  1  ", "  2  ", "total-mismatch"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%s: help lacks %q", arg, want)
			}
		}
	}
}

// checkJSON runs check with --format json and decodes the output.
func checkJSON(t *testing.T, args ...string) (testOutput, string, int) {
	t.Helper()
	stdout, stderr, code := runCLI(t, append([]string{"check", "--format", "json"}, args...)...)
	return decodeOutput(t, stdout), stderr, code
}

func TestCheckFlagsAfterPaths(t *testing.T) {
	sample := filepath.Join(samplesDir, "pingtan-2019.md")
	out, _, code := checkJSON(t, sample, "--template", "2019")
	if code != 0 || len(out.Files) != 1 || out.Files[0].Path != sample {
		t.Fatalf("exit %d, files %+v", code, out.Files)
	}

	// After "--" everything is a path, even what looks like a flag.
	body := readSample(t, "pingtan-2019.md")
	t.Chdir(t.TempDir())
	writeFile(t, "-x.md", []byte(body))
	stdout, stderr, code := runCLI(t, "check", "--format=json", "--", "-x.md")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if got := decodeOutput(t, stdout); len(got.Files) != 1 || got.Files[0].Path != "-x.md" {
		t.Errorf("files = %+v, want -x.md", got.Files)
	}
}

func TestCheckEmptyAndNonReport(t *testing.T) {
	dir := t.TempDir()
	empty := writeFile(t, filepath.Join(dir, "empty.txt"), nil)
	prose := writeFile(t, filepath.Join(dir, "notes.md"), []byte("# 会议纪要\n\n今天讨论了2020年的工作安排，没有表格。\n"))
	bomOnly := writeFile(t, filepath.Join(dir, "bom.txt"), []byte("\xEF\xBB\xBF"))

	out, stderr, code := checkJSON(t, empty, prose, bomOnly)
	if code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	if len(out.Files) != 3 {
		t.Fatalf("files = %+v, want 3", out.Files)
	}
	for _, f := range out.Files {
		if f.Year != nil || f.Format != nil || f.Diagnostics == nil || len(f.Diagnostics) != 0 {
			t.Errorf("%s: year %v, format %v, diagnostics %v; want null, null, []", f.Path, f.Year, f.Format, f.Diagnostics)
		}
	}
	for _, p := range []string{empty, bomOnly} {
		if !strings.Contains(stderr, p+": 文件为空") {
			t.Errorf("stderr %q lacks the empty-file note for %s", stderr, p)
		}
	}
	if !strings.Contains(stderr, prose+": 没有找到年度报告") {
		t.Errorf("stderr %q lacks the not-a-report note for %s", stderr, prose)
	}
	// The raw json must say null and [], not leave the keys out.
	stdout, _, _ := runCLI(t, "check", "--format", "json", empty)
	if !strings.Contains(stdout, `"year":null,"format":null,"diagnostics":[]`) {
		t.Errorf("json = %s", stdout)
	}
}

func TestCheckDirectoryWithoutReports(t *testing.T) {
	// .txt and .md files, but not one report: as wrong a target as an empty directory.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "README.md"), []byte("# 说明\n\n这里放年度报告。\n"))
	writeFile(t, filepath.Join(dir, "empty.txt"), nil)
	writeFile(t, filepath.Join(dir, "scan.txt"), []byte("\x00\x01"))
	stdout, stderr, code := runCLI(t, "check", dir)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(stderr, dir+": 目录中没有年度报告") {
		t.Errorf("stderr %q lacks the no-reports line", stderr)
	}
	if !strings.Contains(stderr, "跳过 1 个文件") {
		t.Errorf("stderr %q: the summary should count the skipped binary file", stderr)
	}
	if stdout != "" {
		t.Errorf("stdout %q", stdout)
	}

	// One report among them is enough.
	writeFile(t, filepath.Join(dir, "r.md"), []byte(readSample(t, "pingtan-2019.md")))
	if _, stderr, code := runCLI(t, "check", dir); code != 0 {
		t.Errorf("with a report: exit %d, stderr %q", code, stderr)
	}
}

func TestCheckBinaryFile(t *testing.T) {
	dir := t.TempDir()
	nul := writeFile(t, filepath.Join(dir, "scan.txt"), []byte("PK\x03\x04\x00\x00binary\x00data"))
	junk := writeFile(t, filepath.Join(dir, "junk.md"), []byte{0x80, 0xFF, 0xFE, 0x81, 0x20, 0xFF, 0x80, 0x80})
	controls := writeFile(t, filepath.Join(dir, "ctl.txt"), bytes.Repeat([]byte("\x01\x02\x03a"), 100))

	for _, p := range []string{nul, junk, controls} {
		stdout, stderr, code := runCLI(t, "check", p)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", p, code)
		}
		if l := lines(stderr); len(l) != 1 || !strings.HasPrefix(l[0], p+": 不是文本文件") || !strings.Contains(l[0], "无法检查") {
			t.Errorf("%s: stderr = %q, want one line saying it is not text", p, stderr)
		}
		if stdout != "" {
			t.Errorf("%s: stdout = %q", p, stdout)
		}
	}

	// Met in a directory walk, a binary file is skipped with a note and does not
	// change the exit status.
	good := writeFile(t, filepath.Join(dir, "pingtan-2019.md"), []byte(readSample(t, "pingtan-2019.md")))
	out, stderr, code := checkJSON(t, dir)
	if code != 0 {
		t.Errorf("directory: exit %d, want 0; stderr %q", code, stderr)
	}
	if len(out.Files) != 1 || out.Files[0].Path != good {
		t.Errorf("directory: files %+v, want only %s", out.Files, good)
	}
	for _, p := range []string{nul, junk, controls} {
		if !strings.Contains(stderr, p+": 不是文本文件") || !strings.Contains(stderr, "已跳过") {
			t.Errorf("directory: stderr %q lacks a skip note for %s", stderr, p)
		}
	}
}

func TestCheckGB18030(t *testing.T) {
	dir := t.TempDir()
	orig := readSample(t, "pingtan-2020.md")
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(orig)
	if err != nil {
		t.Fatal(err)
	}
	if gb == orig {
		t.Fatal("encoding changed nothing")
	}
	utf := writeFile(t, filepath.Join(dir, "utf8", "r.md"), []byte(orig))
	gbPath := writeFile(t, filepath.Join(dir, "gb", "r.md"), []byte(gb))

	want, _, wantCode := checkJSON(t, utf)
	got, stderr, code := checkJSON(t, gbPath)
	if code != wantCode || code != 1 {
		t.Errorf("exit %d, UTF-8 original %d; want 1 for both", code, wantCode)
	}
	if !strings.Contains(stderr, gbPath+": 不是 UTF-8 编码，已按 GB18030 读取") {
		t.Errorf("stderr %q lacks the GB18030 note", stderr)
	}
	if len(got.Files) != 1 || len(want.Files) != 1 {
		t.Fatalf("files: %d and %d", len(got.Files), len(want.Files))
	}
	g, w := got.Files[0], want.Files[0]
	g.Path, w.Path = "", ""
	if !reflect.DeepEqual(g, w) {
		t.Errorf("GB18030 findings differ from the UTF-8 original:\n got %+v\nwant %+v", g, w)
	}
	if len(w.Diagnostics) == 0 {
		t.Error("the sample has findings; none were compared")
	}
}

func TestCheckMostlyUTF8(t *testing.T) {
	// A UTF-8 report with one broken byte stays UTF-8 rather than becoming GB18030
	// nonsense.
	orig := readSample(t, "pingtan-2020.md")
	i := strings.Index(orig, "本报告")
	broken := orig[:i] + "\xE6" + orig[i:]
	p := writeFile(t, filepath.Join(t.TempDir(), "r.md"), []byte(broken))
	out, stderr, code := checkJSON(t, p)
	if code != 1 || !strings.Contains(stderr, "含有无效的 UTF-8 字节，已按 UTF-8 读取") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if len(out.Files) != 1 || out.Files[0].Year == nil || *out.Files[0].Year != 2020 {
		t.Errorf("files %+v: want the report read as 2020", out.Files)
	}
}

func TestCheckBOM(t *testing.T) {
	orig := readSample(t, "pingtan-2020.md")
	dir := t.TempDir()
	plain := writeFile(t, filepath.Join(dir, "a", "r.md"), []byte(orig))
	bom := writeFile(t, filepath.Join(dir, "b", "r.md"), []byte("\uFEFF"+orig))
	want, _, _ := checkJSON(t, plain)
	got, stderr, _ := checkJSON(t, bom)
	g, w := got.Files[0], want.Files[0]
	g.Path, w.Path = "", ""
	if !reflect.DeepEqual(g, w) {
		t.Errorf("a BOM moved the findings:\n got %+v\nwant %+v", g, w)
	}
	if strings.Contains(stderr, "编码") {
		t.Errorf("stderr %q: a UTF-8 BOM needs no note", stderr)
	}
}

// pingtanTotals are the two known inconsistencies of pingtan-2020.md, from
// testdata/pingtan-NOTES.md: Table 3, row （七）总计, 自然人 reported 20 computed 26,
// 总计 reported 21 computed 27.
var pingtanTotals = []struct{ reported, computed string }{{"20", "26"}, {"21", "27"}}

const pingtanTotalRow = "| （七）总计 | 20 | 0 | 0 | 0 | 0 | 1 | 21 |"

func TestCheckJSONShape(t *testing.T) {
	dir := t.TempDir()
	prose := writeFile(t, filepath.Join(dir, "prose.txt"), []byte("这不是报告。\n"))
	sample := filepath.Join(samplesDir, "pingtan-2020.md")
	stdout, _, code := runCLI(t, "check", "--format", "json", sample, prose)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}

	// Keys, exactly, with arrays never null.
	var raw map[string]any
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	if got := keys(raw); !slices.Equal(got, []string{"files"}) {
		t.Fatalf("top-level keys %v", got)
	}
	files := raw["files"].([]any)
	if len(files) != 2 {
		t.Fatalf("%d files, want 2", len(files))
	}
	for _, f := range files {
		fm := f.(map[string]any)
		if got := keys(fm); !slices.Equal(got, []string{"diagnostics", "format", "path", "year"}) {
			t.Errorf("file keys %v", got)
		}
		if _, ok := fm["diagnostics"].([]any); !ok {
			t.Errorf("diagnostics is %T, want an array", fm["diagnostics"])
		}
		for _, d := range fm["diagnostics"].([]any) {
			dm := d.(map[string]any)
			if got := keys(dm); !slices.Equal(got, []string{"fixes", "message", "range", "related", "rule", "severity", "where"}) {
				t.Errorf("diagnostic keys %v", got)
			}
			if _, ok := dm["where"].(string); !ok {
				t.Errorf("where is %T, want a string", dm["where"])
			}
			for _, k := range []string{"fixes", "related"} {
				if _, ok := dm[k].([]any); !ok {
					t.Errorf("%s is %T, want an array", k, dm[k])
				}
			}
			rm := dm["range"].(map[string]any)
			if got := keys(rm); !slices.Equal(got, []string{"end", "start"}) {
				t.Errorf("range keys %v", got)
			}
			if got := keys(rm["start"].(map[string]any)); !slices.Equal(got, []string{"character", "line"}) {
				t.Errorf("position keys %v", got)
			}
		}
	}
	out := decodeOutput(t, stdout)
	if f := out.Files[1]; f.Path != prose || f.Year != nil || f.Format != nil || len(f.Diagnostics) != 0 {
		t.Errorf("non-report: %+v, want null year and format, no findings", f)
	}
	f := out.Files[0]
	if f.Year == nil || *f.Year != 2020 || f.Format == nil || *f.Format != "2019" {
		t.Errorf("pingtan-2020: year %v format %v, want 2020 and 2019", f.Year, f.Format)
	}

	// The two totals: positions are 0-based, characters in UTF-16 code units, on a
	// line full of Chinese text.
	text := readSample(t, "pingtan-2020.md")
	var totals []testDiag
	exceeds := 0
	for _, d := range f.Diagnostics {
		switch {
		case d.Severity != "error":
		case d.Rule == "outcomes-exceed-applications":
			exceeds++
		default:
			totals = append(totals, d)
		}
	}
	if len(totals) != len(pingtanTotals) || exceeds != len(pingtanTotals) {
		t.Fatalf("%d errors and %d outcomes-exceed-applications, want the %d totals of pingtan-NOTES.md and their columns' leaves: %+v",
			len(totals), exceeds, len(pingtanTotals), totals)
	}
	wantLine := strings.Index(text, pingtanTotalRow)
	wantLineNo := strings.Count(text[:wantLine], "\n")
	for i, d := range totals {
		want := pingtanTotals[i]
		line, token := tokenAt(t, text, d.Range)
		if d.Rule != "total-mismatch" || d.Range.Start.Line != wantLineNo || line != pingtanTotalRow || token != want.reported {
			t.Errorf("error %d: %s at %+v covers %q on line %d %q; want total-mismatch on %q at line %d",
				i, d.Rule, d.Range, token, d.Range.Start.Line, line, want.reported, wantLineNo)
		}
		// The character offset counts 全角 characters as one unit each, not 3 bytes.
		prefix := pingtanTotalRow[:strings.Index(pingtanTotalRow, " "+want.reported+" |")+1]
		if i == 1 {
			prefix = pingtanTotalRow[:strings.LastIndex(pingtanTotalRow, want.reported)]
		}
		if wantChar := len(utf16.Encode([]rune(prefix))); d.Range.Start.Character != wantChar {
			t.Errorf("error %d starts at character %d, want %d", i, d.Range.Start.Character, wantChar)
		}
		if !strings.Contains(d.Message, want.computed) || !strings.Contains(d.Message, want.reported) {
			t.Errorf("message %q should give %s and %s", d.Message, want.computed, want.reported)
		}
		// The leaves exceed 一 + 二: rewriting the total would break 勾稽关系, so the
		// fix is withheld (TestCheckFixKeepsBalance; the fix's JSON shape is in
		// TestNewFileReportPositions).
		if len(d.Fixes) != 0 {
			t.Errorf("error %d: fixes %+v, want none", i, d.Fixes)
		}
	}
}

func TestNewFileReportPositions(t *testing.T) {
	// Engine-independent: a hand-made result on a line with a character outside the
	// BMP (two UTF-16 code units) and CRLF line ends.
	text := "标题\r\n𠀀总计 | 6 |\r\n"
	start := strings.Index(text, "6")
	d := analysis.Diagnostic{
		Rule: "total-mismatch", Severity: analysis.SeverityError, Message: "总计应为 7",
		Span:    analysis.Span{Start: start, End: start + 1},
		Fixes:   []analysis.Fix{{Title: "改为 7", Edits: []analysis.Edit{{Span: analysis.Span{Start: start, End: start + 1}, NewText: "7"}}}},
		Related: []analysis.Related{{Span: analysis.Span{Start: 0, End: len("标题")}, Message: "标题"}},
	}
	rep := &analysis.Report{IsReport: true, Year: 2020, Format: analysis.Format2019}
	fr := newFileReport("x.txt", text, rep, []analysis.Diagnostic{d})
	wantChar := len(utf16.Encode([]rune("𠀀总计 | ")))
	if wantChar != 7 { // 𠀀 is two code units, then 总计 | is five
		t.Fatalf("test arithmetic: %d", wantChar)
	}
	want := jsonRange{Start: jsonPosition{Line: 1, Character: wantChar}, End: jsonPosition{Line: 1, Character: wantChar + 1}}
	got := fr.diagnostic(0)
	if got.Range != want || got.Fixes[0].Edits[0].Range != want {
		t.Errorf("range %+v, fix %+v; want %+v", got.Range, got.Fixes[0].Edits[0].Range, want)
	}
	if r := got.Related[0].Range; r != (jsonRange{Start: jsonPosition{Line: 0, Character: 0}, End: jsonPosition{Line: 0, Character: 2}}) {
		t.Errorf("related range %+v", r)
	}
	if *fr.Year != 2020 || *fr.Format != "2019" {
		t.Errorf("year %v format %v", fr.Year, fr.Format)
	}

	// Not a report: year and format are null whatever the reader guessed.
	rep.IsReport = false
	fr = newFileReport("x.txt", text, rep, nil)
	b, _ := json.Marshal(fr)
	if string(b) != `{"path":"x.txt","year":null,"format":null,"diagnostics":[]}` {
		t.Errorf("json = %s", b)
	}

	var buf bytes.Buffer
	w := newTestPrinter(&buf, "text")
	rep.IsReport = true
	w.file(newFileReport("x.txt", text, rep, []analysis.Diagnostic{d}))
	w.finish()
	if got, want := buf.String(), "x.txt:2:8: error: 总计应为 7 [total-mismatch]\n"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

func TestCheckTextFormat(t *testing.T) {
	sample := filepath.Join(samplesDir, "pingtan-2020.md")
	stdout, stderr, code := runCLI(t, "check", sample)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	text := readSample(t, "pingtan-2020.md")
	lineNo := strings.Count(text[:strings.Index(text, pingtanTotalRow)], "\n") + 1
	col := func(prefix string) int { return len(utf16.Encode([]rune(prefix))) + 1 }
	wantErrors := []string{
		sample + ":" + itoa(lineNo) + ":" + itoa(col("| （七）总计 | ")) + ": error: ",
		sample + ":" + itoa(lineNo) + ":" + itoa(col(pingtanTotalRow[:strings.LastIndex(pingtanTotalRow, "21")])) + ": error: ",
	}
	var gotErrors []string
	prev := [2]int{}
	for _, l := range lines(stdout) {
		var ln, cn int
		rest := strings.TrimPrefix(l, sample+":")
		if rest == l || !strings.HasSuffix(l, "]") {
			t.Errorf("line %q is not path:line:col: severity: message [rule]", l)
			continue
		}
		parts := strings.SplitN(rest, ":", 3)
		ln, cn = atoi(t, parts[0]), atoi(t, parts[1])
		if [2]int{ln, cn} != prev && (ln < prev[0] || ln == prev[0] && cn < prev[1]) {
			t.Errorf("findings out of order at %q", l)
		}
		prev = [2]int{ln, cn}
		if strings.Contains(l, ": error: ") && !strings.HasSuffix(l, " [outcomes-exceed-applications]") {
			gotErrors = append(gotErrors, l)
		}
	}
	if len(gotErrors) != 2 {
		t.Fatalf("errors %q, want 2", gotErrors)
	}
	for i, l := range gotErrors {
		if !strings.HasPrefix(l, wantErrors[i]) || !strings.HasSuffix(l, " [total-mismatch]") {
			t.Errorf("error line %q, want prefix %q and rule total-mismatch", l, wantErrors[i])
		}
	}
	// Each total's column also has its outcomes-exceed-applications.
	if !strings.Contains(stderr, "1 个文件，4 个错误") {
		t.Errorf("stderr %q lacks the summary", stderr)
	}
}

func TestCheckSamplesExitStatus(t *testing.T) {
	// pingtan-NOTES.md: only pingtan-2020 has inconsistencies.
	for name, want := range map[string]int{
		"pingtan-2019.md": 0, "pingtan-2020.md": 1, "pingtan-2021.md": 0, "pingtan-2025.md": 0,
	} {
		if _, stderr, code := runCLI(t, "check", filepath.Join(samplesDir, name)); code != want {
			t.Errorf("%s: exit %d, want %d (stderr %q)", name, code, want, stderr)
		}
	}
}

func TestCheckDirectoryOrder(t *testing.T) {
	dir := t.TempDir()
	body := []byte(readSample(t, "pingtan-2019.md"))
	for _, name := range []string{"b.md", "a.txt", "sub/c.md", "sub/C.TXT", ".hidden/d.md", ".e.md", "f.docx", "sub/zz/g.md"} {
		writeFile(t, filepath.Join(dir, name), body)
	}
	explicit := filepath.Join(dir, "b.md")
	out, stderr, code := checkJSON(t, explicit, dir)
	if code != 0 {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	var got []string
	for _, f := range out.Files {
		got = append(got, strings.TrimPrefix(filepath.ToSlash(f.Path), filepath.ToSlash(dir)+"/"))
	}
	want := []string{"b.md", "a.txt", "sub/C.TXT", "sub/c.md", "sub/zz/g.md"}
	if !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}

	// A symlink to a directory, named on the command line, is walked.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(filepath.Join(dir, "sub"), link); err != nil {
		t.Skip(err)
	}
	out, stderr, code = checkJSON(t, link)
	if code != 0 || len(out.Files) != 3 || out.Files[0].Path != filepath.Join(link, "C.TXT") {
		t.Errorf("symlinked directory: exit %d, stderr %q, files %+v", code, stderr, out.Files)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return n
}

func newTestPrinter(w io.Writer, format string) printer {
	return newPrinter(format, bufio.NewWriter(w))
}

func TestNewFileReportSorts(t *testing.T) {
	text := "一\n二\n三\n"
	at := func(line int, rule string) analysis.Diagnostic {
		start := strings.Index(text, strings.Split(text, "\n")[line])
		return analysis.Diagnostic{Rule: rule, Severity: analysis.SeverityWarning, Span: analysis.Span{Start: start, End: start + 3}}
	}
	found := []analysis.Diagnostic{at(2, "c"), at(0, "a"), at(1, "b")}
	fr := newFileReport("x.txt", text, &analysis.Report{IsReport: true}, found)
	var got []string
	for i := range fr.diags {
		got = append(got, fr.diagnostic(i).Rule)
	}
	if !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("order %q, want by position", got)
	}
	if found[0].Rule != "c" {
		t.Error("the engine's slice was reordered in place")
	}
}
