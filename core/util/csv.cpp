// SPDX-License-Identifier: MIT
#include "core/util/csv.h"

#include "core/error.h"
#include "core/util/durable_io.h"

#include <cstdint>

namespace lada {

namespace {

[[noreturn]] void fail(std::string_view source, int64_t line, const std::string& problem)
{
    throw DataError("cannot read CSV \"" + std::string(source) + "\" line " + std::to_string(line) + ": " + problem);
}

bool needsQuotes(std::string_view field)
{
    if (field.find_first_of(",\"\r\n") != std::string_view::npos) {
        return true;
    }
    // Spaces are data in RFC 4180, but many readers trim unquoted ones; quoting keeps them.
    return !field.empty() &&
           (field.front() == ' ' || field.front() == '\t' || field.back() == ' ' || field.back() == '\t');
}

}  // namespace

std::vector<CsvRow> parseCsvRows(std::string_view text, std::string_view sourceName)
{
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    std::vector<CsvRow> rows;
    CsvRow row;
    std::string field;
    bool recordStarted = false;  // false on a blank line, which yields no record
    bool atFieldStart = true;    // only a quote here opens a quoted field
    int64_t line = 1;
    std::size_t i = 0;
    const std::size_t n = text.size();

    auto endField = [&] {
        row.push_back(std::move(field));
        field.clear();
        atFieldStart = true;
    };
    auto endRecord = [&] {
        if (recordStarted) {
            endField();
            rows.push_back(std::move(row));
        }
        row.clear();
        field.clear();
        recordStarted = false;
        atFieldStart = true;
    };

    while (i < n) {
        const char c = text[i];
        if (c == '"' && atFieldStart) {
            // A quoted field runs to the next quote that is not doubled.
            const int64_t startLine = line;
            recordStarted = true;
            atFieldStart = false;
            ++i;
            bool closed = false;
            while (i < n && !closed) {
                if (text[i] == '"' && i + 1 < n && text[i + 1] == '"') {
                    field += '"';
                    i += 2;
                } else if (text[i] == '"') {
                    closed = true;
                    ++i;
                } else {
                    line += text[i] == '\n' ? 1 : 0;
                    field += text[i++];
                }
            }
            if (!closed) {
                fail(sourceName, startLine, "quoted field never closed (a missing \")");
            }
            if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                fail(sourceName, line,
                     "unexpected text after a closing quote (a quote inside a quoted field must be doubled)");
            }
        } else if (c == ',') {
            recordStarted = true;
            endField();
            ++i;
        } else if (c == '\r' || c == '\n') {
            endRecord();
            // CRLF is one line break; a lone CR (old Mac files) counts as one too.
            i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
            ++line;
        } else {
            recordStarted = true;
            atFieldStart = false;
            field += c;
            ++i;
        }
    }
    endRecord();
    return rows;
}

std::vector<CsvRow> readCsv(const std::string& path)
{
    return parseCsvRows(readFileText(path), path);
}

std::string formatCsvRow(const CsvRow& row)
{
    std::string out;
    for (std::size_t f = 0; f < row.size(); ++f) {
        if (f > 0) {
            out += ',';
        }
        const std::string& field = row[f];
        if (needsQuotes(field) || (row.size() == 1 && field.empty())) {
            out += '"';
            for (const char c : field) {
                if (c == '"') {
                    out += '"';
                }
                out += c;
            }
            out += '"';
        } else {
            out += field;
        }
    }
    out += "\r\n";
    return out;
}

void writeCsvRow(std::ostream& out, const CsvRow& row)
{
    out << formatCsvRow(row);
}

}  // namespace lada
