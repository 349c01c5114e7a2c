package lsp

import (
	"context"
	"encoding/json"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/nianbao/nianbao/analysis"
)

func (s *Server) documentSymbol(params json.RawMessage) (work, error) {
	var p struct {
		TextDocument textDocumentIdentifier `json:"textDocument"`
	}
	if err := decodeParams(params, &p); err != nil {
		return nil, err
	}
	sn := s.snapshot(p.TextDocument.URI)
	s.mu.Lock()
	hierarchical := s.caps.hierarchicalSymbols
	s.mu.Unlock()
	return func(ctx context.Context) (any, error) {
		if sn == nil {
			return []protocol.DocumentSymbol{}, nil
		}
		syms := outline(sn)
		if !hierarchical {
			return flatten(sn.uri, syms, "", nil), nil
		}
		return syms, nil
	}, nil
}

// outline is the report's structure: the six sections in document order, each
// with the tables inside it; a table outside every section stands on its own.
func outline(sn *snapshot) []protocol.DocumentSymbol {
	out := []protocol.DocumentSymbol{}
	res := sn.Result()
	if res == nil || res.Report() == nil || !res.Report().IsReport {
		return out
	}
	rep := res.Report()
	placed := make([]bool, len(rep.Tables))
	for _, sec := range rep.Sections {
		sym := protocol.DocumentSymbol{
			Name:           sectionName(sn.text, sec),
			Kind:           protocol.SymbolKindModule,
			Range:          sn.rangeOf(sec.Span),
			SelectionRange: sn.rangeOf(sec.Heading),
		}
		if !sec.Standard && int(sec.Kind) >= 1 && int(sec.Kind) <= len(analysis.SectionHeadings) {
			sym.Detail = analysis.SectionHeadings[sec.Kind-1]
		}
		for i, t := range rep.Tables {
			if !placed[i] && sec.Start <= t.Start && t.End <= sec.End {
				placed[i] = true
				sym.Children = append(sym.Children, tableSymbol(sn, t))
			}
		}
		out = append(out, sym)
	}
	for i, t := range rep.Tables {
		if !placed[i] {
			out = append(out, tableSymbol(sn, t))
		}
	}
	return out
}

func sectionName(text string, sec *analysis.Section) string {
	if sec.Heading.Start >= 0 && sec.Heading.Start < sec.Heading.End && sec.Heading.End <= len(text) {
		if name := strings.TrimSpace(text[sec.Heading.Start:sec.Heading.End]); name != "" {
			return name
		}
	}
	if int(sec.Kind) >= 1 && int(sec.Kind) <= len(analysis.SectionHeadings) {
		return analysis.SectionHeadings[sec.Kind-1]
	}
	return "部分"
}

func tableSymbol(sn *snapshot, t *analysis.Table) protocol.DocumentSymbol {
	r := sn.rangeOf(t.Span)
	detail := ""
	if f := t.Format.String(); f != "" {
		detail = f + " 年版"
	}
	return protocol.DocumentSymbol{
		Name:           "表" + tableNumeral(t.Kind) + " " + t.Kind.Name(),
		Detail:         detail,
		Kind:           protocol.SymbolKindArray,
		Range:          r,
		SelectionRange: r,
	}
}

// flatten serves clients without hierarchical symbol support.
func flatten(uri protocol.DocumentURI, syms []protocol.DocumentSymbol, container string, out []protocol.SymbolInformation) []protocol.SymbolInformation {
	if out == nil {
		out = []protocol.SymbolInformation{}
	}
	for _, s := range syms {
		out = append(out, protocol.SymbolInformation{
			Name:          s.Name,
			Kind:          s.Kind,
			Location:      protocol.Location{URI: uri, Range: s.Range},
			ContainerName: container,
		})
		out = flatten(uri, s.Children, s.Name, out)
	}
	return out
}
