# Liaison. `make run` serves the demo graph; `make test` runs every test
# against a real, throwaway Neo4j. `make help` lists the rest.

GO        ?= go
BIN       := bin/liaison
PKGS      := ./...
export GOFLAGS ?= -mod=mod

.PHONY: help run test test-deps bench bench-peer bench-large bench-keys bench-import build generate neo4j neo4j-start neo4j-stop neo4j-status fmt vet lint cypherlint staticcheck deadcode clean web e2e screenshots

# The explorer page (web/src, esbuild) is built into web/dist and embedded
# in the binary; its end-to-end tests (e2e/, playwright-core and Debian's
# chromium) run against their own throwaway Neo4j on E2E_NEO4J_PORT.
WEB_SRC        := $(shell find web/src -type f 2>/dev/null) web/build.mjs web/package.json
E2E_NEO4J_PORT ?= $(shell echo $$(( $${LIAISON_TEST_NEO4J_PORT:-17687} + 10 )))

help: ## this list
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

build: web ## build bin/liaison (with the explorer page)
	$(GO) build -o $(BIN) ./cmd/liaison

web: web/dist/index.html ## build the explorer page and GraphiQL into web/dist (npm ci, esbuild)

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
	cd web && node build.mjs

e2e/node_modules/.package-lock.json: e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	@touch $@

neo4j: ## build the local Neo4j launcher (Maven, once)
	neo4j/neo4j.sh build

neo4j-start: ## start the local Neo4j on 7687 (data in .data/)
	@if [ -n "$$NEO4J_URI" ]; then echo "NEO4J_URI=$$NEO4J_URI is set: not starting a local Neo4j"; else neo4j/neo4j.sh start; fi

neo4j-stop: ## stop the local Neo4j
	neo4j/neo4j.sh stop

neo4j-status: ## is the local Neo4j running?
	neo4j/neo4j.sh status

run: build neo4j-start ## serve the demo graph: explorer at http://localhost:8080, GraphQL at /graphql
	LIAISON_SEED_DEMO=true LIAISON_DEMO=true $(BIN) serve

test-deps: ## chromium and the CJK fonts for the browser tests: installs them as root, else prints the command
	scripts/test-deps.sh

test: test-deps ## run every test against a throwaway Neo4j, then the explorer's end-to-end tests
	$(MAKE) build
	scripts/with-neo4j.sh $(GO) test -count=1 -timeout 15m $(PKGS)
	$(MAKE) e2e

e2e: test-deps build e2e/node_modules/.package-lock.json ## end-to-end tests of the explorer page in chromium, own Neo4j
	env -u LIAISON_TEST_NEO4J_URI LIAISON_TEST_NEO4J_PORT=$(E2E_NEO4J_PORT) scripts/with-neo4j.sh \
		sh -c 'cd e2e && LIAISON_BIN=../$(BIN) node --test --test-reporter=tap --test-concurrency=1 explorer.test.mjs keepintouch.test.mjs contributions.test.mjs organization.test.mjs export.test.mjs'

screenshots: ## run the end-to-end tests, saving their screenshots into docs/
	$(MAKE) e2e LIAISON_E2E_SCREENSHOTS=docs

bench: build ## path-query benchmarks per seed scale (own Neo4j on 17689), then the import benchmark (see bench/README.md)
	BENCH_LIAISON_BIN=$(BIN) bench/run.sh
	BENCH_LIAISON_BIN=$(BIN) bench/import.sh
	bench/keys.sh

bench-large: build ## scale 100 (hours on 2 cores): seed with ties, paths and introducers, brokers and communities, memory and store size
	BENCH_LIAISON_BIN=$(BIN) BENCH_SCALES="$${BENCH_LARGE_SCALES:-100}" BENCH_ANALYTICS=1 \
		BENCH_NEO4J_HEAP="$${BENCH_NEO4J_HEAP:-2g}" BENCH_NEO4J_PAGECACHE="$${BENCH_NEO4J_PAGECACHE:-2g}" \
		BENCH_SEED_TIMEOUT="$${BENCH_SEED_TIMEOUT:-10800}" NEO4J_TX_TIMEOUT="$${NEO4J_TX_TIMEOUT:-600}" bench/run.sh

bench/peer/node_modules/.package-lock.json: bench/peer/package-lock.json
	cd bench/peer && npm ci --no-audit --no-fund
	@touch $@

bench-peer: build bench/peer/node_modules/.package-lock.json ## Liaison against @neo4j/graphql and raw Cypher, 8 query shapes, scale 1 (own Neo4j on 17692; bench/README.md)
	BENCH_LIAISON_BIN=$(BIN) bench/peer.sh

bench-keys: ## the cost of an Idempotency-Key on a write (p50 with and without), own Neo4j on 17691
	bench/keys.sh

bench-import: build ## import benchmark only: liaison import of scale-10 CSV into a fresh Neo4j on 17690
	BENCH_LIAISON_BIN=$(BIN) bench/import.sh

generate: ## regenerate the GraphQL code from schema/
	$(GO) run github.com/99designs/gqlgen generate

fmt: ## gofmt the tree
	gofmt -w $$(git ls-files '*.go')

vet: ## gofmt check and go vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet $(PKGS)

# Linters at fixed versions, run from the Go module proxy (not in go.mod).
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
DEADCODE    := $(GO) run golang.org/x/tools/cmd/deadcode@v0.39.0

lint: vet cypherlint staticcheck deadcode ## vet, cypherlint, staticcheck and deadcode: all must be clean

staticcheck: ## staticcheck (honnef.co/go/tools v0.8.2)
	$(STATICCHECK) $(PKGS)

deadcode: ## fail on any function that nothing calls, tests included (golang.org/x/tools/cmd/deadcode)
	@out="$$($(DEADCODE) -test $(PKGS))" || exit 1; if [ -n "$$out" ]; then echo "$$out"; exit 1; fi

cypherlint: ## prove that no Cypher text is built from untrusted data (internal/cypherlint; also part of make test)
	$(GO) test -count=1 ./internal/cypherlint/

clean: ## remove build output (not the Neo4j data)
	rm -rf bin neo4j/target
	find web/dist -mindepth 1 ! -name .placeholder -delete
