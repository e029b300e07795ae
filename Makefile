# claimtrail needs cgo (mattn/go-sqlite3) and the sqlite_fts5 build tag
# everywhere; these targets are the only place the flags are spelled out.

# Go from PATH, or from /usr/local/go where the official tarball puts it.
GO       ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
GOFMT    ?= $(dir $(GO))gofmt
TAGS     := sqlite_fts5
# go.mod names the toolchain (a patch release with the standard library's
# security fixes); let go fetch it from the module proxy when the installed
# one is older, whatever the installation's go.env says.
export GOTOOLCHAIN ?= auto
BIN      := bin/claimtrail
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: build run demo test lint screenshots long corpus fuzz vulncheck bench bench-corpus clean

## build: compile bin/claimtrail
build:
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/claimtrail

## run: build and serve on http://127.0.0.1:8080 with claimtrail.db
run: build
	./$(BIN) serve

## demo: build and serve with the demo workspace loaded
demo: build
	./$(BIN) serve --demo

## test: every test, with the race detector
test:
	$(GO) test -tags $(TAGS) -race -count=1 ./...

## lint: gofmt, go vet and staticcheck
lint:
	@unformatted="$$($(GOFMT) -l .)"; if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...
	$(GO) run $(STATICCHECK) -tags $(TAGS) ./...

## screenshots: refresh docs/screenshots from the browser tests
screenshots:
	CLAIMTRAIL_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -tags $(TAGS) -count=1 -run Browser ./web/

## long: the fault and abuse tests at full length (300 crash cycles, every
## query parameter of every route, 25 concurrency rounds)
long:
	CLAIMTRAIL_LONG=1 $(GO) test -tags $(TAGS) -race -count=1 -timeout 60m -run 'Crash|Concurrent|Cancelled|Hostile|SlowHeaders' ./cmd/... ./web/

## corpus: generate a large realistic corpus (CLAIMS, default 1M) outside
## the repo and measure search, similar-claims and list latencies on it;
## run it on an otherwise idle machine
CLAIMS ?= 1000000
CORPUS ?= /tmp/claimtrail-corpus.db
corpus:
	rm -f $(CORPUS) $(CORPUS)-wal $(CORPUS)-shm
	$(GO) run -tags $(TAGS) ./cmd/claimgen -db $(CORPUS) -claims $(CLAIMS) -batch 2000
	CLAIMTRAIL_CORPUS=$(CORPUS) $(GO) test -tags $(TAGS) -count=1 -run TestCorpusLatency -v ./db

## fuzz: run every fuzz target briefly (FUZZTIME each, default 5s); their
## seed corpora already run in make test
FUZZTIME ?= 5s
fuzz:
	@set -e; for pkg in $$($(GO) list -tags $(TAGS) ./...); do \
	  dir=$$($(GO) list -tags $(TAGS) -f '{{.Dir}}' $$pkg); \
	  for target in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/^func //'); do \
	    echo "fuzz $$pkg $$target"; \
	    $(GO) test -tags $(TAGS) -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

## vulncheck: govulncheck against the Go vulnerability database, built
## locally from the golang.org/x/vulndb module (the database's own host is
## not reachable here; the module proxy is)
GOVULNCHECK := golang.org/x/vuln/cmd/govulncheck@v1.9.0
vulncheck:
	@dir=$$(cd /tmp && GOFLAGS=-mod=mod $(GO) mod download -json golang.org/x/vulndb@latest | sed -n 's/.*"Dir": "\(.*\)".*/\1/p'); \
	rm -rf $(CURDIR)/.vulndb; (cd $$dir && GOFLAGS=-mod=mod $(GO) run ./cmd/indexdb -vulns data/osv -out $(CURDIR)/.vulndb)
	$(GO) run $(GOVULNCHECK) -db file://$(CURDIR)/.vulndb -tags $(TAGS) ./...

## bench: the Go benchmarks, then the load benchmark against the real
## server (cmd/claimbench: the floor, then every scenario at 1, 8, 32 and
## 128 clients: throughput, latency percentiles, errors, RSS; it ends with
## a Markdown summary for docs/BENCHMARKS.md)
BENCHFLAGS ?= -clients 1,8,32,128 -duration 5s
bench: build
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./...
	$(GO) run -tags $(TAGS) ./cmd/claimbench -bin $(BIN) $(BENCHFLAGS)

## bench-corpus: claimbench on the corpus that make corpus generated
## (CORPUS): cold and warm server start and RSS under load at its size.
## Reads only; it adds a user, a source and a document to the corpus.
bench-corpus: build
	$(GO) run -tags $(TAGS) ./cmd/claimbench -bin $(BIN) -db $(CORPUS) -scenarios ceiling,get,page,list,listpage,search $(BENCHFLAGS)

clean:
	rm -rf bin
