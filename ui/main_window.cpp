// SPDX-License-Identifier: MIT
#include "ui/main_window.h"

#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/loop/data_sources.h"

#include "ui/dialogs/open_dataset_dialog.h"
#include "ui/dialogs/review_dialog.h"
#include "ui/dialogs/settings_dialog.h"
#include "ui/plots/plot_panel.h"
#include "ui/widgets/cards_view.h"
#include "ui/widgets/label_panel.h"
#include "ui/widgets/status_panel.h"
#include "ui/worker/learner_worker.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QScreen>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

// Resources of a static library are registered by hand, outside any namespace (Qt's rule).
static void initUiResources()
{
    Q_INIT_RESOURCE(lada_ui);
}

namespace lada::ui {

namespace {

constexpr int kRecentSessions = 8;

QString defaultCacheFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("datasets"));
}

bool isSessionFolder(const QString& folder)
{
    return QFileInfo::exists(QDir(folder).filePath(QStringLiteral("session.json")));
}

}  // namespace

MainWindow::MainWindow(const LaunchOptions& launch, QWidget* parent)
    : QMainWindow(parent)
    , m_launch(launch)
    , m_settings(loadSettings())
    , m_worker(new LearnerWorker)
{
    setWindowTitle(tr("LADA Workbench"));
    try {
        // Validated by parseLaunchOptions; these override the remembered settings for this run only.
        if (!m_launch.strategy.isEmpty())
            applySetting(m_settings, "strategy=" + m_launch.strategy.toStdString());
        for (const QString& s : m_launch.settings)
            applySetting(m_settings, s.toStdString());
    } catch (const ConfigError& e) {
        log(tr("Ignored a setting: %1").arg(QString::fromStdString(e.what())));
    }

    m_cards = new CardsView(this);
    m_labelPanel = new LabelPanel(this);
    m_plots = new PlotPanel(this);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_cards, 1);
    leftLayout->addWidget(m_labelPanel);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(m_plots);
    splitter->setStretchFactor(0, 5);
    splitter->setStretchFactor(1, 6);
    splitter->setSizes({720, 880});
    setCentralWidget(splitter);

    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    auto* dock = new QDockWidget(tr("Log"), this);
    dock->setObjectName(QStringLiteral("logDock"));
    dock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    // Qt's own title-bar buttons (float, close) come without tooltips; the button order is Qt's.
    for (QAbstractButton* button : dock->findChildren<QAbstractButton*>()) {
        const bool close = button->objectName().contains(QLatin1String("close"));
        button->setToolTip(close ? tr("Hide the log (View it again from the dock's context menu)")
                                 : tr("Detach the log into its own window, or dock it again"));
    }
    m_log->setMaximumHeight(110);

    m_status = new StatusPanel(this);
    statusBar()->addPermanentWidget(m_status, 1);
    connect(m_status, &StatusPanel::cancelRequested, this, &MainWindow::cancel);

    buildActions();
    connectWorker();
    initUiResources();
    setWindowIcon(QIcon(QStringLiteral(":/icons/lada-workbench.png")));
    // The last window's size and docks come back; a first window fits the screen it opens on.
    if (!restoreGeometry(QSettings().value(QStringLiteral("window/geometry")).toByteArray()))
        placeFirstWindow();
    restoreState(QSettings().value(QStringLiteral("window/state")).toByteArray());
    updateTitle();
    setFocusPolicy(Qt::StrongFocus);
    setFocusProxy(m_cards);  // the keyboard starts on the cards; Tab and the arrows move between them

    if (!m_launch.session.isEmpty() && (m_launch.train.isEmpty() || isSessionFolder(m_launch.session))) {
        QTimer::singleShot(0, this, [this] { openSession(m_launch.session); });
    } else if (!m_launch.train.isEmpty()) {
        m_nextSessionFolder = m_launch.session;
        OpenRequest request;
        request.trainSource = m_launch.train;
        request.testSource = m_launch.test;
        if (!m_launch.classesFile.isEmpty())
            request.classNames = readClassNames(m_launch.classesFile);
        // After the constructor, so that a caller can connect to the window's signals first.
        QTimer::singleShot(0, this, [this, request] { openDataset(request); });
    } else if (m_launch.restoreLastSession) {
        const QStringList recent = recentSessions();
        if (!recent.isEmpty() && isSessionFolder(recent.first())) {
            const QString last = recent.first();
            QTimer::singleShot(0, this, [this, last] { openSession(last); });
        }
    }
}

MainWindow::~MainWindow()
{
    shutdownWorker();
}

void MainWindow::connectWorker()
{
    m_worker->moveToThread(&m_thread);
    // The Qt worker pattern: the worker dies with its thread's event loop.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Requests: queued, because sender and receiver live in different threads.
    connect(this, &MainWindow::openRequested, m_worker, &LearnerWorker::openDataset);
    connect(this, &MainWindow::sessionRequested, m_worker, &LearnerWorker::startSession);
    connect(this, &MainWindow::openSessionRequested, m_worker, &LearnerWorker::openSession);
    connect(this, &MainWindow::relocateRequested, m_worker, &LearnerWorker::relocateSession);
    connect(this, &MainWindow::exportRequested, m_worker, &LearnerWorker::exportSession);
    connect(this, &MainWindow::importRequested, m_worker, &LearnerWorker::importLabels);
    connect(this, &MainWindow::answerSubmitted, m_worker, &LearnerWorker::submitAnswer);
    connect(this, &MainWindow::undoRequested, m_worker, &LearnerWorker::undoLastAnswer);
    connect(this, &MainWindow::simulationRequested, m_worker, &LearnerWorker::setSimulatedOracle);
    connect(this, &MainWindow::resumeRequested, m_worker, &LearnerWorker::resume);
    connect(this, &MainWindow::inspectRequested, m_worker, &LearnerWorker::inspectVirtual);
    // Results.
    connect(m_worker, &LearnerWorker::datasetOpened, this, &MainWindow::onDatasetOpened);
    connect(m_worker, &LearnerWorker::sessionStarted, this, [this](const QString& d) {
        m_status->setDevice(d);
        log(tr("Session started: %1").arg(d));
    });
    connect(m_worker, &LearnerWorker::proposalsReady, this, &MainWindow::onProposals);
    connect(m_worker, &LearnerWorker::answerRecorded, m_cards, &CardsView::markAnswered);
    connect(m_worker, &LearnerWorker::answerRecorded, this, [this](qint64 row, int) {
        if (m_pendingRows.remove(row))
            updateTitle();
    });
    connect(m_worker, &LearnerWorker::answerUndone, m_cards, &CardsView::markUndone);
    // Review ▸ a removed answer of a shown card makes it unanswered again; a changed one shows its new class.
    connect(m_worker, &LearnerWorker::answerRemoved, m_cards, &CardsView::markUndone);
    connect(m_worker, &LearnerWorker::answerChanged, m_cards, [this](qint64 row, int label) {
        if (m_cards->isAnswered(row))
            m_cards->markAnswered(row, label);
    });
    connect(m_worker, &LearnerWorker::answerRejected, this, [this](qint64 row, const QString& reason) {
        m_cards->markUndone(row);
        if (m_pendingRows.remove(row))
            updateTitle();
        log(tr("The answer was not saved, so it was not recorded: %1").arg(reason));
    });
    connect(m_worker, &LearnerWorker::sessionOpened, this, &MainWindow::onSessionOpened);
    connect(m_worker, &LearnerWorker::sessionDatasetMissing, this, &MainWindow::onDatasetMissing);
    connect(m_worker, &LearnerWorker::settingsRestored, this, [this](const SessionSettings& s) {
        m_settings = s;  // this session's settings; the remembered defaults stay as they are
        m_plots->setEmbeddingEnabled(s.embedding.poolPoints > 0);
    });
    connect(m_worker, &LearnerWorker::roundRestored, this,
            [this](const RoundProposal& plotData, const RoundMetrics& m) {
                if (plotData.round > 0)
                    m_plots->addProposal(plotData);
                m_plots->addMetrics(m);
                m_lastRound = m.report.round;
            });
    connect(m_worker, &LearnerWorker::exportFinished, this, [this](const QString& summary) {
        log(summary);
        Q_EMIT exportShown(summary);
        if (m_launch.quitAfterRounds < 0 && isVisible())
            statusBar()->showMessage(summary.section(QLatin1Char('\n'), 0, 0), 8000);
    });
    connect(m_worker, &LearnerWorker::countsChanged, this, &MainWindow::onCounts);
    connect(m_worker, &LearnerWorker::roundFinished, this, &MainWindow::onRoundFinished);
    connect(m_worker, &LearnerWorker::embeddingReady, this, &MainWindow::onEmbedding);
    connect(m_worker, &LearnerWorker::virtualInspected, m_cards, &CardsView::showInspection);
    connect(m_worker, &LearnerWorker::progressChanged, m_status, &StatusPanel::setProgress);
    connect(m_worker, &LearnerWorker::busyChanged, this, [this](bool busy) {
        m_busy = busy;
        m_status->setBusy(busy);
    });
    connect(m_worker, &LearnerWorker::logMessage, this, &MainWindow::log);
    connect(m_worker, &LearnerWorker::cancelled, this,
            [this](const QString& what) { log(tr("Cancelled %1 (Edit ▸ Resume runs it again)").arg(what)); });
    connect(m_worker, &LearnerWorker::failed, this, &MainWindow::onFailed);
    connect(m_worker, &LearnerWorker::sessionReadOnly, this, [this](const QString& reason) {
        // Its rounds, map and answers are shown; the label buttons and the next round are not offered.
        m_labelPanel->setEnabled(false);
        m_status->setReadOnly(reason);
        m_cards->setPlaceholder(tr("This session is open for reading only: its folder cannot be written (%1). "
                                   "File ▸ Export and the report still read it; copy the folder somewhere "
                                   "writable to go on labeling.")
                                    .arg(reason));
    });
    m_thread.setObjectName(QStringLiteral("lada-worker"));
    m_thread.start();
}

void MainWindow::shutdownWorker()
{
    if (!m_thread.isRunning())
        return;
    // Cancel first: quit() only takes effect once the running slot returns.
    m_worker->requestCancel();
    // Our requests to the worker end here, on this thread: otherwise the worker's destructor, on its thread,
    // unhooks them and reads this window's type while this thread waits in QThread::wait, an order
    // ThreadSanitizer cannot see.
    disconnect(this, nullptr, m_worker, nullptr);
    m_thread.quit();
    m_thread.wait();
}

void MainWindow::placeFirstWindow()
{
    QSize size(1600, 1000);
    if (const QScreen* screen = this->screen()) {
        const QRect available = screen->availableGeometry();
        size = size.boundedTo(available.size() * 0.9);
        resize(size);
        move(available.center() - rect().center());
        return;
    }
    resize(size);
}

void MainWindow::updateTitle()
{
    QString title = tr("LADA Workbench");
    if (!m_sessionFolder.isEmpty())
        title = tr("%1 — %2").arg(QFileInfo(m_sessionFolder).fileName(), title);
    else if (m_haveDataset)
        title = tr("%1 — %2").arg(QFileInfo(m_dataset.trainSource).fileName(), title);
    // [*] shows while an answer is on its way to the disk; "saving…" says so in words.
    if (!m_pendingRows.isEmpty())
        title = tr("[*]%1 (saving…)").arg(title);
    setWindowTitle(title);
    setWindowModified(!m_pendingRows.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    QSettings().setValue(QStringLiteral("window/state"), saveState());
    shutdownWorker();
    event->accept();
}

void MainWindow::keyPressEvent(QKeyEvent* event)
{
    const int key = event->key();
    if (event->matches(QKeySequence::Undo)) {
        undo();
    } else if (key >= Qt::Key_0 && key <= Qt::Key_9 &&
               !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
        const int label = m_labelPanel->classForDigit(key - Qt::Key_0);
        if (label >= 0)
            labelFocused(label);
    } else if (key == Qt::Key_S && event->modifiers() == Qt::NoModifier) {
        labelFocused(-1);
    } else if (key == Qt::Key_Space && event->modifiers() == Qt::NoModifier) {
        m_cards->openImage(m_cards->focusedRow());
    } else if (m_cards->navigate(key, event->modifiers())) {
        // arrows and Tab sent to the window move between the cards
    } else {
        QMainWindow::keyPressEvent(event);
    }
}

void MainWindow::log(const QString& text)
{
    m_log->appendPlainText(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss  ")) + text);
    // Mirrored to stderr so that a scripted run (--quit-after-rounds) leaves a readable record.
    qInfo().noquote() << text;
}

void MainWindow::openFromDialog()
{
    OpenDatasetDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        openDataset(dialog.request());
}

void MainWindow::editSettings()
{
    SettingsDialog dialog(m_settings, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_settings = dialog.settings();
    saveSettings(m_settings);
    if (m_haveDataset &&
        QMessageBox::question(this, tr("Settings"), tr("Start a new session with these settings?")) == QMessageBox::Yes)
        startSession();
}

void MainWindow::openDataset(OpenRequest request)
{
    if (request.cacheFolder.isEmpty())
        request.cacheFolder = defaultCacheFolder();
    // Load the photos as the session will use them (embeddings for a backbone): once, not twice.
    request.loading = loadingConfig(m_settings);
    m_openingSession = false;
    beginOpening(tr("Opening %1…").arg(request.trainSource));
    Q_EMIT openRequested(request);
}

void MainWindow::beginOpening(const QString& message)
{
    m_haveDataset = false;
    log(message);
    m_labelPanel->setEnabled(true);  // writable until the worker says the session is read-only
    m_status->setReadOnly({});
    m_status->setProgress(tr("opening"), 0, 0);
}

void MainWindow::onDatasetOpened(const DatasetSummary& summary)
{
    m_dataset = summary;
    m_haveDataset = true;
    m_cards->setClassNames(summary.classNames);
    m_labelPanel->setClassNames(summary.classNames);
    m_plots->setClassNames(summary.classNames);
    log(summary.report);
    if (!summary.labelsKnown && m_simulate->isChecked()) {
        log(tr("The images are unlabeled: the simulated oracle is off, you are the oracle"));
        m_simulate->setChecked(false);
    }
    m_simulate->setEnabled(summary.labelsKnown);
    rebuildLabelMenu(summary.classNames);
    updateTitle();
    Q_EMIT datasetReady();
    if (!m_openingSession)
        startSession();
}

void MainWindow::startSession()
{
    if (!m_haveDataset)
        return;
    m_lastRound = -1;
    m_lastEmbeddingRound = -1;
    m_plots->startRun();
    m_plots->setEmbeddingEnabled(m_settings.embedding.poolPoints > 0);
    setSimulatedOracle(m_simulate->isChecked(), m_speed->value());
    const QString folder = m_nextSessionFolder;
    m_nextSessionFolder.clear();
    Q_EMIT sessionRequested(m_settings, folder);
}

void MainWindow::openSession(const QString& folder)
{
    m_openingSession = true;
    m_lastRound = -1;
    m_lastEmbeddingRound = -1;
    m_plots->startRun();
    beginOpening(tr("Opening the session %1…").arg(folder));
    setSimulatedOracle(m_simulate->isChecked(), m_speed->value());
    Q_EMIT openSessionRequested(folder, defaultCacheFolder());
}

void MainWindow::onSessionOpened(const QString& folder, bool restored)
{
    // The session's settings arrive before this for a reopened session, so the strategy is its own.
    m_plots->nameRun(QString::fromStdString(toString(m_settings.strategy.kind)), folder);
    if (m_review && folder != m_sessionFolder)
        m_review->close();  // its class list and answers were the previous session's
    m_sessionFolder = folder;
    QStringList recent = recentSessions();
    recent.removeAll(folder);
    recent.prepend(folder);
    while (recent.size() > kRecentSessions)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("recentSessions"), recent);
    rebuildRecentMenu();
    updateTitle();
    log(restored ? tr("Reopened the session %1").arg(folder) : tr("New session %1").arg(folder));
    Q_EMIT sessionReady(folder, restored);
}

void MainWindow::onDatasetMissing(const QString& folder, const QString& root)
{
    const QString message = tr("The images of the session %1 are not in %2 any more.").arg(folder, root);
    log(message);
    if (m_launch.quitAfterRounds >= 0) {
        onFailed(message);
        return;
    }
    if (QMessageBox::question(this, tr("Dataset moved"), message + tr("\nLocate the folder they were moved to?")) !=
        QMessageBox::Yes)
        return;  // asked again whenever the session is opened, until its data is found
    const QString newRoot = QFileDialog::getExistingDirectory(this, tr("Where is %1 now?").arg(root));
    if (!newRoot.isEmpty())
        Q_EMIT relocateRequested(folder, newRoot, defaultCacheFolder());
}

QStringList MainWindow::recentSessions()
{
    return QSettings().value(QStringLiteral("recentSessions")).toStringList();
}

void MainWindow::exportLabels(const QString& format, const QString& target, bool force, const QString& imagePrefix)
{
    log(tr("Exporting the labels as %1 to %2…").arg(format, target));
    Q_EMIT exportRequested(format, target, force, imagePrefix);
}

void MainWindow::importLabels(const QString& csvPath)
{
    log(tr("Importing the labels of %1…").arg(csvPath));
    Q_EMIT importRequested(csvPath);
}

void MainWindow::setSimulatedOracle(bool enabled, int delayMs)
{
    if (m_simulate->isChecked() != enabled)
        m_simulate->setChecked(enabled);  // re-enters through toggled()
    // A scripted run (--quit-after-rounds R) stops the oracle after round R, so that the screenshot shows
    // round R + 1's proposals waiting for answers rather than a round already answered and training.
    const int stopAfter = m_launch.rounds >= 0 ? m_launch.rounds : m_launch.quitAfterRounds;
    Q_EMIT simulationRequested(enabled, delayMs, stopAfter);
}

void MainWindow::labelFocused(int label)
{
    const qint64 row = m_cards->focusedRow();
    if (row < 0)
        return;
    // Shown at once as pending (the focus moves on); the worker journals it to the disk, then confirms it
    // with answerRecorded, or takes it back with answerRejected.
    m_cards->markPending(row, label);
    m_pendingRows.insert(row);
    updateTitle();
    Q_EMIT answerSubmitted(row, label);
}

void MainWindow::undo()
{
    Q_EMIT undoRequested();
}

void MainWindow::cancel()
{
    m_worker->requestCancel();
    log(tr("Cancel requested"));
}

void MainWindow::onProposals(const RoundProposal& proposal)
{
    m_cards->showProposal(proposal);
    m_plots->addProposal(proposal);
    int images = 0;
    for (const auto& query : proposal.queries)
        images += static_cast<int>(query.images.size());
    if (proposal.round > 0) {
        const auto queries = static_cast<int>(proposal.queries.size());
        log(images == queries
                ? tr("Round %1 proposed: %n images", nullptr, images).arg(proposal.round)
                : tr("Round %1 proposed: %2 pairs, %n images", nullptr, images).arg(proposal.round).arg(queries));
    } else if (m_dataset.labelsKnown && !m_openingSession) {
        log(tr("The initial %n images were labeled from the dataset's own labels (their folder names or the "
               "manifest); you answer from round 1 on, or let the simulated oracle do it",
               nullptr, images));
    }
    // The simulated oracle has answered its rounds: the box says so, and the status bar says whose turn it is.
    const int stopAfter = m_launch.rounds >= 0 ? m_launch.rounds : m_launch.quitAfterRounds;
    if (m_simulate->isChecked() && stopAfter >= 0 && proposal.round > stopAfter) {
        const QSignalBlocker blocker(m_simulate);
        m_simulate->setChecked(false);
        const QString turn =
            tr("The simulated oracle answered its %n rounds: round %1 is yours to label", nullptr, stopAfter)
                .arg(proposal.round);
        log(turn);
        statusBar()->showMessage(turn, 15000);
    }
}

void MainWindow::onCounts(const PoolCounts& counts)
{
    m_counts = counts;
    m_labelPanel->setCounts(counts.labeled, counts.skipped, counts.heldOut, counts.pool, counts.answeredThisRound,
                            counts.queriesThisRound);
    m_status->setTurn(counts.answeredThisRound, counts.queriesThisRound);
}

void MainWindow::onRoundFinished(const RoundMetrics& metrics)
{
    m_plots->addMetrics(metrics);
    m_lastRound = metrics.report.round;
    Q_EMIT roundShown(metrics.report.round);
    checkScriptDone(metrics.report.round, false);
}

void MainWindow::onEmbedding(const EmbeddingView& view)
{
    m_plots->showEmbedding(view);
    m_lastEmbeddingRound = view.round;
    Q_EMIT embeddingShown(view.round);
    checkScriptDone(view.round, true);
}

void MainWindow::onFailed(const QString& message)
{
    log(tr("Error: %1").arg(message));
    Q_EMIT failureShown(message);
    if (m_launch.quitAfterRounds >= 0) {
        // A scripted run has nobody to read a message box: fail loudly instead.
        qCritical("lada-workbench: %s", qPrintable(message));
        QCoreApplication::exit(1);
        return;
    }
    QMessageBox::warning(this, tr("LADA Workbench"), message);
}

void MainWindow::checkScriptDone(int round, bool embedding)
{
    if (m_scriptDone || m_launch.quitAfterRounds < 0 || round < m_launch.quitAfterRounds)
        return;
    // With t-SNE on, wait for the map of the model of the last round as well.
    if (m_settings.embedding.poolPoints > 0 && !embedding)
        return;
    m_scriptDone = true;
    m_worker->requestCancel();
    // Let queued replots run before grabbing the window.
    QTimer::singleShot(400, this, [this] {
        if (!m_launch.screenshot.isEmpty()) {
            if (saveScreenshot(m_launch.screenshot))
                log(tr("Saved the screenshot %1").arg(m_launch.screenshot));
            else
                qCritical("lada-workbench: cannot write %s", qPrintable(m_launch.screenshot));
        }
        close();
        QCoreApplication::quit();
    });
}

bool MainWindow::saveScreenshot(const QString& file)
{
    return grab().save(file);
}

}  // namespace lada::ui
