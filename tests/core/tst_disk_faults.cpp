// SPDX-License-Identifier: MIT
// The disk fails under a session (issue 14):
//  - a full disk (RLIMIT_FSIZE, as `ulimit -f` sets it: writes past the limit fail with EFBIG as they fail
//    with ENOSPC on a full disk) during a journal write: a clear error, the answer not recorded, the journal
//    byte for byte what it was, and the session labels again once there is room;
//  - a full disk during an export (CSV and ImageFolder): a clear error and nothing under the target's name;
//  - a session folder made read-only (a read-only bind mount when running as root, whom permissions do
//    not stop; a chmod otherwise): it opens for reading with every answer, says why it cannot label,
//    exports elsewhere, and `lada-cli run` refuses to continue it with that reason.
#include "core/error.h"
#include "core/session/exporter.h"
#include "core/session/session.h"
#include "core/session/session_info.h"
#include "tests/read_only_folder.h"
#include "tests/test_main.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>
#include <unistd.h>

#include <csignal>

namespace tst_disk_faults {

namespace {

const QString kTrain = QStringLiteral(LADA_SOURCE_DIR "/resources/sample/mnist/train");

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/** A session on the bundled sample with the first `answers` images of classes 0-9 labeled. */
lada::Session makeSession(const QString& folder, int answers)
{
    lada::SessionInfo info;
    info.datasetRoot = kTrain.toStdString();
    info.trainSource = kTrain.toStdString();
    for (int c = 0; c < 10; ++c) {
        info.classNames.push_back(std::to_string(c));
    }
    lada::Session session = lada::Session::create(folder.toStdString(), info);
    for (int i = 0; i < answers; ++i) {
        const QString cls = QString::number(i % 10);
        const QStringList files =
            QDir(kTrain + QLatin1Char('/') + cls).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        session.recordLabel((cls + QLatin1Char('/') + files.at(i / 10)).toStdString(), i % 10, 1);
    }
    return session;
}

/** Limits the size of any file this process writes to `bytes` (what `ulimit -f` does) while alive. */
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        getrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, SIG_IGN);  // the write then fails with EFBIG instead of killing the process
        rlimit limit = m_saved;
        limit.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &m_saved); }

private:
    rlimit m_saved{};
};

}  // namespace

class TestDiskFaults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fullDiskDuringAJournalWrite()
    {
        QTemporaryDir dir;
        const QString folder = dir.path() + QStringLiteral("/session");
        lada::Session session = makeSession(folder, 3);
        const QString journal = folder + QStringLiteral("/labels.jsonl");
        const QByteArray before = fileBytes(journal);
        QVERIFY(before.count('\n') == 3);
        std::string message;
        {
            // Room for 10 more bytes: the next line (~90 bytes) is cut short by the "disk".
            FileSizeLimit full(static_cast<rlim_t>(before.size() + 10));
            try {
                session.recordLabel(
                    "7/" +
                        QDir(kTrain + QStringLiteral("/7")).entryList({QStringLiteral("*.png")}).last().toStdString(),
                    7, 1);
            } catch (const lada::Error& e) {
                message = e.what();
            }
        }
        QVERIFY2(message.find("cannot append to \"" + journal.toStdString() + "\": File too large") !=
                     std::string::npos,
                 message.c_str());
        QCOMPARE(session.answers().size(), std::size_t{3});  // not recorded, not acknowledged
        QCOMPARE(fileBytes(journal), before);                // the journal is intact: no torn line left
        // With room again the session labels on, and a reopen sees exactly the 4 answers.
        session.recordLabel(
            "7/" + QDir(kTrain + QStringLiteral("/7")).entryList({QStringLiteral("*.png")}).last().toStdString(), 7, 1);
        const lada::Session reopened = lada::Session::open(folder.toStdString(), lada::Session::Mode::ReadOnly);
        QCOMPARE(reopened.answers().size(), std::size_t{4});
    }

    void fullDiskDuringAnExport_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("csv") << QStringLiteral("csv");
        QTest::newRow("imagefolder") << QStringLiteral("imagefolder");
    }

    void fullDiskDuringAnExport()
    {
        QFETCH(QString, format);
        QTemporaryDir dir;
        const lada::Session session = makeSession(dir.path() + QStringLiteral("/session"), 40);
        const QString target = dir.path() + (format == QLatin1String("csv") ? QStringLiteral("/labels.csv")
                                                                            : QStringLiteral("/labeled-images"));
        std::string message;
        {
            FileSizeLimit full(200);  // the CSV is ~600 bytes; an MNIST PNG ~250
            try {
                lada::exportLabels(session, lada::parseExportFormat(format.toStdString()), target.toStdString());
            } catch (const lada::Error& e) {
                message = e.what();
            }
        }
        QVERIFY2(message.find("File too large") != std::string::npos, message.c_str());
        QVERIFY2(!QFileInfo::exists(target), qPrintable(target));  // nothing partial under the target's name
        // With room, the same export succeeds.
        const lada::ExportReport report =
            lada::exportLabels(session, lada::parseExportFormat(format.toStdString()), target.toStdString());
        QCOMPARE(report.labeled, int64_t{40});
    }

    void readOnlySessionOpensForReading()
    {
        QTemporaryDir dir;
        const QString folder = dir.path() + QStringLiteral("/session");
        {
            makeSession(folder, 5);
        }
        const lada::testing::ReadOnlyFolder readOnly(folder);
        if (!readOnly.ok())
            QSKIP(lada::testing::ReadOnlyFolder::kCannot);

        lada::Session session = lada::Session::open(folder.toStdString());  // asked for ReadWrite
        QVERIFY(session.isReadOnly());
        QVERIFY2(session.readOnlyReason() == "Read-only file system" || session.readOnlyReason() == "Permission denied",
                 session.readOnlyReason().c_str());
        QCOMPARE(session.answers().size(), std::size_t{5});
        bool warned = false;
        for (const std::string& w : session.warnings()) {
            warned = warned || w.find("open for reading only") != std::string::npos;
        }
        QVERIFY(warned);
        std::string message;
        try {
            session.recordLabel(session.answers().front().path, 3, 2);
        } catch (const lada::Error& e) {
            message = e.what();
        }
        QVERIFY2(message.find("is open read-only: its folder cannot be written (" + session.readOnlyReason() + ")") !=
                     std::string::npos,
                 message.c_str());
        // Export to a writable place works from a read-only session.
        const lada::ExportReport report = lada::exportLabels(session, lada::ExportFormat::Csv,
                                                             (dir.path() + QStringLiteral("/out.csv")).toStdString());
        QCOMPARE(report.labeled, int64_t{5});
        // lada-cli run refuses to continue it, and says why.
        QProcess cli;
        cli.start(QStringLiteral(LADA_CLI_PATH),
                  {QStringLiteral("run"), QStringLiteral("--session"), folder, QStringLiteral("--rounds"),
                   QStringLiteral("1"), QStringLiteral("--quiet")});
        QVERIFY(cli.waitForFinished(120000));
        const QByteArray err = cli.readAllStandardError();
        QVERIFY(cli.exitCode() != 0);
        QVERIFY2(err.contains("cannot continue the session") && err.contains("its folder cannot be written"),
                 err.constData());
    }
};

LADA_TEST_GUILESS_MAIN(TestDiskFaults)
}  // namespace tst_disk_faults
#include "tst_disk_faults.moc"
