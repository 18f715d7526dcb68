// SPDX-License-Identifier: MIT
#include "core/loop/active_learner.h"

#include "core/error.h"
#include "core/training/trainer.h"
#include "core/util/device.h"
#include "core/util/seconds_since.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace lada {

namespace {

InputShape shapeOf(const Dataset& d)
{
    return {d.channels(), d.height(), d.width(), std::max<int64_t>(2, d.numClasses())};
}

}  // namespace

ActiveLearner::ActiveLearner(Dataset train, std::optional<Dataset> test, ExperimentConfig config)
    : m_train(std::move(train))
    , m_test(std::move(test))
    , m_config(std::move(config))
    , m_device(chooseDevice(toString(m_config.device)))
    , m_rng(m_config.seedValue())
{
    const int64_t n = m_train.size();
    if (n == 0)
        throw ConfigError("the training split \"" + m_train.root + "\" holds no image");
    if (m_train.numClasses() < 2)
        throw ConfigError("at least two classes are needed, \"" + m_train.root + "\" has " +
                          std::to_string(m_train.numClasses()));
    if (m_config.budget < 1 || m_config.initial < 1 || m_config.rounds < 0)
        throw ConfigError("budget and initial set must be at least 1 and rounds at least 0");
    if (m_config.initial + m_config.budget * m_config.rounds > n)
        throw ConfigError("the initial set (" + std::to_string(m_config.initial) + ") plus " +
                          std::to_string(m_config.rounds) + " rounds of " + std::to_string(m_config.budget) +
                          " images exceed the pool of " + std::to_string(n) + " images");
    if (m_test && (m_test->channels() != m_train.channels() || m_test->height() != m_train.height() ||
                   m_test->width() != m_train.width()))
        throw ConfigError("the test split's images differ in shape from the training split's: load it with "
                          "the training split's size and channels");
    resolveSeed(m_config);  // a "random" seed is drawn once here and kept in config() for the record
    m_rng.seed(m_config.seedValue());
    torch::manual_seed(m_config.seedValue());
    m_stats = ChannelStats::compute(m_train.images);
    // Crops and flips are for pictures: embeddings [N, D, 1, 1] have neither.
    if (m_config.augment == AugmentMode::Auto || m_train.isEmbedding())
        m_config.training.augment = m_train.channels() == 3 && !m_train.isEmbedding();
    else
        m_config.training.augment = m_config.augment == AugmentMode::On;
    m_model = makeClassifier(toString(m_config.model), shapeOf(m_train), m_config.dropout, m_config.headHidden);
    m_model->to(m_device);
    // The mixing layers the model has: the head's k = 0 (the backbone's embedding) and k = 1 (its hidden
    // layer) against cnn's three blocks; the paper's 1:2 becomes 1:1 there rather than an error.
    m_config.strategy.mixLayerMax = std::min(m_config.strategy.mixLayerMax, m_model->numBlocks());
    m_config.strategy.mixLayerMin = std::min(m_config.strategy.mixLayerMin, m_config.strategy.mixLayerMax);
    m_strategy = makeStrategy(m_config.strategy);
    m_state.assign(static_cast<size_t>(n), RowState::Pool);
    m_labelOf.assign(static_cast<size_t>(n), -1);
    m_poolCount = n;
}

ActiveLearner::~ActiveLearner() = default;

std::vector<int64_t> ActiveLearner::initialQueries()
{
    const int64_t n = m_train.size();
    std::vector<int64_t> rows(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        rows[static_cast<size_t>(i)] = i;
    std::shuffle(rows.begin(), rows.end(), m_rng);
    const int64_t want = m_config.initial;
    if (!m_train.hasLabels())
        return {rows.begin(), rows.begin() + want};
    // Balanced: want / C per class, the remainder to the first classes (paper: 2 per class).
    const int64_t classes = m_train.numClasses();
    std::vector<int64_t> quota(static_cast<size_t>(classes), want / classes);
    for (int64_t c = 0; c < want % classes; ++c)
        ++quota[static_cast<size_t>(c)];
    const int64_t* y = m_train.labels.data_ptr<int64_t>();
    std::vector<int64_t> out;
    for (int64_t r : rows) {
        int64_t& q = quota[static_cast<size_t>(y[r])];
        if (q > 0) {
            out.push_back(r);
            --q;
        }
    }
    // A class with too few images: fill up with any others.
    for (int64_t r : rows) {
        if (static_cast<int64_t>(out.size()) >= want)
            break;
        if (std::find(out.begin(), out.end(), r) == out.end())
            out.push_back(r);
    }
    return out;
}

void ActiveLearner::recordAnswer(int64_t row, std::optional<int64_t> label)
{
    if (row < 0 || row >= m_train.size())
        throw Error("row " + std::to_string(row) + " is not in the training split");
    if (m_state[static_cast<size_t>(row)] != RowState::Pool)
        throw Error("\"" + m_train.paths[static_cast<size_t>(row)] + "\" was already answered");
    if (label && (*label < 0 || *label >= m_train.numClasses()))
        throw Error("label " + std::to_string(*label) + " is outside the " + std::to_string(m_train.numClasses()) +
                    " classes");
    --m_poolCount;
    if (label) {
        m_state[static_cast<size_t>(row)] = RowState::Labeled;
        m_labelOf[static_cast<size_t>(row)] = *label;
        m_labeledRows.push_back(row);
    } else {
        m_state[static_cast<size_t>(row)] = RowState::Skipped;
        ++m_skippedCount;
    }
}

void ActiveLearner::undoAnswer(int64_t row)
{
    if (row < 0 || row >= m_train.size() || m_state[static_cast<size_t>(row)] == RowState::Pool)
        throw Error("row " + std::to_string(row) + " has no answer to undo");
    if (m_state[static_cast<size_t>(row)] == RowState::Labeled) {
        m_labeledRows.erase(std::find(m_labeledRows.begin(), m_labeledRows.end(), row));
        m_labelOf[static_cast<size_t>(row)] = -1;
    } else {
        --m_skippedCount;
    }
    m_state[static_cast<size_t>(row)] = RowState::Pool;
    ++m_poolCount;
}

RoundReport ActiveLearner::trainInitial(const Progress& progress)
{
    if (m_round != 0 || !m_history.empty())
        throw Error("the initial training has already run");
    return trainAndEvaluate(nullptr, progress);
}

const Proposal& ActiveLearner::proposeRound(const Progress& progress)
{
    if (m_history.empty())
        throw Error("train on the initial set before proposing a round");
    if (m_poolCount < m_config.budget)
        throw Error("the pool holds " + std::to_string(m_poolCount) + " images, fewer than the budget of " +
                    std::to_string(m_config.budget));
    std::vector<int64_t> pool;
    pool.reserve(static_cast<size_t>(m_poolCount));
    for (size_t i = 0; i < m_state.size(); ++i)
        if (m_state[i] == RowState::Pool)
            pool.push_back(static_cast<int64_t>(i));
    std::shuffle(pool.begin(), pool.end(), m_rng);
    const int64_t subset = m_config.poolSubset > 0 ? std::min<int64_t>(m_config.poolSubset, m_poolCount) : m_poolCount;
    pool.resize(static_cast<size_t>(subset));

    std::vector<int64_t> labeled, labels;
    for (size_t i = 0; i < m_state.size(); ++i)
        if (m_state[i] == RowState::Labeled) {
            labeled.push_back(static_cast<int64_t>(i));
            labels.push_back(m_labelOf[i]);
        }

    AcquisitionContext context{*m_model,        m_train.images, m_stats,  m_device,           std::move(pool),
                               m_config.budget, m_rng,          progress, std::move(labeled), std::move(labels)};
    releaseFreeHeap();  // what training and evaluation freed: the acquisition step starts from live memory
    Proposal proposal = m_strategy->propose(context);
    proposal.round = m_round + 1;
    m_pending = std::move(proposal);
    return *m_pending;
}

RoundReport ActiveLearner::completeRound(const Progress& progress)
{
    if (!m_pending)
        throw Error("no round has been proposed");
    RoundReport report = trainAndEvaluate(&*m_pending, progress);
    m_pending.reset();
    return report;
}

RoundReport ActiveLearner::trainAndEvaluate(const Proposal* proposal, const Progress& progress)
{
    RoundReport report;
    report.round = proposal ? m_round + 1 : 0;

    // The virtual set: this round's pairs whose two images both received a label (Eq. 14).
    VirtualSet virtualSet;
    if (proposal && !proposal->virtualPairs.empty()) {
        std::vector<int64_t> a, b;
        std::vector<float> tau;
        for (const VirtualPair& p : proposal->virtualPairs)
            if (labelOf(p.a) >= 0 && labelOf(p.b) >= 0) {
                a.push_back(p.a);
                b.push_back(p.b);
                tau.push_back(static_cast<float>(p.tau));
            }
        if (!a.empty()) {
            const torch::Tensor ra = torch::tensor(a, torch::kLong), rb = torch::tensor(b, torch::kLong);
            virtualSet.imagesA = m_train.images.index_select(0, ra);
            virtualSet.imagesB = m_train.images.index_select(0, rb);
            std::vector<int64_t> la, lb;
            for (size_t i = 0; i < a.size(); ++i) {
                la.push_back(labelOf(a[i]));
                lb.push_back(labelOf(b[i]));
            }
            virtualSet.labelsA = torch::tensor(la, torch::kLong);
            virtualSet.labelsB = torch::tensor(lb, torch::kLong);
            virtualSet.tau = torch::tensor(tau, torch::kFloat);
            virtualSet.mixLayer = proposal->diagnostics.mixLayer;
            virtualSet.numClasses = m_train.numClasses();
        }
    }
    report.virtualInstances = virtualSet.size();

    if (!m_config.continueTraining && proposal) {
        m_model = makeClassifier(toString(m_config.model), shapeOf(m_train), m_config.dropout, m_config.headHidden);
        m_model->to(m_device);
    }
    const torch::Tensor rows = torch::tensor(m_labeledRows, torch::kLong);
    std::vector<int64_t> labels;
    labels.reserve(m_labeledRows.size());
    for (int64_t r : m_labeledRows)
        labels.push_back(labelOf(r));
    const TrainStats trained =
        trainClassifier(*m_model, m_train.images.index_select(0, rows), torch::tensor(labels, torch::kLong), m_stats,
                        m_device, m_config.training, virtualSet.size() ? &virtualSet : nullptr, progress);
    report.trainLoss = trained.meanLoss;
    report.trainingSeconds = trained.seconds;

    const auto start = std::chrono::steady_clock::now();
    if (m_test && m_test->hasLabels())
        report.testAccuracy = evaluateAccuracy(*m_model, m_test->images, m_test->labels, m_stats, m_device, progress);
    report.evaluationSeconds = secondsSince(start);

    if (proposal) {
        const AcquisitionDiagnostics& d = proposal->diagnostics;
        report.scoringSeconds = d.featureSeconds + d.policySeconds + d.scoringSeconds;
        report.selectionSeconds = d.selectionSeconds;
        report.proposal = *proposal;
        for (int64_t r : proposal->queriedIndices())
            report.answeredLabels.push_back(labelOf(r));
        ++m_round;
    }
    report.labeledCount = static_cast<int64_t>(m_labeledRows.size());
    report.skippedCount = m_skippedCount;
    m_history.push_back(report);
    return report;
}

void ActiveLearner::restoreHistory(std::vector<RoundReport> history)
{
    if (m_pending)
        throw Error("cannot restore the rounds of a session while a proposal is pending");
    if (history.empty())
        throw Error("cannot restore an empty round history");
    m_round = history.back().round;
    m_history = std::move(history);
}

void ActiveLearner::restoreProposal(Proposal proposal)
{
    if (m_pending)
        throw Error("a proposal is already pending");
    if (m_history.empty() || proposal.round != m_round + 1)
        throw Error("the proposal of round " + std::to_string(proposal.round) + " does not follow round " +
                    std::to_string(m_round));
    for (int64_t row : proposal.queriedIndices())
        if (row < 0 || row >= m_train.size())
            throw Error("the proposal names row " + std::to_string(row) + ", outside the training split");
    m_pending = std::move(proposal);
}

RoundReport ActiveLearner::runRound(Oracle& oracle, const Progress& progress)
{
    const Proposal& proposal = proposeRound(progress);
    for (int64_t row : proposal.queriedIndices())
        recordAnswer(row, oracle.label(row));
    return completeRound(progress);
}

std::vector<RoundReport> ActiveLearner::run(Oracle& oracle, const Progress& progress,
                                            const std::function<void(const RoundReport&)>& onRound)
{
    for (int64_t row : initialQueries())
        recordAnswer(row, oracle.label(row));
    const RoundReport first = trainInitial(progress);
    if (onRound)
        onRound(first);
    for (int j = 0; j < m_config.rounds; ++j) {
        const RoundReport r = runRound(oracle, progress);
        if (onRound)
            onRound(r);
    }
    return m_history;
}

}  // namespace lada
