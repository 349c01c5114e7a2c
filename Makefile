# nianbao: the one place that says how to build, test and measure.
#   make test    what a newcomer runs first and CI runs: gofmt, go vet, the race tests
#                (every fuzz target on its seed corpus; the Neovim end-to-end test when
#                nvim is installed), then the VS Code extension's tests and its .vsix
#                (built offline and checked: a few files, no node_modules, maps or
#                .d.ts), then the web page (make web) and its test in headless chromium.
#                Under 6 minutes. Prerequisites: README, "Development".
#   make web     the web page into editors/web/dist, a folder any static host can serve
#   make fuzz    the randomised fuzzing, FUZZ_BUDGET seconds in all (default 240)
#   make bench   the performance figures of the README
#   make docs    regenerate docs/rules.md from the rule registry
#   make install go install ./cmd/nianbao

.PHONY: test gotest vscode web webtest fuzz bench docs install

test: gotest vscode webtest

gotest:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed" >&2; exit 1; }
	go vet ./...
	go test -race ./...

# `npm run package` builds the .vsix the README tells users to install and checks
# what is in it (editors/vscode/src/test/vsix.ts); it needs no network after npm ci.
vscode:
	cd editors/vscode && npm ci --no-audit --no-fund && npm run compile && npm test && npm run package

# The page (editors/web): the bundles of the page and its worker, the engine built
# for js/wasm and Go's loader for it, which moved from misc/wasm to lib/wasm in Go 1.24.
web:
	cd editors/web && npm ci --no-audit --no-fund && npm run build
	GOOS=js GOARCH=wasm go build -trimpath -ldflags=-s -o editors/web/dist/nianbao.wasm ./editors/web/wasm
	w="$$(go env GOROOT)/lib/wasm/wasm_exec.js"; [ -f "$$w" ] || w="$$(go env GOROOT)/misc/wasm/wasm_exec.js"; cp "$$w" editors/web/dist/

# The page in headless chromium (skipped with a message when /usr/bin/chromium is
# missing, except in CI).
webtest: web
	cd editors/web && npm test

fuzz:
	./scripts/fuzz.sh

bench:
	./scripts/bench.sh

docs:
	go generate ./analysis/

# A static binary: see the README's Install.
install:
	CGO_ENABLED=0 go install ./cmd/nianbao
