#pragma once

namespace pointq {

/// Keeps freed tensor memory in the process instead of returning it to the kernel.
/// glibc serves blocks above its mmap threshold (dynamic, 128 KiB at start) with mmap and
/// unmaps them on free, so the kernel zeroed every new activation tensor page by page.
/// In a sensitivity sweep that was 15 % of the CPU time.
/// Call once at program start, before other threads run; a no-op off glibc.
void keepFreedTensorMemory();

} // namespace pointq
