// SPDX-License-Identifier: MIT
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace lada {

/** One CSV record: its fields, unquoted. Bytes pass through unchanged, so UTF-8 text stays UTF-8. */
using CsvRow = std::vector<std::string>;

/**
 * Parses RFC 4180 text. Fields are separated by commas and records by CRLF or LF; a field in double
 * quotes may hold commas, line breaks and doubled quotes (""). A leading UTF-8 byte-order mark is
 * dropped and empty lines yield no record. A stray quote inside an unquoted field is kept as a
 * character (as Python's csv module does). Throws lada::DataError naming `sourceName`, the line and the
 * problem for an unterminated quoted field or text after a closing quote.
 */
std::vector<CsvRow> parseCsvRows(std::string_view text, std::string_view sourceName = "<text>");

/** parseCsvRows on the content of the file at `path`; throws lada::DataError naming the file. */
std::vector<CsvRow> readCsv(const std::string& path);

/**
 * One record as RFC 4180 text ending in CRLF. A field is quoted when it holds a comma, a quote, a
 * line break or leading or trailing space, or when it is the only field and empty (so that the
 * record is not read back as an empty line).
 */
std::string formatCsvRow(const CsvRow& row);

/** Writes formatCsvRow(row) to `out`. */
void writeCsvRow(std::ostream& out, const CsvRow& row);

}  // namespace lada
