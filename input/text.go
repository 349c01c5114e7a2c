package input

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Encoding is how a text file's bytes encode its text.
type Encoding int

// The encodings of text files.
const (
	UTF8 Encoding = iota
	GB18030
	UTF16LE
	UTF16BE
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decode gives the text of b, bytes in encoding e.
func (e Encoding) decode(b []byte) ([]byte, error) {
	switch e {
	case GB18030:
		return simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	case UTF16LE, UTF16BE:
		return decodeUTF16(b, e == UTF16BE), nil
	}
	return b, nil
}

// encode gives the bytes of text in encoding e.
func (e Encoding) encode(text []byte) ([]byte, error) {
	switch e {
	case GB18030:
		return simplifiedchinese.GB18030.NewEncoder().Bytes(text)
	case UTF16LE, UTF16BE:
		return encodeUTF16(text, e == UTF16BE), nil
	}
	return text, nil
}

// decodeUTF16 decodes UTF-16 that has no byte-order mark as x/text's decoder did
// (TestUTF16AsXText): a lone surrogate, or two trailing ones together, and a last
// odd byte each read as U+FFFD. (x/text/encoding/unicode cost every run of the
// command its start-up for what unicode/utf16 does: issue 11.)
func decodeUTF16(b []byte, bigEndian bool) []byte {
	unit := func(i int) rune {
		if bigEndian {
			return rune(b[i])<<8 | rune(b[i+1])
		}
		return rune(b[i+1])<<8 | rune(b[i])
	}
	out := make([]byte, 0, len(b)*3/2)
	i := 0
	for ; i+1 < len(b); i += 2 {
		r := unit(i)
		if utf16.IsSurrogate(r) && i+3 < len(b) {
			if next := unit(i + 2); 0xDC00 <= next && next <= 0xDFFF {
				r = utf16.DecodeRune(r, next)
				i += 2
			}
		}
		out = utf8.AppendRune(out, r) // a surrogate left alone is written as U+FFFD
	}
	if i < len(b) {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return out
}

// encodeUTF16 encodes text in UTF-16 without a byte-order mark; a byte that is not
// UTF-8 is written as U+FFFD.
func encodeUTF16(text []byte, bigEndian bool) []byte {
	out := make([]byte, 0, 2*len(text))
	var units [2]uint16
	for _, r := range string(text) {
		for _, u := range utf16.AppendRune(units[:0], r) {
			if bigEndian {
				out = append(out, byte(u>>8), byte(u))
			} else {
				out = append(out, byte(u), byte(u>>8))
			}
		}
	}
	return out
}

// Decoded is a text file's text as the engine sees it, and what it takes to write a
// changed text back in the file's own encoding.
type Decoded struct {
	// Text is the decoded text without the byte-order mark: positions are counted in
	// it, as an editor shows the file.
	Text string
	BOM  []byte
	Enc  Encoding
	// Note is a line for stderr about how the file was read, "" for plain UTF-8.
	Note string
}

// NotTextError says why a file is not read as text, and what to do about it.
type NotTextError struct{ Reason, Hint string }

func (e *NotTextError) Error() string { return e.Reason }

// Note is the line for stderr after "path: ", outcome saying what the caller did
// ("无法检查", "已跳过").
func (e *NotTextError) Note(outcome string) string {
	if e.Hint == "" {
		return e.Reason + "，" + outcome
	}
	return e.Reason + "，" + outcome + "；" + e.Hint
}

// Decode reads the bytes of a text file. UTF-8 (with or without a BOM) is taken as
// is; UTF-16 with a BOM (Windows Notepad's "Unicode") and GB18030 (GBK, the default
// of Chinese Windows) are decoded, and only when they survive a round trip back to
// the same bytes, so that a fix can write the file back with nothing else changed.
// Anything else is binary: the error is a *NotTextError.
func Decode(b []byte) (Decoded, error) {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		b = b[len(bomUTF8):]
		d, err := decodeUnmarked(b)
		d.BOM = bomUTF8
		return d, err
	case bytes.HasPrefix(b, bomUTF16LE):
		return decodeWith(b[2:], UTF16LE, bomUTF16LE, "UTF-16 编码，已按 UTF-16 读取")
	case bytes.HasPrefix(b, bomUTF16BE):
		return decodeWith(b[2:], UTF16BE, bomUTF16BE, "UTF-16 编码，已按 UTF-16 读取")
	}
	return decodeUnmarked(b)
}

// decodeUnmarked reads bytes with no byte-order mark: UTF-8, else GB18030.
func decodeUnmarked(b []byte) (Decoded, error) {
	if bytes.IndexByte(b, 0) >= 0 {
		return Decoded{}, &NotTextError{Reason: "不是文本文件（含有 NUL 字节）"}
	}
	if utf8.Valid(b) {
		return checkControls(Decoded{Text: string(b)})
	}
	if mostlyUTF8(b) {
		// A UTF-8 file with a few broken bytes (a cut or a bad copy) is still UTF-8:
		// reading it as GB18030 would turn all of it into nonsense. The bytes are kept
		// as they are, so a fix still writes back only the edited tokens.
		d, err := checkControls(Decoded{Text: string(b)})
		d.Note = "含有无效的 UTF-8 字节，已按 UTF-8 读取"
		return d, err
	}
	d, err := decodeWith(b, GB18030, nil, "不是 UTF-8 编码，已按 GB18030 读取")
	if err != nil {
		if utfLine, otherLine, ok := mixedUTF8(b); ok {
			return Decoded{}, &NotTextError{
				Reason: fmt.Sprintf("编码混杂：部分是 UTF-8（如第 %d 行），部分不是（如第 %d 行，可能是 GB18030）", utfLine, otherLine),
				Hint:   "请把全文统一转成 UTF-8 后再检查",
			}
		}
	}
	return d, err
}

// mixedRun is how many characters of UTF-8 in a row, not counting ASCII, make a
// stretch of UTF-8 text. Bytes of GB18030 text often form a valid two- or three-byte
// UTF-8 sequence by chance, but never many in a row.
const mixedRun = 20

// mixedUTF8 reports whether b, neither UTF-8 nor GB18030 as a whole, holds a stretch
// of UTF-8 text next to bytes that are not UTF-8: a report pasted together from two
// files. It gives a line of each, for the note.
func mixedUTF8(b []byte) (utfLine, otherLine int, ok bool) {
	line, runStart, run := 1, 0, 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			if otherLine == 0 {
				otherLine = line
			}
			run = 0
		case size > 1:
			if run == 0 {
				runStart = line
			}
			run++
			if run == mixedRun && utfLine == 0 {
				utfLine = runStart
			}
		case r == '\n':
			line++
		}
		i += size
	}
	return utfLine, otherLine, utfLine != 0 && otherLine != 0
}

// decodeWith decodes b with a codec and insists that encoding the result gives b back.
func decodeWith(b []byte, enc Encoding, bom []byte, note string) (Decoded, error) {
	text, err := enc.decode(b)
	if err == nil {
		var back []byte
		back, err = enc.encode(text)
		if err == nil && !bytes.Equal(back, b) {
			err = errors.New("round trip")
		}
	}
	if err != nil {
		if enc == GB18030 {
			return Decoded{}, &NotTextError{Reason: "不是文本文件（既不是 UTF-8 也不是 GB18030 编码）"}
		}
		return Decoded{}, &NotTextError{Reason: "不是文本文件（UTF-16 内容不完整）"}
	}
	if bytes.IndexByte(text, 0) >= 0 {
		return Decoded{}, &NotTextError{Reason: "不是文本文件（含有 NUL 字符）"}
	}
	return checkControls(Decoded{Text: string(text), BOM: bom, Enc: enc, Note: note})
}

// mostlyUTF8 reports whether the multi-byte sequences of b are overwhelmingly valid
// UTF-8. GB18030 text almost never forms valid UTF-8 sequences, so this tells the two
// apart even when a UTF-8 file has a few broken bytes.
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	return valid >= 8*invalid && valid > 0
}

// checkControls rejects text in which control characters (other than the usual
// white space) are common: that is a binary file that happens to decode.
func checkControls(d Decoded) (Decoded, error) {
	sample := d.Text
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	controls := 0
	for i := 0; i < len(sample); i++ {
		c := sample[i]
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F {
			controls++
		}
	}
	if controls*20 > len(sample) {
		return Decoded{}, &NotTextError{Reason: "不是文本文件（含有大量控制字符）"}
	}
	return d, nil
}

// Encode gives the bytes of text in the file's own encoding, byte-order mark included.
func (d Decoded) Encode(text string) ([]byte, error) {
	body, err := d.Enc.encode([]byte(text))
	if err != nil {
		return nil, err
	}
	return append(append([]byte(nil), d.BOM...), body...), nil
}
