// Package engine is what the web page's WebAssembly module does, kept apart from
// syscall/js so that it is built and tested like any other package: it checks a text
// with the analysis engine and gives the findings in the shape of one file object of
// `nianbao check --format json` (LSP-style 0-based lines and UTF-16 characters, which
// a browser's strings count in), plus what the page shows around them — the edits of
// 「全部修正」, the arithmetic under a hovered total, the outline of sections and
// tables — and reads a dropped or pasted file (web page, Word document, text) into
// the Markdown text `nianbao text` writes, with the readers of package input.
//
// It may import analysis, input, internal/position and internal/findings (the JSON
// model of a finding, shared with the command); nothing here knows of the
// browser (editors/web/wasm is the thin js/wasm wrapper).
package engine
