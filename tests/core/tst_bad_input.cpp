// SPDX-License-Identifier: MIT
// What loadDataset does with bad input: unreadable files inside a split are skipped and reported
// (tests/data/broken: a truncated PNG, a zero-byte file, a text file named .png, a JPEG whose data is
// garbage, a .txt file, next to three good MNIST digits); a source that cannot be a split at all is a
// DataError whose message names the file and the reason. Nothing crashes or asserts.
#include "core/data/dataset_loader.h"
#include "core/data/gzip_file.h"
#include "core/error.h"
#include "tests/test_main.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <algorithm>

namespace tst_bad_input {

namespace {

const std::string kBroken = LADA_TEST_FIXTURE_DIR "/broken";
const std::string kMixed = LADA_TEST_FIXTURE_DIR "/mixed";

void writeFile(const QString& path, const QByteArray& bytes)
{
    QVERIFY(QFileInfo(path).dir().mkpath(QStringLiteral(".")));
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray bigEndian32(uint32_t v)
{
    QByteArray out;
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.append(static_cast<char>((v >> shift) & 0xFF));
    }
    return out;
}

QByteArray idxHeader(uint32_t magic, std::initializer_list<uint32_t> sizes)
{
    QByteArray out = bigEndian32(magic);
    for (uint32_t s : sizes) {
        out += bigEndian32(s);
    }
    return out;
}

QByteArray fixture(const std::string& relative)
{
    QFile f(QString::fromStdString(kBroken + "/" + relative));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestBadInput : public QObject {
    Q_OBJECT

private:
    lada::Dataset m_broken;

    /**
     * Builds the input of one error case under `dir`; returns the source to load and sets the file
     * the message must name and the options to load with.
     */
    static std::string makeErrorCase(const QString& name, const QTemporaryDir& dir, std::string& named,
                                     lada::LoadOptions& options)
    {
        const QString root = dir.path();
        const QString csv = root + QStringLiteral("/split.csv");
        const QString idx = root + QStringLiteral("/train-images-idx3-ubyte");
        const QString bin = root + QStringLiteral("/data_batch_1.bin");
        const QByteArray png = fixture("3/good_a.png");
        std::string source;
        if (name == QLatin1String("missing source")) {
            source = (root + QStringLiteral("/does-not-exist")).toStdString();
        } else if (name == QLatin1String("empty folder")) {
            QDir(root).mkpath(QStringLiteral("empty"));
            source = (root + QStringLiteral("/empty")).toStdString();
        } else if (name == QLatin1String("class folders without images")) {
            writeFile(root + QStringLiteral("/cat/notes.txt"), "not an image\n");
            source = root.toStdString();
        } else if (name == QLatin1String("class folders of broken images only")) {
            writeFile(root + QStringLiteral("/cat/empty.png"), fixture("3/empty.png"));
            writeFile(root + QStringLiteral("/cat/truncated.png"), fixture("3/truncated.png"));
            source = root.toStdString();
        } else if (name == QLatin1String("images without class folders")) {
            source = kMixed + "/a";
        } else if (name.startsWith(QLatin1String("csv"))) {
            writeFile(root + QStringLiteral("/img/a.png"), png);
            QByteArray text;
            if (name == QLatin1String("csv unknown columns")) {
                text = "filepath,label,weight,split\nimg/a.png,3,1.0,train\n";
            } else if (name == QLatin1String("csv without label column")) {
                text = "filepath\nimg/a.png\n";
            } else if (name == QLatin1String("csv label outside classes")) {
                options.classNames = {"3"};
                text = "filepath,label\nimg/a.png,3\nimg/a.png,7\n";
            } else if (name == QLatin1String("csv path naming a folder")) {
                text = "filepath,label\nimg/..,3\n";
            } else if (name == QLatin1String("csv row with extra field")) {
                text = "filepath,label\nimg/a.png,3,extra\n";
            } else if (name == QLatin1String("csv unterminated quote")) {
                text = "filepath,label\n\"img/a.png,3\n";
            }
            writeFile(csv, text);
            source = csv.toStdString();
        } else if (name == QLatin1String("idx bad magic")) {
            writeFile(idx, idxHeader(0x00000804, {1, 2, 2, 2}) + QByteArray(8, '\0'));
            source = idx.toStdString();
        } else if (name == QLatin1String("idx truncated")) {
            writeFile(idx, idxHeader(0x00000803, {100, 28, 28}) + QByteArray(1000, '\x7f'));
            source = idx.toStdString();
        } else if (name == QLatin1String("idx label count differs")) {
            writeFile(idx, idxHeader(0x00000803, {2, 2, 2}) + QByteArray(8, '\x7f'));
            writeFile(root + QStringLiteral("/train-labels-idx1-ubyte"),
                      idxHeader(0x00000801, {3}) + QByteArray(3, '\1'));
            named = (root + QStringLiteral("/train-labels-idx1-ubyte")).toStdString();
            return idx.toStdString();
        } else if (name == QLatin1String("idx without labels")) {
            writeFile(idx, idxHeader(0x00000803, {2, 2, 2}) + QByteArray(8, '\x7f'));
            source = idx.toStdString();
        } else if (name == QLatin1String("idx labels given as source")) {
            writeFile(root + QStringLiteral("/train-labels-idx1-ubyte"),
                      idxHeader(0x00000801, {3}) + QByteArray(3, '\1'));
            source = (root + QStringLiteral("/train-labels-idx1-ubyte")).toStdString();
        } else if (name == QLatin1String("idx gzip corrupt")) {
            // A gzip header followed by bytes that are no deflate stream.
            writeFile(idx + QStringLiteral(".gz"),
                      QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff\xff\xff", 15));
            source = (idx + QStringLiteral(".gz")).toStdString();
        } else if (name == QLatin1String("cifar truncated")) {
            writeFile(bin, QByteArray(2 * 3073 + 100, '\1'));
            source = bin.toStdString();
        } else if (name == QLatin1String("cifar empty")) {
            writeFile(bin, QByteArray());
            source = bin.toStdString();
        } else if (name == QLatin1String("cifar label outside classes")) {
            writeFile(bin, QByteArray(1, '\x0c') + QByteArray(3072, '\x40'));
            source = bin.toStdString();
        } else if (name == QLatin1String("single image as source")) {
            source = kBroken + "/3/good_a.png";
        } else if (name == QLatin1String("corrupt cache as source")) {
            writeFile(root + QStringLiteral("/split.ladacache"), QByteArray("LADACACH\1\0\0\0\0\0\0\0", 16));
            source = (root + QStringLiteral("/split.ladacache")).toStdString();
        }
        named = source;
        return source;
    }

private Q_SLOTS:
    void initTestCase() { m_broken = lada::loadDataset(kBroken); }

    void brokenFilesAreSkippedWithReasons_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason");
        QTest::newRow("zero-byte file") << "3/empty.png"
                                        << "empty file";
        QTest::newRow("truncated PNG") << "3/truncated.png"
                                       << "cannot decode image (corrupt or not an image)";
        QTest::newRow("JPEG with garbage") << "7/garbage.jpg"
                                           << "cannot decode image (corrupt or not an image)";
        QTest::newRow("text named .png") << "7/not_an_image.png"
                                         << "cannot decode image (corrupt or not an image)";
        QTest::newRow("not an image type") << "7/notes.txt"
                                           << "unsupported file type (\".txt\")";
    }

    void brokenFilesAreSkippedWithReasons()
    {
        QFETCH(QString, path);
        QFETCH(QString, reason);
        const auto& skipped = m_broken.report.skipped;
        const auto it = std::find_if(skipped.begin(), skipped.end(),
                                     [&](const lada::SkippedFile& s) { return s.path == path.toStdString(); });
        QVERIFY2(it != skipped.end(), qPrintable(path + QStringLiteral(" was not reported")));
        QCOMPARE(QString::fromStdString(it->reason), reason);
        QVERIFY(std::find(m_broken.paths.begin(), m_broken.paths.end(), path.toStdString()) == m_broken.paths.end());
    }

    void goodNeighboursStillLoad()
    {
        QCOMPARE(m_broken.images.sizes().vec(), (std::vector<int64_t>{3, 1, 28, 28}));
        QCOMPARE(m_broken.paths, (std::vector<std::string>{"3/good_a.png", "3/good_b.png", "7/good_c.png"}));
        QVERIFY(torch::equal(m_broken.labels, torch::tensor({0, 0, 1}, torch::kInt64)));
        QCOMPARE(m_broken.report.loaded, int64_t{3});
        QCOMPARE(m_broken.report.skipped.size(), std::size_t{5});
        // Listed in path order, and in the summary the workbench and lada-cli print.
        QVERIFY(std::is_sorted(m_broken.report.skipped.begin(), m_broken.report.skipped.end(),
                               [](const auto& a, const auto& b) { return a.path < b.path; }));
        const QString summary = QString::fromStdString(m_broken.report.summary(2));
        QVERIFY2(summary.contains(QStringLiteral("loaded 3 images")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("skipped 5 files")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("\"3/empty.png\": empty file")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("and 3 more")), qPrintable(summary));
    }

    void brokenFilesAreSkippedWithAFixedShapeToo()
    {
        // With the shape given, the header pass is skipped and the decoder meets the broken files.
        lada::LoadOptions options;
        options.channels = 3;
        options.height = 32;
        options.width = 32;
        options.threads = 2;
        const lada::Dataset d = lada::loadDataset(kBroken, options);
        QCOMPARE(d.images.sizes().vec(), (std::vector<int64_t>{3, 3, 32, 32}));
        QCOMPARE(d.report.skipped.size(), std::size_t{5});
        for (std::size_t i = 0; i < d.report.skipped.size(); ++i) {
            QCOMPARE(d.report.skipped[i].path, m_broken.report.skipped[i].path);
            QCOMPARE(d.report.skipped[i].reason, m_broken.report.skipped[i].reason);
        }
    }

    void missingManifestEntryIsSkipped()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("img/a.png")), fixture("3/good_a.png"));
        writeFile(dir.filePath(QStringLiteral("split.csv")), "filepath,label\nimg/a.png,3\nimg/gone.png,3\n");
        const lada::Dataset d = lada::loadDataset(dir.filePath(QStringLiteral("split.csv")).toStdString());
        QCOMPARE(d.size(), int64_t{1});
        QCOMPARE(d.report.skipped.size(), std::size_t{1});
        QCOMPARE(d.report.skipped[0].path, std::string("img/gone.png"));
        QCOMPARE(d.report.skipped[0].reason, std::string("file not found"));
    }

    void manifestPathsMayLeaveItsFolder()
    {
        // An exported labels CSV saved away from its dataset: "../" and absolute paths are the user's choice;
        // the split is rooted at the deepest folder holding all its images.
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("data/mnist/3/a.png")), fixture("3/good_a.png"));
        writeFile(dir.filePath(QStringLiteral("data/mnist/7/b.png")), fixture("3/good_a.png"));
        const QByteArray absolute = dir.filePath(QStringLiteral("data/mnist/7/b.png")).toUtf8();
        writeFile(dir.filePath(QStringLiteral("exports/split.csv")),
                  "filepath,label\n../data/mnist/3/a.png,3\n" + absolute + ",7\n../data/mnist/3/gone.png,3\n");
        const lada::Dataset d = lada::loadDataset(dir.filePath(QStringLiteral("exports/split.csv")).toStdString());
        QCOMPARE(d.size(), int64_t{2});
        QCOMPARE(d.paths, (std::vector<std::string>{"3/a.png", "7/b.png"}));
        QCOMPARE(d.report.skipped.size(), std::size_t{1});
        QCOMPARE(d.report.skipped[0].path, std::string("3/gone.png"));
        QCOMPARE(QString::fromStdString(d.root), QDir(dir.filePath(QStringLiteral("data/mnist"))).absolutePath());
    }

    void unusableSourcesAreDataErrors_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("fragments");
        auto row = [](const char* name, QStringList fragments) {
            QTest::newRow(name) << QString::fromLatin1(name) << fragments;
        };
        row("missing source", {"no such file or folder"});
        row("empty folder", {"no image files in"});
        row("class folders without images", {"no image files in the class folders", "1 other files"});
        row("class folders of broken images only", {"no readable image", "\"cat/empty.png\": empty file"});
        row("images without class folders", {"no class folders", "unlabeled"});
        row("csv unknown columns", {"unknown columns \"weight\", \"split\""});
        row("csv without label column", {"no label column"});
        row("csv label outside classes", {"row 3", "label \"7\" is not one of the 1 given classes"});
        row("csv path naming a folder", {"row 2", "path \"img/..\" names a folder"});
        row("csv row with extra field", {"3 fields, expected 2"});
        row("csv unterminated quote", {"line 2", "quoted field never closed"});
        row("idx bad magic", {"bad magic number 0x00000804 (expected 0x00000803)"});
        row("idx truncated", {"truncated: expected 78416 bytes, found 1016"});
        row("idx label count differs", {"holds 3 labels for the 2 images"});
        row("idx without labels", {"no labels file next to"});
        row("idx labels given as source", {"an idx label file"});
        row("idx gzip corrupt", {"gzip data"});
        row("cifar truncated", {"truncated: expected 9219 bytes (3 records of 3073), found 6246"});
        row("cifar empty", {"empty file"});
        row("cifar label outside classes", {"record 0 has label 12, outside the 10 classes"});
        row("single image as source", {"not a folder, a .csv manifest"});
        row("corrupt cache as source", {"cannot read dataset cache", "truncated"});
    }

    void unusableSourcesAreDataErrors()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, fragments);
        QTemporaryDir dir;
        std::string named;
        lada::LoadOptions options;
        const std::string source = makeErrorCase(name, dir, named, options);
        QVERIFY(!source.empty());
        try {
            lada::loadDataset(source, options);
            QFAIL("no DataError");
        } catch (const lada::DataError& e) {
            const QString message = QString::fromUtf8(e.what());
            // The message names the file in quotes, then says what is wrong with it.
            QVERIFY2(message.contains(QString::fromStdString("\"" + named + "\"")), qPrintable(message));
            for (const QString& fragment : fragments) {
                QVERIFY2(message.contains(fragment), qPrintable(message + QStringLiteral("\n  lacks: ") + fragment));
            }
        }
    }

    void badOptionsAreConfigErrors_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("threads");
        QTest::newRow("two channels") << 2 << 0 << 0 << 0;
        QTest::newRow("height without width") << 0 << 28 << 0 << 0;
        QTest::newRow("negative size") << 0 << -1 << -1 << 0;
        QTest::newRow("negative threads") << 0 << 0 << 0 << -2;
    }

    void badOptionsAreConfigErrors()
    {
        QFETCH(int, channels);
        QFETCH(int, height);
        QFETCH(int, width);
        QFETCH(int, threads);
        lada::LoadOptions options;
        options.channels = channels;
        options.height = height;
        options.width = width;
        options.threads = threads;
        QVERIFY_THROWS_EXCEPTION(lada::ConfigError, lada::loadDataset(kBroken, options));
    }
};

LADA_TEST_GUILESS_MAIN(TestBadInput)
}  // namespace tst_bad_input
#include "tst_bad_input.moc"
