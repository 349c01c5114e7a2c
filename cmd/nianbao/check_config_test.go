package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/analysis"
)

// rulesOf counts the findings of each rule for each file of a json output.
func rulesOf(t *testing.T, stdout string) map[string]map[string]int {
	t.Helper()
	out := map[string]map[string]int{}
	for _, f := range decodeOutput(t, stdout).Files {
		m := map[string]int{}
		for _, d := range f.Diagnostics {
			m[d.Rule+":"+d.Severity]++
		}
		out[filepath.Base(f.Path)] = m
	}
	return out
}

// The nearest .nianbao.toml wins, file by file, without merging with one further
// up; --config gives one file for all, --no-config none; the flags override the
// file.
func TestCheckConfigDiscovery(t *testing.T) {
	root := t.TempDir()
	guanghua := readSample(t, "guanghua-2021.txt") // 162 blank cells
	labao := readSample(t, "labao-2020-traditional.txt")
	writeFile(t, filepath.Join(root, "a.txt"), []byte(guanghua))
	writeFile(t, filepath.Join(root, "县", "乡", "b.txt"), []byte(guanghua))
	writeFile(t, filepath.Join(root, "县", "乡", "c.txt"), []byte(labao))
	writeFile(t, filepath.Join(root, ".nianbao.toml"), []byte("disable = [\"blank-cell\"]\n"))
	writeFile(t, filepath.Join(root, "县", ".nianbao.toml"), []byte("[severity]\nblank-cell = \"hint\"\nbalance-mismatch = \"warning\"\n"))

	stdout, stderr, code := runCLI(t, "check", "--format", "json", root)
	got := rulesOf(t, stdout)
	if got["a.txt"]["blank-cell:info"] != 0 || got["a.txt"]["blank-cell:hint"] != 0 {
		t.Errorf("a.txt: the root file disables blank-cell: %v", got["a.txt"])
	}
	if got["b.txt"]["blank-cell:hint"] != 162 {
		t.Errorf("b.txt: the nearest file makes blank-cell a hint, and nothing of the root's applies: %v", got["b.txt"])
	}
	if got["c.txt"]["balance-mismatch:error"] != 0 || got["c.txt"]["balance-mismatch:warning"] != 4 {
		t.Errorf("c.txt: balance-mismatch should be a warning: %v", got["c.txt"])
	}
	if code != 1 || strings.Contains(stderr, ".nianbao.toml") {
		t.Errorf("exit %d (labao has other errors), stderr %q", code, stderr)
	}

	// --config: one file for all.
	cfg := writeFile(t, filepath.Join(t.TempDir(), "审核.toml"), []byte("[severity]\nblank-cell = \"warning\"\n"))
	stdout, _, _ = runCLI(t, "check", "--format", "json", "--config", cfg, root)
	got = rulesOf(t, stdout)
	if got["a.txt"]["blank-cell:warning"] != 162 || got["b.txt"]["blank-cell:warning"] != 162 || got["c.txt"]["balance-mismatch:error"] != 4 {
		t.Errorf("--config: %v", got)
	}
	// --no-config: defaults.
	stdout, _, _ = runCLI(t, "check", "--format", "json", "--no-config", root)
	got = rulesOf(t, stdout)
	if got["a.txt"]["blank-cell:info"] != 162 || got["b.txt"]["blank-cell:info"] != 162 {
		t.Errorf("--no-config: %v", got)
	}
	// The flags over the file: a template forced to 2019 over the file's 2021.
	writeFile(t, filepath.Join(root, ".nianbao.toml"), []byte("template = \"2021\"\n"))
	_, _, _ = runCLI(t, "check", "--format", "json", filepath.Join(root, "a.txt"))
	stdout, _, _ = runCLI(t, "check", "--format", "json", "--template", "2019", filepath.Join(root, "a.txt"))
	if f := decodeOutput(t, stdout).Files[0]; f.Format == nil || *f.Format != "2019" {
		t.Errorf("--template 2019 over the file's 2021: format %v", f.Format)
	}

	// A rule option: pingtan-2021's 一 is over the format's 1000 characters, not
	// over 5000.
	p21 := writeFile(t, filepath.Join(root, "2021", "pingtan-2021.md"), []byte(readSample(t, "pingtan-2021.md")))
	stdout, _, _ = runCLI(t, "check", "--format", "json", p21)
	if got := rulesOf(t, stdout)["pingtan-2021.md"]; got["overview-length:info"] != 1 {
		t.Fatalf("pingtan-2021 without overview-length.max: %v", got)
	}
	writeFile(t, filepath.Join(root, "2021", ".nianbao.toml"), []byte("[overview-length]\nmax = 5000\n"))
	stdout, _, _ = runCLI(t, "check", "--format", "json", p21)
	if got := rulesOf(t, stdout)["pingtan-2021.md"]; got["overview-length:info"] != 0 {
		t.Errorf("overview-length.max = 5000: %v", got)
	}

	// Standard input takes the working folder's file.
	t.Chdir(filepath.Join(root, "县"))
	cmd := childCommand(t, "check", "--format", "json", "-")
	cmd.Stdin = strings.NewReader(guanghua)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Run()
	if got := rulesOf(t, out.String()); got["-"]["blank-cell:hint"] != 162 {
		t.Errorf("stdin in 县/: %v", got)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--config", filepath.Join(root, "none.toml")}, "--config"},
		{[]string{"--config", root}, "是目录"},
		{[]string{"--config", cfg, "--no-config"}, "不能同时使用"},
		{[]string{"--max-warnings", "-5"}, "--max-warnings"},
	} {
		_, stderr, code := runCLI(t, append(append([]string{"check"}, tc.args...), filepath.Join(root, "a.txt"))...)
		if code != 2 || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, stderr)
		}
	}
}

// A bad key or value is reported on stderr as path:line:col (the column in UTF-16
// units, after Chinese text), once however many files use the file; the rest of
// the file applies, every file is checked, and the status is 2.
func TestCheckConfigProblems(t *testing.T) {
	root := t.TempDir()
	text := readSample(t, "guanghua-2021.txt")
	writeFile(t, filepath.Join(root, "a.txt"), []byte(text))
	writeFile(t, filepath.Join(root, "b.txt"), []byte(text))
	conf := writeFile(t, filepath.Join(root, ".nianbao.toml"), []byte("# 光华镇的设置\ndisable = [\"空单元格\", \"blank-cell\"]\ncolour = \"红\"\n"))
	stdout, stderr, code := runCLI(t, "check", "--format", "json", root)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{
		conf + `:2:12: disable 中的规则 "空单元格" 不存在；已忽略此项`,
		conf + ":3:1: 未知的设置 colour",
	} {
		if strings.Count(stderr, want) != 1 {
			t.Errorf("stderr lacks, once, %q:\n%s", want, stderr)
		}
	}
	for name, rules := range rulesOf(t, stdout) {
		if rules["blank-cell:info"] != 0 {
			t.Errorf("%s: blank-cell, disabled by the rest of the file, still reported", name)
		}
	}
	// Not TOML: one line where it breaks; nothing of it applies.
	writeFile(t, conf, []byte("disable = [\"blank-cell\"\n"))
	stdout, stderr, code = runCLI(t, "check", "--format", "json", filepath.Join(root, "a.txt"))
	if code != 2 || !strings.HasPrefix(stderr, conf+":1:") || !strings.Contains(stderr, "均未生效") ||
		rulesOf(t, stdout)["a.txt"]["blank-cell:info"] != 162 {
		t.Errorf("not TOML: exit %d, stderr %q", code, stderr)
	}
}

// --quiet prints errors only; --max-warnings fails a run with more warnings than
// it allows, --quiet or not.
func TestCheckQuietMaxWarnings(t *testing.T) {
	wuqiao := filepath.Join(samplesDir, "wuqiao-2020.txt") // 30 warnings, no error
	labao := filepath.Join(samplesDir, "labao-2020-traditional.txt")
	stdout, _, code := runCLI(t, "check", "--no-config", wuqiao)
	if code != 0 || len(lines(stdout)) != 30 {
		t.Fatalf("wuqiao: exit %d, %d lines; the test wants 30 warnings", code, len(lines(stdout)))
	}
	for _, tc := range []struct {
		args  []string
		code  int
		lines int
	}{
		{[]string{"--quiet", wuqiao}, 0, 0},
		{[]string{"--max-warnings", "30", wuqiao}, 0, 30},
		{[]string{"--max-warnings", "29", wuqiao}, 1, 30},
		{[]string{"--max-warnings", "0", "--quiet", wuqiao}, 1, 0},
		{[]string{"--quiet", labao}, 1, 8},
		{[]string{"--quiet", "--format", "json", labao}, 1, -1},
	} {
		stdout, stderr, code := runCLI(t, append([]string{"check", "--no-config"}, tc.args...)...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d; stderr %q", tc.args, code, tc.code, stderr)
		}
		if tc.lines >= 0 && len(lines(stdout)) != tc.lines {
			t.Errorf("%v: %d lines, want %d", tc.args, len(lines(stdout)), tc.lines)
		}
		for _, l := range lines(stdout) {
			if tc.lines > 0 && slicesContain(tc.args, "--quiet") && !strings.Contains(l, ": error: ") {
				t.Errorf("%v printed %q", tc.args, l)
			}
		}
		if tc.lines < 0 {
			for _, f := range decodeOutput(t, stdout).Files {
				for _, d := range f.Diagnostics {
					if d.Severity != "error" {
						t.Errorf("--quiet json: %s %s", d.Rule, d.Severity)
					}
				}
			}
		}
		if tc.code == 1 && strings.Contains(tc.args[1], "0") && tc.args[0] == "--max-warnings" && !strings.Contains(stderr, "多于 --max-warnings") {
			t.Errorf("%v: stderr does not say why: %q", tc.args, stderr)
		}
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// CSV keeps Chinese text with commas (ASCII and full-width), quotes and line
// breaks in their cells: RFC 4180 quoting, CRLF rows, a UTF-8 BOM for Excel, and a
// quote before what a spreadsheet would take for a formula.
func TestCheckCSVEscaping(t *testing.T) {
	text := "标题\n第二行"
	rep := &analysis.Report{IsReport: true, Year: 2021, Format: analysis.Format2021}
	msg := "「总计」应为 7，报告为 6, 见\"说明\"\n第二行"
	d := analysis.Diagnostic{Rule: "total-mismatch", Severity: analysis.SeverityError, Span: analysis.Span{Start: 7, End: 10},
		Message: msg, Where: "表三 （七）总计 · 自然人"}
	fr := newFileReport("县,乡/\"报告\".txt", text, rep, []analysis.Diagnostic{d})
	fr.Office = "=HYPERLINK(\"x\")某某镇"
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	p := newPrinter("csv", w)
	if err := p.file(fr); err != nil {
		t.Fatal(err)
	}
	if err := p.finish(); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.HasPrefix(raw, "\uFEFF文件,年度,机关,规则,严重程度,位置,说明,行,列\r\n") {
		t.Fatalf("header: %q", raw)
	}
	// encoding/csv ends a line inside a quoted field as it ends rows, CRLF: Excel
	// shows both as a line break in the cell.
	wantRow := `"县,乡/""报告"".txt",2021,"'=HYPERLINK(""x"")某某镇",total-mismatch,error,表三 （七）总计 · 自然人,` +
		`"「总计」应为 7，报告为 6, 见""说明""` + "\r\n" + `第二行",2,1` + "\r\n"
	if row := strings.TrimPrefix(raw, "\uFEFF文件,年度,机关,规则,严重程度,位置,说明,行,列\r\n"); row != wantRow {
		t.Errorf("row:\n got %q\nwant %q", row, wantRow)
	}
	// And a CSV reader gets the fields back.
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\uFEFF"))).ReadAll()
	if err != nil || len(recs) != 2 || recs[1][0] != "县,乡/\"报告\".txt" || recs[1][6] != msg || recs[1][2] != "'=HYPERLINK(\"x\")某某镇" {
		t.Errorf("read back: %q %v", recs, err)
	}
	// The real run: one row per finding, the office from the title (labao's text
	// has no title: no office).
	for _, tc := range []struct{ name, year, office string }{
		{"labao-2020-traditional.txt", "2020", ""}, {"guanghua-2021.txt", "2021", "光华镇"}} {
		stdout, _, _ := runCLI(t, "check", "--no-config", "--format", "csv", filepath.Join(samplesDir, tc.name))
		recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(stdout, "\uFEFF"))).ReadAll()
		js, _, _ := runCLI(t, "check", "--no-config", "--format", "json", filepath.Join(samplesDir, tc.name))
		if n := len(decodeOutput(t, js).Files[0].Diagnostics); err != nil || len(recs) != 1+n || n < 20 {
			t.Fatalf("%s: %d rows for %d findings, %v", tc.name, len(recs), n, err)
		}
		for _, r := range recs[1:] {
			if r[1] != tc.year || r[2] != tc.office || r[3] == "" {
				t.Errorf("%s row %q", tc.name, r)
			}
		}
	}
}

// extract writes every value cell of every report, as written in the report.
func TestExtract(t *testing.T) {
	stdout, stderr, code := runCLI(t, "extract", samplesDir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "\uFEFF文件,机关,年度,格式,表,行,列,值\r\n") {
		t.Fatalf("header %q", stdout[:min(80, len(stdout))])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(stdout, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// What is left out is said: wuqiao-2020's Table 3 rows of 5 values for 7 columns.
	if !strings.Contains(stderr, "wuqiao-2020.txt: 表三（收到和处理政府信息公开申请情况）有 21 行的数值个数与列数不符，未导出") {
		t.Errorf("stderr does not say which rows were left out: %q", stderr)
	}
	perFile := map[string]int{}
	cell := map[string]string{}
	for _, r := range recs[1:] {
		perFile[filepath.Base(r[0])]++
		cell[filepath.Base(r[0])+" "+r[4]+" "+r[5]+" "+r[6]] = r[7]
		if r[2] == "" || r[3] == "" || r[1] == "" && !strings.Contains(r[0], "labao") { // labao has no title
			t.Errorf("row without office, year or format: %q", r)
		}
	}
	if len(perFile) != 7 {
		t.Errorf("reports: %v", perFile)
	}
	// From pingtan-2021.md: "| （七）总计 | 63 | 0 | 0 | 2 | 0 | 4 | 69 |" and its
	// Table 4 row; a 2019-format Table 2 cell of pingtan-2019.
	text := readSample(t, "pingtan-2021.md")
	if !strings.Contains(text, "| （七）总计 | 63 | 0 | 0 | 2 | 0 | 4 | 69 |") {
		t.Fatal("the sample changed")
	}
	for key, want := range map[string]string{
		"pingtan-2021.md 表三 （七）总计 自然人":                   "63",
		"pingtan-2021.md 表三 （七）总计 总计":                    "69",
		"pingtan-2021.md 表三 （七）总计 社会公益组织":                "2",
		"pingtan-2021.md 表三 （七）总计 商业企业":                  "0",
		"pingtan-2021.md 表三 （四）无法提供 · 1.本机关不掌握相关政府信息 其他": "3",
	} {
		if got, ok := cell[key]; !ok || got != want {
			t.Errorf("%s = %q (%v), want %q", key, got, ok, want)
		}
	}
	// JSON: the same cells.
	stdout, _, code = runCLI(t, "extract", "--format", "json", filepath.Join(samplesDir, "pingtan-2021.md"))
	var out struct {
		Reports []struct {
			Path, Office string
			Year         *int
			Format       *string
			Cells        []struct{ Table, Row, Column, Value string }
		}
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || code != 0 || len(out.Reports) != 1 {
		t.Fatalf("json: %v exit %d", err, code)
	}
	r := out.Reports[0]
	if r.Office != "平潭综合实验区" || *r.Year != 2021 || *r.Format != "2021" || len(r.Cells) != perFile["pingtan-2021.md"] {
		t.Errorf("json report %s %v %v, %d cells, csv %d", r.Office, r.Year, r.Format, len(r.Cells), perFile["pingtan-2021.md"])
	}
	// Not a report: skipped with a line, status 0; a missing file: status 2.
	notReport := writeFile(t, filepath.Join(t.TempDir(), "通知.txt"), []byte("关于做好年度报告工作的通知\n"))
	stdout, stderr, code = runCLI(t, "extract", notReport, filepath.Join(samplesDir, "pingtan-2021.md"))
	if code != 0 || !strings.Contains(stderr, "不是年度报告") || len(lines(stdout)) != 1+perFile["pingtan-2021.md"] {
		t.Errorf("not a report: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code = runCLI(t, "extract", filepath.Join(samplesDir, "none.md")); code != 2 || stderr == "" {
		t.Errorf("missing file: exit %d", code)
	}
	if _, stderr, code = runCLI(t, "extract", "--format", "xml", samplesDir); code != 2 || !strings.Contains(stderr, "csv 或 json") {
		t.Errorf("bad format: exit %d %q", code, stderr)
	}
}

// Colour only on a terminal, and never with NO_COLOR.
func TestCheckColour(t *testing.T) {
	var buf bytes.Buffer
	if colourWanted(&buf) {
		t.Error("colour into a buffer")
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if colourWanted(null) {
		t.Error("colour into /dev/null, a character device but no terminal")
	}
	tty, ok := openPTY(t)
	if !ok {
		t.Skip("no pseudo-terminal here")
	}
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	if !colourWanted(tty) {
		t.Error("no colour on a terminal")
	}
	t.Setenv("NO_COLOR", "1")
	if colourWanted(tty) {
		t.Error("colour with NO_COLOR=1")
	}
	// The text printer colours the severity word only.
	text := "一、总体情况"
	fr := newFileReport("x.txt", text, &analysis.Report{IsReport: true}, []analysis.Diagnostic{{Rule: "missing-section", Severity: analysis.SeverityError, Message: "缺少"}})
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	(&textPrinter{w: w, colour: true}).file(fr)
	w.Flush()
	if got := out.String(); got != "x.txt:1:1: \x1b[1;31merror\x1b[0m: 缺少 [missing-section]\n" {
		t.Errorf("coloured line %q", got)
	}
}
