# nianbao: the one place that says how to build, test and measure.
#   make test    everything CI runs: vet, race tests (Neovim e2e included when nvim is
#                installed), the VS Code extension's tests and its .vsix (built offline
#                and checked: a few files, no node_modules, maps or .d.ts), and each
#                fuzz target briefly
#   make bench   the performance figures of the README
#   make install go install ./cmd/nianbao

FUZZTIME ?= 20s

.PHONY: test gotest vscode fuzz bench install

test: gotest vscode fuzz

gotest:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed" >&2; exit 1; }
	go vet ./...
	go test -race ./...

# `npm run package` builds the .vsix the README tells users to install and checks
# what is in it (editors/vscode/src/test/vsix.ts); it needs no network after npm ci.
vscode:
	cd editors/vscode && npm ci --no-audit --no-fund && npm run compile && npm test && npm run package

fuzz:
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh

bench:
	./scripts/bench.sh

install:
	go install ./cmd/nianbao
