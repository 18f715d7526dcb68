// SPDX-License-Identifier: MIT
#include "core/util/excerpt.h"

#include <cstdio>

namespace lada {

std::string excerpt(std::string_view text, std::size_t maxBytes)
{
    std::string out;
    std::size_t i = 0;
    for (; i < text.size() && out.size() < maxBytes; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out += static_cast<char>(c);
        }
    }
    if (i < text.size()) {
        // Do not leave half a UTF-8 character: drop continuation bytes and the lead byte they belong to.
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xc0) == 0x80) {
            out.pop_back();
        }
        if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xc0) {
            out.pop_back();
        }
        out += "... (" + std::to_string(text.size()) + " bytes)";
    }
    return out;
}

}  // namespace lada
