// SPDX-License-Identifier: MIT
#pragma once
// The review view's values (LabelingSession::answeredImages, undoStep), in a header without torch so
// that the workbench's worker types can carry them.

#include <cstdint>
#include <string>

namespace lada {

/**
 * One answered image, for the review view (LabelingSession::answeredImages): its current answer as the
 * journal holds it (an answer given while a phase runs is listed at once).
 */
struct ReviewEntry {
    int64_t row = -1;             ///< training row
    std::string path;             ///< the image file, absolute
    int label = -1;               ///< class index; -1 skipped
    int round = 0;                ///< the round it was answered in (kImportRound for imported labels)
    std::string time;             ///< when its current answer was journaled (ISO 8601 UTC)
    bool heldOut = false;         ///< kept out of training to measure the accuracy
    bool belowUndoFloor = false;  ///< an initial-set answer from the known labels (undo stops before it)
};

/** What one undo step took back (LabelingSession::undoStep). */
struct UndoneStep {
    enum class Kind {
        Answer,  ///< an answer: the image is back in the pool (or its open card is unanswered again)
        Change,  ///< a review change: the image has its previous answer again
        Remove,  ///< a review removal: the image has its removed answer again
    };
    Kind kind = Kind::Answer;
    int64_t row = -1;
    int label = -1;  ///< Change, Remove: the answer the image has again (class index; -1 skipped)
};

}  // namespace lada
