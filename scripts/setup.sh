#!/usr/bin/env bash
# Installs what MAO Graph needs besides Go when it is missing: a JDK (17+) and Maven for the
# dev Neo4j, and Chromium for the explorer's end-to-end test. Quiet and quick when all is there.
set -euo pipefail

missing=()
java_ok() {
	command -v java >/dev/null 2>&1 || return 1
	local v
	v=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
	[ -n "$v" ] && [ "$v" -ge 17 ]
}
java_ok || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 && [ -z "${CHROME_PATH:-}" ]; then
	missing+=(chromium)
fi
if ! command -v go >/dev/null 2>&1; then
	echo "setup: Go 1.26 or newer is required (https://go.dev/dl/)" >&2
	exit 1
fi
# graphql-http's GraphQL-over-HTTP audit (TestGraphQLOverHTTPAudit), pinned in its lockfile.
audit_deps() {
	[ -d clients/http-audit/node_modules/graphql-http ] && return 0
	if ! command -v npm >/dev/null 2>&1; then
		echo "setup: npm is needed for clients/http-audit (apt-get install nodejs npm)" >&2
		return 1
	fi
	echo "setup: npm ci in clients/http-audit"
	(cd clients/http-audit && npm ci --no-audit --no-fund --silent)
}
if [ ${#missing[@]} -eq 0 ]; then
	audit_deps
	exit 0
fi

echo "setup: installing ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
	echo "setup: please install ${missing[*]} (no apt-get here)" >&2
	exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
audit_deps
