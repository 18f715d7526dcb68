// SPDX-License-Identifier: MIT
#include "ui/worker/learner_worker.h"

#include "core/acquisition/lada_strategy.h"
#include "core/error.h"
#include "core/loop/labeling_session.h"
#include "core/session/exporter.h"
#include "ui/worker/dataset_opener.h"
#include "ui/worker/engine_thread.h"
#include "ui/worker/progress_throttle.h"

#include <QDateTime>
#include <QDir>
#include <QStandardPaths>
#include <QTimer>

namespace lada::ui {

namespace {

QString toQ(const std::string& s)
{
    return QString::fromStdString(s);
}

/** A new folder under the application's data folder, named by the time and the strategy. */
std::string newSessionFolder(StrategyKind strategy)
{
    const QString base =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/sessions/");
    return (base + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz-")) +
            toQ(toString(strategy)))
        .toStdString();
}

}  // namespace

LearnerWorker::LearnerWorker(QObject* parent)
    : QObject(parent)
    , m_engine(std::make_unique<EngineThread>())
{
}

LearnerWorker::~LearnerWorker()
{
    // The engine thread may still run a job that uses the session: stop it before the session goes.
    m_cancel.store(true);
    m_engine.reset();
}

Progress LearnerWorker::makeProgress()
{
    auto throttle = std::make_shared<ProgressThrottle>(
        [this](const QString& phase, qint64 done, qint64 total) { Q_EMIT progressChanged(phase, done, total); });
    Progress progress;
    progress.cancel = &m_cancel;
    progress.report = [throttle](const std::string& phase, int64_t done, int64_t total) {
        throttle->report(toQ(phase), done, total);
    };
    return progress;
}

template <class T>
void LearnerWorker::onEngine(const QString& what, std::function<T(const Progress&)> work, std::function<void(T&)> done,
                             std::function<void()> always)
{
    m_busy = true;
    Q_EMIT busyChanged(true);
    m_engine->post([this, what, work = std::move(work), done = std::move(done), always = std::move(always),
                    progress = makeProgress()] {
        auto result = std::make_shared<std::optional<T>>();
        QString error;
        bool wasCancelled = false;
        try {
            *result = work(progress);
        } catch (const Cancelled&) {
            wasCancelled = true;
        } catch (const std::exception& e) {
            error = toQ(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [this, what, result, error, wasCancelled, done, always] {
                if (always)
                    always();
                m_busy = false;
                Q_EMIT busyChanged(false);
                if (wasCancelled) {
                    m_cancel.store(false);  // spent: it stopped this phase
                    Q_EMIT cancelled(what);
                } else if (!result->has_value()) {
                    Q_EMIT failed(tr("%1: %2").arg(what, error));
                } else {
                    done(**result);
                }
            },
            Qt::QueuedConnection);
    });
}

// ---- opening ---------------------------------------------------------------------------------------

void LearnerWorker::openDataset(const OpenRequest& request)
{
    if (m_busy)
        return Q_EMIT failed(tr("The engine is busy: wait or cancel before opening another dataset"));
    m_session.reset();  // releases the journal's lock
    m_request = request;
    onEngine<Splits>(
        tr("opening %1").arg(request.trainSource),
        [request](const Progress& p) { return loadSplits(toSources(request), p); },
        [this, request](Splits& splits) {
            m_splits = std::make_shared<Splits>(std::move(splits));
            const DatasetSummary summary = summarize(request, *m_splits);
            Q_EMIT logMessage(tr("Opened %1: %2 images, %3 classes%4 in %5 s")
                                  .arg(request.trainSource)
                                  .arg(summary.trainSize)
                                  .arg(summary.classNames.size())
                                  .arg(summary.fromCache ? tr(" (from the dataset cache)") : QString())
                                  .arg(summary.seconds, 0, 'f', 2));
            Q_EMIT datasetOpened(summary);
        });
}

void LearnerWorker::startSession(const ExperimentConfig& settings, const QString& sessionFolder)
{
    try {
        if (!m_splits || m_busy)
            throw Error(m_busy ? "the engine is busy: wait or cancel first" : "open a dataset first");
        m_session.reset();
        m_engine->setThreads(settings.threads.value_or(0));
        const std::string folder =
            sessionFolder.isEmpty() ? newSessionFolder(settings.strategy.kind) : sessionFolder.toStdString();
        m_session = std::make_shared<LabelingSession>(*m_splits, toSources(m_request), settings, folder);
        m_embeddedRound = m_shownRound = -1;
        m_session->openInitialSet();
        sessionReady(false);
    } catch (const std::exception& e) {
        m_session.reset();
        Q_EMIT failed(tr("Cannot start the session: %1").arg(toQ(e.what())));
    }
}

void LearnerWorker::sessionReady(bool restored)
{
    const ExperimentConfig& c = m_session->config();
    Q_EMIT sessionStarted(tr("%1 on %2, %3 pool images")
                              .arg(toQ(toString(c.strategy.kind)), toQ(m_session->learner().device().str()))
                              .arg(m_session->learner().poolSize()));
    Q_EMIT logMessage(tr("Session: %1, model %2, budget %3, initial %4, %5 epochs, seed %6")
                          .arg(toQ(toString(c.strategy.kind)), toQ(toString(c.model)))
                          .arg(c.budget)
                          .arg(c.initial)
                          .arg(c.training.epochs)
                          .arg(c.seedValue()));
    if (!m_session->folder().empty())
        Q_EMIT sessionOpened(toQ(m_session->folder()), restored);
    emitCounts();
    advance();
}

void LearnerWorker::openSession(const QString& folder, const QString& cacheFolder)
{
    relocateSession(folder, QString(), cacheFolder);
}

void LearnerWorker::relocateSession(const QString& folder, const QString& newRoot, const QString& cacheFolder)
{
    if (m_busy)
        return Q_EMIT failed(tr("The engine is busy: wait or cancel before opening a session"));
    m_session.reset();
    std::shared_ptr<Session> journal;
    try {
        journal = std::make_shared<Session>(Session::open(folder.toStdString()));
        if (!newRoot.isEmpty()) {
            // The root first; a test split still missing after that is what the person pointed at.
            if (journal->datasetRootMissing())
                journal->relocateDataset(newRoot.toStdString());
            else
                journal->relocateTestSplit(newRoot.toStdString());
            Q_EMIT logMessage(tr("Session %1 now reads its images from %2").arg(folder, newRoot));
        }
        if (const std::string missing = journal->missingDataFolder(); !missing.empty())
            return Q_EMIT sessionDatasetMissing(folder, toQ(missing));  // offered at every open until found
    } catch (const std::exception& e) {
        return Q_EMIT failed(tr("Cannot open the session %1: %2").arg(folder, toQ(e.what())));
    }
    m_request = openRequestFor(LabelingSession::sessionSources(*journal, cacheFolder.toStdString()));
    m_engine->setThreads(journal->info().config.threads.value_or(0));
    auto restored = std::make_shared<RestoreSummary>();
    onEngine<std::shared_ptr<LabelingSession>>(
        tr("opening the session %1").arg(folder),
        [journal, cacheFolder, restored](const Progress& p) -> std::shared_ptr<LabelingSession> {
            return LabelingSession::reopen(std::move(*journal), cacheFolder.toStdString(), p, *restored);
        },
        [this, folder, restored](std::shared_ptr<LabelingSession>& session) {
            m_session = session;
            m_splits = std::make_shared<Splits>(Splits{session->learner().train(), session->learner().test()});
            m_splits->train.report = session->trainLoadReport();  // what was read and skipped, not the subset's
            m_embeddedRound = m_shownRound = -1;
            m_pendingEmbedding = restored->embedding;
            Q_EMIT datasetOpened(summarize(m_request, *m_splits));
            Q_EMIT settingsRestored(session->config());
            for (const std::string& w : restored->warnings)
                Q_EMIT logMessage(tr("Session %1: %2").arg(folder, toQ(w)));
            for (const RoundOutcome& o : restored->rounds)
                Q_EMIT roundRestored(roundPlotData(o.report), o);
            Q_EMIT logMessage(
                tr("Restored %1 answers and %2 rounds from %3%4; %5 answers name images not in the "
                   "dataset, %6 a label outside the class list (both kept in the journal)")
                    .arg(restored->answers)
                    .arg(restored->rounds.size())
                    .arg(folder)
                    .arg(restored->proposalRestored ? tr(", the pending round's cards as they were") : QString())
                    .arg(restored->notFound)
                    .arg(restored->unknownLabel));
            sessionReady(true);
        });
}

// ---- the ledger: answers, undo, import, export (never behind the engine) ----------------------------

void LearnerWorker::submitAnswer(qint64 row, int label)
{
    try {
        if (!m_session)
            throw Error("no session is running");
        if (!m_session->answer(row, label >= 0 ? std::optional<int>(label) : std::nullopt))
            return;  // a late or repeated key press for a card already answered: nothing to do
    } catch (const std::exception& e) {
        Q_EMIT answerRejected(row, toQ(e.what()));
        return Q_EMIT failed(tr("Cannot record the answer: %1").arg(toQ(e.what())));
    }
    Q_EMIT answerRecorded(row, label);
    emitCounts();
    advance();
}

void LearnerWorker::undoLastAnswer()
{
    try {
        const std::optional<int64_t> row = m_session ? m_session->undo() : std::nullopt;
        if (!row)
            return Q_EMIT logMessage(tr("Nothing to undo"));
        if (!m_session->isOpenCard(*row))
            Q_EMIT logMessage(tr("Undid the answer for %1 from an earlier round: it is back in the pool")
                                  .arg(toQ(m_session->learner().train().paths[static_cast<size_t>(*row)])));
        Q_EMIT answerUndone(*row);
        emitCounts();
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("Cannot undo: %1").arg(toQ(e.what())));
    }
}

void LearnerWorker::importLabels(const QString& csvPath)
{
    try {
        if (!m_session)
            throw Error("open a dataset or a session first");
        const ImportOutcome out = m_session->importLabelsCsv(csvPath.toStdString());
        for (const AnswerOutcome& a : out.applied)
            Q_EMIT answerRecorded(a.row, a.label);
        QString text = tr("Imported %1 labels from %2 (%3 new to the labeled set)")
                           .arg(out.report.imported)
                           .arg(csvPath)
                           .arg(out.applied.size());
        if (!out.report.rejected.empty())
            text += tr("; %1 rows refused, the first (row %2): %3")
                        .arg(out.report.rejected.size())
                        .arg(out.report.rejected.front().row)
                        .arg(toQ(out.report.rejected.front().reason));
        Q_EMIT logMessage(text);
        emitCounts();
        advance();
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("Cannot import %1: %2").arg(csvPath, toQ(e.what())));
    }
}

void LearnerWorker::exportSession(const QString& format, const QString& target, bool force)
{
    try {
        if (!m_session)
            throw Error("no session is open");
        ExportOptions options;
        options.force = force;
        const ExportReport r =
            m_session->exportLabels(parseExportFormat(format.toStdString()), target.toStdString(), options);
        QString summary = tr("Exported %1 labeled images (%2 skipped) as %3 to %4")
                              .arg(r.labeled)
                              .arg(r.skipped)
                              .arg(format, toQ(r.target));
        for (const std::string& w : r.warnings)
            summary += QLatin1Char('\n') + toQ(w);
        Q_EMIT exportFinished(summary);
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("Cannot export to %1: %2").arg(target, toQ(e.what())));
    }
}

void LearnerWorker::emitCounts()
{
    if (!m_session)
        return;
    const LabelingSession::Counts c = m_session->counts();
    Q_EMIT countsChanged({c.labeled, c.skipped, c.heldOut, c.pool, c.round, c.answered, c.queries,
                          std::vector<qint64>(c.perClass.begin(), c.perClass.end())});
}

// ---- the engine's phases -------------------------------------------------------------------------------

void LearnerWorker::advance()
{
    if (!m_session || m_busy)
        return;
    const SessionPhase phase = m_session->phase();
    const int round = m_session->cardsRound();
    const bool cardsOpen = phase == SessionPhase::AwaitingAnswers || phase == SessionPhase::Training;
    if (cardsOpen && m_shownRound != round)
        return runPhase(SessionPhase::AwaitingAnswers);  // show the open cards first (round 0, a reopened round)
    if (phase == SessionPhase::Training || phase == SessionPhase::Proposing)
        return runPhase(phase);
    if (phase == SessionPhase::AwaitingAnswers && round > 0 && m_embeddedRound != round &&
        m_session->config().embedding.poolPoints > 0)
        return runPhase(SessionPhase::Embedding);
    if (phase == SessionPhase::Exhausted)
        Q_EMIT logMessage(tr("The pool holds %1 images, fewer than the budget: no round to propose")
                              .arg(m_session->learner().poolSize()));
    m_cancel.store(false);  // nothing runs: a cancel pressed after the last phase's last check is spent
    scheduleSimulation();
}

void LearnerWorker::runPhase(SessionPhase phase)
{
    const QString what = toQ(toString(phase == SessionPhase::AwaitingAnswers ? SessionPhase::Proposing : phase));
    if (m_cancel.exchange(false))
        return Q_EMIT cancelled(what);  // pressed between two phases: it stops the chain here
    struct Result {
        std::optional<RoundOutcome> outcome;
        std::optional<RoundCards> cards;
        std::optional<EmbeddingMap> map;
        std::string writeError;
    };
    std::shared_ptr<LabelingSession> session = m_session;
    try {
        session->beginPhase(phase);
    } catch (const std::exception& e) {
        return Q_EMIT failed(toQ(e.what()));
    }
    const bool simulated = m_simulated && (m_stopAfterRound < 0 || session->cardsRound() + 1 <= m_stopAfterRound);
    onEngine<Result>(
        what,
        [session, phase](const Progress& p) {
            Result r;
            if (phase == SessionPhase::Training)
                r.outcome = session->train(p, &r.writeError);
            else if (phase == SessionPhase::Embedding)
                r.map = session->embedding(p);
            else {
                if (phase == SessionPhase::Proposing)
                    session->propose(p);
                r.cards = session->cards();
            }
            return r;
        },
        [this, session, simulated](Result& r) {
            if (session != m_session)
                return;  // a job of a session closed meanwhile
            if (!r.writeError.empty())
                Q_EMIT failed(
                    tr("Cannot write the round to the session (the labels are safe): %1").arg(toQ(r.writeError)));
            if (r.outcome) {
                Q_EMIT logMessage(toQ(roundSummary(*r.outcome)));
                Q_EMIT roundFinished(*r.outcome);
            }
            if (r.cards) {
                m_shownRound = r.cards->round;
                r.cards->simulated = simulated && (m_stopAfterRound < 0 || r.cards->round <= m_stopAfterRound);
                Q_EMIT proposalsReady(*r.cards);
                for (int64_t row : m_session->cardRows())  // answered before a reopen, or from known labels
                    if (!m_session->isOpenCard(row) && !m_session->learner().isInPool(row))
                        Q_EMIT answerRecorded(row, static_cast<int>(m_session->learner().labelOf(row)));
                if (m_pendingEmbedding && m_pendingEmbedding->round + 1 == r.cards->round) {
                    m_embeddedRound = r.cards->round;  // the reopened session's last map
                    Q_EMIT embeddingReady(*m_pendingEmbedding);
                }
                m_pendingEmbedding.reset();
            }
            if (r.map) {
                m_embeddedRound = m_session->cardsRound();
                Q_EMIT embeddingReady(*r.map);
            }
            emitCounts();
            advance();
        },
        [session] { session->endPhase(); });  // answers given meanwhile join the engine's state now
}

void LearnerWorker::resume()
{
    m_cancel.store(false);
    advance();
}

void LearnerWorker::inspectVirtual(int query, double lambda)
{
    if (!m_session)
        return;
    const auto pairs = m_session->cardPairs();
    const int layer = m_session->cardsMixLayer(), round = m_session->cardsRound();
    if (query < 0 || query >= static_cast<int>(pairs.size()) || pairs[static_cast<size_t>(query)].first < 0 ||
        layer < 0)
        return;
    const auto [a, b] = pairs[static_cast<size_t>(query)];
    // The model is the engine's: the forward pass runs on its thread, after the job before it.
    m_engine->post([this, session = m_session, a, b, layer, lambda, round, query] {
        try {
            ActiveLearner& learner = session->learner();
            const Dataset& train = learner.train();
            const VirtualInstanceView view = inspectVirtualInstance(learner.model(), train.images[a], train.images[b],
                                                                    layer, lambda, learner.stats(), learner.device());
            Q_EMIT virtualInspected({round, query, lambda, view.featureMix, view.inputMix,
                                     static_cast<int>(train.channels()), static_cast<int>(train.height()),
                                     static_cast<int>(train.width()), view.mixedImage});
        } catch (const std::exception& e) {
            Q_EMIT failed(tr("Cannot inspect the virtual instance: %1").arg(toQ(e.what())));
        }
    });
}

// ---- the simulated oracle ----------------------------------------------------------------------------

void LearnerWorker::setSimulatedOracle(bool enabled, int delayMs, int stopAfterRound)
{
    m_simulated = enabled && !(m_splits && !m_splits->train.hasLabels());
    m_simulationDelayMs = std::max(0, delayMs);
    m_stopAfterRound = stopAfterRound;
    if (enabled && !m_simulated)
        return Q_EMIT failed(tr("The simulated oracle needs a training folder with known labels"));
    scheduleSimulation();
}

void LearnerWorker::scheduleSimulation()
{
    if (!m_simulated || m_simulationScheduled || !m_session || m_busy || m_session->roundComplete() ||
        m_shownRound != m_session->cardsRound() || (m_stopAfterRound >= 0 && m_shownRound > m_stopAfterRound))
        return;
    m_simulationScheduled = true;
    // A timer rather than a sleep: the worker's event loop stays free for cancel, undo and shutdown.
    QTimer::singleShot(m_simulationDelayMs, this, [this] {
        m_simulationScheduled = false;
        if (!m_simulated || !m_session || m_busy || (m_stopAfterRound >= 0 && m_shownRound > m_stopAfterRound))
            return;
        try {
            for (const AnswerOutcome& a : m_session->answerFromGroundTruth())
                Q_EMIT answerRecorded(a.row, a.label);
        } catch (const std::exception& e) {
            Q_EMIT failed(tr("The simulated oracle failed: %1").arg(toQ(e.what())));
        }
        emitCounts();
        advance();
    });
}

}  // namespace lada::ui
