// SPDX-License-Identifier: MIT
// The PDF report of a real session made by lada-cli (lada-entmix, 2 rounds on the bundled MNIST sample):
// written by writeSessionReport and by `lada-workbench --report`, without a display, and read back with
// poppler (pdfinfo, pdftotext): its pages, the strategy, the classes, the labels per class as
// Session::labels() counts them and the last round's accuracy as history.jsonl records it. A bad folder
// is refused by name; --version and --help print without a display.
#include "core/session/session.h"
#include "tests/test_main.h"
#include "ui/report/session_report.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

namespace tst_report {

namespace {

/** Runs `program` with `args`; returns its exit code (-1 when it crashed or did not finish in 3 minutes). */
int run(const QString& program, const QStringList& args, const QProcessEnvironment& env, QByteArray* out = nullptr,
        QByteArray* err = nullptr)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    if (!process.waitForStarted() || !process.waitForFinished(180000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (out)
        *out = process.readAllStandardOutput();
    const QByteArray errText = process.readAllStandardError();
    if (err)
        *err = errText;
    if (process.exitStatus() != QProcess::NormalExit)
        return -1;
    if (process.exitCode() != 0 && !err)
        qWarning("%s: %s", qPrintable(program), errText.constData());
    return process.exitCode();
}

QString poppler(const char* tool)
{
    const QString path = QStandardPaths::findExecutable(QLatin1String(tool));
    if (path.isEmpty())
        qFatal("%s not found: install poppler-utils (packaging/install-deps.sh)", tool);
    return path;
}

int pageCount(const QString& pdf)
{
    QByteArray out;
    if (run(poppler("pdfinfo"), {pdf}, QProcessEnvironment::systemEnvironment(), &out) != 0)
        return -1;
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(QString::fromUtf8(out));
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

QString pdfText(const QString& pdf)
{
    QByteArray out;
    if (run(poppler("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")},
            QProcessEnvironment::systemEnvironment(), &out) != 0)
        return {};
    return QString::fromUtf8(out);
}

/** The environment of a program that must not need a display: no DISPLAY, no platform chosen. */
QProcessEnvironment withoutDisplay()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    return env;
}

}  // namespace

class TestReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_session = m_dir.filePath(QStringLiteral("mnist-entmix"));
        const QString sample = QStringLiteral(LADA_SOURCE_DIR "/resources/sample/mnist/");
        QStringList args = QStringLiteral("run --strategy lada-entmix --model cnn --rounds 2 --budget 10 --initial 20 "
                                          "--epochs 2 --pool-subset 300 --device cpu --policy-objective curve --quiet")
                               .split(QLatin1Char(' '));
        args << QStringLiteral("--train") << sample + QStringLiteral("train") << QStringLiteral("--test")
             << sample + QStringLiteral("test") << QStringLiteral("--session") << m_session;
        QCOMPARE(run(QStringLiteral(LADA_CLI_PATH), args, QProcessEnvironment::systemEnvironment()), 0);
        QVERIFY(QFile::exists(m_session + QStringLiteral("/history.jsonl")));
    }

    void functionWritesTheReport()
    {
        const QString pdf = m_dir.filePath(QStringLiteral("function.pdf"));
        QString error;
        QVERIFY2(lada::ui::writeSessionReport(m_session, pdf, &error), qPrintable(error));
        checkReport(pdf);
    }

    void programWritesTheReportWithoutDisplay()
    {
        const QString pdf = m_dir.filePath(QStringLiteral("program.pdf"));
        QByteArray out, err;
        const int code =
            run(QStringLiteral(LADA_WORKBENCH_PATH),
                {QStringLiteral("--report"), m_session, QStringLiteral("--out"), pdf}, withoutDisplay(), &out, &err);
        QVERIFY2(code == 0, err.constData());
        QVERIFY(out.contains(QFile::encodeName(pdf)));
        checkReport(pdf);
    }

    void unreadableImagesBecomePlaceholders()
    {
        // The same session with its dataset gone: the grid draws placeholders, the report is still written.
        const QString moved = m_dir.filePath(QStringLiteral("moved-dataset"));
        QVERIFY(QDir().mkpath(moved));
        for (const char* name : {"session.json", "labels.jsonl", "history.jsonl"})
            QVERIFY(QFile::copy(m_session + QLatin1Char('/') + QLatin1String(name),
                                moved + QLatin1Char('/') + QLatin1String(name)));
        QFile file(moved + QStringLiteral("/session.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        json[QStringLiteral("datasetRoot")] = m_dir.filePath(QStringLiteral("no-such-dataset"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(json).toJson());
        file.close();

        const QString pdf = m_dir.filePath(QStringLiteral("moved.pdf"));
        QString error;
        QVERIFY2(lada::ui::writeSessionReport(moved, pdf, &error), qPrintable(error));
        const QString text = pdfText(pdf);
        QCOMPARE(text.count(QStringLiteral("cannot read image")), 10);  // the budget of the last round
    }

    void badSessionFolderIsNamed()
    {
        const QString missing = m_dir.filePath(QStringLiteral("no-such-session"));
        const QString pdf = m_dir.filePath(QStringLiteral("bad.pdf"));
        QString error;
        QVERIFY(!lada::ui::writeSessionReport(missing, pdf, &error));
        QVERIFY2(error.contains(missing), qPrintable(error));

        const QString empty = m_dir.filePath(QStringLiteral("empty-folder"));
        QVERIFY(QDir().mkpath(empty));
        QVERIFY(!lada::ui::writeSessionReport(empty, pdf, &error));
        QVERIFY2(error.contains(QStringLiteral("session.json")), qPrintable(error));
        QVERIFY(!QFile::exists(pdf));

        const QString unwritable = m_dir.filePath(QStringLiteral("no-such-folder/x.pdf"));
        QVERIFY(!lada::ui::writeSessionReport(m_session, unwritable, &error));
        QVERIFY2(error.contains(unwritable), qPrintable(error));

        QByteArray out, err;
        const int code =
            run(QStringLiteral(LADA_WORKBENCH_PATH),
                {QStringLiteral("--report"), missing, QStringLiteral("--out"), pdf}, withoutDisplay(), &out, &err);
        QVERIFY(code > 0);
        QVERIFY2(err.contains(QFile::encodeName(missing)), err.constData());
        QVERIFY(!QFile::exists(pdf));
    }

    void versionAndHelpNeedNoDisplay()
    {
        // xcb without DISPLAY cannot start: a window (or a QApplication) would abort the program.
        QProcessEnvironment env = withoutDisplay();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        QByteArray out, err;
        QVERIFY2(run(QStringLiteral(LADA_WORKBENCH_PATH), {}, env, &out, &err) != 0,
                 "the window started without a display: this test proves nothing here");

        QCOMPARE(run(QStringLiteral(LADA_WORKBENCH_PATH), {QStringLiteral("--version")}, env, &out, &err), 0);
        QCOMPARE(out, QByteArray("lada-workbench " LADA_VERSION "\n"));
        QCOMPARE(run(QStringLiteral(LADA_WORKBENCH_PATH), {QStringLiteral("--help")}, env, &out, &err), 0);
        QVERIFY2(out.startsWith("Usage: "), out.constData());
        for (const char* option : {"--report <SESSION>", "--out <FILE>", "--train <DIR>", "--session-dir <DIR>"})
            QVERIFY2(out.contains(option), option);
    }

private:
    /** The report's pages and the numbers in its text, against the session read through core. */
    void checkReport(const QString& pdf)
    {
        QVERIFY(QFile::exists(pdf));
        QCOMPARE(pageCount(pdf), 4);  // title, labels and accuracy, tau* and entropy, images and answers
        const QString text = pdfText(pdf);
        QVERIFY(text.contains(QStringLiteral("lada-entmix")));
        QVERIFY(text.contains(QStringLiteral("mnist-entmix")));
        QVERIFY(text.contains(QStringLiteral("Round 2: queried images and answers")));
        QVERIFY(!text.contains(QStringLiteral("cannot read image")));

        const lada::Session session = lada::Session::open(m_session.toStdString(), lada::Session::Mode::ReadOnly);
        std::map<int, int> perClass;
        for (const auto& [path, c] : session.labels())
            ++perClass[c];
        QCOMPARE(static_cast<int>(session.labels().size()), 40);
        const auto& classes = session.info().classNames;
        QCOMPARE(classes.size(), std::size_t{10});
        for (int c = 0; c < static_cast<int>(classes.size()); ++c) {
            // The table row "<class>  <labels>  <share> %".
            const QRegularExpression row(QStringLiteral("^\\s*%1\\s+%2\\s+[0-9.]+ %$")
                                             .arg(QRegularExpression::escape(QString::fromStdString(classes[c])))
                                             .arg(perClass[c]),
                                         QRegularExpression::MultilineOption);
            QVERIFY2(text.contains(row), qPrintable(row.pattern()));
        }

        // The last round's accuracy, as history.jsonl records it, on its row of the rounds table.
        QFile history(m_session + QStringLiteral("/history.jsonl"));
        QVERIFY(history.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = history.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        const QJsonObject last = QJsonDocument::fromJson(lines.last()).object();
        const QJsonObject measured = last[QStringLiteral("session")].toObject();
        const QString accuracy =
            QStringLiteral("%1 %").arg(measured[QStringLiteral("accuracy")].toDouble() * 100.0, 0, 'f', 2);
        const QRegularExpression lastRow(QStringLiteral("^\\s*2\\s+%1\\s+0\\s+%2\\s+test split")
                                             .arg(measured[QStringLiteral("labeled")].toInt())
                                             .arg(QRegularExpression::escape(accuracy)),
                                         QRegularExpression::MultilineOption);
        QVERIFY2(text.contains(lastRow), qPrintable(lastRow.pattern() + QStringLiteral("\n") + text));
    }

    QTemporaryDir m_dir;
    QString m_session;
};

LADA_TEST_MAIN(TestReport)
}  // namespace tst_report
#include "tst_report.moc"
