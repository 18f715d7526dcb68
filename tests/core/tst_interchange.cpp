// SPDX-License-Identifier: MIT
// Talking to other tools: Label Studio's exports (JSON, JSON-MIN, CSV fixtures in tests/data/labelstudio,
// written as Label Studio writes them, for images of the bundled MNIST sample) imported into a session,
// round trips through the real lada-cli (Label Studio tasks, JSON Lines), and the CSV export read by
// `lada-cli run --train` as a manifest.
#include "core/error.h"
#include "core/session/exporter.h"
#include "core/session/label_studio.h"
#include "core/session/session.h"
#include "core/util/csv.h"
#include "tests/qt_std_strings.h"
#include "tests/test_main.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <map>
#include <set>

namespace tst_interchange {

namespace {

using lada::testing::toStd;

const QString kSample = QStringLiteral(LADA_SOURCE_DIR "/resources/sample/mnist");
const QString kFixtures = QStringLiteral(LADA_TEST_FIXTURE_DIR "/labelstudio");

struct CliResult {
    int exitCode = -1;
    QByteArray out, err;
};

CliResult runCli(const QStringList& args)
{
    QProcess process;
    process.start(QStringLiteral(LADA_CLI_PATH), args);
    CliResult r;
    if (!process.waitForFinished(600000)) {
        process.kill();
        r.err = "timed out";
        return r;
    }
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    r.out = process.readAllStandardOutput();
    r.err = process.readAllStandardError();
    return r;
}

lada::SessionInfo mnistInfo(const QString& root)
{
    lada::SessionInfo info;
    info.datasetRoot = toStd(root);
    info.trainSource = toStd(root + QStringLiteral("/train"));
    for (int c = 0; c < 10; ++c) {
        info.classNames.push_back(std::to_string(c));
    }
    return info;
}

/** The journal's records as JSON objects, one per line. */
QList<QJsonObject> journal(const lada::Session& session)
{
    QFile file(QString::fromStdString(session.journalPath()));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    QList<QJsonObject> records;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (!line.trimmed().isEmpty()) {
            records.append(QJsonDocument::fromJson(line).object());
        }
    }
    return records;
}

/** The journal as path -> label, checking that every record is an imported label. */
std::map<std::string, std::string> importedLabels(const lada::Session& session)
{
    std::map<std::string, std::string> labels;
    for (const QJsonObject& record : journal(session)) {
        if (record.value(QStringLiteral("round")).toInt() != lada::kImportRound) {
            qWarning("a journal record is not of the import round");
            return {};
        }
        labels[toStd(record.value(QStringLiteral("path")).toString())] =
            toStd(record.value(QStringLiteral("label")).toString());
    }
    return labels;
}

/** The first `perClass` images of each class of the sample's train split, relative to the sample root. */
std::vector<std::pair<std::string, int>> sampleImages(int perClass)
{
    std::vector<std::pair<std::string, int>> images;
    for (int c = 0; c < 10; ++c) {
        const QDir dir(kSample + QStringLiteral("/train/%1").arg(c));
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        for (int i = 0; i < perClass && i < files.size(); ++i) {
            images.emplace_back(toStd(QStringLiteral("train/%1/%2").arg(c).arg(files[i])), c);
        }
    }
    return images;
}

bool rejectedAs(const lada::ImportReport& report, int64_t row, const QString& part)
{
    for (const auto& rejected : report.rejected) {
        if (rejected.row == row && QString::fromStdString(rejected.reason).contains(part)) {
            return true;
        }
    }
    return false;
}

}  // namespace

class TestInterchange : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    int m_count = 0;
    QString m_labeledSession;  // the sample with 30 labels and 2 skips

    QString newPath(const QString& name) { return m_tmp.filePath(QStringLiteral("%1-%2").arg(m_count++).arg(name)); }

    lada::Session freshSession()
    {
        return lada::Session::create(toStd(newPath(QStringLiteral("session"))), mnistInfo(kSample));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFileInfo(QStringLiteral(LADA_CLI_PATH)).isExecutable(), "lada-cli is not built");
        m_labeledSession = m_tmp.filePath(QStringLiteral("labeled-session"));
        lada::Session session = lada::Session::create(toStd(m_labeledSession), mnistInfo(kSample));
        const auto images = sampleImages(4);
        for (std::size_t i = 0; i < images.size(); ++i) {
            if (i % 13 == 5) {
                session.recordSkip(images[i].first, 1);
            } else {
                session.recordLabel(images[i].first, images[i].second, static_cast<int>(i / 10));
            }
        }
        QCOMPARE(session.labels().size(), std::size_t(37));
        QCOMPARE(session.skipped().size(), std::size_t(3));
    }

    void versionIsPrinted()
    {
        const CliResult r = runCli({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QByteArray("lada-cli 0.1.0"));
    }

    void importsLabelStudioJson()
    {
        lada::Session session = freshSession();
        const lada::ImportReport report = session.importLabels(toStd(kFixtures + QStringLiteral("/export.json")));
        QCOMPARE(QString::fromStdString(report.format), QStringLiteral("labelstudio-json"));
        QCOMPARE(report.imported, int64_t(3));
        QCOMPARE(report.rejected.size(), std::size_t(3));
        QVERIFY(rejectedAs(report, 3,
                           QStringLiteral("task 3 (id 3): image \"/data/local-files/?d=mnist/train/9/"
                                          "not-in-the-dataset.png\" not found")));
        QVERIFY(rejectedAs(report, 4, QStringLiteral("task 4 (id 4): label \"cat\" is not a class")));
        QVERIFY(rejectedAs(report, 5, QStringLiteral("no annotation")));
        // Task 1: the cancelled annotation ("5") is ignored; task 2: the later annotation ("7") wins over
        // the older one listed after it; task 6: a percent-encoded local-file path.
        const std::map<std::string, std::string> expected = {
            {"train/3/10.png", "3"}, {"train/7/10002.png", "7"}, {"test/0/60003.png", "0"}};
        QCOMPARE(importedLabels(session), expected);
        QCOMPARE(session.labels().at("train/7/10002.png"), 7);
    }

    void importsLabelStudioJsonMin()
    {
        lada::Session session = freshSession();
        const lada::ImportReport report = session.importLabels(toStd(kFixtures + QStringLiteral("/export-min.json")),
                                                               lada::LabelFileFormat::LabelStudio);
        QCOMPARE(QString::fromStdString(report.format), QStringLiteral("labelstudio-json-min"));
        QCOMPARE(report.imported, int64_t(2));
        QCOMPARE(report.rejected.size(), std::size_t(2));
        QVERIFY(rejectedAs(report, 3, QStringLiteral("missing-image.png\" not found")));
        QVERIFY(rejectedAs(report, 4, QStringLiteral("label \"dog\" is not a class")));
        const std::map<std::string, std::string> expected = {{"train/1/10006.png", "1"}, {"train/2/10009.png", "2"}};
        QCOMPARE(importedLabels(session), expected);
    }

    void importsLabelStudioCsvThroughTheCsvEntryPoint()
    {
        // The workbench's File > Import labels calls importLabelsCsv: it detects the format too.
        lada::Session session = freshSession();
        const lada::ImportReport report = session.importLabelsCsv(toStd(kFixtures + QStringLiteral("/export.csv")));
        QCOMPARE(QString::fromStdString(report.format), QStringLiteral("labelstudio-csv"));
        QCOMPARE(report.imported, int64_t(2));
        QCOMPARE(report.rejected.size(), std::size_t(2));
        QVERIFY(rejectedAs(report, 4, QStringLiteral("no-such-digit.png\" not found")));
        QVERIFY(rejectedAs(report, 5, QStringLiteral("label \"bird\" is not a class")));
        const std::map<std::string, std::string> expected = {{"train/6/10017.png", "6"}, {"train/9/10003.png", "9"}};
        QCOMPARE(importedLabels(session), expected);
    }

    void brokenFilesAreRefusedWithNothingRecorded()
    {
        const QString broken = newPath(QStringLiteral("broken.json"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[{\"data\": {\"image\": \"/data/local-files/?d=train/3/10.png\"}, \"annotations\": [");
        file.close();
        const QString headerless = newPath(QStringLiteral("headerless.csv"));
        QFile csv(headerless);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("train/3/10.png,3\n");
        csv.close();
        lada::Session session = freshSession();
        for (const QString& path : {broken, headerless}) {
            try {
                session.importLabels(toStd(path));
                QFAIL("a broken labels file was imported");
            } catch (const lada::DataError& e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains(path), e.what());
            }
        }
        QVERIFY(journal(session).isEmpty());
        QVERIFY(session.answers().empty());
    }

    void oddValuesAreReportedPerTask()
    {
        // Valid JSON with the wrong types where Label Studio puts its fields: every task is reported, none
        // is recorded, nothing throws.
        const QString odd = newPath(QStringLiteral("odd.json"));
        QFile file(odd);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"([{"data": {"image": 5}, "annotations": "x"},
            {"id": 2, "data": {"image": "/data/local-files/?d=train/3/10.png"},
             "annotations": [{"was_cancelled": null, "updated_at": 3,
                              "result": [{"type": 3, "value": 1}, {"type": "choices", "value": {"choices": [7]}}]}]},
            {"id": 3, "data": {"image": "/data/local-files/?d=train/3/10.png"},
             "annotations": [{"result": [{"type": "choices", "value": {"choices": ["3", "5"]}}]}]},
            17,
            {"id": 5, "data": {"image": "/data/local-files/?d=train/3/10.png"},
             "annotations": [{"result": [{"type": "choices", "value": {"choices": [""]}}]}]}])");
        file.close();
        lada::Session session = freshSession();
        const lada::ImportReport report = session.importLabels(toStd(odd));
        QCOMPARE(report.imported, int64_t(0));
        QCOMPARE(report.rejected.size(), std::size_t(5));
        QVERIFY(rejectedAs(report, 1, QStringLiteral("no image")));
        QVERIFY(rejectedAs(report, 2, QStringLiteral("task 2 (id 2): the choice is not text")));
        QVERIFY(rejectedAs(report, 3, QStringLiteral("several choices")));
        QVERIFY(rejectedAs(report, 4, QStringLiteral("not a task")));
        QVERIFY(rejectedAs(report, 5, QStringLiteral("an empty choice")));  // was recorded as the class ""
        QVERIFY(journal(session).isEmpty());
    }

    void anEmptyJsonLinesLabelIsRefused()
    {
        // Found by fuzz_label_file (issue 14): "label": "" was recorded as the class "".
        const QString file = newPath(QStringLiteral("empty-label.jsonl"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"path\": \"3/10.png\", \"label\": \"\"}\n{\"path\": \"3/10.png\", \"label\": \"3\"}\n");
        f.close();
        lada::Session session = freshSession();
        const lada::ImportReport report = session.importLabels(toStd(file));
        QVERIFY(rejectedAs(report, 1, QStringLiteral("an empty \"label\"")));
        QVERIFY(!rejectedAs(report, 2, QStringLiteral("empty")));
    }

    void labelStudioRoundTripThroughTheCommandLine_data()
    {
        QTest::addColumn<QStringList>("imageOptions");
        QTest::newRow("local files") << QStringList{};
        QTest::newRow("local files, document root above")
            << QStringList{QStringLiteral("--document-root"), QFileInfo(kSample).absolutePath()};
        QTest::newRow("url prefix") << QStringList{QStringLiteral("--image-prefix"),
                                                   QStringLiteral("https://example.org/data/mnist/")};
    }

    void labelStudioRoundTripThroughTheCommandLine()
    {
        QFETCH(QStringList, imageOptions);
        const QString tasks = newPath(QStringLiteral("tasks.json"));
        CliResult r = runCli(QStringList{QStringLiteral("export"), QStringLiteral("--session"), m_labeledSession,
                                         QStringLiteral("--format"), QStringLiteral("labelstudio"),
                                         QStringLiteral("--out"), tasks} +
                             imageOptions);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("exported 37 labeled images (3 skipped) to "), r.out.constData());

        QFile file(tasks);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
        QCOMPARE(array.size(), 37);
        const QJsonObject first = array.first().toObject();
        const QJsonObject result = first[QStringLiteral("annotations")]
                                       .toArray()
                                       .first()
                                       .toObject()[QStringLiteral("result")]
                                       .toArray()
                                       .first()
                                       .toObject();
        QCOMPARE(result[QStringLiteral("from_name")].toString(), QStringLiteral("choice"));
        QCOMPARE(result[QStringLiteral("to_name")].toString(), QStringLiteral("image"));
        QCOMPARE(result[QStringLiteral("type")].toString(), QStringLiteral("choices"));
        QCOMPARE(result[QStringLiteral("value")].toObject()[QStringLiteral("choices")].toArray().size(), 1);
        const QString image = first[QStringLiteral("data")].toObject()[QStringLiteral("image")].toString();
        if (imageOptions.isEmpty()) {
            QVERIFY2(image.startsWith(QStringLiteral("/data/local-files/?d=train/")), qPrintable(image));
        } else if (imageOptions.first() == QStringLiteral("--document-root")) {
            QVERIFY2(image.startsWith(QStringLiteral("/data/local-files/?d=mnist/train/")), qPrintable(image));
        } else {
            QVERIFY2(image.startsWith(QStringLiteral("https://example.org/data/mnist/train/")), qPrintable(image));
        }

        QFile config(QString::fromStdString(lada::labelStudioConfigPath(toStd(tasks))));
        QVERIFY(config.fileName().endsWith(QStringLiteral("tasks.label_config.xml")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QByteArray xml = config.readAll();
        QVERIFY(xml.contains("<Image name=\"image\" value=\"$image\"/>"));
        QVERIFY(xml.contains("<Choices name=\"choice\" toName=\"image\""));
        QCOMPARE(xml.count("<Choice value="), qsizetype(10));

        const QString fresh = newPath(QStringLiteral("session"));
        lada::Session::create(toStd(fresh), mnistInfo(kSample));
        r = runCli({QStringLiteral("import-labels"), QStringLiteral("--session"), fresh, QStringLiteral("--format"),
                    QStringLiteral("labelstudio"), QStringLiteral("--file"), tasks});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("imported 37 labels"), r.out.constData());
        const auto original = lada::Session::open(toStd(m_labeledSession), lada::Session::Mode::ReadOnly);
        const auto imported = lada::Session::open(toStd(fresh), lada::Session::Mode::ReadOnly);
        QCOMPARE(imported.labels(), original.labels());
    }

    void jsonLinesRoundTrip()
    {
        const QString out = newPath(QStringLiteral("labels.jsonl"));
        CliResult r = runCli({QStringLiteral("export"), QStringLiteral("--session"), m_labeledSession,
                              QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 40);
        int skipped = 0;
        for (const QByteArray& line : lines) {
            const QJsonObject record = QJsonDocument::fromJson(line).object();
            QVERIFY(record.contains(QStringLiteral("path")) && record.contains(QStringLiteral("round")) &&
                    record.contains(QStringLiteral("time")) && record.contains(QStringLiteral("class_index")));
            if (record[QStringLiteral("skipped")].toBool()) {
                ++skipped;
            } else {
                QCOMPARE(record[QStringLiteral("label")].toString(),
                         QString::number(record[QStringLiteral("class_index")].toInt()));
            }
        }
        QCOMPARE(skipped, 3);

        const QString fresh = newPath(QStringLiteral("session"));
        lada::Session::create(toStd(fresh), mnistInfo(kSample));
        r = runCli(
            {QStringLiteral("import-labels"), QStringLiteral("--session"), fresh, QStringLiteral("--file"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("imported 37 labels and 3 skips"), r.out.constData());
        const auto original = lada::Session::open(toStd(m_labeledSession), lada::Session::Mode::ReadOnly);
        const auto imported = lada::Session::open(toStd(fresh), lada::Session::Mode::ReadOnly);
        QCOMPARE(imported.labels(), original.labels());
        QCOMPARE(imported.skipped(), original.skipped());
    }

    void exportedCsvIsAManifest()
    {
        // The dataset in a folder of its own, the CSV saved beside it (in the folder that holds it).
        const QString data = newPath(QStringLiteral("data"));
        const QString root = data + QStringLiteral("/mnist");
        const auto images = sampleImages(6);
        for (const auto& [path, classIndex] : images) {
            const QString target = root + QLatin1Char('/') + QString::fromStdString(path);
            QVERIFY(QDir().mkpath(QFileInfo(target).path()));
            QVERIFY(QFile::copy(kSample + QLatin1Char('/') + QString::fromStdString(path), target));
        }
        lada::Session session = lada::Session::create(toStd(newPath(QStringLiteral("session"))), mnistInfo(root));
        for (const auto& [path, classIndex] : images) {
            session.recordLabel(path, classIndex, 0);
        }
        const QString csv = data + QStringLiteral("/labels.csv");
        const lada::ExportReport report = lada::exportCsv(session, toStd(csv));
        QCOMPARE(report.labeled, int64_t(60));
        QVERIFY(report.warnings.empty());
        const auto rows = lada::readCsv(toStd(csv));
        QCOMPARE(rows.size(), std::size_t(61));
        for (std::size_t r = 1; r < rows.size(); ++r) {
            QVERIFY2(QFile::exists(data + QLatin1Char('/') + QString::fromStdString(rows[r][0])), rows[r][0].c_str());
        }

        // `lada-cli run --train <csv>` reads the export as a manifest: the number of training images it loaded.
        const auto trainImagesOf = [&](const QString& manifest) {
            const QString results = newPath(QStringLiteral("run.json"));
            const CliResult r = runCli({QStringLiteral("run"),
                                        QStringLiteral("--train"),
                                        manifest,
                                        QStringLiteral("--test"),
                                        kSample + QStringLiteral("/test"),
                                        QStringLiteral("--strategy"),
                                        QStringLiteral("random"),
                                        QStringLiteral("--model"),
                                        QStringLiteral("cnn"),
                                        QStringLiteral("--rounds"),
                                        QStringLiteral("1"),
                                        QStringLiteral("--initial"),
                                        QStringLiteral("20"),
                                        QStringLiteral("--budget"),
                                        QStringLiteral("10"),
                                        QStringLiteral("--epochs"),
                                        QStringLiteral("2"),
                                        QStringLiteral("--seed"),
                                        QStringLiteral("1"),
                                        QStringLiteral("--threads"),
                                        QStringLiteral("2"),
                                        QStringLiteral("--quiet"),
                                        QStringLiteral("--out"),
                                        results});
            if (r.exitCode != 0) {
                qWarning("%s", r.err.constData());
                return -1;
            }
            QFile file(results);
            if (!file.open(QIODevice::ReadOnly)) {
                return -2;
            }
            const QJsonObject doc = QJsonDocument::fromJson(file.readAll()).object();
            return doc[QStringLiteral("data")].toObject()[QStringLiteral("train_images")].toInt();
        };
        QCOMPARE(trainImagesOf(csv), 60);

        // And back into a session on the same dataset.
        lada::Session fresh = lada::Session::create(toStd(newPath(QStringLiteral("session"))), mnistInfo(root));
        const lada::ImportReport imported = fresh.importLabels(toStd(csv));
        QVERIFY(imported.rejected.empty());
        QCOMPARE(fresh.labels(), session.labels());

        // Saved elsewhere, the CSV's paths leave its folder ("../"): still a manifest as it is, and still imported.
        const QString elsewhere = newPath(QStringLiteral("elsewhere")) + QStringLiteral("/labels.csv");
        QVERIFY(QDir().mkpath(QFileInfo(elsewhere).path()));
        const lada::ExportReport outside = lada::exportCsv(session, toStd(elsewhere));
        QVERIFY(outside.warnings.empty());
        QVERIFY(QString::fromStdString(lada::readCsv(toStd(elsewhere))[1][0]).startsWith(QStringLiteral("../")));
        QCOMPARE(trainImagesOf(elsewhere), 60);
        lada::Session third = lada::Session::create(toStd(newPath(QStringLiteral("session"))), mnistInfo(root));
        QVERIFY(third.importLabels(toStd(elsewhere)).rejected.empty());
        QCOMPARE(third.labels(), session.labels());
    }
};

LADA_TEST_GUILESS_MAIN(TestInterchange)
}  // namespace tst_interchange
#include "tst_interchange.moc"
