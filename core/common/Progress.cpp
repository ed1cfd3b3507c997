#include "common/Progress.h"

#include "common/Errors.h"

namespace pointq {

void JobContext::checkCancelled() const
{
    if (cancel && cancel->isCancelled())
        throw CancelledError();
}

} // namespace pointq
