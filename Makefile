# nianbao: the one place that says how to build, test and measure.
#   make test    everything CI runs: vet, race tests (Neovim e2e included when nvim is
#                installed), the VS Code extension's tests, and each fuzz target briefly
#   make bench   the performance figures of the README
#   make install go install ./cmd/nianbao

FUZZTIME ?= 20s

.PHONY: test gotest vscode fuzz bench install

test: gotest vscode fuzz

gotest:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed" >&2; exit 1; }
	go vet ./...
	go test -race ./...

vscode:
	cd editors/vscode && npm ci --no-audit --no-fund && npm run compile && npm test

fuzz:
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh

bench:
	./scripts/bench.sh

install:
	go install ./cmd/nianbao
