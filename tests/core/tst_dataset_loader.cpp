// SPDX-License-Identifier: MIT
// loadDataset on real data: the MNIST PNG and CIFAR-10 JPEG archives (extracted by the CTest
// fixture), their CSV manifests, idx and CIFAR binary files written here from decoded images, and the
// mixed-format fixture folder (tests/data/mixed: gray, gray + alpha, RGB, RGBA; PNG, JPEG, BMP,
// TIFF, WebP; 28, 32 and 64 pixels square). Entries that cannot be listed: tst_folder_listing.
#include "core/data/dataset_loader.h"
#include "core/data/gzip_file.h"
#include "core/error.h"
#include "tests/test_main.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

namespace tst_dataset_loader {

namespace {

const std::string kMnist = LADA_TEST_DATA_DIR "/mnist-png";
const std::string kCifar = LADA_TEST_DATA_DIR "/cifar10-subset";
const std::string kMixed = LADA_TEST_FIXTURE_DIR "/mixed";
const std::string kBroken = LADA_TEST_FIXTURE_DIR "/broken";

namespace fs = std::filesystem;

int64_t indexOf(const lada::Dataset& d, const std::string& path)
{
    const auto it = std::find(d.paths.begin(), d.paths.end(), path);
    return it == d.paths.end() ? -1 : it - d.paths.begin();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
    QCOMPARE(f.write(bytes), bytes.size());
}

void appendBigEndian32(QByteArray& out, uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.append(static_cast<char>((v >> shift) & 0xFF));
    }
}

void appendLittleEndian32(QByteArray& out, uint32_t v)
{
    for (int shift = 0; shift <= 24; shift += 8) {
        out.append(static_cast<char>((v >> shift) & 0xFF));
    }
}

/** An idx3 unsigned-byte file holding uint8 [N, 1, H, W] images, as MNIST distributes them. */
QByteArray idxImages(const torch::Tensor& images)
{
    QByteArray out;
    appendBigEndian32(out, 0x00000803);
    appendBigEndian32(out, static_cast<uint32_t>(images.size(0)));
    appendBigEndian32(out, static_cast<uint32_t>(images.size(2)));
    appendBigEndian32(out, static_cast<uint32_t>(images.size(3)));
    const torch::Tensor c = images.contiguous();
    out.append(reinterpret_cast<const char*>(c.data_ptr<uint8_t>()), static_cast<qsizetype>(c.numel()));
    return out;
}

QByteArray idxLabels(const torch::Tensor& labels)
{
    QByteArray out;
    appendBigEndian32(out, 0x00000801);
    appendBigEndian32(out, static_cast<uint32_t>(labels.size(0)));
    const torch::Tensor bytes = labels.to(torch::kUInt8).contiguous();
    out.append(reinterpret_cast<const char*>(bytes.data_ptr<uint8_t>()), static_cast<qsizetype>(bytes.numel()));
    return out;
}

uint32_t crc32(const QByteArray& data)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (const char byte : data) {
        crc ^= static_cast<unsigned char>(byte);
        for (int k = 0; k < 8; ++k) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

/**
 * gzip bytes of `data`, as `gzip` writes them: qCompress gives a 4-byte length and a zlib stream
 * (2-byte header, deflate data, Adler-32); the deflate data goes between a gzip header and a trailer of
 * CRC-32 and length.
 */
QByteArray gzip(const QByteArray& data)
{
    const QByteArray zlib = qCompress(data, 6);
    QByteArray out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
    out += zlib.mid(6, zlib.size() - 6 - 4);
    appendLittleEndian32(out, crc32(data));
    appendLittleEndian32(out, static_cast<uint32_t>(data.size()));
    return out;
}

/** CIFAR binary records for uint8 [N, 3, 32, 32] images: 1 label byte (2 with a coarse label first). */
QByteArray cifarRecords(const torch::Tensor& images, const torch::Tensor& labels, bool cifar100)
{
    QByteArray out;
    const torch::Tensor c = images.contiguous();
    for (int64_t i = 0; i < c.size(0); ++i) {
        const auto label = static_cast<char>(labels[i].item<int64_t>());
        if (cifar100) {
            out.append(static_cast<char>(labels[i].item<int64_t>() / 2));  // a coarse label, unused
        }
        out.append(label);
        out.append(reinterpret_cast<const char*>(c[i].data_ptr<uint8_t>()), 3 * 32 * 32);
    }
    return out;
}

}  // namespace

class TestDatasetLoader : public QObject {
    Q_OBJECT

private:
    lada::Dataset m_mnistTest;  // the 10,000-image MNIST test split, decoded once
    lada::Dataset m_cifarTest;  // the 1,000-image CIFAR-10 test subset

private Q_SLOTS:
    void initTestCase()
    {
        m_mnistTest = lada::loadDataset(kMnist + "/test");
        m_cifarTest = lada::loadDataset(kCifar + "/test");
    }

    void mnistTestSplitHasTenThousandDigits()
    {
        const lada::Dataset& d = m_mnistTest;
        QCOMPARE(d.images.sizes().vec(), (std::vector<int64_t>{10000, 1, 28, 28}));
        QCOMPARE(d.images.scalar_type(), torch::kUInt8);
        QVERIFY(d.images.is_contiguous());
        QCOMPARE(d.labels.sizes().vec(), (std::vector<int64_t>{10000}));
        QCOMPARE(d.labels.scalar_type(), torch::kInt64);
        QCOMPARE(d.classNames, (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}));
        QCOMPARE(d.paths.size(), std::size_t{10000});
        QVERIFY(d.hasLabels());
        QCOMPARE(d.report.loaded, int64_t{10000});
        QVERIFY(d.report.skipped.empty());
        QCOMPARE(d.report.resized, int64_t{0});
        QCOMPARE(d.report.channelsConverted, int64_t{0});
        QVERIFY(!d.report.fromCache);
        QVERIFY(QString::fromStdString(d.root).endsWith(QStringLiteral("mnist-png/test")));
        // Per-class counts are the file counts of the class folders.
        const std::vector<int64_t> expected{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
        const torch::Tensor counts = torch::bincount(d.labels, {}, 10);
        for (int64_t c = 0; c < 10; ++c) {
            QCOMPARE(counts[c].item<int64_t>(), expected[static_cast<std::size_t>(c)]);
        }
    }

    void filesComeInSortedClassAndByteOrder()
    {
        const lada::Dataset& d = m_mnistTest;
        // Byte order: "60003.png" sorts before "60010.png" and "7/..." after "6/...".
        QCOMPARE(d.paths.front(), std::string("0/60003.png"));
        QVERIFY(std::is_sorted(d.paths.begin(), d.paths.end()));
        QVERIFY(std::is_sorted(d.labels.data_ptr<int64_t>(), d.labels.data_ptr<int64_t>() + d.size()));
    }

    void knownFileKeepsItsLabelAndPixels()
    {
        const lada::Dataset& d = m_mnistTest;
        const int64_t i = indexOf(d, "7/60000.png");
        QVERIFY(i >= 0);
        QCOMPARE(d.classNames[static_cast<std::size_t>(d.labels[i].item<int64_t>())], std::string("7"));
        // Reference values read with OpenCV's imread from the archive's file.
        QCOMPARE(d.images[i].sum().item<int64_t>(), int64_t{18454});
        QCOMPARE(d.images[i][0][14][14].item<int>(), 0);
    }

    void cifarTrainSplitIsRgb32()
    {
        const lada::Dataset d = lada::loadDataset(kCifar + "/train");
        QCOMPARE(d.images.sizes().vec(), (std::vector<int64_t>{5000, 3, 32, 32}));
        QCOMPARE(d.classNames, (std::vector<std::string>{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
                                                         "horse", "ship", "truck"}));
        const torch::Tensor counts = torch::bincount(d.labels, {}, 10);
        QVERIFY(counts.eq(500).all().item<bool>());
        QVERIFY(d.report.skipped.empty());
        // Planes are RGB (OpenCV decodes BGR): imread gives BGR 108,117,120 at (0, 0) of this file.
        const int64_t i = indexOf(d, "airplane/0001.jpg");
        QCOMPARE(i, int64_t{0});
        QCOMPARE(d.images[i][0][0][0].item<int>(), 120);
        QCOMPARE(d.images[i][1][0][0].item<int>(), 117);
        QCOMPARE(d.images[i][2][0][0].item<int>(), 108);
        QCOMPARE(d.images[i][0][31][31].item<int>(), 118);
        QCOMPARE(d.images[i][2][31][31].item<int>(), 89);
    }

    void csvManifestMatchesFolder()
    {
        const lada::Dataset csv = lada::loadDataset(kMnist + "/test.csv");
        QCOMPARE(csv.size(), int64_t{10000});
        QCOMPARE(csv.classNames, m_mnistTest.classNames);
        QVERIFY(QString::fromStdString(csv.root).endsWith(QStringLiteral("mnist-png")));
        // The manifest lists the same files in another order: compare image by image through the path.
        std::map<std::string, int64_t> folderIndex;
        for (std::size_t i = 0; i < m_mnistTest.paths.size(); ++i) {
            folderIndex["test/" + m_mnistTest.paths[i]] = static_cast<int64_t>(i);
        }
        std::vector<int64_t> order;
        for (const std::string& p : csv.paths) {
            QVERIFY2(folderIndex.count(p) == 1, p.c_str());
            order.push_back(folderIndex.at(p));
        }
        const torch::Tensor index = torch::tensor(order, torch::kInt64);
        QVERIFY(torch::equal(csv.images, m_mnistTest.images.index_select(0, index)));
        QVERIFY(torch::equal(csv.labels, m_mnistTest.labels.index_select(0, index)));
    }

    void csvManifestReadsQuotingAndNumericLabels()
    {
        QTemporaryDir dir;
        const QString root = dir.path();
        QVERIFY(QDir(root).mkpath(QStringLiteral("img")));
        const QString source = QString::fromStdString(kMnist + "/test/");
        QVERIFY(QFile::copy(source + "3/60018.png", root + "/img/three, \"quoted\".png"));
        QVERIFY(QFile::copy(source + "7/60000.png", root + "/img/seven.png"));
        QVERIFY(QFile::copy(source + "7/60017.png", root + "/img/./other.png"));
        // Columns in the other order, CRLF line ends, a quoted path with a comma and doubled quotes.
        writeFile(root + "/labels.csv", "Label,FilePath\r\n"
                                        "10,\"img/three, \"\"quoted\"\".png\"\r\n"
                                        "9,img/seven.png\r\n"
                                        "10,./img/other.png\r\n");
        const lada::Dataset d = lada::loadDataset((root + "/labels.csv").toStdString());
        QCOMPARE(d.size(), int64_t{3});
        // Distinct labels sort numerically: "9" before "10".
        QCOMPARE(d.classNames, (std::vector<std::string>{"9", "10"}));
        QCOMPARE(d.paths, (std::vector<std::string>{"img/three, \"quoted\".png", "img/seven.png", "img/other.png"}));
        QCOMPARE(d.labels[0].item<int64_t>(), int64_t{1});
        QCOMPARE(d.labels[1].item<int64_t>(), int64_t{0});
        QVERIFY(torch::equal(d.images[1], m_mnistTest.images[indexOf(m_mnistTest, "7/60000.png")]));
    }

    void idxFilesLoadBackIdentically_data()
    {
        QTest::addColumn<bool>("gzipped");
        QTest::newRow("raw") << false;
        QTest::newRow("gzip") << true;
    }

    void idxFilesLoadBackIdentically()
    {
        QFETCH(bool, gzipped);
        if (gzipped && !lada::gzipSupported()) {
            QSKIP("lada_core built without zlib (LADA_WITH_ZLIB): .gz idx files are refused, see tst_bad_input");
        }
        QTemporaryDir dir;
        // Every fifth image: 2,000 images of all ten digits (the split is sorted by digit).
        const int64_t n = 2000;
        const torch::Tensor every5th = torch::arange(0, 10000, 5, torch::kInt64);
        const torch::Tensor images = m_mnistTest.images.index_select(0, every5th);
        const torch::Tensor labels = m_mnistTest.labels.index_select(0, every5th);
        const QString suffix = gzipped ? QStringLiteral(".gz") : QString();
        const QByteArray imageBytes = idxImages(images);
        const QByteArray labelBytes = idxLabels(labels);
        writeFile(dir.filePath(QStringLiteral("t10k-images-idx3-ubyte") + suffix),
                  gzipped ? gzip(imageBytes) : imageBytes);
        writeFile(dir.filePath(QStringLiteral("t10k-labels-idx1-ubyte") + suffix),
                  gzipped ? gzip(labelBytes) : labelBytes);

        const lada::Dataset d =
            lada::loadDataset(dir.filePath(QStringLiteral("t10k-images-idx3-ubyte") + suffix).toStdString());
        QCOMPARE(d.images.sizes().vec(), (std::vector<int64_t>{n, 1, 28, 28}));
        QVERIFY(torch::equal(d.images, images));
        QVERIFY(torch::equal(d.labels, labels));
        QCOMPARE(d.classNames, m_mnistTest.classNames);
        QCOMPARE(d.paths[5], "t10k-images-idx3-ubyte" + suffix.toStdString() + "#5");
    }

    void idxSplitTakesShapeOptions()
    {
        QTemporaryDir dir;
        const torch::Tensor images = m_mnistTest.images.narrow(0, 0, 50);
        writeFile(dir.filePath(QStringLiteral("train-images-idx3-ubyte")), idxImages(images));
        writeFile(dir.filePath(QStringLiteral("train-labels-idx1-ubyte")),
                  idxLabels(m_mnistTest.labels.narrow(0, 0, 50)));
        lada::LoadOptions options;
        options.channels = 3;
        options.height = 14;
        options.width = 14;
        const lada::Dataset d =
            lada::loadDataset(dir.filePath(QStringLiteral("train-images-idx3-ubyte")).toStdString(), options);
        QCOMPARE(d.images.sizes().vec(), (std::vector<int64_t>{50, 3, 14, 14}));
        QCOMPARE(d.report.resized, int64_t{50});
        QCOMPARE(d.report.channelsConverted, int64_t{50});
        // Gray repeated into RGB; halving by area averaging is the mean of each 2 x 2 block.
        QVERIFY(torch::equal(d.images.select(1, 0), d.images.select(1, 2)));
        const torch::Tensor expected =
            torch::avg_pool2d(images.to(torch::kFloat32), 2).round().to(torch::kUInt8).squeeze(1);
        QVERIFY((d.images.select(1, 1).to(torch::kInt32) - expected.to(torch::kInt32)).abs().max().item<int>() <= 1);
    }

    void cifarBinaryLoadsBackIdentically_data()
    {
        QTest::addColumn<bool>("cifar100");
        QTest::addColumn<bool>("asFolder");
        QTest::newRow("CIFAR-10 file") << false << false;
        QTest::newRow("CIFAR-100 file") << true << false;
        QTest::newRow("CIFAR-10 folder of batches") << false << true;
    }

    void cifarBinaryLoadsBackIdentically()
    {
        QFETCH(bool, cifar100);
        QFETCH(bool, asFolder);
        QTemporaryDir dir;
        const torch::Tensor& images = m_cifarTest.images;
        const torch::Tensor& labels = m_cifarTest.labels;
        std::string source;
        if (asFolder) {
            // Two training batches and a test batch: the folder stands for the training batches.
            writeFile(dir.filePath(QStringLiteral("data_batch_1.bin")),
                      cifarRecords(images.narrow(0, 0, 600), labels.narrow(0, 0, 600), false));
            writeFile(dir.filePath(QStringLiteral("data_batch_2.bin")),
                      cifarRecords(images.narrow(0, 600, 400), labels.narrow(0, 600, 400), false));
            writeFile(dir.filePath(QStringLiteral("test_batch.bin")),
                      cifarRecords(images.narrow(0, 0, 10), labels.narrow(0, 0, 10), false));
            source = dir.path().toStdString();
        } else {
            const QString name = cifar100 ? QStringLiteral("train.bin") : QStringLiteral("data_batch_1.bin");
            writeFile(dir.filePath(name), cifarRecords(images, labels, cifar100));
            source = dir.filePath(name).toStdString();
        }
        const lada::Dataset d = lada::loadDataset(source);
        QCOMPARE(d.images.sizes().vec(), (std::vector<int64_t>{1000, 3, 32, 32}));
        QVERIFY(torch::equal(d.images, images));
        QVERIFY(torch::equal(d.labels, labels));
        QCOMPARE(d.numClasses(), int64_t{cifar100 ? 100 : 10});
        if (!cifar100) {
            // CIFAR-10's class order is alphabetical, as the ImageFolder's sorted folder names are.
            QCOMPARE(d.classNames, m_cifarTest.classNames);
        }
        QCOMPARE(d.paths.back(), std::string(asFolder ? "data_batch_2.bin#399"
                                                      : (cifar100 ? "train.bin#999" : "data_batch_1.bin#999")));
    }

    void mixedFolderIsConvertedAndCounted()
    {
        const lada::Dataset d = lada::loadDataset(kMixed);
        // Six colour images against two gray ones, five 32 x 32 against two 28 x 28 and one 64 x 64.
        QCOMPARE(d.images.sizes().vec(), (std::vector<int64_t>{8, 3, 32, 32}));
        QCOMPARE(d.paths, (std::vector<std::string>{"a/cifar_rgb32.jpg", "a/gray_alpha28.png", "a/mnist_gray28.png",
                                                    "b/cifar_rgb32.bmp", "b/cifar_rgb32.tiff", "b/cifar_rgb32.webp",
                                                    "b/cifar_rgb64.png", "b/cifar_rgba32.png"}));
        QCOMPARE(d.classNames, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(d.report.resized, int64_t{3});            // the two 28 x 28 and the 64 x 64 image
        QCOMPARE(d.report.channelsConverted, int64_t{3});  // gray, gray + alpha, RGBA
        QVERIFY(d.report.skipped.empty());
        // Every colour file holds the same picture losslessly (the 64 x 64 one upscaled by pixel
        // repetition, which area averaging undoes exactly), so all decode to the JPEG's pixels.
        const torch::Tensor jpeg = d.images[0];
        for (int64_t i : {3, 4, 5, 6, 7}) {
            QVERIFY2(torch::equal(d.images[i], jpeg), d.paths[static_cast<std::size_t>(i)].c_str());
        }
        // Gray images are repeated into three equal planes; alpha is dropped.
        QVERIFY(torch::equal(d.images[1], d.images[2]));
        QVERIFY(torch::equal(d.images[2][0], d.images[2][1]));
        QVERIFY(torch::equal(d.images[2][0], d.images[2][2]));
    }

    void explicitShapeOverridesMostCommon()
    {
        lada::LoadOptions options;
        options.channels = 1;
        options.height = 28;
        options.width = 28;
        const lada::Dataset d = lada::loadDataset(kMixed, options);
        QCOMPARE(d.images.sizes().vec(), (std::vector<int64_t>{8, 1, 28, 28}));
        QCOMPARE(d.report.resized, int64_t{6});
        QCOMPARE(d.report.channelsConverted, int64_t{7});  // all but the gray PNG
        // The gray fixture is a copy of test/3/60018.png and passes through untouched.
        QVERIFY(torch::equal(d.images[2], m_mnistTest.images[indexOf(m_mnistTest, "3/60018.png")]));
        QVERIFY(torch::equal(d.images[1], d.images[2]));
    }

    void flatFolderLoadsUnlabeled()
    {
        lada::LoadOptions options;
        options.allowUnlabeled = true;
        const lada::Dataset d = lada::loadDataset(kMixed + "/a", options);
        QCOMPARE(d.size(), int64_t{3});
        QVERIFY(d.labels.eq(-1).all().item<bool>());
        QVERIFY(!d.hasLabels());
        QVERIFY(d.classNames.empty());
        QCOMPARE(d.paths.front(), std::string("cifar_rgb32.jpg"));
    }

    void givenClassNamesFixTheLabels()
    {
        lada::LoadOptions options;
        options.classNames = {"truck", "ship", "horse", "frog", "dog", "deer", "cat", "bird", "automobile", "airplane"};
        const lada::Dataset d = lada::loadDataset(kCifar + "/test", options);
        QCOMPARE(d.classNames, options.classNames);
        QVERIFY(torch::equal(d.labels, 9 - m_cifarTest.labels));
        QVERIFY(torch::equal(d.images, m_cifarTest.images));
    }

    void subsetKeepsClassesAndPaths()
    {
        const lada::Dataset s = m_mnistTest.subset(torch::tensor({9999, 0, 5000}, torch::kInt64));
        QCOMPARE(s.size(), int64_t{3});
        QCOMPARE(s.paths[1], m_mnistTest.paths[0]);
        QVERIFY(torch::equal(s.images[0], m_mnistTest.images[9999]));
        QCOMPARE(s.labels[2].item<int64_t>(), m_mnistTest.labels[5000].item<int64_t>());
        QCOMPARE(s.classNames, m_mnistTest.classNames);
        QCOMPARE(s.report.loaded, int64_t{3});
        QVERIFY_THROWS_EXCEPTION(lada::DataError, m_mnistTest.subset(torch::tensor({10000}, torch::kInt64)));
    }

    void threadCountDoesNotChangeTheResult()
    {
        lada::LoadOptions one;
        one.threads = 1;
        lada::LoadOptions two;
        two.threads = 2;
        const lada::Dataset a = lada::loadDataset(kCifar + "/test", one);
        const lada::Dataset b = lada::loadDataset(kCifar + "/test", two);
        QVERIFY(torch::equal(a.images, b.images));
        QVERIFY(torch::equal(a.labels, b.labels));
        QCOMPARE(a.paths, b.paths);
        QVERIFY(torch::equal(a.images, m_cifarTest.images));
    }

    void progressIsReportedOnTheCallingThread()
    {
        std::vector<std::pair<int64_t, int64_t>> calls;
        bool otherThread = false;
        const auto caller = std::this_thread::get_id();
        lada::LoadOptions options;
        options.progress = [&](int64_t done, int64_t total) {
            calls.emplace_back(done, total);
            otherThread = otherThread || std::this_thread::get_id() != caller;
        };
        const lada::Dataset d = lada::loadDataset(kCifar + "/train", options);
        QVERIFY(!calls.empty());
        QVERIFY(!otherThread);
        QCOMPARE(calls.back(), (std::pair<int64_t, int64_t>{5000, 5000}));
        for (std::size_t i = 1; i < calls.size(); ++i) {
            QVERIFY(calls[i].first >= calls[i - 1].first);
        }
    }

    void cancelStopsTheLoad()
    {
        std::atomic<bool> cancel{true};
        lada::LoadOptions options;
        options.cancel = &cancel;
        QVERIFY_THROWS_EXCEPTION(lada::Cancelled, lada::loadDataset(kCifar + "/test", options));

        // Cancelled from the progress callback part-way through decoding: 10,000 PNGs on one thread
        // take several progress intervals (the fixed shape skips the header pass).
        cancel = false;
        options.threads = 1;
        options.channels = 1;
        options.height = 28;
        options.width = 28;
        int64_t doneWhenCancelled = -1;
        options.progress = [&](int64_t done, int64_t total) {
            if (done < total && doneWhenCancelled < 0) {
                doneWhenCancelled = done;
                cancel = true;
            }
        };
        QElapsedTimer timer;
        timer.start();
        try {
            lada::loadDataset(kMnist + "/test", options);
            QSKIP("this machine decoded the split before the first progress report");
        } catch (const lada::Cancelled&) {
        }
        QVERIFY(doneWhenCancelled >= 0 && doneWhenCancelled < 10000);
        QVERIFY2(timer.elapsed() < 5000, "cancel should stop the workers after their current image");
    }
};

LADA_TEST_GUILESS_MAIN(TestDatasetLoader)
}  // namespace tst_dataset_loader
#include "tst_dataset_loader.moc"
