#!/usr/bin/env python3
"""Write the small npz and checkpoint fixtures of tests/core/test_npy.cpp and test_checkpoint.cpp.

Needs only the Python standard library. The npz subsets copy the .npy entries of the
parity archive mn40_s_trained_io_small.npz byte for byte, so their values are the
real ones. The other files are hand-made bad inputs that no tool would write.

Usage: make_io_fixtures.py PATH/TO/mn40_s_trained_io_small.npz
"""

import os
import struct
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Small entries of the parity archive, enough to check names, dtypes, shapes and values.
SUBSET_ENTRIES = ["label.npy", "pred.npy", "logits.npy", "centroid.npy", "scale.npy",
                  "stage4_fps_idx.npy", "stage4_bq_idx.npy", "logits_b8.npy"]


def write_zip(name, entries, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(os.path.join(HERE, name), "w", compression) as archive:
        for entry, data in entries:
            # A fixed timestamp keeps the output identical from run to run.
            info = zipfile.ZipInfo(entry, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = compression
            archive.writestr(info, data)


def npz_subsets(source):
    with zipfile.ZipFile(source) as archive:
        entries = [(entry, archive.read(entry)) for entry in SUBSET_ENTRIES]
    write_zip("mn40_s_io_subset_stored.npz", entries, zipfile.ZIP_STORED)
    write_zip("mn40_s_io_subset_deflated.npz", entries, zipfile.ZIP_DEFLATED)


def npy_bytes(descr, shape, data):
    shape_text = "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_text)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") + data


def object_array_npz():
    # An object array stores a pickle after the header; its bytes are never unpickled by the reader.
    pickled = b"\x80\x02]q\x00(X\x01\x00\x00\x00aq\x01X\x01\x00\x00\x00bq\x02e."
    entries = [("numbers.npy", npy_bytes("<i4", [3], struct.pack("<3i", 1, 2, 3))),
               ("objects.npy", npy_bytes("|O", [2], pickled))]
    write_zip("object_array.npz", entries)


def absurd_entry_size_npz():
    # Declares 4 GB of uncompressed data for a 70-byte deflated entry, in the local
    # header and the central directory alike, so only the size check rejects it.
    path = os.path.join(HERE, "absurd_entry_size.npz")
    write_zip("absurd_entry_size.npz", [("big.npy", npy_bytes("<f4", [4], b"\0" * 16))], zipfile.ZIP_DEFLATED)
    data = bytearray(open(path, "rb").read())
    fake_size = struct.pack("<I", 0xFFFFFFF0)
    local = data.find(b"PK\x03\x04")
    data[local + 22:local + 26] = fake_size
    central = data.find(b"PK\x01\x02")
    data[central + 24:central + 28] = fake_size
    open(path, "wb").write(bytes(data))


def pickle_string(text):
    encoded = text.encode("utf-8")
    return b"X" + struct.pack("<I", len(encoded)) + encoded


def checkpoints():
    # GLOBAL posix.system called with a shell command. The unpickler must reject the
    # global before REDUCE, so the marker file must never appear.
    command = "touch /tmp/pointq_rejected_global_ran"
    rejected = b"\x80\x02cposix\nsystem\n" + pickle_string(command) + b"\x85R."
    write_zip("rejected_global.pth", [("rejected_global/data.pkl", rejected),
                                     ("rejected_global/version", b"3\n")])

    # {'epoch': 3, 'note': 'no tensors'}: a valid pickle without a state dict.
    no_tensors = (b"\x80\x02}(" + pickle_string("epoch") + b"K\x03" + pickle_string("note")
                  + pickle_string("no tensors") + b"u.")
    write_zip("no_state_dict.pth", [("no_state_dict/data.pkl", no_tensors),
                                    ("no_state_dict/version", b"3\n")])

    write_zip("no_data_pkl.pth", [("no_data_pkl/version", b"3\n"), ("no_data_pkl/data/0", b"\0" * 16)])

    # The entries torch.jit.save writes next to data.pkl.
    write_zip("torchscript_like.pt", [("torchscript_like/data.pkl", no_tensors),
                                      ("torchscript_like/constants.pkl", b"\x80\x02)."),
                                      ("torchscript_like/code/__torch__/model.py", b"class Model: pass\n"),
                                      ("torchscript_like/version", b"3\n")])


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    npz_subsets(sys.argv[1])
    object_array_npz()
    absurd_entry_size_npz()
    checkpoints()


if __name__ == "__main__":
    main()
