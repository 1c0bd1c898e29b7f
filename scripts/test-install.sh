#!/usr/bin/env bash
# `make test-install`: installs dimred into a temporary PREFIX and checks what a user meets there — the binary on
# that PATH answers `--help` and reads the bundled data sets from PREFIX/share; the man page renders with `man -l`
# and names every subcommand; bash completion offers the subcommands; zsh and fish accept their scripts; a DESTDIR
# staged install writes under DESTDIR only; uninstall leaves no file behind. Run from the package root.
set -euo pipefail
MAKE=${MAKE:-make}
root=$(mktemp -d "${TMPDIR:-/tmp}/dimred-install-test.XXXXXX")
trap 'rm -rf "$root"' EXIT
failures=0
check() { # check DESCRIPTION COMMAND...: runs the command, prints ok/FAIL
    local description=$1; shift
    if "$@" >/dev/null 2>&1; then echo "ok    $description"; else echo "FAIL  $description"; failures=$((failures + 1)); fi
}

prefix=$root/prefix
$MAKE --no-print-directory install PREFIX="$prefix" >"$root/install.log" 2>&1 || { cat "$root/install.log"; exit 1; }
dimred=$prefix/bin/dimred
# Subcommand names are the SUBCOMMANDS lines indented by exactly two spaces (descriptions wrap deeper).
subcommands=$("$dimred" --help | awk '/^SUBCOMMANDS:/ {on = 1; next} on && /^$/ {exit} on && /^  [a-z]/ {print $1}')
[ -n "$subcommands" ] || { echo "FAIL  could not read the subcommands from dimred --help"; exit 1; }
echo "subcommands: $(echo $subcommands)"

for file in bin/dimred share/man/man1/dimred.1 share/bash-completion/completions/dimred share/zsh/site-functions/_dimred \
            share/fish/vendor_completions.d/dimred.fish share/mathfoundations/datasets/iris.csv share/mathfoundations/datasets/digits.csv; do
    check "installed $file" test -s "$prefix/$file"
done
check "PATH=PREFIX/bin: dimred --help" env PATH="$prefix/bin:$PATH" dimred --help

# The installed binary reads the data sets from PREFIX/share (before this checkout's datasets/, which it also
# knows from its compile-time path): a shortened iris put there gives an embedding with as many rows.
mkdir -p "$root/elsewhere"
check "dimred embed --dataset iris from another folder" \
    bash -c "cd '$root/elsewhere' && '$dimred' embed --dataset iris --method pca -o iris.csv --quiet && test -s iris.csv"
share_iris=$prefix/share/mathfoundations/datasets/iris.csv
cp "$share_iris" "$root/iris.full" && head -n 13 "$root/iris.full" >"$share_iris"
check "data sets are read from PREFIX/share/mathfoundations/datasets" \
    bash -c "cd '$root/elsewhere' && env -u MATHFOUNDATIONS_DATASETS '$dimred' embed --dataset iris --method pca -o short.csv --quiet \
             && [ \$(grep -c '[0-9]' short.csv) -eq 12 ]"
cp "$root/iris.full" "$share_iris"

# Man page: renders, and documents each subcommand.
man_text=$(MANWIDTH=100 man -l "$prefix/share/man/man1/dimred.1" 2>/dev/null | col -b 2>/dev/null || true)
check "man -l renders the page (NAME section)" grep -q "^NAME" <<<"$man_text"
for name in $subcommands; do
    check "man page documents '$name'" grep -qw "$name" <<<"$man_text"
done

# bash: the completion function offers every subcommand after `dimred `, and `em` completes to embed.
bash_completions=$(bash -c "source '$prefix/share/bash-completion/completions/dimred'
    COMP_WORDS=(dimred ''); COMP_CWORD=1; COMP_LINE='dimred '; COMP_POINT=7
    spec=\$(complete -p dimred); fn=\${spec##*-F }; fn=\${fn%% *}; \$fn dimred '' dimred; printf '%s\n' \"\${COMPREPLY[@]}\"" 2>/dev/null || true)
for name in $subcommands; do
    check "bash completion offers '$name'" grep -qx "$name" <<<"$bash_completions"
done
for shell in zsh fish; do
    script=$prefix/share/zsh/site-functions/_dimred
    [ $shell = fish ] && script=$prefix/share/fish/vendor_completions.d/dimred.fish
    for name in $subcommands; do check "$shell completion names '$name'" grep -qw "$name" "$script"; done
    if command -v $shell >/dev/null; then check "$shell -n accepts its completion script" $shell -n "$script"; fi
done

# DESTDIR: a staged install for a package writes only under DESTDIR, with PREFIX's layout.
stage=$root/stage
$MAKE --no-print-directory install DESTDIR="$stage" PREFIX=/usr/local >"$root/destdir.log" 2>&1 || { cat "$root/destdir.log"; exit 1; }
check "DESTDIR install: DESTDIR/usr/local/bin/dimred" test -x "$stage/usr/local/bin/dimred"
check "DESTDIR install: man page under DESTDIR" test -s "$stage/usr/local/share/man/man1/dimred.1"

# uninstall removes every file install wrote.
$MAKE --no-print-directory uninstall DESTDIR="$stage" PREFIX=/usr/local >/dev/null 2>&1
$MAKE --no-print-directory uninstall PREFIX="$prefix" >/dev/null 2>&1
check "uninstall (DESTDIR) leaves no file" test -z "$(find "$stage" -type f)"
check "uninstall (PREFIX) leaves no file" test -z "$(find "$prefix" -type f)"

if [ $failures -gt 0 ]; then echo "test-install: $failures check(s) failed"; exit 1; fi
echo "test-install: every check passed"
