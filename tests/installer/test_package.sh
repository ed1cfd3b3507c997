#!/usr/bin/env bash
# Builds the Debian package with CPack and inspects it: file list, control fields and
# lintian. With POINTQ_TEST_INSTALL=1 (set by installer/test.sh under CI=true, running
# as root) it also installs the package with apt, runs the installed programs from
# /usr/bin and removes it again, checking that nothing is left behind.
# usage: test_package.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== cpack"
(cd "$work" && cpack --config "$build/CPackConfig.cmake" -B "$work" >/dev/null) || fail "cpack failed"
package=$(ls "$work"/pointq_*_amd64.deb 2>/dev/null | head -1)
[ -n "$package" ] || fail "no pointq_<version>_amd64.deb in $work: $(ls "$work")"
echo "built $(basename "$package") ($(stat -c %s "$package") bytes)"

echo "== contents"
dpkg-deb --contents "$package" | awk '{print $6}' | sed 's|^\./|/|' > "$work/contents.txt"
for expected in \
    /usr/bin/pointq \
    /usr/bin/pointq-studio \
    /usr/share/applications/io.github.pointq.Studio.desktop \
    /usr/share/metainfo/io.github.pointq.Studio.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/io.github.pointq.Studio.svg \
    /usr/share/icons/hicolor/48x48/apps/io.github.pointq.Studio.png \
    /usr/share/icons/hicolor/256x256/apps/io.github.pointq.Studio.png \
    /usr/share/man/man1/pointq.1.gz \
    /usr/share/man/man1/pointq-studio.1.gz \
    /usr/share/bash-completion/completions/pointq \
    /usr/share/doc/pointq/copyright \
    /usr/share/doc/pointq/changelog.Debian.gz \
    /usr/share/pointq/cfgs/modelnet40ply2048/pointnext-s.yaml \
    /usr/share/pointq/cfgs/default.yaml; do
    grep -qx "$expected" "$work/contents.txt" || fail "$expected is missing from the package"
done
echo "all expected files present ($(wc -l < "$work/contents.txt") entries)"

echo "== control"
dpkg-deb --field "$package" Package Version Architecture Depends > "$work/control.txt"
cat "$work/control.txt"
for dependency in libtorch libopenblas0-openmp libqt6widgets6 libvtk9 libyaml-cpp libhdf5; do
    grep -q "$dependency" "$work/control.txt" || fail "Depends does not name $dependency"
done

echo "== lintian"
if command -v lintian >/dev/null 2>&1; then
    # Errors fail the test; warnings are printed for the record.
    lintian --no-tag-display-limit "$package" > "$work/lintian.txt" 2>&1 || true
    cat "$work/lintian.txt"
    if grep -q '^E:' "$work/lintian.txt"; then
        fail "lintian reported errors"
    fi
else
    fail "lintian is not installed (installer/deps.sh installs it)"
fi

if [ "${POINTQ_TEST_INSTALL:-0}" != 1 ]; then
    echo "== install skipped: set POINTQ_TEST_INSTALL=1 (as root) to install and remove the package"
    exit 0
fi
[ "$(id -u)" = 0 ] || fail "POINTQ_TEST_INSTALL=1 needs root"

echo "== install"
dpkg -s pointq >/dev/null 2>&1 && fail "a pointq package is already installed; remove it first"
apt-get install -y --no-install-recommends "$package" > "$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install failed"; }
trap 'apt-get purge -y pointq >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

unset POINTQ_DATA_DIR
/usr/bin/pointq --version | tee "$work/version.txt"
grep -q "commit" "$work/version.txt" || fail "--version does not print the commit"
grep -q "quantized engines" "$work/version.txt" || fail "--version does not print the engines"
(cd "$work" && /usr/bin/pointq quantize \
    --cfg /usr/share/pointq/cfgs/modelnet40ply2048/pointnext-s.yaml \
    --pretrained /usr/share/pointq/tests/data/parity/mn40_s_trained_weights_only.pth \
    --data /usr/share/pointq/tests/data/modelnet40/modelnet40_ply_hdf5_2048 \
    --limit 16 --runs 2 --warmup 1 --output "$work/demo.pq" --report "$work/report.json") \
    || fail "installed pointq quantize failed"
[ -s "$work/demo.pq" ] || fail "installed pointq quantize wrote no model"
if [ -n "${DISPLAY:-}" ]; then
    HOME="$work/home" timeout 120 /usr/bin/pointq-studio --smoke-test \
        || fail "installed pointq-studio --smoke-test failed"
fi

echo "== remove"
apt-get purge -y pointq > "$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get purge failed"; }
trap 'rm -rf "$work"' EXIT
while read -r path; do
    case "$path" in
        /|/usr|/usr/*/|*/) continue ;;
    esac
    [ -e "$path" ] && fail "$path is left behind after purge"
done < "$work/contents.txt"
[ -e /usr/share/pointq ] && fail "/usr/share/pointq is left behind after purge"
echo "package installs, runs and removes cleanly"
