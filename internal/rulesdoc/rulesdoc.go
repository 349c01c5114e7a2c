// Package rulesdoc renders the rules reference, docs/rules.md, from the rule registry
// of package analysis. The file is generated (`make docs`, which runs `go generate
// ./analysis/`) and a test fails when it is stale, so the reference an editor links
// to from a diagnostic (its codeDescription) always says what the rule does.
package rulesdoc

import (
	"bytes"
	"fmt"

	"github.com/nianbao/nianbao/analysis"
)

// Render returns the Markdown of the rules reference. Each rule is a section whose
// heading is its id, so that its anchor is "#" + id, as Rule.URL links it.
func Render() []byte {
	var b bytes.Buffer
	b.WriteString("<!-- Generated from the rule registry (analysis/rules.go) by `make docs`; do not edit. -->\n\n")
	b.WriteString("# nianbao 规则说明 · Rules reference\n\n")
	b.WriteString("每条规则的编号（id）出现在检查结果的方括号里，也用于设置中关闭规则或调整严重程度。\n")
	b.WriteString("Each rule's id appears in brackets in `nianbao check` output and is what settings refer to.\n\n")
	b.WriteString("| id | 默认级别 severity | 说明 | 修正 fix |\n|---|---|---|---|\n")
	for _, r := range analysis.Rules() {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, r.Title, fixSummary(r))
	}
	for _, r := range analysis.Rules() {
		fmt.Fprintf(&b, "\n## %s\n\n", r.ID)
		fmt.Fprintf(&b, "**%s** · 默认级别 `%s`\n\n", r.Title, r.Severity)
		fmt.Fprintf(&b, "%s\n\n", r.Doc)
		if r.Fix != "" {
			fmt.Fprintf(&b, "修正：%s。", r.Fix)
			if r.FixAll {
				b.WriteString("「全部修正」（编辑器的 fix-all、`nianbao check --fix`）会应用此修正。")
			} else {
				b.WriteString("仅作为快速修复提供，「全部修正」不应用。")
			}
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "示例：%s\n", r.Example)
	}
	return b.Bytes()
}

func fixSummary(r analysis.Rule) string {
	switch {
	case r.Fix == "":
		return "—"
	case r.FixAll:
		return r.Fix + "（全部修正）"
	}
	return r.Fix + "（快速修复）"
}
