package lsp

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	segjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/nianbao/nianbao/analysis"
)

// BenchmarkKeystrokeCycle measures, on one in-memory connection, a keystroke cycle
// (one incremental didChange → the publishDiagnostics of that version) beside a bare
// round trip (an unknown request answered MethodNotFound), alternating the two.
// It reports both medians and their ratio; issue 5's target is a ratio of at most
// 3. The document is testdata/samples/pingtan-2020.md; the open=50 variant keeps
// 49 more reports open (the cost of a keystroke must not grow with them), and the
// tiny variant edits a two-character text, which shows the server's own share of
// a cycle with next to no analysis.
//
//	go test -run '^$' -bench KeystrokeCycle -benchmem ./lsp/
func BenchmarkKeystrokeCycle(b *testing.B) {
	b.Run("pingtan-2020/open=1", func(b *testing.B) { benchKeystroke(b, "", 1) })
	b.Run("pingtan-2020/open=50", func(b *testing.B) { benchKeystroke(b, "", 50) })
	b.Run("tiny/open=1", func(b *testing.B) { benchKeystroke(b, "你好", 1) })
}

func benchKeystroke(b *testing.B, text string, open int) {
	c := newLeanClient(b)
	sample := readSample(b, "pingtan-2020.md")
	for i := 1; i < open; i++ {
		c.open(fmt.Sprintf("file:///其他-%02d.md", i), sample)
	}
	// Typing and deleting one character keeps the text (and the work per cycle)
	// the same from one iteration to the next: in the wrong total of the sample,
	// or after the first character of the tiny text.
	line, char := 0, 1
	if text == "" {
		text = sample
		row := findRange(b, text, pingtanTotal)
		line, char = int(row.Start.Line), int(row.Start.Character)+len([]rune("| （七）总计 | 2"))
	}
	const uri = "file:///键入.md"
	c.open(uri, text)
	version := int32(1)

	b.ReportAllocs()
	k, r := timeCycles(b, c, uri, func(i int) {
		version++
		var p didChangeParams
		p.TextDocument.URI = uri
		p.TextDocument.Version = version
		if i%2 == 0 {
			p.ContentChanges = []contentChange{{Range: at(line, char), Text: "6"}}
		} else {
			p.ContentChanges = []contentChange{{Range: span(line, char, line, char+1), Text: ""}}
		}
		c.notify(protocol.MethodTextDocumentDidChange, &p)
		c.waitVersion(uri, version)
	})
	b.ReportMetric(float64(k.Nanoseconds()), "keystroke-ns")
	b.ReportMetric(float64(r.Nanoseconds()), "roundtrip-ns")
	b.ReportMetric(float64(k)/float64(r), "keystroke/roundtrip")
}

// timeCycles runs b.N measured pairs: a bare round trip (MethodNotFound), then
// keystroke(i), which must return once the server has answered it. It returns both
// medians. Before each pair the server finishes what it builds after publishing
// (Server.prepare), as it does between a writer's keystrokes, which are tens of
// milliseconds apart: left running, that work would overlap the round trip, slowing
// it and so flattering the ratio. An unmeasured round trip then wakes both ends, so
// that the measured round trip and keystroke both start warm. Nothing sleeps.
func timeCycles(b *testing.B, c *leanClient, uri protocol.DocumentURI, keystroke func(i int)) (k, r time.Duration) {
	keystrokes := make([]time.Duration, 0, b.N)
	roundTrips := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.settle(uri)
		c.roundTrip()
		t0 := time.Now()
		c.roundTrip()
		t1 := time.Now()
		keystroke(i)
		t2 := time.Now()
		roundTrips = append(roundTrips, t1.Sub(t0))
		keystrokes = append(keystrokes, t2.Sub(t1))
	}
	b.StopTimer()
	return median(keystrokes), median(roundTrips)
}

// settle returns once the server has finished building the latest analysis of uri
// (Server.prepare). It polls instead of blocking so that no thread falls asleep
// meanwhile: a blocked benchmark goroutine left the process colder for the next
// keystroke than an editor pausing between keystrokes leaves it warm, which cost
// the measured keystroke about 8 µs that the server does not spend.
func (c *leanClient) settle(uri protocol.DocumentURI) {
	sn := c.srv.snapshot(uri)
	if sn == nil {
		return
	}
	deadline := time.Now().Add(waitTimeout)
	// What it builds after publishing: the report, then the workspace index's look
	// at the version (noteVersion).
	for !sn.resultReady.Load() || sn.Result() != nil && (!sn.Result().ReportReady() || !sn.noted.Load()) {
		if time.Now().After(deadline) {
			c.b.Fatalf("the server did not finish version %d of %s", sn.version, uri)
		}
		runtime.Gosched()
	}
}

// leanClient is the cheapest client that can drive the server: a jsonrpc2 conn
// whose handler runs on its read loop and only notes which version of which
// document got diagnostics. protocol.NewClient would add a goroutine hop and a
// 32 KB decoder buffer to every notification, and so blur what the server costs.
type leanClient struct {
	b    testing.TB
	srv  *Server
	conn jsonrpc2.Conn
	pubs chan publication
}

type publication struct {
	URI     string `json:"uri"`
	Version int32  `json:"version"`
}

func newLeanClient(b testing.TB) *leanClient {
	a, p := net.Pipe()
	srv := New(Config{Logger: zap.NewNop()})
	status := make(chan int, 1)
	go func() { status <- srv.Serve(context.Background(), a) }()
	c := &leanClient{b: b, srv: srv, pubs: make(chan publication, 4096)}
	c.conn = jsonrpc2.NewConn(NewStream(p, p, p, zap.NewNop()))
	c.conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodTextDocumentPublishDiagnostics {
			var pub publication
			if err := segjson.Unmarshal(req.Params(), &pub); err == nil {
				c.pubs <- pub
			}
		}
		return reply(ctx, nil, nil)
	})
	b.Cleanup(func() {
		c.conn.Close()
		a.Close()
		<-status
	})
	var res any
	if _, err := c.conn.Call(context.Background(), protocol.MethodInitialize, map[string]any{"capabilities": map[string]any{}}, &res); err != nil {
		b.Fatal(err)
	}
	c.notify(protocol.MethodInitialized, map[string]any{})
	return c
}

func (c *leanClient) notify(method string, params any) {
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.b.Fatal(err)
	}
}

func (c *leanClient) open(uri, text string) {
	c.notify(protocol.MethodTextDocumentDidOpen, map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "markdown", "version": 1, "text": text,
	}})
	c.waitVersion(uri, 1)
}

func (c *leanClient) waitVersion(uri string, version int32) {
	deadline := time.After(waitTimeout)
	for {
		select {
		case p := <-c.pubs:
			if p.URI == uri && p.Version == version {
				return
			}
		case <-deadline:
			c.b.Fatalf("no diagnostics for %s version %d", uri, version)
		}
	}
}

func (c *leanClient) roundTrip() {
	if _, err := c.conn.Call(context.Background(), "nianbao/unknown", nil, nil); rpcCode(err) != jsonrpc2.MethodNotFound {
		c.b.Fatalf("round trip: %v", err)
	}
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// BenchmarkMemoryPerDocument opens the sample reports many times over, waits for
// every analysis, and reports the heap held per byte of open text (issue 5's
// target: at most 10) after the client's copies are dropped. After all documents
// close, the heap must come back down.
//
//	go test -run '^$' -bench MemoryPerDocument ./lsp/
func BenchmarkMemoryPerDocument(b *testing.B) {
	names := []string{"pingtan-2019.md", "pingtan-2020.md", "pingtan-2021.md", "pingtan-2025.md",
		"guanghua-2021.txt", "wuqiao-2020.txt", "labao-2020-traditional.txt"}
	var texts []string
	for _, n := range names {
		texts = append(texts, readSample(b, n))
	}
	const copies = 20
	for i := 0; i < b.N; i++ {
		s := newSession(b, sessionOptions{})
		before := heapInUse()
		var uris []protocol.DocumentURI
		total := 0
		for c := 0; c < copies; c++ {
			for j, text := range texts {
				// A distinct string per document, as the editor would send.
				text = strings.Clone(text)
				uri := s.open(fmt.Sprintf("%d-%s", c, names[j]), text, 1)
				s.client.waitDiagnostics(b, uri, 1)
				// Hover, outline and code actions use the same cached analysis.
				s.srv.snapshot(uri).Result()
				uris = append(uris, uri)
				total += len(text)
			}
		}
		s.client.mu.Lock()
		s.client.published = map[protocol.DocumentURI][]*protocol.PublishDiagnosticsParams{}
		s.client.mu.Unlock()
		held := heapInUse() - before
		for _, u := range uris {
			s.close(u)
		}
		s.client.wait(b, "all closed", func() bool { return len(s.client.published) == len(uris) })
		s.client.mu.Lock()
		s.client.published = map[protocol.DocumentURI][]*protocol.PublishDiagnosticsParams{}
		s.client.mu.Unlock()
		after := heapInUse() - before
		b.ReportMetric(float64(held)/float64(total), "heap-bytes/text-byte")
		b.ReportMetric(float64(held)/float64(len(uris)), "heap-bytes/doc")
		b.ReportMetric(float64(after)/float64(len(uris)), "heap-bytes/doc-after-close")
	}
}

func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// TestMemoryPerDocument holds issue 5's bound: an open document with its position
// index and analysis costs at most ten times its size. The document is a 1 MB
// concatenation of every sample, table-dense enough to be a hard case.
func TestMemoryPerDocument(t *testing.T) {
	names := []string{"pingtan-2019.md", "pingtan-2020.md", "pingtan-2021.md", "pingtan-2025.md",
		"guanghua-2021.txt", "wuqiao-2020.txt", "labao-2020-traditional.txt"}
	var b strings.Builder
	for b.Len() < 1<<20 {
		for _, n := range names {
			b.WriteString(readSample(t, n))
		}
	}
	text := b.String()
	srv := New(Config{})
	before := heapInUse()
	// The text itself counts: the copy the server decoded from didOpen.
	sn := srv.newSnapshot("file:///大.md", 1, strings.Clone(text), &analysis.Options{})
	sn.Mapper()
	if sn.Result() == nil {
		t.Fatal("no analysis")
	}
	held := heapInUse() - before
	ratio := float64(held) / float64(len(sn.text))
	t.Logf("%d bytes of text hold %d bytes: %.1f×", len(sn.text), held, ratio)
	if ratio > 10 {
		t.Errorf("an open document holds %.1f× its size, want at most 10×", ratio)
	}
	runtime.KeepAlive(sn)
	runtime.KeepAlive(text)
}
