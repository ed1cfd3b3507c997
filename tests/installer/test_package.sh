#!/usr/bin/env bash
# Builds the Debian package with CPack and inspects it: file list, control fields and
# lintian. With POINTQ_TEST_INSTALL=1 (set by installer/test.sh under CI=true, running
# as root) it also installs the package with apt, runs the installed programs from
# /usr/bin, purges the package and checks that nothing of it is left behind. The purge
# runs on every exit after the install started, failed steps included.
# usage: test_package.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
started=$(date +%s)

# Set once apt-get install starts. From then on every exit purges the package again,
# together with any package apt pulled in that was not installed before.
installing=0
# Succeeds while dpkg lists pointq in any state other than purged, half-installed included.
pointq_known() {
    local state
    state=$(dpkg-query -W -f='${db:Status-Status}' pointq 2> /dev/null) || return 1
    [ -n "$state" ] && [ "$state" != not-installed ]
}
cleanup() {
    local status=$?
    if [ "$installing" = 1 ] && pointq_known; then
        echo "== cleanup: purging pointq"
        apt-get purge -y pointq > "$work/cleanup.log" 2>&1 || { cat "$work/cleanup.log"; echo "WARNING: apt-get purge pointq failed" >&2; status=1; }
    fi
    if [ "$installing" = 1 ] && [ -s "$work/pulled-in.txt" ]; then
        echo "purging the packages the install pulled in: $(tr '\n' ' ' < "$work/pulled-in.txt")"
        # shellcheck disable=SC2046
        apt-get purge -y $(cat "$work/pulled-in.txt") > "$work/cleanup.log" 2>&1 \
            || { cat "$work/cleanup.log"; echo "WARNING: purging pulled-in packages failed" >&2; status=1; }
    fi
    rm -rf "$work"
    echo "package test took $(( $(date +%s) - started )) s"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== cpack"
(cd "$work" && timeout 300 cpack --config "$build/CPackConfig.cmake" -B "$work" > "$work/cpack.log" 2>&1) \
    || { cat "$work/cpack.log"; fail "cpack failed"; }
package=$(ls "$work"/pointq_*_amd64.deb 2>/dev/null | head -1)
[ -n "$package" ] || fail "no pointq_<version>_amd64.deb in $work: $(ls "$work")"
echo "built $(basename "$package") ($(stat -c %s "$package") bytes)"

echo "== contents"
dpkg-deb --contents "$package" | awk '{print $6}' | sed 's|^\./|/|' > "$work/contents.txt"
expected_files=(
    /usr/bin/pointq
    /usr/bin/pointq-studio
    /usr/share/applications/io.github.pointq.Studio.desktop
    /usr/share/metainfo/io.github.pointq.Studio.metainfo.xml
    /usr/share/mime/packages/io.github.pointq.Studio.xml
    /usr/share/icons/hicolor/scalable/apps/io.github.pointq.Studio.svg
    /usr/share/man/man1/pointq.1.gz
    /usr/share/man/man1/pointq-studio.1.gz
    /usr/share/bash-completion/completions/pointq
    /usr/share/doc/pointq/copyright
    /usr/share/doc/pointq/changelog.gz
    /usr/share/pointq/cfgs/default.yaml
    /usr/share/pointq/cfgs/modelnet40ply2048/pointnext-s.yaml
    /usr/share/pointq/tests/data/parity/mn40_s_trained_weights_only.pth
    /usr/share/pointq/tests/data/SOURCES.md
)
for size in 16 32 48 64 128 256; do
    expected_files+=("/usr/share/icons/hicolor/${size}x${size}/apps/io.github.pointq.Studio.png")
done
# Every shipped config, demo file and sample cloud that is in the source tree, whatever
# their names are.
while IFS= read -r relative; do
    expected_files+=("/usr/share/pointq/$relative")
done < <(cd "$source_dir" && find cfgs resources/demo tests/data/scans tests/data/modelnet40/modelnet40_ply_hdf5_2048 -type f | sort)
for expected in "${expected_files[@]}"; do
    grep -qxF "$expected" "$work/contents.txt" || fail "$expected is missing from the package"
done
outside=$(grep -v -e '^/usr/$' -e '^/usr/bin/' -e '^/usr/share/' -e '^/$' "$work/contents.txt" || true)
[ -z "$outside" ] || fail "the package installs outside /usr/bin and /usr/share: $outside"
echo "all ${#expected_files[@]} expected files present ($(wc -l < "$work/contents.txt") entries)"

echo "== AppStream and MIME metadata"
dpkg-deb -x "$package" "$work/unpacked"
if command -v appstreamcli > /dev/null 2>&1; then
    appstreamcli validate --no-net "$work/unpacked/usr/share/metainfo/io.github.pointq.Studio.metainfo.xml" \
        || fail "appstreamcli rejects the AppStream metadata"
else
    echo "SKIP: appstreamcli is not installed, so the AppStream metadata was not validated"
fi
xmllint --noout "$work/unpacked/usr/share/mime/packages/io.github.pointq.Studio.xml" \
    || fail "the MIME type definition is not well-formed XML"
rm -rf "$work/unpacked"

echo "== control"
dpkg-deb --field "$package" Package Version Architecture Installed-Size Depends Recommends > "$work/control.txt"
cat "$work/control.txt"
for dependency in libtorch libopenblas0-openmp libqt6widgets6 libqt6charts6 libvtk9 libyaml-cpp libhdf5 qt6-qpa-plugins; do
    grep -q "$dependency" "$work/control.txt" || fail "Depends does not name $dependency"
done

echo "== lintian"
command -v lintian > /dev/null 2>&1 || fail "lintian is not installed (installer/deps.sh installs it)"
# Errors fail the test. Warnings and notes are printed for the record.
lintian_status=0
timeout 180 lintian --tag-display-limit 0 --display-info --pedantic "$package" > "$work/lintian.txt" 2>&1 || lintian_status=$?
cat "$work/lintian.txt"
[ "$lintian_status" = 124 ] && fail "lintian timed out after 180 s"
echo "lintian: $(grep -c '^E:' "$work/lintian.txt" || true) errors, $(grep -c '^W:' "$work/lintian.txt" || true) warnings," \
     "$(grep -c '^I:' "$work/lintian.txt" || true) notes, $(grep -c '^P:' "$work/lintian.txt" || true) pedantic"
if grep -q '^E:' "$work/lintian.txt"; then
    fail "lintian reported errors"
fi

if [ "${POINTQ_TEST_INSTALL:-0}" != 1 ]; then
    echo "== install skipped: set POINTQ_TEST_INSTALL=1 (as root) to install and remove the package"
    exit 0
fi
[ "$(id -u)" = 0 ] || fail "POINTQ_TEST_INSTALL=1 needs root"

echo "== install"
if pointq_known; then
    fail "a pointq package is already installed; remove it first (apt-get purge pointq)"
fi
[ -e /usr/share/pointq ] && fail "/usr/share/pointq exists before the install; remove it first"
dpkg-query -W -f='${Package}:${Architecture}\n' | sort > "$work/packages-before.txt"
installing=1
DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y --no-install-recommends "$package" > "$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; fail "apt-get install failed"; }
dpkg-query -W -f='${Package}:${Architecture}\n' | sort > "$work/packages-after.txt"
comm -13 "$work/packages-before.txt" "$work/packages-after.txt" | grep -v '^pointq:' > "$work/pulled-in.txt" || true
echo "installed; apt also pulled in $(wc -l < "$work/pulled-in.txt") packages"
dpkg -L pointq | sort > "$work/installed.txt"

export -n POINTQ_DATA_DIR
unset POINTQ_DATA_DIR
mkdir -p "$work/home" "$work/out"

echo "-- pointq --version"
(cd "$work/out" && /usr/bin/pointq --version) | tee "$work/version.txt"
grep -q '^pointq [0-9][0-9.]* (commit [0-9a-f]' "$work/version.txt" || fail "--version does not print the version and commit"
grep -q '^LibTorch 1\.' "$work/version.txt" || fail "--version does not print the LibTorch version"
grep -q '^quantized engines: [a-z]' "$work/version.txt" || fail "--version does not name a quantized engine"
grep -q '^BLAS: ' "$work/version.txt" || fail "--version does not name the BLAS"
grep -q '^BLAS: unknown' "$work/version.txt" && fail "--version could not tell which BLAS is loaded"

echo "-- pointq (no arguments)"
(cd "$work/out" && /usr/bin/pointq) > "$work/usage.txt" || fail "pointq without arguments exited with an error"
cat "$work/usage.txt"
[ "$(grep -c '^  pointq ' "$work/usage.txt")" = 3 ] || fail "pointq without arguments does not list three commands"

echo "-- pointq quantize on the installed demo model"
demo_config=$(ls /usr/share/pointq/cfgs/pointnext-demo/*.yaml | head -1)
demo_checkpoint=$(ls /usr/share/pointq/resources/demo/*.pth | head -1)
(cd "$work/out" && HOME="$work/home" timeout 300 /usr/bin/pointq quantize \
    --cfg "$demo_config" --pretrained "$demo_checkpoint" \
    --data /usr/share/pointq/resources/demo/data --calib-split train --calib 20 \
    --warmup 1 --runs 3 --threads 2 --output "$work/out/demo.pq" --report "$work/out/report.json") \
    > "$work/quantize.txt" 2>&1 || { cat "$work/quantize.txt"; fail "installed pointq quantize failed"; }
tail -n 15 "$work/quantize.txt"
[ -s "$work/out/demo.pq" ] || fail "installed pointq quantize wrote no model"
[ -s "$work/out/report.json" ] || fail "installed pointq quantize wrote no report"

echo "-- pointq-studio --smoke-test"
if [ -n "${DISPLAY:-}" ]; then
    (cd "$work/out" && env -u XDG_CONFIG_HOME HOME="$work/home" timeout 180 /usr/bin/pointq-studio --smoke-test) \
        > "$work/studio.txt" 2>&1 || { cat "$work/studio.txt"; fail "installed pointq-studio --smoke-test failed"; }
    cat "$work/studio.txt"
    grep -q '^demo session loaded: /usr/share/pointq/' "$work/studio.txt" \
        || fail "the installed workbench did not load its demo from /usr/share/pointq"
    settings="$work/home/.config/PointQ/PointQ Studio.conf"
    [ -s "$settings" ] || fail "the workbench wrote no settings to $settings"
    grep -q '^settings: .*/home/.config/PointQ/PointQ Studio.conf$' "$work/studio.txt" \
        || fail "the workbench keeps its settings elsewhere than ~/.config/PointQ"
else
    echo "SKIP: DISPLAY is not set, so the installed workbench was not started"
fi

echo "-- a build tree ignores the installed data"
if [ -x "$build/tests/test_resources" ]; then
    "$build/tests/test_resources" sourceTreeDefaultsExist > "$work/resources.txt" 2>&1 \
        || { cat "$work/resources.txt"; fail "a build-tree program resolved its data somewhere other than its source tree"; }
    echo "test_resources from $build still resolves to $source_dir"
else
    echo "SKIP: $build/tests/test_resources is not built"
fi

echo "== purge"
timeout 300 apt-get purge -y pointq > "$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get purge failed"; }
if pointq_known; then
    fail "dpkg still lists pointq after the purge"
fi
while IFS= read -r path; do
    [ -e "$path" ] || [ -L "$path" ] || continue
    # A directory may stay only while another package still owns it.
    if [ -d "$path" ] && [ ! -L "$path" ] && dpkg -S "$path" > /dev/null 2>&1; then
        continue
    fi
    fail "$path is left behind after the purge"
done < "$work/installed.txt"
[ -e /usr/share/pointq ] && fail "/usr/share/pointq is left behind after the purge"
[ -e /usr/share/doc/pointq ] && fail "/usr/share/doc/pointq is left behind after the purge"
echo "all $(wc -l < "$work/installed.txt") installed paths are gone or owned by other packages"
echo "package installs, runs and purges cleanly"
