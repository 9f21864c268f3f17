#!/usr/bin/env bash
# Builds kubernetes-mesos inside the builder image.
#
# Source: a fresh clone of GIT_REPO, or the tree mounted read-only at /snapshot, copied to
# $GOPATH/src/$GO_PACKAGE. Arguments are make's (default: bootstrap install). Environment:
#   GIT_REPO              repository to clone (credentials never appear here; see GIT_CREDENTIALS_FILE)
#   GIT_BRANCH            branch, tag or commit to check out (optional)
#   GIT_CREDENTIALS_FILE  git-credential-store file for private repositories (optional)
#   GO_PACKAGE            import path the source is placed at (forks keep the upstream path)
#   TAGS, WITH_RACE       passed to make: Go build tags, and a non-empty value adds -race
#   BINARIES              space-separated names that the build must produce
#   MISSING_BINARIES      error (default) fails when one is missing; warn or ignore only report it
#   DESTDIR               where make may install the binaries; every binary ends up here (/target)
#   META_DIR              where the commit and each binary's `go version -m` are written (optional)
set -euo pipefail
umask 022

GO_PACKAGE=${GO_PACKAGE:-github.com/mesosphere/kubernetes-mesos}
GIT_REPO=${GIT_REPO:-https://github.com/mesosphere/kubernetes-mesos}
GIT_BRANCH=${GIT_BRANCH:-}
BINARIES=${BINARIES:-proxy controller-manager kubernetes-mesos kubernetes-executor}
DESTDIR=${DESTDIR:-/target}
SNAPSHOT=${SNAPSHOT:-/snapshot}
META_DIR=${META_DIR:-}
export DESTDIR TAGS="${TAGS:-}" WITH_RACE="${WITH_RACE:-}"

fail() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Values reach this script from the action already validated; these checks keep the image safe to
# run by hand too.
case "$GIT_BRANCH" in -*) fail "GIT_BRANCH must not start with '-': $GIT_BRANCH" ;; esac
case "$GIT_REPO" in -*) fail "GIT_REPO must not start with '-'" ;; esac
case "$GO_PACKAGE" in ""|/*|*..*) fail "GO_PACKAGE is not an import path: $GO_PACKAGE" ;; esac

git_args=()
if [ -n "${GIT_CREDENTIALS_FILE:-}" ]; then
  [ -r "$GIT_CREDENTIALS_FILE" ] || fail "GIT_CREDENTIALS_FILE $GIT_CREDENTIALS_FILE is not readable"
  git_args+=(-c "credential.helper=store --file=$GIT_CREDENTIALS_FILE")
fi
git_() { git "${git_args[@]}" "$@"; }

src="$GOPATH/src/$GO_PACKAGE"
mkdir -p "$(dirname "$src")"

if [ -d "$SNAPSHOT" ] && [ -n "$(ls -A "$SNAPSHOT")" ]; then
  echo "Copying the snapshot at $SNAPSHOT to $src"
  mkdir -p "$src"
  cp -a "$SNAPSHOT/." "$src/"
  if [ -n "$GIT_BRANCH" ] && ! git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
    fail "GIT_BRANCH=$GIT_BRANCH was requested, but the snapshot at $SNAPSHOT is not a git repository"
  fi
else
  echo "Cloning $GIT_REPO into $src"
  git_ clone --quiet -- "$GIT_REPO" "$src"
fi

if [ -n "$GIT_BRANCH" ]; then
  echo "Checking out $GIT_BRANCH"
  git_ -C "$src" checkout --quiet "$GIT_BRANCH" -- \
    || fail "cannot check out '$GIT_BRANCH': no such branch, tag or commit in the repository"
fi

commit=""
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  commit=$(git -C "$src" rev-parse HEAD)
fi
echo "Building commit ${commit:-unknown (not a git repository)} with $(go version)"
# Written before make, so a failed build still reports which commit failed.
if [ -n "$META_DIR" ]; then
  mkdir -p "$META_DIR"
  printf '%s\n' "$commit" >"$META_DIR/commit"
fi

make_args=("$@")
[ ${#make_args[@]} -gt 0 ] || make_args=(bootstrap install)
mkdir -p "$DESTDIR"
echo "Running make ${make_args[*]} (TAGS='$TAGS' WITH_RACE='$WITH_RACE')"
make -C "$src" "${make_args[@]}"

# make may install into DESTDIR itself; otherwise go install left the binaries in a GOPATH bin.
search_dirs=("$DESTDIR")
IFS=: read -r -a gopath_entries <<<"$GOPATH"
for entry in "${gopath_entries[@]}"; do search_dirs+=("$entry/bin"); done
search_dirs+=("$src/Godeps/_workspace/bin" "$src/bin")

missing=()
built=()
for name in $BINARIES; do
  found=""
  for dir in "${search_dirs[@]}"; do
    if [ -f "$dir/$name" ]; then found="$dir/$name"; break; fi
  done
  if [ -z "$found" ]; then
    missing+=("$name")
    continue
  fi
  built+=("$name")
  if [ "$found" != "$DESTDIR/$name" ]; then
    cp "$found" "$DESTDIR/$name.partial"
    chmod 0755 "$DESTDIR/$name.partial"
    mv "$DESTDIR/$name.partial" "$DESTDIR/$name"
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  severity=error
  [ "${MISSING_BINARIES:-error}" = error ] || severity=warning
  {
    echo "$severity: the build did not produce: ${missing[*]}"
    echo "Files the build produced:"
    for dir in "${search_dirs[@]}"; do
      [ -d "$dir" ] && find "$dir" -maxdepth 1 -type f -printf '  %p\n'
    done
  } >&2
  [ "$severity" = error ] && exit 3
fi

if [ -n "$META_DIR" ]; then
  go env GOVERSION >"$META_DIR/go-version"
  for name in $BINARIES; do
    [ -f "$DESTDIR/$name" ] || continue
    go version -m "$DESTDIR/$name" >"$META_DIR/$name.buildinfo" 2>&1 || true
  done
fi

echo "Built commit ${commit:-unknown}: ${built[*]}"
