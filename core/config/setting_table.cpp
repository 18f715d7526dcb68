// SPDX-License-Identifier: MIT
#include "core/config/setting_table.h"

#include "core/config/setting_text.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

namespace lada {

namespace settings_detail {

std::string trimmed(const std::string& s)
{
    const size_t a = s.find_first_not_of(" \t");
    if (a == std::string::npos)
        return {};
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

std::string realText(double v)
{
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back exactly
    return std::string(buf, r.ptr);
}

/** The spec whose key or old name is `name`. */
const SettingSpec* findByAnyName(const std::string& name)
{
    for (const SettingSpec& s : settingTable()) {
        if (s.key == name)
            return &s;
        for (const std::string& old : s.oldNames)
            if (old == name)
                return &s;
    }
    return nullptr;
}

[[noreturn]] void unknownKey(const std::string& key, const std::string& where)
{
    throw ConfigError((where.empty() ? std::string() : where + ": ") + "unknown setting \"" + key +
                      "\"; the settings are: " + settingKeys());
}

}  // namespace settings_detail

using settings_detail::realText;
using settings_detail::trimmed;
using settings_detail::unknownKey;

namespace {

using nlohmann::json;

[[noreturn]] void badValue(const std::string& key, const std::string& value, const std::string& expected)
{
    // Quote at most 60 characters of what was given: a value can come from a hand-edited file.
    const std::string shown = value.size() > 60 ? value.substr(0, 60) + "..." : value;
    throw ConfigError("setting \"" + key + "\": \"" + shown + "\" is not " + expected);
}

std::string rangeText(double lo, double hi)
{
    return realText(lo) + " to " + realText(hi);
}

template <class T>
T parseInteger(const SettingSpec& s, const std::string& raw)
{
    const std::string v = trimmed(raw);
    T out{};
    const auto r = std::from_chars(v.data(), v.data() + v.size(), out);
    if (v.empty() || r.ec != std::errc() || r.ptr != v.data() + v.size())
        badValue(s.key, raw, "a whole number (" + rangeText(s.min, s.max) + ")");
    if (static_cast<long double>(out) < s.min || static_cast<long double>(out) > s.max)
        badValue(s.key, raw, "in range " + rangeText(s.min, s.max));
    return out;
}

double parseReal(const SettingSpec& s, const std::string& raw)
{
    const std::string v = trimmed(raw);
    double out = 0;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), out);
    if (v.empty() || r.ec != std::errc() || r.ptr != v.data() + v.size() || !std::isfinite(out))
        badValue(s.key, raw, "a number (" + rangeText(s.min, s.max) + ")");
    if (out < s.min || out > s.max)
        badValue(s.key, raw, "in range " + rangeText(s.min, s.max));
    return out;
}

bool parseFlag(const SettingSpec& s, const std::string& raw)
{
    const std::string v = trimmed(raw);
    if (v == "true" || v == "1" || v == "on" || v == "yes")
        return true;
    if (v == "false" || v == "0" || v == "off" || v == "no")
        return false;
    badValue(s.key, raw, "true or false");
}

bool isUnset(const SettingSpec& s, const std::string& raw)
{
    return !s.unsetToken.empty() && trimmed(raw) == s.unsetToken;
}

SettingSpec base(std::string key, std::string label, std::string group, std::string help, SettingKind kind,
                 double lo = 0, double hi = 0, std::vector<std::string> oldNames = {})
{
    SettingSpec s;
    s.key = std::move(key);
    s.label = std::move(label);
    s.group = std::move(group);
    s.help = std::move(help);
    s.kind = kind;
    s.min = lo;
    s.max = hi;
    s.oldNames = std::move(oldNames);
    return s;
}

/** An integer setting at `field(config)`; `Access` is a generic lambda returning a reference to it. */
template <class Access>
SettingSpec integer(std::string key, std::string label, std::string group, std::string help, double lo, double hi,
                    Access field, std::vector<std::string> oldNames = {})
{
    SettingSpec s = base(std::move(key), std::move(label), std::move(group), std::move(help), SettingKind::Integer, lo,
                         hi, std::move(oldNames));
    s.get = [field](const ExperimentConfig& c) { return std::to_string(field(c)); };
    s.set = [field, spec = s](ExperimentConfig& c, const std::string& v) {
        using T = std::decay_t<decltype(field(c))>;
        field(c) = parseInteger<T>(spec, v);
    };
    return s;
}

/** An integer setting held in a std::optional: unset is spelled `token` and shown as `text`. */
template <class Access>
SettingSpec optionalInteger(std::string key, std::string label, std::string group, std::string help, double lo,
                            double hi, std::string token, std::string text, Access field,
                            std::vector<std::string> oldNames = {})
{
    SettingSpec s = base(std::move(key), std::move(label), std::move(group), std::move(help), SettingKind::Integer, lo,
                         hi, std::move(oldNames));
    s.unsetToken = std::move(token);
    s.unsetText = std::move(text);
    s.get = [field, t = s.unsetToken](const ExperimentConfig& c) { return field(c) ? std::to_string(*field(c)) : t; };
    s.set = [field, spec = s](ExperimentConfig& c, const std::string& v) {
        using T = typename std::decay_t<decltype(field(c))>::value_type;
        if (isUnset(spec, v))
            field(c).reset();
        else
            field(c) = parseInteger<T>(spec, v);
    };
    return s;
}

template <class Access>
SettingSpec real(std::string key, std::string label, std::string group, std::string help, double lo, double hi,
                 Access field, std::vector<std::string> oldNames = {})
{
    SettingSpec s = base(std::move(key), std::move(label), std::move(group), std::move(help), SettingKind::Real, lo, hi,
                         std::move(oldNames));
    s.get = [field](const ExperimentConfig& c) { return realText(field(c)); };
    s.set = [field, spec = s](ExperimentConfig& c, const std::string& v) { field(c) = parseReal(spec, v); };
    return s;
}

template <class Access>
SettingSpec flag(std::string key, std::string label, std::string group, std::string help, Access field,
                 std::vector<std::string> oldNames = {})
{
    SettingSpec s = base(std::move(key), std::move(label), std::move(group), std::move(help), SettingKind::Flag);
    s.oldNames = std::move(oldNames);
    s.get = [field](const ExperimentConfig& c) { return std::string(field(c) ? "true" : "false"); };
    s.set = [field, spec = s](ExperimentConfig& c, const std::string& v) { field(c) = parseFlag(spec, v); };
    return s;
}

/** A choice among `names` (an enum's toString names): `parse` is the enum's fromString. */
template <class Access, class Parse>
SettingSpec choice(std::string key, std::string label, std::string group, std::string help,
                   const std::vector<std::string>& names, Access field, Parse parse,
                   std::vector<std::string> oldNames = {})
{
    SettingSpec s = base(std::move(key), std::move(label), std::move(group), std::move(help), SettingKind::Choice);
    s.choices = names;
    s.oldNames = std::move(oldNames);
    s.get = [field](const ExperimentConfig& c) { return toString(field(c)); };
    s.set = [field, parse, key = s.key](ExperimentConfig& c, const std::string& v) {
        try {
            field(c) = parse(trimmed(v));
        } catch (const ConfigError& e) {
            throw ConfigError("setting \"" + key + "\": " + e.what());
        }
    };
    return s;
}

/** Three reals "a,b,c" (per RGB channel) in an optional vector; unset is spelled "auto". */
template <class Access>
SettingSpec realList(std::string key, std::string label, std::string group, std::string help, double lo, double hi,
                     Access field)
{
    SettingSpec s =
        base(std::move(key), std::move(label), std::move(group), std::move(help), SettingKind::Text, lo, hi);
    s.unsetToken = "auto";
    s.unsetText = "from the model's JSON";
    s.get = [field](const ExperimentConfig& c) {
        if (!field(c))
            return std::string("auto");
        std::string text;
        for (const double v : *field(c)) {
            if (!text.empty())
                text.push_back(',');
            text.append(realText(v));
        }
        return text;
    };
    s.set = [field, spec = s](ExperimentConfig& c, const std::string& raw) {
        if (isUnset(spec, raw)) {
            field(c).reset();
            return;
        }
        std::vector<double> values;
        size_t begin = 0;
        const std::string v = trimmed(raw);
        while (begin <= v.size()) {
            const size_t comma = std::min(v.find(',', begin), v.size());
            SettingSpec one = spec;
            one.kind = SettingKind::Real;
            values.push_back(parseReal(one, v.substr(begin, comma - begin)));
            begin = comma + 1;
        }
        if (values.size() != 3)
            badValue(spec.key, raw, "three numbers \"r,g,b\" or auto");
        field(c) = values;
    };
    return s;
}

std::vector<SettingSpec> buildTable()
{
    std::vector<SettingSpec> t;
    const double kMaxCount = 100000000;
    // Run
    t.push_back(choice(
        "strategy", "Strategy", "Run",
        "Acquisition function. lada-entmix: LADA with entropy and a learned mixing policy tau* "
        "(the paper's method); -fixed: tau fixed (ablation); ent-manifold-mixup: the pipelined baseline; "
        "coreset, badge, alfa-mix, cal: the feature-space baselines (cal mixes its queries like ent-manifold-mixup).",
        strategyNames(), [](auto& c) -> auto& { return c.strategy.kind; }, strategyFromString));
    t.push_back(choice(
        "model", "Model", "Run", "Classifier trained each round: cnn (MNIST-size) or resnet18 (paper: CIFAR-10, SVHN).",
        modelNames(), [](auto& c) -> auto& { return c.model; }, modelFromString));
    t.push_back(integer(
        "rounds", "Rounds", "Run",
        "Acquisition rounds lada-cli runs after round 0 (the workbench proposes until you stop).", 0, 100000,
        [](auto& c) -> auto& { return c.rounds; }));
    t.push_back(integer(
        "budget", "Budget b", "Run", "b: images the oracle labels per round (paper: 10 on MNIST-size data).", 1,
        kMaxCount, [](auto& c) -> auto& { return c.budget; }));
    t.push_back(integer(
        "initial", "Initial set n0", "Run",
        "n0: images labeled before round 1, balanced over classes when labels are known (paper: 20).", 1, kMaxCount,
        [](auto& c) -> auto& { return c.initial; }));
    t.push_back(
        integer("pool-subset", "Pool subset", "Run",
                "Candidates drawn at random from the pool each round; 0 = the whole pool (paper: 2,000, S-A.2).", 0,
                kMaxCount, [](auto& c) -> auto& { return c.poolSubset; }, {"pool_subset", "poolSubset"}));
    t.push_back(optionalInteger(
        "seed", "Seed", "Run", "Seed of every random choice; random = drawn when the run starts and recorded with it.",
        0, 9007199254740991.0, "random", "random", [](auto& c) -> auto& { return c.seed; }));
    t.push_back(choice(
        "device", "Device", "Run", "auto = CUDA when available, else the CPU.", deviceNames(),
        [](auto& c) -> auto& { return c.device; }, deviceFromString));
    t.push_back(optionalInteger(
        "threads", "Threads", "Run", "LibTorch threads for the engine; all = every core.", 1, 1024, "all", "all cores",
        [](auto& c) -> auto& { return c.threads; }));
    // Training
    t.push_back(integer(
        "epochs", "Epochs", "Training", "Classifier epochs after each acquisition (paper: 50).", 1, 100000,
        [](auto& c) -> auto& { return c.training.epochs; }));
    t.push_back(integer("batch-size", "Batch size", "Training", "Classifier training batch size (paper: 10).", 1, 65536,
                        [](auto& c) -> auto& { return c.training.batchSize; }, {"batch_size"}));
    t.push_back(real("lr", "Learning rate", "Training", "Adam learning rate of the classifier (paper: 0.001).", 1e-9,
                     10, [](auto& c) -> auto& { return c.training.learningRate; }, {"learning_rate"}));
    t.push_back(flag(
        "continue-training", "Continue training", "Training",
        "Keep the weights between rounds; off = re-initialise each round, as the paper does.",
        [](auto& c) -> auto& { return c.continueTraining; }));
    t.push_back(real(
        "dropout", "Dropout", "Training", "Dropout before the final layer while training (paper: 0).", 0, 0.95,
        [](auto& c) -> auto& { return c.dropout; }));
    t.push_back(choice(
        "augment", "Augmentation", "Training",
        "Random crop and horizontal flip while training; auto = on for 3-channel images.", augmentNames(),
        [](auto& c) -> auto& { return c.augment; }, augmentFromString));
    // Photos
    t.push_back(optionalInteger(
        "image-size", "Image size", "Photos",
        "Square training size of photo folders for cnn and resnet18, in pixels; auto = the most common size when "
        "it is at most 64 px on its long side (MNIST, CIFAR), else 64.",
        8, 1024, "auto", "from the data", [](auto& c) -> auto& { return c.imageSize; }));
    {
        SettingSpec s = base("backbone", "Backbone", "Photos",
                             "Pretrained model file (TorchScript .pt or ONNX .onnx) whose embeddings replace the "
                             "pixels; needs --model head. Empty = train on pixels from scratch.",
                             SettingKind::Text);
        s.get = [](const ExperimentConfig& c) { return c.backbone.file; };
        s.set = [](ExperimentConfig& c, const std::string& v) { c.backbone.file = trimmed(v); };
        t.push_back(std::move(s));
    }
    t.push_back(optionalInteger(
        "backbone-input-size", "Backbone input size", "Photos",
        "Square input side the backbone takes; auto = input_size from the JSON beside the model, else 224.", 8, 4096,
        "auto", "from the model's JSON", [](auto& c) -> auto& { return c.backbone.inputSize; }));
    t.push_back(realList(
        "backbone-mean", "Backbone mean", "Photos",
        "Per-channel RGB mean on the 0-1 scale, \"r,g,b\"; auto = the model's JSON, else "
        "ImageNet's 0.485,0.456,0.406.",
        -10, 10, [](auto& c) -> auto& { return c.backbone.mean; }));
    t.push_back(realList(
        "backbone-std", "Backbone std", "Photos",
        "Per-channel RGB standard deviation on the 0-1 scale, \"r,g,b\"; auto = the model's JSON, "
        "else ImageNet's 0.229,0.224,0.225.",
        1e-6, 10, [](auto& c) -> auto& { return c.backbone.stddev; }));
    t.push_back(flag(
        "letterbox", "Letterbox", "Photos",
        "Fit the whole photo into the backbone's square, padded; off = resize the shorter side and "
        "crop the centre.",
        [](auto& c) -> auto& { return c.backbone.letterbox; }));
    t.push_back(integer(
        "head-hidden", "Head hidden width", "Photos",
        "Hidden units of the head model's MLP on the backbone embeddings.", 1, 65536,
        [](auto& c) -> auto& { return c.headHidden; }));
    // LADA
    t.push_back(real(
        "gamma", "γ", "LADA", "γ: weight of the virtual instances' score in Eq. 13 (paper: 1).", 0, 1000,
        [](auto& c) -> auto& { return c.strategy.gamma; }));
    t.push_back(
        integer("lambda-samples", "N (λ samples)", "LADA", "N: λ ~ Beta(τ, τ) samples per pair, Eq. 11 (paper: 10).", 1,
                1000, [](auto& c) -> auto& { return c.strategy.lambdaSamples; }, {"lambda_samples", "lambdaSamples"}));
    t.push_back(integer("policy-epochs", "Policy epochs", "LADA",
                        "Epochs of the mixing policy π_φ per round (paper: 10).", 1, 10000,
                        [](auto& c) -> auto& { return c.strategy.policyEpochs; }, {"policy_epochs", "policyEpochs"}));
    t.push_back(integer("policy-batch", "Policy batch", "LADA", "Pairs per policy training batch (paper: 100).", 1,
                        100000, [](auto& c) -> auto& { return c.strategy.policyBatch; }, {"policy_batch"}));
    t.push_back(real("policy-lr", "Policy learning rate", "LADA", "Adam learning rate of π_φ (authors' code: 5e-5).",
                     1e-12, 10, [](auto& c) -> auto& { return c.strategy.policyLearningRate; },
                     {"policy_learning_rate"}));
    t.push_back(choice("policy-objective", "Policy objective", "LADA",
                       "curve (default): the score tabulated along each pair's mixing line, 5-6x faster and as "
                       "accurate in docs/experiments; exact: N mixed maps through the network per policy step "
                       "(Eq. 11-12, the paper; --preset paper).",
                       objectiveNames(), [](auto& c) -> auto& { return c.strategy.policyObjective; },
                       objectiveFromString, {"policy_objective", "policyObjective"}));
    t.push_back(integer("curve-points", "Curve points", "LADA", "λ nodes of the curve objective's table.", 2, 1000,
                        [](auto& c) -> auto& { return c.strategy.curvePoints; }, {"curve_points"}));
    t.push_back(real("tau-max", "τ max", "LADA",
                     "Largest τ the policy outputs: τ = τmax·sigmoid(·) (authors' code: sharp = 1).", 0.01, 1000,
                     [](auto& c) -> auto& { return c.strategy.tauMax; }, {"tau_max"}));
    {
        SettingSpec s = base("tau", "Fixed τ", "LADA",
                             "τ of the -fixed variants and the pipelined baseline; paper default = 2.0 for feature "
                             "maps, 0.2 for the input (k = 0).",
                             SettingKind::Real);
        s.min = 1e-6;
        s.max = 1000;
        s.unsetToken = "auto";
        s.unsetText = "paper default";
        s.oldNames = {"fixed-tau", "fixed_tau", "fixedTau"};
        s.get = [](const ExperimentConfig& c) {
            return c.strategy.fixedTau ? realText(*c.strategy.fixedTau) : std::string("auto");
        };
        s.set = [spec = s](ExperimentConfig& c, const std::string& v) {
            if (isUnset(spec, v))
                c.strategy.fixedTau.reset();
            else
                c.strategy.fixedTau = parseReal(spec, v);
        };
        t.push_back(std::move(s));
    }
    {
        SettingSpec s = base("mix-layers", "Mixing layers", "LADA",
                             "kmin:kmax: the mixing layer k is drawn uniformly from this range each round; 0 = the "
                             "input (paper: 1:2, the outputs of the first two blocks).",
                             SettingKind::Text);
        s.oldNames = {"mix_layers"};
        s.get = [](const ExperimentConfig& c) {
            return std::to_string(c.strategy.mixLayerMin) + ":" + std::to_string(c.strategy.mixLayerMax);
        };
        s.set = [](ExperimentConfig& c, const std::string& raw) {
            const std::string v = trimmed(raw);
            const size_t colon = v.find(':');
            int lo = -1, hi = -1;
            const std::string a = v.substr(0, colon), b = colon == std::string::npos ? a : v.substr(colon + 1);
            const auto ra = std::from_chars(a.data(), a.data() + a.size(), lo);
            const auto rb = std::from_chars(b.data(), b.data() + b.size(), hi);
            if (a.empty() || b.empty() || ra.ptr != a.data() + a.size() || rb.ptr != b.data() + b.size() || lo < 0 ||
                hi < lo || hi > 4)
                badValue("mix-layers", raw, "kmin:kmax with 0 <= kmin <= kmax <= 4, for example 1:2");
            c.strategy.mixLayerMin = lo;
            c.strategy.mixLayerMax = hi;
        };
        t.push_back(std::move(s));
    }
    t.push_back(flag("warm-start-policy", "Warm-start policy", "LADA",
                     "Keep π_φ's weights from the previous round (paper: a fresh policy each round).",
                     [](auto& c) -> auto& { return c.strategy.warmStartPolicy; }, {"warm_start_policy"}));
    t.push_back(integer("pass-batch", "Pass batch", "LADA",
                        "Samples per forward/backward chunk of LADA's passes (bounds peak memory).", 1, 1000000,
                        [](auto& c) -> auto& { return c.strategy.passBatch; }, {"pass_batch"}));
    // Baselines
    t.push_back(integer("mc-passes", "MC passes T", "Baselines", "T: BALD's Monte Carlo dropout passes (paper: 10).", 1,
                        1000, [](auto& c) -> auto& { return c.strategy.mcPasses; }, {"mc_passes"}));
    t.push_back(real("mc-dropout", "MC dropout", "Baselines", "Dropout probability of BALD's passes (paper: 0.5).", 0,
                     0.99, [](auto& c) -> auto& { return c.strategy.mcDropout; }, {"mc_dropout"}));
    // View
    t.push_back(integer("tsne-points", "t-SNE pool points", "View",
                        "Pool images shown grey in the t-SNE map after each proposal; 0 turns t-SNE off.", 0, 20000,
                        [](auto& c) -> auto& { return c.embedding.poolPoints; }, {"tsnePoolSample"}));
    t.push_back(integer("tsne-iterations", "t-SNE iterations", "View", "Gradient steps of each t-SNE map.", 50, 10000,
                        [](auto& c) -> auto& { return c.embedding.iterations; }, {"tsneIterations"}));
    return t;
}

}  // namespace

const std::vector<SettingSpec>& settingTable()
{
    static const std::vector<SettingSpec> table = buildTable();
    return table;
}

const SettingSpec* findSetting(const std::string& key)
{
    for (const SettingSpec& s : settingTable())
        if (s.key == key)
            return &s;
    return nullptr;
}

std::string settingKeys()
{
    std::string out;
    for (const SettingSpec& s : settingTable())
        out += (out.empty() ? "" : ", ") + s.key;
    return out;
}

void applySetting(ExperimentConfig& config, const std::string& assignment)
{
    const size_t eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw ConfigError("\"" + assignment + "\": expected KEY=VALUE; the settings are: " + settingKeys());
    const std::string key = trimmed(assignment.substr(0, eq));
    const SettingSpec* spec = findSetting(key);
    if (spec == nullptr)
        unknownKey(key, "");
    spec->set(config, assignment.substr(eq + 1));
}

std::map<std::string, std::string> configToMap(const ExperimentConfig& config)
{
    std::map<std::string, std::string> out;
    for (const SettingSpec& s : settingTable())
        out[s.key] = s.get(config);
    return out;
}

void applySettings(ExperimentConfig& config, const std::map<std::string, std::string>& values)
{
    for (const auto& [key, value] : values) {
        const SettingSpec* spec = findSetting(key);
        if (spec == nullptr)
            unknownKey(key, "");
        spec->set(config, value);
    }
}

}  // namespace lada
