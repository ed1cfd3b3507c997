#pragma once

namespace pointq {

/// Keeps freed tensor memory in the process instead of returning it to the kernel.
/// glibc serves blocks above its mmap threshold (dynamic, 128 KiB at start) with mmap and
/// unmaps them on free, so every new activation tensor of several MiB was zeroed page by
/// page again: 15 % of a sensitivity sweep's CPU time went to page faults and zeroing.
/// Call once at program start, before other threads run; a no-op off glibc.
void keepFreedTensorMemory();

} // namespace pointq
