package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// sparseFile makes a file of size zero bytes without writing them.
func sparseFile(t *testing.T, path string, size int64) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// TestCheckSizeLimit: a file over 16 MiB, the language server's limit, is not read;
// it gets one line on stderr and makes the status 2, and the other files are still
// checked, in a directory as on the command line.
func TestCheckSizeLimit(t *testing.T) {
	if maxFileSize != 16<<20 {
		t.Fatalf("maxFileSize %d, want the server's 16 MiB", maxFileSize)
	}
	dir := t.TempDir()
	big := sparseFile(t, filepath.Join(dir, "大文件.txt"), maxFileSize+1)
	good := writeFile(t, filepath.Join(dir, "报告.md"), []byte(readSample(t, "pingtan-2019.md")))
	wantNote := big + ": 文件有 16.1 MB，超过 16 MB 的上限，未检查"

	for _, args := range [][]string{{big, good}, {dir}} {
		out, stderr, code := checkJSON(t, args...)
		if code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
		if !strings.Contains(stderr, wantNote) || strings.Count(stderr, big) != 1 {
			t.Errorf("%q: stderr %q, want one line %q", args, stderr, wantNote)
		}
		if len(out.Files) != 1 || out.Files[0].Path != good {
			t.Errorf("%q: files %+v, want only %s", args, out.Files, good)
		}
	}

	// A file of exactly 16 MiB is read (here: zeros, so it is not text).
	edge := sparseFile(t, filepath.Join(t.TempDir(), "边界.txt"), maxFileSize)
	if _, stderr, _ := runCLI(t, "check", edge); !strings.Contains(stderr, edge+": 不是文本文件") {
		t.Errorf("a file of exactly the limit: stderr %q, want it read and found not text", stderr)
	}
}

// TestCheckDecodedSizeLimit: the limit holds for the text the engine gets, so a
// GB18030 file under 16 MiB that decodes to more (two bytes a character become
// three) is not checked either.
func TestCheckDecodedSizeLimit(t *testing.T) {
	line := strings.Repeat("政府信息公开", 100) + "\n" // 1801 bytes of UTF-8, 1201 of GB18030
	text := strings.Repeat(line, (maxFileSize/len(line))+1)
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(gb) > maxFileSize || len(text) <= maxFileSize {
		t.Fatalf("test arithmetic: %d bytes on disk, %d decoded", len(gb), len(text))
	}
	path := writeFile(t, filepath.Join(t.TempDir(), "报告.txt"), []byte(gb))
	_, stderr, code := runCLI(t, "check", path)
	if want := path + ": 文件解码后有 16.1 MB，超过 16 MB 的上限，未检查"; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
}
