// SPDX-License-Identifier: MIT
#include "ui/worker/worker_types.h"

namespace lada::ui {

void registerWorkerTypes()
{
    // Queued connections copy arguments through the meta-type system; each type needs registering
    // once before the first queued emit.
    qRegisterMetaType<OpenRequest>();
    qRegisterMetaType<ExperimentConfig>();
    qRegisterMetaType<DatasetSummary>();
    qRegisterMetaType<RoundCards>();
    qRegisterMetaType<RoundOutcome>();
    qRegisterMetaType<PoolCounts>();
    qRegisterMetaType<EmbeddingMap>();
    qRegisterMetaType<VirtualInspection>();
    qRegisterMetaType<ReviewEntry>();
    qRegisterMetaType<ReviewEntries>();
}

}  // namespace lada::ui
