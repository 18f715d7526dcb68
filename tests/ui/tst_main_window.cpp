// SPDX-License-Identifier: MIT
// The window with a person as the oracle: keys label the focused image and move the counts and the
// pool, Ctrl+Z undoes back to the start, S skips; a simulated round feeds every plot; settings persist.
#include "core/config/presets.h"
#include "core/config/setting_table.h"
#include "tests/test_main.h"
#include "ui/dialogs/settings_dialog.h"
#include "ui/launch_options.h"
#include "ui/main_window.h"
#include "ui/plots/accuracy_plot.h"
#include "ui/plots/plot_panel.h"
#include "ui/plots/tau_plot.h"
#include "ui/plots/tsne_plot.h"
#include "ui/plots/virtual_entropy_histogram.h"
#include "ui/plots/virtual_entropy_plot.h"
#include "ui/widgets/cards_view.h"
#include "ui/widgets/label_panel.h"
#include "ui/widgets/query_card.h"
#include "ui_test_support.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <functional>

namespace tst_main_window {

using namespace lada;
using namespace lada::ui;

class TestMainWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_train, m_test;

    /** A window on the small folder (no simulated oracle) showing round 1's cards. */
    std::unique_ptr<MainWindow> windowAtRound1(const QString& test = {})
    {
        auto w = std::make_unique<MainWindow>();
        w->setSessionSettings(uitest::smallSettings());
        w->setSimulatedOracle(false, 0);
        w->show();
        w->openDataset({m_train, test, {}, m_dir.filePath(QStringLiteral("cache")), {}});
        QElapsedTimer clock;
        clock.start();
        while (!(w->cards()->round() == 1 && w->cards()->focusedRow() >= 0) && clock.elapsed() < 90000)
            QTest::qWait(20);
        return w;
    }

private Q_SLOTS:
    void initTestCase()
    {
        uitest::initUiTest();
        QVERIFY(uitest::makeSmallSplits(m_dir.path(), m_train, m_test));
    }

    void digitKeysLabelTheFocusedImageAndMoveOn()
    {
        auto w = windowAtRound1();
        QCOMPARE(w->cards()->round(), 1);
        const PoolCounts before = w->counts();
        const qint64 first = w->cards()->focusedRow();
        QTest::keyClick(w.get(), Qt::Key_3);
        QTRY_COMPARE(w->counts().labeled, before.labeled + 1);
        QCOMPARE(w->counts().pool, before.pool - 1);
        QCOMPARE(w->counts().perClass[3], before.perClass[3] + 1);  // MNIST's classes are digits: key 3 is "3"
        QVERIFY(w->cards()->isAnswered(first));
        QVERIFY(w->cards()->focusedRow() != first);
        QVERIFY(w->cards()->focusedRow() >= 0);
        QTest::keyClick(w.get(), Qt::Key_0);
        QTRY_COMPARE(w->counts().perClass[0], before.perClass[0] + 1);
    }

    void undoRestoresTheCountsBackToTheStart()
    {
        auto w = windowAtRound1();
        QCOMPARE(w->cards()->round(), 1);
        const PoolCounts before = w->counts();
        const qint64 first = w->cards()->focusedRow();
        QTest::keyClick(w.get(), Qt::Key_1);
        QTest::keyClick(w.get(), Qt::Key_2);
        QTRY_COMPARE(w->counts().labeled, before.labeled + 2);
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(w->counts().labeled, before.labeled);
        QCOMPARE(w->counts().pool, before.pool);
        QCOMPARE(w->counts().perClass, before.perClass);
        QVERIFY(!w->cards()->isAnswered(first));
        // Once at the start, a further undo changes nothing.
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QTest::qWait(200);
        QCOMPARE(w->counts().labeled, before.labeled);
    }

    void skipTakesTheImageOutOfThePool()
    {
        auto w = windowAtRound1();
        QCOMPARE(w->cards()->round(), 1);
        const PoolCounts before = w->counts();
        QTest::keyClick(w.get(), Qt::Key_S);
        QTRY_COMPARE(w->counts().skipped, before.skipped + 1);
        QCOMPARE(w->counts().pool, before.pool - 1);
        QCOMPARE(w->counts().labeled, before.labeled);
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(w->counts().skipped, before.skipped);
    }

    void labelingTwoRoundsByKeyboardTrainsAfterEach()
    {
        auto w = windowAtRound1(m_test);
        QCOMPARE(w->cards()->round(), 1);
        QSignalSpy rounds(w.get(), &MainWindow::roundShown);
        // LADA_UI_SCREENSHOTS=<folder> keeps pictures of the session for a person to look at.
        const QString shots = qEnvironmentVariable("LADA_UI_SCREENSHOTS");
        auto snap = [&](const QString& name) {
            if (!shots.isEmpty())
                w->saveScreenshot(shots + QLatin1Char('/') + name);
        };
        for (int round = 1; round <= 2; ++round) {
            QTRY_VERIFY_WITH_TIMEOUT(w->cards()->round() == round && w->cards()->focusedRow() >= 0, 90000);
            QTRY_VERIFY_WITH_TIMEOUT(!w->isBusy(), 30000);
            snap(QStringLiteral("keyboard-round%1-proposed.png").arg(round));
            // Answer every image with the key of its true class (the digit itself); the focus moves on by itself.
            int presses = 0;
            while (w->cards()->focusedRow() >= 0) {
                const int label = uitest::trueLabelOf(*w->cards(), w->cards()->focusedRow());
                QTest::keyClick(w.get(), Qt::Key(Qt::Key_0 + label));
                if (++presses == 2)
                    snap(QStringLiteral("keyboard-round%1-half-answered.png").arg(round));
            }
            QCOMPARE(presses, 4);
            QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= round, 90000);
            QCOMPARE(rounds.last().first().toInt(), round);
        }
        QTRY_VERIFY_WITH_TIMEOUT(w->cards()->round() == 3 && !w->isBusy(), 90000);
        snap(QStringLiteral("keyboard-after-two-rounds.png"));
        QCOMPARE(w->counts().labeled, 10 + 8);
        QCOMPARE(w->plots()->accuracy()->currentRunCount(), 3);  // rounds 0, 1, 2 on the test split
    }

    void aSimulatedRoundUpdatesEveryPlot()
    {
        MainWindow w;
        w.setSessionSettings(uitest::smallSettings());
        w.show();
        QSignalSpy rounds(&w, &MainWindow::roundShown);
        QSignalSpy maps(&w, &MainWindow::embeddingShown);
        w.setSimulatedOracle(true, 0);
        w.openDataset({m_train, m_test, {}, {}, {}});
        QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= 2 && maps.size() >= 2, 120000);
        PlotPanel* plots = w.plots();
        QVERIFY(plots->accuracy()->currentRunCount() >= 2);
        QVERIFY(plots->tau()->dataCount() >= 3);  // median, quartiles, selected points
        QVERIFY(plots->virtualEntropy()->dataCount() >= 1);
        QVERIFY(plots->histogram()->dataCount() > 0);
        QVERIFY(plots->tsne()->dataCount() > 40);
        QVERIFY(plots->tsne()->shownRound() >= 1);
        // Each plot saves as PNG and PDF.
        int n = 0;
        for (PlotBase* p : std::initializer_list<PlotBase*>{plots->accuracy(), plots->tau(), plots->tsne()}) {
            const QString png = m_dir.filePath(QStringLiteral("plot%1.png").arg(n));
            const QString pdf = m_dir.filePath(QStringLiteral("plot%1.pdf").arg(n++));
            QVERIFY(p->saveTo(png));
            QVERIFY(p->saveTo(pdf));
            QVERIFY(QFileInfo(png).size() > 1000);
            QVERIFY(QFileInfo(pdf).size() > 1000);
        }
    }

    void searchableClassListBeyondTenClasses()
    {
        LabelPanel panel;
        QStringList names;
        for (int c = 0; c < 12; ++c)
            names << QStringLiteral("class-%1").arg(QChar('a' + c));
        panel.setClassNames(names);
        panel.show();
        QCOMPARE(panel.classForDigit(0), 9);
        QCOMPARE(panel.classForDigit(1), 0);
        QSignalSpy chosen(&panel, &LabelPanel::labelChosen);
        auto* search = panel.findChild<QLineEdit*>();
        QVERIFY(search && search->isVisible());
        QTest::keyClicks(search, QStringLiteral("class-l"));
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.first().first().toInt(), 11);
    }

    void digitKeysFollowDigitClassNames()
    {
        LabelPanel panel;
        // Classes named by digits, in any order: key d labels the class named d.
        panel.setClassNames({QStringLiteral("3"), QStringLiteral("1"), QStringLiteral("7")});
        QCOMPARE(panel.classForDigit(7), 2);
        QCOMPARE(panel.classForDigit(3), 0);
        QCOMPARE(panel.classForDigit(2), -1);
        QCOMPARE(panel.digitForClass(1), 1);
        // Other names: by position, key 1 is the first class.
        panel.setClassNames({QStringLiteral("cat"), QStringLiteral("dog")});
        QCOMPARE(panel.classForDigit(1), 0);
        QCOMPARE(panel.classForDigit(2), 1);
        QCOMPARE(panel.classForDigit(3), -1);
        QCOMPARE(panel.digitForClass(0), 1);
    }

    void settingsDialogEditsEverySettingWithoutSentinels()
    {
        ExperimentConfig c;  // threads "all", tau "auto"
        c.seed.reset();      // "random"
        SettingsDialog d(c);
        for (const SettingSpec& spec : settingTable())
            QVERIFY2(d.findChild<QWidget*>(QString::fromStdString(spec.key)) != nullptr, spec.key.c_str());
        // Unset values show their meaning in words, never a number that stands for it.
        QCOMPARE(d.findChild<QSpinBox*>(QStringLiteral("threads"))->text(), QStringLiteral("all cores"));
        QCOMPARE(d.findChild<QSpinBox*>(QStringLiteral("seed"))->text(), QStringLiteral("random"));
        QCOMPARE(d.findChild<QDoubleSpinBox*>(QStringLiteral("tau"))->text(), QStringLiteral("paper default"));
        QVERIFY(!d.findChild<QWidget*>(QStringLiteral("gamma"))->toolTip().isEmpty());
        ExperimentConfig back;
        applySettings(back, d.values());
        QCOMPARE(configToMap(back), configToMap(c));  // every setting through the dialog's editors
        // A value set through an editor comes back through the table.
        QVERIFY(d.setValue("pool-subset", "700"));
        QVERIFY(d.setValue("policy-objective", "curve"));
        QVERIFY(d.setValue("tau", "0.5"));
        applySettings(back, d.values());
        QCOMPARE(back.poolSubset, int64_t{700});
        QVERIFY(back.strategy.policyObjective == PolicyObjective::Curve);
        QCOMPARE(back.strategy.fixedTau, std::optional<double>(0.5));
        const QString pictures = qEnvironmentVariable("LADA_SCREENSHOT_DIR");
        if (!pictures.isEmpty()) {
            d.show();
            auto* tabs = d.findChild<QTabWidget*>();
            for (int i = 0; i < tabs->count(); ++i) {
                tabs->setCurrentIndex(i);
                QTest::qWait(50);
                QVERIFY(d.grab().save(pictures + QStringLiteral("/settings-%1.png").arg(tabs->tabText(i))));
            }
        }
    }

    void presetComboFillsTheEditorsFromPresetSettings()
    {
        const ExperimentConfig opened;  // the defaults
        SettingsDialog d(opened);
        auto* combo = d.findChild<QComboBox*>(QStringLiteral("preset"));
        QVERIFY(combo != nullptr);
        QCOMPARE(combo->count(), static_cast<int>(presetList().size()) + 1);
        QCOMPARE(combo->itemText(0), QStringLiteral("None"));
        for (size_t i = 0; i < presetList().size(); ++i)
            QCOMPARE(combo->itemText(static_cast<int>(i) + 1), QString::fromStdString(presetList()[i]));
        // Each preset as a person picks it in the combo: the editors hold the opened values with the preset's
        // on top, whatever was picked before (paper after cpu-fast keeps nothing of cpu-fast).
        for (const std::string name : {"cpu-fast", "paper", "cpu-fast"}) {
            combo->setCurrentIndex(combo->findText(QString::fromStdString(name)));
            QCOMPARE(QString::fromStdString(d.preset()), QString::fromStdString(name));
            ExperimentConfig expected = opened;
            applyPreset(expected, name);
            ExperimentConfig shown = opened;
            applySettings(shown, d.values());
            QCOMPARE(configToMap(shown), configToMap(expected));
            // And key by key, as presetSettings spells them.
            for (const auto& [key, value] : presetSettings(name)) {
                ExperimentConfig one;
                applySetting(one, key + "=" + value);
                QCOMPARE(QString::fromStdString(d.values().at(key)),
                         QString::fromStdString(findSetting(key)->get(one)));
            }
        }
        QVERIFY(presetSettings("cpu-fast").count("pool-subset") == 1);
        // None: back to the values the dialog opened with.
        QVERIFY(d.choosePreset(""));
        ExperimentConfig none = opened;
        applySettings(none, d.values());
        QCOMPARE(configToMap(none), configToMap(opened));
        QVERIFY(!d.choosePreset("no-such-preset"));
        // Accepting keeps what the preset filled in.
        QVERIFY(d.choosePreset("cpu-fast"));
        d.accept();
        ExperimentConfig cpuFast = opened;
        applyPreset(cpuFast, "cpu-fast");
        QCOMPARE(configToMap(d.settings()), configToMap(cpuFast));
        QCOMPARE(d.settings().poolSubset, cpuFast.poolSubset);
        // A dialog opened on settings that follow a preset names it (unless paper would say the same).
        SettingsDialog again(cpuFast);
        ExperimentConfig paper = cpuFast;
        applyPreset(paper, "paper");
        if (configToMap(paper) != configToMap(cpuFast))
            QCOMPARE(QString::fromStdString(again.preset()), QStringLiteral("cpu-fast"));
    }

    void backboneSettingBrowsesForAModelFile()
    {
        if (findSetting("backbone") == nullptr)
            QSKIP("this build's setting table has no backbone setting");
        QTemporaryDir dir;
        const QString model = QFileInfo(dir.filePath(QStringLiteral("resnet18.pt"))).absoluteFilePath();
        QFile file(model);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        SettingsDialog d{ExperimentConfig{}};
        auto* browse = d.findChild<QPushButton*>(QStringLiteral("backbone-browse"));
        QVERIFY(browse != nullptr);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        // The file dialog is modal and offscreen windows are never activated: answer it through the seam.
        QString startedIn = QStringLiteral("(not asked)");
        d.setModelFileChooser([&](const QString& start) {
            startedIn = start;
            return model;
        });
        browse->click();
        QVERIFY(startedIn.isEmpty());  // nothing chosen yet: no folder to start in
        const QString filters = SettingsDialog::modelFileFilter();
        for (const char* pattern : {"*.pt", "*.pts", "*.torchscript", "*.onnx"})
            QVERIFY2(filters.section(QStringLiteral(";;"), 0, 0).contains(QLatin1String(pattern)), qPrintable(filters));
        QCOMPARE(QString::fromStdString(d.values().at("backbone")), model);
    }

    void commandLineRefusesUnknownSettingsWithTheKeys()
    {
        LaunchOptions o;
        QString error;
        QVERIFY(!parseLaunchOptions(
            {QStringLiteral("lada-workbench"), QStringLiteral("--set"), QStringLiteral("bogus=1")}, o, error));
        QVERIFY2(error.contains(QStringLiteral("unknown setting \"bogus\"")) &&
                     error.contains(QStringLiteral("pool-subset")),
                 qPrintable(error));
        QVERIFY(!parseLaunchOptions(
            {QStringLiteral("lada-workbench"), QStringLiteral("--strategy"), QStringLiteral("lada-entmx")}, o, error));
        QVERIFY2(error.contains(QStringLiteral("lada-entmix")), qPrintable(error));  // before any dataset loads
    }

    void settingsAreRememberedBetweenRuns()
    {
        SessionSettings s = uitest::smallSettings();
        s.strategy.kind = StrategyKind::Entropy;
        s.strategy.gamma = 0.5;
        s.poolSubset = 777;
        s.strategy.fixedTau.reset();
        s.strategy.tauMax = 2.5;
        saveSettings(s);
        const SessionSettings back = loadSettings();
        QCOMPARE(configToMap(back), configToMap(s));  // every setting, through QSettings and back
        QVERIFY(back.strategy.kind == StrategyKind::Entropy);
        QCOMPARE(back.strategy.gamma, 0.5);
        QCOMPARE(back.poolSubset, int64_t{777});
        QCOMPARE(back.threads, std::optional<int>(1));
        QVERIFY(!back.strategy.fixedTau);
    }

    void commandLineIsParsed()
    {
        LaunchOptions o;
        QString error;
        QVERIFY(parseLaunchOptions({QStringLiteral("lada-workbench"), QStringLiteral("--train"), QStringLiteral("a"),
                                    QStringLiteral("--strategy"), QStringLiteral("lada-entmix"),
                                    QStringLiteral("--simulate-oracle"), QStringLiteral("--quit-after-rounds"),
                                    QStringLiteral("3"), QStringLiteral("--screenshot"), QStringLiteral("out.png"),
                                    QStringLiteral("--set"), QStringLiteral("epochs=5")},
                                   o, error));
        QCOMPARE(o.train, QStringLiteral("a"));
        QVERIFY(o.simulateOracle);
        QCOMPARE(o.quitAfterRounds, 3);
        QCOMPARE(o.screenshot, QStringLiteral("out.png"));
        QVERIFY(!parseLaunchOptions(
            {QStringLiteral("lada-workbench"), QStringLiteral("--set"), QStringLiteral("nope=1")}, o, error));
        QVERIFY(!parseLaunchOptions({QStringLiteral("lada-workbench"), QStringLiteral("--rounds"), QStringLiteral("x")},
                                    o, error));
    }
};

LADA_TEST_MAIN(TestMainWindow)
}  // namespace tst_main_window
#include "tst_main_window.moc"
