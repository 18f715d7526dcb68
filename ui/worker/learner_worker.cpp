// SPDX-License-Identifier: MIT
#include "ui/worker/learner_worker.h"

#include "core/acquisition/lada_strategy.h"
#include "core/error.h"
#include "core/loop/active_learner.h"
#include "core/training/trainer.h"
#include "core/util/device.h"
#include "ui/worker/dataset_opener.h"
#include "ui/worker/progress_throttle.h"
#include "ui/worker/session_config.h"
#include "ui/worker/view_builder.h"

#include <QThread>
#include <QTimer>

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace lada::ui {

namespace {

/** Every 5th answer of a person is held out when there is no test split and no known label. */
constexpr int kHeldOutEvery = 5;
/** Share of a labeled training folder set aside as the test split when none is given. */
constexpr double kHeldOutShare = 0.1;
constexpr int64_t kHeldOutMax = 2000;

QString toQ(const std::string& s) { return QString::fromStdString(s); }

} // namespace

LearnerWorker::LearnerWorker(QObject* parent)
    : QObject(parent)
{
}

LearnerWorker::~LearnerWorker() = default;

Progress LearnerWorker::makeProgress()
{
    m_cancel.store(false);
    auto throttle = std::make_shared<ProgressThrottle>(
        [this](const QString& phase, qint64 done, qint64 total) { Q_EMIT progressChanged(phase, done, total); });
    Progress progress;
    progress.cancel = &m_cancel;
    progress.report = [throttle](const std::string& phase, int64_t done, int64_t total) {
        throttle->report(toQ(phase), done, total);
    };
    return progress;
}

void LearnerWorker::openDataset(const OpenRequest& request)
{
    Q_EMIT busyChanged(true);
    try {
        if (m_threads < 0)
            m_threads = configureThreads(0);
        m_learner.reset();
        m_data.reset();
        m_data = std::make_unique<OpenedData>(openData(request, makeProgress()));
        const DatasetSummary summary = summarize(request, *m_data);
        Q_EMIT logMessage(tr("Opened %1: %2 images, %3 classes%4 in %5 s").arg(request.trainSource)
                              .arg(summary.trainSize).arg(summary.classNames.size())
                              .arg(summary.fromCache ? tr(" (from the dataset cache)") : QString())
                              .arg(summary.seconds, 0, 'f', 2));
        Q_EMIT datasetOpened(summary);
    } catch (const Cancelled&) {
        Q_EMIT cancelled(tr("opening %1").arg(request.trainSource));
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("Cannot open %1: %2").arg(request.trainSource, toQ(e.what())));
    }
    Q_EMIT busyChanged(false);
}

void LearnerWorker::startSession(const SessionSettings& settings)
{
    try {
        if (!m_data)
            throw Error("open a dataset first");
        m_settings = settings;
        const ExperimentConfig config = experimentConfig(settings);
        // LibTorch's intra-op pool serves the thread that sets it; this worker thread does all torch work.
        m_threads = configureThreads(config.threads);
        m_rng.seed(config.seed + 1);
        m_personAnswers.clear();
        m_heldOutRows.clear();
        m_heldOutLabels.clear();
        m_interrupted = Step::None;

        Dataset train = m_data->train;
        std::optional<Dataset> test = m_data->test;
        m_heldOutFromSplit = !test && train.hasLabels();
        if (m_heldOutFromSplit) {
            // No test split but known labels: hold out a share of the oracle's labels for the accuracy curve.
            const int64_t n = train.size();
            const int64_t held = std::min<int64_t>(kHeldOutMax, static_cast<int64_t>(n * kHeldOutShare));
            const torch::Tensor order =
                torch::randperm(n, torch::make_generator<at::CPUGeneratorImpl>(config.seed), torch::kLong);
            test = train.subset(order.narrow(0, 0, held));
            train = train.subset(std::get<0>(order.narrow(0, held, n - held).sort()));
        }
        m_learner = std::make_unique<ActiveLearner>(std::move(train), std::move(test), config);
        Q_EMIT sessionStarted(tr("%1 on %2, %3 threads, %4 pool images")
                                  .arg(settings.strategy, toQ(m_learner->device().str()))
                                  .arg(torch::get_num_threads())
                                  .arg(m_learner->poolSize()));
        Q_EMIT logMessage(tr("Session: %1, model %2, budget %3, initial %4, %5 epochs; torch threads %6")
                              .arg(settings.strategy, settings.model).arg(settings.budget).arg(settings.initial)
                              .arg(settings.epochs).arg(torch::get_num_threads()));

        const std::vector<int64_t> rows = m_learner->initialQueries();
        RoundProposal proposal = initialProposal(*m_learner, rows);
        m_cardsRound = 0;
        m_cardRows = rows;
        m_cardPairs.assign(rows.size(), {-1, -1});
        m_mixLayer = -1;
        proposal.simulated = m_simulated;
        Q_EMIT proposalsReady(proposal);
        if (m_learner->train().hasLabels()) {
            // Known labels: the initial set is labeled from them, as in the paper's experiments.
            for (int64_t row : rows) {
                m_learner->recordAnswer(row, m_learner->train().labels[row].item<int64_t>());
                Q_EMIT answerRecorded(row, static_cast<int>(m_learner->labelOf(row)));
            }
            emitCounts();
            QMetaObject::invokeMethod(this, [this] { runStep(Step::Train); }, Qt::QueuedConnection);
        } else {
            emitCounts();
        }
    } catch (const std::exception& e) {
        m_learner.reset();
        Q_EMIT failed(tr("Cannot start the session: %1").arg(toQ(e.what())));
    }
}

void LearnerWorker::submitAnswer(qint64 row, int label)
{
    try {
        if (!m_learner)
            throw Error("no session is running");
        if (std::find(m_cardRows.begin(), m_cardRows.end(), row) == m_cardRows.end() || !m_learner->isInPool(row))
            return;  // a late or repeated key press for a card already answered: nothing to do
        const bool holdOut = label >= 0 && !m_heldOutFromSplit && !m_learner->test() &&
                             (m_personAnswers.size() + 1) % kHeldOutEvery == 0;
        if (holdOut) {
            m_learner->recordAnswer(row, std::nullopt);
            m_heldOutRows.push_back(row);
            m_heldOutLabels.push_back(label);
        } else {
            m_learner->recordAnswer(row, label >= 0 ? std::optional<int64_t>(label) : std::nullopt);
        }
        m_personAnswers.push_back(row);
        Q_EMIT answerRecorded(row, label);
        emitCounts();
        if (roundComplete() && !m_busy)
            QMetaObject::invokeMethod(this, [this] { runStep(Step::Train); }, Qt::QueuedConnection);
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("Cannot record the answer: %1").arg(toQ(e.what())));
    }
}

void LearnerWorker::undoLastAnswer()
{
    try {
        if (!m_learner || m_personAnswers.empty()) {
            Q_EMIT logMessage(tr("Nothing to undo"));
            return;
        }
        const int64_t row = m_personAnswers.back();
        m_personAnswers.pop_back();
        m_learner->undoAnswer(row);
        const auto held = std::find(m_heldOutRows.begin(), m_heldOutRows.end(), row);
        if (held != m_heldOutRows.end()) {
            m_heldOutLabels.erase(m_heldOutLabels.begin() + (held - m_heldOutRows.begin()));
            m_heldOutRows.erase(held);
        }
        if (std::find(m_cardRows.begin(), m_cardRows.end(), row) == m_cardRows.end())
            Q_EMIT logMessage(tr("Undid the answer for %1 from an earlier round: it is back in the pool")
                                  .arg(toQ(m_learner->train().paths[static_cast<size_t>(row)])));
        Q_EMIT answerUndone(row);
        emitCounts();
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("Cannot undo: %1").arg(toQ(e.what())));
    }
}

void LearnerWorker::setSimulatedOracle(bool enabled, int delayMs, int stopAfterRound)
{
    m_simulated = enabled;
    m_simulationDelayMs = std::max(0, delayMs);
    m_stopAfterRound = stopAfterRound;
    if (enabled && m_learner && !m_learner->train().hasLabels()) {
        m_simulated = false;
        Q_EMIT failed(tr("The simulated oracle needs a training folder with known labels"));
        return;
    }
    scheduleSimulation();
}

void LearnerWorker::resume()
{
    if (m_interrupted == Step::None) {
        if (m_learner && roundComplete())
            runStep(Step::Train);
        return;
    }
    const Step step = m_interrupted;
    m_interrupted = Step::None;
    runStep(step);
}

void LearnerWorker::inspectVirtual(int query, double lambda)
{
    try {
        if (!m_learner || query < 0 || query >= static_cast<int>(m_cardPairs.size()) || m_cardPairs[query].first < 0 ||
            m_mixLayer < 0)
            return;
        const auto [a, b] = m_cardPairs[static_cast<size_t>(query)];
        const Dataset& train = m_learner->train();
        const VirtualInstanceView view = inspectVirtualInstance(m_learner->model(), train.images[a], train.images[b],
                                                                m_mixLayer, lambda, m_learner->stats(),
                                                                m_learner->device());
        VirtualInspection out;
        out.round = m_cardsRound;
        out.query = query;
        out.lambda = lambda;
        out.featureMix = view.featureMix;
        out.inputMix = view.inputMix;
        out.channels = static_cast<int>(train.channels());
        out.height = static_cast<int>(train.height());
        out.width = static_cast<int>(train.width());
        out.mixedPixels = view.mixedImage;
        Q_EMIT virtualInspected(out);
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("Cannot inspect the virtual instance: %1").arg(toQ(e.what())));
    }
}

void LearnerWorker::runStep(Step step)
{
    if (!m_learner)
        return;
    m_busy = true;
    Q_EMIT busyChanged(true);
    Step next = Step::None;
    try {
        switch (step) {
        case Step::Train: trainRound(); next = Step::Propose; break;
        case Step::Propose: proposeNext(); next = m_settings.tsnePoolSample > 0 ? Step::Embed : Step::None; break;
        case Step::Embed: computeEmbedding(); break;
        case Step::None: break;
        }
    } catch (const Cancelled&) {
        m_interrupted = step;
        next = Step::None;
        Q_EMIT cancelled(step == Step::Train ? tr("training") : step == Step::Propose ? tr("proposing") : tr("t-SNE"));
    } catch (const std::exception& e) {
        next = Step::None;
        Q_EMIT failed(toQ(e.what()));
    }
    m_busy = false;
    Q_EMIT busyChanged(false);
    if (next != Step::None)
        QMetaObject::invokeMethod(this, [this, next] { runStep(next); }, Qt::QueuedConnection);
    else if (step == Step::Propose || step == Step::Embed)
        scheduleSimulation();
}

void LearnerWorker::trainRound()
{
    const Progress progress = makeProgress();
    const bool initial = m_learner->history().empty();
    const RoundReport report = initial ? m_learner->trainInitial(progress) : m_learner->completeRound(progress);
    RoundMetrics m;
    m.round = report.round;
    m.labeledCount = report.labeledCount;
    m.heldOutCount = m_heldOutFromSplit ? (m_learner->test() ? m_learner->test()->size() : 0)
                                        : static_cast<qint64>(m_heldOutRows.size());
    m.skippedCount = report.skippedCount - static_cast<qint64>(m_heldOutRows.size());
    m.poolCount = m_learner->poolSize();
    m.trainLoss = report.trainLoss;
    m.scoringSeconds = report.scoringSeconds;
    m.trainingSeconds = report.trainingSeconds;
    m.evaluationSeconds = report.evaluationSeconds;
    m.virtualInstances = report.virtualInstances;
    if (m_learner->test() && !m_heldOutFromSplit) {
        m.accuracy = report.testAccuracy;
        m.accuracySource = AccuracySource::TestSplit;
    } else if (m_heldOutFromSplit) {
        m.accuracy = report.testAccuracy;
        m.accuracySource = AccuracySource::HeldOut;
    } else {
        m.accuracy = heldOutAccuracy();
        m.accuracySource = std::isnan(m.accuracy) ? AccuracySource::None : AccuracySource::HeldOut;
    }
    Q_EMIT logMessage(tr("Round %1: %2 labeled, accuracy %3 %, loss %4, training %5 s")
                          .arg(m.round).arg(m.labeledCount).arg(m.accuracy * 100.0, 0, 'f', 2)
                          .arg(m.trainLoss, 0, 'f', 3).arg(m.trainingSeconds, 0, 'f', 1));
    Q_EMIT roundFinished(m);
}

double LearnerWorker::heldOutAccuracy()
{
    if (m_heldOutRows.size() < 2)
        return std::numeric_limits<double>::quiet_NaN();
    const Dataset& train = m_learner->train();
    return evaluateAccuracy(m_learner->model(), train.images.index_select(0, torch::tensor(m_heldOutRows, torch::kLong)),
                            torch::tensor(m_heldOutLabels, torch::kLong), m_learner->stats(), m_learner->device());
}

void LearnerWorker::proposeNext()
{
    if (m_learner->poolSize() < m_learner->config().budget) {
        Q_EMIT logMessage(tr("The pool is exhausted: %1 images left").arg(m_learner->poolSize()));
        return;
    }
    const Proposal& proposal = m_learner->proposeRound(makeProgress());
    RoundProposal view = roundProposal(*m_learner, proposal, m_settings.lambdaSamples, m_rng);
    m_cardsRound = proposal.round;
    m_cardRows = proposal.queriedIndices();
    m_cardPairs.clear();
    for (const Query& q : proposal.queries)
        m_cardPairs.emplace_back(q.indices.size() == 2 ? std::pair{q.indices[0], q.indices[1]}
                                                       : std::pair<int64_t, int64_t>{-1, -1});
    m_mixLayer = proposal.diagnostics.mixLayer;
    view.simulated = m_simulated && (m_stopAfterRound < 0 || proposal.round <= m_stopAfterRound);
    Q_EMIT proposalsReady(view);
    emitCounts();
}

void LearnerWorker::computeEmbedding()
{
    const EmbeddingView view =
        embeddingView(*m_learner, m_settings.tsnePoolSample, m_settings.tsneIterations, m_rng, makeProgress());
    Q_EMIT embeddingReady(view);
}

void LearnerWorker::scheduleSimulation()
{
    if (!m_simulated || m_simulationScheduled || !m_learner || m_busy || roundComplete())
        return;
    if (m_stopAfterRound >= 0 && m_cardsRound > m_stopAfterRound)
        return;
    m_simulationScheduled = true;
    // A timer rather than a sleep: the worker's event loop stays free for cancel, undo and shutdown.
    QTimer::singleShot(m_simulationDelayMs, this, [this] {
        m_simulationScheduled = false;
        answerBySimulation();
    });
}

void LearnerWorker::answerBySimulation()
{
    try {
        if (!m_simulated || !m_learner || m_busy)
            return;
        if (m_stopAfterRound >= 0 && m_cardsRound > m_stopAfterRound)
            return;
        for (int64_t row : m_cardRows)
            if (m_learner->isInPool(row)) {
                const int64_t label = m_learner->train().labels[row].item<int64_t>();
                m_learner->recordAnswer(row, label);
                Q_EMIT answerRecorded(row, static_cast<int>(label));
            }
        emitCounts();
        if (roundComplete())
            runStep(Step::Train);
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("The simulated oracle failed: %1").arg(toQ(e.what())));
    }
}

bool LearnerWorker::roundComplete() const
{
    if (!m_learner || m_cardRows.empty())
        return false;
    // The initial set is complete once trained (history non-empty); a round once completeRound ran.
    if (m_cardsRound == 0 && !m_learner->history().empty())
        return false;
    if (m_cardsRound > 0 && !m_learner->pendingProposal())
        return false;
    return std::none_of(m_cardRows.begin(), m_cardRows.end(), [this](int64_t r) { return m_learner->isInPool(r); });
}

void LearnerWorker::emitCounts()
{
    if (!m_learner)
        return;
    PoolCounts c;
    c.labeled = static_cast<qint64>(m_learner->labeledRows().size());
    c.heldOut = static_cast<qint64>(m_heldOutRows.size());
    c.skipped = m_learner->skippedCount() - c.heldOut;
    c.pool = m_learner->poolSize();
    c.round = m_cardsRound;
    c.queriesThisRound = static_cast<int>(m_cardRows.size());
    c.answeredThisRound = static_cast<int>(
        std::count_if(m_cardRows.begin(), m_cardRows.end(), [this](int64_t r) { return !m_learner->isInPool(r); }));
    c.perClass.assign(static_cast<size_t>(m_learner->train().numClasses()), 0);
    for (int64_t r : m_learner->labeledRows())
        ++c.perClass[static_cast<size_t>(m_learner->labelOf(r))];
    Q_EMIT countsChanged(c);
}

} // namespace lada::ui
