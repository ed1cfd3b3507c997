#!/usr/bin/env bash
# Installs the Debian 12 packages that PointQ builds, tests and runs with.
# Runs apt-get only for packages that are missing, so a second run is quick.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev
  libopenblas0-openmp libopenblas-openmp-dev
  libyaml-cpp-dev libhdf5-dev libzip-dev zlib1g-dev libssl-dev
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libqt6svg6
  libvtk9-dev libopenmpi-dev
  libgl-dev mesa-utils libgl1-mesa-dri
  xvfb xauth x11-apps imagemagick poppler-utils
  dpkg-dev lintian appstream libxml2-utils qt6-qpa-plugins
  fonts-noto-cjk
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} Debian packages are installed"
else
  echo "deps: installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Debian selects the reference BLAS by default, which makes FP32 several times
# slower than OpenBLAS and every FP32-vs-INT8 comparison unfair.
blas_target=/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3
if [ -e "$blas_target" ]; then
  current=$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | awk '/^Value:/{print $2}')
  if [ "$current" != "$blas_target" ]; then
    "${sudo_cmd[@]}" update-alternatives --set libblas.so.3-x86_64-linux-gnu "$blas_target"
  fi
  lapack_target=/usr/lib/x86_64-linux-gnu/openblas-openmp/liblapack.so.3
  if [ -e "$lapack_target" ]; then
    "${sudo_cmd[@]}" update-alternatives --set liblapack.so.3-x86_64-linux-gnu "$lapack_target" >/dev/null 2>&1 || true
  fi
fi
