// SPDX-License-Identifier: MIT
// Hostile and broken files (issue 14), one test per rule, each with files built here:
//  - nothing is allocated because a header claims it (idx sizes, a gzip trailer, a dataset cache's header
//    length and shape, image headers claiming a huge size): the claim is checked against the file's real
//    length or the memory available first, and the message says how much it would need;
//  - decompression is bounded (a gzip bomb);
//  - an error message quotes at most a bounded excerpt of what it read;
//  - a path from a journal or an import never leads outside the dataset folder;
//  - out-of-range labels are refused with their record or row named;
//  - a folder of 10,000 files (LADA_FOLDER_FILES: any number) of which every tenth is garbage loads the good
//    ones in bounded time and memory.
#include "core/data/dataset_cache.h"
#include "core/data/dataset_cache_header.h"
#include "core/data/dataset_loader.h"
#include "core/data/gzip_file.h"
#include "core/error.h"
#include "core/session/exporter.h"
#include "core/session/label_journal.h"
#include "core/session/session.h"
#include "core/session/session_info.h"
#include "core/util/excerpt.h"
#include "tests/test_main.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>
#include <zlib.h>

#include <cstring>

namespace tst_hostile_files {

namespace {

const QString kBroken = QStringLiteral(LADA_TEST_FIXTURE_DIR "/broken");

void writeFile(const QString& path, const QByteArray& bytes)
{
    QVERIFY(QFileInfo(path).dir().mkpath(QStringLiteral(".")));
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray readFixture(const QString& relative)
{
    QFile f(kBroken + QLatin1Char('/') + relative);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray bigEndian32(uint32_t v)
{
    QByteArray out;
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.append(static_cast<char>((v >> shift) & 0xFF));
    }
    return out;
}

/** `data` gzip-compressed by zlib (the format gunzip reads). */
QByteArray gzipOf(const QByteArray& data)
{
    z_stream s{};
    deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
    QByteArray out(static_cast<qsizetype>(deflateBound(&s, static_cast<uLong>(data.size()))), '\0');
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    s.avail_in = static_cast<uInt>(data.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = static_cast<uInt>(out.size());
    deflate(&s, Z_FINISH);
    out.resize(static_cast<qsizetype>(s.total_out));
    deflateEnd(&s);
    return out;
}

std::vector<unsigned char> bytesOf(const QByteArray& data)
{
    return {data.begin(), data.end()};
}

/** The message of the lada::Error `f` throws; fails the test when it throws nothing or something else. */
template <typename F>
std::string errorOf(F&& f)
{
    try {
        f();
    } catch (const lada::Error& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("WRONG EXCEPTION: ") + e.what();
    }
    return "NO EXCEPTION";
}

/** Peak resident memory of this process so far, in MiB. */
double peakResidentMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

class TestHostileFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // First: its peak-memory check needs a process that has not yet allocated the gzip bomb below.
    void aFolderOfTenThousandFilesWithEveryTenthGarbageLoadsTheRest()
    {
        QTemporaryDir dir;
        const QByteArray good = readFixture(QStringLiteral("3/good_a.png"));
        const QByteArray garbage = readFixture(QStringLiteral("7/not_an_image.png"));
        QVERIFY(!good.isEmpty() && !garbage.isEmpty());
        // LADA_FOLDER_FILES=100000 runs the issue's full-size check (minutes; not in CI).
        const int kFiles = qEnvironmentVariableIntValue("LADA_FOLDER_FILES") > 0
                               ? qEnvironmentVariableIntValue("LADA_FOLDER_FILES")
                               : 10000;
        for (int i = 0; i < kFiles; ++i) {
            const bool bad = i % 10 == 9;
            writeFile(QStringLiteral("%1/%2/%3.%4")
                          .arg(dir.path(), i % 2 == 0 ? QStringLiteral("even") : QStringLiteral("odd"))
                          .arg(i)
                          .arg(QStringLiteral("png")),
                      bad ? garbage : good);
        }
        const double before = peakResidentMiB();
        QElapsedTimer timer;
        timer.start();
        lada::LoadOptions options;
        options.threads = 2;
        const lada::Dataset dataset = lada::loadDataset(dir.path().toStdString(), options);
        const double seconds = static_cast<double>(timer.elapsed()) / 1000.0;
        const double grown = peakResidentMiB() - before;
        qInfo("%d files, every tenth garbage: %.2f s, peak resident memory grew %.1f MiB", kFiles, seconds, grown);
        QCOMPARE(dataset.size(), int64_t{kFiles - kFiles / 10});
        QCOMPARE(dataset.report.skipped.size(), std::size_t(kFiles / 10));
        // Bounded: 9,000 images of 28 x 28 are 7 MiB; the listing and reasons a few more (allowed: 10 KiB a
        // file). AddressSanitizer keeps freed memory in its quarantine (256 MiB by default) and shadows all of
        // it: allow for that there. Time: at most 6 ms a file on 2 cores.
#if defined(__SANITIZE_ADDRESS__)
        const double boundMiB = 500.0 + kFiles / 100.0;
#else
        const double boundMiB = 100.0 + kFiles / 100.0;
#endif
        QVERIFY2(grown < boundMiB, qPrintable(QString::number(grown)));
        QVERIFY2(seconds < 0.006 * kFiles, qPrintable(QString::number(seconds)));
    }

    void gzipBombStopsAtTheLimit()
    {
        // 64 MiB of zeros compress to ~64 KiB: a 1000:1 bomb. The limit stops it at 1 MiB of output.
        const QByteArray bomb = gzipOf(QByteArray(64 << 20, '\0'));
        QVERIFY(bomb.size() < (1 << 17));
        const std::string message = errorOf([&] { lada::gunzipData(bytesOf(bomb), "bomb.gz", 1 << 20); });
        QVERIFY2(message.find("\"bomb.gz\": gzip data decompresses to more than 1.0 MiB") != std::string::npos,
                 message.c_str());
        // Within the limit the same data decompresses whole.
        QCOMPARE(lada::gunzipData(bytesOf(bomb), "bomb.gz", uint64_t{65} << 20).size(), std::size_t{64} << 20);
    }

    void gzipTrailerClaimIsNotTrusted()
    {
        // The trailer's size field claims 4 GiB; the data holds 100 bytes. The reader must neither reserve
        // the claim nor accept the file: zlib's length check refuses it.
        QByteArray gz = gzipOf(QByteArray(100, 'x'));
        std::memset(gz.data() + gz.size() - 4, 0xff, 4);
        const std::string message = errorOf([&] { lada::gunzipData(bytesOf(gz), "claims.gz", uint64_t{8} << 30); });
        QVERIFY2(message.find("corrupt gzip data") != std::string::npos, message.c_str());
    }

    void idxHeaderClaimIsCheckedAgainstTheFile()
    {
        QTemporaryDir dir;
        // 2^30 images of 28 x 28 claimed (784 GiB), 784 bytes present.
        const QString file = dir.path() + QStringLiteral("/train-images-idx3-ubyte");
        writeFile(file, bigEndian32(0x803) + bigEndian32(1u << 30) + bigEndian32(28) + bigEndian32(28) +
                            QByteArray(784, '\7'));
        lada::LoadOptions options;
        options.allowUnlabeled = true;
        std::string message = errorOf([&] { lada::loadDataset(file.toStdString(), options); });
        QVERIFY2(message.find("truncated: expected 841813590032 bytes, found 800") != std::string::npos,
                 message.c_str());
        // Sizes whose product passes 1 TiB are refused before the product overflows.
        writeFile(file, bigEndian32(0x803) + bigEndian32(0xffffffff) + bigEndian32(0xffffffff) +
                            bigEndian32(0xffffffff) + QByteArray(16, '\0'));
        message = errorOf([&] { lada::loadDataset(file.toStdString(), options); });
        QVERIFY2(message.find("implausible sizes in header") != std::string::npos, message.c_str());
    }

    void idxLabelOutOfRangeNamesTheRecord()
    {
        QTemporaryDir dir;
        const QString images = dir.path() + QStringLiteral("/train-images-idx3-ubyte");
        writeFile(images, bigEndian32(0x803) + bigEndian32(4) + bigEndian32(2) + bigEndian32(2) + QByteArray(16, '\1'));
        writeFile(dir.path() + QStringLiteral("/train-labels-idx1-ubyte"),
                  bigEndian32(0x801) + bigEndian32(4) + QByteArray("\x01\x02\x0b\x00", 4));
        lada::LoadOptions options;
        options.classNames = {"0", "1", "2", "3", "4"};
        const std::string message = errorOf([&] { lada::loadDataset(images.toStdString(), options); });
        QVERIFY2(message.find("record 2 has label 11, outside the 5 given classes") != std::string::npos,
                 message.c_str());
    }

    void cifarLabelOutOfRangeNamesTheRecord()
    {
        QTemporaryDir dir;
        QByteArray records;
        for (int r = 0; r < 3; ++r) {
            records += static_cast<char>(r == 1 ? 200 : 3);
            records += QByteArray(3072, '\x40');
        }
        const QString file = dir.path() + QStringLiteral("/data_batch_1.bin");
        writeFile(file, records);
        const std::string message = errorOf([&] { lada::loadDataset(file.toStdString()); });
        QVERIFY2(message.find("record 1 has label 200, outside the 10 classes") != std::string::npos, message.c_str());
    }

    void cacheHeaderClaimsAreCheckedAgainstTheFile()
    {
        QTemporaryDir dir;
        const QString file = dir.path() + QStringLiteral("/x.ladacache");
        // A header length of 2^60 in a 64-byte file.
        QByteArray prefix(24, '\0');
        std::memcpy(prefix.data(), lada::kDatasetCacheMagic, 8);
        prefix[8] = 1;
        prefix[23] = 0x10;
        writeFile(file, prefix + QByteArray(40, ' '));
        std::string message = errorOf([&] { lada::readDatasetCache(file.toStdString()); });
        QVERIFY2(message.find("truncated header: expected 1152921504606846976 bytes, found 40") != std::string::npos,
                 message.c_str());
        // A real cache whose shape is edited to claim 2^20 x 2^20 images: refused as truncated, by its sizes.
        const std::string header = R"({"sourceKey":"k","shape":[1,4,1048576,1048576],"classNames":["a"],)"
                                   R"("paths":["a/1.png"],"root":"/r","report":{"source":"s","resized":0,)"
                                   R"("channelsConverted":0,"skipped":[],"warnings":[]},)"
                                   R"("pixelChecksum":"0","labelChecksum":"0"})";
        message = errorOf([&] { lada::parseDatasetCacheHeader(header, 1000, nullptr, "edited.ladacache"); });
        QVERIFY2(message.find("truncated: expected ") != std::string::npos &&
                     message.find("found 1000") != std::string::npos,
                 message.c_str());
    }

    void imageHeadersClaimingAHugeSizeAreRefusedBeforeAllocating()
    {
        // Three real MNIST PNGs whose IHDR claims 1,000,000 x 1,000,000 pixels (the decoder would fail on
        // each; the split's tensor would need ~2.7 TiB and is refused with how much it needs).
        QTemporaryDir dir;
        QByteArray png = readFixture(QStringLiteral("3/good_a.png"));
        QVERIFY(png.size() > 24);
        png.replace(16, 4, bigEndian32(1000000));
        png.replace(20, 4, bigEndian32(1000000));
        for (const char* name : {"a/1.png", "a/2.png", "b/3.png"}) {
            writeFile(dir.path() + QLatin1Char('/') + QLatin1String(name), png);
        }
        const std::string message = errorOf([&] { lada::loadDataset(dir.path().toStdString()); });
        QVERIFY2(message.find("3 images at 1000000 x 1000000 x 1 need 2.7 TiB of memory") != std::string::npos,
                 message.c_str());
        QVERIFY2(message.find("--image-size") != std::string::npos, message.c_str());
    }

    void errorMessagesQuoteABoundedExcerpt_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("quotes");  // the message quotes an excerpt of what it read
        QTest::newRow("session.json with a 1 MB string") << QStringLiteral("session") << true;
        QTest::newRow("manifest with a 1 MB column name") << QStringLiteral("manifest") << true;
        QTest::newRow("manifest with a 1 MB label") << QStringLiteral("label") << true;
        QTest::newRow("journal line of 1 MB") << QStringLiteral("journal") << false;
    }

    void errorMessagesQuoteABoundedExcerpt()
    {
        QFETCH(QString, kind);
        QFETCH(bool, quotes);
        const std::string huge(1 << 20, 'z');
        QTemporaryDir dir;
        std::string message;
        if (kind == QLatin1String("session")) {
            message = errorOf([&] { lada::sessionInfoFromJson("{\"format\": \"" + huge, "session.json"); });
        } else if (kind == QLatin1String("manifest") || kind == QLatin1String("label")) {
            const QString csv = dir.path() + QStringLiteral("/m.csv");
            const std::string text = kind == QLatin1String("manifest") ? "filepath,label," + huge + "\na.png,1,x\n"
                                                                       : "filepath,label\na.png," + huge + "\n";
            writeFile(csv, QByteArray::fromStdString(text));
            lada::LoadOptions options;
            options.classNames = {"0", "1"};
            message = errorOf([&] { lada::loadDataset(csv.toStdString(), options); });
        } else {
            std::string problem;
            QVERIFY(!lada::decodeJournalRecord("{\"seq\": \"" + huge, problem));
            message = problem;
        }
        QVERIFY2(message.size() < 1024, message.substr(0, 300).c_str());
        QVERIFY2(!quotes || message.find("zzzz") != std::string::npos, message.c_str());  // an excerpt, not nothing
    }

    void excerptKeepsCharactersWhole()
    {
        // 199 ASCII bytes then a 2-byte UTF-8 character across the 200-byte cut: the character is dropped whole.
        const std::string text = std::string(199, 'a') + "\xc3\xa9" + "tail";
        const std::string cut = lada::excerpt(text);
        QCOMPARE(cut, std::string(199, 'a') + "... (205 bytes)");
        QCOMPARE(lada::excerpt("line\nnext\t\x01"), std::string("line\\nnext\\t\\x01"));
    }

    void journalPathsOutsideTheDatasetAreIgnored()
    {
        QTemporaryDir dir;
        const QString root = dir.path() + QStringLiteral("/data");
        writeFile(root + QStringLiteral("/3/a.png"), readFixture(QStringLiteral("3/good_a.png")));
        writeFile(dir.path() + QStringLiteral("/secret.txt"), QByteArray("not yours"));
        lada::SessionInfo info;
        info.datasetRoot = root.toStdString();
        info.trainSource = root.toStdString();
        info.classNames = {"3", "7"};
        const std::string folder = (dir.path() + QStringLiteral("/session")).toStdString();
        {
            lada::Session session = lada::Session::create(folder, info);
            session.recordLabel("3/a.png", 0, 0);
        }
        // Someone edits the journal: one record leaves the folder, one is absolute.
        QFile journal(QString::fromStdString(folder) + QStringLiteral("/labels.jsonl"));
        QVERIFY(journal.open(QIODevice::Append));
        journal.write(R"({"seq":2,"path":"../secret.txt","label":"7","round":0,"time":"t"})"
                      "\n"
                      R"({"seq":3,"path":"/etc/passwd","label":"7","round":0,"time":"t"})"
                      "\n");
        journal.close();
        lada::Session session = lada::Session::open(folder);
        QCOMPARE(session.answers().size(), std::size_t{1});
        QCOMPARE(session.answers().front().path, std::string("3/a.png"));
        int refused = 0;
        for (const std::string& w : session.warnings()) {
            refused += w.find("is not a file inside the dataset folder") != std::string::npos ? 1 : 0;
        }
        QCOMPARE(refused, 2);
        // The ImageFolder export copies the one image inside the folder, nothing else.
        const QString out = dir.path() + QStringLiteral("/export");
        const lada::ExportReport report = lada::exportImageFolder(session, out.toStdString());
        QCOMPARE(report.labeled, int64_t{1});
        QVERIFY(!QFile::exists(out + QStringLiteral("/7/secret.txt")));
        QVERIFY(QFile::exists(out + QStringLiteral("/3/a.png")));
    }

    void journalLineWithANumberPastDoubleIsReportedNotThrown()
    {
        // Found by fuzz_label_journal: nlohmann throws out_of_range, not parse_error, for "1e999", and the
        // journal's decoder caught only parse_error: opening such a session threw past every handler.
        std::string problem;
        QVERIFY(!lada::decodeJournalRecord(R"({"seq": 1e999, "path": "3/a.png", "label": "3", "round": 0})", problem));
        QCOMPARE(problem, std::string("not JSON"));
        const std::string message =
            errorOf([] { lada::sessionInfoFromJson(R"({"format": "lada-session", "n": -1e999})", "session.json"); });
        QVERIFY2(message.find("corrupt session file \"session.json\": not valid JSON") != std::string::npos,
                 message.c_str());
    }

    void importPathsOutsideTheDatasetAreRejectedWithTheirRow()
    {
        QTemporaryDir dir;
        const QString root = dir.path() + QStringLiteral("/data");
        writeFile(root + QStringLiteral("/3/a.png"), readFixture(QStringLiteral("3/good_a.png")));
        writeFile(dir.path() + QStringLiteral("/outside.png"), readFixture(QStringLiteral("3/good_b.png")));
        lada::SessionInfo info;
        info.datasetRoot = root.toStdString();
        info.trainSource = root.toStdString();
        info.classNames = {"3", "7"};
        lada::Session session = lada::Session::create((dir.path() + QStringLiteral("/session")).toStdString(), info);
        const QString csv = root + QStringLiteral("/labels.csv");
        writeFile(csv, QByteArray("filepath,label\n3/a.png,3\n../outside.png,7\n"));
        const lada::ImportReport report = session.importLabels(csv.toStdString());
        QCOMPARE(report.imported, int64_t{1});
        QCOMPARE(report.rejected.size(), std::size_t{1});
        QCOMPARE(report.rejected.front().row, int64_t{3});
        QVERIFY2(report.rejected.front().reason.find("is outside the dataset folder") != std::string::npos,
                 report.rejected.front().reason.c_str());
    }
};

LADA_TEST_GUILESS_MAIN(TestHostileFiles)
}  // namespace tst_hostile_files
#include "tst_hostile_files.moc"
