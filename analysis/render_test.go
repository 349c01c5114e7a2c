package analysis

import (
	"math/rand"
	"path/filepath"
	"reflect"
	"testing"
)

// A document written as Markdown reads back to the same paragraphs and tables, and
// gives the same findings apart from positions.
func TestMarkdownReadsBack(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	docs := map[string]string{}
	for _, p := range samplePaths() {
		docs[filepath.Base(p)] = readSample(t, filepath.Base(p))
	}
	for _, f := range []Format{Format2019, Format2021} {
		for _, l := range layouts {
			docs[f.String()+"/"+l.String()] = genClean(rng, f).render(l, false)
		}
	}
	for name, text := range docs {
		doc := Read(text)
		md := doc.Markdown()
		back := Read(md)
		if !reflect.DeepEqual(normalBlocks(back.TextBlocks()), normalBlocks(doc.TextBlocks())) {
			t.Errorf("%s: the Markdown does not read back to the same blocks", name)
			continue
		}
		if md2 := back.Markdown(); md2 != md {
			t.Errorf("%s: writing the Markdown read back changes it", name)
		}
		want, got := findingsWithoutPositions(Check(text, Options{})), findingsWithoutPositions(Check(md, Options{}))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: findings differ in the Markdown form:\n got %v\nwant %v", name, got, want)
		}
	}
}

// normalBlocks is blocks as RenderMarkdown writes them: cells on one line.
func normalBlocks(blocks []TextBlock) []TextBlock {
	out := make([]TextBlock, len(blocks))
	for i, b := range blocks {
		if b.Table == nil {
			out[i].Paragraph = oneParagraph(b.Paragraph)
			continue
		}
		for _, r := range b.Table {
			row := make([]string, len(r))
			for j := range r {
				row[j] = cellText(r[j])
			}
			out[i].Table = append(out[i].Table, row)
		}
	}
	return out
}

// findingsWithoutPositions lists each finding's rule, message and place in words.
func findingsWithoutPositions(res *Result) []string {
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, d.Rule+" "+d.Where+" "+d.Message)
	}
	return out
}
