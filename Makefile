# MAO Graph. Two commands do everything on a fresh machine:
#   make run    serve http://localhost:8080 on the dev Neo4j with the seeded graph
#   make test   vet, check generated code (in CI), run every test against real Neo4j
GO ?= go

.PHONY: run test setup generate check-generated load devdb-start devdb-stop devdb-status soak fuzz bench

run: setup
	$(GO) run .

test: setup
	$(GO) vet ./...
	$(MAKE) check-generated
	$(GO) test -count=1 -timeout 30m ./...

setup:
	@bash scripts/setup.sh

# gqlgen code generation (schema first: edit schema/*.graphqls, then this).
generate:
	$(GO) generate ./...

# In CI the committed generated code must equal what gqlgen generates from the schema.
check-generated:
	@if [ "$$CI" = "true" ]; then \
		$(GO) generate ./... && git diff --exit-code -- graph/ || \
		{ echo "generated code is stale: run 'make generate' and commit"; exit 1; }; \
	fi

# Validate the seeds and sync them into Neo4j (NEO4J_URI, or the dev Neo4j).
load: setup
	$(GO) run . load

# The dev Neo4j in the background, stopped by its pid (.devdb/neo4j.pid).
devdb-start: setup
	$(GO) run . devdb start
devdb-stop:
	$(GO) run . devdb stop
devdb-status:
	$(GO) run . devdb status

# Benchmarks side by side (MAO Graph, raw Cypher, @neo4j/graphql) at S, M and L; writes
# bench/RESULTS.md. Loads write a shadow generation in batches, but at L (100k initiatives) the
# switch to it still needs more than the dev Neo4j's default 1 GiB heap: the bench's -heap
# (6g by default) serves the loads and the queries.
bench: setup
	$(GO) run ./bench -sizes S,M,L -out bench/RESULTS.md

# Ten minutes of mixed load with a Neo4j restart in the middle (see README, Operating).
soak: setup
	$(GO) run ./soak -duration 10m

# Each fuzz target for a minute; the seed corpora also run in every `make test`.
fuzz:
	$(GO) test ./store -run '^$$' -fuzz '^FuzzLuceneQuery$$' -fuzztime 60s
	$(GO) test ./store -run '^$$' -fuzz '^FuzzSnippet$$' -fuzztime 60s
	$(GO) test ./store -run '^$$' -fuzz '^FuzzDecodeCursor$$' -fuzztime 60s
	$(GO) test ./graph -run '^$$' -fuzz '^FuzzPageArgs$$' -fuzztime 60s
	$(GO) test ./loader -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 60s

include explorer/explorer.mk
