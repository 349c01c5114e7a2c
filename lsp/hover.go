package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
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
			text, span = totalHover(t), t.Span
		} else if l, ok := res.LabelAt(off); ok {
			text, span = labelHover(l), l.Span
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

// totalHover shows the arithmetic behind a total cell:
//
//	总计 = 6 + 0 + 0 + 0 + 0 + 1 = 7
func totalHover(t analysis.TotalInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n\n", t.Name)
	if !t.Known {
		b.WriteString("有明细单元格为空或不是数字，无法算出总计。")
		return b.String()
	}
	terms := make([]string, len(t.Terms))
	for i, v := range t.Terms {
		terms[i] = strconv.FormatInt(v, 10)
	}
	fmt.Fprintf(&b, "总计 = %s = %d\n\n", strings.Join(terms, " + "), t.Expected)
	switch {
	case !t.ReportedOK:
		b.WriteString("报告中的总计单元格为空或不是数字。")
	case t.Reported == t.Expected:
		fmt.Fprintf(&b, "报告值 %d，与计算结果一致。", t.Reported)
	default:
		fmt.Fprintf(&b, "报告值 %d，与计算结果不符，应为 %d。", t.Reported, t.Expected)
	}
	return b.String()
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

// labelHover shows a label's template wording and the format it belongs to.
func labelHover(l analysis.LabelInfo) string {
	var b strings.Builder
	where := "部分标题"
	if l.Table != 0 {
		where = "表" + tableNumeral(l.Table) + "（" + l.Table.Name() + "）"
	}
	format := "格式"
	if f := l.Format.String(); f != "" {
		format = f + " 年版格式"
	}
	fmt.Fprintf(&b, "**%s**\n\n%s的规定措辞：「%s」", where, format, l.Template)
	if !l.Standard {
		fmt.Fprintf(&b, "\n\n报告写作「%s」，与规定措辞不一致。", l.Text)
	}
	return b.String()
}

// tableNumeral gives 二, 三 or 四 for the table kinds.
func tableNumeral(k analysis.TableKind) string {
	switch k {
	case analysis.Table2:
		return "二"
	case analysis.Table3:
		return "三"
	case analysis.Table4:
		return "四"
	}
	return strconv.Itoa(int(k))
}
