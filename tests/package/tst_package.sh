#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Debian package, end to end: builds it with CPack from the build folder, unpacks it with dpkg -x
# into a temporary root, checks the installed tree (programs, desktop entry, metainfo, icons, man
# pages, copyright, changelog, sample), validates the desktop entry and the metainfo, runs lintian,
# then runs both programs from that root: --version, --help, one headless lada-cli round on the
# installed sample, and the workbench under xvfb-run to its first proposal with a screenshot.
# Usage: tst_package.sh BUILD_DIR VERSION [CPACK]
# Every failure names the step and what was wrong; the temporary folder is kept for a look then.
set -uo pipefail

build=$(cd "${1:?build folder}" && pwd)
version=${2:?version}
cpack=${3:-cpack}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tst_package.XXXXXX")
root=$tmp/root
deb=$tmp/out/lada-workbench_${version}_amd64.deb
failures=0

say() { echo "tst_package: $*"; }
fail() {
    echo "tst_package: FAIL: $*" >&2
    failures=$((failures + 1))
}
# A step that the rest cannot go without: stop at once.
fatal() {
    echo "tst_package: FAIL: $*" >&2
    echo "tst_package: stopped; its files are in $tmp" >&2
    exit 1
}
# run LOG CMD...: runs CMD with its output in LOG; on failure shows the tail of LOG.
run() {
    local log=$1
    shift
    local rc=0
    "$@" >"$log" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]]; then
        echo "tst_package: '$*' exited with $rc; last lines of $log:" >&2
        tail -n 30 "$log" >&2
    fi
    return $rc
}

# --- tools -----------------------------------------------------------------------------------------
for tool in "$cpack" dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli lintian xvfb-run file gzip; do
    command -v "$tool" >/dev/null ||
        fatal "'$tool' is not installed (packaging/install-deps.sh installs what the package test needs)"
done

# Nothing the programs write may reach the real home folder: settings, sessions, caches go here.
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share
export XDG_CACHE_HOME=$tmp/home/.cache XDG_RUNTIME_DIR=$tmp/runtime
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$tmp/out" "$root"
chmod 700 "$XDG_RUNTIME_DIR"

# --- build and unpack ------------------------------------------------------------------------------
say "cpack -G DEB in $build"
(cd "$build" && run "$tmp/cpack.log" "$cpack" -G DEB -B "$tmp/out") || fatal "cpack -G DEB did not build the package"
[[ -s $deb ]] || fatal "cpack made no $(basename "$deb"); $tmp/out holds: $(cd "$tmp/out" && echo *)"
run "$tmp/dpkg-x.log" dpkg-deb -x "$deb" "$root" || fatal "dpkg-deb -x could not unpack $deb"
say "unpacked $(basename "$deb") ($(stat -c %s "$deb") bytes) into $root"

# --- control fields --------------------------------------------------------------------------------
for field in Package Version Architecture Maintainer Section Homepage Depends Description; do
    [[ -n $(dpkg-deb -f "$deb" "$field") ]] || fail "control field $field is empty"
done
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "Version is '$(dpkg-deb -f "$deb" Version)', not $version"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libtorch libqt6widgets6; do
    [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib (dpkg-shlibdeps did not run?): $depends"
done

# --- the installed tree ----------------------------------------------------------------------------
desktops=("$root"/usr/share/applications/*.desktop)
[[ ${#desktops[@]} -eq 1 && -f ${desktops[0]} ]] ||
    fatal "expected one desktop entry in /usr/share/applications, found: ${desktops[*]}"
id=$(basename "${desktops[0]}" .desktop)
[[ $id =~ ^[a-z]+\.[a-z_]+\.[a-z_]+\.[A-Za-z_]+$ ]] || fail "desktop id '$id' is not a reverse-DNS id"
say "application id $id"
metainfo=$root/usr/share/metainfo/$id.metainfo.xml
expected=(
    usr/bin/lada-cli usr/bin/lada-workbench
    "usr/share/applications/$id.desktop" "usr/share/metainfo/$id.metainfo.xml"
    usr/share/icons/hicolor/scalable/apps/lada-workbench.svg
    usr/share/man/man1/lada-cli.1.gz usr/share/man/man1/lada-workbench.1.gz
    usr/share/doc/lada-workbench/copyright usr/share/doc/lada-workbench/changelog.gz
    usr/share/lada-workbench/sample/ATTRIBUTION.md
)
for size in 16 32 48 64 128 256; do
    expected+=("usr/share/icons/hicolor/${size}x${size}/apps/lada-workbench.png")
done
for f in "${expected[@]}"; do
    [[ -s $root/$f ]] || fail "missing or empty: /$f"
done
for f in usr/bin/lada-cli usr/bin/lada-workbench; do
    [[ -x $root/$f ]] || fail "/$f is not executable"
    file "$root/$f" | grep -q ', stripped' || fail "/$f is not stripped: $(file -b "$root/$f")"
done
for size in 16 32 48 64 128 256; do
    png=$root/usr/share/icons/hicolor/${size}x${size}/apps/lada-workbench.png
    [[ -f $png ]] && ! file -b "$png" | grep -q "PNG image data, $size x $size," &&
        fail "/usr/share/icons/hicolor/${size}x${size}/apps/lada-workbench.png is $(file -b "$png")"
done
for page in lada-cli lada-workbench; do
    gz=$root/usr/share/man/man1/$page.1.gz
    [[ -f $gz ]] || continue
    gzip -t "$gz" || fail "/usr/share/man/man1/$page.1.gz is not a valid gzip file"
    gzip -dc "$gz" | grep -q '^\.TH ' || fail "/usr/share/man/man1/$page.1.gz has no .TH line"
done
changelog=$root/usr/share/doc/lada-workbench/changelog.gz
[[ -f $changelog ]] && ! gzip -dc "$changelog" | head -n 1 | grep -q "^lada-workbench ($version)" &&
    fail "the changelog's first entry is not version $version: $(gzip -dc "$changelog" | head -n 1)"
copyright=$root/usr/share/doc/lada-workbench/copyright
if [[ -f $copyright ]]; then
    head -n 1 "$copyright" | grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
        fail "the copyright file is not in the machine-readable format (no Format: line)"
    for word in MNIST rasbt/mnist-pngs CC-BY-SA-3.0 'License: Expat'; do
        grep -q "$word" "$copyright" || fail "the copyright file does not mention $word"
    done
fi
for split in train test; do
    n=$(find "$root/usr/share/lada-workbench/sample/mnist/$split" -name '*.png' 2>/dev/null | wc -l)
    [[ $n -gt 0 ]] || fail "the sample's $split split is missing from /usr/share/lada-workbench/sample/mnist"
    say "sample $split: $n images"
done
unexpected=$(cd "$root" && find . -type f | grep -v -e '^\./usr/bin/lada-' -e '^\./usr/share/lada-workbench/sample/' \
    -e '^\./usr/share/applications/' -e '^\./usr/share/metainfo/' -e '^\./usr/share/icons/hicolor/' \
    -e '^\./usr/share/man/man1/' -e '^\./usr/share/doc/lada-workbench/')
[[ -z $unexpected ]] || fail "files the package should not hold: $unexpected"

# --- desktop entry, metainfo, lintian --------------------------------------------------------------
run "$tmp/desktop-file-validate.log" desktop-file-validate "${desktops[0]}" || fail "desktop-file-validate refused $id.desktop"
[[ -s $tmp/desktop-file-validate.log ]] && cat "$tmp/desktop-file-validate.log"
grep -qx 'Exec=lada-workbench' "${desktops[0]}" || fail "$id.desktop does not start lada-workbench"
grep -qx 'Icon=lada-workbench' "${desktops[0]}" || fail "$id.desktop does not name the lada-workbench icon"
if [[ -f $metainfo ]]; then
    run "$tmp/appstreamcli.log" appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate refused $id.metainfo.xml"
    grep -q "<id>$id</id>" "$metainfo" || fail "the metainfo's <id> is not $id"
    grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" ||
        fail "the metainfo does not launch $id.desktop"
    grep -q "<release version=\"$version\"" "$metainfo" || fail "the metainfo has no release entry for $version"
fi
# Errors fail the test; warnings and the rest are printed (the report lists why each one stays).
lintian --fail-on error --no-tag-display-limit "$deb" >"$tmp/lintian.log" 2>&1 || {
    fail "lintian found errors:"
    grep '^E:' "$tmp/lintian.log" >&2
}
grep -E '^[WE]:' "$tmp/lintian.log" | sed 's/^/tst_package: lintian: /'

# --- run both programs from the unpacked root ------------------------------------------------------
cli=$root/usr/bin/lada-cli
workbench=$root/usr/bin/lada-workbench
sample=$root/usr/share/lada-workbench/sample/mnist
# --help and --version print and exit: no display, and a short limit in case a window opens instead.
for program in "$cli" "$workbench"; do
    name=$(basename "$program")
    out=$(env -u DISPLAY -u WAYLAND_DISPLAY timeout 60 "$program" --version 2>&1) ||
        fail "$name --version exited with $? without a display: $out"
    [[ $out == *"$version"* ]] || fail "$name --version does not print $version: $out"
    out=$(env -u DISPLAY -u WAYLAND_DISPLAY timeout 60 "$program" --help 2>&1) ||
        fail "$name --help exited with $? without a display: $(head -n 5 <<<"$out")"
    [[ $out == *--help* ]] || fail "$name --help does not list its options: $(head -n 5 <<<"$out")"
done
out=$(timeout 60 "$cli" run --help 2>&1) || fail "lada-cli run --help exited with $?"
[[ $out == *--strategy* ]] || fail "lada-cli run --help does not list --strategy"

say "lada-cli run: one round on the installed sample"
if run "$tmp/cli-run.log" timeout 300 "$cli" run --train "$sample/train" --test "$sample/test" --model cnn \
    --strategy entropy --rounds 1 --budget 10 --initial 20 --epochs 2 --pool-subset 200 --threads 2 \
    --out "$tmp/cli-run.json"; then
    # The accuracy table: round 0 with the 20 initial labels, round 1 with the budget's 10 more.
    grep -Eq '^0 +20 +0\.[0-9]+' "$tmp/cli-run.log" || fail "lada-cli run printed no round 0 row (20 labeled)"
    grep -Eq '^1 +30 +0\.[0-9]+' "$tmp/cli-run.log" || fail "lada-cli run printed no round 1 row (30 labeled)"
    [[ -s $tmp/cli-run.json && -s $tmp/cli-run.csv ]] || fail "lada-cli run wrote no results file"
    grep -E '^(0|1) ' "$tmp/cli-run.log" | sed 's/^/tst_package:   /'
else
    fail "lada-cli run on the installed sample failed"
fi

say "lada-workbench under xvfb-run: to the first proposal, with a screenshot"
if run "$tmp/workbench.log" timeout 300 xvfb-run -a "$workbench" --train "$sample/train" --test "$sample/test" \
    --strategy entropy --simulate-oracle --quit-after-rounds 1 --set epochs=2 --set pool-subset=200 \
    --screenshot "$tmp/shot.png" --session-dir "$tmp/session"; then
    [[ -s $tmp/shot.png ]] || fail "lada-workbench saved no screenshot"
    file -b "$tmp/shot.png" | grep -q '^PNG image data' || fail "the screenshot is not a PNG: $(file -b "$tmp/shot.png")"
    [[ -s $tmp/session/session.json && -s $tmp/session/labels.jsonl ]] || fail "lada-workbench wrote no session"
    grep -q 'proposed' "$tmp/workbench.log" || fail "lada-workbench reported no proposal"
else
    fail "lada-workbench did not run to its first proposal"
fi

if [[ $failures -ne 0 ]]; then
    echo "tst_package: $failures check(s) failed; the package, its unpacked root and the logs are in $tmp" >&2
    exit 1
fi
say "all checks passed"
rm -rf "$tmp"
