package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// checkTarget is one file to check: named on the command line, or found by walking
// the directory argument dir. A walked file that turns out not to be text is skipped
// with a note; a named one is an error.
type checkTarget struct {
	path string
	dir  string // "" for a file named on the command line
}

// collectTargets expands the command-line paths into files: a file stands for itself,
// a directory for the *.txt and *.md files below it, in lexical order. A path given
// twice, or a file reached twice, is checked once. problems holds one line per path
// that could not be used; any of them makes the exit status 2. skipped holds one line
// per thing a walk met and left out, saying why (a named pipe, a broken symlink); they
// do not change the status.
//
// A walk leaves out, without a word, names that start with "." (.git, editor
// backups) and node_modules directories: they hold no reports, and a folder that is
// also a project would otherwise draw hundreds of lines.
func collectTargets(paths []string) (targets []checkTarget, problems, skipped []string) {
	seen := make(map[string]bool)
	add := func(path, dir string) {
		key := path
		if abs, err := filepath.Abs(path); err == nil {
			key = abs
		}
		if seen[key] {
			return
		}
		seen[key] = true
		targets = append(targets, checkTarget{path: path, dir: dir})
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s", p, describeFSError(err)))
			continue
		}
		if !fi.IsDir() {
			if !fi.Mode().IsRegular() {
				problems = append(problems, fmt.Sprintf("%s: %v，无法检查", p, &notRegularError{fileKind(fi.Mode())}))
				continue
			}
			add(p, "")
			continue
		}
		// WalkDir does not descend into a root that is a symlink; with a trailing
		// separator the system resolves it first.
		root := p
		if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 && !os.IsPathSeparator(p[len(p)-1]) {
			root = p + string(filepath.Separator)
		}
		found := 0
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %s", path, describeFSError(err)))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.IsDir() && d.Name() == "node_modules") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			mode := d.Type()
			if mode&fs.ModeSymlink != 0 {
				// A symlink counts when it leads to a regular file. WalkDir does not
				// follow one to a directory (that could loop); say so, since the user
				// may expect it.
				fi, err := os.Stat(path)
				switch {
				case err == nil && fi.IsDir():
					skipped = append(skipped, fmt.Sprintf("%s: 符号链接指向目录，未进入（要检查请直接指定这个目录）", path))
					return nil
				case !isReportName(d.Name()):
					return nil
				case errors.Is(err, fs.ErrNotExist):
					skipped = append(skipped, fmt.Sprintf("%s: 符号链接指向的文件不存在，已跳过", path))
					return nil
				case errors.Is(err, syscall.ELOOP):
					skipped = append(skipped, fmt.Sprintf("%s: 符号链接循环，已跳过", path))
					return nil
				case err != nil:
					problems = append(problems, fmt.Sprintf("%s: %s", path, describeFSError(err)))
					return nil
				}
				mode = fi.Mode()
			}
			if !isReportName(d.Name()) {
				return nil
			}
			if !mode.IsRegular() {
				// Never opened: opening a named pipe waits for a writer.
				skipped = append(skipped, fmt.Sprintf("%s: %v，已跳过", path, &notRegularError{fileKind(mode)}))
				return nil
			}
			found++
			add(path, p)
			return nil
		})
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s", p, describeFSError(err)))
			continue
		}
		if found == 0 {
			problems = append(problems, fmt.Sprintf("%s: 目录中没有 .txt 或 .md 文件", p))
		}
	}
	return targets, problems, skipped
}

// isReportName reports whether a file found in a directory walk is checked. Reports
// exported on Windows often have upper-case extensions.
func isReportName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".txt" || ext == ".md"
}

// describeFSError turns a file-system error into a short Chinese reason, keeping the
// system's own wording only for the unusual cases.
func describeFSError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "文件或目录不存在"
	case errors.Is(err, fs.ErrPermission):
		return "没有读取权限"
	case errors.Is(err, syscall.ELOOP):
		return "符号链接循环"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Sprintf("无法读取（%v）", err)
}

// textEncoding is how a file's bytes encode its text.
type textEncoding int

const (
	encUTF8 textEncoding = iota
	encGB18030
	encUTF16LE
	encUTF16BE
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// codec is the x/text encoding of a non-UTF-8 file; nil for UTF-8.
func (e textEncoding) codec() encoding.Encoding {
	switch e {
	case encGB18030:
		return simplifiedchinese.GB18030
	case encUTF16LE:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case encUTF16BE:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return nil
}

// decodedFile is a file's text as the engine sees it, and what it takes to write a
// changed text back in the file's own encoding.
type decodedFile struct {
	// text is the decoded text without the byte-order mark: positions are counted in
	// it, as an editor shows the file.
	text string
	bom  []byte
	enc  textEncoding
	// note is a line for stderr about how the file was read, "" for plain UTF-8.
	note string
}

// notTextError says why a file is not checked as text, and what to do about it.
type notTextError struct{ reason, hint string }

func (e *notTextError) Error() string { return e.reason }

// note is the line for stderr after "path: ", outcome saying what check did.
func (e *notTextError) note(outcome string) string {
	if e.hint == "" {
		return e.reason + "，" + outcome
	}
	return e.reason + "，" + outcome + "；" + e.hint
}

// decodeFile reads the bytes of a report. UTF-8 (with or without a BOM) is taken as
// is; UTF-16 with a BOM (Windows Notepad's "Unicode") and GB18030 (GBK, the default
// of Chinese Windows) are decoded, and only when they survive a round trip back to
// the same bytes, so that --fix can write the file back with nothing else changed.
// Anything else is binary.
func decodeFile(b []byte) (decodedFile, error) {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		b = b[len(bomUTF8):]
		d, err := decodeUnmarked(b)
		d.bom = bomUTF8
		return d, err
	case bytes.HasPrefix(b, bomUTF16LE):
		return decodeWith(b[2:], encUTF16LE, bomUTF16LE, "UTF-16 编码，已按 UTF-16 读取")
	case bytes.HasPrefix(b, bomUTF16BE):
		return decodeWith(b[2:], encUTF16BE, bomUTF16BE, "UTF-16 编码，已按 UTF-16 读取")
	}
	return decodeUnmarked(b)
}

// decodeUnmarked reads bytes with no byte-order mark: UTF-8, else GB18030.
func decodeUnmarked(b []byte) (decodedFile, error) {
	if bytes.IndexByte(b, 0) >= 0 {
		return decodedFile{}, &notTextError{reason: "不是文本文件（含有 NUL 字节）"}
	}
	if utf8.Valid(b) {
		return checkControls(decodedFile{text: string(b)})
	}
	if mostlyUTF8(b) {
		// A UTF-8 file with a few broken bytes (a cut or a bad copy) is still UTF-8:
		// reading it as GB18030 would turn all of it into nonsense. The bytes are kept
		// as they are, so --fix still writes back only the edited tokens.
		d, err := checkControls(decodedFile{text: string(b)})
		d.note = "含有无效的 UTF-8 字节，已按 UTF-8 读取"
		return d, err
	}
	d, err := decodeWith(b, encGB18030, nil, "不是 UTF-8 编码，已按 GB18030 读取")
	if err != nil {
		if utfLine, otherLine, ok := mixedUTF8(b); ok {
			return decodedFile{}, &notTextError{
				reason: fmt.Sprintf("编码混杂：部分是 UTF-8（如第 %d 行），部分不是（如第 %d 行，可能是 GB18030）", utfLine, otherLine),
				hint:   "请把全文统一转成 UTF-8 后再检查",
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
func decodeWith(b []byte, enc textEncoding, bom []byte, note string) (decodedFile, error) {
	c := enc.codec()
	text, err := c.NewDecoder().Bytes(b)
	if err == nil {
		var back []byte
		back, err = c.NewEncoder().Bytes(text)
		if err == nil && !bytes.Equal(back, b) {
			err = errors.New("round trip")
		}
	}
	if err != nil {
		if enc == encGB18030 {
			return decodedFile{}, &notTextError{reason: "不是文本文件（既不是 UTF-8 也不是 GB18030 编码）"}
		}
		return decodedFile{}, &notTextError{reason: "不是文本文件（UTF-16 内容不完整）"}
	}
	if bytes.IndexByte(text, 0) >= 0 {
		return decodedFile{}, &notTextError{reason: "不是文本文件（含有 NUL 字符）"}
	}
	return checkControls(decodedFile{text: string(text), bom: bom, enc: enc, note: note})
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
func checkControls(d decodedFile) (decodedFile, error) {
	sample := d.text
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
		return decodedFile{}, &notTextError{reason: "不是文本文件（含有大量控制字符）"}
	}
	return d, nil
}

// encode gives the bytes of text in the file's own encoding, byte-order mark included.
func (d decodedFile) encode(text string) ([]byte, error) {
	var body []byte
	if c := d.enc.codec(); c != nil {
		var err error
		body, err = c.NewEncoder().Bytes([]byte(text))
		if err != nil {
			return nil, err
		}
	} else {
		body = []byte(text)
	}
	return append(append([]byte(nil), d.bom...), body...), nil
}
