// Package input turns files as published — web pages, Word documents, PDFs, text in
// any encoding — into the text the engine (package analysis) reads.
//
// A text file is decoded (UTF-8, GB18030, UTF-16) in a way that can be written back
// byte for byte, so that a fix changes nothing but the tokens it corrects. A web page
// or a Word document is read into paragraphs and table grids, merged cells spread
// over the slots they cover as the official tables are drawn, and written as Markdown
// (analysis.RenderMarkdown), the layout the engine reads back exactly. A PDF is
// handed to pdftotext -layout, whose columns the engine reads. Nothing here knows
// what a report is: the engine decides that, and says so when it cannot read one.
package input
