// Package analysis reads 政府信息公开工作年度报告 (the annual report on government
// information disclosure) and checks it against the official formats of 2019 and 2021.
//
// It works in four stages, one or two files each:
//
//   - read (document.go, read_*.go): text in any layout people paste — tables with
//     "|", Markdown, TABs, one cell per line with or without indentation, cells in
//     running text, columns from pdftotext — becomes a Document of paragraphs and
//     table grids, every cell with its span in the text;
//   - match (match.go, headings.go, lexicon.go): the Document becomes a Report —
//     title, year, sections, and tables whose rows are matched to the template rows
//     of template.go (wording compared after folding, fold.go);
//   - check (check.go, rules.go, rules_*.go, arith.go): the rules, plain values in one
//     registry, read the Report and record Diagnostics;
//   - update (update.go): the findings of a text one edit away from one checked,
//     rerunning only the rules whose input the edit changed.
//
// Positions are byte offsets into the text everywhere in this package. It imports
// nothing of LSP, JSON-RPC or any editor: the language server and the command line
// translate its Diagnostics at their edge.
package analysis

//go:generate go run ../internal/rulesdoc/gen ../docs/rules.md
