package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"syscall"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/input"
)

const extractUsage = `用法：nianbao extract [--format csv|json] [--template auto|2019|2021] PATH...

把每份报告表格中的数字写出来，供上级机关把一个地区的全部报告汇总到一张表里。PATH 与
nianbao check 相同：文件、目录（递归查找 .txt、.md、.html、.htm、.docx、.pdf）或 "-"。

参数：
  --format csv|json
        输出格式，默认 csv。
        csv    每份报告的每个数字单元格一行：文件、机关、年度、格式、表、行、列、值（第一行
               是列名）。UTF-8 带 BOM（Excel 据此按 UTF-8 打开），CRLF 换行，按 RFC 4180
               加引号；以 = + - @ 开头的内容前加 '，免得被当作公式。
        json   {"reports":[{"path","office","year","format","cells":[{"table","row","column","value"}]}]}；
               year、format 未知时为 null。
  --template auto|2019|2021
        按哪一版格式读表格，默认 auto（按报告年度）。

机关是标题中年份之前的机关名称（繁体转为简体），标题看不出时为空。值是单元格中写的内容：
数字、空单元格为空，其他内容（如「/」）照写。一行的数值个数与格式的列数不符时，无法确定
各值所属的列，这一行不输出（nianbao check 的 row-shape 会指出）。不是年度报告的文件跳过，
在标准错误上说明。

退出状态：
  0  已输出
  2  用法或读取错误（原因在标准错误上，一行一个；其他文件照常输出）
`

// runExtract implements "nianbao extract": the numbers of every report's tables,
// one row per report and cell.
func runExtract(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("extract")
	format := fs.String("format", "csv", "")
	template := fs.String("template", "auto", "")
	var paths []string
	for rest := args; len(rest) > 0; {
		if err := fs.Parse(rest); err != nil {
			return flagsFailed(err, "extract", extractUsage, args, stdout, stderr)
		}
		rest = fs.Args()
		if len(rest) > 0 {
			paths = append(paths, rest[0])
			rest = rest[1:]
		}
	}
	if *format != "csv" && *format != "json" {
		notef(stderr, "nianbao extract: --format 只能是 csv 或 json，不能是 %q", *format)
		return 2
	}
	tmpl, err := analysis.ParseFormat(*template)
	if err != nil {
		notef(stderr, "nianbao extract: --template 只能是 auto、2019 或 2021，不能是 %q", *template)
		return 2
	}
	if len(paths) == 0 {
		notef(stderr, "nianbao extract: 缺少要读取的文件或目录（运行 nianbao extract --help 查看用法）")
		return 2
	}
	ignoreBrokenPipe()

	targets, status := gatherTargets(paths, stderr)
	w := bufio.NewWriterSize(stdout, 64<<10)
	out := newExtractWriter(*format, w)
	notReports := 0
	for _, t := range targets {
		rep, note, failed := extractReport(t, stdin, tmpl)
		if failed {
			status = 2
		}
		if note != "" && (t.dir == "" || failed) {
			notef(stderr, "%s", note)
		}
		if rep == nil {
			if !failed {
				notReports++
			}
			continue
		}
		out.report(t.path, rep)
		for _, o := range rep.Omitted() {
			notef(stderr, "%s: %s", t.path, o)
		}
	}
	if err := out.finish(); err != nil && !errors.Is(err, syscall.EPIPE) {
		// A reader that went away (extract … | head) is its choice, not an error.
		notef(stderr, "nianbao extract: 无法写出结果：%v", err)
		return 2
	}
	if notReports > 0 {
		notef(stderr, "跳过 %d 个不是年度报告的文件", notReports)
	}
	if len(targets) == 0 {
		return 2
	}
	return status
}

// extractReport reads one target into a report; nil with a note when it is not
// one, or could not be read (failed).
func extractReport(t checkTarget, stdin io.Reader, tmpl analysis.Format) (*analysis.Report, string, bool) {
	var src sourceFile
	var err error
	if t.stdin {
		src, err = readStdin(stdin)
	} else {
		src, err = readSource(t.path)
	}
	if err != nil {
		return nil, fmt.Sprintf("%s: %s", t.path, describeReadError(err)), true
	}
	kind := input.KindOf(t.path)
	if t.stdin {
		kind = input.Sniff(src.raw)
	}
	in, err := input.Read(context.Background(), kind, src.raw, maxFileSize)
	if err != nil {
		r := readFailed(t, kind, err)
		return nil, r.notes[0], r.failed
	}
	rep := analysis.Match(analysis.Read(in.Text), tmpl)
	if !rep.IsReport {
		return nil, fmt.Sprintf("%s: 没有找到年度报告的标题、部分标题或表格，不是年度报告，已跳过", t.path), false
	}
	return rep, "", false
}

// extractWriter writes the cells of one report after another.
type extractWriter interface {
	report(path string, rep *analysis.Report)
	finish() error
}

func newExtractWriter(format string, w *bufio.Writer) extractWriter {
	if format == "json" {
		return &extractJSON{jsonList{w: w, key: "reports"}}
	}
	w.WriteString("\uFEFF") // see csvPrinter
	c := csv.NewWriter(w)
	c.UseCRLF = true
	c.Write([]string{"文件", "机关", "年度", "格式", "表", "行", "列", "值"})
	return &extractCSV{w: w, c: c}
}

type extractCSV struct {
	w *bufio.Writer
	c *csv.Writer
}

func (x *extractCSV) report(path string, rep *analysis.Report) {
	year := ""
	if rep.Year != 0 {
		year = strconv.Itoa(rep.Year)
	}
	office, format := rep.Agency(), rep.Format.String()
	for _, c := range rep.Cells() {
		x.c.Write(csvRow(path, office, year, format, "表"+c.Table, c.Row, c.Column, c.Value))
	}
}

func (x *extractCSV) finish() error {
	x.c.Flush()
	if err := x.c.Error(); err != nil {
		return err
	}
	return x.w.Flush()
}

// extractJSON streams {"reports":[…]}, one report object per line.
type extractJSON struct{ jsonList }

type jsonCell struct {
	Table  string `json:"table"`
	Row    string `json:"row"`
	Column string `json:"column"`
	Value  string `json:"value"`
}

type jsonExtracted struct {
	Path   string     `json:"path"`
	Office string     `json:"office"`
	Year   *int       `json:"year"`
	Format *string    `json:"format"`
	Cells  []jsonCell `json:"cells"`
}

func (x *extractJSON) report(path string, rep *analysis.Report) {
	x.next()
	r := jsonExtracted{Path: path, Office: rep.Agency(), Cells: []jsonCell{}}
	if rep.Year != 0 {
		y := rep.Year
		r.Year = &y
	}
	if f := rep.Format.String(); f != "" {
		r.Format = &f
	}
	for _, c := range rep.Cells() {
		r.Cells = append(r.Cells, jsonCell{Table: "表" + c.Table, Row: c.Row, Column: c.Column, Value: c.Value})
	}
	writeJSONValue(x.w, r)
}
