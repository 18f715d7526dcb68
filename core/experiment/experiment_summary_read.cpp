// SPDX-License-Identifier: MIT
// Reading one result file of an experiment folder (readRunResult). Files come from a background experiment
// or from anyone's disk, so every member is checked for presence and type and a bad one is named, never
// quoted: a message stays short whatever the file holds.
#include "core/experiment/experiment_summary.h"

#include "core/error.h"
#include "core/util/durable_io.h"
#include "core/util/json_numbers.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <limits>

namespace lada {

namespace {

using nlohmann::json;

constexpr std::uintmax_t kMaxResultBytes = 256u << 20;  // real files are under a few MiB
/** Thrown inside this file with the member's path; readRunResult prefixes the file. */
struct MemberError {
    std::string what;
};

[[noreturn]] void fail(const std::string& member, const std::string& expectation)
{
    throw MemberError{member + " " + expectation};
}

const json& member(const json& object, const char* key, const std::string& where)
{
    const auto it = object.find(key);
    if (it == object.end())
        fail(where + key, "is missing");
    return *it;
}

const json& objectMember(const json& object, const char* key, const std::string& where)
{
    const json& v = member(object, key, where);
    if (!v.is_object())
        fail(where + key, std::string("is not an object (") + v.type_name() + ")");
    return v;
}

double numberMember(const json& object, const char* key, const std::string& where)
{
    const json& v = member(object, key, where);
    if (!v.is_number())
        fail(where + key, std::string("is not a number (") + v.type_name() + ")");
    const double d = v.get<double>();
    if (!std::isfinite(d))
        fail(where + key, "is not finite");
    return d;
}

/** A number, or NaN when the member is null or absent (the writer's spelling of "no value"). */
double numberOrNaN(const json& object, const char* key, const std::string& where)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return kNaN;
    if (!it->is_number())
        fail(where + key, std::string("is not a number (") + it->type_name() + ")");
    const double d = it->get<double>();
    if (!std::isfinite(d))
        fail(where + key, "is not finite");
    return d;
}

int64_t integerMember(const json& object, const char* key, const std::string& where, int64_t lo, int64_t hi)
{
    const json& v = member(object, key, where);
    if (!v.is_number_integer())
        fail(where + key, std::string("is not an integer (") + v.type_name() + ")");
    // Unsigned values past int64_t's range compare as out of range rather than wrapping.
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(hi))
        fail(where + key, "is out of range");
    const int64_t i = v.get<int64_t>();
    if (i < lo || i > hi)
        fail(where + key, "is out of range");
    return i;
}

/** The round's wall time: the four top-level stages (the rest of `seconds` are parts of "scoring"). */
double roundSeconds(const json& round, const std::string& where)
{
    const json& seconds = objectMember(round, "seconds", where);
    double sum = 0.0;
    for (const char* stage : {"scoring", "selection", "training", "evaluation"})
        if (seconds.contains(stage))
            sum += numberMember(seconds, stage, where + "seconds.");
    return sum;
}

/**
 * Appends a virtual_score_histogram's counts as values at their bins' centres (the writer's bins are 1/32
 * bit wide, so a histogram of these values with bins that are multiples of 1/32 bit is the writer's). At most
 * 10^7 values in all: a larger count is refused as malformed rather than allocated.
 */
void appendHistogram(const json& histogram, const std::string& where, RunResult& run)
{
    const double width = numberMember(histogram, "bin_bits", where);
    const json& counts = member(histogram, "counts", where);
    if (!(width > 0.0) || !counts.is_array())
        fail(where + "counts", "is not a histogram (bin_bits > 0 and an array of counts)");
    constexpr int64_t kMaxValues = 10'000'000;
    int64_t total = 0;
    for (const json& c : counts) {
        if (!c.is_number_integer() || c.get<int64_t>() < 0 || c.get<int64_t>() > kMaxValues - total)
            fail(where + "counts", "holds a count that is not a non-negative integer, or more than 10^7 in all");
        total += c.get<int64_t>();
    }
    for (size_t i = 0; i < counts.size(); ++i)
        run.virtualEntropies.insert(run.virtualEntropies.end(), size_t(counts[i].get<int64_t>()),
                                    (double(i) + 0.5) * width);
}

/** Appends the numbers of a virtual_score_all array (nulls are NaN scores the writer could not print). */
void appendScores(const json& round, const json& all, const std::string& where, RunResult& run)
{
    if (all.is_object()) {  // over 200 pairs: quantiles, and (since issue 13) the scores binned
        const auto histogram = round.find("virtual_score_histogram");
        if (histogram == round.end() || !histogram->is_object()) {
            ++run.virtualEntropiesOmitted;
            return;
        }
        appendHistogram(*histogram, where + "virtual_score_histogram.", run);
        return;
    }
    if (!all.is_array())
        fail(where + "virtual_score_all", std::string("is neither an array nor quantiles (") + all.type_name() + ")");
    for (const json& v : all)
        if (v.is_number() && std::isfinite(v.get<double>()))
            run.virtualEntropies.push_back(v.get<double>());
}

/** Round `index` (>= 1) of `count` rounds: tau quantiles, mean virtual score and the pooled scores. */
void readMixing(const json& round, const std::string& where, size_t index, size_t count, RunResult& run)
{
    const auto quantiles = round.find("tau_quantiles");
    const auto meanScore = round.find("mean_virtual_score");
    const bool hasTau = quantiles != round.end() && !quantiles->is_null();
    const bool hasScore = meanScore != round.end() && !meanScore->is_null();
    if (!hasTau && !hasScore)
        return;
    // The first mixing round sizes the vectors for every round >= 1; rounds without a value stay NaN.
    if (run.tauMedian.empty()) {
        for (std::vector<double>* v : {&run.tauMedian, &run.tauP25, &run.tauP75, &run.meanVirtualEntropy})
            v->assign(count - 1, kNaN);
    }
    if (hasTau) {
        if (!quantiles->is_object())
            fail(where + "tau_quantiles", std::string("is not an object (") + quantiles->type_name() + ")");
        const std::string q = where + "tau_quantiles.";
        run.tauMedian[index - 1] = numberMember(*quantiles, "p50", q);
        run.tauP25[index - 1] = numberMember(*quantiles, "p25", q);
        run.tauP75[index - 1] = numberMember(*quantiles, "p75", q);
    }
    run.meanVirtualEntropy[index - 1] = numberOrNaN(round, "mean_virtual_score", where);
    if (const auto all = round.find("virtual_score_all"); all != round.end())
        appendScores(round, *all, where, run);
}

void readRounds(const json& doc, RunResult& run)
{
    const json& rounds = member(doc, "rounds", "");
    if (!rounds.is_array())
        fail("rounds", std::string("is not an array (") + rounds.type_name() + ")");
    double seconds = 0.0;
    for (size_t i = 0; i < rounds.size(); ++i) {
        const json& round = rounds[i];
        const std::string where = "rounds[" + std::to_string(i) + "].";
        if (!round.is_object())
            fail(where.substr(0, where.size() - 1), std::string("is not an object (") + round.type_name() + ")");
        if (integerMember(round, "round", where, 0, std::numeric_limits<int>::max()) != static_cast<int64_t>(i))
            fail(where + "round", "is not " + std::to_string(i) + " (rounds must be numbered 0, 1, 2, ... in order)");
        run.labeled.push_back(integerMember(round, "labeled", where, 0, std::numeric_limits<int64_t>::max()));
        run.accuracy.push_back(numberOrNaN(round, "test_accuracy", where));
        if (i == 0)
            continue;
        seconds += roundSeconds(round, where);
        readMixing(round, where, i, rounds.size(), run);
    }
    run.secondsPerRound = rounds.size() > 1 ? seconds / static_cast<double>(rounds.size() - 1) : kNaN;
    run.complete = !rounds.empty() && static_cast<int64_t>(rounds.size()) - 1 == run.targetRounds;
}

void readDocument(const json& doc, std::optional<uint64_t> expectedSeed, RunResult& run)
{
    if (!doc.is_object())
        fail("the document", std::string("is not an object (") + doc.type_name() + ")");
    const json& config = objectMember(doc, "config", "");
    const json& strategy = member(config, "strategy", "config.");
    if (!strategy.is_string())
        fail("config.strategy", std::string("is not a string (") + strategy.type_name() + ")");
    run.strategy = strategy.get<std::string>();
    if (run.strategy.size() > 200)
        fail("config.strategy", "is longer than 200 characters");
    const json& seed = member(config, "seed", "config.");
    // nlohmann stores a non-negative integer as unsigned: a seed may use all 64 bits; a negative one is refused.
    run.seed = seed.is_number_unsigned() ? seed.get<uint64_t>()
                                         : static_cast<uint64_t>(integerMember(config, "seed", "config.", 0, 0));
    if (expectedSeed && *expectedSeed != run.seed)
        fail("config.seed",
             "is " + std::to_string(run.seed) + " but the folder is seed-" + std::to_string(*expectedSeed));
    run.targetRounds = static_cast<int>(integerMember(config, "rounds", "config.", 0, std::numeric_limits<int>::max()));
    readRounds(doc, run);
    const json& summary = objectMember(doc, "summary", "");
    run.bestAccuracy = numberMember(summary, "best_accuracy", "summary.");
    run.areaUnderCurve = numberMember(summary, "area_under_curve", "summary.");
    run.finalAccuracy = numberMember(summary, "final_accuracy", "summary.");
}

}  // namespace

RunResult readRunResult(const std::string& file, const std::string& dataset, const std::string& label,
                        std::optional<uint64_t> expectedSeed)
{
    RunResult run;
    run.dataset = dataset;
    run.label = label;
    run.file = file;
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(file, ec);
    if (!ec && size > kMaxResultBytes)
        throw DataError("\"" + file + "\": larger than 256 MiB, not a result file");
    const std::string text = readFileText(file);  // throws DataError naming the file
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::exception& e) {
        // nlohmann quotes the last token it read, which may be a whole (huge) string: keep the start.
        std::string why = e.what();
        if (why.size() > 160)
            why = why.substr(0, 160) + "...";
        throw DataError("\"" + file + "\": not JSON: " + why);
    }
    try {
        readDocument(doc, expectedSeed, run);
    } catch (const MemberError& e) {
        throw DataError("\"" + file + "\": " + e.what);
    } catch (const json::exception& e) {  // a conversion the checks above did not foresee
        throw DataError("\"" + file + "\": unexpected content: " + std::string(e.what()).substr(0, 160));
    }
    return run;
}

}  // namespace lada
