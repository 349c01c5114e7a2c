package lsp

import (
	"context"
	"strings"
	"testing"
	"time"

	segjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/nianbao/nianbao/analysis"
)

// BenchmarkServerKeystroke is the server's side of BenchmarkKeystrokeCycle and
// BenchmarkKeystrokeNarrative without a client or a connection: a didChange body,
// as the stream reads it, goes through Stream.decode and Server.handle, and the
// benchmark waits until the publishDiagnostics of that version has been written.
// The update sub-benchmarks time analysis.Result.Update alone on the same edits,
// so the server's own share of a keystroke is server minus update. Like the
// cycle benchmarks, each reports the median of its iterations beside the mean,
// which the collector's work spreads over all of them.
//
//	go test -run '^$' -bench ServerKeystroke -benchmem ./lsp/
func BenchmarkServerKeystroke(b *testing.B) {
	text := readSample(b, "pingtan-2020.md")
	i := strings.Index(text, "我区以习近平")
	p := (&snapshot{text: text}).rangeOf(spanOf(i, i)).Start
	narrative := [2]contentChange{
		{Range: at(int(p.Line), int(p.Character)+2), Text: "中"},
		{Range: span(int(p.Line), int(p.Character)+2, int(p.Line), int(p.Character)+3)},
	}
	row := findRange(b, text, pingtanTotal)
	line, char := int(row.Start.Line), int(row.Start.Character)+len([]rune("| （七）总计 | 2"))
	digit := [2]contentChange{
		{Range: at(line, char), Text: "6"},
		{Range: span(line, char, line, char+1)},
	}
	for _, c := range []struct {
		name  string
		edits [2]contentChange
	}{{"narrative", narrative}, {"pingtan-total", digit}} {
		b.Run(c.name+"/server", func(b *testing.B) { benchServerKeystroke(b, text, c.edits) })
		b.Run(c.name+"/update", func(b *testing.B) { benchUpdate(b, text, c.edits) })
	}
}

// published is a writer that tells when the server has written a message.
type published chan struct{}

func (p published) Write(b []byte) (int, error) {
	p <- struct{}{}
	return len(b), nil
}

func benchServerKeystroke(b *testing.B, text string, edits [2]contentChange) {
	out := make(published, 1)
	srv := New(Config{Logger: zap.NewNop()})
	srv.ctx = context.Background()
	srv.raw = NewStream(strings.NewReader(""), out, nil, zap.NewNop())
	srv.state = running
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv.startWorkers(ctx)
	noReply := func(context.Context, any, error) error { return nil }
	send := func(body []byte) {
		msg, err := srv.raw.decode(body)
		if err != nil {
			b.Fatal(err)
		}
		if err := srv.handle(context.Background(), noReply, msg.(jsonrpc2.Request)); err != nil {
			b.Fatal(err)
		}
		<-out
	}
	const uri = "file:///平潭/键入.md"
	open, err := segjson.Marshal(map[string]any{"jsonrpc": "2.0", "method": protocol.MethodTextDocumentDidOpen,
		"params": map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
	if err != nil {
		b.Fatal(err)
	}
	send(open)
	// The bodies are encoded beforehand: encoding them is the client's work.
	bodies := make([][]byte, b.N)
	for i := range bodies {
		var p didChangeParams
		p.TextDocument.URI = uri
		p.TextDocument.Version = int32(i + 2)
		p.ContentChanges = []contentChange{edits[i%2]}
		params, err := segjson.Marshal(&p)
		if err != nil {
			b.Fatal(err)
		}
		bodies[i] = append(append([]byte(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":`), params...), '}')
	}
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range bodies {
		t0 := time.Now()
		send(bodies[i])
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	b.ReportMetric(float64(median(times).Nanoseconds()), "ns/median")
}

// benchUpdate applies the same edits to the analysis alone, each to the result
// of the previous one, as the server does.
func benchUpdate(b *testing.B, text string, edits [2]contentChange) {
	srv := New(Config{})
	sn := srv.newSnapshot("file:///平潭/键入.md", 1, text, &analysis.Options{})
	res := sn.Result()
	var steps [2]struct {
		text string
		edit analysis.Edit
	}
	for k := range steps {
		a := applyChanges(sn, []contentChange{edits[k]})
		steps[k].text, steps[k].edit = a.text, a.edit
		sn = srv.newSnapshot(sn.uri, int32(k+2), a.text, sn.opts)
	}
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := &steps[i%2]
		t0 := time.Now()
		res = res.Update(s.text, s.edit)
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	b.ReportMetric(float64(median(times).Nanoseconds()), "ns/median")
}
