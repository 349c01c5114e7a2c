package lsp

import (
	"context"
	"fmt"
	"runtime"
	"time"

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
		sn := d.snap
		d.mu.Unlock()

		diags := s.safeDiagnostics(sn)

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
func (s *Server) publishLatest(d *document, sn *snapshot, diags *wireDiagnostics) {
	if !d.closed && diags != nil {
		s.publishWire(d.uri, sn.version, diags)
	}
	time.AfterFunc(prepareDelay, func() { s.prepare(sn) })
}

// prepareDelay is how long after publishing a version's diagnostics the server waits
// before building the rest of its analysis: long enough for the editor to take in
// the diagnostics without the build competing for the processor (on two cores it
// slowed the editor's side of a keystroke by 6 µs), and far shorter than any pause
// between keystrokes. A request that needs the report sooner builds it itself.
const prepareDelay = 100 * time.Microsecond

// prepare builds the rest of sn's analysis once its diagnostics are out: an update
// computes its findings first and its report on demand (see analysis.Result.Update),
// and the next keystroke, hover or outline starts from that report. Building it here,
// while the writer pauses, keeps it off their path.
func (s *Server) prepare(sn *snapshot) {
	defer func() {
		sn.prepared.Store(true)
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
	}
}

// safeDiagnostics is sn.wireDiagnostics that turns a panic into nil (nothing
// published) and a log entry, so a bug in one conversion never stops the server.
func (s *Server) safeDiagnostics(sn *snapshot) (out *wireDiagnostics) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("building diagnostics panicked", zap.String("uri", string(sn.uri)),
				zap.Int32("version", sn.version), zap.Any("panic", r), zap.Stack("stack"))
			out = nil
		}
	}()
	return sn.wireDiagnostics()
}

// lspDiagnostics converts the engine's findings on sn into LSP diagnostics; it is
// never nil, so that "no findings" clears the editor's list.
func lspDiagnostics(sn *snapshot) []protocol.Diagnostic {
	if sn.tooLarge() {
		return []protocol.Diagnostic{{
			Severity: protocol.DiagnosticSeverityWarning,
			Code:     tooLargeCode,
			Source:   source,
			Message: fmt.Sprintf("文档大小为 %s，超过 %s 的上限，nianbao 未检查此文档。",
				sizeString(len(sn.text)), sizeString(sn.limit)),
		}}
	}
	res := sn.Result()
	if res == nil {
		return []protocol.Diagnostic{}
	}
	out := make([]protocol.Diagnostic, 0, len(res.Diagnostics))
	for i := range res.Diagnostics {
		out = append(out, lspDiagnostic(sn, &res.Diagnostics[i]))
	}
	return out
}

// lspDiagnostic converts one finding. What it reads of the finding, reuser.same
// must compare: a finding equal in those is published with the JSON of the
// previous version's.
func lspDiagnostic(sn *snapshot, d *analysis.Diagnostic) protocol.Diagnostic {
	out := protocol.Diagnostic{
		Range:    sn.rangeOf(d.Span),
		Severity: lspSeverity(d.Severity),
		Code:     d.Rule,
		Source:   source,
		Message:  d.Message,
	}
	for _, r := range d.Related {
		out.RelatedInformation = append(out.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: sn.uri, Range: sn.rangeOf(r.Span)},
			Message:  r.Message,
		})
	}
	return out
}

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

// publish sends one document's diagnostics. version is nil for a closed document.
// Callers hold the document's mu.
func (s *Server) publish(uri protocol.DocumentURI, version *int32, diags []protocol.Diagnostic) {
	if diags == nil {
		diags = []protocol.Diagnostic{}
	}
	s.notify(protocol.MethodTextDocumentPublishDiagnostics, &publishDiagnosticsParams{
		URI: uri, Version: version, Diagnostics: diags,
	})
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
