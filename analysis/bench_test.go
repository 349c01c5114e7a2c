package analysis

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkCheckSample: reading and every rule on each sample report.
func BenchmarkCheckSample(b *testing.B) {
	for _, p := range samplePaths() {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		text := string(data)
		b.Run(filepath.Base(p), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				Check(text, Options{})
			}
		})
	}
}

// bigDocument concatenates reports in every layout, samples and generated ones, to
// at least size bytes.
func bigDocument(size int) string {
	var parts []string
	for _, p := range samplePaths() {
		if data, err := os.ReadFile(p); err == nil {
			parts = append(parts, string(data))
		}
	}
	rng := rand.New(rand.NewSource(4))
	for _, f := range []Format{Format2019, Format2021} {
		for _, l := range layouts {
			parts = append(parts, genClean(rng, f).render(l, false))
		}
	}
	var sb strings.Builder
	for i := 0; sb.Len() < size; i++ {
		sb.WriteString(parts[i%len(parts)])
		sb.WriteString("\n")
	}
	return sb.String()
}

// BenchmarkCheck1MB: a 1 MB document of many reports in all layouts.
func BenchmarkCheck1MB(b *testing.B) {
	text := bigDocument(1 << 20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Check(text, Options{})
	}
}

// updateEdits are the keystrokes the update benchmarks type into pingtan-2020 after
// the text named: a character in a paragraph (the prose path), and a digit in Table
// 3's wrong （七）总计 (the number-cell path).
var updateEdits = []updateEdit{
	{"prose", "深入贯彻中央", "本"},
	{"cell", "| （七）总计 | 20", "6"},
}

type updateEdit struct{ name, after, insert string }

// typeIn returns text with the keystroke typed in, and the edit that types it.
func (tc updateEdit) typeIn(text string) (string, Edit) {
	at := strings.Index(text, tc.after) + len(tc.after)
	return text[:at] + tc.insert + text[at:], Edit{Span: Span{at, at}, NewText: tc.insert}
}

// BenchmarkUpdate types each keystroke of updateEdits and deletes it again, each
// update followed by building its report. findings-ns/update is the time of the
// updates alone, what a keystroke waits for.
func BenchmarkUpdate(b *testing.B) {
	text := readSample(b, "pingtan-2020.md")
	for _, tc := range updateEdits {
		b.Run(tc.name, func(b *testing.B) {
			typed, e := tc.typeIn(text)
			undo := Edit{Span: Span{e.Start, e.Start + len(e.NewText)}}
			res := Check(text, Options{})
			want := len(res.Diagnostics)
			b.ReportAllocs()
			var findings time.Duration
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				r2 := res.Update(typed, e)
				findings += time.Since(t0)
				r2.Report()
				t0 = time.Now()
				res = r2.Update(text, undo)
				findings += time.Since(t0)
				res.Report()
			}
			b.ReportMetric(float64(findings.Nanoseconds())/float64(2*b.N), "findings-ns/update")
			if len(res.Diagnostics) != want {
				b.Fatalf("%d findings after the edits, want pingtan-2020's %d", len(res.Diagnostics), want)
			}
		})
	}
}

// BenchmarkUpdateFindings measures what a keystroke waits for: Update's findings,
// without the report it builds later (the server builds that after publishing). Each
// iteration updates the same checked result of pingtan-2020.
func BenchmarkUpdateFindings(b *testing.B) {
	text := readSample(b, "pingtan-2020.md")
	for _, tc := range updateEdits {
		b.Run(tc.name, func(b *testing.B) {
			typed, e := tc.typeIn(text)
			res := Check(text, Options{})
			res.Report()
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				res.Update(typed, e)
			}
		})
	}
}
