// Package lsp is nianbao's language server: it keeps the editor's copy of each open
// 政府信息公开工作年度报告, runs the analysis engine on it off the request path and speaks
// LSP (3.16, positions in UTF-16 code units) over JSON-RPC.
//
// One file per feature, in the order a session flows: stream.go (framing that survives
// malformed input), server.go (lifecycle, dispatch, cancellation, panics),
// text_synchronization.go (documents and incremental edits), diagnostics.go
// (background runs, publishing, then building the rest of the analysis while the
// writer pauses), wire_diagnostics.go (findings encoded once and reused by the next
// version where an edit cannot have moved them), code_action.go, hover.go,
// document_symbol.go, completion.go and configuration.go. wire.go holds the few
// parameter types this server decodes itself instead of using go.lsp.dev/protocol's.
//
// The stack is go.lsp.dev/jsonrpc2 v0.10.0 and go.lsp.dev/protocol v0.12.0. Their
// traps are documented in shared/go-lsp-notes.md; this package avoids them by using
// its own Stream and its own dispatcher with protocol's types only:
//   - a malformed message gets a JSON-RPC error reply and reading goes on;
//   - unknown requests get MethodNotFound, requests before initialize
//     ServerNotInitialized;
//   - $/cancelRequest accepts numeric and string ids;
//   - a panic fails one request, never the process;
//   - didChange is decoded with an optional range, so a rangeless change replaces
//     the whole document;
//   - requests run concurrently, and analysis never runs on the read loop.
//
// Tests run the server in memory over net.Pipe: harness_test.go has the typed client
// (protocol.NewClient with a fake editor), marker_test.go runs the txtar fixtures in
// testdata (the marker syntax is documented there; -update rewrites goldens),
// bench_test.go has the keystroke-cycle and memory benchmarks, fuzz_test.go the fuzz
// targets for the input path and for edit application.
//
// The package may import analysis and internal/position, the three libraries above
// and the standard library; nothing imports it but cmd/nianbao.
package lsp
