#!/usr/bin/env python3
"""Extract arrays of an .npz archive into raw little-endian files for the C++ tests.

The tests cannot read .npz themselves, and the machines that regenerate these
fixtures may have no numpy, so this parses the npy v1/v2/v3 header with the
standard library only.

Usage: extract_npz_arrays.py NPZ OUTPUT_DIR [--shapes COUNT] KEY [KEY ...]

Each KEY.npy becomes OUTPUT_DIR/KEY.bin holding the first COUNT entries along
axis 0 (all of them when --shapes is not given), as the C-order little-endian
bytes of the stored dtype. OUTPUT_DIR/KEY.shape contains the written shape and
dtype, as in "4 1024 3 <f4".
"""

import argparse
import ast
import os
import struct
import sys
import zipfile

SUPPORTED_DTYPES = {"<f4": 4, "<i4": 4, "<i8": 8}


def parse_npy(data, name):
    if data[:6] != b"\x93NUMPY":
        raise ValueError(f"{name}: missing the npy magic bytes")
    major = data[6]
    if major == 1:
        (header_length,) = struct.unpack("<H", data[8:10])
        header_start = 10
    elif major in (2, 3):
        (header_length,) = struct.unpack("<I", data[8:12])
        header_start = 12
    else:
        raise ValueError(f"{name}: unsupported npy version {major}")
    header = ast.literal_eval(data[header_start:header_start + header_length].decode("latin1"))
    if header["fortran_order"]:
        raise ValueError(f"{name}: Fortran-order arrays are not supported")
    dtype = header["descr"]
    if dtype not in SUPPORTED_DTYPES:
        raise ValueError(f"{name}: dtype {dtype} is not one of {sorted(SUPPORTED_DTYPES)}")
    shape = tuple(header["shape"])
    payload = data[header_start + header_length:]
    return dtype, shape, payload


def extract(npz_path, output_dir, keys, shape_count):
    os.makedirs(output_dir, exist_ok=True)
    with zipfile.ZipFile(npz_path) as archive:
        for key in keys:
            dtype, shape, payload = parse_npy(archive.read(key + ".npy"), key)
            if shape_count is not None and shape_count < shape[0]:
                shape = (shape_count,) + shape[1:]
            count = 1
            for extent in shape:
                count *= extent
            size = count * SUPPORTED_DTYPES[dtype]
            with open(os.path.join(output_dir, key + ".bin"), "wb") as output:
                output.write(payload[:size])
            with open(os.path.join(output_dir, key + ".shape"), "w") as output:
                output.write(" ".join(str(extent) for extent in shape) + " " + dtype + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("npz")
    parser.add_argument("output_dir")
    parser.add_argument("--shapes", type=int, default=None,
                        help="number of entries to keep along axis 0")
    parser.add_argument("keys", nargs="+")
    arguments = parser.parse_args()
    extract(arguments.npz, arguments.output_dir, arguments.keys, arguments.shapes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
