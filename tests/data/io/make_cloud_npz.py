"""Write the small NPZ point-cloud fixtures with the Python standard library only.

    python3 make_cloud_npz.py   # writes cloud_points.npz and cloud_single.npz here

cloud_points.npz: `points` float32 (5, 3) with point i = (i, 2 i, 3 i) and
`labels` int64 (5,) = 0..4. cloud_single.npz: one array `coords` float64 (4, 6)
with row i = (i, i + 0.5, -i, 0, 0, 1), read as x y z and normals.
"""
import os
import struct
import zipfile


def npy_bytes(dtype, shape, values, fmt):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (dtype, repr(tuple(shape)))
    # NPY 1.0 pads the header with spaces so the data starts at a multiple of 64.
    total = 10 + len(header) + 1
    header += " " * ((64 - total % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") + struct.pack(
        "<%d%s" % (len(values), fmt), *values)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    points = [v for i in range(5) for v in (i, 2 * i, 3 * i)]
    with zipfile.ZipFile(os.path.join(here, "cloud_points.npz"), "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("labels.npy", npy_bytes("<i8", (5,), list(range(5)), "q"))
        archive.writestr("points.npy", npy_bytes("<f4", (5, 3), points, "f"))
    coords = [v for i in range(4) for v in (i, i + 0.5, -i, 0.0, 0.0, 1.0)]
    with zipfile.ZipFile(os.path.join(here, "cloud_single.npz"), "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("coords.npy", npy_bytes("<f8", (4, 6), coords, "d"))


if __name__ == "__main__":
    main()
