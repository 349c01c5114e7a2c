package input

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// PDF files are read by pdftotext -layout (poppler-utils), which writes each page's
// text with columns kept apart by runs of spaces; the engine reads those columns. No
// PDF library is linked in: poppler is what Debian and most Linux systems have, and
// reading a PDF's text right (fonts, CMaps, CJK encodings) is its job.

// ErrNoPDFTool is returned when pdftotext is not on PATH.
var ErrNoPDFTool = errors.New("需要 pdftotext 才能读取 PDF：请安装 poppler-utils（apt-get install poppler-utils）")

// pdfTimeout bounds one pdftotext run: a report's PDF takes well under a second, and a
// crafted one must not hang a folder's check.
const pdfTimeout = 60 * time.Second

// pdftotext is the command run, a variable for tests.
var pdftotext = "pdftotext"

// PDFText runs pdftotext -layout on a PDF's bytes, given on its standard input, and
// returns the text it writes: ErrTooMuchText past limit bytes.
func PDFText(ctx context.Context, pdf []byte, limit int) (string, error) {
	bin, err := exec.LookPath(pdftotext)
	if err != nil {
		return "", ErrNoPDFTool
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out := &limitedBuffer{limit: limit}
	errOut := &limitedBuffer{limit: 4 << 10}
	cmd.Stdout, cmd.Stderr = out, errOut
	err = cmd.Run()
	switch {
	case out.over:
		return "", ErrTooMuchText
	case ctx.Err() == context.DeadlineExceeded:
		return "", &NotTextError{Reason: fmt.Sprintf("pdftotext 在 %v 内没有读完这个 PDF", pdfTimeout)}
	case err != nil:
		msg, _, _ := strings.Cut(strings.TrimSpace(errOut.buf.String()), "\n")
		if msg == "" {
			msg = err.Error()
		}
		return "", &NotTextError{Reason: "pdftotext 无法读取这个 PDF（" + msg + "）"}
	}
	return out.buf.String(), nil
}

// limitedBuffer keeps what is written up to limit bytes; past that it fails the
// write, which stops the program writing, and says so.
type limitedBuffer struct {
	buf   bytes.Buffer
	limit int
	over  bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.buf.Len()+len(p) > b.limit {
		b.over = true
		return 0, ErrTooMuchText
	}
	return b.buf.Write(p)
}
