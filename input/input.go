package input

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"

	"github.com/nianbao/nianbao/analysis"
)

// Kind is what a file holds, as its name or its first bytes tell.
type Kind uint8

// The kinds of files read.
const (
	Text Kind = iota
	HTML
	DOCX
	PDF
)

func (k Kind) String() string {
	switch k {
	case HTML:
		return "html"
	case DOCX:
		return "docx"
	case PDF:
		return "pdf"
	}
	return "text"
}

// Noun names the kind for a message: 网页, Word 文档, PDF, 文本文件.
func (k Kind) Noun() string {
	switch k {
	case HTML:
		return "网页"
	case DOCX:
		return "Word 文档"
	case PDF:
		return "PDF"
	}
	return "文本文件"
}

// KindOf tells a file's kind by its extension, in any case (reports saved on
// Windows are often .HTM or .PDF). Anything else is read as text.
func KindOf(name string) Kind {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml", ".shtml":
		return HTML
	case ".docx":
		return DOCX
	case ".pdf":
		return PDF
	}
	return Text
}

// Known reports whether a file found in a folder is read: text (.txt, .md), web
// pages, Word documents and PDFs.
func Known(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".md", ".html", ".htm", ".xhtml", ".shtml", ".docx", ".pdf":
		return true
	}
	return false
}

// Sniff tells the kind of bytes without a name (standard input) by how they start:
// "%PDF-", a zip holding word/document.xml, or markup that opens a web page.
func Sniff(b []byte) Kind {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(b, []byte("PK\x03\x04")) && bytes.Contains(b[:min(len(b), 64<<10)], []byte("word/")):
		return DOCX
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(b[:min(len(b), 1024)], bomUTF8), " \t\r\n")
	if len(head) > 0 && head[0] == '<' {
		lower := bytes.ToLower(head)
		for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<table", "<p", "<div"} {
			if bytes.Contains(lower, []byte(tag)) {
				return HTML
			}
		}
	}
	return Text
}

// ErrTooMuchText says the text a file reads as is over the limit given.
var ErrTooMuchText = errors.New("提取出的文字超过上限")

// Source is a file read for the engine.
type Source struct {
	Kind Kind
	// Text is what the engine reads: a text file's decoded text, the Markdown a web
	// page or Word document renders to, or pdftotext's output. Positions of findings
	// are in it.
	Text string
	// Decoded is how a text file was decoded, what a fix needs to write it back;
	// nil for the other kinds, which are not text and cannot be fixed in place.
	Decoded *Decoded
	// Note is a line for stderr about how the file was read, "" when there is
	// nothing to say.
	Note string
}

// Read reads a file's bytes as kind into the text the engine reads. limit bounds
// what pdftotext may write and the tables of a page or a Word document (ErrTooMuchText,
// before they are built); the caller checks the length of the text.
// Errors are *NotTextError (the bytes are not what kind says, or hold no text),
// ErrNoPDFTool and ErrTooMuchText.
func Read(ctx context.Context, kind Kind, b []byte, limit int) (*Source, error) {
	src := &Source{Kind: kind}
	switch kind {
	case HTML:
		blocks, note, err := ReadHTML(b, limit)
		if err != nil {
			return nil, err
		}
		src.Text, src.Note = analysis.RenderMarkdown(blocks), note
	case DOCX:
		blocks, err := ReadDOCX(b, limit)
		if err != nil {
			return nil, err
		}
		src.Text = analysis.RenderMarkdown(blocks)
	case PDF:
		text, err := PDFText(ctx, b, limit)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(strings.ReplaceAll(text, "\f", "")) == "" {
			return nil, &NotTextError{Reason: "PDF 中没有可提取的文字（可能是扫描的图片）", Hint: "请先用文字识别（OCR）转成文字"}
		}
		src.Text = text
	default:
		d, err := Decode(b)
		if err != nil {
			return nil, err
		}
		src.Text, src.Note, src.Decoded = d.Text, d.Note, &d
	}
	return src, nil
}
