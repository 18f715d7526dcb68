// SPDX-License-Identifier: MIT
// Export of a session's labeled set as CSV, ImageFolder and JSON, on real MNIST and CIFAR-10 images
// with file names that need quoting: every format round-trips (CSV and JSON are re-read by Python as
// well), targets are replaced only with force, and the dataset is never touched.
#include "core/data/csv_manifest.h"
#include "core/error.h"
#include "core/session/exporter.h"
#include "core/session/session.h"
#include "core/util/csv.h"
#include "python_runner.h"
#include "tests/qt_std_strings.h"
#include "tests/test_main.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace tst_export {

namespace {

using lada::testing::fromStd;
using lada::testing::toStd;

using lada::test::runPython;

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/** Every file under `dir` (relative path -> SHA-256 of its bytes). */
QMap<QString, QByteArray> snapshot(const QString& dir)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files.insert(QDir(dir).relativeFilePath(path),
                     QCryptographicHash::hash(fileBytes(path), QCryptographicHash::Sha256));
    }
    return files;
}

/** Entries of `dir` whose names show an unfinished export (".name.lada-tmp-..."). */
QStringList leftovers(const QString& dir)
{
    return QDir(dir).entryList({QStringLiteral(".*lada-*")}, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

/**
 * A dataset of real images: `perClass` training images per class of `archive` copied to
 * `root/train/<class>/`, the first of four classes renamed to names a CSV must quote, and one image
 * copied to `root/test/<first class>/` under the same name as a training image (an ImageFolder clash).
 */
struct TestDataset {
    QString root;
    std::vector<std::string> classNames;
    std::vector<std::pair<std::string, int>> images;  // relative path, class index
};

TestDataset buildDataset(const QString& root, const QString& archive, int perClass)
{
    const QString source = QStringLiteral(LADA_TEST_DATA_DIR "/") + archive + QStringLiteral("/train");
    const QStringList classes = QDir(source).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    if (classes.size() != 10) {
        qFatal("missing test images in %s: run the tests through ctest (extract_shared_data)", qPrintable(source));
    }
    const QStringList tricky = {QStringLiteral("café,\"q\" 1"), QStringLiteral("space name"),
                                QStringLiteral("日本 ünï"), QStringLiteral("line\nbreak")};
    TestDataset dataset;
    dataset.root = root;
    for (int c = 0; c < classes.size(); ++c) {
        dataset.classNames.push_back(toStd(classes[c]));
        const QDir classDir(source + QLatin1Char('/') + classes[c]);
        const QStringList files = classDir.entryList(QDir::Files, QDir::Name);
        QDir().mkpath(root + QStringLiteral("/train/") + classes[c]);
        for (int i = 0; i < perClass; ++i) {
            const QFileInfo original(files[i]);
            const QString name =
                (i == 0 && c < tricky.size()) ? tricky[c] + QLatin1Char('.') + original.suffix() : files[i];
            const QString rel = QStringLiteral("train/%1/%2").arg(classes[c], name);
            if (!QFile::copy(classDir.filePath(files[i]), root + QLatin1Char('/') + rel)) {
                qFatal("cannot copy %s", qPrintable(rel));
            }
            dataset.images.emplace_back(toStd(rel), c);
        }
    }
    // Same file name as train/<class 0>/<second image>, different bytes (an image of class 1).
    const QString clashName = QString::fromStdString(dataset.images[1].first).section(QLatin1Char('/'), -1);
    const QString clashRel = QStringLiteral("test/%1/%2").arg(classes[0], clashName);
    QDir().mkpath(root + QStringLiteral("/test/") + classes[0]);
    QFile::copy(root + QLatin1Char('/') + fromStd(dataset.images[static_cast<std::size_t>(perClass)].first),
                root + QLatin1Char('/') + clashRel);
    dataset.images.emplace_back(toStd(clashRel), 0);
    return dataset;
}

lada::SessionInfo infoFor(const TestDataset& dataset)
{
    lada::SessionInfo info;
    info.datasetRoot = toStd(dataset.root);
    info.trainSource = toStd(dataset.root + QStringLiteral("/train"));
    info.classNames = dataset.classNames;
    info.config.strategy.kind = lada::StrategyKind::LadaEntMix;
    info.config.budget = 10;
    info.config.rounds = 3;
    info.config.strategy.fixedTau = 0.2;
    return info;
}

/** Labels every image of `dataset` (every fifth one skipped), with one undone answer and a history. */
void labelEverything(lada::Session& session, const TestDataset& dataset)
{
    for (std::size_t i = 0; i < dataset.images.size(); ++i) {
        const auto& [path, classIndex] = dataset.images[i];
        const int round = static_cast<int>(i / 10);
        if (i % 5 == 4) {
            session.recordSkip(path, round);
        } else {
            session.recordLabel(path, classIndex, round);
        }
    }
    session.recordLabel(dataset.images[0].first, 9, 3);
    session.undo();
    for (int round = 0; round < 3; ++round) {
        session.appendRoundHistory("{\"round\":" + std::to_string(round) + ",\"testAccuracy\":0.5}");
    }
}

}  // namespace

class TestExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    TestDataset m_mnist;
    TestDataset m_cifar;
    QString m_mnistSession;
    QString m_cifarSession;
    int m_outCount = 0;

    QString newOut(const QString& suffix = QString())
    {
        return m_tmp.filePath(QStringLiteral("exports/out-%1%2").arg(m_outCount++).arg(suffix));
    }

    const TestDataset& dataset(const QString& name) const { return name == QLatin1String("mnist") ? m_mnist : m_cifar; }
    QString sessionDir(const QString& name) const
    {
        return name == QLatin1String("mnist") ? m_mnistSession : m_cifarSession;
    }

    static void addDatasetColumn()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("mnist") << QStringLiteral("mnist");
        QTest::newRow("cifar10") << QStringLiteral("cifar10");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_mnist = buildDataset(m_tmp.filePath(QStringLiteral("mnist")), QStringLiteral("mnist-png"), 3);
        m_cifar = buildDataset(m_tmp.filePath(QStringLiteral("cifar")), QStringLiteral("cifar10-subset"), 3);
        m_mnistSession = m_tmp.filePath(QStringLiteral("mnist-session"));
        m_cifarSession = m_tmp.filePath(QStringLiteral("cifar-session"));
        lada::Session mnist = lada::Session::create(toStd(m_mnistSession), infoFor(m_mnist));
        labelEverything(mnist, m_mnist);
        lada::Session cifar = lada::Session::create(toStd(m_cifarSession), infoFor(m_cifar));
        labelEverything(cifar, m_cifar);
    }

    void csvRoundTrips_data() { addDatasetColumn(); }

    void csvRoundTrips()
    {
        QFETCH(QString, name);
        const auto session = lada::Session::open(toStd(sessionDir(name)), lada::Session::Mode::ReadOnly);
        const QString out = newOut(QStringLiteral(".csv"));
        const auto report = lada::exportCsv(session, toStd(out));
        QCOMPARE(report.labeled, int64_t(25));  // 31 images, 6 skipped
        QCOMPARE(report.skipped, int64_t(6));
        QCOMPARE(fromStd(report.target), out);

        // Paths relative to the CSV's folder (exports/), so "../<dataset folder>/<path in the dataset>".
        QVERIFY(report.warnings.empty());
        const std::string fromCsv = "../" + toStd(QFileInfo(dataset(name).root).fileName()) + "/";
        std::vector<lada::CsvRow> expected = {{"filepath", "label"}};
        for (const auto& [path, classIndex] : session.labels()) {
            expected.push_back({fromCsv + path, session.info().classNames[static_cast<std::size_t>(classIndex)]});
        }
        auto rows = lada::readCsv(toStd(out));
        QCOMPARE(rows.front(), expected.front());
        std::sort(rows.begin() + 1, rows.end());
        QCOMPARE(rows, expected);  // expected is in path order: labels() is a std::map

        // The CSV is a manifest as it is: rooted at the dataset's folder, with the session's paths.
        const lada::ImageListing listing = lada::listCsvManifest(toStd(out), {});
        QCOMPARE(QDir(QString::fromStdString(listing.root)).absolutePath(), QDir(dataset(name).root).absolutePath());
        QCOMPARE(listing.entries.size(), std::size_t(25));
        for (const lada::ImageEntry& entry : listing.entries)
            QVERIFY2(session.labels().count(entry.relativePath) == 1, entry.relativePath.c_str());

        QByteArray errors;
        const auto python = runPython(QStringLiteral("import csv, json, sys\n"
                                                     "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
                                                     "    print(json.dumps(sorted(list(csv.reader(f))[1:])))\n"),
                                      {out}, &errors);
        if (python) {
            QVERIFY2(errors.isEmpty(), errors.constData());
            const QJsonArray pyRows = QJsonDocument::fromJson(*python).array();
            QCOMPARE(pyRows.size(), static_cast<qsizetype>(expected.size() - 1));
            for (qsizetype i = 0; i < pyRows.size(); ++i) {
                const QJsonArray row = pyRows[i].toArray();
                QCOMPARE(toStd(row[0].toString()), expected[static_cast<std::size_t>(i + 1)][0]);
                QCOMPARE(toStd(row[1].toString()), expected[static_cast<std::size_t>(i + 1)][1]);
            }
        }

        // And back in: the exported CSV imported into a fresh session gives the same labeled set.
        lada::Session fresh = lada::Session::create(toStd(newOut(QStringLiteral("-session"))), session.info());
        const auto imported = fresh.importLabelsCsv(toStd(out));
        QVERIFY(imported.rejected.empty());
        QCOMPARE(fresh.labels(), session.labels());
        if (!python) {
            QSKIP("python3 is not installed: the CSV was checked with our reader only");
        }
    }

    void imageFolderHoldsTheSameBytes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("hardLink");
        QTest::newRow("mnist copy") << QStringLiteral("mnist") << false;
        QTest::newRow("mnist hard link") << QStringLiteral("mnist") << true;
        QTest::newRow("cifar10 copy") << QStringLiteral("cifar10") << false;
        QTest::newRow("cifar10 hard link") << QStringLiteral("cifar10") << true;
    }

    void imageFolderHoldsTheSameBytes()
    {
        QFETCH(QString, name);
        QFETCH(bool, hardLink);
        const auto session = lada::Session::open(toStd(sessionDir(name)), lada::Session::Mode::ReadOnly);
        const QString out = newOut();
        lada::ExportOptions options;
        options.hardLink = hardLink;
        const auto report = lada::exportImageFolder(session, toStd(out), options);
        QCOMPARE(report.labeled, int64_t(25));
        QCOMPARE(report.linked, hardLink ? int64_t(25) : int64_t(0));

        // The layout the format promises: <out>/<class>/<file>, a clash gets "_1" before the extension.
        QMap<QString, QString> expectedSource;  // exported relative path -> dataset file
        for (const auto& answer : session.currentAnswers()) {
            if (answer.skipped) {
                continue;
            }
            const QFileInfo file(fromStd(answer.path));
            QString rel = fromStd(answer.label) + QLatin1Char('/') + file.fileName();
            for (int k = 1; expectedSource.contains(rel); ++k) {
                rel = fromStd(answer.label) + QLatin1Char('/') + file.completeBaseName() +
                      QStringLiteral("_%1.").arg(k) + file.suffix();
            }
            expectedSource.insert(rel, dataset(name).root + QLatin1Char('/') + fromStd(answer.path));
        }
        const auto written = snapshot(out);
        QCOMPARE(written.keys(), expectedSource.keys());
        for (auto it = expectedSource.cbegin(); it != expectedSource.cend(); ++it) {
            QVERIFY2(fileBytes(out + QLatin1Char('/') + it.key()) == fileBytes(it.value()), qPrintable(it.key()));
            if (hardLink) {
                struct stat a {};
                struct stat b {};
                QCOMPARE(::stat(QFile::encodeName(out + QLatin1Char('/') + it.key()).constData(), &a), 0);
                QCOMPARE(::stat(QFile::encodeName(it.value()).constData(), &b), 0);
                QCOMPARE(a.st_ino, b.st_ino);
            }
        }
        QVERIFY(leftovers(m_tmp.filePath(QStringLiteral("exports"))).isEmpty());
    }

    void imageFolderResolvesNameClashes()
    {
        const auto session = lada::Session::open(toStd(m_mnistSession), lada::Session::Mode::ReadOnly);
        const QString out = newOut();
        const auto report = lada::exportImageFolder(session, toStd(out));
        QCOMPARE(report.renamed, int64_t(1));
        const QString clash = fromStd(m_mnist.images[1].first).section(QLatin1Char('/'), -1);
        const QFileInfo info(clash);
        const QString renamed = info.completeBaseName() + QStringLiteral("_1.") + info.suffix();
        // Neither image overwrote the other: each file holds its own source's bytes.
        QCOMPARE(fileBytes(out + QStringLiteral("/0/") + clash),
                 fileBytes(m_mnist.root + QStringLiteral("/train/0/") + clash));
        QCOMPARE(fileBytes(out + QStringLiteral("/0/") + renamed),
                 fileBytes(m_mnist.root + QStringLiteral("/test/0/") + clash));
        QVERIFY(fileBytes(out + QStringLiteral("/0/") + clash) != fileBytes(out + QStringLiteral("/0/") + renamed));
    }

    void jsonHoldsEverythingAndPythonReadsIt_data() { addDatasetColumn(); }

    void jsonHoldsEverythingAndPythonReadsIt()
    {
        QFETCH(QString, name);
        const auto session = lada::Session::open(toStd(sessionDir(name)), lada::Session::Mode::ReadOnly);
        const QString out = newOut(QStringLiteral(".json"));
        const auto report = lada::exportJson(session, toStd(out));
        QCOMPARE(report.labeled, int64_t(25));
        QCOMPARE(report.skipped, int64_t(6));

        QByteArray errors;
        const auto python = runPython(QStringLiteral("import json, sys\n"
                                                     "with open(sys.argv[1], encoding='utf-8') as f:\n"
                                                     "    doc = json.load(f)\n"
                                                     "print(json.dumps(doc))\n"),
                                      {out}, &errors);
        QVERIFY2(!python || errors.isEmpty(), errors.constData());
        const QJsonObject doc = QJsonDocument::fromJson(python ? *python : fileBytes(out)).object();
        QVERIFY(!doc.isEmpty());

        QJsonArray classes;
        for (const auto& className : session.info().classNames) {
            classes.append(fromStd(className));
        }
        QCOMPARE(doc.value(QStringLiteral("classes")).toArray(), classes);
        QCOMPARE(doc.value(QStringLiteral("strategy")).toString(), QStringLiteral("lada-entmix"));
        QCOMPARE(doc.value(QStringLiteral("config")).toObject().value(QStringLiteral("tau")).toDouble(), 0.2);
        QCOMPARE(doc.value(QStringLiteral("history")).toArray().size(), 3);
        QCOMPARE(doc.value(QStringLiteral("history")).toArray()[2].toObject().value(QStringLiteral("round")).toInt(),
                 2);

        const QJsonArray labeled = doc.value(QStringLiteral("labeled")).toArray();
        const QJsonArray skipped = doc.value(QStringLiteral("skipped")).toArray();
        QCOMPARE(labeled.size(), 25);
        QCOMPARE(skipped.size(), 6);
        qsizetype l = 0;
        qsizetype s = 0;
        for (const auto& answer : session.currentAnswers()) {
            const QJsonObject entry = (answer.skipped ? skipped[s++] : labeled[l++]).toObject();
            QCOMPARE(toStd(entry.value(QStringLiteral("path")).toString()), answer.path);
            QCOMPARE(entry.value(QStringLiteral("round")).toInt(), answer.round);
            QCOMPARE(toStd(entry.value(QStringLiteral("time")).toString()), answer.time);
            if (!answer.skipped) {
                QCOMPARE(toStd(entry.value(QStringLiteral("label")).toString()), answer.label);
                QCOMPARE(entry.value(QStringLiteral("classIndex")).toInt(), answer.classIndex);
            }
        }
        if (!python) {
            QSKIP("python3 is not installed: the JSON was checked with Qt's reader only");
        }
    }

    void existingTargetNeedsForce_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("csv") << static_cast<int>(lada::ExportFormat::Csv);
        QTest::newRow("imagefolder") << static_cast<int>(lada::ExportFormat::ImageFolder);
        QTest::newRow("json") << static_cast<int>(lada::ExportFormat::Json);
    }

    void existingTargetNeedsForce()
    {
        QFETCH(int, format);
        const auto session = lada::Session::open(toStd(m_cifarSession), lada::Session::Mode::ReadOnly);
        const auto exportFormat = static_cast<lada::ExportFormat>(format);
        for (const bool targetIsFolder : {false, true}) {
            const QString out = newOut();
            if (targetIsFolder) {
                QDir().mkpath(out + QStringLiteral("/keep"));
                QFile sentinel(out + QStringLiteral("/keep/mine.txt"));
                QVERIFY(sentinel.open(QIODevice::WriteOnly));
                sentinel.write("precious");
            } else {
                QDir().mkpath(QFileInfo(out).path());
                QFile sentinel(out);
                QVERIFY(sentinel.open(QIODevice::WriteOnly));
                sentinel.write("precious");
            }
            const auto before = snapshot(QFileInfo(out).path());
            try {
                lada::exportLabels(session, exportFormat, toStd(out));
                QFAIL("an existing target was overwritten without force");
            } catch (const lada::Error& e) {
                const QString message = QString::fromUtf8(e.what());
                QVERIFY2(message.contains(out) && message.contains(QStringLiteral("--force")), e.what());
            }
            QCOMPARE(snapshot(QFileInfo(out).path()), before);

            lada::ExportOptions force;
            force.force = true;
            const auto report = lada::exportLabels(session, exportFormat, toStd(out), force);
            QCOMPARE(report.labeled, int64_t(25));
            QVERIFY(!QFile::exists(out + QStringLiteral("/keep/mine.txt")));
            QVERIFY(fileBytes(out) != "precious");
            QVERIFY(leftovers(QFileInfo(out).path()).isEmpty());
        }
    }

    void unwritableTargetIsReportedClearly_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("under a regular file") << QStringLiteral("file");
        QTest::newRow("read-only folder") << QStringLiteral("read-only");
    }

    void unwritableTargetIsReportedClearly()
    {
        QFETCH(QString, kind);
        const auto session = lada::Session::open(toStd(m_mnistSession), lada::Session::Mode::ReadOnly);
        const QString base = newOut();
        QString out;
        QString reason;
        if (kind == QLatin1String("file")) {
            // A path below a regular file cannot be created, even by root.
            QDir().mkpath(QFileInfo(base).path());
            QFile blocker(base);
            QVERIFY(blocker.open(QIODevice::WriteOnly));
            blocker.close();
            out = base + QStringLiteral("/labels.csv");
            reason = QStringLiteral("Not a directory");
        } else {
            QVERIFY(QDir().mkpath(base));
            QVERIFY(QFile::setPermissions(base, QFile::ReadOwner | QFile::ExeOwner));  // chmod 0500
            QFile probe(base + QStringLiteral("/probe"));
            if (probe.open(QIODevice::WriteOnly)) {
                probe.remove();
                QFile::setPermissions(base, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
                QSKIP("running with privileges that ignore permission bits (root): the case under a regular "
                      "file covers unwritable targets here");
            }
            out = base + QStringLiteral("/labels.csv");
            reason = QStringLiteral("Permission denied");
        }
        const auto sessionBefore = snapshot(m_mnistSession);
        for (const auto format : {lada::ExportFormat::Csv, lada::ExportFormat::ImageFolder, lada::ExportFormat::Json}) {
            try {
                lada::exportLabels(session, format, toStd(out));
                QFAIL("an export into an unwritable folder succeeded");
            } catch (const lada::Error& e) {
                const QString message = QString::fromUtf8(e.what());
                QVERIFY2(message.contains(out) && message.contains(reason), e.what());
            }
        }
        QFile::setPermissions(base, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QCOMPARE(snapshot(m_mnistSession), sessionBefore);
    }

    void exportsNeverModifyTheDataset()
    {
        const auto before = snapshot(m_mnist.root);
        const auto session = lada::Session::open(toStd(m_mnistSession), lada::Session::Mode::ReadOnly);
        lada::ExportOptions force;
        force.force = true;
        lada::exportCsv(session, toStd(newOut(QStringLiteral(".csv"))));
        lada::exportJson(session, toStd(newOut(QStringLiteral(".json"))));
        lada::exportImageFolder(session, toStd(newOut()));
        // Targets that are, hold, or lie inside the dataset or the session are refused, even with force.
        const QStringList forbidden = {m_mnist.root, m_mnist.root + QStringLiteral("/exported"),
                                       m_mnist.root + QStringLiteral("/train/labels.csv"), m_tmp.path(),
                                       m_mnistSession};
        for (const QString& target : forbidden) {
            for (const auto format :
                 {lada::ExportFormat::Csv, lada::ExportFormat::ImageFolder, lada::ExportFormat::Json}) {
                QVERIFY_THROWS_EXCEPTION(lada::Error, lada::exportLabels(session, format, toStd(target), force));
            }
        }
        QCOMPARE(snapshot(m_mnist.root), before);
        QVERIFY(QFile::exists(m_mnistSession + QStringLiteral("/session.json")));
    }

    void failedExportLeavesNothingBehind()
    {
        // A session whose dataset lost one labeled image: the ImageFolder export refuses before copying.
        const TestDataset damaged =
            buildDataset(m_tmp.filePath(QStringLiteral("damaged")), QStringLiteral("mnist-png"), 2);
        const QString dir = m_tmp.filePath(QStringLiteral("damaged-session"));
        {
            lada::Session session = lada::Session::create(toStd(dir), infoFor(damaged));
            labelEverything(session, damaged);
        }
        QVERIFY(QFile::remove(damaged.root + QLatin1Char('/') + fromStd(damaged.images[2].first)));
        const auto session = lada::Session::open(toStd(dir), lada::Session::Mode::ReadOnly);
        const QString out = newOut();
        try {
            lada::exportImageFolder(session, toStd(out));
            QFAIL("an export with a missing image succeeded");
        } catch (const lada::DataError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(fromStd(damaged.images[2].first)), e.what());
        }
        QVERIFY(!QFileInfo::exists(out));
        QVERIFY(leftovers(QFileInfo(out).path()).isEmpty());
    }

    void imageFolderExplainsRecordsInsideBinaryFiles()
    {
        // Images loaded from an idx or CIFAR binary file are named "<file>#<index>": no file to copy.
        const QString root = m_tmp.filePath(QStringLiteral("binary-dataset"));
        QDir().mkpath(root);
        QVERIFY(QFile::copy(QStringLiteral(LADA_TEST_DATA_DIR "/mnist-png/train.csv"),
                            root + QStringLiteral("/records.bin")));
        TestDataset binary;
        binary.root = root;
        binary.classNames = m_mnist.classNames;
        lada::Session session =
            lada::Session::create(toStd(m_tmp.filePath(QStringLiteral("binary-session"))), infoFor(binary));
        session.recordLabel("records.bin#17", 3, 0);
        try {
            lada::exportImageFolder(session, toStd(newOut()));
            QFAIL("records inside a binary file were exported as image files");
        } catch (const lada::DataError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("export CSV or JSON instead")), e.what());
        }
        QCOMPARE(lada::exportCsv(session, toStd(newOut(QStringLiteral(".csv")))).labeled, int64_t(1));
        // Relocation recognises the records by their file.
        const QString moved = m_tmp.filePath(QStringLiteral("binary-dataset-moved"));
        QVERIFY(QDir().rename(root, moved));
        session.relocateDataset(toStd(moved));
        QCOMPARE(QString::fromStdString(session.info().datasetRoot), moved);
    }

    void commandLineExportsAndImports()
    {
        const QString cli = QStringLiteral(LADA_CLI_PATH);  // built before the tests (add_dependencies)
        auto run = [&](const QStringList& args, QByteArray* out, QByteArray* err) {
            QProcess process;
            process.start(cli, args);
            process.waitForFinished(120000);
            *out = process.readAllStandardOutput();
            *err = process.readAllStandardError();
            return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        };
        QByteArray out;
        QByteArray err;
        const QString csv = newOut(QStringLiteral(".csv"));
        const QStringList exportCsv = {QStringLiteral("export"),
                                       QStringLiteral("--session"),
                                       m_cifarSession,
                                       QStringLiteral("--format"),
                                       QStringLiteral("csv"),
                                       QStringLiteral("--out"),
                                       csv};
        QCOMPARE(run(exportCsv, &out, &err), 0);
        QVERIFY2(out.startsWith("exported 25 labeled images (6 skipped) to "), out.constData());
        QCOMPARE(lada::readCsv(toStd(csv)).size(), std::size_t(26));

        QCOMPARE(run(exportCsv, &out, &err), 1);  // exists
        QVERIFY2(err.contains("--force"), err.constData());
        QCOMPARE(run(exportCsv + QStringList{QStringLiteral("--force")}, &out, &err), 0);

        for (const QString& format : {QStringLiteral("json"), QStringLiteral("imagefolder")}) {
            const QString target = newOut();
            QCOMPARE(
                run({QStringLiteral("export"), QStringLiteral("--session"), m_cifarSession, QStringLiteral("--format"),
                     format, QStringLiteral("--out"), target, QStringLiteral("--hardlink")},
                    &out, &err),
                0);
            QVERIFY(QFileInfo::exists(target));
        }
        QVERIFY(run({QStringLiteral("export"), QStringLiteral("--session"), m_cifarSession, QStringLiteral("--format"),
                     QStringLiteral("xml"), QStringLiteral("--out"), newOut()},
                    &out, &err) != 0);

        // The exported CSV into a fresh session through import-labels.
        const QString fresh = m_tmp.filePath(QStringLiteral("cli-import-session"));
        {
            const auto source = lada::Session::open(toStd(m_cifarSession), lada::Session::Mode::ReadOnly);
            lada::Session::create(toStd(fresh), source.info());
        }
        QCOMPARE(
            run({QStringLiteral("import-labels"), QStringLiteral("--session"), fresh, QStringLiteral("--csv"), csv},
                &out, &err),
            0);
        QVERIFY2(out.startsWith("imported 25 labels"), out.constData());
        const auto imported = lada::Session::open(toStd(fresh), lada::Session::Mode::ReadOnly);
        const auto original = lada::Session::open(toStd(m_cifarSession), lada::Session::Mode::ReadOnly);
        QCOMPARE(imported.labels(), original.labels());
    }
};

LADA_TEST_GUILESS_MAIN(TestExport)
}  // namespace tst_export
#include "tst_export.moc"
