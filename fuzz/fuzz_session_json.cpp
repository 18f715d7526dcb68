// SPDX-License-Identifier: MIT
// session.json (versions 1 and 2, with the settings table's parsing): what parses must write and parse again.
#include "core/error.h"
#include "core/session/session_info.h"
#include "fuzz_support.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const lada::SessionInfo info = lada::sessionInfoFromJson(text, "session.json");
        std::string again;
        try {
            again = lada::sessionInfoToJson(info);
        } catch (const lada::Error& e) {  // text that is not UTF-8 is refused on writing
            lada::fuzz::checkMessage(e);
            return 0;
        }
        const lada::SessionInfo back = lada::sessionInfoFromJson(again, "session.json (rewritten)");
        if (back.classNames != info.classNames || back.datasetRoot != info.datasetRoot) {
            __builtin_trap();
        }
    } catch (const lada::Error& e) {
        lada::fuzz::checkMessage(e);
    }
    return 0;
}
