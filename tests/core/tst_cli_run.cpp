// SPDX-License-Identifier: MIT
// End-to-end: the real lada-cli binary on the real MNIST archive, and on a folder of MNIST digits with
// entries that cannot be listed.
#include "tests/test_main.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <set>

namespace tst_cli_run {

namespace {

struct CliResult {
    int exitCode = -1;
    QString out, err;
};

CliResult runCli(const QStringList& args, int timeoutMs = 600000)
{
    QProcess p;
    p.start(QStringLiteral(LADA_CLI_PATH), args);
    CliResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

const QString kMnist = QStringLiteral(LADA_TEST_DATA_DIR "/mnist-png");
const QString kCache = QStringLiteral(LADA_TEST_DATA_DIR "/cli-cache");
// The first 200 test images of each digit: accuracy after every round is measured on 2,000 images, not
// 10,000 (a sanitized lada-cli spent three quarters of these runs evaluating; the check is > 20 %).
const QString kTest2000 = QStringLiteral(LADA_TEST_DATA_DIR "/mnist-png-test-2000");

/** Makes kTest2000 once (built aside, then renamed into place); false with a message when it cannot. */
bool makeTestSubset(QString* error)
{
    namespace fs = std::filesystem;
    const fs::path target = kTest2000.toStdString();
    if (fs::is_directory(target))
        return true;
    QTemporaryDir staging(QStringLiteral(LADA_TEST_DATA_DIR "/.test-2000-XXXXXX"));
    std::error_code ec;
    for (int digit = 0; digit < 10; ++digit) {
        const QString from = kMnist + "/test/" + QString::number(digit);
        const QStringList names = QDir(from).entryList({"*.png"}, QDir::Files, QDir::Name).mid(0, 200);
        const fs::path to = fs::path(staging.path().toStdString()) / std::to_string(digit);
        fs::create_directories(to, ec);
        for (const QString& name : names)
            if (!ec)
                fs::copy_file((from + "/" + name).toStdString(), to / name.toStdString(), ec);
        if (ec || names.size() != 200) {
            *error =
                from + ": " + QString::fromStdString(ec.message()) + ", " + QString::number(names.size()) + " images";
            return false;
        }
    }
    fs::rename(staging.path().toStdString(), target, ec);  // fails when another process won: fine
    return fs::is_directory(target);
}

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

}  // namespace

class TestCliRun : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(makeTestSubset(&error), qPrintable(error));
    }
    void threeRoundsOnMnistWriteJsonAndCsv_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::newRow("entropy") << "entropy";
        QTest::newRow("lada-entmix") << "lada-entmix";
        for (const char* s : {"coreset", "badge", "alfa-mix", "cal"})
            QTest::newRow(s) << s;
    }
    void threeRoundsOnMnistWriteJsonAndCsv()
    {
        QFETCH(QString, strategy);
        QTemporaryDir dir;
        const QString out = dir.filePath("run.json");
        const CliResult r = runCli({"run",
                                    "--train",
                                    kMnist + "/train",
                                    "--test",
                                    kTest2000,
                                    "--strategy",
                                    strategy,
                                    "--model",
                                    "cnn",
                                    "--rounds",
                                    "3",
                                    "--budget",
                                    "10",
                                    "--initial",
                                    "20",
                                    "--epochs",
                                    "10",
                                    "--pool-subset",
                                    "400",
                                    "--policy-epochs",
                                    "3",
                                    "--seed",
                                    "1",
                                    "--threads",
                                    "2",
                                    "--cache-dir",
                                    kCache,
                                    "--out",
                                    out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("area under curve"));

        const QJsonObject doc = readJson(out);
        QCOMPARE(doc["config"].toObject()["strategy"].toString(), strategy);
        QCOMPARE(doc["data"].toObject()["train_images"].toInt(), 60000);
        const QJsonArray rounds = doc["rounds"].toArray();
        QCOMPARE(rounds.size(), 4);
        std::set<int> queried;
        for (int j = 0; j < 4; ++j) {
            const QJsonObject round = rounds[j].toObject();
            QCOMPARE(round["round"].toInt(), j);
            QCOMPARE(round["labeled"].toInt(), 20 + 10 * j);
            const double acc = round["test_accuracy"].toDouble();
            QVERIFY2(acc > 0.2 && acc <= 1.0, qPrintable(QString::number(acc)));  // chance is 0.1
            for (const QJsonValue q : round["queries"].toArray())
                for (const QJsonValue i : q.toObject()["pool_indices"].toArray())
                    QVERIFY(queried.insert(i.toInt()).second);
            if (j > 0 && strategy == "alfa-mix") {
                QVERIFY(round["alfa_mix_candidates"].toInt() >= 0);
                for (const QJsonValue q : round["queries"].toArray())
                    QVERIFY(q.toObject()["alfa_mix"].toObject().contains("flip_classes"));
            }
            if (j > 0 && strategy == "cal")
                QCOMPARE(round["virtual_pairs"].toArray().size(), 5);  // mixup after the acquisition
            if (j > 0 && strategy == "lada-entmix") {
                QCOMPARE(round["queries"].toArray().size(), 5);
                QCOMPARE(round["tau_all"].toArray().size(), 200);
                QCOMPARE(round["policy_loss"].toArray().size(), 3);
                QVERIFY(round["seconds"].toObject().contains("policy_training"));
            }
        }
        QCOMPARE(int(queried.size()), 30);
        const QJsonObject summary = doc["summary"].toObject();
        QVERIFY(summary["best_accuracy"].toDouble() >= summary["final_accuracy"].toDouble());

        QFile csv(dir.filePath("run.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        QVERIFY(lines[0].startsWith("round,labeled,test_accuracy"));
        QVERIFY(lines[4].startsWith("3,50,"));  // line 0 is the header
    }
    void aPresetFillsInTheSettingsAndFlagsOverrideIt()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("fast.json");
        const CliResult r = runCli({"run",
                                    "--train",
                                    kMnist + "/train",
                                    "--test",
                                    kTest2000,
                                    "--strategy",
                                    "lada-entmix",
                                    "--preset",
                                    "cpu-fast",
                                    "--pool-subset",
                                    "300",
                                    "--rounds",
                                    "1",
                                    "--seed",
                                    "2",
                                    "--threads",
                                    "2",
                                    "--cache-dir",
                                    kCache,
                                    "--out",
                                    out,
                                    "--quiet"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject config = readJson(out)["config"].toObject();
        QCOMPARE(config["pool-subset"].toInt(), 300);  // the flag wins over the preset's 1,000
        QCOMPARE(config["epochs"].toInt(), 30);
        QCOMPARE(config["batch-size"].toInt(), 32);
        QCOMPARE(config["policy-epochs"].toInt(), 3);
        QCOMPARE(config["policy-objective"].toString(), QStringLiteral("curve"));
        QCOMPARE(config["curve-points"].toInt(), 7);
        const QJsonObject round1 = readJson(out)["rounds"].toArray()[1].toObject();
        QCOMPARE(round1["policy_loss"].toArray().size(), 3);
        QCOMPARE(round1["tau_all"].toArray().size(), 150);  // 300 candidates -> 150 pairs
    }

    void unreadableEntriesAreSkippedAndNamedInTheLoadSummary()
    {
        // 20 digits each of 3 and 7 from the MNIST test split, plus four entries no one can read.
        namespace fs = std::filesystem;
        QTemporaryDir dir;
        const fs::path root = fs::path(dir.path().toStdString()) / "split";
        for (const QString& digit : QStringList{"3", "7"}) {
            fs::create_directories(root / digit.toStdString());
            const QStringList names = QDir(kMnist + "/test/" + digit).entryList({"*.png"}, QDir::Files, QDir::Name);
            QVERIFY(names.size() >= 20);
            for (const QString& name : names.mid(0, 20))
                fs::copy_file((kMnist + "/test/" + digit + "/" + name).toStdString(),
                              root / digit.toStdString() / name.toStdString());
        }
        // A good digit under a name that is not UTF-8.
        fs::copy_file(fs::directory_iterator(root / "7")->path(), root / "7" / "\xff\xfe.png");
        fs::create_symlink("loop.png", root / "3" / "loop.png");
        fs::create_directory_symlink("..", root / "3" / "up");
        fs::create_symlink("nowhere.png", root / "7" / "dangling.png");
        // QTemporaryDir cannot remove what it cannot name (names that are not UTF-8).
        const auto remove = qScopeGuard([&] { fs::remove_all(root); });

        const QString out = dir.filePath("run.json");
        const CliResult r = runCli({"run",
                                    "--train",
                                    QString::fromStdString(root.string()),
                                    "--strategy",
                                    "entropy",
                                    "--model",
                                    "cnn",
                                    "--rounds",
                                    "1",
                                    "--budget",
                                    "4",
                                    "--initial",
                                    "10",
                                    "--epochs",
                                    "2",
                                    "--seed",
                                    "1",
                                    "--threads",
                                    "2",
                                    "--out",
                                    out,
                                    "--session",
                                    dir.filePath("session")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("loaded 40 images from"), qPrintable(r.err));
        QVERIFY2(r.err.contains("skipped 4 files:"), qPrintable(r.err));
        for (const char* line :
             {"\"3/loop.png\": cannot follow the link: Too many levels of symbolic links",
              "\"3/up\": link to a folder (not followed)", "\"7/\\xFF\\xFE.png\": file name is not valid UTF-8",
              "\"7/dangling.png\": broken link to \"nowhere.png\""})
            QVERIFY2(r.err.contains(QString::fromUtf8(line)), qPrintable(line + ("\nnot in:\n" + r.err)));
        const QJsonObject data = readJson(out)["data"].toObject();
        QCOMPARE(data["train_images"].toInt(), 40);
        QCOMPARE(data["train_skipped"].toInt(), 4);
        QCOMPARE(readJson(out)["rounds"].toArray().size(), 2);
    }

    void unreadableTrainFolderIsAClearError()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath("split");
        std::filesystem::create_symlink("split", root.toStdString());  // a link to itself
        const CliResult r = runCli({"run", "--train", root, "--quiet"});
        QVERIFY(r.exitCode > 0);
        QVERIFY2(r.err.contains("\"" + root + "\": Too many levels of symbolic links"), qPrintable(r.err));
    }

    void unusableInputExitsNonZeroWithAClearMessage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing folder") << QStringList{"run", "--train", "/no/such/folder"} << "/no/such/folder";
        QTest::newRow("unknown strategy")
            << QStringList{"run", "--train", kMnist + "/test", "--strategy", "magic"} << "magic";
        QTest::newRow("budget exceeds pool")
            << QStringList{"run", "--train", QStringLiteral(LADA_SOURCE_DIR "/resources/sample/mnist/train"),
                           "--rounds", "1000"}
            << "exceed the pool";
    }
    void unusableInputExitsNonZeroWithAClearMessage()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliResult r = runCli(args << "--quiet");
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

LADA_TEST_GUILESS_MAIN(TestCliRun)
}  // namespace tst_cli_run
#include "tst_cli_run.moc"
