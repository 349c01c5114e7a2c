package lsp

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/input"
)

// The workspace index, for the rules comparing years (carryover-mismatch,
// copied-section, table2-carry): the reports of the workspace folders, read from
// disk in the background and kept current by workspace/didChangeWatchedFiles, and
// the open documents, whose text in the editor wins over the file's. Each open
// document is checked with the report of its office's year before (its
// predecessor) in analysis.Options.Last; when that report changes, on disk or in
// the editor, the document is checked again and its diagnostics published.
//
// A keystroke does none of this: the pairing of a version is looked at once its
// diagnostics are out (see prepare), and a document whose office and year did not
// change and that has no successor open costs two map lookups there.

// Bounds of the index: the files of the workspace folders it reads, at most
// maxIndexFiles of at most maxIndexFileSize bytes each, and at most maxIndexBytes of
// report text held in all; the walk looks at most at maxIndexEntries files and
// folders (a home folder opened as the workspace). Past them the rest is left out,
// with a log line.
const (
	maxIndexFiles    = 2000
	maxIndexFileSize = 4 << 20
	maxIndexBytes    = 64 << 20
	maxIndexEntries  = 100000
)

// indexedExts are the kinds of files indexed; PDFs are not, since reading one
// starts pdftotext and the server starts no program.
var indexedExts = map[string]bool{".md": true, ".txt": true, ".html": true, ".htm": true, ".docx": true}

// reportGlob is the report files the server asks the client to watch.
const reportGlob = "**/*.{md,txt,html,htm,docx,MD,TXT,HTML,HTM,DOCX}"

// workspace is the index. Its mu is taken after a document's mu, never before.
type workspace struct {
	// pairMu makes pairings one at a time, each from reading the index to setting
	// the documents' last years: two made at once could set what the earlier read
	// after what the later read (TestWorkspaceAcrossYears failed so once in ten runs of make test).
	pairMu sync.Mutex
	// mu guards the fields below.
	mu    sync.Mutex
	roots []string
	// disk holds the reports read from files, by URI; byKey the URIs of each
	// office and year ("office\x00year").
	disk  map[protocol.DocumentURI]*analysis.Summary
	byKey map[string]map[protocol.DocumentURI]bool
	bytes int
	// seen are the files read, reports or not: what maxFiles bounds.
	seen map[protocol.DocumentURI]bool
	// open holds what the index knows of each open document's latest version.
	open map[protocol.DocumentURI]*openReport

	// readMu serialises the reading of files: the first walk and file events.
	readMu sync.Mutex
	// told is set once the user was told that a bound left files out.
	told atomic.Bool
	// maxFiles, maxFileSize and maxBytes are the bounds; fields so tests can lower them.
	maxFiles, maxFileSize, maxBytes int
}

// openReport is an open document as the index knows it.
type openReport struct {
	doc    *document
	office string
	year   int
	// head is what office was read from (officeHead), to read it again only when
	// that changed.
	head string
	// snap is the version these were read from; sum its summary, made when another
	// document needs it as last year's.
	snap *snapshot
	sum  *analysis.Summary
}

func newWorkspace() *workspace {
	return &workspace{disk: map[protocol.DocumentURI]*analysis.Summary{}, byKey: map[string]map[protocol.DocumentURI]bool{}, seen: map[protocol.DocumentURI]bool{},
		open: map[protocol.DocumentURI]*openReport{}, maxFiles: maxIndexFiles, maxFileSize: maxIndexFileSize, maxBytes: maxIndexBytes}
}

func yearKey(office string, year int) string { return office + "\x00" + strconv.Itoa(year) }

// workspaceRoots are the folders of the initialize params with a file: URI.
func workspaceRoots(p *initializeParams) []string {
	var out []string
	add := func(u string) {
		if strings.HasPrefix(u, "file:") {
			if path := uri.URI(u).Filename(); path != "" {
				out = append(out, path)
			}
		}
	}
	for _, f := range p.WorkspaceFolders {
		add(f.URI)
	}
	if len(out) == 0 {
		add(p.RootURI)
	}
	return out
}

// indexWorkspace reads the report files of the workspace folders, then pairs the
// open documents with what it found. It runs on its own goroutine.
func (s *Server) indexWorkspace() {
	w := s.ws
	w.readMu.Lock()
	w.mu.Lock()
	roots := w.roots
	w.mu.Unlock()
	entries := 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
			if s.ctx.Err() != nil {
				return fs.SkipAll
			}
			if err != nil {
				return nil // an unreadable folder is left out; the rest is read
			}
			if entries++; entries > maxIndexEntries {
				s.indexLimited(fmt.Sprintf("工作区文件夹中的文件超过 %d 个", maxIndexEntries), zap.Int("entries", maxIndexEntries))
				return fs.SkipAll
			}
			name := e.Name()
			if e.IsDir() {
				if path != root && (strings.HasPrefix(name, ".") || name == "node_modules") {
					return fs.SkipDir
				}
				return nil
			}
			if !e.Type().IsRegular() || strings.HasPrefix(name, ".") || !indexedExts[strings.ToLower(filepath.Ext(name))] {
				return nil
			}
			w.mu.Lock()
			full := len(w.seen) >= w.maxFiles
			w.mu.Unlock()
			if full {
				s.indexLimited(fmt.Sprintf("工作区中的报告文件超过 %d 个", w.maxFiles), zap.Int("files", w.maxFiles))
				return fs.SkipAll
			}
			s.indexFile(path)
			return nil
		})
		if err != nil {
			s.log.Warn("indexing the workspace folder", zap.String("folder", root), zap.Error(err))
		}
	}
	w.readMu.Unlock()
	w.mu.Lock()
	n := len(w.disk)
	w.mu.Unlock()
	s.log.Info("workspace indexed", zap.Int("reports", n))
	s.pairAll()
}

// indexLimited says that a bound of the index left files out of the comparison
// across years: in the log each time, and to the user once, so that a report
// without cross-year findings is not taken for one that has none.
func (s *Server) indexLimited(why string, fields ...zap.Field) {
	s.log.Warn("workspace index bound reached: files left out of the comparison across years", append(fields, zap.String("why", why))...)
	if s.ws.told.CompareAndSwap(false, true) {
		s.showMessage(protocol.MessageTypeWarning, "nianbao："+why+"，部分报告未参与跨年度比对（上限见 README「Checks across years」）")
	}
}

// indexFile reads one file into the index, or takes it out when it is no longer a
// report or cannot be read. Callers hold w.readMu.
func (s *Server) indexFile(path string) {
	w := s.ws
	u := protocol.DocumentURI(uri.File(path))
	var sum *analysis.Summary
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() <= int64(w.maxFileSize) {
		sum = s.readSummary(path)
	} else if err == nil && fi.Mode().IsRegular() {
		s.indexLimited(fmt.Sprintf("%s 超过 %d 字节", filepath.Base(path), w.maxFileSize), zap.String("path", path), zap.Int64("bytes", fi.Size()))
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seen[u] = true
	w.remove(u)
	if sum == nil {
		return
	}
	if w.bytes+len(sum.Text) > w.maxBytes {
		s.indexLimited(fmt.Sprintf("工作区报告的文字超过 %d 字节", w.maxBytes), zap.String("path", path), zap.Int("bytes", w.maxBytes))
		return
	}
	sum.Name = string(u)
	w.disk[u] = sum
	w.bytes += len(sum.Text)
	k := yearKey(sum.Office, sum.Year)
	if w.byKey[k] == nil {
		w.byKey[k] = map[protocol.DocumentURI]bool{}
	}
	w.byKey[k][u] = true
}

// remove takes a file's report out of the index. Callers hold w.mu.
func (w *workspace) remove(u protocol.DocumentURI) {
	old := w.disk[u]
	if old == nil {
		return
	}
	delete(w.disk, u)
	w.bytes -= len(old.Text)
	k := yearKey(old.Office, old.Year)
	delete(w.byKey[k], u)
	if len(w.byKey[k]) == 0 {
		delete(w.byKey, k)
	}
}

// readSummary reads a file as a report; nil when it is none or cannot be read.
func (s *Server) readSummary(path string) *analysis.Summary {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("indexing a file panicked", zap.String("path", path), zap.Any("panic", r))
		}
	}()
	b, err := os.ReadFile(path)
	if err != nil {
		s.log.Info("not indexed", zap.String("path", path), zap.Error(err))
		return nil
	}
	src, err := input.Read(s.ctx, input.KindOf(path), b, s.maxDocumentSize)
	if err != nil || len(src.Text) > s.maxDocumentSize {
		s.log.Info("not indexed: not readable as a report", zap.String("path", path), zap.Error(err))
		return nil
	}
	s.mu.Lock()
	tmpl := s.settings.Template
	s.mu.Unlock()
	sum := analysis.Summarize(analysis.Match(analysis.Read(src.Text), tmpl))
	if sum == nil || sum.Office == "" || sum.Year == 0 {
		return nil // pairs with nothing
	}
	return sum
}

// reportFilesChanged reads the report files that changed again, off the read loop,
// and pairs the open documents anew.
func (s *Server) reportFilesChanged(changes []*protocol.FileEvent) {
	go func() {
		w := s.ws
		w.readMu.Lock()
		for _, c := range changes {
			if c == nil || !strings.HasPrefix(string(c.URI), "file:") {
				continue
			}
			path := c.URI.Filename()
			if !indexedExts[strings.ToLower(filepath.Ext(path))] || !s.inRoots(path) {
				continue
			}
			u := protocol.DocumentURI(uri.File(path))
			if c.Type == protocol.FileChangeTypeDeleted {
				w.mu.Lock()
				w.remove(u)
				delete(w.seen, u)
				w.mu.Unlock()
				continue
			}
			w.mu.Lock()
			full := !w.seen[u] && len(w.seen) >= w.maxFiles
			w.mu.Unlock()
			if full {
				s.indexLimited(fmt.Sprintf("工作区中的报告文件超过 %d 个", w.maxFiles), zap.String("path", path))
				continue
			}
			s.indexFile(path)
		}
		w.readMu.Unlock()
		s.log.Debug("watched files read", zap.Int("changes", len(changes)))
		s.pairAll()
	}()
}

// inRoots reports whether path lies in a workspace folder, outside hidden folders
// and node_modules, as the first walk reads them.
func (s *Server) inRoots(path string) bool {
	s.ws.mu.Lock()
	roots := s.ws.roots
	s.ws.mu.Unlock()
	for _, r := range roots {
		rel, err := filepath.Rel(r, path)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		for _, part := range strings.Split(rel, string(filepath.Separator)) {
			if strings.HasPrefix(part, ".") || part == "node_modules" {
				return false
			}
		}
		return true
	}
	return false
}

// noteVersion records sn, d's version whose diagnostics are out, in the index, and
// pairs the documents it touches: d itself when its office or year changed, and
// the open documents of the year after, whose last year's report it is. It runs off
// the keystroke's path (see prepare).
func (s *Server) noteVersion(d *document, sn *snapshot) {
	defer sn.noted.Store(true)
	res := sn.Result()
	if res == nil || s.snapshot(d.uri) != sn {
		return // too large, or a newer version will come
	}
	rep := res.Report()
	head, year := "", 0
	if rep != nil && rep.IsReport {
		head, year = officeHead(rep), rep.Year
	}
	w := s.ws
	w.mu.Lock()
	o := w.open[d.uri]
	if o == nil {
		o = &openReport{doc: d}
		w.open[d.uri] = o
	}
	office := o.office
	unchanged := o.snap != nil && o.year == year && o.head == head
	w.mu.Unlock()
	if !unchanged {
		// The office is read again only when what it is read from changed: a
		// keystroke in a table or the prose reads nothing here.
		office = ""
		if head != "" {
			office = analysis.OfficeOf(rep)
		}
		head = strings.Clone(head) // not the whole text of this version
	}
	w.mu.Lock()
	if w.open[d.uri] != o {
		w.mu.Unlock()
		return // closed meanwhile
	}
	o.office, o.year, o.head, o.snap, o.sum = office, year, head, sn, nil
	hasSuccessor := false
	if office != "" && year != 0 {
		for _, x := range w.open {
			if x.office == office && x.year == year+1 {
				hasSuccessor = true
				break
			}
		}
	}
	w.mu.Unlock()
	if !unchanged || hasSuccessor {
		s.pairAll()
	}
}

// officeHead is the text a report's office is read from (see analysis.OfficeOf): its
// title, or, without one, what comes before section 一.
func officeHead(rep *analysis.Report) string {
	if rep.Title.End > rep.Title.Start {
		return rep.Text[rep.Title.Start:rep.Title.End]
	}
	end := len(rep.Text)
	if len(rep.Sections) > 0 {
		end = rep.Sections[0].Start
	}
	return rep.Text[:end]
}

// forgetOpen takes a closed document out of the index: its file on disk, if
// indexed, is last year's report again for the documents that follow it.
func (s *Server) forgetOpen(u protocol.DocumentURI) {
	s.ws.mu.Lock()
	_, was := s.ws.open[u]
	delete(s.ws.open, u)
	s.ws.mu.Unlock()
	if was {
		go s.pairAll()
	}
}

// pairAll gives every open document its last year's report, and checks again
// those whose report changed.
func (s *Server) pairAll() {
	w := s.ws
	w.pairMu.Lock()
	defer w.pairMu.Unlock()
	type pair struct {
		d    *document
		last *analysis.Summary
	}
	var pairs []pair
	w.mu.Lock()
	for _, o := range w.open {
		var last *analysis.Summary
		if o.office != "" && o.year != 0 {
			last = w.lastYear(o)
		}
		pairs = append(pairs, pair{o.doc, last})
	}
	w.mu.Unlock()
	for _, p := range pairs {
		s.setLast(p.d, p.last)
	}
}

// lastYear is the report of the year before o's, of its office: an open document
// first (its text in the editor), else a file; nil when there is none. Callers
// hold w.mu.
func (w *workspace) lastYear(o *openReport) *analysis.Summary {
	var best *openReport
	for u, x := range w.open {
		if x.office == o.office && x.year == o.year-1 && x.snap != nil && (best == nil || u < best.doc.uri) {
			best = x
		}
	}
	if best != nil {
		if best.sum == nil {
			if res := best.snap.Result(); res != nil {
				best.sum = analysis.Summarize(res.Report())
			}
			if best.sum == nil {
				return nil
			}
			best.sum.Name = string(best.doc.uri)
		}
		return best.sum
	}
	var first protocol.DocumentURI
	for u := range w.byKey[yearKey(o.office, o.year-1)] {
		if _, open := w.open[u]; !open && (first == "" || u < first) {
			first = u
		}
	}
	if first == "" {
		return nil
	}
	return w.disk[first]
}

// setLast checks d again with last as its last year's report, when that changed.
func (s *Server) setLast(d *document, last *analysis.Summary) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || d.last == last {
		return
	}
	d.last = last
	s.mu.Lock()
	settings := s.settings
	s.mu.Unlock()
	opts, _ := s.docOptions(d.uri, settings) // its configuration file's problems are shown already
	opts = withLast(opts, last)
	old := d.snap
	d.snap = s.newSnapshot(old.uri, old.version, old.text, opts)
	s.log.Debug("last year's report changed; checking again", zap.String("uri", string(d.uri)), zap.Bool("paired", last != nil))
	s.schedule(d)
}

// withLast is opts with last year's report set; opts itself when there is none, so
// that a document without one shares the server's settings.
func withLast(opts *analysis.Options, last *analysis.Summary) *analysis.Options {
	if last == nil {
		return opts
	}
	o := *opts
	o.Last = last
	return &o
}

// startIndex starts reading the workspace folders; without one, only open
// documents are compared.
func (s *Server) startIndex() {
	s.ws.mu.Lock()
	n := len(s.ws.roots)
	s.ws.mu.Unlock()
	if n == 0 {
		s.log.Info("no workspace folder with a file: URI; comparing open documents only")
		return
	}
	go s.indexWorkspace()
}
