// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <map>
#include <string>

namespace lada {

/**
 * The line (1-based) of every member and element of a JSON text, keyed by JSON pointer
 * ("/strategies/1/settings/tau-max", RFC 6901: '~' as "~0", '/' as "~1"): the line of a member's key, or
 * of an array element's first character. The root "" is line 1. Meant for error messages about a
 * document that parsed: on text that is not JSON the lines are a best effort, nothing is thrown. A
 * key given twice keeps its first line.
 */
std::map<std::string, int> jsonMemberLines(const std::string& text);

/** The line (1-based) holding byte `offset` of `text` (an offset past the end: the last line). */
int lineOfOffset(const std::string& text, std::size_t offset);

/** `key` as one JSON pointer token ("a/b" -> "a~1b"). */
std::string jsonPointerToken(const std::string& key);

}  // namespace lada
