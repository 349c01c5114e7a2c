package input

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakePDFTool puts a pdftotext that runs script on PATH for the test.
func fakePDFTool(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pdftotext"), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// TestPDFText: pdftotext's text is what is read; a PDF without text (a scan), a PDF
// pdftotext cannot read, text past the limit and a missing pdftotext each give their
// own error, none of them silent.
func TestPDFText(t *testing.T) {
	tests := []struct {
		name, script string
		want         string // "" for success
	}{
		{"text", `cat >/dev/null; printf '一、总体情况\n\f'`, ""},
		{"scan", `cat >/dev/null; printf '\f\f\n'`, "PDF 中没有可提取的文字（可能是扫描的图片），无法检查；请先用文字识别（OCR）转成文字"},
		{"broken", `cat >/dev/null; echo "Syntax Error: Couldn't find trailer dictionary" >&2; exit 1`, "pdftotext 无法读取这个 PDF（Syntax Error: Couldn't find trailer dictionary），无法检查"},
		{"too long", `cat >/dev/null; head -c 5000 /dev/zero | tr '\0' 'x'`, "too much"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fakePDFTool(t, tt.script)
			src, err := Read(t.Context(), PDF, []byte("%PDF-1.4"), 1000)
			var nt *NotTextError
			switch {
			case tt.want == "":
				if err != nil || src.Text != "一、总体情况\n\f" {
					t.Errorf("got %+v, %v", src, err)
				}
			case tt.want == "too much":
				if !errors.Is(err, ErrTooMuchText) {
					t.Errorf("error %v, want ErrTooMuchText", err)
				}
			case !errors.As(err, &nt) || nt.Note("无法检查") != tt.want:
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := Read(t.Context(), PDF, []byte("%PDF-1.4"), 1000); !errors.Is(err, ErrNoPDFTool) || !strings.Contains(err.Error(), "apt-get install poppler-utils") {
		t.Errorf("without pdftotext: %v", err)
	}
}
