// SPDX-License-Identifier: MIT
#include "ui/worker/worker_types.h"

namespace lada::ui {

void registerWorkerTypes()
{
    // Queued connections copy arguments through the meta-type system; each type needs registering
    // once before the first queued emit.
    qRegisterMetaType<OpenRequest>();
    qRegisterMetaType<SessionSettings>();
    qRegisterMetaType<DatasetSummary>();
    qRegisterMetaType<RoundProposal>();
    qRegisterMetaType<RoundMetrics>();
    qRegisterMetaType<PoolCounts>();
    qRegisterMetaType<EmbeddingView>();
    qRegisterMetaType<VirtualInspection>();
}

} // namespace lada::ui
