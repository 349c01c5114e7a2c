package lsp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/nianbao/nianbao/analysis"
)

// configSection is the settings section this server reads.
const configSection = "nianbao"

func init() {
	notifications[protocol.MethodWorkspaceDidChangeConfiguration] = (*Server).didChangeConfiguration
}

// settingsJSON is the shape of the "nianbao" settings section, in initializationOptions,
// workspace/configuration answers and didChangeConfiguration pushes:
//
//	{"template": "auto"|"2019"|"2021", "disabledRules": ["blank-cell"],
//	 "severity": {"missing-row": "hint", "blank-cell": "off"}}
//
// A severity of "off" disables the rule too.
type settingsJSON struct {
	Template      *string           `json:"template"`
	DisabledRules stringList        `json:"disabledRules"`
	Severity      map[string]string `json:"severity"`
}

// stringList is a list of strings that also accepts {}: Lua has one table type, and
// Neovim encodes an empty Lua list as an empty JSON object.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); bytes.Equal(t, []byte("{}")) || bytes.Equal(t, []byte("null")) {
		*l = nil
		return nil
	}
	return json.Unmarshal(b, (*[]string)(l))
}

// parseSettings reads a settings value, given either as the section itself or as
// an object holding it under "nianbao". It returns nil when raw holds no settings,
// and the problems found (each in Chinese, for the user); bad entries are skipped
// and the rest applies.
func parseSettings(raw json.RawMessage) (*analysis.Options, []string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	var wrapper map[string]json.RawMessage
	if err := json.Unmarshal(raw, &wrapper); err != nil {
		return nil, []string{fmt.Sprintf("nianbao 的设置不是 JSON 对象：%v", err)}
	}
	if inner, ok := wrapper[configSection]; ok {
		return parseSettings(inner)
	}
	var sj settingsJSON
	if err := json.Unmarshal(raw, &sj); err != nil {
		return nil, []string{fmt.Sprintf("nianbao 的设置无法读取：%v", err)}
	}
	opts := &analysis.Options{}
	var problems []string
	if sj.Template != nil {
		f, err := analysis.ParseFormat(*sj.Template)
		if err != nil {
			problems = append(problems, fmt.Sprintf("设置 nianbao.template 的值 %q 无效，应为 auto、2019 或 2021；已按 auto 处理", *sj.Template))
		}
		opts.Template = f
	}
	for _, id := range sj.DisabledRules {
		if _, ok := analysis.RuleByID(id); !ok {
			problems = append(problems, fmt.Sprintf("设置 nianbao.disabledRules 中的规则 %q 不存在", id))
			continue
		}
		if opts.Disabled == nil {
			opts.Disabled = map[string]bool{}
		}
		opts.Disabled[id] = true
	}
	ids := make([]string, 0, len(sj.Severity))
	for id := range sj.Severity {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		v := sj.Severity[id]
		if _, ok := analysis.RuleByID(id); !ok {
			problems = append(problems, fmt.Sprintf("设置 nianbao.severity 中的规则 %q 不存在", id))
			continue
		}
		if strings.EqualFold(strings.TrimSpace(v), "off") || strings.EqualFold(strings.TrimSpace(v), "none") {
			if opts.Disabled == nil {
				opts.Disabled = map[string]bool{}
			}
			opts.Disabled[id] = true
			continue
		}
		sev, ok := analysis.ParseSeverity(v)
		if !ok {
			problems = append(problems, fmt.Sprintf("设置 nianbao.severity 中规则 %q 的级别 %q 无效，应为 error、warning、info、hint 或 off", id, v))
			continue
		}
		if opts.Severity == nil {
			opts.Severity = map[string]analysis.Severity{}
		}
		opts.Severity[id] = sev
	}
	return opts, problems
}

// reportSettingProblems logs bad settings and shows them to the user.
func (s *Server) reportSettingProblems(problems []string) {
	for _, p := range problems {
		s.log.Warn("bad setting", zap.String("problem", p))
	}
	if len(problems) > 0 {
		// Not on the read loop's critical path: the message is small.
		go s.showMessage(protocol.MessageTypeWarning, strings.Join(problems, "；"))
	}
}

// startConfiguration runs after initialized: it asks for the nianbao section and
// registers for change notifications where the client wants that done
// dynamically. It runs on its own goroutine because the answers come back through
// the read loop.
func (s *Server) startConfiguration(caps clientCaps) {
	if caps.dynamicConfigChange {
		// Without this, clients such as VS Code never send didChangeConfiguration.
		params := &protocol.RegistrationParams{Registrations: []protocol.Registration{{
			ID:              "nianbao-configuration",
			Method:          protocol.MethodWorkspaceDidChangeConfiguration,
			RegisterOptions: map[string]any{"section": configSection},
		}}}
		if _, err := s.conn.Call(s.ctx, protocol.MethodClientRegisterCapability, params, nil); err != nil {
			s.log.Warn("client/registerCapability failed", zap.Error(err))
		}
	}
	if caps.configuration {
		s.pullConfiguration()
	}
}

// pullConfiguration asks the client for the nianbao section and applies it.
func (s *Server) pullConfiguration() {
	params := &protocol.ConfigurationParams{Items: []protocol.ConfigurationItem{{Section: configSection}}}
	var result []json.RawMessage
	if _, err := s.conn.Call(s.ctx, protocol.MethodWorkspaceConfiguration, params, &result); err != nil {
		s.log.Warn("workspace/configuration failed", zap.Error(err))
		return
	}
	if len(result) == 0 {
		return
	}
	opts, problems := parseSettings(result[0])
	s.reportSettingProblems(problems)
	if opts == nil {
		opts = &analysis.Options{}
	}
	s.applySettings(opts)
}

func (s *Server) didChangeConfiguration(params json.RawMessage) error {
	var p struct {
		Settings json.RawMessage `json:"settings"`
	}
	if err := decodeParams(params, &p); err != nil {
		return err
	}
	s.mu.Lock()
	pull := s.caps.configuration
	s.mu.Unlock()
	if pull {
		// The pushed value is often null or partial; the client's answer to
		// workspace/configuration is the truth.
		go s.pullConfiguration()
		return nil
	}
	opts, problems := parseSettings(p.Settings)
	s.reportSettingProblems(problems)
	if opts != nil {
		s.applySettings(opts)
	}
	return nil
}

// applySettings stores new options and re-checks every open document with them.
func (s *Server) applySettings(opts *analysis.Options) {
	s.mu.Lock()
	if optionsEqual(s.settings, opts) {
		s.mu.Unlock()
		return
	}
	s.settings = opts
	docs := make([]*document, 0, len(s.docs))
	for _, d := range s.docs {
		docs = append(docs, d)
	}
	s.mu.Unlock()
	s.log.Info("settings changed; re-checking open documents", zap.Int("documents", len(docs)))
	for _, d := range docs {
		d.mu.Lock()
		if !d.closed {
			old := d.snap
			d.snap = s.newSnapshot(old.uri, old.version, old.text, opts)
			s.schedule(d)
		}
		d.mu.Unlock()
	}
}

func optionsEqual(a, b *analysis.Options) bool {
	if a.Template != b.Template || len(a.Disabled) != len(b.Disabled) || len(a.Severity) != len(b.Severity) {
		return false
	}
	for k, v := range a.Disabled {
		if b.Disabled[k] != v {
			return false
		}
	}
	for k, v := range a.Severity {
		if b.Severity[k] != v {
			return false
		}
	}
	return true
}
