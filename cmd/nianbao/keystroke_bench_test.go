package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkKeystrokeStdio measures what an editor waits for on each keystroke, over
// the real thing: `nianbao lsp` as a process of its own, talked to through pipes on
// its stdin and stdout. A keystroke cycle is one incremental didChange until the
// publishDiagnostics of that version arrives; a round trip is a request the server
// answers at once (an unknown method, answered MethodNotFound). The two alternate,
// and the benchmark reports the median of each and their ratio: the target
// is a keystroke within twice a round trip.
//
// Three ways of pacing them:
//   - idle: each measured message is sent after a pause of 5 ms, as a writer's
//     keystrokes come tens of milliseconds apart; the server has finished what it
//     does after publishing, and the round trip pays for waking the process as the
//     keystroke does.
//   - settled: the same pause, then an unmeasured round trip to wake both ends, then
//     the measured round trip and keystroke back to back: the measure of the
//     in-memory benchmarks of package lsp (BenchmarkKeystrokeCycle), over pipes.
//   - burst: no pause at all, a keystroke right after the last one's diagnostics
//     and a round trip, faster than anyone types: what the server does after
//     publishing (reading the new version's report, tens of microseconds) is not
//     done, and the keystroke is checked afresh.
//
// The document is testdata/samples/pingtan-2020.md; "digit" types and deletes a
// digit in its wrong （七）总计 (Table 3's arithmetic is checked again), "prose" a
// character in the first paragraph of section 一.
//
//	go test -run '^$' -bench KeystrokeStdio -benchtime 400x ./cmd/nianbao/
func BenchmarkKeystrokeStdio(b *testing.B) {
	text, err := os.ReadFile("../../testdata/samples/pingtan-2020.md")
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(string(text), "\n")
	find := func(prefix string, after string) (int, int) {
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return i, len(utf16Units(l[:strings.Index(l, after)+len(after)]))
			}
		}
		b.Fatalf("no line starts with %q", prefix)
		return 0, 0
	}
	digitLine, digitChar := find("| （七）总计 |", "| （七）总计 | 2")
	proseLine, proseChar := find("2020年，我区以习近平", "2020年，我区")
	for _, ed := range []struct {
		name       string
		line, char int
		typed      string
	}{{"digit", digitLine, digitChar, "6"}, {"prose", proseLine, proseChar, "中"}} {
		for _, pace := range []string{"idle", "settled", "burst"} {
			b.Run(ed.name+"/"+pace, func(b *testing.B) {
				c := startServer(b, string(text))
				var ks, rs []time.Duration
				for i := 0; i < b.N; i++ {
					var k, r time.Duration
					switch pace {
					case "idle":
						time.Sleep(5 * time.Millisecond)
						r = c.roundTrip()
						time.Sleep(5 * time.Millisecond)
						k = c.keystroke(ed.line, ed.char, ed.typed)
					case "settled":
						time.Sleep(5 * time.Millisecond)
						c.roundTrip()
						r = c.roundTrip()
						k = c.keystroke(ed.line, ed.char, ed.typed)
					default:
						c.roundTrip()
						r = c.roundTrip()
						k = c.keystroke(ed.line, ed.char, ed.typed)
					}
					ks, rs = append(ks, k), append(rs, r)
				}
				k, r := median(ks), median(rs)
				b.ReportMetric(float64(k.Microseconds()), "keystroke-µs")
				b.ReportMetric(float64(r.Microseconds()), "roundtrip-µs")
				b.ReportMetric(float64(k)/float64(r), "ratio")
			})
		}
	}
}

func utf16Units(s string) []uint16 {
	var out []uint16
	for _, r := range s {
		if r >= 0x10000 {
			out = append(out, 0, 0)
		} else {
			out = append(out, 0)
		}
	}
	return out
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// stdioClient speaks to a server process with framing written by hand, so that the
// client's own share of each measurement is as small as it can be.
type stdioClient struct {
	b       testing.TB
	in      io.Writer
	out     *bufio.Reader
	uri     string
	version int
	typed   bool
	id      int
}

func startServer(b testing.TB, text string) *stdioClient {
	exe, err := os.Executable()
	if err != nil {
		b.Skipf("cannot find the test binary to run it as nianbao: %v", err)
	}
	cmd := exec.Command(exe, "lsp")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		in.Close()
		cmd.Wait()
	})
	c := &stdioClient{b: b, in: in, out: bufio.NewReaderSize(out, 1<<16), uri: "file:///平潭/键入.md", version: 1}
	c.send(map[string]any{"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}})
	c.read()
	c.send(map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}})
	c.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": c.uri, "languageId": "markdown", "version": 1, "text": text}}})
	c.waitVersion(1)
	return c
}

func (c *stdioClient) send(v any) {
	body, err := json.Marshal(v)
	if err != nil {
		c.b.Fatal(err)
	}
	c.write(frame(body))
}

func frame(body []byte) []byte {
	return append([]byte("Content-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"), body...)
}

func (c *stdioClient) write(b []byte) {
	if _, err := c.in.Write(b); err != nil {
		c.b.Fatal(err)
	}
}

// read returns the body of the next message.
func (c *stdioClient) read() []byte {
	n := -1
	for {
		line, err := c.out.ReadString('\n')
		if err != nil {
			c.b.Fatalf("server output ended: %v", err)
		}
		line = strings.TrimSpace(line)
		if line == "" && n >= 0 {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			n, _ = strconv.Atoi(v)
		}
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c.out, body); err != nil {
		c.b.Fatal(err)
	}
	return body
}

// roundTrip times a request the server answers at once.
func (c *stdioClient) roundTrip() time.Duration {
	c.id++
	msg := frame([]byte(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"nianbao/unknown"}`, c.id)))
	want := []byte(fmt.Sprintf(`"id":%d`, c.id))
	t0 := time.Now()
	c.write(msg)
	for {
		if body := c.read(); bytes.Contains(body, want) && !bytes.Contains(body, []byte(`"method"`)) {
			return time.Since(t0)
		}
	}
}

// keystroke times one character typed or deleted, alternately, until its
// diagnostics arrive.
func (c *stdioClient) keystroke(line, char int, typed string) time.Duration {
	c.version++
	rng := map[string]any{"start": map[string]any{"line": line, "character": char}, "end": map[string]any{"line": line, "character": char}}
	change := map[string]any{"range": rng, "text": typed}
	if c.typed {
		rng["end"] = map[string]any{"line": line, "character": char + len(utf16Units(typed))}
		change["text"] = ""
	}
	c.typed = !c.typed
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": map[string]any{
		"textDocument": map[string]any{"uri": c.uri, "version": c.version}, "contentChanges": []any{change}}})
	if err != nil {
		c.b.Fatal(err)
	}
	msg := frame(body)
	t0 := time.Now()
	c.write(msg)
	c.waitVersion(c.version)
	return time.Since(t0)
}

func (c *stdioClient) waitVersion(v int) {
	want := []byte(`"version":` + strconv.Itoa(v) + `,`)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		body := c.read()
		if bytes.Contains(body[:min(len(body), 120)], []byte("publishDiagnostics")) && bytes.Contains(body, want) {
			return
		}
	}
	c.b.Fatalf("no diagnostics for version %d", v)
}
