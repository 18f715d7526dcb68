// SPDX-License-Identifier: MIT
#include "ui/worker/learner_worker.h"

#include "core/acquisition/lada_strategy.h"
#include "core/error.h"
#include "core/loop/labeling_session.h"
#include "core/loop/session_messages.h"
#include "core/session/exporter.h"
#include "ui/worker/dataset_opener.h"
#include "ui/worker/engine_thread.h"
#include "ui/worker/progress_throttle.h"

#include <QTimer>

namespace lada::ui {

LearnerWorker::LearnerWorker(QObject* parent)
    : QObject(parent)
    , m_engine(std::make_unique<EngineThread>())
{
}

LearnerWorker::~LearnerWorker()
{
    // The engine thread may still run a job that uses the session: stop it before the session goes.
    // An exchange, not a store: it also reads a cancel the window requested from its own thread before it
    // quit this one, which orders that write before this object is freed for ThreadSanitizer (the order Qt's
    // thread quit gives is inside uninstrumented Qt).
    m_cancel.exchange(true);
    m_engine.reset();
}

template <class T>
void LearnerWorker::onEngine(const QString& what, std::function<T(const Progress&)> work, std::function<void(T&)> done,
                             std::function<void()> always)
{
    m_busy = true;
    Q_EMIT busyChanged(true);
    m_engine->run<T>(
        m_handOff,
        [work = std::move(work), progress = throttledProgress(&m_cancel,
                                                              [this](const QString& phase, qint64 done, qint64 total) {
                                                                  Q_EMIT progressChanged(phase, done, total);
                                                              })] { return work(progress); },
        [this, what, done = std::move(done), always = std::move(always)](std::optional<T>& result, JobEnd end,
                                                                         const QString& error) {
            if (always)
                always();
            m_busy = false;
            Q_EMIT busyChanged(false);
            if (end == JobEnd::Cancelled) {
                m_cancel.store(false);  // spent: it stopped this phase
                Q_EMIT cancelled(what);
            } else if (end == JobEnd::Failed) {
                Q_EMIT failed(tr("%1: %2").arg(what, error));
            } else {
                done(*result);
            }
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
        [request](const Progress& p) { return loadSplits(toSources(request), request.loading, p); },
        [this, request](Splits& splits) {
            m_splits = std::make_shared<Splits>(std::move(splits));
            const DatasetSummary summary = summarize(request, *m_splits);
            Q_EMIT logMessage(describe(summary));
            Q_EMIT datasetOpened(summary);
        });
}

void LearnerWorker::startSession(const ExperimentConfig& settings, const QString& sessionFolder)
{
    if (m_splits && !m_busy && !splitsFitConfig(*m_splits, settings)) {
        // A backbone or another image size: load the splits as the settings ask, then start.
        try {
            checkModelFitsData(settings);
        } catch (const std::exception& e) {
            return Q_EMIT failed(tr("Cannot start the session: %1").arg(toQ(e.what())));
        }
        m_engine->setThreads(settings.threads.value_or(0));
        const DataSources sources = toSources(m_request);
        onEngine<Splits>(
            settings.backbone.file.empty() ? tr("loading %1").arg(m_request.trainSource)
                                           : tr("embedding %1").arg(m_request.trainSource),
            [sources, settings](const Progress& p) { return loadSplits(sources, settings, p); },
            [this, settings, sessionFolder](Splits& splits) {
                m_splits = std::make_shared<Splits>(std::move(splits));
                Q_EMIT logMessage(describe(summarize(m_request, *m_splits)));
                startSession(settings, sessionFolder);
            });
        return;
    }
    try {
        if (!m_splits || m_busy)
            throw Error(m_busy ? "the engine is busy: wait or cancel first" : "open a dataset first");
        m_session.reset();
        m_engine->setThreads(settings.threads.value_or(0));
        const std::string folder =
            sessionFolder.isEmpty() ? newSessionFolder(settings.strategy.kind) : sessionFolder.toStdString();
        m_session = std::make_shared<LabelingSession>(*m_splits, toSources(m_request), settings, folder);
        m_session->openInitialSet();
        sessionReady(false);
    } catch (const std::exception& e) {
        m_session.reset();
        Q_EMIT failed(tr("Cannot start the session: %1").arg(toQ(e.what())));
    }
}

void LearnerWorker::sessionReady(bool restored)
{
    const QString description = toQ(sessionDescription(*m_session));
    Q_EMIT sessionStarted(description);
    Q_EMIT logMessage(tr("Session: %1").arg(description));
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
        if (!newRoot.isEmpty())
            Q_EMIT logMessage(toQ(journal->relocateMissing(newRoot.toStdString())));
        if (const std::string missing = journal->missingDataFolder(); !missing.empty())
            return Q_EMIT sessionDatasetMissing(folder, toQ(missing));  // offered at every open until found
        if (journal->isReadOnly()) {
            // Opens for reading (its rounds, answers and map are shown); an answer is refused with this reason.
            Q_EMIT sessionReadOnly(toQ(journal->readOnlyReason()));
            Q_EMIT failed(tr("The session %1 opens for reading only: its folder cannot be written (%2), so it "
                             "cannot be labeled. Copy it to a writable folder to go on labeling; File > Export "
                             "and the report still read it.")
                              .arg(folder, toQ(journal->readOnlyReason())));
        }
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
            Q_EMIT datasetOpened(summarize(m_request, *m_splits));
            Q_EMIT settingsRestored(session->config());
            for (const RoundOutcome& o : restored->rounds)
                Q_EMIT roundRestored(roundPlotData(o.report), o);
            Q_EMIT logMessage(toQ(restoreDescription(*restored, folder.toStdString())));
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
    guarded(tr("Cannot undo: %1"), [&] {
        const std::optional<UndoneStep> step = m_session ? m_session->undoStep() : std::nullopt;
        if (!step)
            return Q_EMIT logMessage(tr("Nothing to undo"));
        if (step->kind != UndoneStep::Kind::Answer) {
            // A review edit taken back: the image has its earlier answer again.
            Q_EMIT logMessage(tr("Undid the review %1 of %2")
                                  .arg(step->kind == UndoneStep::Kind::Change ? tr("change") : tr("removal"))
                                  .arg(toQ(m_session->learner().train().paths[static_cast<size_t>(step->row)])));
            Q_EMIT answerChanged(step->row, step->label);
        } else {
            if (const std::string text = undoDescription(*m_session, step->row); !text.empty())
                Q_EMIT logMessage(toQ(text));
            Q_EMIT answerUndone(step->row);
        }
        emitCounts();
    });
}

void LearnerWorker::listAnswers()
{
    guarded(tr("Cannot list the answers: %1"), [&] {
        if (!m_session)
            throw Error("no session is open");
        const std::vector<ReviewEntry> entries = m_session->answeredImages();
        Q_EMIT answersListed(ReviewEntries(entries.begin(), entries.end()));
    });
}

void LearnerWorker::changeAnswer(qint64 row, int label)
{
    guarded(tr("Cannot change the answer: %1"), [&] {
        if (!m_session)
            throw Error("no session is open");
        if (!m_session->changeAnswer(row, label >= 0 ? std::optional<int>(label) : std::nullopt))
            return;  // the answer already is `label`
        Q_EMIT answerChanged(row, label);
        emitCounts();
    });
}

void LearnerWorker::removeAnswer(qint64 row)
{
    guarded(tr("Cannot remove the answer: %1"), [&] {
        if (!m_session)
            throw Error("no session is open");
        m_session->removeAnswer(row);
        Q_EMIT answerRemoved(row);
        emitCounts();
    });
}

void LearnerWorker::importLabels(const QString& csvPath)
{
    guarded(tr("Cannot import %1: %2").arg(csvPath), [&] {
        if (!m_session)
            throw Error("open a dataset or a session first");
        const ImportOutcome out = m_session->importLabelsCsv(csvPath.toStdString());
        emitAnswers(out.applied);
        Q_EMIT logMessage(toQ(importDescription(out, csvPath.toStdString())));
        emitCounts();
        advance();
    });
}

void LearnerWorker::exportSession(const QString& format, const QString& target, bool force, const QString& imagePrefix)
{
    guarded(tr("Cannot export to %1: %2").arg(target), [&] {
        if (!m_session)
            throw Error("no session is open");
        ExportOptions options;
        options.force = force;
        options.imagePrefix = imagePrefix.toStdString();
        const ExportReport r =
            m_session->exportLabels(parseExportFormat(format.toStdString()), target.toStdString(), options);
        Q_EMIT exportFinished(toQ(exportDescription(r)));
    });
}

void LearnerWorker::guarded(const QString& failure, const std::function<void()>& f)
{
    try {
        f();
    } catch (const std::exception& e) {
        Q_EMIT failed(failure.arg(toQ(e.what())));
    }
}

void LearnerWorker::emitAnswers(const std::vector<AnswerOutcome>& answers)
{
    for (const AnswerOutcome& a : answers)
        Q_EMIT answerRecorded(a.row, a.label);
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
    const std::optional<SessionPhase> work = m_session->nextWork();
    if (work && *work != SessionPhase::Exhausted)
        return runPhase(*work);
    if (work)
        Q_EMIT logMessage(toQ(exhaustedDescription(*m_session)));
    m_cancel.store(false);  // nothing runs: a cancel pressed after the last phase's last check is spent
    scheduleSimulation();
}

void LearnerWorker::runPhase(SessionPhase work)
{
    const QString what = toQ(toString(work == SessionPhase::AwaitingAnswers ? SessionPhase::Proposing : work));
    if (m_cancel.exchange(false))
        return Q_EMIT cancelled(what);  // pressed between two phases: it stops the chain here
    std::shared_ptr<LabelingSession> session = m_session;
    try {
        session->beginPhase(work);
    } catch (const std::exception& e) {
        return Q_EMIT failed(toQ(e.what()));
    }
    onEngine<PhaseResult>(
        what, [session, work](const Progress& p) { return session->runPhase(work, p); },
        [this, session](PhaseResult& r) {
            if (session != m_session)
                return;  // a job of a session closed meanwhile
            if (!r.writeError.empty())
                Q_EMIT failed(
                    tr("Cannot write the round to the session (the labels are safe): %1").arg(toQ(r.writeError)));
            if (r.outcome) {
                Q_EMIT logMessage(toQ(roundSummary(*r.outcome)));
                Q_EMIT roundFinished(*r.outcome);
            }
            const ShownWork shown = session->markShown(r);
            if (r.cards) {
                r.cards->simulated = m_simulated && (m_stopAfterRound < 0 || r.cards->round <= m_stopAfterRound);
                Q_EMIT proposalsReady(*r.cards);
            }
            emitAnswers(shown.answered);
            if (shown.restoredMap || r.map)
                Q_EMIT embeddingReady(r.map ? *r.map : *shown.restoredMap);
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
    if (!m_session || !m_session->cardPair(query))
        return;
    // The model is the engine's: the forward pass runs on its thread, after the job before it.
    m_engine->run<std::optional<VirtualInspection>>(
        m_handOff, [session = m_session, query, lambda] { return session->inspectVirtual(query, lambda); },
        [this](std::optional<std::optional<VirtualInspection>>& r, JobEnd end, const QString& error) {
            if (end == JobEnd::Failed)
                Q_EMIT failed(tr("Cannot inspect the virtual instance: %1").arg(error));
            else if (r && *r)
                Q_EMIT virtualInspected(**r);
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
    if (!m_simulated || m_simulationScheduled || !m_session || m_busy || !m_session->oracleTurn(m_stopAfterRound))
        return;
    m_simulationScheduled = true;
    // A timer rather than a sleep: the worker's event loop stays free for cancel, undo and shutdown.
    QTimer::singleShot(m_simulationDelayMs, this, [this] {
        m_simulationScheduled = false;
        if (!m_simulated || !m_session || m_busy || !m_session->oracleTurn(m_stopAfterRound))
            return;
        guarded(tr("The simulated oracle failed: %1"), [&] { emitAnswers(m_session->answerFromGroundTruth()); });
        emitCounts();
        advance();
    });
}

}  // namespace lada::ui
