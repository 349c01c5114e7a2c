// Package lsp is nianbao's language server: it keeps the editor's copy of each open
// 政府信息公开工作年度报告, runs the analysis engine on it and speaks LSP (3.16,
// positions in UTF-16 code units) over JSON-RPC.
//
// One file per feature, in the order a session flows: stream.go (framing that survives
// malformed input), server.go (lifecycle, dispatch, cancellation, panics, the bounds
// on requests in flight), text_synchronization.go (documents, didOpen/didChange/
// didClose), text_edits.go (a didChange's changes applied in one pass),
// diagnostics.go (runs, the one conversion of a finding for the wire, publishing),
// code_action.go, hover.go, document_symbol.go, completion.go,
// configuration.go (settings, read entry by entry), config_file.go (the
// .nianbao.toml nearest above a document, under the settings, read again on
// workspace/didChangeWatchedFiles) and workspace.go (the index of the workspace's
// reports, for the rules comparing years). wire.go holds the few
// parameter types this server decodes itself instead of using go.lsp.dev/protocol's.
//
// The stack is go.lsp.dev/jsonrpc2 v0.10.0 and go.lsp.dev/protocol v0.12.0, whose
// traps the project's notes list. This package avoids them by using its own Stream
// and its own dispatcher with protocol's types only:
//   - a malformed message gets a JSON-RPC error reply and reading goes on; so does
//     one whose Content-Length is over the limit, however much of it is sent;
//   - a response is passed to jsonrpc2 only for a call still waiting for it, since
//     jsonrpc2's read loop blocks for good on a second answer to one call;
//   - unknown requests get MethodNotFound, requests before initialize
//     ServerNotInitialized;
//   - $/cancelRequest accepts numeric and string ids;
//   - a panic fails one request, never the process;
//   - didChange is decoded with an optional range, so a rangeless change replaces
//     the whole document.
//
// Work and goroutines: notifications are handled on jsonrpc2's read loop, in order;
// a request is prepared there and answered from its own goroutine, at most
// maxRequestsInFlight at once (beyond that it is refused with ServerCancelled).
// Analysis runs on workers, except a keystroke the engine can update in
// microseconds (a small edit to a document with few findings, whose previous
// report is built): that is updated and published on the read loop, which saves
// waking a worker. Calls to the client (workspace/configuration,
// client/registerCapability) time out, and one configuration call at most is on its
// way at a time.
//
// Tests run the server in memory over net.Pipe, the client end a jsonrpc2 conn or
// raw framed bytes, with bounded waits: harness_test.go has the typed client
// (protocol.NewClient with a fake editor), stream_test.go the raw one for broken
// input, limits_test.go a client that never answers, marker_test.go runs the txtar
// fixtures in testdata (the marker syntax is documented there; -update rewrites
// goldens). bench_test.go and perf_bench_test.go have the keystroke-cycle and memory
// benchmarks, text_edits_test.go the many-change benchmark; fuzz_test.go,
// edit_fuzz_test.go and stream_fuzz_test.go the fuzz targets for the input path
// and for edit application.
//
// The package may import analysis, internal/config and internal/position, jsonrpc2, protocol,
// go.uber.org/zap, github.com/segmentio/encoding/json (jsonrpc2's own JSON library,
// faster than encoding/json) and the standard library; nothing imports it but
// cmd/nianbao.
package lsp
