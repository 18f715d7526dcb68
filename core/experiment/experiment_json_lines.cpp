// SPDX-License-Identifier: MIT
#include "core/experiment/experiment_json_lines.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace lada {

namespace {

/** An object or array being scanned: its pointer, and where inside it the scanner is. */
struct Frame {
    bool object = false;
    std::string path;
    int index = 0;          ///< arrays: the element being read
    std::string key;        ///< objects: the member being read
    bool expectKey = true;  ///< objects: before ':' of a member
};

/** The text of the JSON string starting at `text[begin]` ('"'), escapes decoded except \u; `end` is set to its closing quote. */
std::string readString(const std::string& text, std::size_t begin, std::size_t& end)
{
    std::string out;
    std::size_t i = begin + 1;
    for (; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            const char e = text[++i];
            const char* from = "\"\\/bfnrt";
            const char* to = "\"\\/\b\f\n\r\t";
            const char* at = std::strchr(from, e);
            if (at != nullptr && e != '\0')
                out += to[at - from];
            else
                out += std::string("\\") + e;  // \uXXXX stays as written: good enough to name a member
        } else {
            out += text[i];
        }
    }
    end = i;
    return out;
}

}  // namespace

std::string jsonPointerToken(const std::string& key)
{
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

int lineOfOffset(const std::string& text, std::size_t offset)
{
    const auto end = text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size()));
    return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

std::map<std::string, int> jsonMemberLines(const std::string& text)
{
    std::map<std::string, int> lines{{"", 1}};
    std::vector<Frame> stack;
    int line = 1;
    // The pointer of a value starting here; an array element's line is recorded (a member's was, at its key).
    auto valueStarts = [&]() -> std::string {
        if (stack.empty())
            return "";
        Frame& f = stack.back();
        if (f.object)
            return f.path + "/" + jsonPointerToken(f.key);
        std::string path = f.path + "/" + std::to_string(f.index);
        lines.emplace(path, line);
        return path;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
        case '\n': ++line; break;
        case ' ':
        case '\t':
        case '\r': break;
        case ':':
            if (!stack.empty())
                stack.back().expectKey = false;
            break;
        case ',':
            if (!stack.empty()) {
                if (stack.back().object)
                    stack.back().expectKey = true;
                else
                    ++stack.back().index;
            }
            break;
        case '"': {
            std::size_t end = i;
            std::string s = readString(text, i, end);
            if (!stack.empty() && stack.back().object && stack.back().expectKey) {
                stack.back().key = std::move(s);
                lines.emplace(stack.back().path + "/" + jsonPointerToken(stack.back().key), line);
            } else {
                valueStarts();
            }
            i = end;
            break;
        }
        case '{':
        case '[': {
            Frame f;
            f.object = c == '{';
            f.path = valueStarts();
            stack.push_back(std::move(f));
            break;
        }
        case '}':
        case ']':
            if (!stack.empty())
                stack.pop_back();
            break;
        default:  // a number, true, false or null
            valueStarts();
            while (i + 1 < text.size() && std::strchr(",}] \t\r\n", text[i + 1]) == nullptr)
                ++i;
        }
    }
    return lines;
}

}  // namespace lada
