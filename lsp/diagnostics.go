package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"sync"

	segjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/nianbao/nianbao/analysis"
)

// source names this tool in every diagnostic.
const source = "nianbao"

// tooLargeCode is the code of the one diagnostic a too large document gets.
const tooLargeCode = "document-too-large"

// schedule makes sure a diagnostics run will see d's latest snapshot. It is called
// with d.mu held, on every open, change and settings change. No timer is involved:
// a run starts at once, and while it runs further changes only replace the
// snapshot, so a burst of keystrokes costs at most one stale run and ends with the
// diagnostics of its last version.
//
// The run goes to a worker that is waiting for one, or to a new goroutine when
// none is: never to a queue, so no run ever waits for another. A worker keeps the
// stack the analysis grew; a new goroutine starts small and grows it again, copy
// by copy, on every keystroke.
func (s *Server) schedule(d *document) {
	if d.running {
		return
	}
	d.running = true
	select {
	case s.idle <- d:
	default:
		go s.diagnose(d)
	}
}

// startWorkers starts one diagnostics worker per processor, until ctx ends.
func (s *Server) startWorkers(ctx context.Context) {
	s.idle = make(chan *document)
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		go s.worker(ctx)
	}
}

// worker runs diagnostics for the documents schedule hands it until ctx ends.
func (s *Server) worker(ctx context.Context) {
	for {
		select {
		case d := <-s.idle:
			s.diagnose(d)
		case <-ctx.Done():
			return
		}
	}
}

// diagnose runs the analysis for d until it has published the diagnostics of the
// snapshot that is still the latest.
func (s *Server) diagnose(d *document) {
	for {
		d.mu.Lock()
		if d.closed || s.ctx.Err() != nil {
			d.running = false
			d.mu.Unlock()
			return
		}
		sn, prev := d.snap, d.published
		d.mu.Unlock()

		diags := s.safeDiagnostics(sn, prev)

		d.mu.Lock()
		if d.snap != sn && !d.closed {
			// Superseded while running: never publish an outdated version.
			d.mu.Unlock()
			continue
		}
		d.running = false
		s.publishLatest(d, sn, diags)
		d.mu.Unlock()
		return
	}
}

// publishLatest publishes diags, the diagnostics of sn, d's latest snapshot, unless d
// is closed, and has the rest of sn's analysis built once they are out. Callers hold
// d.mu.
func (s *Server) publishLatest(d *document, sn *snapshot, diags []encodedDiagnostic) {
	if !d.closed && diags != nil {
		version := sn.version
		s.publish(d.uri, &version, diags)
		if d.edited {
			// Only a document typed into keeps them for its next version: one
			// opened and only read does not pay the memory.
			d.published = diags
		}
	}
	if res := sn.Result(); res != nil && !res.ReportReady() {
		go s.prepare(d, sn)
	} else if res != nil {
		go s.noteVersion(d, sn)
	}
}

// prepare reads sn's report once its diagnostics are out: an update computes its
// findings first and its report on demand (see analysis.Result.Update), and the next
// keystroke, hover or outline starts from that report. Reading it here, while the
// writer pauses, keeps it off their path. A request that needs it sooner reads it
// itself. Then the index of the workspace learns of the version (noteVersion).
func (s *Server) prepare(d *document, sn *snapshot) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("building the report panicked", zap.String("uri", string(sn.uri)),
				zap.Int32("version", sn.version), zap.Any("panic", r), zap.Stack("stack"))
		}
	}()
	if sn.tooLarge() {
		return
	}
	if res := sn.Result(); res != nil {
		res.Report()
		if d != nil {
			s.noteVersion(d, sn)
		}
	}
}

// safeDiagnostics is encodeDiagnostics(lspDiagnostics(sn), prev) that turns a panic
// into nil (nothing published) and a log entry, so a bug in one conversion never
// stops the server.
func (s *Server) safeDiagnostics(sn *snapshot, prev []encodedDiagnostic) (out []encodedDiagnostic) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("building diagnostics panicked", zap.String("uri", string(sn.uri)),
				zap.Int32("version", sn.version), zap.Any("panic", r), zap.Stack("stack"))
			out = nil
		}
	}()
	return encodeDiagnostics(lspDiagnostics(sn), prev)
}

// lspDiagnostics converts the engine's findings on sn into LSP diagnostics; it is
// never nil, so that "no findings" clears the editor's list.
func lspDiagnostics(sn *snapshot) []protocol.Diagnostic {
	if sn.tooLarge() {
		return []protocol.Diagnostic{lspDiagnostic(sn, &analysis.Diagnostic{
			Rule:     tooLargeCode,
			Severity: analysis.SeverityWarning,
			Message: fmt.Sprintf("文档大小为 %s，超过 %s 的上限，nianbao 未检查此文档。",
				sizeString(len(sn.text)), sizeString(sn.limit)),
		})}
	}
	res := sn.Result()
	if res == nil {
		return []protocol.Diagnostic{}
	}
	out := make([]protocol.Diagnostic, len(res.Diagnostics))
	for i := range res.Diagnostics {
		out[i] = lspDiagnostic(sn, &res.Diagnostics[i])
	}
	return out
}

// lspDiagnostic is the one conversion of a finding on sn into what the client is
// sent: publishDiagnostics and the diagnostics a code action fixes both come from
// here, so a field added here reaches both.
func lspDiagnostic(sn *snapshot, d *analysis.Diagnostic) protocol.Diagnostic {
	out := protocol.Diagnostic{
		Range:    sn.rangeOf(d.Span),
		Severity: lspSeverity(d.Severity),
		Source:   source,
		Message:  d.Message,
	}
	if r, ok := ruleCodes()[d.Rule]; ok {
		// Editors link the code to the rule's section of the rules reference.
		out.Code, out.CodeDescription = r.code, r.doc
	} else {
		out.Code = d.Rule // the server's own, such as document-too-large
	}
	for _, r := range d.Related {
		if r.Doc != "" {
			// A place in last year's report, in its own document.
			if last := sn.opts.Last; last != nil && r.Doc == last.Name {
				lm := sn.lastMapper()
				sl, sc := lm.Position(r.Start)
				el, ec := lm.Position(r.End)
				out.RelatedInformation = append(out.RelatedInformation, protocol.DiagnosticRelatedInformation{
					Location: protocol.Location{URI: protocol.DocumentURI(r.Doc), Range: protocol.Range{
						Start: protocol.Position{Line: uint32(sl), Character: uint32(sc)},
						End:   protocol.Position{Line: uint32(el), Character: uint32(ec)}}},
					Message: r.Message,
				})
			}
			continue
		}
		out.RelatedInformation = append(out.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: sn.uri, Range: sn.rangeOf(r.Span)},
			Message:  r.Message,
		})
	}
	return out
}

// ruleCode is a rule's code and codeDescription as LSP values.
type ruleCode struct {
	code any
	doc  *protocol.CodeDescription
}

// ruleCodes holds the ruleCode of each rule id, shared by every diagnostic and never
// written: making them per finding (the id put in an interface, the URL string and
// the struct) cost three allocations each, thousands on a keystroke in a large
// document.
var ruleCodes = sync.OnceValue(func() map[string]ruleCode {
	m := map[string]ruleCode{}
	for _, r := range analysis.Rules() {
		m[r.ID] = ruleCode{r.ID, &protocol.CodeDescription{Href: protocol.URI(r.URL())}}
	}
	return m
})

func lspSeverity(s analysis.Severity) protocol.DiagnosticSeverity {
	switch s {
	case analysis.SeverityError:
		return protocol.DiagnosticSeverityError
	case analysis.SeverityWarning:
		return protocol.DiagnosticSeverityWarning
	case analysis.SeverityInfo:
		return protocol.DiagnosticSeverityInformation
	case analysis.SeverityHint:
		return protocol.DiagnosticSeverityHint
	}
	return protocol.DiagnosticSeverityError
}

// encodedDiagnostic is a diagnostic as published, with its JSON.
type encodedDiagnostic struct {
	lsp  *protocol.Diagnostic // in the slice lspDiagnostics made
	json json.RawMessage
}

// encodeDiagnostics encodes diags, a version's diagnostics, for publishing. prev is
// what the document published last, or nil: where it holds a diagnostic equal to
// one of diags, that one's JSON is taken instead of encoding it again. A keystroke
// leaves most diagnostics as they were, and encoding them all again (segjson walks
// each by reflection) made a keystroke in a 1 MB document of 3391 findings take
// 6.6 ms instead of 5.0 (BenchmarkKeystrokeLarge), and one in pingtan-2020's
// narrative 14.9 µs instead of 13.8 (BenchmarkKeystrokeNarrative). Equal means
// equal as LSP diagnostics (sameDiagnostic), the output of lspDiagnostic: equal
// values encode to the same JSON, whatever lspDiagnostic puts in them.
func encodeDiagnostics(diags []protocol.Diagnostic, prev []encodedDiagnostic) []encodedDiagnostic {
	out := make([]encodedDiagnostic, len(diags))
	j := 0
	for i := range diags {
		d := &diags[i]
		out[i].lsp = d
		// Both lists come in the engine's order, by position: walk prev alongside
		// and look among those that start where d does. (Were they ever not in
		// order, this would only find less.)
		for j < len(prev) && positionBefore(prev[j].lsp.Range.Start, d.Range.Start) {
			j++
		}
		for k := j; k < len(prev) && prev[k].lsp.Range.Start == d.Range.Start; k++ {
			if sameDiagnostic(prev[k].lsp, d) {
				out[i].json = prev[k].json
				break
			}
		}
		if out[i].json == nil {
			out[i].json = encodeJSON(d)
		}
	}
	return out
}

// encodeJSON encodes d as notify encodes its params.
func encodeJSON(d *protocol.Diagnostic) json.RawMessage {
	b, err := segjson.Append(make([]byte, 0, 512), d, segjson.EscapeHTML|segjson.SortMapKeys)
	if err != nil {
		// A protocol.Diagnostic of strings and numbers always encodes.
		panic(err)
	}
	return b
}

func positionBefore(a, b protocol.Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// sameDiagnostic reports whether a and b are equal in every field of
// protocol.Diagnostic (TestSameDiagnosticCoversEveryField holds it to all of them).
func sameDiagnostic(a, b *protocol.Diagnostic) bool {
	if a.Range != b.Range || a.Severity != b.Severity || a.Source != b.Source || a.Message != b.Message ||
		a.Data != nil || b.Data != nil || len(a.Tags) != len(b.Tags) ||
		len(a.RelatedInformation) != len(b.RelatedInformation) {
		return false
	}
	// Code is an int32 or a string: compared as such, never as an interface of
	// some other dynamic type (which == could panic on).
	switch ac := a.Code.(type) {
	case string:
		if bc, ok := b.Code.(string); !ok || ac != bc {
			return false
		}
	case int32:
		if bc, ok := b.Code.(int32); !ok || ac != bc {
			return false
		}
	case nil:
		if b.Code != nil {
			return false
		}
	default:
		return false
	}
	if (a.CodeDescription == nil) != (b.CodeDescription == nil) ||
		a.CodeDescription != nil && *a.CodeDescription != *b.CodeDescription {
		return false
	}
	for i := range a.Tags {
		if a.Tags[i] != b.Tags[i] {
			return false
		}
	}
	for i := range a.RelatedInformation {
		if a.RelatedInformation[i] != b.RelatedInformation[i] {
			return false
		}
	}
	return true
}

// publishParams is protocol.PublishDiagnosticsParams as this server sends it:
// protocol's Version is a uint32 with omitempty (version 0 disappears), and here
// the diagnostics are already encoded.
type publishParams struct {
	URI         protocol.DocumentURI `json:"uri"`
	Version     *int32               `json:"version,omitempty"`
	Diagnostics []json.RawMessage    `json:"diagnostics"`
}

// appendJSON appends p as segjson.Append(b, p, SortMapKeys|TrustRawMessage) would,
// as publish sends it: the diagnostics as they are, the URI without HTML escaping.
// It is notifyEncoded's for a publishDiagnostics: segjson's reflection over the
// wrapper and its copy of the diagnostics were a third of building the message.
func (p *publishParams) appendJSON(b []byte) []byte {
	b = append(b, `{"uri":`...)
	b, _ = segjson.Append(b, string(p.URI), 0) // a string always encodes
	if p.Version != nil {
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, int64(*p.Version), 10)
	}
	if p.Diagnostics == nil {
		return append(b, `,"diagnostics":null}`...)
	}
	b = append(b, `,"diagnostics":[`...)
	for i, d := range p.Diagnostics {
		if i > 0 {
			b = append(b, ',')
		}
		if d == nil {
			d = []byte("null")
		}
		b = append(b, d...)
	}
	return append(b, `]}`...)
}

// publish sends one document's diagnostics. version is nil for a closed document.
// Callers hold the document's mu.
func (s *Server) publish(uri protocol.DocumentURI, version *int32, diags []encodedDiagnostic) {
	p := publishParams{URI: uri, Version: version, Diagnostics: make([]json.RawMessage, len(diags))}
	size := 2 * len(uri)
	for i := range diags {
		p.Diagnostics[i] = diags[i].json
		size += len(diags[i].json) + 1
	}
	// The diagnostics are copied as they are (TrustRawMessage, and no EscapeHTML,
	// which would scan them again): encodeJSON wrote them.
	s.notifyEncoded(protocol.MethodTextDocumentPublishDiagnostics, &p, segjson.SortMapKeys|segjson.TrustRawMessage, size)
}

// sizeString gives a size for a message: "16 MB", "17.5 MB" or "900 字节".
func sizeString(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d 字节", n)
	}
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
