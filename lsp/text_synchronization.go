package lsp

import (
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/internal/position"
)

// maxDocumentSize is the largest text that is analysed. A larger document is still
// kept in sync (the editor's copy and the server's must stay equal) but gets one
// diagnostic saying it was not checked. Server.maxDocumentSize holds the limit in
// force, so tests can lower it.
const maxDocumentSize = 16 << 20

// document is one open document.
type document struct {
	uri protocol.DocumentURI

	// mu guards the fields below. It is also held while this document's
	// diagnostics are written to the client, so that a version can never be
	// published after a newer one has been stored.
	mu sync.Mutex
	// snap is the latest version of the text.
	snap *snapshot
	// closed is set by didClose; a run still going for a closed document
	// publishes nothing.
	closed bool
	// running is set while a diagnostics run is scheduled or going; the run picks
	// up the newest snapshot when it finishes, so changes never queue up.
	running bool
	// edited is set by the first didChange.
	edited bool
	// published is what was last published for an edited document: the next
	// version takes the JSON of the diagnostics it shares with it (see
	// encodeDiagnostics).
	published []encodedDiagnostic
	// last is last year's report of the document's office, which its snapshots'
	// options hold (see workspace.go); nil when there is none.
	last *analysis.Summary
}

// snapshot is one version of a document's text with the options it is checked
// with. It is immutable; its position mapper and analysis result are computed
// at most once, when first needed, by whoever needs them first.
type snapshot struct {
	uri     protocol.DocumentURI
	version int32
	text    string
	opts    *analysis.Options

	mapperOnce sync.Once
	mapper     *position.Mapper

	resultOnce sync.Once
	result     *analysis.Result
	// resultReady is set once result is computed, so a following version may
	// build on it.
	resultReady atomic.Bool

	// base and edit are set when this version is base's text with the one edit
	// applied and base's result was already computed: the engine can then update
	// that result instead of checking afresh (see analysis.Result.Update). Dropped
	// once this version's result is computed, so versions never chain.
	base *snapshot
	edit analysis.Edit
	// prevMapper is the mapper of the version this one was edited from by edit;
	// the new mapper is derived from it (see position.Mapper.Edited), then dropped.
	prevMapper *position.Mapper

	// noted is set once the workspace index has looked at this version (see
	// noteVersion), after its diagnostics are out.
	noted atomic.Bool

	lastOnce sync.Once
	lastPos  *position.Mapper // of opts.Last's text: see lastMapper

	limit int // maxDocumentSize in force
	log   *zap.Logger
}

func (s *Server) newSnapshot(uri protocol.DocumentURI, version int32, text string, opts *analysis.Options) *snapshot {
	return &snapshot{uri: uri, version: version, text: text, opts: opts, limit: s.maxDocumentSize, log: s.log}
}

// Mapper converts between byte offsets and LSP positions in this version.
func (sn *snapshot) Mapper() *position.Mapper {
	sn.mapperOnce.Do(func() {
		if pm := sn.prevMapper; pm != nil {
			sn.mapper = pm.Edited(sn.text, sn.edit.Start, sn.edit.End, sn.edit.NewText)
		} else {
			sn.mapper = position.New(sn.text)
		}
		sn.prevMapper = nil
	})
	return sn.mapper
}

// lastMapper converts offsets in last year's report, opts.Last, into positions.
func (sn *snapshot) lastMapper() *position.Mapper {
	sn.lastOnce.Do(func() { sn.lastPos = position.New(sn.opts.Last.Text) })
	return sn.lastPos
}

// tooLarge reports whether the text is beyond what is analysed.
func (sn *snapshot) tooLarge() bool { return len(sn.text) > sn.limit }

// Result is the analysis of this version, or nil when the text is too large or the
// engine failed on it.
func (sn *snapshot) Result() *analysis.Result {
	sn.resultOnce.Do(func() {
		if sn.tooLarge() {
			return
		}
		defer func() {
			if r := recover(); r != nil {
				sn.log.Error("analysis panicked", zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version),
					zap.Any("panic", r), zap.Stack("stack"))
				sn.result = nil
			}
		}()
		if b := sn.base; b != nil && b.opts == sn.opts && b.resultReady.Load() && b.result != nil {
			sn.result = b.result.Update(sn.text, sn.edit)
		} else {
			sn.result = analysis.Check(sn.text, *sn.opts)
		}
		sn.base = nil
		sn.resultReady.Store(true)
	})
	return sn.result
}

// maxInlineFindings bounds the findings of a version whose successor didChange
// publishes itself (see cheapResult): moving, converting and sending many more
// takes milliseconds, which the read loop must not spend.
const maxInlineFindings = 256

// cheapResult computes sn's result at once when the engine can update its base's
// cheaply (analysis.Result.UpdateCheap), and reports whether it did; otherwise
// Result, on a worker, does the rest. Cheaply means more than the engine's path: the
// base's report must be read already (an update's is read after publishing, see
// prepare: else reading it comes first), and its findings few. A document that
// fails either, or keystrokes faster than prepare follows them, go to a worker,
// which also skips the versions superseded meanwhile.
func (sn *snapshot) cheapResult() (done bool) {
	b := sn.base
	if b == nil || b.opts != sn.opts || !b.resultReady.Load() || b.result == nil || sn.resultReady.Load() ||
		!b.result.ReportReady() || len(b.result.Diagnostics) > maxInlineFindings {
		return false
	}
	defer func() {
		if r := recover(); r != nil {
			// Result will try again, and log what it finds.
			done = false
		}
	}()
	res := b.result.UpdateCheap(sn.text, sn.edit)
	if res == nil {
		return false
	}
	sn.resultOnce.Do(func() {
		sn.result = res
		sn.base = nil
		sn.resultReady.Store(true)
	})
	return sn.result == res
}

// offset converts a client position to a byte offset, clamping it into the text.
func (sn *snapshot) offset(p lspPosition) (int, bool) {
	return sn.Mapper().Offset(p.Line, p.Character)
}

// span converts an engine span to an LSP range.
func (sn *snapshot) rangeOf(sp analysis.Span) protocol.Range {
	m := sn.Mapper()
	sl, sc := m.Position(sp.Start)
	el, ec := m.Position(sp.End)
	return protocol.Range{
		Start: protocol.Position{Line: uint32(sl), Character: uint32(sc)},
		End:   protocol.Position{Line: uint32(el), Character: uint32(ec)},
	}
}

func (s *Server) didOpen(params json.RawMessage) error {
	var p didOpenParams
	if err := decodeParams(params, &p); err != nil {
		return err
	}
	td := p.TextDocument
	s.mu.Lock()
	// Under s.mu, so that settings applied meanwhile (applySettings) see this
	// document with them; the configuration file's diagnostics go out after.
	opts, pub := s.docOptions(td.URI, s.settings)
	defer s.publishConfig(pub)
	if old := s.docs[td.URI]; old != nil {
		// A second didOpen without didClose: the client's text wins.
		s.log.Warn("didOpen of an open document", zap.String("uri", string(td.URI)))
		s.mu.Unlock()
		old.mu.Lock()
		opts = withLast(opts, old.last)
		old.mu.Unlock()
		s.replaceSnapshot(old, s.newSnapshot(td.URI, td.Version, td.Text, opts))
		return nil
	}
	d := &document{uri: td.URI, snap: s.newSnapshot(td.URI, td.Version, td.Text, opts)}
	s.docs[td.URI] = d
	s.mu.Unlock()
	s.log.Debug("didOpen", zap.String("uri", string(td.URI)), zap.Int32("version", td.Version), zap.Int("bytes", len(td.Text)))
	d.mu.Lock()
	s.schedule(d)
	d.mu.Unlock()
	return nil
}

func (s *Server) didChange(params json.RawMessage) error {
	var p didChangeParams
	if !decodeDidChange(params, &p) {
		p = didChangeParams{}
		if err := decodeParams(params, &p); err != nil {
			return err
		}
	}
	uri := p.TextDocument.URI
	d := s.document(uri)
	if d == nil {
		return fmt.Errorf("didChange for %s, which is not open", uri)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return fmt.Errorf("didChange for %s, which was closed", uri)
	}
	old := d.snap
	if p.TextDocument.Version <= old.version {
		s.log.Warn("didChange version does not increase", zap.String("uri", string(uri)),
			zap.Int32("have", old.version), zap.Int32("got", p.TextDocument.Version))
	}
	a := applyChanges(old, p.ContentChanges)
	for _, c := range a.clamped {
		s.log.Warn("clamped an out-of-range edit", zap.String("uri", string(uri)),
			zap.Int32("version", p.TextDocument.Version), zap.String("range", c))
	}
	d.snap = s.editedSnapshot(old, p.TextDocument.Version, a)
	d.edited = true
	if !d.running && d.snap.cheapResult() {
		// A keystroke the engine answers in microseconds: publishing here saves
		// waking a worker. Anything dearer goes to one, so that reading the
		// client's messages never waits for a check.
		s.publishLatest(d, d.snap, s.safeDiagnostics(d.snap, d.published))
		return nil
	}
	if ce := s.log.Check(zap.DebugLevel, "didChange checked on a worker"); ce != nil {
		b := d.snap.base
		ce.Write(zap.Int32("version", d.snap.version), zap.Bool("running", d.running), zap.Bool("single", b != nil),
			zap.Bool("baseReportReady", b != nil && b.resultReady.Load() && b.result != nil && b.result.ReportReady()))
	}
	s.schedule(d)
	return nil
}

// editedSnapshot is the snapshot of version of a document whose text was old's and
// is now a's; when a is a single edit, the new snapshot builds on what was computed
// for old.
func (s *Server) editedSnapshot(old *snapshot, version int32, a applied) *snapshot {
	sn := s.newSnapshot(old.uri, version, a.text, old.opts)
	if !a.single {
		return sn
	}
	edit := a.edit
	// applyChanges built old's mapper; the new one derives from it, now: the
	// next edit and the conversion of the findings need it anyway, and until it
	// is built it holds on to old's text.
	sn.prevMapper, sn.edit = old.Mapper(), edit
	sn.Mapper()
	if old.resultReady.Load() && !old.tooLarge() && !sn.tooLarge() {
		sn.base = old
	}
	return sn
}

// applied is what applyChanges made of a didChange's content changes.
type applied struct {
	text string
	// clamped lists, for logging, the ranges that lay outside the text.
	clamped []string
	// single is set when there was exactly one ranged change; edit is then that
	// change as a byte-offset edit of the previous text.
	single bool
	edit   analysis.Edit
}

// applyChanges applies LSP content changes in order to the text of sn. Ranges are
// in UTF-16 code units of the text as it is when the change applies; positions
// outside the text are clamped to it (and reported in clamped) so that the result
// is always a text the client could also have produced. The changes are applied
// to a pieceText and the text is built once (see text_edits.go).
func applyChanges(sn *snapshot, changes []contentChange) applied {
	a := applied{text: sn.text, single: len(changes) == 1 && changes[0].Range != nil}
	if len(changes) == 0 {
		return a
	}
	t := newPieceText(sn.text, sn.Mapper(), len(changes))
	for _, ch := range changes {
		if ch.Range == nil {
			t.reset(ch.Text, nil)
			continue
		}
		r := *ch.Range
		start, c1 := t.locate(r.Start.Line, r.Start.Character)
		fs := t.f
		end, c2 := t.locate(r.End.Line, r.End.Character)
		if end.off < start.off {
			start, end, fs = end, start, t.f
			c1 = true
		}
		if c1 || c2 {
			a.clamped = append(a.clamped, fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character))
		}
		a.edit = analysis.Edit{Span: analysis.Span{Start: start.off, End: end.off}, NewText: ch.Text}
		t.replace(start, end, ch.Text, fs)
	}
	a.text = t.String()
	return a
}

func (s *Server) didClose(params json.RawMessage) error {
	var p didCloseParams
	if err := decodeParams(params, &p); err != nil {
		return err
	}
	uri := p.TextDocument.URI
	s.mu.Lock()
	d := s.docs[uri]
	delete(s.docs, uri)
	s.mu.Unlock()
	if d == nil {
		return fmt.Errorf("didClose for %s, which is not open", uri)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	// Clear the editor's list; a run still going will see closed and stay quiet.
	s.publish(uri, nil, nil)
	d.published = nil
	s.forgetOpen(uri)
	return nil
}

// document returns the open document at uri, or nil.
func (s *Server) document(uri protocol.DocumentURI) *document {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[uri]
}

// snapshot returns the latest snapshot of the open document at uri, or nil.
func (s *Server) snapshot(uri protocol.DocumentURI) *snapshot {
	d := s.document(uri)
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	return d.snap
}

// replaceSnapshot stores sn as the latest version of d and schedules a run.
func (s *Server) replaceSnapshot(d *document, sn *snapshot) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	d.snap = sn
	s.schedule(d)
}
