package main

import (
	"context"
	"errors"
	"io"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/input"
)

const textUsage = `用法：nianbao text FILE|-

把一份报告按检查时读到的样子输出为 Markdown：段落一行一段，表格写成 | 分隔的 Markdown 表格
（合并的单元格展开，文字在第一格）。FILE 可以是网页（.html、.htm）、Word 文档（.docx）、
PDF（需要 pdftotext，Debian/Ubuntu 上 apt-get install poppler-utils）或文本文件（.txt、.md，
UTF-8、GB18030、UTF-16）；"-" 从标准输入读取，按内容判断类型。

网页、Word 和 PDF 不能用 check --fix 直接修正。把它们转成文字，在编辑器里边改边查：
  nianbao text 报告.docx > 报告.md
nianbao text FILE | nianbao check - 与 nianbao check FILE 的问题相同（规则、说明和位置；
行列号是各自读到的文字中的）。

读到的内容不像年度报告时照样输出，并在标准错误上说明。

退出状态：
  0  已输出
  2  用法或读取错误：参数不对、文件不存在或无法读取、文件过大（16 MB，读出的文字也一样）、
     不是所说的文件类型、读 PDF 时没有 pdftotext；原因在标准错误上，一行
`

// runText implements "nianbao text": the report as the checker reads it, written as
// Markdown for an editor.
func runText(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("text")
	if err := fs.Parse(args); err != nil {
		return flagsFailed(err, "text", textUsage, args, stdout, stderr)
	}
	switch fs.NArg() {
	case 0:
		notef(stderr, "nianbao text: 缺少要读取的文件（运行 nianbao text --help 查看用法）")
		return 2
	case 1:
	default:
		notef(stderr, "nianbao text: 一次只读一个文件，多了 %q（运行 nianbao text --help 查看用法）", fs.Arg(1))
		return 2
	}
	path := fs.Arg(0)
	var src sourceFile
	var err error
	if path == "-" {
		src, err = readStdin(stdin)
	} else {
		src, err = readSource(path)
	}
	if err != nil {
		notef(stderr, "%s: %s", path, describeReadError(err))
		return 2
	}
	kind := input.KindOf(path)
	if path == "-" {
		kind = input.Sniff(src.raw)
	}
	in, err := input.Read(context.Background(), kind, src.raw, maxFileSize)
	if err != nil {
		var nt *input.NotTextError
		switch {
		case errors.As(err, &nt):
			notef(stderr, "%s: %s", path, nt.Note("无法读取"))
		case errors.Is(err, input.ErrTooMuchText):
			notef(stderr, "%s: %v", path, &tooLargeError{decoded: true, kind: kind})
		default:
			notef(stderr, "%s: %v", path, err)
		}
		return 2
	}
	if len(in.Text) > maxFileSize {
		notef(stderr, "%s: %v", path, &tooLargeError{size: int64(len(in.Text)), decoded: true, kind: kind})
		return 2
	}
	if in.Note != "" {
		notef(stderr, "%s: %s", path, in.Note)
	}
	doc := analysis.Read(in.Text)
	if rep := analysis.Match(doc, analysis.FormatUnknown); !rep.IsReport {
		notef(stderr, "%s: 没有找到年度报告的标题、部分标题或表格，不像年度报告；照样输出读到的文字", path)
	}
	if _, err := io.WriteString(stdout, doc.Markdown()); err != nil {
		notef(stderr, "nianbao text: 无法写出结果：%v", err)
		return 2
	}
	return 0
}
