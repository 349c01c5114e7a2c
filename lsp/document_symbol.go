package lsp

import (
	"context"
	"encoding/json"

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

// outline is the report's structure (analysis.Report.Outline): the six sections
// in document order, each with the tables inside it; a table outside every section
// stands on its own.
func outline(sn *snapshot) []protocol.DocumentSymbol {
	out := []protocol.DocumentSymbol{}
	res := sn.Result()
	if res == nil {
		return out
	}
	for _, e := range res.Report().Outline() {
		out = append(out, symbolOf(sn, e))
	}
	return out
}

func symbolOf(sn *snapshot, e analysis.OutlineEntry) protocol.DocumentSymbol {
	sym := protocol.DocumentSymbol{
		Name:           e.Name,
		Detail:         e.Detail,
		Kind:           protocol.SymbolKindModule,
		Range:          sn.rangeOf(e.Span),
		SelectionRange: sn.rangeOf(e.Selection),
	}
	if e.Table {
		sym.Kind = protocol.SymbolKindArray
	}
	for _, c := range e.Children {
		sym.Children = append(sym.Children, symbolOf(sn, c))
	}
	return sym
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
