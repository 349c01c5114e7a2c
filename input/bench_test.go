package input

import (
	"archive/zip"
	"bytes"
	"testing"
	"time"

	"github.com/nianbao/nianbao/analysis"
)

// BenchmarkRead reads the published pages and Word documents into the Markdown the
// engine checks ("render"), and also checks it ("check"), on one core and on all
// (-cpu 2: "parallel", one file per core). MB/s are of the file's bytes; for a Word
// document, whose XML is compressed about tenfold, xml-MB/s are of its document
// part once decompressed, the text the reader goes through. Target: 20 MB/s on 2
// cores (issue 13).
func BenchmarkRead(b *testing.B) {
	for _, name := range []string{"pingtan-2022.html", "pingtan-shenpi-2024.html", "pingtan-shenpi-2024-gbk.html", "pingtan-2022.docx", "pingtan-shenpi-2024.docx"} {
		data := readPublished(b, name)
		kind := KindOf(name)
		xmlSize := int64(0)
		if kind == DOCX {
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				b.Fatal(err)
			}
			xmlSize = int64(mainPart(zr).UncompressedSize64)
		}
		// read may run on several goroutines: it reports with Error, not Fatal.
		read := func(b *testing.B, check bool) {
			src, err := Read(b.Context(), kind, data, 16<<20)
			switch {
			case err != nil || src.Text == "":
				b.Error(name, err)
			case check && !analysis.Check(src.Text, analysis.Options{}).Report().IsReport:
				b.Error(name, "not read as a report")
			}
		}
		for _, check := range []bool{false, true} {
			what := "render/"
			if check {
				what = "check/"
			}
			b.Run(what+name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				start := time.Now()
				for b.Loop() {
					read(b, check)
				}
				if xmlSize > 0 {
					b.ReportMetric(float64(xmlSize)*float64(b.N)/time.Since(start).Seconds()/1e6, "xml-MB/s")
				}
			})
			b.Run(what+"parallel/"+name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				start := time.Now()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						read(b, check)
					}
				})
				if xmlSize > 0 {
					b.ReportMetric(float64(xmlSize)*float64(b.N)/time.Since(start).Seconds()/1e6, "xml-MB/s")
				}
			})
		}
	}
}
