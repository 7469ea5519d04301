# explorer.mk: rebuilds the web explorer bundle (explorer/static, committed and embedded).
# Included from the top-level Makefile. Needs Node 20+ and npm; running the server needs only Go.
#
#   make explorer        npm ci && npm run build in explorer/web, then go test ./explorer

EXPLORER_WEB := explorer/web

.PHONY: explorer
explorer:
	cd $(EXPLORER_WEB) && npm ci --no-audit --no-fund && npm run build
	go test ./explorer
