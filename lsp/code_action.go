package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/nianbao/nianbao/analysis"
)

// fixAllKind is the source action that applies every total, label and heading fix
// of a document at once; editors run it on save with
// "editor.codeActionsOnSave": {"source.fixAll.nianbao": true}.
const fixAllKind protocol.CodeActionKind = "source.fixAll.nianbao"

func (s *Server) codeAction(params json.RawMessage) (work, error) {
	var p codeActionParams
	if err := decodeParams(params, &p); err != nil {
		return nil, err
	}
	sn := s.snapshot(p.TextDocument.URI)
	s.mu.Lock()
	versioned := s.caps.documentChanges
	s.mu.Unlock()
	return func(ctx context.Context) (any, error) {
		actions := []protocol.CodeAction{}
		if sn == nil {
			return actions, nil
		}
		res := sn.Result()
		if res == nil {
			return actions, nil
		}
		if hasKind(p.Context.Only, protocol.QuickFix) {
			start, _ := sn.offset(p.Range.Start)
			end, _ := sn.offset(p.Range.End)
			if end < start {
				start, end = end, start
			}
			var suppress []protocol.CodeAction
			type suppressKey struct {
				line int
				rule string
			}
			suppressed := map[suppressKey]bool{}
			for i := range res.Diagnostics {
				d := &res.Diagnostics[i]
				// Touching counts: a cursor just after a wrong total still offers its fix.
				if d.End < start || d.Start > end {
					continue
				}
				ld := lspDiagnostic(sn, d)
				// 「忽略此处」, after every finding's own fixes: a comment above its
				// line (analysis.SuppressEdit), once per rule and line. Never in fix-all.
				if e := analysis.SuppressEdit(sn.text, *d); d.Rule != "unused-suppression" && !suppressed[suppressKey{e.Start, d.Rule}] {
					suppressed[suppressKey{e.Start, d.Rule}] = true
					suppress = append(suppress, protocol.CodeAction{
						Title:       analysis.SuppressTitle + "（" + d.Rule + "）",
						Kind:        protocol.QuickFix,
						Diagnostics: []protocol.Diagnostic{ld},
						Edit:        workspaceEdit(sn, []analysis.Edit{e}, versioned),
					})
				}
				for j, fix := range d.Fixes {
					actions = append(actions, protocol.CodeAction{
						Title:       fix.Title,
						Kind:        protocol.QuickFix,
						Diagnostics: []protocol.Diagnostic{ld},
						// The first fix of a wrong total is the rewrite to the
						// computed value: what "auto fix" should apply.
						IsPreferred: j == 0 && d.Rule == "total-mismatch",
						Edit:        workspaceEdit(sn, fix.Edits, versioned),
					})
				}
			}
			actions = append(actions, suppress...)
		}
		if hasKind(p.Context.Only, fixAllKind) {
			if edits := analysis.FixAllEdits(res.Diagnostics); len(edits) > 0 {
				actions = append(actions, protocol.CodeAction{
					Title: "修正全部总计、表格文字和部分标题（nianbao）",
					Kind:  fixAllKind,
					Edit:  workspaceEdit(sn, edits, versioned),
				})
			}
		}
		return actions, nil
	}, nil
}

// workspaceEdit turns engine edits on sn into one WorkspaceEdit. With a client
// that supports documentChanges the edit names the version it was computed for,
// so the client refuses it if the document changed in between.
func workspaceEdit(sn *snapshot, edits []analysis.Edit, versioned bool) *protocol.WorkspaceEdit {
	tes := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		tes = append(tes, protocol.TextEdit{Range: sn.rangeOf(e.Span), NewText: e.NewText})
	}
	if versioned {
		v := sn.version
		return &protocol.WorkspaceEdit{DocumentChanges: []protocol.TextDocumentEdit{{
			TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{
				TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: sn.uri},
				Version:                &v,
			},
			Edits: tes,
		}}}
	}
	return &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{sn.uri: tes}}
}
