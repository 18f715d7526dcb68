// SPDX-License-Identifier: MIT
// The window's menus, tool bar and the dialogs they open (main_window.cpp holds the rest of MainWindow).
#include "ui/main_window.h"

#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/session/session.h"

#include "ui/dialogs/compare_runs_dialog.h"
#include "ui/dialogs/review_dialog.h"
#include "ui/dialogs/shortcuts_dialog.h"
#include "ui/report/session_report.h"
#include "ui/widgets/cards_view.h"
#include "ui/widgets/label_panel.h"

#include <QApplication>
#include <QCheckBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHash>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QToolBar>

#include <algorithm>
#include <functional>

namespace lada::ui {

namespace {

bool hasSessionFile(const QString& folder)
{
    return QFileInfo::exists(QDir(folder).filePath(QStringLiteral("session.json")));
}

/** A QAction's text without the mnemonic '&' and the trailing ellipsis, for lists of actions. */
QString plainText(const QAction* action)
{
    QString text = action->text();
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    if (text.endsWith(QChar(0x2026)))  // "Export labels…" is a command, not a dialog's promise, in a list
        text.chop(1);
    return text;
}

}  // namespace

void MainWindow::buildActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open dataset…"), this, &MainWindow::openFromDialog);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open an image folder, a CSV manifest, MNIST idx or CIFAR-10 files and start a session"));
    QAction* restart = file->addAction(tr("&New session"), this, &MainWindow::startSession);
    restart->setShortcut(QKeySequence::New);
    restart->setToolTip(tr("Start a new session on the open dataset with the current settings"));
    file->addAction(tr("Open s&ession…"), this, &MainWindow::openSessionFromDialog)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_recentMenu = file->addMenu(tr("&Recent sessions"));
    rebuildRecentMenu();
    // Label counts change as the person labels: read them when the menu opens.
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    // The labels of other tools: the worker detects the format from the file's content.
    file->addAction(tr("&Import labels…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import labels"), QString(),
            tr("Labels (*.csv *.json *.jsonl);;CSV: filepath,label or Label Studio (*.csv);;"
               "Label Studio JSON or JSON-MIN (*.json);;JSON Lines (*.jsonl);;All files (*)"));
        if (!path.isEmpty())
            importLabels(path);
    });
    file->addAction(tr("&Export labels…"), this, &MainWindow::exportFromDialog)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addAction(tr("Save &report (PDF)…"), this, &MainWindow::saveReportFromDialog)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    QAction* compare = file->addAction(tr("&Compare runs…"), this, &MainWindow::compareRunsFromDialog);
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    compare->setToolTip(tr("Open an experiment folder (lada-cli experiment --out): its summary table and plots"));
    file->addSeparator();
    file->addAction(tr("&Settings…"), this, &MainWindow::editSettings)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    file->addAction(tr("Save &screenshot…"), this, [this] {
        const QString target = QFileDialog::getSaveFileName(this, tr("Save a screenshot"),
                                                            QDir::home().filePath(QStringLiteral("lada-workbench.png")),
                                                            tr("PNG images (*.png)"));
        if (!target.isEmpty() && !saveScreenshot(target))
            onFailed(tr("Cannot write the screenshot %1").arg(target));
    });
    file->addSeparator();
    // Spelled out: QKeySequence::Quit is empty on some platforms (offscreen, Windows).
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undoAction = edit->addAction(tr("&Undo last answer"), this, &MainWindow::undo);
    undoAction->setShortcut(QKeySequence::Undo);
    edit->addAction(tr("S&kip image"), this, [this] { labelFocused(-1); })->setShortcut(Qt::Key_S);
    edit->addAction(tr("Re&view labels…"), this, &MainWindow::openReview)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    QAction* resume = edit->addAction(tr("&Resume after cancel"), this, [this] { Q_EMIT resumeRequested(); });
    resume->setToolTip(tr("Run again the training, proposal or map that Cancel stopped"));
    // Digits label (Label menu), S skips, Ctrl+Z undoes, Space opens the image; the search field keeps its
    // keys (a line edit claims printable keys before window shortcuts).
    m_labelMenu = menuBar()->addMenu(tr("&Label"));
    m_labelMenu->setEnabled(false);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Full-size image"), this, [this] { m_cards->openImage(m_cards->focusedRow()); })
        ->setShortcut(Qt::Key_Space);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts)->setShortcut(QKeySequence(Qt::Key_F1));
    help->addAction(tr("&About LADA Workbench"), this, &MainWindow::showAbout);

    QToolBar* bar = addToolBar(tr("Session"));
    bar->setObjectName(QStringLiteral("sessionToolBar"));
    bar->addAction(open);
    bar->addAction(restart);
    bar->addAction(resume);
    m_simulate = new QCheckBox(tr("Simulated oracle"), this);
    m_simulate->setChecked(m_launch.simulateOracle);
    m_simulate->setFocusPolicy(Qt::NoFocus);
    m_simulate->setToolTip(tr("Let the dataset's known labels answer each round (ImageFolder or labeled data only)"));
    m_speed = new QSlider(Qt::Horizontal, this);
    m_speed->setRange(0, 3000);
    m_speed->setValue(m_launch.simulateOracle && m_launch.quitAfterRounds >= 0 ? 0 : 800);
    m_speed->setMaximumWidth(160);
    m_speed->setFocusPolicy(Qt::NoFocus);
    m_speed->setToolTip(tr("Pause before the simulated oracle answers a round (0–3 s)"));
    auto* pause = new QLabel(tr("  pause "), this);
    pause->setToolTip(m_speed->toolTip());
    bar->addSeparator();
    bar->addWidget(m_simulate);
    bar->addWidget(pause);
    bar->addWidget(m_speed);
    connect(m_simulate, &QCheckBox::toggled, this, [this](bool on) { setSimulatedOracle(on, m_speed->value()); });
    connect(m_speed, &QSlider::valueChanged, this, [this](int ms) { setSimulatedOracle(m_simulate->isChecked(), ms); });

    connect(m_labelPanel, &LabelPanel::labelChosen, this, &MainWindow::labelFocused);
    connect(m_labelPanel, &LabelPanel::skipRequested, this, [this] { labelFocused(-1); });
    connect(m_labelPanel, &LabelPanel::undoRequested, this, &MainWindow::undo);
    connect(m_cards, &CardsView::inspectRequested, this, &MainWindow::inspectRequested);
}

void MainWindow::rebuildLabelMenu(const QStringList& classNames)
{
    m_labelMenu->clear();
    for (int c = 0; c < classNames.size(); ++c) {
        const int digit = m_labelPanel->digitForClass(c);
        if (digit < 0)
            continue;  // classes past the tenth are chosen from the label panel's list
        QAction* action =
            m_labelMenu->addAction(tr("Label as %1").arg(classNames[c]), this, [this, c] { labelFocused(c); });
        action->setShortcut(QKeySequence(Qt::Key_0 + digit));
    }
    m_labelMenu->setEnabled(!m_labelMenu->isEmpty());
}

QList<QPair<QString, QList<QAction*>>> MainWindow::shortcutGroups() const
{
    QList<QPair<QString, QList<QAction*>>> groups;
    const std::function<void(QMenu*, const QString&)> walk = [&](QMenu* menu, const QString& title) {
        QList<QAction*> actions;
        for (QAction* action : menu->actions()) {
            if (action->menu())
                walk(action->menu(), title + QStringLiteral(" ▸ ") + plainText(action));
            else if (!action->isSeparator() && !action->shortcut().isEmpty())
                actions.append(action);
        }
        if (!actions.isEmpty())
            groups.append({title, actions});
    };
    for (QAction* top : menuBar()->actions()) {
        if (top->menu())
            walk(top->menu(), plainText(top));
    }
    return groups;
}

QList<ShortcutRow> MainWindow::shortcutRows() const
{
    QList<ShortcutRow> rows;
    for (const auto& [menu, actions] : shortcutGroups()) {
        for (const QAction* action : actions)
            rows.append({menu, plainText(action), action->shortcut().toString(QKeySequence::NativeText)});
    }
    rows.append(cardNavigationKeys());
    return rows;
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(shortcutRows(), this);
    dialog.exec();
}

void MainWindow::openReview()
{
    if (m_sessionFolder.isEmpty()) {
        QMessageBox::information(this, tr("Review labels"), tr("Open a dataset or a session first"));
        return;
    }
    if (!m_review) {
        m_review = new ReviewDialog(m_worker, m_dataset.classNames, this);
        m_review->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_review->show();
    m_review->raise();
    m_review->activateWindow();
}

void MainWindow::saveReportFromDialog()
{
    if (m_sessionFolder.isEmpty()) {
        QMessageBox::information(this, tr("Save report"), tr("Open a dataset or a session first"));
        return;
    }
    const QString target = QFileDialog::getSaveFileName(
        this, tr("Save a report"),
        QDir::home().filePath(QFileInfo(m_sessionFolder).fileName() + QStringLiteral(".pdf")),
        tr("PDF documents (*.pdf)"));
    if (target.isEmpty())
        return;
    // Reads the session's files only (no model, no torch): well under a second, so it runs here.
    QString error;
    if (writeSessionReport(m_sessionFolder, target, &error)) {
        log(tr("Saved the report %1").arg(target));
        statusBar()->showMessage(tr("Saved the report %1").arg(target), 8000);
    } else {
        onFailed(error);
    }
}

void MainWindow::compareRunsFromDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open an experiment folder"));
    if (!folder.isEmpty())
        compareRuns(folder);
}

CompareRunsDialog* MainWindow::compareRuns(const QString& folder)
{
    if (!CompareRunsDialog::isExperimentFolder(folder)) {
        onFailed(
            tr("%1 has no runs/ folder: not an experiment folder (made by lada-cli experiment --out)").arg(folder));
        return nullptr;
    }
    auto* dialog = new CompareRunsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QString error;
    if (!dialog->load(folder, QStringLiteral("entropy"), &error)) {
        delete dialog;
        onFailed(error);
        return nullptr;
    }
    dialog->show();
    return dialog;
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About LADA Workbench"),
        tr("<h3>LADA Workbench %1</h3>"
           "<p>Active learning on images with Look-Ahead Data Acquisition via augmentation: a person labels the "
           "images the engine proposes, the classifier retrains every round.</p>"
           "<p>If you use it in research, please cite:<br><i>Y.-Y. Kim, K. Song, J. Jang, I.-C. Moon. LADA: "
           "Look-Ahead Data Acquisition via Augmentation for Deep Active Learning. NeurIPS 2021.</i></p>"
           "<p>Licence: MIT. Built with Qt %2 (LGPL 3), LibTorch (BSD), OpenCV (Apache 2.0), QCustomPlot "
           "(GPL 3), FAISS (MIT), nlohmann-json (MIT) and CLI11 (BSD). The bundled MNIST sample is from Y. LeCun "
           "and C. Cortes (CC BY-SA 3.0).</p>")
            .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

QString MainWindow::recentSessionText(const QString& folder)
{
    // Replaying a journal is file work on the GUI thread: done again only when the session's files changed
    // since the menu last opened (the open session's journal grows; the others seldom change).
    struct Described {
        QDateTime journalModified, infoModified;
        qint64 journalSize = -1;
        QString text;
    };
    static QHash<QString, Described> described;
    const QDir dir(folder);
    const QFileInfo journal(dir.filePath(QStringLiteral("labels.jsonl")));
    const QFileInfo info(dir.filePath(QStringLiteral("session.json")));
    Described& d = described[folder];
    if (d.text.isEmpty() || d.journalSize != journal.size() || d.journalModified != journal.lastModified() ||
        d.infoModified != info.lastModified()) {
        d = {journal.lastModified(), info.lastModified(), journal.size(), describeSession(folder)};
    }
    return d.text;
}

QString MainWindow::describeSession(const QString& folder)
{
    const QString name = QFileInfo(folder).fileName();
    try {
        const Session session = Session::open(folder.toStdString(), Session::Mode::ReadOnly);
        const SessionInfo& info = session.info();
        const QDateTime created = QDateTime::fromString(QString::fromStdString(info.created), Qt::ISODateWithMs);
        return tr("%1 — %2, %3, %n labels, %4", nullptr, static_cast<int>(session.labels().size()))
            .arg(name, QFileInfo(QString::fromStdString(info.trainSource)).fileName(),
                 QString::fromStdString(toString(info.config.strategy.kind)),
                 created.isValid() ? QLocale().toString(created.toLocalTime(), QLocale::ShortFormat) : tr("no date"));
    } catch (const std::exception& e) {
        return tr("%1 — cannot be read (%2)").arg(name, QString::fromStdString(e.what()).left(80));
    }
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    QStringList recent = recentSessions();
    // A session deleted since is not offered (it stays in the list should its folder come back).
    recent.erase(std::remove_if(recent.begin(), recent.end(), [](const QString& f) { return !hasSessionFile(f); }),
                 recent.end());
    for (const QString& folder : recent) {
        QAction* action =
            m_recentMenu->addAction(recentSessionText(folder), this, [this, folder] { openSession(folder); });
        action->setToolTip(folder);
        action->setStatusTip(folder);
    }
    m_recentMenu->setToolTipsVisible(true);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::openSessionFromDialog()
{
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Open a session folder"), recentSessions().value(0));
    if (folder.isEmpty())
        return;
    if (!hasSessionFile(folder)) {
        QMessageBox::warning(this, tr("Open session"), tr("%1 has no session.json: not a session folder").arg(folder));
        return;
    }
    openSession(folder);
}

void MainWindow::exportFromDialog()
{
    if (m_sessionFolder.isEmpty()) {
        QMessageBox::information(this, tr("Export labels"), tr("Open a dataset or a session first"));
        return;
    }
    struct Choice {
        QString text, format, suffix;
    };
    const QList<Choice> choices{
        {tr("CSV (filepath,label; a lada-cli manifest)"), QStringLiteral("csv"), QStringLiteral(".csv")},
        {tr("ImageFolder (<class>/<file> copies)"), QStringLiteral("imagefolder"), QString()},
        {tr("JSON (labels, rounds, settings)"), QStringLiteral("json"), QStringLiteral(".json")},
        {tr("JSON Lines (one record per image)"), QStringLiteral("jsonl"), QStringLiteral(".jsonl")},
        {tr("Label Studio tasks (JSON, with its labeling config)"), QStringLiteral("labelstudio"),
         QStringLiteral(".json")}};
    QStringList texts;
    for (const Choice& c : choices)
        texts.append(c.text);
    bool ok = false;
    const QString picked = QInputDialog::getItem(this, tr("Export labels"), tr("Format:"), texts, 0, false, &ok);
    if (!ok)
        return;
    const Choice& choice = choices[static_cast<int>(texts.indexOf(picked))];
    QString imagePrefix;
    if (choice.format == QLatin1String("labelstudio")) {
        imagePrefix = QInputDialog::getText(
                          this, tr("Label Studio image references"),
                          tr("Leave empty for Label Studio's local files (/data/local-files/?d=…, relative to the "
                             "dataset folder), or give the URL prefix your images are served under:"),
                          QLineEdit::Normal, QString(), &ok)
                          .trimmed();
        if (!ok)
            return;
    }
    const QString suggested = QDir::home().filePath(QFileInfo(m_sessionFolder).fileName() + choice.suffix);
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
    exportLabels(choice.format, target, force, imagePrefix);
}

}  // namespace lada::ui
