package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/nianbao/nianbao/analysis"
)

func (s *Server) hover(params json.RawMessage) (work, error) {
	var p textDocumentPositionParams
	if err := decodeParams(params, &p); err != nil {
		return nil, err
	}
	sn := s.snapshot(p.TextDocument.URI)
	return func(ctx context.Context) (any, error) {
		if sn == nil {
			return nil, nil
		}
		res := sn.Result()
		if res == nil {
			return nil, nil
		}
		off, _ := sn.offset(p.Position)
		var text string
		var span analysis.Span
		if t, ok := res.TotalAt(off); ok {
			text, span = markdown(t.Explain()), t.Span
		} else if l, ok := res.LabelAt(off); ok {
			text, span = markdown(l.Explain()), l.Span
		} else if d, ok := comparedAt(res, off); ok {
			text, span = comparedHover(d), d.Span
		} else {
			return nil, nil
		}
		r := sn.rangeOf(span)
		return &protocol.Hover{
			Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: text},
			Range:    &r,
		}, nil
	}, nil
}

// markdown renders an explanation (analysis.TotalInfo.Explain, LabelInfo.Explain):
//
//	**（七）总计 · 自然人**
//
//	总计 = 6 + 0 + 0 + 0 + 0 + 1 = 7
func markdown(title string, lines []string) string {
	return "**" + title + "**\n\n" + strings.Join(lines, "\n\n")
}

// comparedRules are the rules whose findings compare words of the prose with table
// cells: hover on such a finding lists the cells and their values.
var comparedRules = map[string]bool{"narrative-mismatch": true}

// comparedAt returns the finding of a comparedRules rule at offset.
func comparedAt(res *analysis.Result, off int) (analysis.Diagnostic, bool) {
	for _, d := range res.Diagnostics {
		if d.Start > off {
			break // sorted by position
		}
		if comparedRules[d.Rule] && d.Contains(off) {
			return d, true
		}
	}
	return analysis.Diagnostic{}, false
}

// comparedHover shows what the prose says and the cells it was compared with:
//
//	正文“收到政府信息公开申请75件”与表三不符：本年新收 74，…
//	- 表三 一、本年新收政府信息公开申请数量 · 总计：74
func comparedHover(d analysis.Diagnostic) string {
	var b strings.Builder
	title := d.Rule
	if r, ok := analysis.RuleByID(d.Rule); ok {
		title = r.Title
	}
	fmt.Fprintf(&b, "**%s**\n\n%s", title, d.Message)
	if len(d.Related) > 0 {
		b.WriteString("\n\n比较的表格单元格：\n")
		for _, r := range d.Related {
			fmt.Fprintf(&b, "\n- %s", r.Message)
		}
	}
	return b.String()
}
