package engine

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/nianbao/nianbao/internal/position"
)

// nianbao builds the real command once: the page must say what `nianbao check
// --format json` and `nianbao text` say.
func nianbao(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "nianbao-web-engine")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "nianbao")
		out, err := exec.Command("go", "build", "-o", binPath, "../../../cmd/nianbao").CombinedOutput()
		if err != nil {
			binErr = &buildError{out}
		}
	})
	if binErr != nil {
		t.Fatalf("go build ./cmd/nianbao: %v", binErr)
	}
	return binPath
}

// sharedFiles are the reports the tests of the other front ends use.
func sharedFiles(t *testing.T) []string {
	var files []string
	for _, pat := range []string{"../../../testdata/samples/*.md", "../../../testdata/samples/*.txt", "../../../testdata/published/*.html", "../../../testdata/published/*.docx"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	if len(files) < 10 {
		t.Fatalf("found %d shared reports, want at least 10: %v", len(files), files)
	}
	return files
}

// TestCheckMatchesCLI holds the page's findings equal, field for field, to
// `nianbao check --format json` on the same file: rules, messages, places in words,
// UTF-16 ranges of Chinese text, fixes and related cells.
func TestCheckMatchesCLI(t *testing.T) {
	bin := nianbao(t)
	total := 0
	defer func() {
		if total < 50 {
			t.Errorf("%d findings in all the shared reports: the comparison compared little", total)
		}
	}()
	for _, path := range sharedFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			out, err := exec.Command(bin, "check", "--format", "json", path).Output()
			if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 1) {
				t.Fatalf("nianbao check: %v\n%s", err, ee.Stderr)
			}
			var cli struct{ Files []json.RawMessage }
			if err := json.Unmarshal(out, &cli); err != nil || len(cli.Files) != 1 {
				t.Fatalf("nianbao check output: %v\n%s", err, out)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			text, _, err := Read(filepath.Base(path), b)
			if err != nil {
				t.Fatal(err)
			}
			var s Session
			f := s.Check(path, text)
			total += len(f.Diagnostics)
			got := roundTrip(t, f)
			delete(got, "fixAll")
			want := roundTrip(t, cli.Files[0])
			if !reflect.DeepEqual(got, want) {
				g, _ := json.MarshalIndent(got, "", " ")
				w, _ := json.MarshalIndent(want, "", " ")
				t.Errorf("page and CLI differ:\npage: %.3000s\ncli:  %.3000s", g, w)
			}
		})
	}
}

func roundTrip(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestReadMatchesText holds a page or Word document opened in the browser to the
// Markdown `nianbao text` writes for it.
func TestReadMatchesText(t *testing.T) {
	bin := nianbao(t)
	for _, path := range sharedFiles(t) {
		if strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".txt") {
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			want, err := exec.Command(bin, "text", path).Output()
			if err != nil {
				t.Fatalf("nianbao text: %v", err)
			}
			b, _ := os.ReadFile(path)
			got, _, err := Read(filepath.Base(path), b)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("Read differs from nianbao text (%d vs %d bytes)", len(got), len(want))
			}
			// Without a name (pasted HTML), the bytes tell the kind.
			if strings.HasSuffix(path, ".html") {
				if got2, _, err := Read("", b); err != nil || got2 != got {
					t.Errorf("Read without a name: err %v, same text %v", err, got2 == got)
				}
			}
		})
	}
}

// TestReadRefuses: what the page cannot read is said, in Chinese, with what to do.
func TestReadRefuses(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"报告.pdf", "%PDF-1.4 ...", "另存为 .docx"},
		{"报告.docx", "not a zip", "无法读取"},
		{"报告.txt", "\x00\x01\x02\xff\xfe\x00binary\x00", "无法读取"},
	} {
		_, _, err := Read(c.name, []byte(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Read(%s) = %v, want an error with %q", c.name, err, c.want)
		}
	}
	var s Session
	if f := s.Check("big", strings.Repeat("一", MaxText/3+1)); f.Error == "" || len(f.Diagnostics) != 0 {
		t.Errorf("a text over the limit: error %q, %d findings", f.Error, len(f.Diagnostics))
	}
}

// TestFixAll applies 「全部修正」's edits by their UTF-16 positions, as the page
// does, and must give the text of `check --fix` (the samples' .fixed.golden).
func TestFixAll(t *testing.T) {
	for _, name := range []string{"wuqiao-2020", "labao-2020-traditional"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile("../../../testdata/samples/" + name + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			golden, err := os.ReadFile("../../../testdata/samples/" + name + ".fixed.golden")
			if err != nil {
				t.Fatal(err)
			}
			var s Session
			f := s.Check(name, string(b))
			if len(f.FixAll) == 0 {
				t.Fatal("no fix-all edits")
			}
			if got := applyUTF16(t, string(b), f.FixAll); got != string(golden) {
				t.Errorf("fix-all gives a text other than %s.fixed.golden", name)
			}
		})
	}
}

// applyUTF16 applies edits given in LSP positions, from the last to the first.
func applyUTF16(t *testing.T, text string, edits []Edit) string {
	m := position.New(text)
	type span struct {
		s, e int
		nt   string
	}
	var ss []span
	for _, e := range edits {
		s, _ := m.Offset(e.Range.Start.Line, e.Range.Start.Character)
		en, _ := m.Offset(e.Range.End.Line, e.Range.End.Character)
		ss = append(ss, span{s, en, e.NewText})
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].s > ss[j].s })
	for _, sp := range ss {
		text = text[:sp.s] + sp.nt + text[sp.e:]
	}
	return text
}

// TestHoverAndOutline: the arithmetic of a wrong total of pingtan-2020 (Chinese text
// before it on the line, so its UTF-16 column differs from its byte column), and the
// outline's six sections with the tables inside.
func TestHoverAndOutline(t *testing.T) {
	b, err := os.ReadFile("../../../testdata/samples/pingtan-2020.md")
	if err != nil {
		t.Fatal(err)
	}
	var s Session
	f := s.Check("pingtan-2020.md", string(b))
	var total *Diagnostic
	for i := range f.Diagnostics {
		if f.Diagnostics[i].Rule == "total-mismatch" {
			total = &f.Diagnostics[i]
			break
		}
	}
	if total == nil {
		t.Fatal("no total-mismatch in pingtan-2020")
	}
	r := total.Range
	h := s.HoverAt(r.Start.Line, r.Start.Character)
	if h == nil || !strings.HasPrefix(h.Text, "总计 = ") || !strings.Contains(h.Text, "与计算结果不符") || h.Range != r {
		t.Fatalf("hover at %v = %+v, want the arithmetic over the total's range", r.Start, h)
	}
	line := strings.Split(string(b), "\n")[r.Start.Line]
	if before := utf16Slice(line, 0, r.Start.Character); len(before) == r.Start.Character {
		t.Fatalf("the total's line %q should hold Chinese text before it", line)
	}
	if got := utf16Slice(line, r.Start.Character, r.End.Character); strings.Trim(got, "0123456789") != "" {
		t.Errorf("the total's range covers %q, want its number", got)
	}
	if h := s.HoverAt(0, 0); h != nil && strings.HasPrefix(h.Text, "总计") {
		t.Errorf("hover on the title shows a total: %+v", h)
	}
	out := s.Outline()
	if len(out) != 6 {
		t.Fatalf("outline has %d sections, want 6: %+v", len(out), out)
	}
	tables := 0
	for _, sec := range out {
		for _, c := range sec.Children {
			if strings.HasPrefix(c.Name, "表") {
				tables++
			}
		}
	}
	if tables != 3 {
		t.Errorf("outline has %d tables inside sections, want 3", tables)
	}
}

func utf16Slice(s string, from, to int) string {
	var b bytes.Buffer
	n := 0
	for _, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n >= from && n < to {
			b.WriteRune(r)
		}
		n += w
	}
	return b.String()
}

// TestOptions: the template toggle and the rules left out take effect, and bad
// values are refused with the options kept.
func TestOptions(t *testing.T) {
	b, _ := os.ReadFile("../../../testdata/samples/pingtan-2020.md")
	var s Session
	all := len(s.Check("x", string(b)).Diagnostics)
	if err := s.SetOptions("auto", []string{"total-mismatch"}); err != nil {
		t.Fatal(err)
	}
	f := s.Check("x", string(b))
	for _, d := range f.Diagnostics {
		if d.Rule == "total-mismatch" {
			t.Fatal("total-mismatch reported while disabled")
		}
	}
	if len(f.Diagnostics) >= all {
		t.Errorf("disabling total-mismatch left %d of %d findings", len(f.Diagnostics), all)
	}
	if err := s.SetOptions("2021", nil); err != nil {
		t.Fatal(err)
	}
	if f := s.Check("x", string(b)); f.Format == nil || *f.Format != "2021" {
		t.Errorf("template 2021: format %v", f.Format)
	}
	if err := s.SetOptions("2020", nil); err == nil {
		t.Error("template 2020 accepted")
	}
	if err := s.SetOptions("auto", []string{"no-such-rule"}); err == nil {
		t.Error("unknown rule accepted")
	}
	if len(Rules()) < 10 {
		t.Errorf("Rules() = %d rules", len(Rules()))
	}
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

type buildError struct{ out []byte }

func (e *buildError) Error() string { return string(e.out) }

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}
