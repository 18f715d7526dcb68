// SPDX-License-Identifier: MIT
// A person labeling their own photos (issue 11): the workbench opens a flat folder of unlabeled
// cats-and-dogs photos with a class-names file and a pretrained backbone, shows the photos on the cards
// decoded from their files, takes answers by keyboard through the initial set and a proposed round, and
// exports exactly those answers.
#include "tests/test_main.h"
#include "ui/main_window.h"
#include "ui/widgets/cards_view.h"
#include "ui/widgets/query_card.h"
#include "ui_test_support.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <set>

namespace tst_photo_window {

using namespace lada;
using namespace lada::ui;
using lada::uitest::waitFor;

namespace {

const QString kPhotos = QStringLiteral(LADA_TEST_DATA_DIR "/catsdogs-photos/train");

}  // namespace

class TestPhotoWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { uitest::initUiTest(); }

    void aFlatPhotoFolderIsLabeledByKeyboardAndExported()
    {
        QTemporaryDir dir;
        // 25 cats and 25 dogs in one flat folder: no labels but the person's.
        const QString flat = dir.filePath("photos");
        QVERIFY(QDir().mkpath(flat));
        for (const char* cls : {"cat", "dog"}) {
            const QStringList files =
                QDir(kPhotos + "/" + cls).entryList({"*.jpg"}, QDir::Files, QDir::Name).mid(0, 25);
            QCOMPARE(files.size(), 25);
            for (const QString& f : files)
                QVERIFY(QFile::copy(kPhotos + "/" + cls + "/" + f, flat + "/" + f));  // names start "cat." / "dog."
        }
        const QString classes = dir.filePath("classes.txt");
        {
            QFile f(classes);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("cat\ndog\n");
        }
        LaunchOptions o;
        o.train = flat;
        o.classesFile = classes;
        o.session = dir.filePath("session");
        MainWindow w(o);
        SessionSettings s = uitest::smallSettings();
        applySettings(s, {{"model", "head"},
                          {"backbone", LADA_TEST_FIXTURE_DIR "/backbones/cifar-fcn.pt"},
                          {"strategy", "entropy"},
                          {"initial", "4"},
                          {"budget", "2"},
                          {"epochs", "20"}});
        w.setSessionSettings(s);
        w.setSimulatedOracle(false, 0);
        w.show();

        std::map<std::string, int> answered;  // path -> class typed
        std::set<qint64> answeredRows;
        const auto answerFocused = [&] {
            // The focus moves on when the worker has journaled the previous answer (a queued signal).
            QVERIFY(waitFor(
                [&] { return w.cards()->focusedRow() >= 0 && !answeredRows.count(w.cards()->focusedRow()); }, 30000));
            const qint64 row = w.cards()->focusedRow();
            answeredRows.insert(row);
            for (int c = 0; c < w.cards()->cardCount(); ++c)
                for (const QueryImage& image : w.cards()->card(c)->query().images)
                    if (image.row == row) {
                        // The card shows the photo decoded from its file, not a 1 x 1 embedding.
                        QVERIFY(image.width >= 60 && image.height >= 40 && image.channels == 3);
                        QVERIFY(QFile::exists(QString::fromStdString(image.file)));
                        const int label = image.path.rfind("cat.", 0) == 0 ? 0 : 1;
                        answered[image.path] = label;
                        QTest::keyClick(&w, Qt::Key(Qt::Key_1 + label));  // "1" = cat, "2" = dog
                        return;
                    }
            QFAIL("no card holds the focused row");
        };

        // The initial set: four photos the person labels before anything trains.
        QVERIFY(waitFor([&] { return w.cards()->cardCount() == 4 && w.cards()->focusedRow() >= 0 && !w.isBusy(); },
                        120000));
        for (int i = 0; i < 4; ++i) {
            answerFocused();
            QTRY_COMPARE(int(answered.size()), i + 1);
            QTRY_COMPARE(w.counts().labeled, qint64(i + 1));
        }
        // Round 0 trains on the embeddings and round 1 proposes two photos.
        QVERIFY(
            waitFor([&] { return w.cards()->round() == 1 && w.cards()->focusedRow() >= 0 && !w.isBusy(); }, 120000));
        QCOMPARE(w.cards()->cardCount(), 2);
        answerFocused();
        // Without a test split every fifth answer is held out to measure the accuracy: it counts as heldOut.
        QTRY_COMPARE(w.counts().labeled + w.counts().heldOut, qint64(5));

        const QString csv = dir.filePath("labels.csv");
        QSignalSpy exported(&w, &MainWindow::exportShown);
        w.exportLabels(QStringLiteral("csv"), csv, false);
        QVERIFY(exported.wait(30000));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QStringList lines = QString::fromUtf8(f.readAll()).remove('\r').split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.value(0), QStringLiteral("filepath,label"));
        QCOMPARE(lines.size(), 1 + 5);
        for (const QString& line : lines.mid(1)) {
            // The CSV's paths start from its own folder (a manifest as it is); the answers' from the photo folder.
            const std::string path =
                QDir(flat).relativeFilePath(QDir::cleanPath(dir.filePath(line.section(',', 0, 0)))).toStdString();
            QVERIFY2(answered.count(path), path.c_str());
            QCOMPARE(line.section(',', 1), QString(answered[path] == 0 ? "cat" : "dog"));
        }
    }
};

LADA_TEST_MAIN(TestPhotoWindow)
}  // namespace tst_photo_window
#include "tst_photo_window.moc"
