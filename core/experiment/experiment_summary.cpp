// SPDX-License-Identifier: MIT
// The summary of an experiment folder (issue 13): its runs grouped by (dataset, label), statistics over the
// complete seeds, the paired tests against the baseline and the per-round bands the plots draw.
#include "core/experiment/experiment_summary.h"

#include "core/config/experiment_config.h"
#include "core/error.h"
#include "core/util/durable_io.h"
#include "core/util/json_numbers.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

namespace lada {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/** The runs found in one runs/<dataset>/<label> folder. */
struct Group {
    std::vector<RunResult> complete;
    std::vector<RunResult> unfinished;  ///< readable, last round < config.rounds
    int missing = 0;                    ///< seed-<n> folders without result.json yet
};

using GroupKey = std::pair<std::string, std::string>;  // dataset, label

std::string quoted(const std::string& text)
{
    std::string out;  // appended, not "\"" + text: GCC 12 warns falsely (-Wstringop-overflow) on the latter
    out.reserve(text.size() + 2);
    out.append(1, '"').append(text).append(1, '"');
    return out;
}

/** The folders of `dir`, sorted by name; a listing error is a problem, not an exception. */
std::vector<fs::path> subfolders(const fs::path& dir, std::vector<std::string>& problems)
{
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code typeEc;
        if (it->is_directory(typeEc))
            out.push_back(it->path());
    }
    if (ec)
        problems.push_back(quoted(dir.string()) + ": cannot list the folder: " + ec.message());
    std::sort(out.begin(), out.end());
    return out;
}

/** n from a folder named seed-<n>; nothing for any other name. */
std::optional<uint64_t> seedOfFolder(const std::string& name)
{
    constexpr std::string_view prefix = "seed-";
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0)
        return std::nullopt;
    uint64_t seed = 0;
    const char* first = name.data() + prefix.size();
    const char* last = name.data() + name.size();
    const auto [end, ec] = std::from_chars(first, last, seed);
    if (ec != std::errc() || end != last)
        return std::nullopt;
    return seed;
}

std::map<GroupKey, Group> readRuns(const fs::path& runs, std::vector<std::string>& problems)
{
    std::map<GroupKey, Group> groups;
    for (const fs::path& datasetDir : subfolders(runs, problems)) {
        for (const fs::path& labelDir : subfolders(datasetDir, problems)) {
            const GroupKey key{datasetDir.filename().string(), labelDir.filename().string()};
            for (const fs::path& seedDir : subfolders(labelDir, problems)) {
                const std::optional<uint64_t> seed = seedOfFolder(seedDir.filename().string());
                if (!seed)
                    continue;
                const fs::path file = seedDir / "result.json";
                std::error_code ec;
                if (!fs::exists(file, ec)) {  // the runner made the folder; round 0 is not written yet
                    ++groups[key].missing;
                    continue;
                }
                try {
                    RunResult run = readRunResult(file.string(), key.first, key.second, seed);
                    Group& g = groups[key];
                    (run.complete ? g.complete : g.unfinished).push_back(std::move(run));
                } catch (const Error& e) {
                    problems.push_back(e.what());
                } catch (const std::bad_alloc&) {
                    problems.push_back(quoted(file.string()) + ": too large to read into memory");
                }
            }
        }
    }
    return groups;
}

SeedStat seedStat(const std::vector<double>& values)
{
    SeedStat s;
    s.mean = kNaN;
    double sum = 0.0;
    for (double v : values)
        if (std::isfinite(v)) {
            sum += v;
            ++s.n;
        }
    if (s.n == 0)
        return s;
    s.mean = sum / s.n;
    double squares = 0.0;
    for (double v : values)
        if (std::isfinite(v))
            squares += (v - s.mean) * (v - s.mean);
    s.sd = s.n > 1 ? std::sqrt(squares / (s.n - 1)) : 0.0;
    return s;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t h = v.size() / 2;
    return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

/** The finite values of `pick(run)` at `index` over the runs (runs too short for it are left out). */
template <typename Pick>
std::vector<double> column(const std::vector<RunResult>& runs, size_t index, Pick pick)
{
    std::vector<double> out;
    for (const RunResult& r : runs) {
        const std::vector<double>& v = pick(r);
        if (index < v.size() && std::isfinite(v[index]))
            out.push_back(v[index]);
    }
    return out;
}

void addMeanSd(RoundBand& band, double x, const std::vector<double>& values, double scale)
{
    if (values.empty())
        return;
    const SeedStat s = seedStat(values);
    band.x.push_back(x);
    band.mean.push_back(scale * s.mean);
    band.low.push_back(scale * (s.mean - s.sd));
    band.high.push_back(scale * (s.mean + s.sd));
}

void fillBands(const std::vector<RunResult>& runs, StrategySummary& row)
{
    if (runs.empty())
        return;
    size_t rounds = std::numeric_limits<size_t>::max();  // rounds every seed has, round 0 included
    for (const RunResult& r : runs)
        rounds = std::min(rounds, r.accuracy.size());
    for (size_t i = 0; i < rounds; ++i) {
        double labeled = 0.0;
        for (const RunResult& r : runs)
            labeled += static_cast<double>(r.labeled[i]);
        addMeanSd(row.accuracyCurve, labeled / static_cast<double>(runs.size()),
                  column(
                      runs, i, [](const RunResult& r) -> const auto& { return r.accuracy; }),
                  100.0);
    }
    for (size_t i = 0; i + 1 < rounds; ++i) {  // entry i is round i + 1
        const double round = static_cast<double>(i + 1);
        const auto p50 = column(
            runs, i, [](const RunResult& r) -> const auto& { return r.tauMedian; });
        if (!p50.empty()) {
            const auto p25 = column(
                runs, i, [](const RunResult& r) -> const auto& { return r.tauP25; });
            const auto p75 = column(
                runs, i, [](const RunResult& r) -> const auto& { return r.tauP75; });
            row.tauPerRound.x.push_back(round);
            row.tauPerRound.mean.push_back(median(p50));
            row.tauPerRound.low.push_back(median(p25));
            row.tauPerRound.high.push_back(median(p75));
        }
        addMeanSd(row.virtualEntropy, round,
                  column(
                      runs, i, [](const RunResult& r) -> const auto& { return r.meanVirtualEntropy; }),
                  1.0);
    }
}

StrategySummary summarizeGroup(const GroupKey& key, Group& g, std::vector<std::string>& problems)
{
    StrategySummary row;
    row.dataset = key.first;
    row.label = key.second;
    row.incomplete = static_cast<int>(g.unfinished.size()) + g.missing;
    std::sort(g.complete.begin(), g.complete.end(),
              [](const RunResult& a, const RunResult& b) { return a.seed < b.seed; });
    std::set<std::string> strategies;
    for (const RunResult& r : g.complete)
        strategies.insert(r.strategy);
    if (strategies.size() > 1)
        problems.push_back("\"runs/" + key.first + "/" + key.second + "\": its seeds name " +
                           std::to_string(strategies.size()) + " different config.strategy values; the table shows " +
                           g.complete.front().strategy);
    row.strategy = !g.complete.empty()     ? g.complete.front().strategy
                   : !g.unfinished.empty() ? g.unfinished.front().strategy
                                           : std::string();
    try {
        const StrategyKind kind = strategyFromString(row.strategy);
        row.virtualScoreIsEntropy = kind != StrategyKind::LadaVarMix && kind != StrategyKind::LadaVarMixFixed;
    } catch (const ConfigError&) {  // a strategy this version does not know: its score is taken as written
    }
    std::vector<double> best, auc, final, seconds;
    for (const RunResult& r : g.complete) {
        row.seeds.push_back(r.seed);
        best.push_back(r.bestAccuracy);
        auc.push_back(r.areaUnderCurve);
        final.push_back(r.finalAccuracy);
        seconds.push_back(r.secondsPerRound);
        row.virtualEntropies.insert(row.virtualEntropies.end(), r.virtualEntropies.begin(), r.virtualEntropies.end());
        row.virtualEntropiesOmitted += r.virtualEntropiesOmitted;
    }
    row.bestAccuracy = seedStat(best);
    row.areaUnderCurve = seedStat(auc);
    row.finalAccuracy = seedStat(final);
    row.secondsPerRound = seedStat(seconds);
    fillBands(g.complete, row);
    return row;
}

/** `metric` of the two groups over the seeds both have complete, as (strategy, baseline) vectors. */
std::optional<PairedTest> pairedOn(const std::vector<RunResult>& strategy, const std::vector<RunResult>& baseline,
                                   double RunResult::*metric)
{
    std::vector<double> a, b;
    for (const RunResult& s : strategy)
        for (const RunResult& r : baseline)
            if (r.seed == s.seed) {
                a.push_back(s.*metric);
                b.push_back(r.*metric);
            }
    if (a.size() < 2)
        return std::nullopt;
    return pairedTest(a, b);
}

/** Position of `name` in the grid's list, or past its end (then names sort alphabetically). */
size_t rankIn(const std::vector<std::string>& order, const std::string& name)
{
    return static_cast<size_t>(std::find(order.begin(), order.end(), name) - order.begin());
}

/** grid.json's "datasets" and "labels" (strings, or objects with "name" / "label"); empty without it. */
void readGridOrder(const fs::path& folder, std::vector<std::string>& datasets, std::vector<std::string>& labels,
                   std::vector<std::string>& problems)
{
    const fs::path file = folder / "grid.json";
    std::error_code ec;
    if (!fs::exists(file, ec))
        return;
    const auto names = [](const json& doc, const char* key, const char* field) {
        std::vector<std::string> out;
        const auto it = doc.find(key);
        if (it == doc.end() || !it->is_array())
            return out;
        for (const json& item : *it) {
            if (item.is_string())
                out.push_back(item.get<std::string>());
            else if (item.is_object() && item.contains(field) && (*item.find(field)).is_string())
                out.push_back((*item.find(field)).get<std::string>());
        }
        return out;
    };
    try {
        if (fs::file_size(file) > (16u << 20))
            throw DataError("larger than 16 MiB");
        const json doc = json::parse(readFileText(file.string()));
        if (!doc.is_object())
            throw DataError("not a JSON object");
        datasets = names(doc, "datasets", "name");
        labels = names(doc, "labels", "label");
    } catch (const std::exception& e) {  // DataError, a parse error, a file_size error
        std::string why = e.what();
        if (why.size() > 200)
            why = why.substr(0, 200) + "...";
        problems.push_back(quoted(file.string()) + ": " + why + " (rows ordered by name instead)");
    }
}

}  // namespace

ExperimentSummary summarizeExperiment(const std::string& folder, const std::string& baseline)
{
    ExperimentSummary summary;
    summary.folder = folder;
    summary.baseline = baseline;
    const fs::path runs = fs::path(folder) / "runs";
    std::error_code ec;
    if (!fs::is_directory(runs, ec))
        throw DataError(quoted(folder) + " has no runs/ folder: not an experiment folder");

    std::map<GroupKey, Group> groups = readRuns(runs, summary.problems);
    for (auto& [key, group] : groups)
        summary.rows.push_back(summarizeGroup(key, group, summary.problems));

    std::map<std::string, double> randomSeconds;  // dataset -> the "random" group's mean seconds per round
    for (const StrategySummary& row : summary.rows)
        if (row.label == "random" && row.secondsPerRound.n > 0)
            randomSeconds[row.dataset] = row.secondsPerRound.mean;
    for (StrategySummary& row : summary.rows) {
        const auto random = randomSeconds.find(row.dataset);
        if (random != randomSeconds.end() && random->second > 0.0 && row.secondsPerRound.n > 0)
            row.secondsRatioToRandom = row.secondsPerRound.mean / random->second;
        const auto base = groups.find({row.dataset, baseline});
        if (row.label != baseline && base != groups.end()) {
            const std::vector<RunResult>& mine = groups.at({row.dataset, row.label}).complete;
            row.aucVsBaseline = pairedOn(mine, base->second.complete, &RunResult::areaUnderCurve);
            row.bestVsBaseline = pairedOn(mine, base->second.complete, &RunResult::bestAccuracy);
        }
    }

    std::vector<std::string> datasetOrder, labelOrder;
    readGridOrder(folder, datasetOrder, labelOrder, summary.problems);
    std::stable_sort(summary.rows.begin(), summary.rows.end(), [&](const StrategySummary& a, const StrategySummary& b) {
        const auto key = [&](const StrategySummary& r) {
            return std::tuple(rankIn(datasetOrder, r.dataset), r.dataset, rankIn(labelOrder, r.label), r.label);
        };
        return key(a) < key(b);
    });
    return summary;
}

}  // namespace lada
