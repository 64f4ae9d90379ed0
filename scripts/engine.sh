#!/usr/bin/env bash
# Makes the Pulumi engine available and prints the folder to put first on PATH.
#
# Order of preference:
#   1. a `pulumi` already on PATH (plus our dynamic-provider plugin script beside it in the cache);
#   2. a cached build keyed by version under $PULUMI_ENGINE_CACHE (default ~/.cache/pulumi-dns-cloud-engine);
#   3. a fresh build of the CLI from the Go module proxy into that cache (once per machine and version).
#
# The Node.js language host (`pulumi-language-nodejs`) is not served by the Go module proxy here
# (403 "This module version is not available"), so the cache gets our own small host
# (scripts/language-host.js), which runs programs through @pulumi/pulumi's own `cmd/run` entry point.
set -euo pipefail

PULUMI_VERSION="${PULUMI_ENGINE_VERSION:-3.274.1}"
CACHE_ROOT="${PULUMI_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-dns-cloud-engine}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN="$CACHE_ROOT/v$PULUMI_VERSION/bin"
log() { echo "[engine] $*" >&2; }

install_plugins() {
  mkdir -p "$BIN"
  # The engine starts plugins in the program's folder; like the real plugin script we run the
  # program's own @pulumi/pulumi, found by Node's resolution from there (so a parent node_modules works too).
  cat >"$BIN/pulumi-resource-pulumi-nodejs.tmp" <<'SH'
#!/bin/sh
p=$(node -p 'require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [process.cwd()] })') || exit 1
exec node "$p" "$@"
SH
  chmod +x "$BIN/pulumi-resource-pulumi-nodejs.tmp"
  mv "$BIN/pulumi-resource-pulumi-nodejs.tmp" "$BIN/pulumi-resource-pulumi-nodejs"
  if ! command -v pulumi-language-nodejs >/dev/null 2>&1 || [ "$(command -v pulumi-language-nodejs)" = "$BIN/pulumi-language-nodejs" ]; then
    cp "$HERE/language-host.js" "$BIN/pulumi-language-nodejs.tmp"
    chmod +x "$BIN/pulumi-language-nodejs.tmp"
    mv "$BIN/pulumi-language-nodejs.tmp" "$BIN/pulumi-language-nodejs"
  fi
}

build_cli() {
  command -v go >/dev/null 2>&1 || { log "no pulumi on PATH and no Go toolchain to build it"; exit 1; }
  local work="$CACHE_ROOT/v$PULUMI_VERSION/build"
  mkdir -p "$work" "$BIN"
  log "building pulumi v$PULUMI_VERSION from the Go module proxy into $BIN (once per machine)"
  local started=$SECONDS
  # A wrapper module: pkg/v3's go.mod replaces sdk/v3 with a relative path, which `go install pkg@v`
  # refuses; we require both at the same tag and copy its other replace line.
  cat >"$work/go.mod" <<MOD
module pulumi-engine-build

go 1.26

require (
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD
  cat >"$work/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
  (cd "$work" && GOFLAGS=-mod=mod go mod tidy -e >/dev/null 2>"$work/tidy.log" || { cat "$work/tidy.log" >&2; exit 1; })
  (cd "$work" && GOFLAGS=-mod=mod go build -trimpath \
     -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
     -o "$BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  mv "$BIN/pulumi.tmp" "$BIN/pulumi"
  log "built pulumi v$PULUMI_VERSION in $((SECONDS - started))s"
}

if [ -z "${PULUMI_ENGINE_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1 && [ "$(command -v pulumi)" != "$BIN/pulumi" ]; then
  install_plugins
  log "using $(command -v pulumi) ($(pulumi version 2>/dev/null || echo unknown version))"
elif [ -x "$BIN/pulumi" ]; then
  install_plugins
else
  # One build per machine and version, even when the demo and several test runs start at once.
  mkdir -p "$CACHE_ROOT"
  exec 9>"$CACHE_ROOT/.build-v$PULUMI_VERSION.lock"
  flock 9
  [ -x "$BIN/pulumi" ] || build_cli
  install_plugins
fi
echo "$BIN"
