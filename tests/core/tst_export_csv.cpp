// SPDX-License-Identifier: MIT
// The RFC 4180 reader and writer that the CSV export and the label import stand on, checked against
// hand-made cases, a fixture file written the way other tools write CSV, and Python's csv module.
#include "core/error.h"
#include "core/util/csv.h"
#include "python_runner.h"
#include "tests/test_main.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using lada::CsvRow;
using Rows = std::vector<CsvRow>;
Q_DECLARE_METATYPE(Rows)

namespace tst_export_csv {

namespace {

using lada::test::runPython;

/** Rows as JSON text, to compare with what Python reads. */
QByteArray rowsAsJson(const Rows& rows)
{
    QJsonArray array;
    for (const auto& row : rows) {
        QJsonArray fields;
        for (const auto& field : row) {
            fields.append(QString::fromStdString(field));
        }
        array.append(fields);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

Rows rowsFromJson(const QByteArray& json)
{
    Rows rows;
    for (const auto& row : QJsonDocument::fromJson(json).array()) {
        CsvRow fields;
        for (const auto& field : row.toArray()) {
            fields.push_back(field.toString().toStdString());
        }
        rows.push_back(fields);
    }
    return rows;
}

// Fields a CSV writer must quote, or must not mangle.
const Rows kAwkwardRows = {
    {"filepath", "label"},
    {"train/3/café,\"q\" 1.png", "3"},
    {"with space.png", "cat"},
    {" leading and trailing ", "dog"},
    {"multi\nline\r\nfield.png", "bird"},
    {"日本語/ünïcødé.png", "frog"},
    {"", "empty path"},
    {"\"\"", ","},
    {"single"},
    {""},
};

}  // namespace

class TestCsv : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesRfc4180Text_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<Rows>("rows");
        QTest::newRow("plain LF") << QByteArray("a,b\nc,d\n") << Rows{{"a", "b"}, {"c", "d"}};
        QTest::newRow("CRLF, no final break") << QByteArray("a,b\r\nc,d") << Rows{{"a", "b"}, {"c", "d"}};
        QTest::newRow("quoted comma") << QByteArray("\"a,b\",c\n") << Rows{{"a,b", "c"}};
        QTest::newRow("doubled quote") << QByteArray("\"say \"\"hi\"\"\",x\n") << Rows{{"say \"hi\"", "x"}};
        QTest::newRow("line break in quotes") << QByteArray("\"a\r\nb\",c\n") << Rows{{"a\r\nb", "c"}};
        QTest::newRow("empty fields") << QByteArray(",,\n") << Rows{{"", "", ""}};
        QTest::newRow("quoted empty field") << QByteArray("\"\"\n") << Rows{{""}};
        QTest::newRow("blank lines skipped") << QByteArray("a\n\n\r\nb\n") << Rows{{"a"}, {"b"}};
        QTest::newRow("byte-order mark") << QByteArray("\xEF\xBB\xBF"
                                                       "a,b\n")
                                         << Rows{{"a", "b"}};
        QTest::newRow("UTF-8 unchanged") << QByteArray("caf\xC3\xA9,\xE6\x97\xA5\n")
                                         << Rows{{"caf\xC3\xA9", "\xE6\x97\xA5"}};
        QTest::newRow("stray quote kept") << QByteArray("ab\"c,d\n") << Rows{{"ab\"c", "d"}};
        QTest::newRow("spaces are data") << QByteArray(" a , b \n") << Rows{{" a ", " b "}};
    }

    void parsesRfc4180Text()
    {
        QFETCH(QByteArray, text);
        QFETCH(Rows, rows);
        QCOMPARE(lada::parseCsvRows(std::string_view(text.constData(), static_cast<std::size_t>(text.size()))), rows);
    }

    void rejectsMalformedText_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expectedLine");
        QTest::newRow("unterminated quote") << QByteArray("a,b\nc,\"open\nstill open\n") << QStringLiteral("line 2");
        QTest::newRow("text after quote") << QByteArray("a\n\"x\"y,z\n") << QStringLiteral("line 2");
    }

    void rejectsMalformedText()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expectedLine);
        try {
            lada::parseCsvRows(text.toStdString(), "labels.csv");
            QFAIL("malformed CSV was accepted");
        } catch (const lada::DataError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(QStringLiteral("labels.csv")), qPrintable(message));
            QVERIFY2(message.contains(expectedLine), qPrintable(message));
        }
    }

    void readsFixtureWrittenByOtherTools()
    {
        const Rows rows = lada::readCsv(LADA_TEST_FIXTURE_DIR "/session/rfc4180_sample.csv");
        const Rows expected = {
            {"filepath", "label"},           {"train/3/café,\"q\" 1.png", "3"}, {"plain/name.png", "cat"},
            {"multi\nline.png", "dog, big"}, {" leading space.png", ""},        {"日本/ü.png", ""},
        };
        QCOMPARE(rows, expected);
    }

    void writerRoundTripsAwkwardFields()
    {
        std::string text;
        for (const auto& row : kAwkwardRows) {
            text += lada::formatCsvRow(row);
        }
        QCOMPARE(lada::parseCsvRows(text), kAwkwardRows);
        // RFC 4180 records end in CRLF.
        QVERIFY(QByteArray::fromStdString(lada::formatCsvRow({"a", "b"})) == "a,b\r\n");
        QVERIFY(QByteArray::fromStdString(lada::formatCsvRow({"a,b", "c\"d"})) == "\"a,b\",\"c\"\"d\"\r\n");
    }

    void pythonReadsWhatWeWrite()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("ours.csv"));
        {
            std::ofstream out(QFile::encodeName(path).toStdString(), std::ios::binary);
            for (const auto& row : kAwkwardRows) {
                lada::writeCsvRow(out, row);
            }
        }
        QByteArray errors;
        const auto output = runPython(QStringLiteral("import csv, json, sys\n"
                                                     "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
                                                     "    print(json.dumps(list(csv.reader(f))))\n"),
                                      {path}, &errors);
        if (!output) {
            QSKIP("python3 is not installed");
        }
        QVERIFY2(!output->isEmpty(), errors.constData());
        QCOMPARE(rowsFromJson(*output), kAwkwardRows);
    }

    void weReadWhatPythonWrites()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("python.csv"));
        QByteArray errors;
        const auto output = runPython(QStringLiteral("import csv, json, sys\n"
                                                     "rows = json.loads(sys.argv[2])\n"
                                                     "with open(sys.argv[1], 'w', newline='', encoding='utf-8') as f:\n"
                                                     "    csv.writer(f).writerows(rows)\n"),
                                      {path, QString::fromUtf8(rowsAsJson(kAwkwardRows))}, &errors);
        if (!output) {
            QSKIP("python3 is not installed");
        }
        QVERIFY2(errors.isEmpty(), errors.constData());
        // Python writes a lone empty field as "" too, so every row survives.
        QCOMPARE(lada::readCsv(QFile::encodeName(path).toStdString()), kAwkwardRows);
    }

    void missingFileIsNamedInTheError()
    {
        try {
            lada::readCsv("/nonexistent/folder/labels.csv");
            QFAIL("reading a missing file succeeded");
        } catch (const lada::DataError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("/nonexistent/folder/labels.csv")), e.what());
        }
    }
};

LADA_TEST_GUILESS_MAIN(TestCsv)
}  // namespace tst_export_csv
#include "tst_export_csv.moc"
