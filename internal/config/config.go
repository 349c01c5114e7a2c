// Package config reads .nianbao.toml, the configuration file `nianbao check` and
// the language server share: found by walking up from each checked file (the
// nearest wins), as ruff and markdownlint-cli2 find theirs.
//
//	template = "2021"                 # auto, 2019 or 2021
//	disable = ["blank-cell"]          # rule ids
//	[severity]                        # rule id = error|warning|info|hint|off
//	late-report = "off"
//	[overview-length]                 # rule options
//	max = 1200
//
// The file is read key by key: a bad key or value is a Problem with its place in the
// file, and every other key still applies. The file is parsed with go-toml's
// unstable parser, whose nodes carry their byte ranges (BurntSushi/toml gives a
// position for syntax errors only), after go-toml's decoder has checked it is TOML.
//
// It imports analysis, internal/position and go-toml; cmd/nianbao and lsp import it.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/internal/position"
)

// FileName is the configuration file's name.
const FileName = ".nianbao.toml"

// maxSize bounds a configuration file: a few lines are expected, and a larger one
// is not one.
const maxSize = 1 << 20

// File is one configuration file as read.
type File struct {
	Path string
	// Options are what the file sets: Template (FormatUnknown when it says auto or
	// nothing), Disabled (from disable, and severities "off"), Severity, and
	// OverviewMax (overview-length.max, 0 when not set).
	Options analysis.Options
	// Problems are the keys and values not applied, in file order.
	Problems []Problem
}

// Problem is a key or value of the file that could not be applied.
type Problem struct {
	// Start and End are byte offsets in the file; Line (0-based) and Char (UTF-16
	// code units, 0-based) are where Start is, EndLine and EndChar where End is, as
	// LSP counts.
	Start, End       int
	Line, Char       int
	EndLine, EndChar int
	Message          string
}

// Load reads the file at path. An error means it could not be read at all.
func Load(path string) (*File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s 不是普通文件", path)
	}
	if info.Size() > maxSize {
		return nil, fmt.Errorf("%s 大于 1 MiB，不是配置文件", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data), nil
}

// Find returns the path of the configuration file nearest to dir: in dir or the
// closest folder above it; "" when there is none. An error is a folder that could
// not be looked into (permission denied), which is not the same as no file there.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, FileName)
		_, err := os.Stat(p)
		switch {
		case err == nil:
			return p, nil
		case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
			return "", err
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", nil
		}
		dir = up
	}
}

// Parse reads the text of a configuration file. It never fails: what it cannot
// apply is in Problems.
func Parse(path string, data []byte) *File {
	f := &File{Path: path}
	m := position.New(string(data))
	bad := func(start, end int, format string, args ...any) {
		line, char := m.Position(start)
		el, ec := m.Position(end)
		f.Problems = append(f.Problems, Problem{Start: start, End: end, Line: line, Char: char, EndLine: el, EndChar: ec,
			Message: fmt.Sprintf(format, args...)})
	}
	// The decoder checks what the parser does not (a key given twice, a table
	// defined twice); a file that is not TOML applies nothing.
	var whole map[string]any
	if err := toml.Unmarshal(data, &whole); err != nil {
		var de *toml.DecodeError
		start := 0
		if errors.As(err, &de) {
			row, col := de.Position()
			start = offsetOf(data, row, col)
		}
		msg := strings.TrimPrefix(err.Error(), "toml: ")
		bad(start, start, "配置文件不是有效的 TOML（%s），其中的设置均未生效", msg)
		return f
	}

	p := unstable.Parser{}
	p.Reset(data)
	var table []string // the keys of the last [table] header
	var tableRange unstable.Range
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table:
			table, tableRange = keyOf(e), keyRange(e)
			if len(table) == 1 && (table[0] == "severity" || table[0] == "overview-length") {
				continue
			}
			r := tableRange
			bad(int(r.Offset), int(r.Offset+r.Length), "未知的设置表 [%s]：可用的有 [severity] 和 [overview-length]；已忽略其中的设置", strings.Join(table, "."))
		case unstable.ArrayTable:
			table = []string{"[[" + strings.Join(keyOf(e), ".") + "]]"}
			r := keyRange(e)
			bad(int(r.Offset), int(r.Offset+r.Length), "配置文件不用表数组 [[%s]]；已忽略其中的设置", strings.Join(keyOf(e), "."))
		case unstable.KeyValue:
			key := append(append([]string(nil), table...), keyOf(e)...)
			f.apply(&p, key, keyRange(e), e.Value(), bad)
		}
	}
	return f
}

// apply applies one key's value.
func (f *File) apply(p *unstable.Parser, key []string, kr unstable.Range, v *unstable.Node, bad func(int, int, string, ...any)) {
	ks, ke := int(kr.Offset), int(kr.Offset+kr.Length)
	vs, ve := valueRange(v, ks, ke)
	name := strings.Join(key, ".")
	switch {
	case strings.HasPrefix(key[0], "[["):
		return // reported at its header
	case name == "template":
		s, ok := stringValue(v)
		if !ok {
			bad(vs, ve, "template 应为字符串 \"auto\"、\"2019\" 或 \"2021\"；已按 auto 处理")
			return
		}
		t, err := analysis.ParseFormat(s)
		if err != nil {
			bad(vs, ve, "template 的值 %q 无效，应为 auto、2019 或 2021；已按 auto 处理", s)
			return
		}
		f.Options.Template = t
	case name == "disable":
		if v.Kind != unstable.Array {
			bad(vs, ve, "disable 应为规则名的列表，如 disable = [\"blank-cell\"]；已忽略")
			return
		}
		it := v.Children()
		for it.Next() {
			el := it.Node()
			es, ee := valueRange(el, vs, ve)
			id, ok := stringValue(el)
			switch {
			case !ok:
				bad(es, ee, "disable 中的这一项不是规则名（应为字符串，如 \"blank-cell\"）；已忽略此项")
			case !knownRule(id):
				bad(es, ee, "disable 中的规则 %q 不存在；已忽略此项", id)
			default:
				if f.Options.Disabled == nil {
					f.Options.Disabled = map[string]bool{}
				}
				f.Options.Disabled[id] = true
			}
		}
	case len(key) == 2 && key[0] == "severity":
		id := key[1]
		if !knownRule(id) {
			bad(ks, ke, "[severity] 中的规则 %q 不存在；已忽略此项", id)
			return
		}
		level, ok := stringValue(v)
		if !ok {
			bad(vs, ve, "规则 %s 的级别应为字符串 \"error\"、\"warning\"、\"info\"、\"hint\" 或 \"off\"；已忽略此项", id)
			return
		}
		if l := strings.TrimSpace(level); strings.EqualFold(l, "off") || strings.EqualFold(l, "none") {
			if f.Options.Disabled == nil {
				f.Options.Disabled = map[string]bool{}
			}
			f.Options.Disabled[id] = true
			return
		}
		sev, ok := analysis.ParseSeverity(level)
		if !ok {
			bad(vs, ve, "规则 %s 的级别 %q 无效，应为 error、warning、info、hint 或 off；已忽略此项", id, level)
			return
		}
		if f.Options.Severity == nil {
			f.Options.Severity = map[string]analysis.Severity{}
		}
		f.Options.Severity[id] = sev
	case name == "severity":
		bad(ks, ke, "severity 应为表，如 [severity] 下一行写 blank-cell = \"hint\"；已忽略")
	case name == "overview-length.max":
		n, err := strconv.ParseInt(string(v.Data), 10, 64)
		if v.Kind != unstable.Integer || err != nil || n <= 0 || n > 1_000_000 {
			bad(vs, ve, "overview-length.max 应为正整数（总体情况的字数上限），如 1200；已忽略")
			return
		}
		f.Options.OverviewMax = int(n)
	case key[0] == "severity" || key[0] == "overview-length":
		bad(ks, ke, "未知的设置 %s；已忽略", name)
	default:
		bad(ks, ke, "未知的设置 %s：可用的有 template、disable、[severity] 和 [overview-length]；已忽略", name)
	}
}

// knownRule reports whether id names a rule of the registry.
func knownRule(id string) bool {
	_, ok := analysis.RuleByID(id)
	return ok
}

// keyOf returns the parts of an expression's key.
func keyOf(e *unstable.Node) []string {
	var parts []string
	it := e.Key()
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

// keyRange returns the byte range of an expression's key, all its parts.
func keyRange(e *unstable.Node) unstable.Range {
	var r unstable.Range
	first := true
	it := e.Key()
	for it.Next() {
		k := it.Node().Raw
		if first {
			r, first = k, false
			continue
		}
		r.Length = k.Offset + k.Length - r.Offset
	}
	return r
}

// valueRange returns the byte range of a value; a container's parser node has
// none, so it is found from its elements, else the key's (ks, ke) stands for it.
func valueRange(v *unstable.Node, ks, ke int) (int, int) {
	if v != nil && v.Raw.Length > 0 {
		return int(v.Raw.Offset), int(v.Raw.Offset + v.Raw.Length)
	}
	if v != nil {
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Raw.Length > 0 {
				return int(c.Raw.Offset), int(c.Raw.Offset + c.Raw.Length)
			}
		}
	}
	return ks, ke
}

// stringValue returns a string value's text.
func stringValue(v *unstable.Node) (string, bool) {
	if v == nil || v.Kind != unstable.String {
		return "", false
	}
	return string(v.Data), true
}

// offsetOf returns the byte offset of a 1-based row and column (in bytes, as
// go-toml counts) of data.
func offsetOf(data []byte, row, col int) int {
	off := 0
	for r := 1; r < row; r++ {
		i := strings.IndexByte(string(data[off:]), '\n')
		if i < 0 {
			return len(data)
		}
		off += i + 1
	}
	return min(off+max(col-1, 0), len(data))
}

// Merge returns the options of a configuration file with the editor's settings
// over them, as ruff's editor settings override its configuration: the editor's
// template unless it is auto, its overview-length.max when it sets one, its
// severity for a rule (which turns a rule the file disabled back on) and the rules
// it disables. editor may be nil.
func Merge(file analysis.Options, editor *analysis.Options) analysis.Options {
	out := analysis.Options{Template: file.Template, OverviewMax: file.OverviewMax}
	if editor != nil && editor.Template != analysis.FormatUnknown {
		out.Template = editor.Template
	}
	if editor != nil && editor.OverviewMax != 0 {
		out.OverviewMax = editor.OverviewMax
	}
	set := func(id string, sev analysis.Severity) {
		if out.Severity == nil {
			out.Severity = map[string]analysis.Severity{}
		}
		out.Severity[id] = sev
	}
	disable := func(id string) {
		if out.Disabled == nil {
			out.Disabled = map[string]bool{}
		}
		out.Disabled[id] = true
	}
	for id, sev := range file.Severity {
		set(id, sev)
	}
	for id, off := range file.Disabled {
		if off && (editor == nil || editor.Severity[id] == 0) {
			disable(id)
		}
	}
	if editor != nil {
		for id, sev := range editor.Severity {
			set(id, sev)
		}
		for id, off := range editor.Disabled {
			if off {
				disable(id)
			}
		}
	}
	return out
}
