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

// The "nianbao" settings section, in initializationOptions, workspace/configuration
// answers and didChangeConfiguration pushes, is
//
//	{"template": "auto"|"2019"|"2021", "disabledRules": ["blank-cell"],
//	 "severity": {"missing-row": "hint", "blank-cell": "off"},
//	 "overviewLength": {"max": 1200}}
//
// A severity of "off" disables the rule too. Other keys (the editor's own, such as
// "path" or "trace") are not this server's and are ignored.

// parseSettings reads a settings value, given either as the section itself or as
// an object holding it under "nianbao". It returns nil when raw holds no settings,
// and the problems found (each in Chinese, for the user). The section is read
// field by field and entry by entry: a bad entry is reported and skipped, and the
// rest applies.
func parseSettings(raw json.RawMessage) (*analysis.Options, []string) {
	raw = bytes.TrimSpace(raw)
	if isNull(raw) {
		return nil, nil
	}
	var section map[string]json.RawMessage
	if err := json.Unmarshal(raw, &section); err != nil {
		return nil, []string{fmt.Sprintf("nianbao 的设置应为 JSON 对象，收到 %s；已忽略", jsonValue(raw))}
	}
	if inner, ok := section[configSection]; ok {
		return parseSettings(inner)
	}
	opts := &analysis.Options{}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if v := section["template"]; !isNull(v) {
		var name string
		if err := json.Unmarshal(v, &name); err != nil {
			bad("设置 nianbao.template 的值 %s 无效，应为 \"auto\"、\"2019\" 或 \"2021\"；已按 auto 处理", jsonValue(v))
		} else if f, err := analysis.ParseFormat(name); err != nil {
			bad("设置 nianbao.template 的值 %q 无效，应为 auto、2019 或 2021；已按 auto 处理", name)
		} else {
			opts.Template = f
		}
	}

	// Neovim encodes an empty Lua list as {}: Lua has one table type.
	if v := bytes.TrimSpace(section["disabledRules"]); !isNull(v) && !bytes.Equal(v, []byte("{}")) {
		var entries []json.RawMessage
		if err := json.Unmarshal(v, &entries); err != nil {
			bad("设置 nianbao.disabledRules 应为规则名的列表（如 [\"blank-cell\"]），收到 %s；已忽略", jsonValue(v))
		}
		for _, e := range entries {
			var id string
			if err := json.Unmarshal(e, &id); err != nil || isNull(e) {
				bad("设置 nianbao.disabledRules 中的 %s 不是规则名，应为字符串（如 \"blank-cell\"）；已忽略此项", jsonValue(e))
				continue
			}
			if _, ok := analysis.RuleByID(id); !ok {
				bad("设置 nianbao.disabledRules 中的规则 %q 不存在；已忽略此项", id)
				continue
			}
			if opts.Disabled == nil {
				opts.Disabled = map[string]bool{}
			}
			opts.Disabled[id] = true
		}
	}

	if v := section["severity"]; !isNull(v) {
		var levels map[string]json.RawMessage
		if err := json.Unmarshal(v, &levels); err != nil {
			bad("设置 nianbao.severity 应为“规则名: 级别”的对象（如 {\"blank-cell\": \"hint\"}），收到 %s；已忽略", jsonValue(v))
		}
		ids := make([]string, 0, len(levels))
		for id := range levels {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			if _, ok := analysis.RuleByID(id); !ok {
				bad("设置 nianbao.severity 中的规则 %q 不存在；已忽略此项", id)
				continue
			}
			var level string
			if err := json.Unmarshal(levels[id], &level); err != nil || isNull(levels[id]) {
				bad("设置 nianbao.severity 中规则 %q 的级别 %s 无效，应为 \"error\"、\"warning\"、\"info\"、\"hint\" 或 \"off\"；已忽略此项", id, jsonValue(levels[id]))
				continue
			}
			if l := strings.TrimSpace(level); strings.EqualFold(l, "off") || strings.EqualFold(l, "none") {
				if opts.Disabled == nil {
					opts.Disabled = map[string]bool{}
				}
				opts.Disabled[id] = true
				continue
			}
			sev, ok := analysis.ParseSeverity(level)
			if !ok {
				bad("设置 nianbao.severity 中规则 %q 的级别 %q 无效，应为 error、warning、info、hint 或 off；已忽略此项", id, level)
				continue
			}
			if opts.Severity == nil {
				opts.Severity = map[string]analysis.Severity{}
			}
			opts.Severity[id] = sev
		}
	}

	// VS Code hands the setting nianbao.overviewLength.max over as a nested object.
	if v := section["overviewLength"]; !isNull(v) {
		var o map[string]json.RawMessage
		if err := json.Unmarshal(v, &o); err != nil {
			bad("设置 nianbao.overviewLength 应为对象（如 {\"max\": 1200}），收到 %s；已忽略", jsonValue(v))
		} else if m := o["max"]; !isNull(m) {
			var n float64
			if err := json.Unmarshal(m, &n); err != nil || n < 1 || n != float64(int(n)) || n > 1e6 {
				bad("设置 nianbao.overviewLength.max 的值 %s 无效，应为正整数字数（如 1200）；已按 1000 处理", jsonValue(m))
			} else {
				opts.OverviewMax = int(n)
			}
		}
	}
	return opts, problems
}

// isNull reports whether raw is absent or JSON null.
func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || bytes.Equal(t, []byte("null"))
}

// jsonValue shows a JSON value in a message: compacted, and cut after 40 bytes.
func jsonValue(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		b.Reset()
		b.Write(bytes.TrimSpace(raw))
	}
	s := b.String()
	if len(s) > 40 {
		s = strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}

// reportSettingProblems logs bad settings and shows them to the user.
func (s *Server) reportSettingProblems(problems []string) {
	for _, p := range problems {
		s.log.Warn("bad setting", zap.String("problem", p))
	}
	if len(problems) > 0 {
		s.showMessage(protocol.MessageTypeWarning, strings.Join(problems, "；"))
	}
}

// registerConfiguration registers for didChangeConfiguration, which clients such as
// VS Code send only to a server that registered for it dynamically.
func (s *Server) registerConfiguration() {
	params := &protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:              "nianbao-configuration",
		Method:          protocol.MethodWorkspaceDidChangeConfiguration,
		RegisterOptions: map[string]any{"section": configSection},
	}}}
	if err := s.call(protocol.MethodClientRegisterCapability, params, nil); err != nil {
		s.log.Warn("client/registerCapability failed", zap.Error(err))
	}
}

// requestPull has the settings asked for with workspace/configuration. At most one
// such call is on its way at a time: a request made meanwhile (settings changed
// again) is served by one more call once that one is answered or has timed out,
// however many requests came in between.
func (s *Server) requestPull() {
	s.pullMu.Lock()
	defer s.pullMu.Unlock()
	if s.pulling {
		s.pullAgain = true
		return
	}
	s.pulling = true
	go func() {
		for {
			s.pullConfiguration()
			s.pullMu.Lock()
			if !s.pullAgain || s.ctx.Err() != nil {
				s.pulling, s.pullAgain = false, false
				s.pullMu.Unlock()
				return
			}
			s.pullAgain = false
			s.pullMu.Unlock()
		}
	}()
}

// pullConfiguration asks the client for the nianbao section and applies it. An
// answer without settings (null, or no item) means the client has none of its own:
// what initializationOptions said, if anything, stays in force.
func (s *Server) pullConfiguration() {
	params := &protocol.ConfigurationParams{Items: []protocol.ConfigurationItem{{Section: configSection}}}
	var result []json.RawMessage
	if err := s.call(protocol.MethodWorkspaceConfiguration, params, &result); err != nil {
		s.log.Warn("workspace/configuration failed", zap.Error(err))
		return
	}
	var opts *analysis.Options
	var problems []string
	if len(result) > 0 {
		opts, problems = parseSettings(result[0])
	}
	s.reportSettingProblems(problems)
	fromClient := opts != nil
	if !fromClient {
		s.mu.Lock()
		opts = s.initSettings
		s.mu.Unlock()
		if opts == nil {
			opts = &analysis.Options{}
		}
	}
	s.applySettings(opts)
	s.log.Debug("workspace/configuration answered", zap.Bool("settings from the client", fromClient))
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
		s.requestPull()
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
		docOpts, pub := s.docOptions(d.uri, opts) // the configuration file's under the settings
		s.publishConfig(pub)
		d.mu.Lock()
		if !d.closed {
			old := d.snap
			d.snap = s.newSnapshot(old.uri, old.version, old.text, withLast(docOpts, d.last))
			s.schedule(d)
		}
		d.mu.Unlock()
	}
}

func optionsEqual(a, b *analysis.Options) bool {
	if a.Template != b.Template || a.OverviewMax != b.OverviewMax || len(a.Disabled) != len(b.Disabled) || len(a.Severity) != len(b.Severity) {
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
