// Package analysis reads 政府信息公开工作年度报告 (the annual report on government
// information disclosure) and checks it against the official formats of 2019 and 2021.
//
// It holds everything about reports and rules: the templates (template.go), the reader
// that turns text in any of the pasted table layouts into a Report (read.go), the rules
// as plain values in one registry (rules.go), and Check, which runs them.
//
// Positions are byte offsets into the text everywhere in this package. The package
// imports nothing of LSP, JSON-RPC or any editor: the language server and the command
// line translate its Diagnostics at their edge.
package analysis

//go:generate go run ../internal/rulesdoc/gen ../docs/rules.md
