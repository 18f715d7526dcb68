// SPDX-License-Identifier: MIT
// Grid files of `lada-cli experiment`: a good grid expanded into its runs, and bad grids refused with
// the file and the line of the problem named.
#include "core/error.h"
#include "core/experiment/experiment_grid.h"
#include "core/experiment/experiment_json_lines.h"
#include "core/experiment/experiment_plan.h"
#include "tests/test_main.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <filesystem>

namespace tst_experiment_grid {

namespace fs = std::filesystem;
using namespace lada;

namespace {

std::string gridFile(const char* name)
{
    return std::string(LADA_TEST_FIXTURE_DIR) + "/experiment-grids/" + name;
}

std::string sampleSplit(const char* split)
{
    return (fs::path(LADA_SOURCE_DIR) / "resources/sample/mnist" / split).lexically_normal().string();
}

bool contains(const std::vector<std::string>& v, const std::string& x)
{
    return std::find(v.begin(), v.end(), x) != v.end();
}

/** The value after `flag` in an argument list, or "" when the flag is not there. */
std::string valueOf(const std::vector<std::string>& args, const std::string& flag)
{
    const auto it = std::find(args.begin(), args.end(), flag);
    return it == args.end() || it + 1 == args.end() ? std::string() : *(it + 1);
}

}  // namespace

class TestExperimentGrid : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void goodGridExpandsIntoRuns()
    {
        const ExperimentGrid grid = readGridFile(gridFile("good.json"));
        QCOMPARE(grid.datasets.size(), size_t(1));
        QCOMPARE(grid.datasets[0].train, sampleSplit("train"));  // relative to the grid file's folder
        QCOMPARE(grid.datasets[0].test, sampleSplit("test"));
        QCOMPARE(grid.preset, std::string("paper"));
        QCOMPARE(grid.baseline.value_or(""), std::string("entropy"));
        QCOMPARE(grid.jobs.value_or(0), 2);
        QCOMPARE(grid.settings.at("threads"), std::string("2"));
        QCOMPARE(grid.settings.at("lr"), std::string("0.0005"));
        QCOMPARE(grid.settings.at("continue-training"), std::string("false"));

        const std::vector<ExperimentRun> runs = gridRuns(grid);
        QCOMPARE(runs.size(), size_t(4));
        // By dataset, then seed, then strategy in the grid's order.
        const std::vector<std::string> names = {"mnist/entropy/seed-1", "mnist/lada-entmix-curve/seed-1",
                                                "mnist/entropy/seed-2", "mnist/lada-entmix-curve/seed-2"};
        for (size_t i = 0; i < runs.size(); ++i)
            QCOMPARE(runs[i].name(), names[i]);
        const ExperimentRun& curve = runs[3];
        QCOMPARE(curve.label, std::string("lada-entmix-curve"));
        QCOMPARE(curve.strategy, std::string("lada-entmix"));
        QCOMPARE(curve.seed, uint64_t(2));
        QCOMPARE(curve.rounds, 3);
        QCOMPARE(curve.folder, std::string("runs/mnist/lada-entmix-curve/seed-2"));
        QCOMPARE(curve.settings.at("policy-objective"), std::string("curve"));
        QCOMPARE(curve.settings.at("tau-max"), std::string("2"));
        QCOMPARE(curve.settings.at("seed"), std::string("2"));
        QCOMPARE(curve.settings.at("model"), std::string("cnn"));
        QVERIFY(curve.settings.count("threads") == 0);             // the experiment's total, divided by the runner
        QVERIFY(runs[0].settings.count("policy-objective") == 0);  // the strategy's own setting only

        const RunSetup setup{"/tmp/exp", "/tmp/exp/cache", 1};
        const std::vector<std::string> args = newRunArguments(curve, setup);
        QCOMPARE(args.front(), std::string("run"));
        QCOMPARE(valueOf(args, "--train"), sampleSplit("train"));
        QCOMPARE(valueOf(args, "--preset"), std::string("paper"));
        QCOMPARE(valueOf(args, "--strategy"), std::string("lada-entmix"));
        QCOMPARE(valueOf(args, "--policy-objective"), std::string("curve"));
        QCOMPARE(valueOf(args, "--threads"), std::string("1"));
        QCOMPARE(valueOf(args, "--session"), std::string("/tmp/exp/runs/mnist/lada-entmix-curve/seed-2/session"));
        QCOMPARE(valueOf(args, "--out"), std::string("/tmp/exp/runs/mnist/lada-entmix-curve/seed-2/result.json"));
        QVERIFY(contains(args, "--continue-training=false"));
        QVERIFY(contains(args, "--quiet"));
    }

    void aDatasetRunsOnlyTheLabelsItNames()
    {
        const std::vector<ExperimentRun> runs = gridRuns(readGridFile(gridFile("dataset-strategies.json")));
        std::vector<std::string> names;
        for (const ExperimentRun& r : runs)
            names.push_back(r.name());
        QCOMPARE(names, (std::vector<std::string>{"mnist/entropy/seed-1", "mnist/lada-entmix-curve/seed-1",
                                                  "small/lada-entmix-curve/seed-1"}));
    }

    void flagsOverrideTheGridAndItsStrategies()
    {
        ExperimentGrid grid = readGridFile(gridFile("good.json"));
        overrideSettings(grid, {{"policy-objective", "exact"}, {"epochs", "2"}});
        const std::vector<ExperimentRun> runs = gridRuns(grid);
        QCOMPARE(runs[1].settings.at("policy-objective"), std::string("exact"));
        QCOMPARE(runs[1].settings.at("tau-max"), std::string("2"));  // not overridden: kept
        QCOMPARE(runs[0].settings.at("epochs"), std::string("2"));
        overrideSettings(grid, {{"epochs", "0"}});
        QVERIFY_THROWS_EXCEPTION(ConfigError, gridRuns(grid));  // the table's range, checked at expansion
    }

    void badGridNamesFileAndLine_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("says");
        QTest::newRow("syntax error") << "syntax-error.json" << 5 << "syntax error";
        QTest::newRow("unknown setting key") << "unknown-setting.json" << 10 << "unknown setting \"tau-mx\"";
        QTest::newRow("bad value") << "bad-value.json" << 7 << "vgg16";
        QTest::newRow("unknown strategy") << "unknown-strategy.json" << 5 << "lada-magic";
        QTest::newRow("duplicate label") << "duplicate-label.json" << 6 << "label \"lada-entmix\" is given twice";
        QTest::newRow("bad label characters") << "bad-label.json" << 5 << "lada/../curve";
        QTest::newRow("unknown member") << "unknown-member.json" << 5 << "unknown member \"seed\"";
        QTest::newRow("missing train") << "missing-train.json" << 3 << "\"train\" is missing";
        QTest::newRow("unknown dataset label")
            << "unknown-dataset-label.json" << 4 << "label \"lada-entmix-cruve\" is not one of the grid's strategies";
    }
    void badGridNamesFileAndLine()
    {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(QString, says);
        const std::string path = gridFile(file.toUtf8().constData());
        try {
            readGridFile(path);
            QFAIL("the grid was accepted");
        } catch (const ConfigError& e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.startsWith(QString::fromStdString(path) + ":" + QString::number(line) + ": "),
                     qPrintable(message));
            QVERIFY2(message.contains(says), qPrintable(message));
        }
    }

    void folderNamesAreChecked()
    {
        checkFolderName("lada-entmix_v2+curve.1", "label");
        for (const char* bad : {"", ".", "..", "a/b", "a b", "é"})
            QVERIFY_THROWS_EXCEPTION(ConfigError, checkFolderName(bad, "label"));
    }

    void memberLinesFollowNesting()
    {
        const std::string text = "{\n  \"a\": [1,\n    {\"b/c\": {\"d\": true}}],\n  \"e\": \"x\\\"y\"\n}\n";
        const std::map<std::string, int> lines = jsonMemberLines(text);
        QCOMPARE(lines.at("/a"), 2);
        QCOMPARE(lines.at("/a/0"), 2);
        QCOMPARE(lines.at("/a/1"), 3);
        QCOMPARE(lines.at("/a/1/b~1c/d"), 3);
        QCOMPARE(lines.at("/e"), 4);
        QCOMPARE(lineOfOffset(text, 0), 1);
        QCOMPARE(lineOfOffset(text, text.find("\"e\"")), 4);
    }
};

LADA_TEST_GUILESS_MAIN(TestExperimentGrid)
}  // namespace tst_experiment_grid
#include "tst_experiment_grid.moc"
