// SPDX-License-Identifier: MIT
// No answer is lost: a labeling process killed mid-stream, a torn last line, and each kind of bad
// input (corrupt session.json, a journal line that is not JSON, a label outside the class list, a
// moved dataset) is reported clearly and leaves every recorded label as it was.
#include "core/error.h"
#include "core/session/exporter.h"
#include "core/session/session.h"
#include "tests/qt_std_strings.h"
#include "tests/test_main.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

namespace tst_session_recovery {

namespace {

using lada::testing::toStd;

QString joined(const std::vector<std::string>& lines)
{
    QStringList list;
    for (const auto& line : lines) {
        list.append(QString::fromStdString(line));
    }
    return list.join(QLatin1Char('\n'));
}

/** Copies `perClass` real MNIST images per digit into `root/train/<digit>/`; returns their relative paths. */
std::vector<std::string> buildMnistDataset(const QString& root, int perClass)
{
    std::vector<std::string> paths;
    for (int digit = 0; digit < 10; ++digit) {
        const QString sourceDir = QStringLiteral(LADA_TEST_DATA_DIR "/mnist-png/train/%1").arg(digit);
        const QStringList files = QDir(sourceDir).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        if (files.size() < perClass) {
            qFatal("missing test images in %s: run the tests through ctest (extract_shared_data)",
                   qPrintable(sourceDir));
        }
        QDir().mkpath(root + QStringLiteral("/train/%1").arg(digit));
        for (int i = 0; i < perClass; ++i) {
            const QString rel = QStringLiteral("train/%1/%2").arg(digit).arg(files[i]);
            QFile::copy(sourceDir + QLatin1Char('/') + files[i], root + QLatin1Char('/') + rel);
            paths.push_back(toStd(rel));
        }
    }
    return paths;
}

lada::SessionInfo mnistInfo(const QString& root)
{
    lada::SessionInfo info;
    info.datasetRoot = toStd(root);
    info.trainSource = toStd(root + QStringLiteral("/train"));
    info.classNames = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    info.config.strategy.kind = lada::StrategyKind::Entropy;
    return info;
}

/** Every file under `dir` with the hash of its bytes: "nothing on disk changed" is a comparison. */
QMap<QString, QByteArray> snapshot(const QString& dir)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        file.open(QIODevice::ReadOnly);
        files.insert(path, QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256));
    }
    return files;
}

void appendRaw(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    QCOMPARE(file.write(bytes), bytes.size());
}

bool anyContains(const std::vector<std::string>& lines, const QString& needle)
{
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& line) { return QString::fromStdString(line).contains(needle); });
}

// The answer a labeling stream gives for its i-th image, so the parent can check what the child wrote.
struct StreamAnswer {
    std::size_t image;
    int classIndex;
    int round;
};

StreamAnswer streamAnswer(int i, std::size_t imageCount)
{
    const auto n = static_cast<int>(imageCount);
    return {static_cast<std::size_t>(i % n), (i * 7) % 10, i / n};
}

}  // namespace

class TestSessionRecovery : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_root;
    std::vector<std::string> m_paths;
    int m_sessionCount = 0;

    QString newSessionDir() { return m_tmp.filePath(QStringLiteral("session-%1").arg(m_sessionCount++)); }

    /** A closed session in a new folder with `count` labels recorded. */
    QString sessionWithLabels(int count)
    {
        const QString dir = newSessionDir();
        lada::Session session = lada::Session::create(toStd(dir), mnistInfo(m_root));
        for (int i = 0; i < count; ++i) {
            session.recordLabel(m_paths[static_cast<std::size_t>(i)], i % 10, 0);
        }
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_root = m_tmp.filePath(QStringLiteral("mnist"));
        m_paths = buildMnistDataset(m_root, 3);
    }

    void acknowledgedAnswersSurviveSigkill()
    {
        // Three crashes in a row on one session: each child resumes the stream where the journal ends,
        // so the torn-tail repair and the seq numbering are exercised after every kill.
        const QString dir = sessionWithLabels(0);
        constexpr int kAcksBeforeKill[] = {200, 137, 251};
        constexpr int kStreamLength = 1000000;  // never reached: the child is killed mid-stream
        for (int crash = 0; crash < 3; ++crash) {
            const int start = static_cast<int>(lada::Session::open(toStd(dir)).answers().size());
            int pipeFds[2];
            QCOMPARE(::pipe(pipeFds), 0);
            const pid_t child = ::fork();
            QVERIFY(child >= 0);
            if (child == 0) {
                // The labeling process: acknowledge each answer only once recordLabel has returned.
                ::close(pipeFds[0]);
                try {
                    lada::Session session = lada::Session::open(toStd(dir));
                    for (int i = start; i < kStreamLength; ++i) {
                        const StreamAnswer a = streamAnswer(i, m_paths.size());
                        session.recordLabel(m_paths[a.image], a.classIndex, a.round);
                        char ack[32];
                        const int length = std::snprintf(ack, sizeof ack, "ack %d\n", i);
                        if (::write(pipeFds[1], ack, static_cast<std::size_t>(length)) != length) {
                            ::_exit(3);
                        }
                    }
                } catch (...) {
                    ::_exit(2);
                }
                ::_exit(0);
            }
            // A failed check returns early: never leave the child labeling in the background.
            auto reap = qScopeGuard([child] {
                ::kill(child, SIGKILL);
                ::waitpid(child, nullptr, 0);
            });
            ::close(pipeFds[1]);
            FILE* acks = ::fdopen(pipeFds[0], "r");
            QVERIFY(acks != nullptr);
            int lastAck = start - 1;
            bool killed = false;
            char line[64];
            // Read to the end: acks written before the kill are still in the pipe and count.
            while (std::fgets(line, sizeof line, acks) != nullptr) {
                int i = -1;
                QCOMPARE(std::sscanf(line, "ack %d", &i), 1);
                QCOMPARE(i, lastAck + 1);
                lastAck = i;
                if (!killed && lastAck - start + 1 >= kAcksBeforeKill[crash]) {
                    QCOMPARE(::kill(child, SIGKILL), 0);
                    killed = true;
                }
            }
            std::fclose(acks);
            int status = 0;
            QCOMPARE(::waitpid(child, &status, 0), child);
            reap.dismiss();
            QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the child was not killed mid-stream");

            const lada::Session reopened = lada::Session::open(toStd(dir));
            const auto answers = reopened.answers();
            qInfo("crash %d: %d answers acknowledged, %d in the reopened journal", crash, lastAck + 1,
                  static_cast<int>(answers.size()));
            // Every acknowledged answer is there, in order; at most one more was on its way.
            QVERIFY2(static_cast<int>(answers.size()) >= lastAck + 1,
                     qPrintable(QStringLiteral("%1 answers, %2 acknowledged").arg(answers.size()).arg(lastAck + 1)));
            QVERIFY(static_cast<int>(answers.size()) <= lastAck + 2);
            for (int i = 0; i < static_cast<int>(answers.size()); ++i) {
                const StreamAnswer expected = streamAnswer(i, m_paths.size());
                QCOMPARE(answers[static_cast<std::size_t>(i)].path, m_paths[expected.image]);
                QCOMPARE(answers[static_cast<std::size_t>(i)].classIndex, expected.classIndex);
                QCOMPARE(answers[static_cast<std::size_t>(i)].round, expected.round);
            }
        }
    }

    void tornLastLineIsDroppedWithAWarning()
    {
        const QString dir = sessionWithLabels(12);
        const QString journal = dir + QStringLiteral("/labels.jsonl");
        const QString history = dir + QStringLiteral("/history.jsonl");
        {
            lada::Session session = lada::Session::open(toStd(dir));
            session.appendRoundHistory("{\"round\":0,\"testAccuracy\":0.41}");
        }
        // Half a record, as a crash in the middle of a write leaves it; in the history too.
        appendRaw(journal, QByteArray("{\"seq\":13,\"path\":\"train/4/"));
        appendRaw(history, QByteArray("{\"round\":1,\"testAcc"));
        {
            lada::Session session = lada::Session::open(toStd(dir));
            QVERIFY2(anyContains(session.warnings(), QStringLiteral("labels.jsonl: dropped a torn last line")),
                     qPrintable(joined(session.warnings())));
            QVERIFY2(anyContains(session.warnings(), QStringLiteral("history.jsonl: dropped a torn last line")),
                     qPrintable(joined(session.warnings())));
            QCOMPARE(session.answers().size(), std::size_t(12));
            QCOMPARE(session.history().size(), std::size_t(1));
            session.appendRoundHistory("{\"round\":1,\"testAccuracy\":0.47}");
            // The fragment is kept aside and cut off, so the next answer starts on a line of its own.
            QVERIFY(QFile::exists(journal + QStringLiteral(".torn")));
            session.recordLabel(m_paths[20], 3, 1);
        }
        const lada::Session session = lada::Session::open(toStd(dir));
        QVERIFY2(session.warnings().empty(), qPrintable(joined(session.warnings())));
        QCOMPARE(session.answers().size(), std::size_t(13));
        QCOMPARE(session.labels().at(m_paths[20]), 3);
        QCOMPARE(session.history().size(), std::size_t(2));
    }

    void tornLineInReadOnlyModeLeavesTheFileAlone()
    {
        const QString dir = sessionWithLabels(5);
        const QString journal = dir + QStringLiteral("/labels.jsonl");
        appendRaw(journal, QByteArray("{\"seq\":6,\"pa"));
        const auto before = snapshot(dir);
        const lada::Session session = lada::Session::open(toStd(dir), lada::Session::Mode::ReadOnly);
        QVERIFY(anyContains(session.warnings(), QStringLiteral("torn last line")));
        QCOMPARE(session.answers().size(), std::size_t(5));
        QCOMPARE(snapshot(dir), before);
    }

    void completeLastLineWithoutLineBreakIsKept()
    {
        const QString dir = sessionWithLabels(3);
        const QString journal = dir + QStringLiteral("/labels.jsonl");
        appendRaw(journal, QByteArray("{\"seq\":4,\"path\":\"") + QByteArray::fromStdString(m_paths[9]) +
                               QByteArray("\",\"label\":\"7\",\"round\":0,\"time\":\"2024-01-01T00:00:00.000Z\"}"));
        {
            lada::Session session = lada::Session::open(toStd(dir));
            QCOMPARE(session.answers().size(), std::size_t(4));
            session.recordLabel(m_paths[10], 1, 0);
        }
        QCOMPARE(lada::Session::open(toStd(dir)).answers().size(), std::size_t(5));
    }

    void nonJsonLineMidFileIsReportedAndKept()
    {
        const QString dir = sessionWithLabels(4);
        const QString journal = dir + QStringLiteral("/labels.jsonl");
        appendRaw(journal, QByteArray("this is not json\n"));
        {
            lada::Session session = lada::Session::open(toStd(dir));
            session.recordLabel(m_paths[7], 2, 0);
        }
        const auto before = snapshot(dir);
        const lada::Session session = lada::Session::open(toStd(dir));
        QVERIFY2(anyContains(session.warnings(), QStringLiteral("labels.jsonl line 5 is not a journal record")),
                 qPrintable(joined(session.warnings())));
        QCOMPARE(session.answers().size(), std::size_t(5));  // the answers on both sides of the bad line
        QCOMPARE(session.labels().at(m_paths[7]), 2);
        QCOMPARE(snapshot(dir), before);
    }

    void labelOutsideTheClassListIsReportedNotChanged()
    {
        const QString dir = sessionWithLabels(2);
        const QString journal = dir + QStringLiteral("/labels.jsonl");
        appendRaw(journal, QByteArray("{\"seq\":3,\"path\":\"") + QByteArray::fromStdString(m_paths[5]) +
                               QByteArray("\",\"label\":\"dog\",\"round\":1,\"time\":\"2024-01-01T00:00:00.000Z\"}"
                                          "\n"));
        const auto before = snapshot(dir);
        const lada::Session session = lada::Session::open(toStd(dir), lada::Session::Mode::ReadOnly);
        QVERIFY2(anyContains(session.warnings(), QStringLiteral("label \"dog\"")),
                 qPrintable(joined(session.warnings())));
        QCOMPARE(session.labels().size(), std::size_t(2));
        QCOMPARE(session.currentAnswer(m_paths[5])->label, std::string("dog"));  // kept as answered
        QVERIFY(!session.isAnswered(m_paths[5]));                                // and back in the pool
        const auto report = lada::exportCsv(session, toStd(m_tmp.filePath(QStringLiteral("dog.csv"))));
        QCOMPARE(report.labeled, int64_t(2));
        QVERIFY(anyContains(report.warnings, QStringLiteral("\"dog\" is not in the class list")));
        QCOMPARE(snapshot(dir), before);
    }

    void corruptSessionFileIsRefusedWithoutChanges_data()
    {
        QTest::addColumn<QByteArray>("content");
        QFile truncated(QStringLiteral(LADA_TEST_FIXTURE_DIR "/session/session_truncated.json"));
        QVERIFY(truncated.open(QIODevice::ReadOnly));
        QTest::newRow("truncated") << truncated.readAll();
        QTest::newRow("not an object") << QByteArray("[1, 2, 3]\n");
        QTest::newRow("another format") << QByteArray("{\"format\": \"something-else\", \"version\": 1}");
        QTest::newRow("no classes") << QByteArray(
            "{\"format\": \"lada-session\", \"version\": 1, \"datasetRoot\": \"/d\", \"classNames\": []}");
        QTest::newRow("binary garbage") << QByteArray("\x00\xff\xfe garbage", 12);
    }

    void corruptSessionFileIsRefusedWithoutChanges()
    {
        QFETCH(QByteArray, content);
        const QString dir = sessionWithLabels(6);
        QFile file(dir + QStringLiteral("/session.json"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
        file.close();
        const auto before = snapshot(dir);
        try {
            lada::Session::open(toStd(dir));
            QFAIL("a corrupt session.json was accepted");
        } catch (const lada::DataError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(dir + QStringLiteral("/session.json")), e.what());
        }
        QCOMPARE(snapshot(dir), before);
    }

    void folderWithoutSessionFileIsNotASession()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("not-a-session"));
        QDir().mkpath(dir);
        QVERIFY_THROWS_EXCEPTION(lada::DataError, lada::Session::open(toStd(dir)));
        QVERIFY_THROWS_EXCEPTION(lada::DataError,
                                 lada::Session::open(toStd(m_tmp.filePath(QStringLiteral("nowhere")))));
        QVERIFY(QDir(dir).isEmpty());
    }

    void movedDatasetOpensAndCanBeRelocated()
    {
        // A dataset of its own, so that moving it leaves the other tests' dataset in place.
        const QString oldRoot = m_tmp.filePath(QStringLiteral("movable"));
        const auto paths = buildMnistDataset(oldRoot, 1);
        const QString dir = newSessionDir();
        {
            lada::Session session = lada::Session::create(toStd(dir), mnistInfo(oldRoot));
            for (std::size_t i = 0; i < paths.size(); ++i) {
                session.recordLabel(paths[i], static_cast<int>(i), 0);
            }
        }
        const QString newRoot = m_tmp.filePath(QStringLiteral("moved/mnist"));
        QDir().mkpath(m_tmp.filePath(QStringLiteral("moved")));
        QVERIFY(QDir().rename(oldRoot, newRoot));
        {
            lada::Session session = lada::Session::open(toStd(dir));
            QVERIFY(session.datasetRootMissing());
            QVERIFY(anyContains(session.warnings(), QStringLiteral("does not exist")));
            QCOMPARE(session.labels().size(), paths.size());
            // A folder without the labeled images is refused; a missing one too.
            QVERIFY_THROWS_EXCEPTION(lada::DataError,
                                     session.relocateDataset(toStd(m_tmp.filePath(QStringLiteral("moved")))));
            QVERIFY_THROWS_EXCEPTION(lada::DataError,
                                     session.relocateDataset(toStd(m_tmp.filePath(QStringLiteral("nope")))));
            session.relocateDataset(toStd(newRoot));
            QVERIFY(!session.datasetRootMissing());
        }
        const lada::Session session = lada::Session::open(toStd(dir));
        QVERIFY(!session.datasetRootMissing());
        QCOMPARE(QString::fromStdString(session.info().datasetRoot), newRoot);
        QCOMPARE(QString::fromStdString(session.info().trainSource), newRoot + QStringLiteral("/train"));
        QCOMPARE(session.labels().size(), paths.size());
        // The rewrite went through a temporary file that is gone.
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 3);
    }
};

LADA_TEST_GUILESS_MAIN(TestSessionRecovery)
}  // namespace tst_session_recovery
#include "tst_session_recovery.moc"
