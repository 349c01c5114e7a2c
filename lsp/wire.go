package lsp

import (
	"encoding/json"

	"go.lsp.dev/protocol"
)

// The parameter types below are decoded by this server instead of protocol's:
// protocol.Position has uint32 fields, so a negative position (which must be
// clamped, not rejected) fails to decode; protocol.TextDocumentContentChangeEvent has
// a non-pointer Range, so a whole-document change decodes as an insertion at 0:0.

// lspPosition is an LSP position as sent by the client, before clamping.
type lspPosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// rng is an LSP range as sent by the client, before clamping.
type rng struct {
	Start lspPosition `json:"start"`
	End   lspPosition `json:"end"`
}

type textDocumentIdentifier struct {
	URI protocol.DocumentURI `json:"uri"`
}

type textDocumentPositionParams struct {
	TextDocument textDocumentIdentifier `json:"textDocument"`
	Position     lspPosition            `json:"position"`
}

type didOpenParams struct {
	TextDocument struct {
		URI        protocol.DocumentURI `json:"uri"`
		LanguageID string               `json:"languageId"`
		Version    int32                `json:"version"`
		Text       string               `json:"text"`
	} `json:"textDocument"`
}

type contentChange struct {
	// Range is nil for a change that replaces the whole document.
	Range *rng   `json:"range,omitempty"`
	Text  string `json:"text"`
}

type didChangeParams struct {
	TextDocument struct {
		URI     protocol.DocumentURI `json:"uri"`
		Version int32                `json:"version"`
	} `json:"textDocument"`
	ContentChanges []contentChange `json:"contentChanges"`
}

type didCloseParams struct {
	TextDocument textDocumentIdentifier `json:"textDocument"`
}

type codeActionParams struct {
	TextDocument textDocumentIdentifier `json:"textDocument"`
	Range        rng                    `json:"range"`
	Context      struct {
		Only []protocol.CodeActionKind `json:"only,omitempty"`
	} `json:"context"`
}

type initializeParams struct {
	InitializationOptions json.RawMessage `json:"initializationOptions,omitempty"`
	Capabilities          struct {
		Workspace struct {
			Configuration          bool `json:"configuration"`
			DidChangeConfiguration struct {
				DynamicRegistration bool `json:"dynamicRegistration"`
			} `json:"didChangeConfiguration"`
			WorkspaceEdit struct {
				DocumentChanges bool `json:"documentChanges"`
			} `json:"workspaceEdit"`
		} `json:"workspace"`
		TextDocument struct {
			DocumentSymbol struct {
				HierarchicalDocumentSymbolSupport bool `json:"hierarchicalDocumentSymbolSupport"`
			} `json:"documentSymbol"`
		} `json:"textDocument"`
	} `json:"capabilities"`
}

// publishDiagnosticsParams replaces protocol's, whose Version is a uint32 with
// omitempty (version 0 disappears) and whose nil Diagnostics encodes as null.
type publishDiagnosticsParams struct {
	URI         protocol.DocumentURI  `json:"uri"`
	Version     *int32                `json:"version,omitempty"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
}

type cancelParams struct {
	ID json.RawMessage `json:"id"`
}
