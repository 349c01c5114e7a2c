package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/nianbao/nianbao/analysis"
)

// pingtanFixed is pingtan-2020.md with its two totals corrected as pingtan-NOTES.md
// computes them, built here by hand rather than by the engine.
func pingtanFixed(t *testing.T, orig string) string {
	t.Helper()
	if strings.Count(orig, pingtanTotalRow) != 1 {
		t.Fatalf("the sample should hold the row %q once", pingtanTotalRow)
	}
	return strings.Replace(orig, pingtanTotalRow, "| （七）总计 | 26 | 0 | 0 | 0 | 0 | 1 | 27 |", 1)
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestCheckFix(t *testing.T) {
	orig := readSample(t, "pingtan-2020.md")
	dir := t.TempDir()
	path := filepath.Join(dir, "pingtan-2020.md")
	if err := os.WriteFile(path, []byte(orig), 0o640); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o640) // whatever the umask

	out, stderr, code := checkJSON(t, "--fix", path)
	// The totals are corrected, and what remains is reported: with the corrected
	// （七）总计 the 勾稽关系 breaks in the same two columns, since the leaf rows count 27
	// applications against 21 received (pingtan-NOTES.md), so the status stays 1.
	if code != 1 {
		t.Errorf("exit %d after --fix, want 1; stderr %q", code, stderr)
	}
	var remaining []string
	for _, d := range out.Files[0].Diagnostics {
		if d.Severity == "error" {
			remaining = append(remaining, d.Rule)
		}
	}
	if strings.Join(remaining, " ") != "balance-mismatch balance-mismatch" {
		t.Errorf("errors after --fix: %q, want the two balance-mismatch of the corrected totals", remaining)
	}
	if !strings.Contains(stderr, path+": 已修正 2 处") {
		t.Errorf("stderr %q does not say 2 fixes were made", stderr)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	// The file is exactly the fix-all edits applied...
	res := analysis.Check(orig, analysis.Options{})
	want, err := analysis.ApplyEdits(orig, analysis.FixAllEdits(res.Diagnostics))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Error("file after --fix differs from ApplyEdits(FixAllEdits)")
	}
	// ...which are the two tokens 20→26 and 21→27, and nothing else, byte for byte.
	if string(got) != pingtanFixed(t, orig) {
		for i := 0; i < len(got) && i < len(orig); i++ {
			if got[i] != orig[i] {
				t.Errorf("first unexpected change at byte %d: %q", i, got[max(0, i-20):min(len(got), i+20)])
				break
			}
		}
		t.Fatalf("file after --fix is not the original with 20→26 and 21→27 in %q", pingtanTotalRow)
	}

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v after --fix, want 0640", fi.Mode().Perm())
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %q after --fix, want only the report", names)
	}

	// A second --fix finds nothing to fix and changes nothing.
	_, stderr, code = runCLI(t, "check", "--fix", path)
	again, _ := os.ReadFile(path)
	if code != 1 || string(again) != string(got) || strings.Contains(stderr, "已修正") {
		t.Errorf("second --fix: exit %d, stderr %q, file changed %v", code, stderr, string(again) != string(got))
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %q after the second --fix", names)
	}
}

func TestCheckFixKeepsEncoding(t *testing.T) {
	orig := readSample(t, "pingtan-2020.md")
	fixed := pingtanFixed(t, orig)
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	gb := func(s string) string {
		out, err := simplifiedchinese.GB18030.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	utf16le := func(s string) string {
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	tests := []struct {
		name   string
		encode func(string) string
		note   string
	}{
		{"utf8", func(s string) string { return s }, ""},
		{"utf8-crlf", crlf, ""},
		{"utf8-bom-crlf", func(s string) string { return "\uFEFF" + crlf(s) }, ""},
		{"gb18030", gb, "已按 GB18030 读取"},
		{"gb18030-crlf", func(s string) string { return gb(crlf(s)) }, "已按 GB18030 读取"},
		{"utf16le-bom", utf16le, "已按 UTF-16 读取"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), "r.md"), []byte(tt.encode(orig)))
			_, stderr, code := runCLI(t, "check", "--fix", path)
			if code != 1 || !strings.Contains(stderr, "已修正 2 处") || !strings.Contains(stderr, tt.note) {
				t.Errorf("exit %d, stderr %q", code, stderr)
			}
			got, _ := os.ReadFile(path)
			if want := tt.encode(fixed); string(got) != want {
				t.Errorf("file after --fix is not the fixed text in the same encoding (%d bytes, want %d)", len(got), len(want))
			}
		})
	}
}

func TestCheckFixReadOnly(t *testing.T) {
	orig := readSample(t, "pingtan-2020.md")
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "r.md"), []byte(orig))
	os.Chmod(path, 0o444)
	_, stderr, code := runCLI(t, "check", "--fix", path)
	if code != 2 || !strings.Contains(stderr, path+": 文件只读，未修正") {
		t.Errorf("exit %d, stderr %q; want 2 and a read-only note", code, stderr)
	}
	if got, _ := os.ReadFile(path); string(got) != orig {
		t.Error("a read-only file was changed")
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %q", names)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "a.txt"), []byte("old"))
	os.Chmod(path, 0o604)

	if err := writeFileAtomic(path, []byte("stale"), []byte("new")); err != errChanged {
		t.Errorf("file changed since reading: err %v, want errChanged", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("content %q after a refused write", got)
	}

	if err := writeFileAtomic(path, []byte("old"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("content %q, want new", got)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o604 {
		t.Errorf("mode %v, want 0604", fi.Mode().Perm())
	}

	// Through a symlink: the target changes, the link stays a link.
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink("a.txt", link); err != nil {
		t.Skip(err)
	}
	if err := writeFileAtomic(link, []byte("new"), []byte("newer")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	if got, _ := os.ReadFile(path); string(got) != "newer" {
		t.Errorf("target content %q, want newer", got)
	}
	if names := dirNames(t, dir); len(names) != 2 {
		t.Errorf("directory holds %q, want a.txt and link.txt", names)
	}
}

// FuzzDecodeFile holds decodeFile to the promise --fix relies on: whatever it accepts
// it can write back byte for byte, so a fix changes nothing but the edited tokens.
func FuzzDecodeFile(f *testing.F) {
	// Small seeds keep the fuzzer's minimisation quick.
	orig := strings.ToValidUTF8(readSample(f, "pingtan-2020.md")[:600], "")
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String(orig)
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(orig)
	for _, seed := range []string{orig, "\uFEFF" + orig, gb, u16, "\r\n" + gb, "", "\x00", "abc\xE6def", "\xFF\xFE\x00"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := decodeFile(b)
		if err != nil {
			return
		}
		back, err := d.encode(d.text)
		if err != nil {
			t.Fatalf("accepted input cannot be encoded back: %v", err)
		}
		if !bytes.Equal(back, b) {
			t.Fatalf("round trip changed the bytes (encoding %d):\n in %q\nout %q", d.enc, b, back)
		}
	})
}
