// SPDX-License-Identifier: MIT
// The experiment plots (issue 13): built from a summary with known numbers, each plot's data read back
// through the plot classes (x, mean, band; legends; a strategy without τ* left out; histogram bins), and
// the four plots per dataset saved as PNG and PDF; `lada-workbench --plot-experiment` on the fixture folder
// tests/data/experiment without a display; File ▸ Compare runs… showing summary.md's numbers and the plots.
// With LADA_SCREENSHOT_DIR set it saves the plots and the dialog there for a person to look at.
#include "tests/test_main.h"
#include "ui/dialogs/compare_runs_dialog.h"
#include "ui/experiment/experiment_plots.h"
#include "ui/main_window.h"
#include "ui_test_support.h"

#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QMenuBar>
#include <QProcess>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest/QtTest>

#include <cmath>
#include <limits>

namespace tst_experiment_plots {

using namespace lada;
using namespace lada::ui;

namespace {

RoundBand band(std::vector<double> x, std::vector<double> mean, std::vector<double> low, std::vector<double> high)
{
    return {std::move(x), std::move(mean), std::move(low), std::move(high)};
}

/**
 * Two datasets: mnist with entropy (no mixing: no τ*, no virtual instances), lada-entmix (learned τ*) and
 * lada-entmix-fixed (τ = 2), and a strategy with no complete seed yet; cifar10 with random only.
 */
ExperimentSummary knownSummary()
{
    ExperimentSummary s;
    s.folder = "/nowhere";
    s.baseline = "entropy";
    StrategySummary entropy;
    entropy.dataset = "mnist";
    entropy.label = entropy.strategy = "entropy";
    entropy.seeds = {1, 2};
    entropy.accuracyCurve = band({20, 30, 40}, {50.5, 61.25, 70.0}, {48.5, 60.0, 69.0}, {52.5, 62.5, 71.0});
    s.rows.push_back(entropy);

    StrategySummary learned;
    learned.dataset = "mnist";
    learned.label = learned.strategy = "lada-entmix";
    learned.seeds = {1, 2};
    learned.accuracyCurve = band({20, 30, 40}, {50.0, 63.0, 72.5}, {49.0, 61.0, 72.0}, {51.0, 65.0, 73.0});
    learned.tauPerRound = band({1, 2}, {0.85, 0.9}, {0.6, 0.7}, {1.1, 1.25});
    learned.virtualEntropy = band({1, 2}, {1.25, 1.5}, {1.0, 1.375}, {1.5, 1.625});
    learned.virtualEntropies = {0.0, 0.15, 0.15, 3.0, std::numeric_limits<double>::quiet_NaN()};
    s.rows.push_back(learned);

    StrategySummary fixed;
    fixed.dataset = "mnist";
    fixed.label = "lada-entmix-fixed";
    fixed.strategy = "lada-entmix";
    fixed.seeds = {1, 2};
    fixed.accuracyCurve = band({20, 30, 40}, {50.0, 64.0, 74.0}, {50.0, 63.0, 73.0}, {50.0, 65.0, 75.0});
    fixed.virtualEntropy = band({1, 2}, {1.5, 1.75}, {1.25, 1.5}, {1.75, 2.0});
    fixed.virtualEntropies = {1.55, 1.55, 1.55, 2.05};
    s.rows.push_back(fixed);

    StrategySummary unfinished;
    unfinished.dataset = "mnist";
    unfinished.label = unfinished.strategy = "bald";
    unfinished.incomplete = 2;
    s.rows.push_back(unfinished);

    StrategySummary random;
    random.dataset = "cifar10";
    random.label = random.strategy = "random";
    random.seeds = {1, 2, 3};
    random.accuracyCurve = band({100, 200}, {30.0, 35.0}, {29.0, 34.0}, {31.0, 36.0});
    s.rows.push_back(random);
    return s;
}

/** The texts of a plot's text items (its note among them). */
QStringList itemTexts(QCustomPlot& plot)
{
    QStringList texts;
    for (int i = 0; i < plot.itemCount(); ++i)
        if (auto* t = qobject_cast<QCPItemText*>(plot.item(i)))
            texts << t->text();
    return texts;
}

void compareVectors(const std::vector<double>& actual, const std::vector<double>& expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(std::abs(actual[i] - expected[i]) < 1e-12,
                 qPrintable(QStringLiteral("element %1: %2 != %3").arg(i).arg(actual[i]).arg(expected[i])));
}

const QString kFixture = QStringLiteral(LADA_TEST_FIXTURE_DIR "/experiment");

/** Copies the folder `from` into `to`, files and subfolders. */
bool copyTree(const QString& from, const QString& to)
{
    QDirIterator it(from, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = QDir(to).filePath(QDir(from).relativeFilePath(file));
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(file, target))
            return false;
    }
    return true;
}

/** Runs lada-workbench without a display (no DISPLAY, no platform chosen); its exit code, -1 if it crashed. */
int runWorkbench(const QStringList& args, QByteArray* out, QByteArray* err)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QLatin1String(name));
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(LADA_WORKBENCH_PATH), args);
    if (!process.waitForStarted() || !process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    *out = process.readAllStandardOutput();
    *err = process.readAllStandardError();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

/** The cells of summary.md's rows of `dataset` ("| a | b |" split), as core writes them. */
QList<QStringList> markdownRows(const ExperimentSummary& summary, const QString& dataset)
{
    QList<QStringList> rows;
    bool inDataset = false;
    for (const QString& line : QString::fromStdString(summaryMarkdown(summary)).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("### ")))
            inDataset = line.mid(4) == dataset;
        else if (inDataset && line.startsWith(QLatin1String("| ")) && !line.startsWith(QLatin1String("| strategy")))
            rows << line.mid(2, line.size() - 4).split(QStringLiteral(" | "));
    }
    return rows;
}

/** The label of the summary table's row `row`. */
QString labelOf(const QTableWidget& table, int row)
{
    return table.item(row, CompareRunsDialog::Strategy)->data(CompareRunsDialog::LabelRole).toString();
}

void saveScreenshot(QWidget& widget, const QString& name)
{
    if (const QString shots = qEnvironmentVariable("LADA_SCREENSHOT_DIR"); !shots.isEmpty()) {
        QDir().mkpath(shots);
        QVERIFY(widget.grab().save(QDir(shots).filePath(name)));
    }
}

/** Closes the next modal dialog (a message box) once it opens, so that a test is not held by it. */
void closeNextModal()
{
    auto* timer = new QTimer;
    QObject::connect(timer, &QTimer::timeout, timer, [timer] {
        if (QWidget* modal = QApplication::activeModalWidget()) {
            modal->close();
            timer->deleteLater();
        }
    });
    timer->start(50);
}

}  // namespace

class TestExperimentPlots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { uitest::initUiTest(); }

    void datasetsInTheSummarysOrder()
    {
        QCOMPARE(experimentDatasets(knownSummary()), (QStringList{QStringLiteral("mnist"), QStringLiteral("cifar10")}));
    }

    void accuracyPlotHoldsEachStrategysMeanAndBand()
    {
        const ExperimentSummary summary = knownSummary();
        const ExperimentPlots plots = buildExperimentPlots(summary, QStringLiteral("mnist"));
        ComparisonPlot& accuracy = *plots.accuracy;
        QVERIFY(accuracy.title().contains(QStringLiteral("mnist")));
        // bald has no complete seed: no curve, no legend entry. Every strategy here has 2 seeds: the
        // subtitle says so once and the legend names the labels alone.
        const QStringList names{QStringLiteral("entropy"), QStringLiteral("lada-entmix"),
                                QStringLiteral("lada-entmix-fixed")};
        QCOMPARE(accuracy.curveNames(), names);
        QCOMPARE(accuracy.legendNames(), names);
        QVERIFY2(accuracy.subtitle().contains(QStringLiteral("2 seeds")), qPrintable(accuracy.subtitle()));
        const BandCurve entropy = accuracy.curve(QStringLiteral("entropy"));
        compareVectors(entropy.x, {20, 30, 40});
        compareVectors(entropy.mean, {50.5, 61.25, 70.0});
        compareVectors(entropy.low, {48.5, 60.0, 69.0});
        compareVectors(entropy.high, {52.5, 62.5, 71.0});
        // Both axes hold every band whole.
        QVERIFY(accuracy.xAxis->range().lower < 20 && accuracy.xAxis->range().upper > 40);
        QVERIFY(accuracy.yAxis->range().lower < 48.5 && accuracy.yAxis->range().upper > 75.0);
        QCOMPARE(accuracy.dataCount(), 3 * 3 * 3);  // 3 strategies, 3 graphs each (mean, low, high), 3 rounds
        // Each strategy keeps its colour across plots: lada-entmix's line in the accuracy and the τ* plot.
        QCOMPARE(accuracy.graph(5)->name(), QStringLiteral("lada-entmix"));
        QCOMPARE(plots.tau->graph(2)->pen().color(), accuracy.graph(5)->pen().color());
    }

    void tauPlotLeavesOutStrategiesWithoutTau()
    {
        const ExperimentPlots plots = buildExperimentPlots(knownSummary(), QStringLiteral("mnist"));
        QCOMPARE(plots.tau->curveNames(), QStringList{QStringLiteral("lada-entmix")});
        QCOMPARE(plots.tau->legendNames(), QStringList{QStringLiteral("lada-entmix")});
        const BandCurve tau = plots.tau->curve(QStringLiteral("lada-entmix"));
        compareVectors(tau.x, {1, 2});
        compareVectors(tau.mean, {0.85, 0.9});
        compareVectors(tau.low, {0.6, 0.7});
        compareVectors(tau.high, {1.1, 1.25});
        QCOMPARE(plots.tau->yAxis->range().lower, 0.0);  // τ* > 0: the axis starts at 0
        QVERIFY(plots.tau->curve(QStringLiteral("entropy")).x.empty());
    }

    void virtualEntropyPlotShowsLearnedAndFixedTau()
    {
        const ExperimentPlots plots = buildExperimentPlots(knownSummary(), QStringLiteral("mnist"));
        QCOMPARE(plots.virtualEntropy->curveNames(),
                 (QStringList{QStringLiteral("lada-entmix"), QStringLiteral("lada-entmix-fixed")}));
        const BandCurve fixed = plots.virtualEntropy->curve(QStringLiteral("lada-entmix-fixed"));
        compareVectors(fixed.x, {1, 2});
        compareVectors(fixed.mean, {1.5, 1.75});
        compareVectors(fixed.low, {1.25, 1.5});
        compareVectors(fixed.high, {1.75, 2.0});
        QVERIFY(plots.virtualEntropy->title().contains(QStringLiteral("mnist")));
    }

    void variationRatioScoresStayOffTheEntropyAxes()
    {
        ExperimentSummary s = knownSummary();
        StrategySummary varmix = s.rows[1];  // lada-entmix's numbers, but its score is 1 - max p
        varmix.label = varmix.strategy = "lada-varmix";
        varmix.virtualScoreIsEntropy = false;
        s.rows.push_back(varmix);
        const ExperimentPlots plots = buildExperimentPlots(s, QStringLiteral("mnist"));
        QVERIFY(plots.tau->curveNames().contains(QStringLiteral("lada-varmix")));  // tau* is tau* for both
        QVERIFY(!plots.virtualEntropy->curveNames().contains(QStringLiteral("lada-varmix")));
        QVERIFY(!plots.virtualEntropyHistogram->sampleNames().contains(QStringLiteral("lada-varmix")));
    }

    void histogramCountsKnownValuesOverSharedBins()
    {
        const ExperimentPlots plots = buildExperimentPlots(knownSummary(), QStringLiteral("mnist"));
        HistogramComparisonPlot& histogram = *plots.virtualEntropyHistogram;
        QCOMPARE(histogram.sampleNames(),
                 (QStringList{QStringLiteral("lada-entmix"), QStringLiteral("lada-entmix-fixed")}));
        QCOMPARE(histogram.legendNames(), histogram.sampleNames());
        // 4 values each: 5 bins wanted (the fewest) over [0, 3], 0.6 wide, widened to a multiple of 1/32 bit
        // (the results file's bins): 20/32 = 0.625, so 5 bins from 0 to 3.125.
        QCOMPARE(histogram.bins(), 5);
        compareVectors(histogram.binEdges(), {0.0, 0.625, 1.25, 1.875, 2.5, 3.125});
        // lada-entmix: 0.0, 0.15 twice (the NaN is ignored) in the first bin, 3.0 in the last;
        // lada-entmix-fixed: 1.55 three times in [1.25, 1.875), 2.05 in [1.875, 2.5).
        QCOMPARE(histogram.binCounts(QStringLiteral("lada-entmix")), (std::vector<int>{3, 0, 0, 0, 1}));
        QCOMPARE(histogram.binCounts(QStringLiteral("lada-entmix-fixed")), (std::vector<int>{0, 0, 3, 1, 0}));
        // Densities: count / (4 values × 0.625), integrating to 1.
        compareVectors(histogram.densities(QStringLiteral("lada-entmix-fixed")), {0, 0, 1.2, 0.4, 0});
        double area = 0.0;
        for (double d : histogram.densities(QStringLiteral("lada-entmix")))
            area += d * 0.625;
        QVERIFY(std::abs(area - 1.0) < 1e-9);
    }

    void histogramBinsCanBeFixed()
    {
        // 30 bins asked for: 0.1 wide over [0, 3].
        HistogramComparisonPlot plot(QStringLiteral("t"), QStringLiteral("H (bits)"), 30);
        plot.addSample(QStringLiteral("a"), Qt::blue, {0.0, 0.15, 0.15, 3.0});
        plot.addSample(QStringLiteral("empty"), Qt::red, {std::numeric_limits<double>::infinity()});
        QCOMPARE(plot.sampleNames(), QStringList{QStringLiteral("a")});  // no finite value: left out
        QCOMPARE(plot.bins(), 30);
        std::vector<int> counts(30, 0);
        counts[0] = 1;
        counts[1] = 2;
        counts[29] = 1;
        QCOMPARE(plot.binCounts(QStringLiteral("a")), counts);
        QVERIFY(std::abs(plot.densities(QStringLiteral("a"))[1] - 2 / (4 * 0.1)) < 1e-9);
    }

    void aDatasetWithoutMixingSaysSoInItsPlots()
    {
        const ExperimentPlots plots = buildExperimentPlots(knownSummary(), QStringLiteral("cifar10"));
        QCOMPARE(plots.accuracy->curveNames(), QStringList{QStringLiteral("random")});
        QVERIFY2(plots.accuracy->subtitle().contains(QStringLiteral("3 seeds")),
                 qPrintable(plots.accuracy->subtitle()));
        QVERIFY(itemTexts(*plots.accuracy).join(QString()).isEmpty());
        QVERIFY(plots.tau->curveNames().isEmpty());
        QVERIFY(!plots.tau->legend->visible());
        QVERIFY(itemTexts(*plots.tau).join(QString()).contains(QStringLiteral("τ*")));
        QVERIFY(itemTexts(*plots.virtualEntropy).join(QString()).contains(QStringLiteral("virtual instances")));
        QVERIFY(plots.virtualEntropyHistogram->sampleNames().isEmpty());
        QVERIFY(!itemTexts(*plots.virtualEntropyHistogram).join(QString()).isEmpty());
    }

    void unequalSeedCountsAreNamedInTheLegend()
    {
        ExperimentSummary summary = knownSummary();
        summary.rows[1].seeds = {1, 2, 3};
        const ExperimentPlots plots = buildExperimentPlots(summary, QStringLiteral("mnist"));
        QCOMPARE(plots.accuracy->legendNames(),
                 (QStringList{QStringLiteral("entropy (2 seeds)"), QStringLiteral("lada-entmix (3 seeds)"),
                              QStringLiteral("lada-entmix-fixed (2 seeds)")}));
    }

    void roundsKeptAsQuantilesOnlyAreNamed()
    {
        ExperimentSummary summary = knownSummary();
        summary.rows[1].virtualEntropiesOmitted = 3;
        const ExperimentPlots some = buildExperimentPlots(summary, QStringLiteral("mnist"));
        QCOMPARE(some.virtualEntropyHistogram->subtitle(),
                 QStringLiteral("3 rounds left out: their files keep quantiles only"));
        summary.rows[1].virtualEntropies.clear();
        summary.rows[2].virtualEntropies.clear();
        summary.rows[2].virtualEntropiesOmitted = 2;
        const ExperimentPlots none = buildExperimentPlots(summary, QStringLiteral("mnist"));
        QVERIFY(none.virtualEntropyHistogram->sampleNames().isEmpty());
        QVERIFY(none.virtualEntropyHistogram->subtitle().startsWith(QStringLiteral("5 rounds left out")));
        QVERIFY(itemTexts(*none.virtualEntropyHistogram).join(QString()).contains(QStringLiteral("quantiles")));
    }

    void twelveStrategiesHaveTwelveColours()
    {
        ExperimentSummary summary;
        for (int i = 0; i < 12; ++i) {
            StrategySummary row;
            row.dataset = "mnist";
            row.label = row.strategy = "s" + std::to_string(i);
            row.seeds = {1};
            row.accuracyCurve = band({20, 30}, {50.0 + i, 60.0 + i}, {50.0 + i, 60.0 + i}, {50.0 + i, 60.0 + i});
            summary.rows.push_back(row);
        }
        const ExperimentPlots plots = buildExperimentPlots(summary, QStringLiteral("mnist"));
        QSet<QRgb> colours;
        for (int g = 2; g < plots.accuracy->graphCount(); g += 3)  // each strategy's mean line
            colours.insert(plots.accuracy->graph(g)->pen().color().rgb());
        QCOMPARE(colours.size(), 12);
        QVERIFY2(plots.accuracy->subtitle().contains(QStringLiteral("1 seed;")),
                 qPrintable(plots.accuracy->subtitle()));
    }

    void savesFourPlotsPerDatasetAsPngAndPdf()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QStringList written;
        QString error;
        QVERIFY2(saveExperimentPlots(knownSummary(), dir.path(), &written, &error), qPrintable(error));
        QCOMPARE(written.size(), 16);
        for (const QString& dataset : {QStringLiteral("mnist"), QStringLiteral("cifar10")})
            for (const QString& name : experimentPlotNames())
                checkPlotFiles(dir.filePath(QStringLiteral("plots/%1-%2").arg(dataset, name)));
        if (const QString shots = qEnvironmentVariable("LADA_SCREENSHOT_DIR"); !shots.isEmpty()) {
            QDir().mkpath(shots);
            for (const QString& file : written)
                QFile::copy(file, QDir(shots).filePath(QStringLiteral("known-") + QFileInfo(file).fileName()));
        }
    }

    void anUnwritableFolderIsNamed()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("plots")));  // a file where the folder should go
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QString error;
        QVERIFY(!saveExperimentPlots(knownSummary(), dir.path(), nullptr, &error));
        QVERIFY2(error.contains(dir.filePath(QStringLiteral("plots"))), qPrintable(error));
    }

    void consoleModeDrawsTheFixturesPlotsWithoutADisplay()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("experiment"));
        QVERIFY(copyTree(kFixture, folder));
        QByteArray out, err;
        QCOMPARE(runWorkbench({QStringLiteral("--plot-experiment"), folder, QStringLiteral("--baseline"),
                               QStringLiteral("entropy")},
                              &out, &err),
                 0);
        for (const QString& dataset : {QStringLiteral("mnist"), QStringLiteral("cifar10")}) {
            for (const QString& name : experimentPlotNames()) {
                const QString stem = QStringLiteral("%1/plots/%2-%3").arg(folder, dataset, name);
                checkPlotFiles(stem);
                QVERIFY2(out.contains(QFile::encodeName(stem + QStringLiteral(".pdf"))), out.constData());
            }
        }
        // The fixture's broken result file is named, and the rest still drawn.
        QVERIFY2(err.contains("bald/seed-1/result.json"), err.constData());
        if (const QString shots = qEnvironmentVariable("LADA_SCREENSHOT_DIR"); !shots.isEmpty()) {
            QDir().mkpath(shots);
            for (const QString& name : experimentPlotNames())
                QFile::copy(QStringLiteral("%1/plots/mnist-%2.png").arg(folder, name),
                            QDir(shots).filePath(QStringLiteral("fixture-mnist-%1.png").arg(name)));
        }
    }

    void consoleModeRefusesAFolderWithoutRuns()
    {
        QTemporaryDir dir;
        QByteArray out, err;
        QCOMPARE(runWorkbench({QStringLiteral("--plot-experiment"), dir.path()}, &out, &err), 1);
        QVERIFY2(err.contains(QFile::encodeName(dir.path())) && err.contains("runs"), err.constData());
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("plots"))));
        QCOMPARE(runWorkbench({QStringLiteral("--plot-experiment")}, &out, &err), 2);
    }

    void dialogShowsSummaryMdsNumbersAndEachDatasetsPlots()
    {
        const ExperimentSummary summary = summarizeExperiment(kFixture.toStdString(), "entropy");
        CompareRunsDialog dialog;
        QString error;
        QVERIFY2(dialog.load(kFixture, QStringLiteral("entropy"), &error), qPrintable(error));
        QCOMPARE(dialog.datasetSelector()->count(), 2);
        QCOMPARE(dialog.dataset(), QStringLiteral("mnist"));
        // The broken fixture files are listed above the table.
        QVERIFY(dialog.problemsLabel()->isVisibleTo(&dialog));
        QVERIFY2(dialog.problemsLabel()->text().contains(QStringLiteral("bald")),
                 qPrintable(dialog.problemsLabel()->text()));

        // Every row as summary.md has it, cell for cell.
        const QList<QStringList> md = markdownRows(summary, QStringLiteral("mnist"));
        QTableWidget* table = dialog.table();
        QCOMPARE(table->columnCount(), 10);
        QCOMPARE(table->rowCount(), static_cast<int>(md.size()));
        QVERIFY(table->rowCount() >= 3);
        int row = 0;
        for (const StrategySummary& s : summary.rows) {
            if (s.dataset != "mnist")
                continue;
            QCOMPARE(labelOf(*table, row), QString::fromStdString(s.label));
            QCOMPARE(md[row].size(), 10);
            for (int c = 0; c < table->columnCount(); ++c)
                QCOMPARE(table->item(row, c)->text(), md[row][c]);
            // And the numbers underneath, exactly as core computed them.
            if (s.bestAccuracy.n > 0) {
                QCOMPARE(
                    table->item(row, CompareRunsDialog::BestAccuracy)->data(CompareRunsDialog::ValueRole).toDouble(),
                    s.bestAccuracy.mean);
                QCOMPARE(table->item(row, CompareRunsDialog::AreaUnderCurve)
                             ->data(CompareRunsDialog::ValueRole + 1)
                             .toDouble(),
                         s.areaUnderCurve.sd);
            }
            if (s.aucVsBaseline) {
                const QTableWidgetItem* delta = table->item(row, CompareRunsDialog::AucVsBaseline);
                QCOMPARE(delta->data(CompareRunsDialog::ValueRole).toDouble(), s.aucVsBaseline->meanDifference);
                QVERIFY2(delta->toolTip().contains(QStringLiteral("Best accuracy")), qPrintable(delta->toolTip()));
            }
            ++row;
        }

        // The plots in tabs: the τ* tab kept while the dataset changes.
        QCOMPARE(dialog.plotTabs()->count(), 4);
        dialog.resize(1300, 900);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        saveScreenshot(dialog, QStringLiteral("compare-runs-mnist-accuracy.png"));
        dialog.plotTabs()->setCurrentIndex(1);
        auto* tau = qobject_cast<ComparisonPlot*>(dialog.plotTabs()->currentWidget());
        QVERIFY(tau && tau->title().contains(QStringLiteral("mnist")));
        // Seeds differ between the fixture's strategies: the legend names them ("lada-entmix (3 seeds)").
        QVERIFY2(tau->curveNames().filter(QRegularExpression(QStringLiteral("^lada-entmix \\("))).size() == 1,
                 qPrintable(tau->curveNames().join(QStringLiteral(", "))));
        QVERIFY(tau->curveNames().filter(QRegularExpression(QStringLiteral("^(entropy|random) "))).isEmpty());
        dialog.datasetSelector()->setCurrentText(QStringLiteral("cifar10"));
        QCOMPARE(table->rowCount(), static_cast<int>(markdownRows(summary, QStringLiteral("cifar10")).size()));
        QCOMPARE(labelOf(*table, 0), QStringLiteral("random"));
        QCOMPARE(dialog.plotTabs()->currentIndex(), 1);
        tau = qobject_cast<ComparisonPlot*>(dialog.plotTabs()->currentWidget());
        QVERIFY(tau && tau->title().contains(QStringLiteral("cifar10")) && tau->curveNames().isEmpty());
        dialog.datasetSelector()->setCurrentText(QStringLiteral("mnist"));
        dialog.plotTabs()->setCurrentIndex(3);
        QTest::qWait(100);
        saveScreenshot(dialog, QStringLiteral("compare-runs-mnist-histogram.png"));

        // Another baseline reads the folder again with its paired tests.
        dialog.baselineSelector()->setCurrentText(QStringLiteral("random"));
        QCOMPARE(dialog.summary().baseline, std::string("random"));
        QCOMPARE(dialog.dataset(), QStringLiteral("mnist"));
        for (int r = 0; r < table->rowCount(); ++r) {
            const QTableWidgetItem* delta = table->item(r, CompareRunsDialog::AucVsBaseline);
            if (labelOf(*table, r) == QLatin1String("random"))
                QCOMPARE(delta->toolTip(), QStringLiteral("The baseline"));
            else if (labelOf(*table, r) == QLatin1String("entropy"))
                QVERIFY2(delta->text().contains(QStringLiteral(" ± ")), qPrintable(delta->text()));
        }
        QVERIFY(
            table->horizontalHeaderItem(CompareRunsDialog::AucVsBaseline)->text().contains(QStringLiteral("random")));
    }

    void dialogRefusesAFolderWithoutRuns()
    {
        QTemporaryDir dir;
        CompareRunsDialog dialog;
        QString error;
        QVERIFY(!dialog.load(dir.path(), QStringLiteral("entropy"), &error));
        QVERIFY2(error.contains(QStringLiteral("runs/")) && error.contains(dir.path()), qPrintable(error));
        QCOMPARE(dialog.problemsLabel()->text(), error);
        QCOMPARE(dialog.table()->rowCount(), 0);
        QCOMPARE(dialog.plotTabs()->count(), 0);
    }

    void fileMenuComparesRunsWithAFreeShortcut()
    {
        MainWindow window;
        QAction* compare = nullptr;
        QList<QKeySequence> others;
        for (const auto& [menu, actions] : window.shortcutGroups()) {
            for (QAction* a : actions) {
                if (a->text() == QStringLiteral("&Compare runs…") && menu == QLatin1String("File"))
                    compare = a;
                else
                    others << a->shortcut();
            }
        }
        QVERIFY(compare);
        QCOMPARE(compare->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
        QVERIFY(!others.contains(compare->shortcut()));
        bool listed = false;
        for (const ShortcutRow& r : window.shortcutRows())
            listed = listed || r.command == QLatin1String("Compare runs");
        QVERIFY(listed);

        // A folder without runs/ is refused with a message; an experiment folder opens the dialog.
        QTemporaryDir dir;
        QSignalSpy failures(&window, &MainWindow::failureShown);
        closeNextModal();
        QVERIFY(!window.compareRuns(dir.path()));
        QCOMPARE(failures.count(), 1);
        QVERIFY(failures.first().first().toString().contains(QStringLiteral("runs/")));
        CompareRunsDialog* dialog = window.compareRuns(kFixture);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->dataset(), QStringLiteral("mnist"));
        dialog->close();
    }

private:
    /** `stem`.png is a PNG of twice kExperimentPlotSize, `stem`.pdf a PDF, both non-empty. */
    static void checkPlotFiles(const QString& stem)
    {
        const QImage png(stem + QStringLiteral(".png"));
        QVERIFY2(!png.isNull(), qPrintable(stem));
        QCOMPARE(png.size(), kExperimentPlotSize * 2);
        QFile pdf(stem + QStringLiteral(".pdf"));
        QVERIFY2(pdf.open(QIODevice::ReadOnly), qPrintable(stem));
        QVERIFY(pdf.size() > 1000);
        QVERIFY(pdf.read(5).startsWith("%PDF-"));
    }
};

LADA_TEST_MAIN(TestExperimentPlots)
}  // namespace tst_experiment_plots
#include "tst_experiment_plots.moc"
