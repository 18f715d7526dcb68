// SPDX-License-Identifier: MIT
// Pretrained backbones (issue 11): TorchScript and ONNX agree on real photos, bad models are refused with
// the file and the reason, the embedding cache is reused and invalidated, the head model splits at every
// block, and lada-cli runs on photos through a backbone.
#include "core/acquisition/policy_generator.h"
#include "core/backbone/backbone.h"
#include "core/backbone/embedded_split.h"
#include "core/backbone/embedding_cache.h"
#include "core/data/binary_io.h"
#include "core/data/photo_codec.h"
#include "core/error.h"
#include "core/nn/classifier.h"
#include "tests/test_main.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <filesystem>

namespace tst_backbone {

using namespace lada;

namespace {

const QString kPhotos = QStringLiteral(LADA_TEST_DATA_DIR "/catsdogs-photos");
const QString kModels = QStringLiteral(LADA_TEST_FIXTURE_DIR "/backbones");

std::string model(const char* name)
{
    return (kModels + "/" + name).toStdString();
}

BackboneOptions optionsFor(const std::string& file)
{
    BackboneOptions o;
    o.file = file;
    return o;
}

/** The first `count` cat photos, decoded and normalised as the fixture backbone's JSON says. */
torch::Tensor photoBatch(const BackboneTransform& t, int count)
{
    const auto files = QDir(kPhotos + "/train/cat").entryList({"*.jpg"}, QDir::Files, QDir::Name);
    const int side = t.inputSize;
    torch::Tensor pixels = torch::empty({count, 3, side, side}, torch::kUInt8);
    PhotoFit fit;
    fit.side = side;
    for (int i = 0; i < count; ++i) {
        std::vector<unsigned char> bytes;
        std::string reason;
        const QString path = kPhotos + "/train/cat/" + files[i];
        if (!readFileBytes(path.toStdString(), bytes, reason))
            throw std::runtime_error(reason);
        const DecodeResult r = decodePhotoInto(bytes, fit, pixels[i].data_ptr<uint8_t>());
        if (!r.ok)
            throw std::runtime_error(r.reason);
    }
    const torch::Tensor mean = torch::tensor({t.mean[0], t.mean[1], t.mean[2]}, torch::kFloat).view({1, 3, 1, 1});
    const torch::Tensor sd = torch::tensor({t.stddev[0], t.stddev[1], t.stddev[2]}, torch::kFloat).view({1, 3, 1, 1});
    return (pixels.to(torch::kFloat) / 255.0 - mean) / sd;
}

QString errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

/** A JPEG of `w` x `h` with an EXIF APP1 segment saying orientation `o` (6 = rotate 90 degrees clockwise). */
QByteArray jpegWithOrientation(int w, int h, uint16_t o)
{
    QImage image(w, h, QImage::Format_RGB888);
    image.fill(Qt::red);
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 95);
    // TIFF header (little-endian) + one IFD entry: tag 0x0112 Orientation, SHORT, count 1, value o.
    QByteArray tiff("II*\0\x08\0\0\0", 8);
    const char ifd[] = {1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, static_cast<char>(o & 0xff), 0, 0, 0, 0, 0, 0, 0};
    tiff.append(ifd, sizeof ifd);
    QByteArray app1("Exif\0\0", 6);
    app1.append(tiff);
    const int length = app1.size() + 2;
    QByteArray segment;
    segment.append(char(0xFF)).append(char(0xE1)).append(char(length >> 8)).append(char(length & 0xff));
    segment.append(app1);
    jpeg.insert(2, segment);  // right after SOI
    return jpeg;
}

std::vector<unsigned char> bytesOf(const QByteArray& a)
{
    return {a.begin(), a.end()};
}

}  // namespace

class TestBackbone : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void transformComesFromTheJsonBesideTheModel()
    {
        const BackboneTransform t = resolveBackboneTransform(optionsFor(model("cifar-fcn.pt")));
        QCOMPARE(t.inputSize, 64);
        QVERIFY(t.mean[0] > 0.3 && t.mean[0] < 0.6);  // CIFAR's mean, not ImageNet's 0.485 exactly
        QVERIFY(t.mean[0] != 0.485);
        BackboneOptions o = optionsFor(model("cifar-fcn.pt"));
        o.inputSize = 48;
        QCOMPARE(resolveBackboneTransform(o).inputSize, 48);  // a flag wins over the JSON
        const BackboneTransform none = resolveBackboneTransform(optionsFor(model("not-a-model.pt")));
        QCOMPARE(none.inputSize, 224);  // no JSON: ImageNet's defaults
        QCOMPARE(none.stddev[2], 0.225);
    }

    void torchScriptAndOnnxGiveTheSameEmbeddings()
    {
        torch::set_num_threads(2);
        auto ts = loadBackbone(optionsFor(model("cifar-fcn.pt")));
        auto onnx = loadBackbone(optionsFor(model("cifar-fcn.onnx")));
        QCOMPARE(QString::fromStdString(ts->format()), QStringLiteral("TorchScript"));
        QCOMPARE(QString::fromStdString(onnx->format()), QStringLiteral("ONNX"));
        const torch::Tensor x = photoBatch(ts->transform(), 16);
        const torch::Tensor a = ts->embed(x), b = onnx->embed(x);
        QCOMPARE(a.size(0), 16);
        QCOMPARE(a.size(1), ts->dimension());
        QVERIFY(a.size(1) >= 32);
        const double diff = (a - b).abs().max().item<double>();
        QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));
        // Different photos give different embeddings: the check above is not comparing zeros.
        QVERIFY((a[0] - a[1]).abs().max().item<double>() > 1e-3);
    }

    void refusesBadBackbones_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a model") << "not-a-model.pt"
                                     << "not a TorchScript module";
        QTest::newRow("missing") << "no-such-model.pt"
                                 << "no such file";
        QTest::newRow("spatial TorchScript") << "spatial-output.pt"
                                             << "not [N, D]";
        QTest::newRow("spatial ONNX") << "spatial-output.onnx"
                                      << "not [N, D]";
        QTest::newRow("NaN") << "nan-output.pt"
                             << "NaN";
        QTest::newRow("input size TorchScript") << "fixed-size.pt"
                                                << "does it accept this input size";
        QTest::newRow("input size ONNX") << "fixed-size.onnx"
                                         << "does it accept this input size";
    }
    void refusesBadBackbones()
    {
        QFETCH(QString, file);
        QFETCH(QString, message);
        const std::string path = model(file.toUtf8().constData());
        const QString error = errorOf([&] { loadBackbone(optionsFor(path)); });
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY2(error.contains(file), qPrintable(error));  // names the file
    }

    void refusesAnEmbeddingSizeThatChanges()
    {
        auto b = loadBackbone(optionsFor(model("varying-dim.pt")));
        const int s = b->transform().inputSize;
        const QString error = errorOf([&] {
            b->embed(torch::zeros({2, 3, s, s}));
            b->embed(torch::zeros({3, 3, s, s}));
        });
        QVERIFY2(error.contains("must not change") && error.contains("varying-dim.pt"), qPrintable(error));
    }

    void refusesADamagedJsonBesideTheModel()
    {
        QTemporaryDir dir;
        const QString pt = dir.filePath("m.pt");
        QVERIFY(QFile::copy(kModels + "/cifar-fcn.pt", pt));
        QFile json(dir.filePath("m.json"));
        QVERIFY(json.open(QIODevice::WriteOnly));
        json.write("{\"input_size\": \"big\"}");
        json.close();
        const QString error = errorOf([&] { resolveBackboneTransform(optionsFor(pt.toStdString())); });
        QVERIFY2(error.contains("m.json") && error.contains("input_size"), qPrintable(error));
    }

    void embeddingCacheIsReusedAndInvalidated()
    {
        torch::set_num_threads(2);
        QTemporaryDir dir;
        const std::string pt = dir.filePath("m.pt").toStdString();
        QVERIFY(QFile::copy(kModels + "/cifar-fcn.pt", QString::fromStdString(pt)));
        QVERIFY(QFile::copy(kModels + "/cifar-fcn.json", dir.filePath("m.json")));
        const std::string cache = dir.filePath("train.ladaemb").toStdString();
        const std::string source = (kPhotos + "/test").toStdString();
        EmbeddingRun first, second, third;
        const Dataset a = loadEmbeddedSplit(source, {}, optionsFor(pt), cache, "embedding", {}, &first);
        QCOMPARE(a.size(), 200);
        QCOMPARE(first.computed, 200);
        QCOMPARE(a.images.scalar_type(), torch::kHalf);
        QCOMPARE(a.images.dim(), 4);
        QCOMPARE(a.images.size(1), first.dimension);
        QCOMPARE(a.classNames, (std::vector<std::string>{"cat", "dog"}));

        // Reopened: no forward pass, the same embeddings, read from the mapped file.
        const Dataset b = loadEmbeddedSplit(source, {}, optionsFor(pt), cache, "embedding", {}, &second);
        QCOMPARE(second.computed, 0);
        QCOMPARE(second.fromCache, 200);
        QVERIFY(b.report.fromCache);
        QVERIFY(torch::equal(a.images, b.images));
        QCOMPARE(b.paths, a.paths);

        // Another backbone file under the same name: the cache no longer matches.
        std::filesystem::copy_file(model("cifar-fcn-perturbed.pt"), pt,
                                   std::filesystem::copy_options::overwrite_existing);
        const Dataset c = loadEmbeddedSplit(source, {}, optionsFor(pt), cache, "embedding", {}, &third);
        QCOMPARE(third.computed, 200);
        QVERIFY(!torch::equal(a.images, c.images));
    }

    void aCancelledEmbeddingResumes()
    {
        torch::set_num_threads(2);
        QTemporaryDir dir;
        const std::string cache = dir.filePath("train.ladaemb").toStdString();
        const std::string source = (kPhotos + "/test").toStdString();
        std::atomic<bool> cancel{false};
        Progress p;
        p.cancel = &cancel;
        p.report = [&](const std::string&, int64_t done, int64_t) {
            if (done >= 64)
                cancel = true;
        };
        bool cancelled = false;
        try {
            loadEmbeddedSplit(source, {}, optionsFor(model("cifar-fcn.pt")), cache, "embedding", p);
        } catch (const Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        EmbeddingRun resumed;
        const Dataset d =
            loadEmbeddedSplit(source, {}, optionsFor(model("cifar-fcn.pt")), cache, "embedding", {}, &resumed);
        QCOMPARE(d.size(), 200);
        QVERIFY2(resumed.fromCache >= 64 && resumed.computed == 200 - resumed.fromCache,
                 qPrintable(QString("%1 + %2").arg(resumed.fromCache).arg(resumed.computed)));
        // The resumed file holds what one uninterrupted pass gives.
        const Dataset whole = loadEmbeddedSplit(source, {}, optionsFor(model("cifar-fcn.pt")), {}, "embedding", {});
        QVERIFY((whole.images.to(torch::kFloat) - d.images.to(torch::kFloat)).abs().max().item<double>() < 1e-3);
    }

    void aDamagedCacheIsNeverTrusted()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath("x.ladaemb").toStdString();
        {
            EmbeddingCache c = EmbeddingCache::openOrCreate(file, "key", 4, 8);
            c.append({true, false, true, true}, torch::ones({3, 8}));
        }
        std::string why;
        QVERIFY(EmbeddingCache::openComplete(file, "key", 4, why) != nullptr);
        QVERIFY(EmbeddingCache::openComplete(file, "other", 4, why) == nullptr);
        QVERIFY(QString::fromStdString(why).contains("other images"));
        // A header claiming 2^40 entries: refused from the file's size, nothing allocated.
        QFile f(QString::fromStdString(file));
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(16);
        const int64_t huge = int64_t{1} << 39;
        f.write(reinterpret_cast<const char*>(&huge), 8);
        f.close();
        QVERIFY(EmbeddingCache::openComplete(file, "key", huge, why) == nullptr);
        QVERIFY2(QString::fromStdString(why).contains("truncated"), why.c_str());
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("LADAEMB1");
        f.close();
        QVERIFY(EmbeddingCache::openComplete(file, "key", 4, why) == nullptr);
        QVERIFY2(QString::fromStdString(why).contains("shorter than its header"), why.c_str());
    }

    void headSplitsAtEveryBlock()
    {
        torch::manual_seed(3);
        const Classifier head = makeClassifier("head", {64, 1, 1, 2}, 0.3, 32);
        head->eval();
        const torch::Tensor x = torch::randn({5, 64, 1, 1});
        const torch::Tensor y = head->forward(x);
        QCOMPARE(y.sizes(), (c10::IntArrayRef{5, 2}));
        for (int k = 0; k <= head->numBlocks(); ++k)
            QVERIFY(torch::allclose(head->head(head->features(x, k), k), y));
        QCOMPARE(head->embedding(x).sizes(), (c10::IntArrayRef{5, 32}));
        const QString error = errorOf([] { makeClassifier("head", {3, 28, 28, 10}); });
        QVERIFY2(error.contains("--backbone"), qPrintable(error));
    }

    void policyGeneratorHasAVectorForm()
    {
        PolicyGeneratorOptions o;
        o.mapChannels = 32;
        o.height = o.width = 1;
        o.tauMax = 4.0;
        PolicyGenerator g(o);
        QCOMPARE(g->flattenSize(), 64);
        for (const auto& p : g->named_parameters())
            QVERIFY2(!QString::fromStdString(p.key()).startsWith("conv"), p.key().c_str());
        const torch::Tensor tau = g->forward(torch::randn({7, 32}), torch::randn({7, 32}));
        QCOMPARE(tau.sizes(), (c10::IntArrayRef{7}));
        QVERIFY(tau.min().item<double>() > 0 && tau.max().item<double>() < 4.0);
    }

    void photosAreDecodedUprightAndOpaque()
    {
        // EXIF orientation 6: a 40 x 20 JPEG is shown 20 wide and 40 high.
        const DisplayImage rotated = decodeForDisplay(bytesOf(jpegWithOrientation(40, 20, 6)), 448);
        QVERIFY2(rotated.reason.empty(), rotated.reason.c_str());
        QCOMPARE(rotated.width, 20);
        QCOMPARE(rotated.height, 40);
        const DisplayImage upright = decodeForDisplay(bytesOf(jpegWithOrientation(40, 20, 1)), 448);
        QCOMPARE(upright.width, 40);

        // A transparent PNG is composited over white, not shown as the black under its alpha.
        QImage rgba(16, 16, QImage::Format_RGBA8888);
        rgba.fill(QColor(0, 0, 0, 0));
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        rgba.save(&buffer, "PNG");
        PhotoFit fit;
        fit.side = 8;
        std::vector<unsigned char> out(3 * 8 * 8);
        QVERIFY(decodePhotoInto(bytesOf(png), fit, out.data()).ok);
        QCOMPARE(int(out[0]), 255);

        // 16-bit gray becomes 8-bit RGB: 0xFFFF -> 255 in every channel.
        QImage gray16(10, 6, QImage::Format_Grayscale16);
        gray16.fill(QColor(255, 255, 255));
        QByteArray png16;
        QBuffer b16(&png16);
        b16.open(QIODevice::WriteOnly);
        gray16.save(&b16, "PNG");
        QVERIFY(decodePhotoInto(bytesOf(png16), fit, out.data()).ok);
        QCOMPARE(int(out[0]), 255);
        QCOMPARE(int(out[64 * 2 + 5]), 255);

        // Centre crop of a 40 x 20 photo with a red left half and a blue right half: the centre shows both.
        QImage halves(40, 20, QImage::Format_RGB888);
        halves.fill(Qt::blue);
        for (int y = 0; y < 20; ++y)
            for (int x = 0; x < 20; ++x)
                halves.setPixelColor(x, y, Qt::red);
        QByteArray pngHalves;
        QBuffer bh(&pngHalves);
        bh.open(QIODevice::WriteOnly);
        halves.save(&bh, "PNG");
        fit.side = 10;
        std::vector<unsigned char> crop(3 * 10 * 10);
        QVERIFY(decodePhotoInto(bytesOf(pngHalves), fit, crop.data()).ok);
        QVERIFY(crop[0] > 200 && crop[2 * 100] < 50);      // left edge red
        QVERIFY(crop[9] < 50 && crop[2 * 100 + 9] > 200);  // right edge blue
        fit.letterbox = true;
        fit.padding = {1, 2, 3};
        QVERIFY(decodePhotoInto(bytesOf(pngHalves), fit, crop.data()).ok);
        QCOMPARE(int(crop[0]), 1);  // top row is padding: the photo fills 10 x 5 in the middle
        QCOMPARE(int(crop[100 + 99]), 2);
    }

    void brokenPhotosAreSkippedAndReported()
    {
        QTemporaryDir dir;
        QDir root(dir.path());
        QVERIFY(root.mkpath("cat") && root.mkpath("dog"));
        const auto cats = QDir(kPhotos + "/train/cat").entryList({"*.jpg"}, QDir::Files, QDir::Name);
        const auto dogs = QDir(kPhotos + "/train/dog").entryList({"*.jpg"}, QDir::Files, QDir::Name);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(QFile::copy(kPhotos + "/train/cat/" + cats[i], dir.filePath("cat/" + cats[i])));
            QVERIFY(QFile::copy(kPhotos + "/train/dog/" + dogs[i], dir.filePath("dog/" + dogs[i])));
        }
        QFile broken(dir.filePath("dog/broken.jpg"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("\xFF\xD8\xFF\xE0 not really a jpeg");
        broken.close();
        const Dataset d =
            loadEmbeddedSplit(dir.path().toStdString(), {}, optionsFor(model("cifar-fcn.pt")), {}, "embedding", {});
        QCOMPARE(d.size(), 6);
        QCOMPARE(int(d.report.skipped.size()), 1);
        QCOMPARE(QString::fromStdString(d.report.skipped[0].path), QStringLiteral("dog/broken.jpg"));
        QVERIFY(QString::fromStdString(d.report.summary()).contains("D = "));
    }

    void cliRunsOnPhotosThroughABackbone_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::newRow("entropy") << "entropy";
        QTest::newRow("lada-entmix") << "lada-entmix";
    }
    void cliRunsOnPhotosThroughABackbone()
    {
        QFETCH(QString, strategy);
        QTemporaryDir dir;
        const QString out = dir.filePath("run.json");
        QProcess p;
        p.start(QStringLiteral(LADA_CLI_PATH), {"run",
                                                "--train",
                                                kPhotos + "/train",
                                                "--test",
                                                kPhotos + "/test",
                                                "--backbone",
                                                kModels + "/cifar-fcn.pt",
                                                "--model",
                                                "head",
                                                "--strategy",
                                                strategy,
                                                "--rounds",
                                                "3",
                                                "--budget",
                                                "10",
                                                "--initial",
                                                "20",
                                                "--epochs",
                                                "30",
                                                "--policy-epochs",
                                                "3",
                                                "--seed",
                                                "1",
                                                "--threads",
                                                "2",
                                                "--cache-dir",
                                                dir.filePath("cache"),
                                                "--out",
                                                out});
        QVERIFY(p.waitForFinished(600000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 0, qPrintable(err));
        QVERIFY2(err.contains("embeddings: D = 128") && err.contains("400 computed"), qPrintable(err));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(doc["config"].toObject()["model"].toString(), QStringLiteral("head"));
        QVERIFY(doc["config"].toObject()["backbone"].toString().endsWith("cifar-fcn.pt"));
        const QJsonArray rounds = doc["rounds"].toArray();
        QCOMPARE(rounds.size(), 4);
        for (const QJsonValue r : rounds) {
            const double acc = r.toObject()["test_accuracy"].toDouble();
            QVERIFY2(acc >= 0.3 && acc <= 1.0, qPrintable(QString::number(acc)));  // two classes
        }
        if (strategy == "lada-entmix") {
            const QJsonObject last = rounds[3].toObject();
            QCOMPARE(last["queries"].toArray().size(), 5);  // pairs
            for (const QJsonValue t : last["tau_all"].toArray())
                QVERIFY(t.toDouble() > 0 && t.toDouble() < 1.0);
        }
    }

    void headWithoutBackboneIsRefused()
    {
        QProcess p;
        p.start(QStringLiteral(LADA_CLI_PATH),
                {"run", "--train", kPhotos + "/train", "--model", "head", "--rounds", "1", "--quiet"});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY(p.exitCode() != 0);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("--backbone"), qPrintable(err));
    }
};

LADA_TEST_GUILESS_MAIN(TestBackbone)
}  // namespace tst_backbone
#include "tst_backbone.moc"
