package lsp

import (
	"context"
	"encoding/json"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/nianbao/nianbao/analysis"
)

// completionTriggers start completion where a label or heading usually begins: a
// new cell of a pipe or Markdown table, after a Chinese ordinal (三、) or an opening
// full-width parenthesis（（一）…).
var completionTriggers = []string{"|", "、", "（"}

func (s *Server) completion(params json.RawMessage) (work, error) {
	var p textDocumentPositionParams
	if err := decodeParams(params, &p); err != nil {
		return nil, err
	}
	sn := s.snapshot(p.TextDocument.URI)
	return func(ctx context.Context) (any, error) {
		list := &protocol.CompletionList{Items: []protocol.CompletionItem{}}
		if sn == nil {
			return list, nil
		}
		off, _ := sn.offset(p.Position)
		list.Items = completions(sn, off)
		return list, nil
	}, nil
}

// completions offers the template's row labels inside Table 2 or 3 (in the format
// that table follows) and the six section headings at the start of a line
// elsewhere. Each item replaces what has been typed of the cell or line so far.
func completions(sn *snapshot, off int) []protocol.CompletionItem {
	items := []protocol.CompletionItem{}
	text := sn.text
	lineStart := strings.LastIndexAny(text[:off], "\r\n") + 1
	prefix := text[lineStart:off]

	var rep *analysis.Report
	if res := sn.Result(); res != nil {
		rep = res.Report()
	}
	if rep != nil {
		if t := rep.TableAt(off); t != nil && (t.Kind == analysis.Table2 || t.Kind == analysis.Table3) {
			format := t.Format
			if format == analysis.FormatUnknown {
				format = rep.Format
			}
			cellStart := lineStart + strings.LastIndexAny(prefix, "|｜\t") + 1
			cellStart += len(prefix[cellStart-lineStart:]) - len(strings.TrimLeft(prefix[cellStart-lineStart:], " \u3000"))
			detail := "表" + t.Kind.Numeral() + "（" + t.Kind.Name() + "）"
			if f := format.String(); f != "" {
				detail += " · " + f + " 年版"
			}
			for i, label := range analysis.TemplateFor(format).RowLabels(t.Kind) {
				items = append(items, completionItem(sn, label, detail, cellStart, off, i))
			}
			return items
		}
	}

	// A heading goes at the start of a line, after optional Markdown "#" markers.
	head := strings.TrimLeft(prefix, " \t\u3000")
	if strings.HasPrefix(head, "#") {
		head = strings.TrimLeft(strings.TrimLeft(head, "#"), " ")
	}
	typed := head
	if strings.TrimSpace(typed) != typed && typed != "" {
		return items
	}
	start := off - len(typed)
	for i, h := range analysis.SectionHeadings {
		if typed == "" || strings.Contains(h, typed) || strings.HasPrefix(h, typed) {
			items = append(items, completionItem(sn, h, "部分标题", start, off, i))
		}
	}
	return items
}

func completionItem(sn *snapshot, label, detail string, start, end, order int) protocol.CompletionItem {
	return protocol.CompletionItem{
		Label:      label,
		Kind:       protocol.CompletionItemKindValue,
		Detail:     detail,
		SortText:   string(rune('a'+order/26)) + string(rune('a'+order%26)),
		FilterText: label,
		TextEdit:   &protocol.TextEdit{Range: sn.rangeOf(analysis.Span{Start: start, End: end}), NewText: label},
	}
}
