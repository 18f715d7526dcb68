// SPDX-License-Identifier: MIT
#include "ui/main_window.h"

#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/loop/data_sources.h"

#include "ui/dialogs/open_dataset_dialog.h"
#include "ui/dialogs/settings_dialog.h"
#include "ui/plots/plot_panel.h"
#include "ui/widgets/cards_view.h"
#include "ui/widgets/label_panel.h"
#include "ui/widgets/status_panel.h"
#include "ui/worker/learner_worker.h"

#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

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
    m_log->setMaximumHeight(110);

    m_status = new StatusPanel(this);
    statusBar()->addPermanentWidget(m_status, 1);
    connect(m_status, &StatusPanel::cancelRequested, this, &MainWindow::cancel);

    buildActions();
    connectWorker();
    resize(1600, 1000);
    setFocusPolicy(Qt::StrongFocus);

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

void MainWindow::buildActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open dataset…"), this, &MainWindow::openFromDialog);
    open->setShortcut(QKeySequence::Open);
    QAction* restart = file->addAction(tr("&New session"), this, &MainWindow::startSession);
    file->addAction(tr("Open s&ession…"), this, &MainWindow::openSessionFromDialog)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_recentMenu = file->addMenu(tr("&Recent sessions"));
    rebuildRecentMenu();
    file->addAction(tr("&Import labels (CSV)…"), this, [this] {
        const QString csv = QFileDialog::getOpenFileName(this, tr("Import labels: filepath,label"), QString(),
                                                         tr("CSV files (*.csv);;All files (*)"));
        if (!csv.isEmpty())
            importLabels(csv);
    });
    file->addAction(tr("&Export labels…"), this, &MainWindow::exportFromDialog)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    file->addAction(tr("&Settings…"), this, &MainWindow::editSettings);
    file->addAction(tr("Save &screenshot…"), this,
                    [this] { saveScreenshot(QDir::home().filePath(QStringLiteral("lada-workbench.png"))); });
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undoAction = edit->addAction(tr("&Undo last answer"), this, &MainWindow::undo);
    undoAction->setShortcut(QKeySequence::Undo);
    edit->addAction(tr("S&kip image"), this, [this] { labelFocused(-1); })->setShortcut(Qt::Key_S);
    QAction* resume = edit->addAction(tr("&Resume after cancel"), this, [this] { Q_EMIT resumeRequested(); });
    // Space was free: digits label, S skips, Ctrl+Z undoes; the search field keeps its spaces (a line
    // edit claims printable keys before window shortcuts).
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Full-size image"), this, [this] { m_cards->openImage(m_cards->focusedRow()); })
        ->setShortcut(Qt::Key_Space);

    QToolBar* bar = addToolBar(tr("Session"));
    bar->setObjectName(QStringLiteral("sessionToolBar"));
    bar->addAction(open);
    bar->addAction(restart);
    bar->addAction(resume);
    m_simulate = new QCheckBox(tr("Simulated oracle"), this);
    m_simulate->setChecked(m_launch.simulateOracle);
    m_simulate->setFocusPolicy(Qt::NoFocus);
    m_speed = new QSlider(Qt::Horizontal, this);
    m_speed->setRange(0, 3000);
    m_speed->setValue(m_launch.simulateOracle && m_launch.quitAfterRounds >= 0 ? 0 : 800);
    m_speed->setMaximumWidth(160);
    m_speed->setFocusPolicy(Qt::NoFocus);
    m_speed->setToolTip(tr("Pause before the simulated oracle answers a round (0–3 s)"));
    bar->addSeparator();
    bar->addWidget(m_simulate);
    bar->addWidget(new QLabel(tr("  pause "), this));
    bar->addWidget(m_speed);
    connect(m_simulate, &QCheckBox::toggled, this, [this](bool on) { setSimulatedOracle(on, m_speed->value()); });
    connect(m_speed, &QSlider::valueChanged, this, [this](int ms) { setSimulatedOracle(m_simulate->isChecked(), ms); });

    connect(m_labelPanel, &LabelPanel::labelChosen, this, &MainWindow::labelFocused);
    connect(m_labelPanel, &LabelPanel::skipRequested, this, [this] { labelFocused(-1); });
    connect(m_labelPanel, &LabelPanel::undoRequested, this, &MainWindow::undo);
    connect(m_cards, &CardsView::inspectRequested, this, &MainWindow::inspectRequested);
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
    connect(m_worker, &LearnerWorker::answerUndone, m_cards, &CardsView::markUndone);
    connect(m_worker, &LearnerWorker::answerRejected, this, [this](qint64 row, const QString& reason) {
        m_cards->markUndone(row);
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
    m_thread.setObjectName(QStringLiteral("lada-worker"));
    m_thread.start();
}

void MainWindow::shutdownWorker()
{
    if (!m_thread.isRunning())
        return;
    // Cancel first: quit() only takes effect once the running slot returns.
    m_worker->requestCancel();
    m_thread.quit();
    m_thread.wait();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
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
    m_haveDataset = false;
    m_openingSession = false;
    log(tr("Opening %1…").arg(request.trainSource));
    m_status->setProgress(tr("opening"), 0, 0);
    Q_EMIT openRequested(request);
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
    setWindowTitle(tr("LADA Workbench — %1").arg(summary.trainSource));
    Q_EMIT datasetReady();
    if (!m_openingSession)
        startSession();
}

void MainWindow::startSession()
{
    if (!m_haveDataset)
        return;
    ++m_runs;
    m_lastRound = -1;
    m_lastEmbeddingRound = -1;
    m_plots->startRun(tr("%1 #%2").arg(QString::fromStdString(toString(m_settings.strategy.kind))).arg(m_runs));
    m_plots->setEmbeddingEnabled(m_settings.embedding.poolPoints > 0);
    setSimulatedOracle(m_simulate->isChecked(), m_speed->value());
    const QString folder = m_nextSessionFolder;
    m_nextSessionFolder.clear();
    Q_EMIT sessionRequested(m_settings, folder);
}

void MainWindow::openSession(const QString& folder)
{
    m_haveDataset = false;
    m_openingSession = true;
    ++m_runs;
    m_lastRound = -1;
    m_lastEmbeddingRound = -1;
    m_plots->startRun(tr("%1 #%2").arg(QFileInfo(folder).fileName()).arg(m_runs));
    log(tr("Opening the session %1…").arg(folder));
    m_status->setProgress(tr("opening"), 0, 0);
    setSimulatedOracle(m_simulate->isChecked(), m_speed->value());
    Q_EMIT openSessionRequested(folder, defaultCacheFolder());
}

void MainWindow::onSessionOpened(const QString& folder, bool restored)
{
    m_sessionFolder = folder;
    QStringList recent = recentSessions();
    recent.removeAll(folder);
    recent.prepend(folder);
    while (recent.size() > kRecentSessions)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("recentSessions"), recent);
    rebuildRecentMenu();
    setWindowTitle(tr("LADA Workbench — %1 — session %2").arg(m_dataset.trainSource, QFileInfo(folder).fileName()));
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

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = recentSessions();
    for (const QString& folder : recent)
        m_recentMenu->addAction(folder, this, [this, folder] { openSession(folder); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::openSessionFromDialog()
{
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Open a session folder"), recentSessions().value(0));
    if (folder.isEmpty())
        return;
    if (!isSessionFolder(folder)) {
        QMessageBox::warning(this, tr("Open session"), tr("%1 has no session.json: not a session folder").arg(folder));
        return;
    }
    openSession(folder);
}

void MainWindow::exportLabels(const QString& format, const QString& target, bool force)
{
    log(tr("Exporting the labels as %1 to %2…").arg(format, target));
    Q_EMIT exportRequested(format, target, force);
}

void MainWindow::importLabels(const QString& csvPath)
{
    log(tr("Importing the labels of %1…").arg(csvPath));
    Q_EMIT importRequested(csvPath);
}

void MainWindow::exportFromDialog()
{
    if (m_sessionFolder.isEmpty()) {
        QMessageBox::information(this, tr("Export labels"), tr("Open a dataset or a session first"));
        return;
    }
    const QStringList formats{tr("CSV (filepath,label)"), tr("ImageFolder (<class>/<file> copies)"),
                              tr("JSON (labels, rounds, settings)")};
    bool ok = false;
    const QString choice = QInputDialog::getItem(this, tr("Export labels"), tr("Format:"), formats, 0, false, &ok);
    if (!ok)
        return;
    const int index = static_cast<int>(formats.indexOf(choice));
    const QString format = index == 0   ? QStringLiteral("csv")
                           : index == 1 ? QStringLiteral("imagefolder")
                                        : QStringLiteral("json");
    const QString suggested =
        QDir::home().filePath(QFileInfo(m_sessionFolder).fileName() + (index == 0   ? QStringLiteral(".csv")
                                                                       : index == 2 ? QStringLiteral(".json")
                                                                                    : QString()));
    const QString target = QFileDialog::getSaveFileName(this, tr("Export to"), suggested, QString(), nullptr,
                                                        QFileDialog::DontConfirmOverwrite);
    if (target.isEmpty())
        return;
    bool force = false;
    if (QFileInfo::exists(target)) {
        if (QMessageBox::question(this, tr("Export labels"), tr("%1 exists. Replace it?").arg(target)) !=
            QMessageBox::Yes)
            return;
        force = true;
    }
    exportLabels(format, target, force);
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
    if (proposal.round > 0)
        log(tr("Round %1 proposed: %2 queries").arg(proposal.round).arg(proposal.queries.size()));
}

void MainWindow::onCounts(const PoolCounts& counts)
{
    m_counts = counts;
    m_labelPanel->setCounts(counts.labeled, counts.skipped, counts.heldOut, counts.pool, counts.answeredThisRound,
                            counts.queriesThisRound);
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
