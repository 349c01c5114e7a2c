package lsp

import (
	"net/url"
	"path"
	"path/filepath"
	"sync"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/internal/config"
)

// The configuration file .nianbao.toml, shared with `nianbao check`: a document's
// options are those of the file nearest above it with the editor's settings over
// them (config.Merge), as ruff's are. The files are read when a document in their
// folders is opened, and read again when the client reports a change to one
// (workspace/didChangeWatchedFiles, for which the server registers a watcher when
// the client can take one dynamically). A bad key or value is a diagnostic on the
// configuration file at that key, and the rest applies.

// configFiles caches the configuration files found and read.
type configFiles struct {
	// mu guards the maps. It is taken under Server.mu, never the other way round.
	mu sync.Mutex
	// nearest maps a folder to the path of its nearest file, "" for none.
	nearest map[string]string
	// files maps a path to the file as read; nil when it could not be read.
	files map[string]*config.File
	// shown holds the files whose problems are published, so that a file put right
	// gets its diagnostics cleared.
	shown map[string]bool
}

// configPublish is what to publish for one configuration file: its diagnostics,
// none to clear them.
type configPublish struct {
	uri   protocol.DocumentURI
	diags []protocol.Diagnostic
}

// documentPath returns the local path of a file: URI; "" for any other (an
// untitled document has no folder, and no configuration file).
func documentPath(uri protocol.DocumentURI) string {
	u, err := url.Parse(string(uri))
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return ""
	}
	return filepath.FromSlash(u.Path)
}

// docOptions returns the options of the document at uri under the editor's
// settings, and the configuration files read for it whose diagnostics the caller
// publishes (not under Server.mu). With no configuration file it is settings
// itself.
func (s *Server) docOptions(uri protocol.DocumentURI, settings *analysis.Options) (*analysis.Options, []configPublish) {
	p := documentPath(uri)
	if p == "" || path.Base(filepath.ToSlash(p)) == config.FileName {
		return settings, nil
	}
	c := &s.configs
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.nearest == nil {
		c.nearest, c.files, c.shown = map[string]string{}, map[string]*config.File{}, map[string]bool{}
	}
	dir := filepath.Dir(p)
	cfgPath, ok := c.nearest[dir]
	if !ok {
		var err error
		if cfgPath, err = config.Find(dir); err != nil {
			s.log.Warn("looking for the configuration file", zap.String("folder", dir), zap.Error(err))
		}
		c.nearest[dir] = cfgPath
	}
	if cfgPath == "" {
		return settings, nil
	}
	var pub []configPublish
	f, ok := c.files[cfgPath]
	if !ok {
		var err error
		f, err = config.Load(cfgPath)
		if err != nil {
			s.log.Warn("reading the configuration file", zap.String("path", cfgPath), zap.Error(err))
			pub = append(pub, configPublish{uri: fileURI(cfgPath), diags: []protocol.Diagnostic{configDiagnostic(
				config.Problem{Message: "无法读取配置文件：" + err.Error() + "；按默认设置检查"})}})
			c.shown[cfgPath] = true
			f = nil
		} else if len(f.Problems) > 0 || c.shown[cfgPath] {
			diags := make([]protocol.Diagnostic, 0, len(f.Problems))
			for _, pr := range f.Problems {
				diags = append(diags, configDiagnostic(pr))
			}
			pub = append(pub, configPublish{uri: fileURI(cfgPath), diags: diags})
			c.shown[cfgPath] = len(f.Problems) > 0
		}
		c.files[cfgPath] = f
	}
	if f == nil {
		return settings, pub
	}
	merged := config.Merge(f.Options, settings)
	return &merged, pub
}

// fileURI is the file: URI of a local path.
func fileURI(p string) protocol.DocumentURI {
	return protocol.DocumentURI((&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String())
}

// configDiagnostic is a problem of a configuration file as a diagnostic on it.
func configDiagnostic(p config.Problem) protocol.Diagnostic {
	return protocol.Diagnostic{
		Range: protocol.Range{
			Start: protocol.Position{Line: uint32(p.Line), Character: uint32(p.Char)},
			End:   protocol.Position{Line: uint32(p.EndLine), Character: uint32(p.EndChar)},
		},
		Severity: protocol.DiagnosticSeverityWarning,
		Source:   "nianbao",
		Message:  p.Message,
	}
}

// publishConfig sends the diagnostics of configuration files.
func (s *Server) publishConfig(pub []configPublish) {
	for _, p := range pub {
		diags := p.diags
		if diags == nil {
			diags = []protocol.Diagnostic{}
		}
		s.notify(protocol.MethodTextDocumentPublishDiagnostics, &protocol.PublishDiagnosticsParams{URI: p.uri, Diagnostics: diags})
	}
}

// configFilesChanged reads the configuration files again after one changed, was
// created or deleted, and re-checks the open documents whose options changed.
func (s *Server) configFilesChanged(changes []*protocol.FileEvent) {
	var cleared []configPublish
	c := &s.configs
	c.mu.Lock()
	changed := false
	for _, ch := range changes {
		if ch == nil {
			continue
		}
		fp := documentPath(ch.URI)
		if fp == "" || filepath.Base(fp) != config.FileName {
			continue
		}
		changed = true
		delete(c.files, fp)
		if c.shown[fp] {
			// Cleared now; read again below, if still there, it publishes afresh.
			cleared = append(cleared, configPublish{uri: ch.URI})
			delete(c.shown, fp)
		}
	}
	if changed {
		// A file created or deleted changes which is nearest for any folder below.
		c.nearest = map[string]string{}
	}
	c.mu.Unlock()
	if !changed {
		return
	}
	s.publishConfig(cleared)
	s.log.Info("configuration file changed; re-checking open documents")

	s.mu.Lock()
	settings := s.settings
	docs := make([]*document, 0, len(s.docs))
	for _, d := range s.docs {
		docs = append(docs, d)
	}
	s.mu.Unlock()
	for _, d := range docs {
		opts, pub := s.docOptions(d.uri, settings)
		s.publishConfig(pub)
		d.mu.Lock()
		if !d.closed && !optionsEqual(d.snap.opts, opts) {
			old := d.snap
			d.snap = s.newSnapshot(old.uri, old.version, old.text, withLast(opts, d.last))
			s.schedule(d)
		}
		d.mu.Unlock()
	}
}
