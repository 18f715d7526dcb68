// SPDX-License-Identifier: MIT
// What a desktop user expects of the window around the cards: a first window that fits the screen and a
// remembered one, an icon, a title naming the session and saying when answers are being saved, the
// Label and Help menus with a shortcut list read from the actions, recent sessions described, tooltips
// on every control, and the simulated oracle handing over after its rounds.
#include "tests/test_main.h"
#include "ui/dialogs/review_dialog.h"
#include "ui/dialogs/shortcuts_dialog.h"
#include "ui/launch_options.h"
#include "ui/main_window.h"
#include "ui/widgets/cards_view.h"
#include "ui_test_support.h"

#include <QAbstractButton>
#include <QAbstractSlider>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>

namespace tst_window_chrome {

using namespace lada;
using namespace lada::ui;

namespace {

QMenu* topMenu(const MainWindow& w, const QString& title)
{
    for (QAction* a : w.menuBar()->actions())
        if (a->menu() && a->text().remove(QLatin1Char('&')) == title)
            return a->menu();
    return nullptr;
}

/** Every action of the menu bar, submenus included. */
QList<QAction*> allActions(QMenu* menu)
{
    QList<QAction*> out;
    for (QAction* a : menu->actions()) {
        if (a->menu())
            out += allActions(a->menu());
        else if (!a->isSeparator())
            out.append(a);
    }
    return out;
}

QString logText(const MainWindow& w)
{
    const auto logs = w.findChildren<QPlainTextEdit*>();
    return logs.isEmpty() ? QString() : logs.first()->toPlainText();
}

}  // namespace

class TestWindowChrome : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_train, m_test;

    /** A window on the small folder showing round 1's cards; `launch` may turn on the simulated oracle. */
    std::unique_ptr<MainWindow> windowAtRound(int round, LaunchOptions launch = {})
    {
        // --train with --session-dir: the dataset opens after the constructor, into a new session folder.
        launch.train = m_train;
        launch.test = m_test;
        launch.session = m_dir.filePath(QStringLiteral("s%1").arg(++m_sessions));
        auto w = std::make_unique<MainWindow>(launch);
        w->setSessionSettings(uitest::smallSettings());
        if (!launch.simulateOracle)
            w->setSimulatedOracle(false, 0);
        w->show();
        uitest::waitFor([&] { return w->cards()->round() == round && w->cards()->focusedRow() >= 0; }, 120000);
        return w;
    }
    int m_sessions = 0;

private Q_SLOTS:
    void initTestCase()
    {
        uitest::initUiTest();
        QVERIFY(uitest::makeSmallSplits(m_dir.path(), m_train, m_test));
    }

    void firstWindowFitsTheScreenAndTheLastOneComesBack()
    {
        QSettings().remove(QStringLiteral("window"));
        QSize remembered;
        {
            MainWindow w;
            w.show();
            const QRect available = w.screen()->availableGeometry();
            QVERIFY2(w.width() <= available.width() && w.height() <= available.height(),
                     qPrintable(QStringLiteral("%1x%2 on a %3x%4 screen")
                                    .arg(w.width())
                                    .arg(w.height())
                                    .arg(available.width())
                                    .arg(available.height())));
            QVERIFY(!w.windowIcon().isNull());
            QCOMPARE(w.windowTitle(), QStringLiteral("LADA Workbench"));
            w.resize(w.width() - 37, w.height() - 23);
            remembered = w.size();
            w.close();
        }
        MainWindow again;
        again.show();
        QCOMPARE(again.size(), remembered);
    }

    void shortcutsAreReadFromTheActions()
    {
        auto w = windowAtRound(1);
        QCOMPARE(w->cards()->round(), 1);
        // The Label menu has one action per digit key for MNIST's classes "0".."9".
        QMenu* label = topMenu(*w, QStringLiteral("Label"));
        QVERIFY(label);
        QCOMPARE(label->actions().size(), 10);
        for (QAction* a : label->actions())
            QCOMPARE(a->shortcut().toString(), a->text().right(1));  // "Label as 3" -> key 3
        // Every action with a key is in the list, and the list has nothing else.
        QSet<QAction*> listed;
        int rows = 0;
        for (const auto& [group, actions] : w->shortcutGroups()) {
            QVERIFY(!group.isEmpty());
            for (QAction* a : actions)
                listed.insert(a);
            rows += static_cast<int>(actions.size());
        }
        int withKeys = 0;
        for (QAction* top : w->menuBar()->actions()) {
            if (!top->menu())
                continue;
            for (QAction* a : allActions(top->menu())) {
                if (a->shortcut().isEmpty())
                    continue;
                ++withKeys;
                QVERIFY2(listed.contains(a), qPrintable(a->text()));
            }
        }
        QCOMPARE(listed.size(), withKeys);
        QVERIFY(withKeys >= 22);  // File 7, Edit 3, Label 10, View 1, Help 1
        const QList<ShortcutRow> table = w->shortcutRows();
        QCOMPARE(table.size(), rows + static_cast<int>(cardNavigationKeys().size()));
        QCOMPARE(table.first().command, QStringLiteral("Open dataset"));  // no '&', no '…'
        QCOMPARE(table.first().keys, QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText));
        ShortcutsDialog dialog(table);
        QCOMPARE(dialog.table()->rowCount(), static_cast<int>(table.size()));
        if (const QString shots = qEnvironmentVariable("LADA_SCREENSHOT_DIR"); !shots.isEmpty()) {
            dialog.show();
            QVERIFY(dialog.grab().save(QDir(shots).filePath(QStringLiteral("shortcuts.png"))));
            dialog.hide();
        }

        // A digit labels through its action: the answer is pending (title marked) until it is on the disk.
        const QString session = QFileInfo(w->sessionFolder()).fileName();
        QVERIFY2(w->windowTitle().startsWith(session), qPrintable(w->windowTitle()));
        QSignalSpy recorded(w->worker(), &LearnerWorker::answerRecorded);
        label->actions().at(3)->trigger();
        QCOMPARE(w->unsavedAnswers(), 1);
        QVERIFY(w->isWindowModified());
        QVERIFY2(w->windowTitle().contains(QStringLiteral("saving")), qPrintable(w->windowTitle()));
        QVERIFY(uitest::waitFor([&] { return w->unsavedAnswers() == 0; }, 10000));
        QVERIFY(!w->isWindowModified());
        QVERIFY(!w->windowTitle().contains(QStringLiteral("saving")));

        // Every control of the window says what it does.
        QStringList bare;
        for (QWidget* c : w->findChildren<QWidget*>()) {
            const bool control = qobject_cast<QAbstractButton*>(c) || qobject_cast<QAbstractSlider*>(c) ||
                                 qobject_cast<QComboBox*>(c) || qobject_cast<QLineEdit*>(c);
            if (!control || !c->isVisibleTo(w.get()) || qobject_cast<QScrollBar*>(c))
                continue;
            if (c->toolTip().isEmpty())
                bare.append(
                    QStringLiteral("%1 \"%2\"")
                        .arg(QString::fromLatin1(c->metaObject()->className()), c->property("text").toString()));
        }
        QVERIFY2(bare.isEmpty(), qPrintable(bare.join(QStringLiteral(", "))));

        // Recent sessions name the dataset, the strategy, the label count and the date, not a bare path.
        QMenu* recent = nullptr;
        for (QAction* a : topMenu(*w, QStringLiteral("File"))->actions())
            if (a->menu())
                recent = a->menu();
        QVERIFY(recent);
        Q_EMIT recent->aboutToShow();  // the menu reads the sessions when it opens
        QVERIFY(!recent->actions().isEmpty());
        const QString first = recent->actions().first()->text();
        QVERIFY2(first.startsWith(session) && first.contains(QStringLiteral("train")) &&
                     first.contains(QStringLiteral("lada-entmix")) && first.contains(QStringLiteral("11 labels")),
                 qPrintable(first));
        QCOMPARE(recent->actions().first()->toolTip(), w->sessionFolder());

        // Edit ▸ Review labels opens the review window on the session's answered images.
        QAction* review = nullptr;
        for (QAction* a : topMenu(*w, QStringLiteral("Edit"))->actions())
            if (a->text().contains(QStringLiteral("view labels")))
                review = a;
        QVERIFY(review);
        review->trigger();
        ReviewDialog* reviewDialog = w->findChild<ReviewDialog*>();
        QVERIFY(reviewDialog && reviewDialog->isVisible());
        QVERIFY(uitest::waitFor([&] { return reviewDialog->entries().size() == 11; }, 10000));
        if (const QString shots = qEnvironmentVariable("LADA_SCREENSHOT_DIR"); !shots.isEmpty()) {
            QVERIFY(w->grab().save(QDir(shots).filePath(QStringLiteral("window-with-review.png"))));
            QVERIFY(reviewDialog->grab().save(QDir(shots).filePath(QStringLiteral("review.png"))));
        }
        reviewDialog->close();

        // File ▸ Export labels as Label Studio tasks, the images under a URL prefix the person gave.
        const QString tasks = m_dir.filePath(QStringLiteral("tasks-%1.json").arg(session));
        QSignalSpy exported(w.get(), &MainWindow::exportShown);
        w->exportLabels(QStringLiteral("labelstudio"), tasks, false, QStringLiteral("https://images.example/mnist/"));
        QVERIFY(exported.wait(30000));
        QFile file(tasks);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
        QCOMPARE(array.size(), 11);
        for (const QJsonValue& task : array) {
            const QString image = task[QStringLiteral("data")][QStringLiteral("image")].toString();
            QVERIFY2(image.startsWith(QStringLiteral("https://images.example/mnist/")), qPrintable(image));
        }
        QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("tasks-%1.label_config.xml").arg(session))));
    }

    void simulatedOracleHandsOverAfterItsRounds()
    {
        LaunchOptions launch;
        launch.simulateOracle = true;
        launch.rounds = 1;
        auto w = windowAtRound(2, launch);
        QCOMPARE(w->cards()->round(), 2);
        QCheckBox* simulate = nullptr;
        for (QCheckBox* box : w->findChildren<QCheckBox*>())
            if (box->text() == QStringLiteral("Simulated oracle"))
                simulate = box;
        QVERIFY(simulate);
        QVERIFY(uitest::waitFor([&] { return !simulate->isChecked(); }, 5000));
        const QString log = logText(*w);
        QVERIFY2(log.contains(QStringLiteral("round 2 is yours to label")), qPrintable(log));
        // The initial set was labeled from the folders, and the log says so; a round counts its images.
        QVERIFY2(log.contains(QStringLiteral("labeled from the dataset's own labels")), qPrintable(log));
        const QRegularExpression proposed(QStringLiteral("Round 1 proposed: (\\d+) pairs, (\\d+) images"));
        const QRegularExpressionMatch m = proposed.match(log);
        QVERIFY2(m.hasMatch(), qPrintable(log));
        QCOMPARE(m.captured(2).toInt(), 2 * m.captured(1).toInt());
    }
};

LADA_TEST_MAIN(TestWindowChrome)
}  // namespace tst_window_chrome
#include "tst_window_chrome.moc"
