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

// BenchmarkUpdateProse: typing a character into a paragraph of pingtan-2020, the
// keystroke the incremental path serves, then deleting it again.
func BenchmarkUpdateProse(b *testing.B) {
	data, err := os.ReadFile("../testdata/samples/pingtan-2020.md")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	at := strings.Index(text, "深入贯彻中央")
	typed := text[:at] + "本" + text[at:]
	res := Check(text, Options{})
	b.ReportAllocs()
	var findings time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		r2 := res.Update(typed, Edit{Span: Span{at, at}, NewText: "本"})
		findings += time.Since(t0)
		r2.Report()
		t0 = time.Now()
		res = r2.Update(text, Edit{Span: Span{at, at + len("本")}})
		findings += time.Since(t0)
		res.Report()
	}
	b.ReportMetric(float64(findings.Nanoseconds())/float64(2*b.N), "findings-ns/update")
	if len(res.Diagnostics) != 3 {
		b.Fatalf("%d findings after the edits, want pingtan-2020's 3", len(res.Diagnostics))
	}
}

// BenchmarkUpdateCell: typing a digit into Table 3's wrong （七）总计 of pingtan-2020 and
// deleting it again, the keystroke the number-cell path serves.
func BenchmarkUpdateCell(b *testing.B) {
	data, err := os.ReadFile("../testdata/samples/pingtan-2020.md")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	at := strings.Index(text, "| （七）总计 | 20") + len("| （七）总计 | 20")
	typed := text[:at] + "6" + text[at:]
	res := Check(text, Options{})
	b.ReportAllocs()
	var findings time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		r2 := res.Update(typed, Edit{Span: Span{at, at}, NewText: "6"})
		findings += time.Since(t0)
		r2.Report()
		t0 = time.Now()
		res = r2.Update(text, Edit{Span: Span{at, at + 1}})
		findings += time.Since(t0)
		res.Report()
	}
	b.ReportMetric(float64(findings.Nanoseconds())/float64(2*b.N), "findings-ns/update")
	if len(res.Diagnostics) != 3 {
		b.Fatalf("%d findings after the edits, want pingtan-2020's 3", len(res.Diagnostics))
	}
}

// BenchmarkUpdateFindings measures what a keystroke waits for: Update's findings,
// without the report it builds later (the server builds that after publishing). Each
// iteration updates the same checked result of pingtan-2020.
func BenchmarkUpdateFindings(b *testing.B) {
	data, err := os.ReadFile("../testdata/samples/pingtan-2020.md")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	for _, tc := range []struct{ name, before, insert string }{
		{"prose", "深入贯彻中央", "本"},
		{"cell", "| （七）总计 | 20", "6"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			at := strings.Index(text, tc.before) + len(tc.before)
			typed := text[:at] + tc.insert + text[at:]
			res := Check(text, Options{})
			res.Report()
			e := Edit{Span: Span{at, at}, NewText: tc.insert}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				res.Update(typed, e)
			}
		})
	}
}
