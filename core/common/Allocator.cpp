#include "common/Allocator.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace pointq {

void keepFreedTensorMemory()
{
#if defined(__GLIBC__)
    // 32 MiB is glibc's largest mmap threshold on 64-bit systems (mallopt(3)); blocks up
    // to it come from the heap and are reused. Setting it also stops glibc from moving
    // the threshold. The trim threshold keeps freed heap memory for the next tensor.
    constexpr int mmapThreshold = 32 * 1024 * 1024;
    constexpr int trimThreshold = 1024 * 1024 * 1024;
    mallopt(M_MMAP_THRESHOLD, mmapThreshold);
    mallopt(M_TRIM_THRESHOLD, trimThreshold);
#endif
}

} // namespace pointq
