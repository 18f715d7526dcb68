// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lada {

/** What excerpt keeps by default: enough to recognise a value or a JSON parser's position. */
inline constexpr std::size_t kExcerptBytes = 200;

/**
 * `text` as an error message may quote it: control characters written as \n, \t or \xNN, and cut after
 * `maxBytes` (at a UTF-8 character boundary) with "... (N bytes)" appended. Messages quote what they read
 * through this, so a 1 GB line or a JSON parser's "last read" token never becomes a 1 GB message.
 */
std::string excerpt(std::string_view text, std::size_t maxBytes = kExcerptBytes);

}  // namespace lada
