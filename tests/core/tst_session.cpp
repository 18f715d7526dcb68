// SPDX-License-Identifier: MIT
// A session records every answer durably and replays it: labels, skips, undo, history, CSV import.
#include "core/error.h"
#include "core/session/session.h"
#include "core/util/csv.h"
#include "core/util/record_path.h"
#include "tests/qt_std_strings.h"
#include "tests/test_main.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

namespace tst_session {

namespace {

using lada::testing::toStd;

/** One real image copied into a test dataset. */
struct DatasetImage {
    std::string path;  ///< relative to the dataset root
    int classIndex = 0;
};

/**
 * Copies `perClass` MNIST training images of each digit into `root/train/<digit>/`, renaming the first
 * of a few digits to names a CSV must quote (comma, quote, space, non-ASCII letters).
 */
QList<DatasetImage> buildMnistDataset(const QString& root, int perClass)
{
    const QStringList tricky = {QStringLiteral("café,\"q\" 1.png"), QStringLiteral("space name.png"),
                                QStringLiteral("日本 ünï.png")};
    QList<DatasetImage> images;
    for (int digit = 0; digit < 10; ++digit) {
        const QString sourceDir = QStringLiteral(LADA_TEST_DATA_DIR "/mnist-png/train/%1").arg(digit);
        const QStringList files = QDir(sourceDir).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        if (files.size() < perClass) {
            qFatal("missing test images in %s: run the tests through ctest (extract_shared_data)",
                   qPrintable(sourceDir));
        }
        QDir().mkpath(root + QStringLiteral("/train/%1").arg(digit));
        for (int i = 0; i < perClass; ++i) {
            const QString name = (i == 0 && digit < tricky.size()) ? tricky[digit] : files[i];
            const QString rel = QStringLiteral("train/%1/%2").arg(digit).arg(name);
            if (!QFile::copy(sourceDir + QLatin1Char('/') + files[i], root + QLatin1Char('/') + rel)) {
                qFatal("cannot copy test image to %s", qPrintable(rel));
            }
            images.append({toStd(rel), digit});
        }
    }
    return images;
}

lada::SessionInfo mnistInfo(const QString& root)
{
    lada::SessionInfo info;
    info.datasetRoot = toStd(root);
    info.trainSource = toStd(root + QStringLiteral("/train"));
    info.classNames = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    info.config.strategy.kind = lada::StrategyKind::LadaEntMix;
    info.config.budget = 10;
    info.config.seed = 7;
    return info;
}

QString joined(const std::vector<std::string>& lines)
{
    QStringList list;
    for (const auto& line : lines) {
        list.append(QString::fromStdString(line));
    }
    return list.join(QLatin1Char('\n'));
}

int lineCount(const QString& path)
{
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return static_cast<int>(file.readAll().count('\n'));
}

void writeCsv(const QString& path, const std::vector<lada::CsvRow>& rows)
{
    std::ofstream out(QFile::encodeName(path).toStdString(), std::ios::binary);
    for (const auto& row : rows) {
        lada::writeCsvRow(out, row);
    }
}

}  // namespace

class TestSession : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_root;
    QList<DatasetImage> m_images;
    int m_sessionCount = 0;

    QString newSessionDir() { return m_tmp.filePath(QStringLiteral("session-%1").arg(m_sessionCount++)); }

private Q_SLOTS:
    void recordPathsAreSpelledAndReadInOnePlace()
    {
        QCOMPARE(lada::recordPath("train-images-idx3-ubyte.gz", 59999),
                 std::string("train-images-idx3-ubyte.gz#59999"));
        const auto r = lada::parseRecordPath("data_batch_1.bin#17");
        QVERIFY(r && r->file == "data_batch_1.bin" && r->index == 17);
        for (const char* plain : {"3/17.png", "a#1.png", "x#", "#5", "x#-1", "x#+1", "x#1a"})
            QVERIFY2(!lada::parseRecordPath(plain), plain);
    }

    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_root = m_tmp.filePath(QStringLiteral("mnist"));
        m_images = buildMnistDataset(m_root, 3);
    }

    void createWritesTheSessionFolder()
    {
        const QString dir = newSessionDir();
        const lada::Session session = lada::Session::create(toStd(dir), mnistInfo(m_root));
        for (const char* file : {"session.json", "labels.jsonl", "history.jsonl"}) {
            QVERIFY2(QFile::exists(dir + QLatin1Char('/') + QLatin1String(file)), file);
        }
        QFile json(dir + QStringLiteral("/session.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(doc.value(QStringLiteral("datasetRoot")).toString(), QDir::cleanPath(m_root));
        QCOMPARE(doc.value(QStringLiteral("classNames")).toArray().size(), 10);
        const QJsonObject config = doc.value(QStringLiteral("config")).toObject();
        QCOMPARE(config.value(QStringLiteral("strategy")).toString(), QStringLiteral("lada-entmix"));
        QCOMPARE(config.value(QStringLiteral("budget")).toInt(), 10);
        QCOMPARE(config.value(QStringLiteral("seed")).toInt(), 7);
        QCOMPARE(doc.value(QStringLiteral("version")).toInt(), 2);
        // ISO 8601 UTC with milliseconds.
        QVERIFY(QRegularExpression(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"))
                    .match(doc.value(QStringLiteral("created")).toString())
                    .hasMatch());
        QCOMPARE(QString::fromStdString(session.checkpointPath()), dir + QStringLiteral("/model.pt"));
    }

    void createRefusesNonEmptyFolder()
    {
        const QString dir = newSessionDir();
        QDir().mkpath(dir);
        QFile keep(dir + QStringLiteral("/notes.txt"));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("mine");
        keep.close();
        QVERIFY_THROWS_EXCEPTION(lada::ConfigError, lada::Session::create(toStd(dir), mnistInfo(m_root)));
        QCOMPARE(QDir(dir).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden),
                 QStringList{QStringLiteral("notes.txt")});
    }

    void createRefusesBadClassLists()
    {
        lada::SessionInfo info = mnistInfo(m_root);
        info.classNames = {"cat", "dog", "cat"};
        QVERIFY_THROWS_EXCEPTION(lada::ConfigError, lada::Session::create(toStd(newSessionDir()), info));
        info.classNames.clear();
        QVERIFY_THROWS_EXCEPTION(lada::ConfigError, lada::Session::create(toStd(newSessionDir()), info));
    }

    void answersSurviveReopening()
    {
        const QString dir = newSessionDir();
        std::vector<lada::Answer> given;
        {
            lada::Session session = lada::Session::create(toStd(dir), mnistInfo(m_root));
            for (int i = 0; i < m_images.size(); ++i) {
                const auto& image = m_images[i];
                given.push_back(i % 7 == 3 ? session.recordSkip(image.path, i / 10)
                                           : session.recordLabel(image.path, image.classIndex, i / 10));
            }
        }
        const lada::Session reopened = lada::Session::open(toStd(dir));
        QVERIFY2(reopened.warnings().empty(), qPrintable(joined(reopened.warnings())));
        const auto answers = reopened.answers();
        QCOMPARE(answers.size(), given.size());
        for (std::size_t i = 0; i < given.size(); ++i) {
            QCOMPARE(answers[i].path, given[i].path);
            QCOMPARE(answers[i].label, given[i].label);
            QCOMPARE(answers[i].classIndex, given[i].classIndex);
            QCOMPARE(answers[i].skipped, given[i].skipped);
            QCOMPARE(answers[i].round, given[i].round);
            QCOMPARE(answers[i].time, given[i].time);
        }
        QCOMPARE(reopened.labels().size() + reopened.skipped().size(), given.size());
        QCOMPARE(reopened.labels().at(m_images[0].path), 0);
        QVERIFY(reopened.skipped().count(m_images[3].path) == 1);
        QVERIFY(reopened.isAnswered(m_images[3].path));
        QCOMPARE(lineCount(dir + QStringLiteral("/labels.jsonl")), m_images.size());
    }

    void latestAnswerForAnImageWins()
    {
        lada::Session session = lada::Session::create(toStd(newSessionDir()), mnistInfo(m_root));
        const std::string path = m_images[5].path;
        session.recordLabel(path, 1, 0);
        session.recordSkip(path, 1);
        session.recordLabel(path, 4, 2);
        QCOMPARE(session.labels().at(path), 4);
        QVERIFY(session.skipped().empty());
        QCOMPARE(session.answers().size(), std::size_t(3));
        QCOMPARE(session.currentAnswers().size(), std::size_t(1));
    }

    void undoTakesBackTheLatestAnswer()
    {
        const QString dir = newSessionDir();
        const std::string a = m_images[0].path;
        const std::string b = m_images[4].path;
        {
            lada::Session session = lada::Session::create(toStd(dir), mnistInfo(m_root));
            session.recordLabel(a, 0, 0);
            session.recordLabel(b, 1, 0);
            session.recordLabel(a, 2, 1);  // a relabel
            const auto undone = session.undo();
            QVERIFY(undone.has_value());
            QCOMPARE(undone->path, a);
            QCOMPARE(undone->classIndex, 2);
            QVERIFY(undone->retracted);
            QCOMPARE(session.labels().at(a), 0);  // the earlier answer is current again
        }
        lada::Session session = lada::Session::open(toStd(dir));
        QCOMPARE(session.labels().at(a), 0);
        QCOMPARE(session.labels().at(b), 1);
        QCOMPARE(session.answers().size(), std::size_t(2));
        QCOMPARE(session.allAnswers().size(), std::size_t(3));
        QCOMPARE(session.undo()->path, b);
        QCOMPARE(session.undo()->path, a);
        QVERIFY(!session.undo().has_value());
        QVERIFY(session.labels().empty());
        QVERIFY(!session.isAnswered(a));
        // Undo appends; it never rewrites a line.
        QCOMPARE(lineCount(QString::fromStdString(session.journalPath())), 6);
    }

    void historyIsAppendedAndReplayed()
    {
        const QString dir = newSessionDir();
        std::vector<std::string> rounds;
        {
            lada::Session session = lada::Session::create(toStd(dir), mnistInfo(m_root));
            for (int round = 0; round < 3; ++round) {
                const std::string record = "{\"round\": " + std::to_string(round) + ", \"accuracy\": 0." +
                                           std::to_string(5 + round) +
                                           ", \"labeled\": " + std::to_string(10 * (round + 1)) + "}";
                session.appendRoundHistory(record);
                rounds.push_back(session.history().back());
            }
            QVERIFY_THROWS_EXCEPTION(lada::ConfigError, session.appendRoundHistory("[1, 2]"));
            QVERIFY_THROWS_EXCEPTION(lada::ConfigError, session.appendRoundHistory("{\"round\": "));
        }
        const lada::Session session = lada::Session::open(toStd(dir));
        QCOMPARE(session.history(), rounds);
        const QJsonObject last = QJsonDocument::fromJson(QByteArray::fromStdString(rounds.back())).object();
        QCOMPARE(last.value(QStringLiteral("labeled")).toInt(), 30);
    }

    void pathsAreStoredRelativeToTheRoot()
    {
        lada::Session session = lada::Session::create(toStd(newSessionDir()), mnistInfo(m_root));
        const std::string rel = m_images[1].path;
        QCOMPARE(session.recordLabel(toStd(m_root) + "/" + rel, 0, 0).path, rel);
        QCOMPARE(session.recordLabel("./" + rel, 0, 0).path, rel);
        QVERIFY_THROWS_EXCEPTION(lada::ConfigError, session.recordLabel("../elsewhere.png", 0, 0));
        QVERIFY_THROWS_EXCEPTION(lada::ConfigError, session.recordLabel("/etc/passwd", 0, 0));
        QVERIFY_THROWS_EXCEPTION(lada::ConfigError, session.recordLabel("", 0, 0));
        QVERIFY_THROWS_EXCEPTION(lada::ConfigError, session.recordLabel(rel, 10, 0));
        QVERIFY_THROWS_EXCEPTION(lada::ConfigError, session.recordLabel(rel, -1, 0));
        QCOMPARE(session.answers().size(), std::size_t(2));
    }

    void secondWriterIsRefusedButReadersAreNot()
    {
        const QString dir = newSessionDir();
        lada::Session writer = lada::Session::create(toStd(dir), mnistInfo(m_root));
        writer.recordLabel(m_images[0].path, 0, 0);
        QVERIFY_THROWS_EXCEPTION(lada::Error, lada::Session::open(toStd(dir)));
        lada::Session reader = lada::Session::open(toStd(dir), lada::Session::Mode::ReadOnly);
        QVERIFY(reader.isReadOnly());
        QCOMPARE(reader.labels().size(), std::size_t(1));
        QVERIFY_THROWS_EXCEPTION(lada::Error, reader.recordLabel(m_images[1].path, 0, 0));
        QVERIFY_THROWS_EXCEPTION(lada::Error, reader.undo());
    }

    void importsLabelsFromCsv()
    {
        const QString dir = newSessionDir();
        // Paths relative to the dataset root (our own export), and relative to the CSV's folder.
        const QString rootCsv = m_tmp.filePath(QStringLiteral("root-relative.csv"));
        writeCsv(rootCsv, {{"filepath", "label"}, {m_images[0].path, "0"}, {m_images[3].path, "1"}});
        const QString besideCsv = m_root + QStringLiteral("/train/beside.csv");
        const std::string besideRel = m_images[6].path.substr(std::string("train/").size());
        writeCsv(besideCsv, {{"filepath", "label"}, {besideRel, "2"}});
        {
            lada::Session session = lada::Session::create(toStd(dir), mnistInfo(m_root));
            const auto first = session.importLabelsCsv(toStd(rootCsv));
            QCOMPARE(first.imported, int64_t(2));
            QVERIFY(first.rejected.empty());
            const auto second = session.importLabelsCsv(toStd(besideCsv));
            QCOMPARE(second.imported, int64_t(1));
            QFile::remove(besideCsv);
        }
        const lada::Session session = lada::Session::open(toStd(dir));
        const auto labels = session.labels();
        QCOMPARE(labels.size(), std::size_t(3));
        QCOMPARE(labels.at(m_images[0].path), 0);  // "café,\"q\" 1.png" came through the quoting intact
        QCOMPARE(labels.at(m_images[3].path), 1);
        QCOMPARE(labels.at(m_images[6].path), 2);
        for (const auto& answer : session.answers()) {
            QCOMPARE(answer.round, lada::kImportRound);
        }
    }

    void importReportsBadRowsAndKeepsGoodOnes()
    {
        const QString csv = m_tmp.filePath(QStringLiteral("mixed.csv"));
        writeCsv(csv, {{"filepath", "label"},
                       {m_images[0].path, "0"},
                       {m_images[1].path, "cat"},           // not a class
                       {"train/0/no-such-image.png", "0"},  // missing file
                       {m_images[2].path},                  // one field
                       {"../outside.png", "0"},             // outside the root
                       {m_images[4].path, "1"}});
        QFile outside(m_tmp.filePath(QStringLiteral("outside.png")));
        QVERIFY(outside.open(QIODevice::WriteOnly));
        outside.close();
        lada::Session session = lada::Session::create(toStd(newSessionDir()), mnistInfo(m_root));
        const auto report = session.importLabelsCsv(toStd(csv));
        QCOMPARE(report.imported, int64_t(2));
        QCOMPARE(report.rejected.size(), std::size_t(4));
        QCOMPARE(report.rejected[0].row, int64_t(3));
        QVERIFY(QString::fromStdString(report.rejected[0].reason).contains(QStringLiteral("\"cat\" is not a class")));
        QCOMPARE(report.rejected[1].row, int64_t(4));
        QVERIFY(QString::fromStdString(report.rejected[1].reason).contains(QStringLiteral("not found")));
        QCOMPARE(report.rejected[2].row, int64_t(5));
        QCOMPARE(report.rejected[3].row, int64_t(6));
        QCOMPARE(session.labels().size(), std::size_t(2));
        QCOMPARE(lineCount(QString::fromStdString(session.journalPath())), 2);
    }

    void importRefusesAFileWithoutTheHeader()
    {
        const QString csv = m_tmp.filePath(QStringLiteral("headerless.csv"));
        writeCsv(csv, {{m_images[0].path, "0"}});
        lada::Session session = lada::Session::create(toStd(newSessionDir()), mnistInfo(m_root));
        try {
            session.importLabelsCsv(toStd(csv));
            QFAIL("a CSV without header was imported");
        } catch (const lada::DataError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("filepath,label")), e.what());
        }
        QVERIFY(session.answers().empty());
    }
};

LADA_TEST_GUILESS_MAIN(TestSession)
}  // namespace tst_session
#include "tst_session.moc"
