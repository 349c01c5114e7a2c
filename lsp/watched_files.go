package lsp

import (
	"encoding/json"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/nianbao/nianbao/internal/config"
)

// Files the server watches through the client: configuration files, whose options
// apply to the documents below them (config_file.go), and report files, which the
// rules comparing years read (workspace.go). One registration asks for both, and
// one handler hands each its changes.

// registerWatchers asks a client that registers dynamically to send
// workspace/didChangeWatchedFiles for the configuration and report files.
func (s *Server) registerWatchers() {
	params := &protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:     "nianbao-watched-files",
		Method: protocol.MethodWorkspaceDidChangeWatchedFiles,
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{
			Watchers: []protocol.FileSystemWatcher{{GlobPattern: "**/" + config.FileName}, {GlobPattern: reportGlob}},
		},
	}}}
	if err := s.call(protocol.MethodClientRegisterCapability, params, nil); err != nil {
		s.log.Warn("client/registerCapability (watched files) failed", zap.Error(err))
	}
}

// didChangeWatchedFiles hands the changes to the configuration files and to the
// index of report files.
func (s *Server) didChangeWatchedFiles(params json.RawMessage) error {
	var p protocol.DidChangeWatchedFilesParams
	if err := decodeParams(params, &p); err != nil {
		return err
	}
	s.configFilesChanged(p.Changes)
	s.reportFilesChanged(p.Changes)
	return nil
}
