# Liaison. `make run` serves the demo graph; `make test` runs every test
# against a real, throwaway Neo4j. `make help` lists the rest.

GO        ?= go
BIN       := bin/liaison
PKGS      := ./...
export GOFLAGS ?= -mod=mod

.PHONY: help run test bench build generate neo4j neo4j-start neo4j-stop neo4j-status fmt vet lint clean

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

build: ## build bin/liaison
	$(GO) build -o $(BIN) ./cmd/liaison

neo4j: ## build the local Neo4j launcher (Maven, once)
	neo4j/neo4j.sh build

neo4j-start: ## start the local Neo4j on 7687 (data in .data/)
	@if [ -n "$$NEO4J_URI" ]; then echo "NEO4J_URI=$$NEO4J_URI is set: not starting a local Neo4j"; else neo4j/neo4j.sh start; fi

neo4j-stop: ## stop the local Neo4j
	neo4j/neo4j.sh stop

neo4j-status: ## is the local Neo4j running?
	neo4j/neo4j.sh status

run: build neo4j-start ## serve the demo graph at http://localhost:8080/graphql
	LIAISON_SEED_DEMO=true $(BIN) serve

test: ## run every test against a throwaway Neo4j
	scripts/with-neo4j.sh $(GO) test -count=1 -timeout 15m $(PKGS)

bench: build ## path-query benchmarks per seed scale, own Neo4j on 17689 (see bench/README.md)
	BENCH_LIAISON_BIN=$(BIN) bench/run.sh

generate: ## regenerate the GraphQL code from schema/
	$(GO) run github.com/99designs/gqlgen generate

fmt: ## gofmt the tree
	gofmt -w $$(git ls-files '*.go')

vet: ## gofmt check and go vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet $(PKGS)

lint: vet

clean: ## remove build output (not the Neo4j data)
	rm -rf bin neo4j/target
