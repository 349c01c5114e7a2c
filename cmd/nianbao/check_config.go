package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/internal/config"
)

// The configuration of check: each file's options come from the .nianbao.toml
// nearest to it (walking up from its folder; standard input from the working
// folder), or from --config FILE for every file, or from none with --no-config; the
// flags (--template) override it, as editor settings do in the language server.

// configs resolves the options of every target before any is checked, a folder's
// file found and read once, and returns the lines for stderr: each file's problems
// (path:line:col: message, the column in UTF-16 code units as in the findings), once
// per file, in the order the files are first used. bad is set when a file could not
// be read or has problems: the exit status is then 2, though every target is checked
// with whatever applies.
func resolveConfigs(targets []checkTarget, cfg checkConfig) (lines []string, bad bool) {
	if cfg.noConfig {
		for i := range targets {
			targets[i].opts = cfg.opts
		}
		return nil, false
	}
	loaded := map[string]*config.File{} // by path; nil: could not be read
	nearest := map[string]string{}      // folder → its file's path, "" for none
	load := func(path string) *config.File {
		if f, ok := loaded[path]; ok {
			return f
		}
		f, err := config.Load(path)
		if err != nil {
			lines = append(lines, fmt.Sprintf("%s: 无法读取配置文件：%s；按默认设置检查", path, describeFSError(err)))
			bad = true
		} else {
			lines = append(lines, problemLines(f)...)
			bad = bad || len(f.Problems) > 0
		}
		loaded[path] = f
		return f
	}
	for i := range targets {
		t := &targets[i]
		path := cfg.configPath
		if path == "" {
			dir := "."
			if !t.stdin {
				dir = filepath.Dir(t.path)
			}
			p, ok := nearest[dir]
			if !ok {
				var err error
				p, err = config.Find(dir)
				if err != nil {
					lines = append(lines, fmt.Sprintf("%s: 查找 %s 时出错：%s；按默认设置检查", dir, config.FileName, describeFSError(err)))
					bad = true
				}
				nearest[dir] = p
			}
			path = p
		}
		var file analysis.Options
		if path != "" {
			if f := load(path); f != nil {
				file = f.Options
			}
		}
		t.opts = config.Merge(file, &cfg.opts)
	}
	return lines, bad
}

// problemLines gives the problems of a configuration file as lines for stderr.
func problemLines(f *config.File) []string {
	out := make([]string, 0, len(f.Problems))
	for _, p := range f.Problems {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s", f.Path, p.Line+1, p.Char+1, p.Message))
	}
	return out
}

// loadExplicitConfig reads the file of --config: one that cannot be read is a usage
// error, as the user named it.
func loadExplicitConfig(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("--config %s：%s", path, describeFSError(err))
	}
	if info.IsDir() {
		return fmt.Errorf("--config %s 是目录，应为 %s 这样的配置文件", path, config.FileName)
	}
	return nil
}
