package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/input"
)

const checkUsage = `用法：nianbao check [--format text|json|sarif|csv] [--template auto|2019|2021] [--config FILE | --no-config]
                     [--fix] [--quiet] [--max-warnings N] [--verbose] PATH...

检查政府信息公开工作年度报告。PATH 是文件、目录或 "-"（从标准输入读取，按内容判断类型）。
可以检查文本（.txt、.md）、网页（.html、.htm）、Word 文档（.docx）和 PDF（.pdf，需要
pdftotext：apt-get install poppler-utils）。目录会递归查找其中这些类型的文件，不进入名字以 .
开头的目录和 node_modules，也不看名字以 . 开头的文件。多个文件并行检查，结果按路径顺序输出：
先按命令行上的顺序，同一目录内按文件名排序。参数写在路径前后均可；"--" 之后的都当作路径。
检查多个文件时，同一机关（标题中年份前的名称）相邻两年的报告互相对照：上年结转与上一年的结转下年度、
与上一年雷同的文字、表二的累计数；结果在全部文件检查完后一起输出。

网页和 Word 文档先读出段落和表格（合并的单元格展开，文字在第一格），写成 Markdown 再检查；
PDF 检查 pdftotext -layout 输出的文字。这些文件的行号和列号是读出的文字中的，可用
nianbao text FILE 查看；每个问题另外写明位置，如（位置：表三 （七）总计 · 自然人）。

参数：
  --format text|json|sarif
        输出格式，默认 text。
        text   每个问题一行：路径:行:列: 严重程度: 说明 [规则]。行和列从 1 开始，
               列按 UTF-16 码元计数（一个汉字算 1 列，与 VS Code 相同）。网页、Word
               和 PDF 的问题后面加（位置：…）。路径和说明中的控制字符按 Go 的 %q 转义
               （如 \n、\x1b），中文照常显示。
        json   {"files":[{"path","year","format","diagnostics":[…]}]}。行和列从 0 开始，
               列按 UTF-16 码元计数，与 LSP 相同；year、format 未知或不是报告时为 null；
               where 是文字写的位置，没有时为 ""；fixes、related 总是存在，没有时为 []。
        sarif  SARIF 2.1.0，供代码扫描平台使用；行和列从 1 开始，列按 UTF-16 码元计数；
               文字写的位置在 logicalLocations 中。
        csv    每个问题一行，供 Excel 等表格软件汇总：文件、年度、机关、规则、严重程度、
               位置、说明、行、列（第一行是列名）。UTF-8 带 BOM（Excel 据此按 UTF-8 打开），
               CRLF 换行，按 RFC 4180 加引号；以 = + - @ 开头的内容前加 '，免得被当作公式。
  --template auto|2019|2021
        按哪一版格式检查，默认 auto：2020 年度及以前用 2019 年版，2021 年度起用 2021 年版。
        不是 auto 时优先于配置文件的 template。
  --config FILE
        所有文件都按这个配置文件检查。不加时，每个文件按离它最近的 .nianbao.toml 检查（从文件
        所在目录往上找；标准输入从当前目录找）。配置文件中写错的设置在标准错误上报告
        （路径:行:列: 说明），退出状态为 2，其余设置照常生效。
  --no-config
        不读配置文件，按默认设置检查。
  --quiet
        只输出错误级别的问题（警告和提示不输出，也不计入汇总行）。
  --max-warnings N
        警告多于 N 个时退出状态为 1（没有错误时也是）；--quiet 隐去的警告同样计数。
  --fix
        修正总计、表格文字和部分标题，然后报告其余问题。修正直接写进原文件（不另建文件），
        所以属主、权限、硬链接和扩展属性都不变，编码也不变（BOM、CRLF、GB18030、UTF-16），
        只改写从第一处修正起的字节，其他内容一个字节也不改。写入前锁定文件并核对内容与检查时
        相同，写入后读回核对；期间有其他程序写入文件时在标准错误上说明。只修改当前用户可写的
        文件；只读文件不修改。网页、Word 文档、PDF 和标准输入不是文本文件，不修改（问题照常
        报告，退出状态为 2）：请改正原文件，或用 nianbao text FILE > 报告.md 转成文字后修正。
  --verbose
        目录中不是年度报告的文件逐个列出原因；不加时只说一共跳过了几个。

读取：UTF-8（可带 BOM）和带 BOM 的 UTF-16 直接读取；不是 UTF-8 的文件按 GB18030 读取，
并在标准错误上说明。含 NUL 字节或无法解码的文件不是文本文件，UTF-8 与其他编码混杂的文件
也无法检查：直接指定时报错，目录中的跳过，都在标准错误上说明。网页按 BOM 或 <meta> 声明的
编码读取（UTF-8、GBK/GB2312/GB18030 等），没有声明时自行判断。不是 .docx 的 Word 文件（旧版
.doc、加密文档）和读不出文字的 PDF（扫描图片）同样报错或跳过，并说明怎么办。没有 pdftotext
时每个 PDF 报错一行。大于 16 MB（16 777 216 字节；解码后、从网页、Word 或 PDF 读出的文字
也一样）的文件不检查，报错。目录中的命名管道、设备文件、断开或循环的符号链接跳过，指向目录的
符号链接不进入，各在标准错误上说明一行。空文件和不像年度报告的文件（没有报告标题、部分标题
和表格）不检查：直接指定的各说明一行，目录中的只说一共几个（--verbose 逐个列出）。

退出状态：
  0  没有错误级别的问题（可能有警告或提示）
  1  至少有一个错误级别的问题（修正后仍有的才算）
  2  用法或读写错误：参数不对、文件不存在或无法读取、文件过大、目录中没有可检查的文件或
     没有一份报告、直接指定的文件不是所说的类型、读 PDF 时没有 pdftotext、修正无法写回、
     写入期间文件被其他程序改动，或 --fix 指定了网页、Word、PDF 或标准输入；
     原因在标准错误上，一行一个

标准输出被关闭时（如 nianbao check --fix DIR | head -1）不再输出结果，但检查和修正照常完成。
收到 Ctrl-C（SIGINT）、SIGTERM 或 SIGHUP 时不再开始新的文件，正在写入的修正写完后停止，
然后以该信号结束（shell 显示 130 或 143）。
`

// checkConfig is what the flags say, shared by every worker.
type checkConfig struct {
	format string
	opts   analysis.Options
	fix    bool
	// verbose lists every file of a walk that is not a report.
	verbose bool
	// configPath is --config's file; noConfig is --no-config.
	configPath string
	noConfig   bool
	// quiet prints errors only; maxWarnings fails a run with more warnings (-1: no
	// limit).
	quiet       bool
	maxWarnings int
	// colour marks the severities of the text format (a terminal, NO_COLOR unset).
	colour bool
}

// runCheck implements "nianbao check". It returns the exit status: 0 when no
// error-severity finding remains, 1 when one does, 2 on a usage or I/O problem (which
// wins over 1, since the findings are then incomplete).
func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, paths, err := parseCheckArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(stdout, checkUsage)
		printRuleList(stdout)
		return 0
	}
	if err != nil {
		notef(stderr, "nianbao check: %v（运行 nianbao check --help 查看用法）", err)
		return 2
	}

	// check allocates a lot of short-lived garbage per file while holding little
	// (about a megabyte), so with the default GOGC the heap stays at its 4 MB
	// minimum and the collector runs every few milliseconds: on two cores that costs
	// as much as the checking itself. A larger target trades some 20 MB of memory for
	// about half the run time. GOGC set by the user wins.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	// The other way round, a file near the size limit holds seven times its size
	// while it is checked: a soft memory limit that follows the texts held keeps the
	// heap from growing far past that (see memoryLimit). GOMEMLIMIT set by the user
	// wins.
	var mem *memoryLimit
	if os.Getenv("GOMEMLIMIT") == "" {
		mem = newMemoryLimit()
		defer mem.done()
	}

	targets, status := gatherTargets(paths, stderr)
	if len(targets) == 0 {
		return 2
	}
	configLines, badConfig := resolveConfigs(targets, cfg)
	for _, l := range configLines {
		notef(stderr, "%s", l)
	}
	if badConfig {
		status = 2
	}
	cfg.colour = cfg.format == "text" && colourWanted(stdout)

	ignoreBrokenPipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Ctrl-C stops a run between files, so that no fix is left half written and
	// the summary says what was not checked. A run that writes nothing and checks
	// one file has neither: it ends as any command does. Watching costs the signal
	// loop's goroutine and ours, and the threads woken to run them: 0.6 ms of a
	// 3.3 ms one-file check (perf stat -r 200, 48 futex calls instead of 12).
	interrupted := func() os.Signal { return nil }
	if cfg.fix || len(targets) > 1 {
		interrupted = watchInterrupt(cancel)
	}

	out := bufio.NewWriterSize(stdout, 64<<10)
	pr := newPrinter(cfg.format, out)
	if tp, ok := pr.(*textPrinter); ok {
		tp.colour = cfg.colour
	}
	var sum checkSummary
	// printing is cleared when stdout fails; checking and fixing go on regardless.
	printing := true
	printFailed := func(err error) {
		printing = false
		if errors.Is(err, syscall.EPIPE) {
			// The reader went away (check … | head): that is its choice, not an
			// error of the check, whose status stays what the findings say. Every
			// file is still checked and fixed, so that the files end up the same
			// whether or not anyone reads the output.
			fmt.Fprintln(stderr, "nianbao check: 标准输出已关闭，其余结果不再输出；检查和修正照常完成")
			return
		}
		notef(stderr, "nianbao check: 无法写出结果：%v；检查和修正照常完成", err)
		status = 2
	}
	// reportsIn counts the reports found under each directory argument: a directory
	// that holds .txt and .md files but not one report is as wrong a target as an
	// empty one.
	var dirs []string
	reportsIn := make(map[string]int)
	for _, t := range targets {
		if _, ok := reportsIn[t.dir]; !ok && t.dir != "" {
			dirs = append(dirs, t.dir)
			reportsIn[t.dir] = 0
		}
	}
	// nonReports counts the files of a walk that are not reports: a folder of
	// downloads holds hundreds, and a line each would bury the lines that matter.
	// They are listed with --verbose; a file named on the command line always gets
	// its line, since the user meant it to be a report.
	i, notStarted, nonReports := 0, 0, 0
	emit := func(r checkResult) {
		for _, d := range r.report.diags {
			if d.Severity == analysis.SeverityWarning {
				sum.allWarnings++
			}
		}
		if cfg.quiet {
			r.report.onlyErrors()
		}
		sum.add(r)
		if printing {
			if err := pr.file(r.report); err != nil {
				printFailed(err)
			}
		}
	}
	// With more than one file, each is checked against last year's report of its
	// office among them (check_years.go), so the findings are printed once all are
	// checked.
	hold := len(targets) > 1
	var held []checkResult
	take := func(r checkResult, t checkTarget) {
		if r.notStarted {
			notStarted++
			return
		}
		if r.notReport && t.dir != "" && !cfg.verbose && !r.failed {
			nonReports++
		} else {
			for _, n := range r.notes {
				notef(stderr, "%s", n)
			}
		}
		if r.failed {
			status = 2
		}
		if r.report == nil {
			sum.skipped++
			return
		}
		if r.isReport {
			reportsIn[t.dir]++
		}
		if hold {
			held = append(held, r)
			return
		}
		emit(r)
	}
	for r := range checkFiles(ctx, targets, cfg, stdin, mem) {
		take(r, targets[i])
		i++
		if r.release != nil && !hold {
			r.release() // printed: its text and findings are garbage now
		}
	}
	if hold {
		acrossYears(held, cfg.opts)
		for _, r := range held {
			emit(r)
			if r.release != nil {
				r.release()
			}
		}
	}
	if printing {
		if err := pr.finish(); err != nil {
			printFailed(err)
		}
	}
	sig := interrupted()
	if sig == nil {
		for _, d := range dirs {
			if reportsIn[d] == 0 {
				notef(stderr, "%s: 目录中没有年度报告（其中的文件都不是报告或无法读取）", d)
				status = 2
			}
		}
	}
	if nonReports > 0 {
		notef(stderr, "跳过 %d 个不是年度报告的文件（加 --verbose 逐个列出）", nonReports)
	}
	if sum.files > 0 {
		fmt.Fprintln(stderr, sum.String())
	}
	if sig != nil {
		fmt.Fprintf(stderr, "nianbao check: 收到%s，已停止：%d 个文件未检查；已开始的修正都已写完\n", signalName(sig), notStarted)
		return exitBySignal(sig)
	}
	if status == 0 && sum.errors > 0 {
		status = 1
	}
	if cfg.maxWarnings >= 0 && sum.allWarnings > cfg.maxWarnings {
		notef(stderr, "nianbao check: %d 个警告，多于 --max-warnings %d", sum.allWarnings, cfg.maxWarnings)
		if status == 0 {
			status = 1
		}
	}
	return status
}

// watchInterrupt calls cancel when an interrupt signal arrives, instead of letting
// it kill the process in the middle of writing a fix. The function it returns stops
// watching and gives the signal that arrived, or nil.
func watchInterrupt(cancel context.CancelFunc) (stop func() os.Signal) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, interruptSignals...)
	done := make(chan struct{})
	got := make(chan os.Signal, 1)
	go func() {
		select {
		case sig := <-sigs:
			cancel()
			got <- sig
		case <-done:
			got <- nil
		}
	}()
	return func() os.Signal {
		signal.Stop(sigs)
		close(done)
		sig := <-got
		if sig == nil {
			select {
			case sig = <-sigs:
			default:
			}
		}
		return sig
	}
}

// parseCheckArgs reads flags and paths. Flags may follow paths (Go's flag package
// stops at the first non-flag, so parsing resumes after each path); "--" ends flags.
func parseCheckArgs(args []string) (checkConfig, []string, error) {
	fs := newFlagSet("check")
	format := fs.String("format", "text", "")
	template := fs.String("template", "auto", "")
	fix := fs.Bool("fix", false, "")
	verbose := fs.Bool("verbose", false, "")
	configPath := fs.String("config", "", "")
	noConfig := fs.Bool("no-config", false, "")
	quiet := fs.Bool("quiet", false, "")
	maxWarnings := fs.Int("max-warnings", -1, "")

	var paths []string
	rest := args
	for len(rest) > 0 {
		before := len(rest)
		if err := fs.Parse(rest); err != nil {
			return checkConfig{}, nil, flagError(err, args)
		}
		rest = fs.Args()
		if consumed := before - len(rest); consumed > 0 && args[len(args)-len(rest)-1] == "--" {
			paths = append(paths, rest...)
			break
		}
		if len(rest) > 0 {
			paths = append(paths, rest[0])
			rest = rest[1:]
		}
	}

	var cfg checkConfig
	switch *format {
	case "text", "json", "sarif", "csv":
		cfg.format = *format
	default:
		return cfg, nil, fmt.Errorf("--format 只能是 text、json、sarif 或 csv，不能是 %q", *format)
	}
	tmpl, err := analysis.ParseFormat(*template)
	if err != nil {
		return cfg, nil, fmt.Errorf("--template 只能是 auto、2019 或 2021，不能是 %q", *template)
	}
	cfg.opts.Template = tmpl
	cfg.fix = *fix
	cfg.verbose = *verbose
	cfg.quiet, cfg.maxWarnings, cfg.noConfig = *quiet, *maxWarnings, *noConfig
	if *configPath != "" {
		if *noConfig {
			return cfg, nil, errors.New("--config 和 --no-config 不能同时使用")
		}
		if err := loadExplicitConfig(*configPath); err != nil {
			return cfg, nil, err
		}
		cfg.configPath = *configPath
	}
	if *maxWarnings < -1 {
		return cfg, nil, fmt.Errorf("--max-warnings 应为 0 或正整数，不能是 %d", *maxWarnings)
	}
	if len(paths) == 0 {
		return cfg, nil, errors.New("缺少要检查的文件或目录")
	}
	return cfg, paths, nil
}

// printRuleList ends the help with the rules check runs.
func printRuleList(w io.Writer) {
	fmt.Fprintln(w, "\n规则：")
	for _, r := range analysis.Rules() {
		fix := ""
		if r.FixAll {
			fix = "，--fix 可修正"
		}
		fmt.Fprintf(w, "  %-20s %-7s %s%s\n", r.ID, r.Severity, r.Title, fix)
	}
}

// checkResult is the outcome for one target, handed from a worker to the printer.
type checkResult struct {
	// report is nil when the file was not checked.
	report *fileReport
	// notes are lines for stderr: how the file was read, what was fixed, why it was
	// skipped.
	notes []string
	// failed is set by an I/O error, a named file that is not text, or a fix that
	// could not be written: anything that makes the exit status 2.
	failed bool
	// isReport is set when the file was read as a report.
	isReport bool
	// notStarted is set for a file not looked at because the run was interrupted.
	notStarted bool
	// notReport is set for a file that was read but is not a report (empty, or
	// without the landmarks of one); notes then says so.
	notReport bool
	fixed     int
	// summary is the report's, for the rules comparing years; nil when not a report.
	summary *analysis.Summary
	// release, when set, stops counting the file's text for the memory limit.
	release func()
}

// checkFiles checks the targets on a pool of GOMAXPROCS workers and yields their
// results in target order, each as soon as it and all before it are done. Every
// target is checked (and fixed) even if the caller stops printing; once ctx is done
// (the run was interrupted) no new target is started, and those are yielded with
// notStarted set.
func checkFiles(ctx context.Context, targets []checkTarget, cfg checkConfig, stdin io.Reader, mem *memoryLimit) <-chan checkResult {
	if len(targets) == 1 {
		// One file is checked here: handing it to a worker and back woke two more
		// threads, a tenth of a one-file check's process time.
		ordered := make(chan checkResult, 1)
		if ctx.Err() != nil {
			ordered <- checkResult{notStarted: true}
		} else {
			ordered <- checkFile(ctx, targets[0], cfg, stdin, mem)
		}
		close(ordered)
		return ordered
	}
	slots := make([]chan checkResult, len(targets))
	for i := range slots {
		slots[i] = make(chan checkResult, 1)
	}
	jobs := make(chan int)
	go func() {
		for i := range targets {
			jobs <- i
		}
		close(jobs)
	}()
	workers := min(runtime.GOMAXPROCS(0), len(targets))
	for range workers {
		go func() {
			for i := range jobs {
				if ctx.Err() != nil {
					slots[i] <- checkResult{notStarted: true}
					continue
				}
				slots[i] <- checkFile(ctx, targets[i], cfg, stdin, mem)
			}
		}()
	}
	ordered := make(chan checkResult, workers)
	go func() {
		for _, s := range slots {
			ordered <- <-s
		}
		close(ordered)
	}()
	return ordered
}

// checkFile reads, checks and, with --fix, repairs one file. The text checked counts
// for mem until the result's release is called.
func checkFile(ctx context.Context, t checkTarget, cfg checkConfig, stdin io.Reader, mem *memoryLimit) (r checkResult) {
	path := t.path
	var src sourceFile
	var err error
	if t.stdin {
		src, err = readStdin(stdin)
	} else {
		src, err = readSource(path)
	}
	if err != nil {
		return checkResult{notes: []string{fmt.Sprintf("%s: %s", path, describeReadError(err))}, failed: true}
	}
	kind := input.KindOf(path)
	if t.stdin {
		kind = input.Sniff(src.raw)
	}
	in, err := input.Read(ctx, kind, src.raw, maxFileSize)
	if err != nil {
		return readFailed(t, kind, err)
	}
	if len(in.Text) > maxFileSize {
		// GB18030 and UTF-16 grow when decoded, a page's markup shrinks to its text;
		// the limit is on what the engine sees.
		return checkResult{notes: []string{fmt.Sprintf("%s: %v", path, &tooLargeError{size: int64(len(in.Text)), decoded: true, kind: kind})}, failed: true}
	}
	r.release = mem.hold(len(in.Text))
	if in.Note != "" {
		r.notes = append(r.notes, fmt.Sprintf("%s: %s", path, in.Note))
	}
	if !cfg.fix {
		// Only a fix needs the bytes as read; let them go before the engine runs
		// (16 MB of a file at the size limit).
		src.raw = nil
	}
	text := in.Text
	res := analysis.CheckFindings(text, t.opts)
	switch {
	case len(text) == 0 && kind == input.Text:
		r.notes = append(r.notes, fmt.Sprintf("%s: 文件为空，不是年度报告", path))
		r.notReport = true
	case len(text) == 0:
		r.notes = append(r.notes, fmt.Sprintf("%s: %s中没有读到文字，不是年度报告", path, kind.Noun()))
		r.notReport = true
	case res.Report() == nil || !res.Report().IsReport:
		// Say so, or a file that was not checked would look like a clean report.
		r.notes = append(r.notes, fmt.Sprintf("%s: 没有找到年度报告的标题、部分标题或表格，不是年度报告，未检查", path))
		r.notReport = true
	}
	switch {
	case cfg.fix && t.stdin:
		r.notes = append(r.notes, fmt.Sprintf("%s: 标准输入无法修正，未修正（--fix 只修改文件；请把文字存成文件后再加 --fix）", path))
		r.failed = true
	case cfg.fix && in.Decoded == nil:
		// The text checked was extracted from the file; an edit of it has no place in
		// the file's own bytes.
		r.notes = append(r.notes, fmt.Sprintf("%s: 是%s，不是文本文件，--fix 无法修改，文件未动；请改正原文件，或用 nianbao text %s > 报告.md 转成文字后修正", path, kind.Noun(), shellQuote(path)))
		r.failed = true
	case cfg.fix:
		if held := analysis.FixesWithheld(res.Diagnostics); held > 0 {
			// Say it, or a total still wrong after --fix would look like a fix that failed.
			r.notes = append(r.notes, fmt.Sprintf("%s: %d 处总计未修正：改了会破坏现在成立的勾稽关系，请按提示核对明细行", path, held))
		}
		fixed, n, err := fixText(ctx, path, src, *in.Decoded, res)
		if n > 0 {
			r.notes = append(r.notes, fmt.Sprintf("%s: 已修正 %d 处", path, n))
			r.fixed = n
			text = fixed
			res = nil // the old result is garbage before the new one is made
			res = analysis.CheckFindings(text, t.opts)
		}
		if err != nil {
			r.notes = append(r.notes, fmt.Sprintf("%s: %v", path, err))
			r.failed = true
		}
	}
	r.report = newFileReport(path, text, res.Report(), res.Diagnostics)
	if s := res.Summary(); s != nil {
		s.Name = path
		r.summary = s
	}
	if cfg.format == "csv" {
		r.report.Office = res.Report().Agency()
	}
	r.report.extracted = kind != input.Text
	r.isReport = res.Report() != nil && res.Report().IsReport
	return r
}

// readFailed is the result for a file input.Read could not read: a named file (or
// standard input) fails the run; a file met in a walk that is not what its name says
// is skipped with a note. A PDF that cannot be read for want of pdftotext fails the
// run wherever it was found: it was meant to be checked.
func readFailed(t checkTarget, kind input.Kind, err error) checkResult {
	var nt *input.NotTextError
	switch {
	case errors.Is(err, input.ErrNoPDFTool):
		return checkResult{notes: []string{fmt.Sprintf("%s: %v，未检查", t.path, err)}, failed: true}
	case errors.Is(err, input.ErrTooMuchText):
		return checkResult{notes: []string{fmt.Sprintf("%s: %v", t.path, &tooLargeError{decoded: true, kind: kind})}, failed: true}
	case !errors.As(err, &nt):
		nt = &input.NotTextError{Reason: err.Error()}
	}
	if t.dir == "" {
		return checkResult{notes: []string{fmt.Sprintf("%s: %s", t.path, nt.Note("无法检查"))}, failed: true}
	}
	return checkResult{notes: []string{fmt.Sprintf("%s: %s", t.path, nt.Note("已跳过"))}}
}

// shellQuote quotes a path for a command line in a message, only when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r > 0x7F || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// describeReadError is describeFSError for the errors of readSource.
func describeReadError(err error) string {
	var nr *notRegularError
	var tl *tooLargeError
	switch {
	case errors.As(err, &nr):
		return nr.Error() + "，无法检查"
	case errors.As(err, &tl):
		return tl.Error()
	}
	return describeFSError(err)
}

// fixText applies the fix-all edits of res to the file and writes it back in its own
// encoding. It returns the fixed text and the number of edits once they are in the
// file (0: the file was left alone), and what went wrong: with n > 0, something
// noticed after writing.
func fixText(ctx context.Context, path string, src sourceFile, df input.Decoded, res *analysis.Result) (string, int, error) {
	edits := analysis.FixAllEdits(res.Diagnostics)
	if len(edits) == 0 {
		return "", 0, nil
	}
	fixed, err := analysis.ApplyEdits(df.Text, edits)
	if err != nil {
		return "", 0, fmt.Errorf("无法应用修正：%v", err)
	}
	if fixed == df.Text {
		return "", 0, nil
	}
	data, err := df.Encode(fixed)
	if err != nil {
		return "", 0, fmt.Errorf("修正后的文字无法按原编码写回，未修正：%v", err)
	}
	written, err := writeFix(ctx, path, src, data)
	if !written {
		return "", 0, err
	}
	return fixed, len(edits), err
}

// checkSummary counts what check found, for the line on stderr.
type checkSummary struct {
	files, skipped, errors, warnings, infos, fixed int
	// allWarnings counts the warnings --quiet does not print too, for --max-warnings.
	allWarnings int
}

func (s *checkSummary) add(r checkResult) {
	s.files++
	s.fixed += r.fixed
	for _, d := range r.report.diags {
		switch d.Severity {
		case analysis.SeverityError:
			s.errors++
		case analysis.SeverityWarning:
			s.warnings++
		default:
			s.infos++
		}
	}
}

func (s checkSummary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d 个文件，%d 个错误，%d 个警告", s.files, s.errors, s.warnings)
	if s.infos > 0 {
		fmt.Fprintf(&b, "，%d 个提示", s.infos)
	}
	if s.fixed > 0 {
		fmt.Fprintf(&b, "，已修正 %d 处", s.fixed)
	}
	if s.skipped > 0 {
		fmt.Fprintf(&b, "，跳过 %d 个文件", s.skipped)
	}
	return b.String()
}
