// SPDX-License-Identifier: MIT
#pragma once

#include "ui/dialogs/shortcuts_dialog.h"
#include "ui/launch_options.h"
#include "ui/worker/worker_types.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <QThread>

class QAction;
class QActionGroup;
class QCheckBox;
class QMenu;
class QPlainTextEdit;
class QSlider;

namespace lada::ui {

class CardsView;
class CompareRunsDialog;
class LabelPanel;
class LearnerWorker;
class PlotPanel;
class ReviewDialog;
class StatusPanel;

/**
 * The workbench window: the round's cards and the labeling keys on the left, the live plots on the right,
 * the log below, the phase / progress / cancel in the status bar. It owns the worker's thread and talks
 * to the worker only through queued signals; closing it cancels and joins the worker.
 */
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const LaunchOptions& launch = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    /** Opens a dataset (the cache folder is filled in); a session starts when it is open. */
    void openDataset(OpenRequest request);
    /**
     * Starts a new session (a new session folder) on the open dataset with the current settings; the
     * accuracy plot keeps earlier runs.
     */
    void startSession();
    /** Opens a session folder: its dataset, labels, rounds and plots come back; it joins the recent list. */
    void openSession(const QString& folder);
    /** Imports a `filepath,label` CSV into the open session (the worker journals it). */
    void importLabels(const QString& csvPath);
    /**
     * Exports the open session's labels ("csv", "imagefolder", "json", "jsonl", "labelstudio") to `target`;
     * the worker writes it. `imagePrefix`: Label Studio image references (empty: local-file URLs).
     */
    void exportLabels(const QString& format, const QString& target, bool force, const QString& imagePrefix = {});
    /** The open session's folder (empty before one is open). */
    const QString& sessionFolder() const { return m_sessionFolder; }
    /** The recent session folders, most recent first (QSettings "recentSessions"). */
    static QStringList recentSessions();
    void setSessionSettings(const SessionSettings& settings) { m_settings = settings; }
    const SessionSettings& sessionSettings() const { return m_settings; }
    /** Turns the simulated oracle on or off; `delayMs` pauses before each round's answers. */
    void setSimulatedOracle(bool enabled, int delayMs);

    /** Labels the focused image (class index), skips it (-1), or takes back the last answer. */
    void labelFocused(int label);
    void undo();

    LearnerWorker* worker() const { return m_worker; }
    QThread* workerThread() { return &m_thread; }
    CardsView* cards() const { return m_cards; }
    LabelPanel* labelPanel() const { return m_labelPanel; }
    StatusPanel* statusPanel() const { return m_status; }
    PlotPanel* plots() const { return m_plots; }
    const PoolCounts& counts() const { return m_counts; }
    const DatasetSummary& dataset() const { return m_dataset; }
    bool isBusy() const { return m_busy; }
    /** Cancels the running phase; returns at once (the worker stops at its next batch). */
    void cancel();
    /** Saves the whole window as an image. */
    bool saveScreenshot(const QString& file);
    /**
     * Every action of the menus with its shortcut, grouped by menu, for Help ▸ Keyboard shortcuts: read
     * from the actions themselves, so the list cannot drift from what the keys do.
     */
    QList<QPair<QString, QList<QAction*>>> shortcutGroups() const;
    /** The rows of Help ▸ Keyboard shortcuts: shortcutGroups() as text, then the cards' own keys. */
    QList<ShortcutRow> shortcutRows() const;
    /**
     * File ▸ Compare runs… on `folder`: opens a CompareRunsDialog on the experiment folder (lada-cli experiment
     * --out), not modal, and returns it; a folder without runs/ or one that cannot be read is refused with a
     * message (onFailed) and returns nullptr.
     */
    CompareRunsDialog* compareRuns(const QString& folder);
    /** Answers given in the window that the worker has not yet confirmed on the disk. */
    int unsavedAnswers() const { return static_cast<int>(m_pendingRows.size()); }

Q_SIGNALS:
    // Requests to the worker (queued across threads).
    void openRequested(const lada::ui::OpenRequest& request);
    void sessionRequested(const lada::ui::SessionSettings& settings, const QString& folder);
    void openSessionRequested(const QString& folder, const QString& cacheFolder);
    void relocateRequested(const QString& folder, const QString& newRoot, const QString& cacheFolder);
    void exportRequested(const QString& format, const QString& target, bool force, const QString& imagePrefix);
    void importRequested(const QString& csvPath);
    void answerSubmitted(qint64 row, int label);
    void undoRequested();
    void simulationRequested(bool enabled, int delayMs, int stopAfterRound);
    void resumeRequested();
    void inspectRequested(int query, double lambda);
    // Notifications for tests and scripts.
    void datasetReady();
    void roundShown(int round);
    void embeddingShown(int round);
    void failureShown(const QString& message);
    void sessionReady(const QString& folder, bool restored);
    void exportShown(const QString& summary);

protected:
    void closeEvent(QCloseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void buildActions();
    void connectWorker();
    void shutdownWorker();
    void log(const QString& text);
    void onDatasetOpened(const DatasetSummary& summary);
    void onProposals(const RoundProposal& proposal);
    void onRoundFinished(const RoundMetrics& metrics);
    void onEmbedding(const EmbeddingView& view);
    void onCounts(const PoolCounts& counts);
    void onFailed(const QString& message);
    void checkScriptDone(int round, bool embedding);
    void openFromDialog();
    void openSessionFromDialog();
    /** What opening a dataset or a session resets: logs `message`, enables labeling, shows "opening". */
    void beginOpening(const QString& message);
    void exportFromDialog();
    void onSessionOpened(const QString& folder, bool restored);
    void onDatasetMissing(const QString& folder, const QString& root);
    void rebuildRecentMenu();
    void editSettings();
    void rebuildLabelMenu(const QStringList& classNames);
    void showShortcuts();
    void showAbout();
    /** Edit ▸ Review labels: the answered images by class and round; any answer can be changed or removed. */
    void openReview();
    /** File ▸ Save report: the session as a PDF (settings, counts, plots, the last round's images). */
    void saveReportFromDialog();
    /** File ▸ Compare runs…: asks for an experiment folder, then compareRuns. */
    void compareRunsFromDialog();
    /** The window title: program, session name, and a marker while answers are being saved. */
    void updateTitle();
    /** The size of a first window: 1600×1000 or 90 % of the screen's available area, whichever is smaller. */
    void placeFirstWindow();
    /** One line per recent session: dataset, strategy, labels, date; described again only when its files change. */
    static QString recentSessionText(const QString& folder);
    /** That line, read from the session folder (the journal replayed). */
    static QString describeSession(const QString& folder);

    LaunchOptions m_launch;
    SessionSettings m_settings;
    DatasetSummary m_dataset;
    PoolCounts m_counts;
    QThread m_thread;
    LearnerWorker* m_worker;
    CardsView* m_cards;
    LabelPanel* m_labelPanel;
    PlotPanel* m_plots;
    StatusPanel* m_status;
    QPlainTextEdit* m_log;
    QCheckBox* m_simulate;
    QSlider* m_speed;
    QMenu* m_recentMenu = nullptr;
    QPointer<ReviewDialog> m_review;  ///< Edit ▸ Review labels, while open
    QMenu* m_labelMenu = nullptr;     ///< Label ▸ one action per keyed class, rebuilt with the classes
    QSet<qint64> m_pendingRows;       ///< answered here, not yet journaled (the title says "saving")
    QString m_sessionFolder;          ///< the open session
    QString m_nextSessionFolder;      ///< where the next new session goes (--session with --train); empty = automatic
    bool m_openingSession = false;    ///< a session folder is being opened: its dataset must not start a new one
    bool m_busy = false;
    bool m_haveDataset = false;
    int m_lastRound = -1;
    int m_lastEmbeddingRound = -1;
    bool m_scriptDone = false;
};

}  // namespace lada::ui
