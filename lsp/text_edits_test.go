package lsp

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"
)

// BenchmarkApplyManyChanges applies one didChange of 960 changes to a 4 MB document
// of sample reports: a "replace all" of 960 of its 总计 by 总计数, as VS Code sends
// it (last match first) and as clients that send matches in text order do (each
// range then in the text the earlier changes left). Applying each change to the
// whole text in turn re-indexed and copied 4 MB per change.
//
//	go test -run '^$' -bench ApplyManyChanges -benchmem ./lsp/
func BenchmarkApplyManyChanges(b *testing.B) {
	text := manyReports(b, 4<<20)
	desc, asc := replaceAllChanges(text, "总计", "总计数", 960)
	if len(desc) != 960 {
		b.Fatalf("%d matches, want 960", len(desc))
	}
	for _, c := range []struct {
		name    string
		changes []contentChange
	}{{"descending", desc}, {"ascending", asc}} {
		b.Run(c.name, func(b *testing.B) {
			sn := &snapshot{text: text}
			sn.Mapper() // as a document's is, built when it was opened
			want := strings.Replace(text, "总计", "总计数", 960)
			b.SetBytes(int64(len(text)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if a := applyChanges(sn, c.changes); i == 0 && a.text != want {
					b.Fatal("wrong text")
				}
			}
		})
	}
}

// manyReports is the sample reports concatenated until the text has at least n bytes.
func manyReports(tb testing.TB, n int) string {
	paths, err := filepath.Glob("../testdata/samples/*.*")
	if err != nil {
		tb.Fatal(err)
	}
	var samples []string
	for _, p := range paths {
		if ext := filepath.Ext(p); ext == ".md" || ext == ".txt" {
			data, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			samples = append(samples, string(data))
		}
	}
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		sb.WriteString(samples[i%len(samples)])
		sb.WriteString("\n")
	}
	return sb.String()
}

// replaceAllChanges returns the changes that replace the first n occurrences of old
// in text by new, in descending order (each range in the original text) and in
// ascending order (each range in the text left by the changes before it).
func replaceAllChanges(text, old, new string, n int) (desc, asc []contentChange) {
	doc := utf16Doc(utf16.Encode([]rune(text)))
	oldU, newU := len(utf16.Encode([]rune(old))), len(utf16.Encode([]rune(new)))
	var at []int // code unit indexes of the matches
	for i, u, k := 0, 0, 0; k < n; k++ {
		j := strings.Index(text[i:], old)
		if j < 0 {
			break
		}
		u += len(utf16.Encode([]rune(text[i : i+j])))
		at = append(at, u)
		i += j + len(old)
		u += oldU
	}
	starts := doc.lineStarts()
	pos := func(i int) lspPosition {
		line := sort.SearchInts(starts, i+1) - 1
		return lspPosition{line, i - starts[line]}
	}
	for k := len(at) - 1; k >= 0; k-- {
		desc = append(desc, contentChange{Range: &rng{Start: pos(at[k]), End: pos(at[k] + oldU)}, Text: new})
	}
	// In text order, a match's line is unchanged (no line breaks replaced) and its
	// character moves by the growth of the earlier matches on the same line.
	for k, i := range at {
		p := pos(i)
		for q := k - 1; q >= 0 && pos(at[q]).Line == p.Line; q-- {
			p.Character += newU - oldU
		}
		asc = append(asc, contentChange{Range: &rng{Start: p, End: lspPosition{p.Line, p.Character + oldU}}, Text: new})
	}
	return desc, asc
}

// TestManyChangesBuildTheTextOnce: applying the 240 changes of a "replace all" to a
// 1 MB document, in either order, allocates about one text, not one (and an index
// of it) per change: the memory a didChange costs does not grow with its number
// of changes. (The time is BenchmarkApplyManyChanges's to show.)
func TestManyChangesBuildTheTextOnce(t *testing.T) {
	text := manyReports(t, 1<<20)
	desc, asc := replaceAllChanges(text, "总计", "总计数", 240)
	if len(desc) != 240 {
		t.Fatalf("%d matches, want 240", len(desc))
	}
	want := strings.Replace(text, "总计", "总计数", 240)
	for name, changes := range map[string][]contentChange{"descending": desc, "ascending": asc} {
		sn := &snapshot{text: text}
		sn.Mapper()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		a := applyChanges(sn, changes)
		runtime.ReadMemStats(&after)
		if a.text != want {
			t.Fatalf("%s: wrong text", name)
		}
		if grown := after.TotalAlloc - before.TotalAlloc; grown > uint64(2*len(text)) {
			t.Errorf("%s: %d changes to %d bytes allocated %d bytes", name, len(changes), len(text), grown)
		}
	}
}

// TestClampedChangesInOneDidChange: changes whose positions lie before the start or
// past the end of the text, followed in the same didChange by changes found from
// there. (A clamped position once left the place the next change was looked for
// from on another line: the second change below then deleted nothing.)
func TestClampedChangesInOneDidChange(t *testing.T) {
	const text = "一、总体情况\r\n（七）总计\n末行\n"
	cases := []struct {
		changes []contentChange
		want    string
	}{
		{[]contentChange{
			{Range: at(48, 48), Text: ""},
			{Range: span(48, 48, 0, 0), Text: ""},
		}, ""},
		{[]contentChange{
			{Range: at(48, 0), Text: "𠮷"},
			{Range: span(1, 1, 1, 3), Text: "八"},
		}, "一、总体情况\r\n（八总计\n末行\n𠮷"},
		{[]contentChange{
			{Range: at(-1, 5), Text: "甲"},
			{Range: at(0, 3), Text: "乙"},
			{Range: span(2, 9, 3, 0), Text: "丙"},
		}, "甲一、乙总体情况\r\n（七）总计\n末行丙"},
		{[]contentChange{
			{Range: at(1, 99), Text: "丁"},
			{Range: at(1, 2), Text: "戊"},
			{Range: at(0, -4), Text: "己"},
		}, "己一、总体情况\r\n（七戊）总计丁\n末行\n"},
	}
	for i, c := range cases {
		a := applyChanges(&snapshot{text: text}, c.changes)
		if a.text != c.want {
			t.Errorf("case %d: %q, want %q", i, a.text, c.want)
		}
		if seq := applySequentially(text, c.changes); seq.text != c.want {
			t.Errorf("case %d: change by change %q, want %q", i, seq.text, c.want)
		}
	}
}
