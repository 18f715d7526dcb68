// SPDX-License-Identifier: MIT
// The dataset cache: a decoded split written to one binary file and read back whole, used by
// loadDataset only while it still matches the source (same files, sizes, times and options), ignored
// when damaged (the split is decoded again), and a DataError when a damaged cache is the source.
#include "core/data/dataset_cache.h"
#include "core/data/dataset_loader.h"
#include "core/error.h"
#include "tests/test_main.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

namespace tst_dataset_cache {

namespace {

const std::string kMnist = LADA_TEST_DATA_DIR "/mnist-png";
const std::string kBroken = LADA_TEST_FIXTURE_DIR "/broken";
const std::string kMixed = LADA_TEST_FIXTURE_DIR "/mixed";

void requireEqual(const lada::Dataset& a, const lada::Dataset& b)
{
    QVERIFY(torch::equal(a.images, b.images));
    QVERIFY(torch::equal(a.labels, b.labels));
    QCOMPARE(a.paths, b.paths);
    QCOMPARE(a.classNames, b.classNames);
    QCOMPARE(a.root, b.root);
    QCOMPARE(a.report.skipped.size(), b.report.skipped.size());
    for (std::size_t i = 0; i < a.report.skipped.size(); ++i) {
        QCOMPARE(a.report.skipped[i].path, b.report.skipped[i].path);
        QCOMPARE(a.report.skipped[i].reason, b.report.skipped[i].reason);
    }
    QCOMPARE(a.report.resized, b.report.resized);
    QCOMPARE(a.report.channelsConverted, b.report.channelsConverted);
}

/** Applies one kind of damage to the cache file at `path`. */
void damage(const QString& path, const QString& kind)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray bytes = f.readAll();
    const qsizetype labelsAt = bytes.size() - 3 * 8;  // the fixture split has 3 images
    if (kind == QLatin1String("truncated")) {
        bytes.truncate(bytes.size() / 2);
    } else if (kind == QLatin1String("empty")) {
        bytes.clear();
    } else if (kind == QLatin1String("bad magic")) {
        bytes[0] = 'X';
    } else if (kind == QLatin1String("other version")) {
        bytes[8] = 2;
    } else if (kind == QLatin1String("garbage header")) {
        bytes.replace(24, 4, "xxxx");
    } else if (kind == QLatin1String("flipped pixel")) {
        bytes[labelsAt - 100] = static_cast<char>(bytes[labelsAt - 100] ^ 0x10);
    } else if (kind == QLatin1String("flipped label")) {
        bytes[bytes.size() - 8] = static_cast<char>(bytes[bytes.size() - 8] ^ 0x01);
    }
    QVERIFY(f.resize(0));
    QVERIFY(f.seek(0));
    QCOMPARE(f.write(bytes), bytes.size());
}

}  // namespace

class TestDatasetCache : public QObject {
    Q_OBJECT

private:
    lada::Dataset m_mnistTest;
    lada::Dataset m_broken;
    qint64 m_decodeMs = 0;

    void addDamageRows()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("reason");
        QTest::newRow("truncated") << "truncated"
                                   << "truncated: expected";
        QTest::newRow("empty") << "empty"
                               << "truncated prefix: expected 24 bytes, found 0";
        QTest::newRow("bad magic") << "bad magic"
                                   << "not a LADA dataset cache (bad magic bytes)";
        QTest::newRow("other version") << "other version"
                                       << "unsupported cache version 2 (expected 1)";
        QTest::newRow("garbage header") << "garbage header"
                                        << "corrupt header";
        QTest::newRow("flipped pixel") << "flipped pixel"
                                       << "corrupt pixel data (checksum mismatch)";
        QTest::newRow("flipped label") << "flipped label"
                                       << "corrupt labels (checksum mismatch)";
    }

private Q_SLOTS:
    void initTestCase()
    {
        QElapsedTimer timer;
        timer.start();
        m_mnistTest = lada::loadDataset(kMnist + "/test");
        m_decodeMs = timer.elapsed();
        m_broken = lada::loadDataset(kBroken);
    }

    void roundTripKeepsEverything()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("mnist-test.ladacache")).toStdString();
        lada::saveDatasetCache(m_mnistTest, file, "key-1");
        const std::optional<lada::Dataset> back = lada::loadDatasetCache(file, "key-1");
        QVERIFY(back.has_value());
        requireEqual(*back, m_mnistTest);
        QVERIFY(back->report.fromCache);
        QCOMPARE(back->report.loaded, int64_t{10000});
        QVERIFY(back->images.is_contiguous());
        // A dataset cache file is recognised by its first bytes, whatever its name.
        QVERIFY(lada::isDatasetCacheFile(file));
        QVERIFY(!lada::isDatasetCacheFile(kBroken + "/3/good_a.png"));
    }

    void aLargeCacheOpensWithoutReadingItsPixels()
    {
        // 9 copies of the MNIST test split with 3 channels at 28 x 28: 90,000 images, 212 MB of pixels, past
        // the 64 MiB from which the pixel block is memory-mapped.
        lada::Dataset big;
        big.images = m_mnistTest.images.repeat({9, 3, 1, 1}).contiguous();
        big.labels = m_mnistTest.labels.repeat({9});
        for (int copy = 0; copy < 9; ++copy)
            for (const std::string& p : m_mnistTest.paths)
                big.paths.push_back(std::to_string(copy) + "/" + p);
        big.classNames = m_mnistTest.classNames;
        big.root = m_mnistTest.root;
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("big.ladacache")).toStdString();
        lada::saveDatasetCache(big, file, "key-big");
        const auto rss = [] {
            QFile status(QStringLiteral("/proc/self/status"));
            status.open(QIODevice::ReadOnly);
            for (const QByteArray& line : status.readAll().split('\n'))
                if (line.startsWith("VmRSS:"))
                    return line.mid(6).trimmed().split(' ').first().toLongLong() / 1024;  // MiB
            return -1LL;
        };
        const qint64 before = rss();
        const std::optional<lada::Dataset> back = lada::loadDatasetCache(file, "key-big");
        QVERIFY(back.has_value());
        const qint64 opened = rss();
        QVERIFY2(opened - before < 50, qPrintable(QString("%1 MiB -> %2 MiB").arg(before).arg(opened)));
        QCOMPARE(back->size(), int64_t{90000});
        QVERIFY(torch::equal(back->images[89999], big.images[89999]));  // pages read on demand
        QVERIFY(torch::equal(back->labels, big.labels));
        QCOMPARE(back->paths[12345], big.paths[12345]);
    }

    void skippedFilesSurviveTheRoundTrip()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("broken.ladacache")).toStdString();
        lada::saveDatasetCache(m_broken, file, "k");
        const auto back = lada::loadDatasetCache(file, "k");
        QVERIFY(back.has_value());
        requireEqual(*back, m_broken);
        QCOMPARE(back->report.skipped.size(), std::size_t{5});
    }

    void readingIsMuchFasterThanDecoding()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("mnist-test.ladacache")).toStdString();
        lada::saveDatasetCache(m_mnistTest, file, "key");
        QElapsedTimer timer;
        timer.start();
        const auto back = lada::loadDatasetCache(file, "key");
        const qint64 readMs = timer.elapsed();
        QVERIFY(back.has_value());
        qInfo("decoding 10,000 PNGs: %lld ms; reading their cache: %lld ms", static_cast<long long>(m_decodeMs),
              static_cast<long long>(readMs));
        // 7.8 MB in one read; the 47 MB training split must read well under 2 s, so this one under 0.5 s.
        QVERIFY2(readMs < 500, qPrintable(QString::number(readMs)));
        QVERIFY2(readMs * 2 < m_decodeMs, qPrintable(QString::number(readMs)));
    }

    void loadDatasetWritesThenUsesTheCache()
    {
        QTemporaryDir dir;
        lada::LoadOptions options;
        options.cacheFile = dir.filePath(QStringLiteral("cache/mnist-test.ladacache")).toStdString();
        const lada::Dataset first = lada::loadDataset(kMnist + "/test", options);
        QVERIFY(!first.report.fromCache);
        QVERIFY(QFile::exists(QString::fromStdString(options.cacheFile)));
        const lada::Dataset second = lada::loadDataset(kMnist + "/test", options);
        QVERIFY(second.report.fromCache);
        QCOMPARE(second.report.source, kMnist + "/test");
        requireEqual(second, first);
        requireEqual(second, m_mnistTest);
        // Only the cache is left in its folder: the temporary file was renamed onto it.
        QCOMPARE(QDir(dir.filePath(QStringLiteral("cache"))).entryList(QDir::Files),
                 QStringList{QStringLiteral("mnist-test.ladacache")});
    }

    void cacheGivenAsSourceLoads()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("broken.ladacache")).toStdString();
        lada::saveDatasetCache(m_broken, file, "anything");
        const lada::Dataset d = lada::loadDataset(file);
        QVERIFY(d.report.fromCache);
        requireEqual(d, m_broken);
    }

    void cacheOfAnotherSourceIsNotUsed()
    {
        QTemporaryDir dir;
        lada::LoadOptions options;
        options.cacheFile = dir.filePath(QStringLiteral("shared.ladacache")).toStdString();
        lada::loadDataset(kBroken, options);
        const lada::Dataset mixed = lada::loadDataset(kMixed, options);
        QVERIFY(!mixed.report.fromCache);
        QCOMPARE(mixed.size(), int64_t{8});
        QCOMPARE(mixed.report.warnings.size(), std::size_t{1});
        QVERIFY2(QString::fromStdString(mixed.report.warnings[0]).contains(QStringLiteral("another source")),
                 mixed.report.warnings[0].c_str());
        // The cache now holds the mixed split, and its report does not repeat why the old cache was refused.
        const lada::Dataset again = lada::loadDataset(kMixed, options);
        QVERIFY(again.report.fromCache);
        QVERIFY2(again.report.warnings.empty(), again.report.warnings.empty() ? "" : again.report.warnings[0].c_str());
    }

    void otherOptionsAreNotServedFromTheCache()
    {
        QTemporaryDir dir;
        lada::LoadOptions options;
        options.cacheFile = dir.filePath(QStringLiteral("mixed.ladacache")).toStdString();
        lada::loadDataset(kMixed, options);
        options.channels = 1;
        const lada::Dataset gray = lada::loadDataset(kMixed, options);
        QVERIFY(!gray.report.fromCache);
        QCOMPARE(gray.channels(), int64_t{1});
    }

    void changedSourceIsDecodedAgain()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("split"));
        QVERIFY(QDir(root).mkpath(QStringLiteral("3")));
        const QString good = QString::fromStdString(kBroken + "/3/");
        QVERIFY(QFile::copy(good + QStringLiteral("good_a.png"), root + QStringLiteral("/3/a.png")));
        QVERIFY(QFile::copy(good + QStringLiteral("good_b.png"), root + QStringLiteral("/3/b.png")));
        lada::LoadOptions options;
        options.cacheFile = dir.filePath(QStringLiteral("split.ladacache")).toStdString();
        QCOMPARE(lada::loadDataset(root.toStdString(), options).size(), int64_t{2});
        QVERIFY(lada::loadDataset(root.toStdString(), options).report.fromCache);

        // A file added.
        QVERIFY(QFile::copy(good + QStringLiteral("good_a.png"), root + QStringLiteral("/3/c.png")));
        lada::Dataset d = lada::loadDataset(root.toStdString(), options);
        QVERIFY(!d.report.fromCache);
        QCOMPARE(d.size(), int64_t{3});
        QVERIFY(lada::loadDataset(root.toStdString(), options).report.fromCache);

        // A file saved again: same size, newer time.
        QFile c(root + QStringLiteral("/3/c.png"));
        QVERIFY(c.open(QIODevice::ReadWrite));
        QVERIFY(c.setFileTime(QDateTime::currentDateTime().addSecs(60), QFileDevice::FileModificationTime));
        c.close();
        QVERIFY(!lada::loadDataset(root.toStdString(), options).report.fromCache);
    }

    void damagedCacheIsIgnored_data() { addDamageRows(); }

    void damagedCacheIsIgnored()
    {
        QFETCH(QString, kind);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        lada::LoadOptions options;
        options.cacheFile = dir.filePath(QStringLiteral("broken.ladacache")).toStdString();
        lada::loadDataset(kBroken, options);
        damage(QString::fromStdString(options.cacheFile), kind);

        std::string whyNot;
        QVERIFY(!lada::loadDatasetCache(options.cacheFile, "any key", whyNot).has_value());
        QVERIFY(!whyNot.empty());
        const lada::Dataset d = lada::loadDataset(kBroken, options);
        QVERIFY(!d.report.fromCache);
        requireEqual(d, m_broken);
        QCOMPARE(d.report.warnings.size(), std::size_t{1});
        const QString warning = QString::fromStdString(d.report.warnings[0]);
        QVERIFY2(warning.contains(QString::fromStdString("\"" + options.cacheFile + "\"")), qPrintable(warning));
        QVERIFY2(warning.contains(reason), qPrintable(warning));
        // The damaged cache was replaced by a good one.
        QVERIFY(lada::loadDataset(kBroken, options).report.fromCache);
    }

    void damagedCacheAsSourceIsAnError_data() { addDamageRows(); }

    void damagedCacheAsSourceIsAnError()
    {
        QFETCH(QString, kind);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("broken.ladacache")).toStdString();
        lada::saveDatasetCache(m_broken, file, "k");
        damage(QString::fromStdString(file), kind);
        try {
            lada::loadDataset(file);
            QFAIL("no DataError");
        } catch (const lada::DataError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(QString::fromStdString("\"" + file + "\"")), qPrintable(message));
            QVERIFY2(message.contains(reason), qPrintable(message));
        }
    }

    void unwritableCacheIsAWarningNotAFailure()
    {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("a-file"));
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        lada::LoadOptions options;
        options.cacheFile = (blocker + QStringLiteral("/sub/broken.ladacache")).toStdString();
        const lada::Dataset d = lada::loadDataset(kBroken, options);
        QCOMPARE(d.size(), int64_t{3});
        QCOMPARE(d.report.warnings.size(), std::size_t{1});
        QVERIFY(QString::fromStdString(d.report.warnings[0]).contains(QStringLiteral("cannot write dataset cache")));
        QVERIFY_THROWS_EXCEPTION(lada::DataError, lada::saveDatasetCache(m_broken, options.cacheFile, "k"));
    }
};

LADA_TEST_GUILESS_MAIN(TestDatasetCache)
}  // namespace tst_dataset_cache
#include "tst_dataset_cache.moc"
