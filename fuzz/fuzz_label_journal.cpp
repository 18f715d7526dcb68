// SPDX-License-Identifier: MIT
// The labels journal (labels.jsonl): each line decoded; what decodes must encode and decode to the same record.
#include "core/error.h"
#include "core/session/label_journal.h"
#include "fuzz_support.h"

#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::size_t at = 0;
    while (at <= text.size()) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string line(text.substr(at, end - at));
        at = end + 1;
        std::string problem;
        const auto record = lada::decodeJournalRecord(line, problem);
        if (!record) {
            if (problem.size() > lada::fuzz::kMaxMessageBytes) {
                __builtin_trap();
            }
            continue;
        }
        try {
            const std::string again = lada::encodeJournalRecord(*record);
            const auto back = lada::decodeJournalRecord(again, problem);
            if (!back || back->seq != record->seq || back->kind != record->kind || back->path != record->path ||
                back->label != record->label || back->round != record->round || back->retracts != record->retracts) {
                __builtin_trap();
            }
        } catch (const lada::Error& e) {  // a path that is not UTF-8 is refused on encoding
            lada::fuzz::checkMessage(e);
        }
    }
    return 0;
}
