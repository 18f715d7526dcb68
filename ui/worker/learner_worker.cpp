// SPDX-License-Identifier: MIT
#include "ui/worker/learner_worker.h"

#include "core/acquisition/lada_strategy.h"
#include "core/error.h"
#include "core/loop/active_learner.h"
#include "core/nn/checkpoint.h"
#include "core/session/exporter.h"
#include "core/session/session.h"
#include "core/training/trainer.h"
#include "core/util/device.h"
#include "ui/worker/dataset_opener.h"
#include "ui/worker/progress_throttle.h"
#include "ui/worker/session_config.h"
#include "ui/worker/session_record.h"
#include "ui/worker/view_builder.h"

#include <QDateTime>
#include <QDir>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>
#include <limits>
#include <memory>

namespace lada::ui {

namespace {

/** Every 5th answer of a person is held out when there is no test split and no known label. */
constexpr int kHeldOutEvery = 5;
/** Share of a labeled training folder set aside as the test split when none is given. */
constexpr double kHeldOutShare = 0.1;
constexpr int64_t kHeldOutMax = 2000;

/** session.json setting saying the training images had no labels (class names were given). */
constexpr const char* kUnlabeledKey = "images-unlabeled";

QString toQ(const std::string& s) { return QString::fromStdString(s); }

/** A new folder under the application's data folder, named by the time and the strategy. */
std::string newSessionFolder(const QString& strategy)
{
    const QString base = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                             .filePath(QStringLiteral("sessions"));
    const QString name = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz-")) + strategy;
    return QDir(base).filePath(name).toStdString();
}

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
        resetEngine();
        m_data = std::make_unique<OpenedData>(openData(request, makeProgress()));
        m_request = request;
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

void LearnerWorker::resetEngine()
{
    if (m_threads < 0)
        m_threads = configureThreads(0);
    m_learner.reset();
    m_session.reset();  // releases the journal's lock before another session opens
    m_data.reset();
}

void LearnerWorker::buildLearner(const SessionSettings& settings)
{
    m_settings = settings;
    const ExperimentConfig config = experimentConfig(settings);
    // LibTorch's intra-op pool serves the thread that sets it; this worker thread does all torch work.
    m_threads = configureThreads(config.threads);
    m_rng.seed(config.seed + 1);
    m_answerOrder.clear();
    m_undoFloor = 0;
    m_heldOutRows.clear();
    m_heldOutLabels.clear();
    m_interrupted = Step::None;
    m_cardRows.clear();
    m_cardPairs.clear();
    m_cardsRound = -1;

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
}

void LearnerWorker::startSession(const SessionSettings& settings, const QString& sessionFolder)
{
    try {
        if (!m_data)
            throw Error("open a dataset first");
        m_session.reset();
        buildLearner(settings);

        SessionInfo info;
        info.datasetRoot = std::filesystem::absolute(m_learner->train().root).string();
        info.trainSource = std::filesystem::absolute(m_request.trainSource.toStdString()).string();
        if (!m_request.testSource.isEmpty())
            info.testSource = std::filesystem::absolute(m_request.testSource.toStdString()).string();
        info.classNames = m_learner->train().classNames;
        info.strategy = settings.strategy.toStdString();
        info.settings = settingsToMap(settings);
        info.settings[kUnlabeledKey] = m_data->train.hasLabels() ? "0" : "1";
        const std::string folder = sessionFolder.isEmpty() ? newSessionFolder(settings.strategy) : sessionFolder.toStdString();
        m_session = std::make_unique<Session>(Session::create(folder, std::move(info)));
        Q_EMIT sessionOpened(toQ(m_session->dir()), false);
        Q_EMIT logMessage(tr("Every answer is journaled in the session folder %1").arg(toQ(m_session->dir())));
        showInitialSet(m_learner->initialQueries());
    } catch (const std::exception& e) {
        m_learner.reset();
        m_session.reset();
        Q_EMIT failed(tr("Cannot start the session: %1").arg(toQ(e.what())));
    }
}

void LearnerWorker::showInitialSet(const std::vector<int64_t>& rows)
{
    RoundProposal proposal = initialProposal(*m_learner, rows);
    m_cardsRound = 0;
    m_cardRows = rows;
    m_cardPairs.assign(rows.size(), {-1, -1});
    m_mixLayer = -1;
    proposal.simulated = m_simulated;
    Q_EMIT proposalsReady(proposal);
    for (int64_t row : rows)
        if (!m_learner->isInPool(row))
            Q_EMIT answerRecorded(row, m_learner->labelOf(row) >= 0 ? static_cast<int>(m_learner->labelOf(row)) : -1);
    if (m_learner->train().hasLabels()) {
        // Known labels: the initial set is labeled from them, as in the paper's experiments.
        for (int64_t row : rows) {
            if (!m_learner->isInPool(row))
                continue;
            const int label = static_cast<int>(m_learner->train().labels[row].item<int64_t>());
            journal(row, label);
            applyAnswer(row, label);
            Q_EMIT answerRecorded(row, label);
        }
        m_undoFloor = m_answerOrder.size();
    }
    emitCounts();
    if (std::none_of(rows.begin(), rows.end(), [this](int64_t r) { return m_learner->isInPool(r); }))
        QMetaObject::invokeMethod(this, [this] { runStep(Step::Train); }, Qt::QueuedConnection);
}

void LearnerWorker::openSession(const QString& folder, const QString& cacheFolder)
{
    openSessionFolder(folder, cacheFolder, QString());
}

void LearnerWorker::relocateSession(const QString& folder, const QString& newRoot, const QString& cacheFolder)
{
    openSessionFolder(folder, cacheFolder, newRoot);
}

void LearnerWorker::openSessionFolder(const QString& folder, const QString& cacheFolder, const QString& newRoot)
{
    Q_EMIT busyChanged(true);
    try {
        resetEngine();
        Session session = Session::open(folder.toStdString());
        for (const std::string& w : session.warnings())
            Q_EMIT logMessage(tr("Session %1: %2").arg(folder, toQ(w)));
        if (!newRoot.isEmpty()) {
            session.relocateDataset(newRoot.toStdString());
            Q_EMIT logMessage(tr("Session %1 now reads its images from %2").arg(folder, newRoot));
        }
        if (session.datasetRootMissing()) {
            Q_EMIT sessionDatasetMissing(folder, toQ(session.info().datasetRoot));
            Q_EMIT busyChanged(false);
            return;
        }
        const SessionInfo& info = session.info();
        const auto unlabeled = info.settings.find(kUnlabeledKey);
        m_request = openRequestFor(info, unlabeled != info.settings.end() && unlabeled->second == "1", cacheFolder);
        m_data = std::make_unique<OpenedData>(openData(m_request, makeProgress()));
        if (m_data->train.classNames != info.classNames)
            throw DataError("\"" + session.sessionFilePath() + "\": its class list differs from the classes of \"" +
                            m_request.trainSource.toStdString() + "\"");
        const DatasetSummary summary = summarize(m_request, *m_data);
        Q_EMIT datasetOpened(summary);
        SessionSettings settings = settingsFromMap(info.settings, SessionSettings{});
        if (!info.strategy.empty())
            settings.strategy = toQ(info.strategy);
        Q_EMIT settingsRestored(settings);
        buildLearner(settings);
        m_session = std::make_unique<Session>(std::move(session));
        Q_EMIT sessionOpened(toQ(m_session->dir()), true);
        restoreFromSession();
    } catch (const Cancelled&) {
        m_learner.reset();
        m_session.reset();
        Q_EMIT cancelled(tr("opening the session %1").arg(folder));
    } catch (const std::exception& e) {
        m_learner.reset();
        m_session.reset();
        Q_EMIT failed(tr("Cannot open the session %1: %2").arg(folder, toQ(e.what())));
    }
    Q_EMIT busyChanged(false);
}

void LearnerWorker::restoreFromSession()
{
    const Dataset& train = m_learner->train();
    const std::unordered_map<std::string, int64_t> rowOf = rowsByPath();

    std::vector<RoundReport> reports;
    for (const std::string& record : m_session->history()) {
        try {
            RestoredRound round = restoreRound(record);
            reports.push_back(round.report);
            Q_EMIT roundRestored(round.plotData, round.metrics);
        } catch (const DataError& e) {
            Q_EMIT logMessage(tr("Skipped a round of the history: %1").arg(toQ(e.what())));
        }
    }
    // The initial set is drawn from the seed alone, so it is the same rows as when the session began.
    const std::vector<int64_t> initialRows = reports.empty() ? m_learner->initialQueries() : std::vector<int64_t>{};

    int64_t replayed = 0, notFound = 0, unknownLabel = 0, initialAnswers = 0;
    for (const Answer& a : m_session->currentAnswers()) {
        const auto it = rowOf.find(a.path);
        if (it == rowOf.end()) {
            ++notFound;
            continue;
        }
        if (!a.skipped && a.classIndex < 0) {
            ++unknownLabel;  // stays in the pool, to be answered again
            continue;
        }
        if (!m_learner->isInPool(it->second))
            continue;
        applyAnswer(it->second, a.skipped ? -1 : a.classIndex);
        ++replayed;
        if (a.round == 0)
            ++initialAnswers;
    }
    if (train.hasLabels())
        m_undoFloor = static_cast<size_t>(initialAnswers);
    Q_EMIT logMessage(tr("Restored %1 answers and %2 rounds from %3%4%5")
                          .arg(replayed).arg(reports.size()).arg(toQ(m_session->dir()))
                          .arg(notFound ? tr("; %1 answers name images not in the dataset (kept in the journal)").arg(notFound) : QString())
                          .arg(unknownLabel ? tr("; %1 answers have a label outside the class list").arg(unknownLabel) : QString()));

    if (reports.empty()) {
        showInitialSet(initialRows);
        return;
    }
    try {
        loadCheckpoint(m_learner->model(), m_session->checkpointPath());
    } catch (const DataError& e) {
        Q_EMIT logMessage(tr("%1: retraining on the restored labeled set").arg(toQ(e.what())));
        m_learner->trainInitial(makeProgress());
    }
    m_learner->restoreHistory(std::move(reports));
    m_cardsRound = m_learner->round();
    emitCounts();
    QMetaObject::invokeMethod(this, [this] { runStep(Step::Propose); }, Qt::QueuedConnection);
}

std::unordered_map<std::string, int64_t> LearnerWorker::rowsByPath() const
{
    std::unordered_map<std::string, int64_t> rowOf;
    const std::vector<std::string>& paths = m_learner->train().paths;
    for (size_t r = 0; r < paths.size(); ++r)
        rowOf.emplace(paths[r], static_cast<int64_t>(r));
    return rowOf;
}

void LearnerWorker::importLabels(const QString& csvPath)
{
    try {
        if (!m_session || !m_learner)
            throw Error("open a dataset or a session first");
        const size_t before = m_session->allAnswers().size();
        const ImportReport report = m_session->importLabelsCsv(csvPath.toStdString());  // journaled, synced
        const std::unordered_map<std::string, int64_t> rowOf = rowsByPath();
        int64_t applied = 0;
        const std::vector<Answer>& all = m_session->allAnswers();
        for (size_t i = before; i < all.size(); ++i) {
            const auto it = rowOf.find(all[i].path);
            if (it == rowOf.end() || all[i].classIndex < 0)
                continue;  // not in this split (the held-out share): the journal keeps it
            if (!m_learner->isInPool(it->second)) {
                if (m_learner->labelOf(it->second) == all[i].classIndex)
                    continue;
                forgetAnswer(it->second);  // the import is now the image's current answer, as on a reopen
            }
            applyAnswer(it->second, all[i].classIndex);
            Q_EMIT answerRecorded(it->second, all[i].classIndex);
            ++applied;
        }
        QString text = tr("Imported %1 labels from %2 (%3 new to the labeled set)")
                           .arg(report.imported).arg(csvPath).arg(applied);
        if (!report.rejected.empty())
            text += tr("; %1 rows refused, the first (row %2): %3")
                        .arg(report.rejected.size()).arg(report.rejected.front().row)
                        .arg(toQ(report.rejected.front().reason));
        Q_EMIT logMessage(text);
        emitCounts();
        if (roundComplete() && !m_busy)
            QMetaObject::invokeMethod(this, [this] { runStep(Step::Train); }, Qt::QueuedConnection);
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("Cannot import %1: %2").arg(csvPath, toQ(e.what())));
    }
}

void LearnerWorker::exportSession(const QString& format, const QString& target, bool force)
{
    Q_EMIT busyChanged(true);
    try {
        if (!m_session)
            throw Error("no session is open");
        ExportOptions options;
        options.force = force;
        const ExportReport r = exportLabels(*m_session, parseExportFormat(format.toStdString()), target.toStdString(), options);
        QString summary = tr("Exported %1 labeled images (%2 skipped) as %3 to %4")
                              .arg(r.labeled).arg(r.skipped).arg(format, toQ(r.target));
        for (const std::string& w : r.warnings)
            summary += QLatin1Char('\n') + toQ(w);
        Q_EMIT exportFinished(summary);
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("Cannot export to %1: %2").arg(target, toQ(e.what())));
    }
    Q_EMIT busyChanged(false);
}

void LearnerWorker::journal(int64_t row, int label)
{
    if (!m_session)
        return;
    const std::string& path = m_learner->train().paths[static_cast<size_t>(row)];
    if (label >= 0)
        m_session->recordLabel(path, label, m_cardsRound);
    else
        m_session->recordSkip(path, m_cardsRound);
}

void LearnerWorker::applyAnswer(int64_t row, int label)
{
    const bool holdOut = label >= 0 && !m_heldOutFromSplit && !m_learner->test() &&
                         (m_answerOrder.size() + 1) % kHeldOutEvery == 0;
    if (holdOut) {
        m_learner->recordAnswer(row, std::nullopt);
        m_heldOutRows.push_back(row);
        m_heldOutLabels.push_back(label);
    } else {
        m_learner->recordAnswer(row, label >= 0 ? std::optional<int64_t>(label) : std::nullopt);
    }
    m_answerOrder.push_back(row);
}

void LearnerWorker::forgetAnswer(int64_t row)
{
    m_learner->undoAnswer(row);
    const auto last = std::find(m_answerOrder.rbegin(), m_answerOrder.rend(), row);
    if (last != m_answerOrder.rend()) {
        const auto at = std::next(last).base();
        if (static_cast<size_t>(at - m_answerOrder.begin()) < m_undoFloor)
            --m_undoFloor;  // an initial answer replaced (by an import): the floor moves with it
        m_answerOrder.erase(at);
    }
    const auto held = std::find(m_heldOutRows.begin(), m_heldOutRows.end(), row);
    if (held != m_heldOutRows.end()) {
        m_heldOutLabels.erase(m_heldOutLabels.begin() + (held - m_heldOutRows.begin()));
        m_heldOutRows.erase(held);
    }
}

void LearnerWorker::submitAnswer(qint64 row, int label)
{
    try {
        if (!m_learner)
            throw Error("no session is running");
        if (std::find(m_cardRows.begin(), m_cardRows.end(), row) == m_cardRows.end() || !m_learner->isInPool(row))
            return;  // a late or repeated key press for a card already answered: nothing to do
        try {
            journal(row, label);  // on the disk before the window shows it as done
        } catch (const std::exception& e) {
            Q_EMIT answerRejected(row, toQ(e.what()));
            throw;
        }
        applyAnswer(row, label);
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
        if (!m_learner || m_answerOrder.size() <= m_undoFloor) {
            Q_EMIT logMessage(tr("Nothing to undo"));
            return;
        }
        const int64_t row = m_answerOrder.back();
        const std::string& path = m_learner->train().paths[static_cast<size_t>(row)];
        if (m_session) {
            const std::optional<Answer> taken = m_session->undo();  // journaled before anything changes
            if (!taken || taken->path != path)
                Q_EMIT logMessage(tr("The journal's latest answer (%1) is not the window's (%2)")
                                      .arg(taken ? toQ(taken->path) : tr("none"), toQ(path)));
        }
        forgetAnswer(row);
        if (std::find(m_cardRows.begin(), m_cardRows.end(), row) == m_cardRows.end())
            Q_EMIT logMessage(tr("Undid the answer for %1 from an earlier round: it is back in the pool").arg(toQ(path)));
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
    if (m_session) {
        try {
            m_session->appendRoundHistory(historyRecord(report, m));
            saveCheckpoint(m_learner->model(), m_session->checkpointPath());
        } catch (const std::exception& e) {
            Q_EMIT failed(tr("Cannot write round %1 to the session (the labels are safe): %2")
                              .arg(m.round).arg(toQ(e.what())));
        }
    }
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
                const int label = static_cast<int>(m_learner->train().labels[row].item<int64_t>());
                journal(row, label);
                applyAnswer(row, label);
                Q_EMIT answerRecorded(row, label);
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
