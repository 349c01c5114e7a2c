package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/nianbao/nianbao/analysis"
	"github.com/nianbao/nianbao/input"
)

// checkTarget is one file to check: named on the command line, or found by walking
// the directory argument dir. A walked file that turns out not to be text is skipped
// with a note; a named one is an error.
type checkTarget struct {
	path string
	dir  string // "" for a file named on the command line
	// stdin is set for "-": the report is read from standard input.
	stdin bool
	// opts are the options it is checked with: its configuration file's under the
	// flags (see resolveConfigs).
	opts analysis.Options
}

// gatherTargets is collectTargets with its lines on stderr: a path that could not be
// read makes the status 2, a file skipped is only said.
func gatherTargets(paths []string, stderr io.Writer) ([]checkTarget, int) {
	targets, problems, skipped := collectTargets(paths)
	status := 0
	for _, p := range problems {
		notef(stderr, "%s", p)
		status = 2
	}
	for _, p := range skipped {
		notef(stderr, "%s", p)
	}
	return targets, status
}

// collectTargets expands the command-line paths into files: a file stands for itself,
// "-" for standard input, a directory for the files below it that input.Known
// accepts (.txt, .md, .html, .htm, .docx, .pdf), in lexical order. A path given
// twice, or a file reached twice, is checked once. problems holds one line per path
// that could not be used; any of them makes the exit status 2. skipped holds one line
// per thing a walk met and left out, saying why (a named pipe, a broken symlink); they
// do not change the status.
//
// A walk leaves out, without a word, names that start with "." (.git, editor
// backups) and node_modules directories: they hold no reports, and a folder that is
// also a project would otherwise draw hundreds of lines.
func collectTargets(paths []string) (targets []checkTarget, problems, skipped []string) {
	seen := make(map[string]bool)
	add := func(path, dir string) {
		key := path
		if abs, err := filepath.Abs(path); err == nil {
			key = abs
		}
		if seen[key] {
			return
		}
		seen[key] = true
		targets = append(targets, checkTarget{path: path, dir: dir})
	}
	for _, p := range paths {
		if p == "-" {
			if !seen["-"] {
				seen["-"] = true
				targets = append(targets, checkTarget{path: p, stdin: true})
			}
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s", p, describeFSError(err)))
			continue
		}
		if !fi.IsDir() {
			if !fi.Mode().IsRegular() {
				problems = append(problems, fmt.Sprintf("%s: %v，无法检查", p, &notRegularError{fileKind(fi.Mode())}))
				continue
			}
			add(p, "")
			continue
		}
		// WalkDir does not descend into a root that is a symlink; with a trailing
		// separator the system resolves it first.
		root := p
		if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 && !os.IsPathSeparator(p[len(p)-1]) {
			root = p + string(filepath.Separator)
		}
		found := 0
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %s", path, describeFSError(err)))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.IsDir() && d.Name() == "node_modules") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			mode := d.Type()
			if mode&fs.ModeSymlink != 0 {
				// A symlink counts when it leads to a regular file. WalkDir does not
				// follow one to a directory (that could loop); say so, since the user
				// may expect it.
				fi, err := os.Stat(path)
				switch {
				case err == nil && fi.IsDir():
					skipped = append(skipped, fmt.Sprintf("%s: 符号链接指向目录，未进入（要检查请直接指定这个目录）", path))
					return nil
				case !isReportName(d.Name()):
					return nil
				case errors.Is(err, fs.ErrNotExist):
					skipped = append(skipped, fmt.Sprintf("%s: 符号链接指向的文件不存在，已跳过", path))
					return nil
				case errors.Is(err, syscall.ELOOP):
					skipped = append(skipped, fmt.Sprintf("%s: 符号链接循环，已跳过", path))
					return nil
				case err != nil:
					problems = append(problems, fmt.Sprintf("%s: %s", path, describeFSError(err)))
					return nil
				}
				mode = fi.Mode()
			}
			if !isReportName(d.Name()) {
				return nil
			}
			if !mode.IsRegular() {
				// Never opened: opening a named pipe waits for a writer.
				skipped = append(skipped, fmt.Sprintf("%s: %v，已跳过", path, &notRegularError{fileKind(mode)}))
				return nil
			}
			found++
			add(path, p)
			return nil
		})
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s", p, describeFSError(err)))
			continue
		}
		if found == 0 {
			problems = append(problems, fmt.Sprintf("%s: 目录中没有可检查的文件（%s）", p, knownExts))
		}
	}
	return targets, problems, skipped
}

// knownExts lists for messages the files a walk checks.
const knownExts = ".txt、.md、.html、.htm、.docx、.pdf"

// isReportName reports whether a file found in a directory walk is checked. Reports
// exported on Windows often have upper-case extensions.
func isReportName(name string) bool { return input.Known(name) }

// describeFSError turns a file-system error into a short Chinese reason, keeping the
// system's own wording only for the unusual cases.
func describeFSError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "文件或目录不存在"
	case errors.Is(err, fs.ErrPermission):
		return "没有读取权限"
	case errors.Is(err, syscall.ELOOP):
		return "符号链接循环"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Sprintf("无法读取（%v）", err)
}
