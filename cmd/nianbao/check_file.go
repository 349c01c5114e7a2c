package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"syscall"

	"github.com/nianbao/nianbao/input"
)

// maxFileSize is the largest file check reads, and the largest text it checks once
// decoded: 16 MiB, the language server's limit on a document (maxDocumentSize in
// lsp/text_synchronization.go), so that a file the editor would not check is not
// checked here either. Reports are well under 1 MiB; the limit keeps a stray log or
// dump from taking gigabytes of memory (the engine needs several times a text's size).
const maxFileSize = 16 << 20

// sourceFile is a file as check read it: its bytes, and what fstat said of it just
// before they were read, so that --fix can tell whether it is still the same file
// with the same content when it writes.
type sourceFile struct {
	raw  []byte
	info fs.FileInfo
}

// notRegularError says that a path is not a regular file and what it is instead.
type notRegularError struct{ kind string }

func (e *notRegularError) Error() string { return fmt.Sprintf("不是普通文件（%s）", e.kind) }

// fileKind names a non-regular file type for a message.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "是命名管道"
	case m&fs.ModeSocket != 0:
		return "是套接字"
	case m&fs.ModeDevice != 0:
		return "是设备文件"
	case m.IsDir():
		return "是目录"
	}
	return "类型 " + m.Type().String()
}

// tooLargeError says that a file or the text read from it is over maxFileSize.
type tooLargeError struct {
	// size is 0 when not known: standard input and pdftotext are read only up to the
	// limit.
	size int64
	// decoded is set for the text read from the file, of kind.
	decoded bool
	kind    input.Kind
	stdin   bool
}

func (e *tooLargeError) Error() string {
	what := "文件"
	switch {
	case e.stdin:
		what = "标准输入"
	case e.decoded && e.kind != input.Text:
		what = e.kind.Noun() + "读出的文字"
	case e.decoded:
		what = "文件解码后"
	}
	if e.size == 0 {
		return fmt.Sprintf("%s超过 %s 的上限，未检查（年度报告通常不到 1 MB）", what, sizeString(maxFileSize))
	}
	return fmt.Sprintf("%s有 %s，超过 %s 的上限，未检查（年度报告通常不到 1 MB）", what, sizeString(e.size), sizeString(maxFileSize))
}

// sizeString gives a size for a message, as the language server does: "16 MB",
// "17.5 MB" or "900 字节". Megabytes are rounded up, so that a file just over the
// limit does not read "16.0 MB，超过 16 MB".
func sizeString(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d 字节", n)
	}
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.1f MB", math.Ceil(float64(n)/(1<<20)*10)/10)
}

// readSource reads a file to check. It opens without blocking, so that a named pipe
// put where a file was listed cannot hang the run, and refuses anything but a regular
// file, and a file over maxFileSize before reading it.
func readSource(path string) (sourceFile, error) {
	f, err := openRead(path)
	if err != nil {
		return sourceFile{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return sourceFile{}, err
	}
	if !fi.Mode().IsRegular() {
		return sourceFile{}, &notRegularError{fileKind(fi.Mode())}
	}
	if fi.Size() > maxFileSize {
		return sourceFile{}, &tooLargeError{size: fi.Size()}
	}
	// One byte more than the size tells a file that grew meanwhile.
	raw := make([]byte, 0, fi.Size()+1)
	for {
		n, err := f.Read(raw[len(raw):cap(raw)])
		raw = raw[:len(raw)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return sourceFile{}, err
		}
		if len(raw) > maxFileSize {
			return sourceFile{}, &tooLargeError{size: int64(len(raw))}
		}
		if len(raw) == cap(raw) {
			raw = append(raw, 0)[:len(raw)]
		}
	}
	return sourceFile{raw: raw, info: fi}, nil
}

// readStdin reads a report from standard input ("check -"), up to maxFileSize.
func readStdin(r io.Reader) (sourceFile, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return sourceFile{}, err
	}
	if len(raw) > maxFileSize {
		return sourceFile{}, &tooLargeError{stdin: true}
	}
	return sourceFile{raw: raw}, nil
}

// Why --fix writes in place.
//
// A fix changes a few tokens (a total 20 → 26, a label) in a file that other programs
// may hold: hard links, an editor with the file open, a program appending to it. An
// earlier version wrote a temporary file and renamed it over the report, which is
// atomic against a crash but makes a new inode: hard links were split, the owner
// became whoever ran the fix, setgid and extended attributes were lost, a user who
// could write the directory but not the file could replace it, and a program still
// writing to the old inode lost everything it wrote after the rename.
//
// Writing into the same inode keeps all of that by construction, and lets the kernel
// decide who may write (opening O_RDWR). The price is crash safety: a fix that
// changes the text's length rewrites the file from its first changed byte on, and a
// power cut in the middle of that write can leave the rest half old, half new. A
// same-length fix (most total fixes) writes a few bytes inside one block. Reports are
// small, so that write is one system call of a few kilobytes followed by fsync; we
// judged losing other programs' data on every run worse than that window.
//
// Other writers: the file is locked with flock, which other nianbao runs (and
// programs that use flock) respect; before writing, the size, modification time and
// content are compared with what was checked, so a change made meanwhile means
// nothing is written. A writer that takes no lock can still write in the
// microseconds between that comparison and the write; the file is therefore read
// back after the write, and a mismatch is reported rather than ignored.

// Errors of writeFix. Each is a whole note for stderr after "path: ".
var (
	errReadOnly    = errors.New("文件只读，未修正")
	errNoWrite     = errors.New("没有写入权限，未修正")
	errReadOnlyFS  = errors.New("文件所在的文件系统只读，未修正")
	errChanged     = errors.New("文件在检查期间被修改，未修正")
	errLocked      = errors.New("文件被其他程序锁定，未修正")
	errInterrupted = errors.New("已中断，未修正")
	// errRestored: another program wrote while the fix was being written; the bytes
	// the fix had written were put back.
	errRestored = errors.New("修正期间另有程序写入了文件，已恢复原内容，未修正")
	// errAppended: the fix is in the file, and another program appended after it.
	errAppended = errors.New("已写入修正，但修正期间另有程序在文件末尾追加了内容，追加的部分未检查")
	// errInterfered: the file read back after the fix is not what was written.
	errInterfered = errors.New("已写入修正，但修正期间另有程序写入了文件，文件内容与修正结果不一致，请检查")
)

// testHookFix, when set by a test, is called at the named stages of writeFix with
// the path: "locked" after the file was compared with what was checked, "written"
// after the fix was written and before the file is truncated or read back.
var testHookFix func(stage, path string)

// writeFix writes data, the fixed file, over src, the file as it was read and
// checked, in place (see above). written reports whether the fix is in the file;
// with written true a non-nil error is about something found after writing.
func writeFix(ctx context.Context, path string, src sourceFile, data []byte) (written bool, err error) {
	old := src.raw
	// Root may write any file; a file without any write permission was made read-only
	// on purpose, and is left alone for root too, as rm and editors do.
	if src.info.Mode().Perm()&0o222 == 0 {
		return false, errReadOnly
	}
	f, err := os.OpenFile(path, os.O_RDWR|oNonblock, 0)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrPermission):
			return false, errNoWrite
		case errors.Is(err, syscall.EROFS):
			return false, errReadOnlyFS
		case errors.Is(err, fs.ErrNotExist):
			return false, errChanged
		}
		return false, fmt.Errorf("无法打开文件写入修正：%v", pathErr(err))
	}
	// Closing releases the lock.
	defer f.Close()
	if err := lockFile(ctx, f); err != nil {
		return false, err
	}
	if err := stillSame(f, src); err != nil {
		return false, err
	}
	if testHookFix != nil {
		testHookFix("locked", path)
	}

	start, end := changedRegion(old, data)
	if !sizeIs(f, len(old)) {
		return false, errChanged
	}
	if _, err := f.WriteAt(data[start:end], int64(start)); err != nil {
		return false, restore(f, old, start, end, fmt.Errorf("写入修正失败：%v", pathErr(err)))
	}
	if testHookFix != nil {
		testHookFix("written", path)
	}
	if len(data) < len(old) {
		// Truncating now would cut off whatever another program appended since the
		// comparison above.
		if !sizeIs(f, len(old)) {
			return false, restore(f, old, start, end, errRestored)
		}
		if err := f.Truncate(int64(len(data))); err != nil {
			return false, restore(f, old, start, end, fmt.Errorf("写入修正失败：%v", pathErr(err)))
		}
	}
	if err := f.Sync(); err != nil {
		return true, fmt.Errorf("已写入修正，但无法确认已保存到磁盘：%v", pathErr(err))
	}
	return true, readBack(f, data)
}

// changedRegion gives the bytes of data to write over old: from the first byte that
// differs to the last one when the length is unchanged, else to the end.
func changedRegion(old, data []byte) (start, end int) {
	n := min(len(old), len(data))
	for start < n && old[start] == data[start] {
		start++
	}
	if len(old) != len(data) {
		return start, len(data)
	}
	end = len(data)
	for end > start && old[end-1] == data[end-1] {
		end--
	}
	return start, end
}

// stillSame reports errChanged unless f is the file src was read from, with the
// same size, modification time and content.
func stillSame(f *os.File, src sourceFile) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("无法读取文件状态：%v", pathErr(err))
	}
	if !os.SameFile(fi, src.info) || fi.Size() != int64(len(src.raw)) || !fi.ModTime().Equal(src.info.ModTime()) {
		return errChanged
	}
	same, err := holds(f, src.raw)
	if err != nil {
		return fmt.Errorf("无法重新读取文件：%v", pathErr(err))
	}
	if !same {
		return errChanged
	}
	return nil
}

// sizeIs reports whether f has n bytes.
func sizeIs(f *os.File, n int) bool {
	fi, err := f.Stat()
	return err == nil && fi.Size() == int64(n)
}

// holds reports whether f starts with want, reading it in blocks rather than whole.
func holds(f *os.File, want []byte) (bool, error) {
	buf := make([]byte, min(len(want), 64<<10))
	for off := 0; off < len(want); {
		n, err := f.ReadAt(buf[:min(len(buf), len(want)-off)], int64(off))
		if !bytes.Equal(buf[:n], want[off:off+n]) {
			return false, nil
		}
		off += n
		if err == io.EOF {
			return off == len(want), nil
		}
		if err != nil {
			return false, err
		}
	}
	return true, nil
}

// readBack checks that f holds exactly data after the fix was written.
func readBack(f *os.File, data []byte) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("已写入修正，但无法读回确认：%v", pathErr(err))
	}
	same, err := holds(f, data)
	if err != nil {
		return fmt.Errorf("已写入修正，但无法读回确认：%v", pathErr(err))
	}
	switch {
	case same && fi.Size() == int64(len(data)):
		return nil
	case same && fi.Size() > int64(len(data)):
		return errAppended
	}
	return errInterfered
}

// restore puts old's bytes back over old[start:end], where a fix that failed half-way
// wrote, and returns cause, or a note that the file may be damaged if that failed too.
func restore(f *os.File, old []byte, start, end int, cause error) error {
	_, err := f.WriteAt(old[start:min(len(old), end)], int64(start))
	if err == nil && end > len(old) {
		// The fix grew the file; cut what it added unless someone appended after it.
		if fi, serr := f.Stat(); serr == nil && fi.Size() <= int64(end) {
			err = f.Truncate(int64(len(old)))
		}
	}
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		return fmt.Errorf("%v；恢复原内容也失败（%v），文件可能已损坏，请检查", cause, pathErr(err))
	}
	return cause
}

// pathErr drops the path an *fs.PathError repeats: notes already start with it.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
