// SPDX-License-Identifier: MIT
// The full-size viewer on real photos of the cats-and-dogs archive: the original at its own pixel size
// (EXIF orientation applied), the card's pixels where there is no file, a clear message naming a file that
// is missing or broken, zoom by keys and by the wheel around the cursor, Esc closes.
#include "tests/test_main.h"
#include "ui/widgets/image_viewer.h"
#include "ui_test_support.h"

#include <QFileInfo>
#include <QGraphicsView>
#include <QImageReader>
#include <QLabel>
#include <QTemporaryDir>
#include <QWheelEvent>

namespace tst_image_viewer {

using namespace lada;
using namespace lada::ui;

namespace {

/** The size a file's image has on screen: its stored size, turned when its EXIF orientation turns it by 90°. */
QSize orientedSize(const QString& file)
{
    QImageReader reader(file);
    const QSize stored = reader.size();
    return reader.transformation() & QImageIOHandler::TransformationRotate90 ? stored.transposed() : stored;
}

QueryImage cardImage(const QString& file, int side = 0)
{
    QueryImage image;
    image.row = 5;
    image.path = QFileInfo(file).fileName().toStdString();
    image.file = file.toStdString();
    if (side > 0) {
        image.channels = 1;
        image.height = image.width = side;
        image.pixels.assign(static_cast<size_t>(side) * side, 128);
    }
    return image;
}

/** The error QImageReader gives for `file`, read as the viewer reads it. */
QString readerError(const QString& file)
{
    QImageReader reader(file);
    reader.setAutoTransform(true);
    reader.read();
    return reader.errorString();
}

}  // namespace

class TestImageViewer : public QObject {
    Q_OBJECT
private:
    QStringList m_photos;

private Q_SLOTS:
    void initTestCase()
    {
        uitest::initUiTest();
        m_photos = uitest::catsDogsPhotos("train", "cat") + uitest::catsDogsPhotos("train", "dog");
        QVERIFY2(m_photos.size() >= 2, qPrintable(QStringLiteral("no photos in %1: extract_shared_data must unpack "
                                                                 "catsdogs-photos.tar.gz")
                                                      .arg(uitest::catsDogsFolder("train", "cat"))));
    }

    void opensThePhotoAtItsOwnPixelSize_data()
    {
        QTest::addColumn<QString>("file");
        // The first cat and the first dog, whatever their sizes: the archive's widths vary from 60 to 500.
        QTest::newRow("cat") << m_photos.front();
        QTest::newRow("dog") << m_photos.back();
    }

    void opensThePhotoAtItsOwnPixelSize()
    {
        QFETCH(QString, file);
        // The card's copy is a 28 x 28 stand-in: the viewer must show the file, not the card's pixels.
        ImageViewer viewer(cardImage(file, 28));
        QVERIFY(viewer.hasImage());
        QVERIFY(viewer.showsOriginal());
        QVERIFY(viewer.errorText().isEmpty());
        const QSize expected = orientedSize(file);
        QVERIFY(expected.isValid());
        QCOMPARE(viewer.imageSize(), expected);
        // File name, pixel size and zoom in the title.
        const QString title = viewer.windowTitle();
        QVERIFY2(title.contains(QFileInfo(file).fileName()), qPrintable(title));
        QVERIFY2(title.contains(QStringLiteral("%1 × %2").arg(expected.width()).arg(expected.height())),
                 qPrintable(title));
        QVERIFY2(title.contains(QStringLiteral("%")), qPrintable(title));
        QVERIFY(viewer.statusText().contains(file));
    }

    void withoutAFileTheCardsPixelsAreShown()
    {
        QueryImage image = cardImage(QString(), 28);
        image.path = "train-images-idx3-ubyte#17";
        ImageViewer viewer(image);
        QVERIFY(viewer.hasImage());
        QVERIFY(!viewer.showsOriginal());
        QVERIFY(viewer.errorText().isEmpty());
        QCOMPARE(viewer.imageSize(), QSize(28, 28));
        QVERIFY(viewer.statusText().contains(QStringLiteral("train-images-idx3-ubyte#17")));
    }

    void aMissingFileSaysWhichAndWhy()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("moved-away/cat.1.jpg"));
        ImageViewer viewer(cardImage(missing));
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        QVERIFY(!viewer.hasImage());
        QVERIFY(!viewer.showsOriginal());
        QVERIFY2(viewer.errorText().contains(missing), qPrintable(viewer.errorText()));
        QVERIFY2(viewer.errorText().contains(readerError(missing)), qPrintable(viewer.errorText()));
        auto* label = viewer.findChild<QLabel*>(QStringLiteral("imageError"));
        QVERIFY(label != nullptr && label->isVisible());
        QCOMPARE(label->text(), viewer.errorText());
        // Keys and the wheel on nothing change nothing, and do not crash.
        QTest::keyClick(&viewer, Qt::Key_1);
        QTest::keyClick(&viewer, Qt::Key_0);
        QTest::keyClick(&viewer, Qt::Key_Plus, Qt::ControlModifier);
    }

    void aBrokenFileSaysWhyAndFallsBackToTheCard()
    {
        const QString broken = QStringLiteral(LADA_TEST_FIXTURE_DIR "/broken/7/garbage.jpg");
        QVERIFY(QFileInfo::exists(broken));
        ImageViewer viewer(cardImage(broken, 28));
        QVERIFY(!viewer.showsOriginal());
        QVERIFY(viewer.hasImage());  // the card's copy
        QCOMPARE(viewer.imageSize(), QSize(28, 28));
        QVERIFY2(viewer.errorText().contains(broken), qPrintable(viewer.errorText()));
        QVERIFY2(viewer.errorText().contains(readerError(broken)), qPrintable(viewer.errorText()));
    }

    void keysZoomFitAndClose()
    {
        ImageViewer viewer(cardImage(m_photos.front()));
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        auto* view = viewer.findChild<QGraphicsView*>();
        QVERIFY(view != nullptr);
        QTest::keyClick(&viewer, Qt::Key_1);
        QCOMPARE(viewer.zoom(), 1.0);
        QVERIFY(viewer.windowTitle().contains(QStringLiteral("100 %")));
        QTest::keyClick(&viewer, Qt::Key_Plus, Qt::ControlModifier);
        QVERIFY(viewer.zoom() > 1.0);
        const double in = viewer.zoom();
        QTest::keyClick(&viewer, Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(viewer.zoom() < in);
        QTest::keyClick(&viewer, Qt::Key_0);
        // Fitted: the whole image inside the viewport, touching it on one side (within the 2 px margin). Tried
        // until the scroll bars of the zoom before have gone (QAbstractScrollArea hides them queued).
        auto fitted = [&] {
            const QSizeF shown = QSizeF(viewer.imageSize()) * viewer.zoom();
            const QSize room = view->viewport()->size();
            return shown.width() <= room.width() && shown.height() <= room.height() &&
                   (room.width() - shown.width() <= 3.0 || room.height() - shown.height() <= 3.0);
        };
        QTRY_VERIFY2(fitted(), qPrintable(QStringLiteral("zoom %1 of %2 x %3 in %4 x %5")
                                              .arg(viewer.zoom())
                                              .arg(viewer.imageSize().width())
                                              .arg(viewer.imageSize().height())
                                              .arg(view->viewport()->width())
                                              .arg(view->viewport()->height())));
        // LADA_SCREENSHOT_DIR=<folder> keeps a picture of the fitted viewer for a person to look at.
        if (const QString pictures = qEnvironmentVariable("LADA_SCREENSHOT_DIR"); !pictures.isEmpty())
            QVERIFY(viewer.grab().save(pictures + QStringLiteral("/image-viewer.png")));
        QTest::keyClick(&viewer, Qt::Key_Escape);
        QTRY_VERIFY(!viewer.isVisible());
    }

    void theWheelZoomsAroundTheCursor()
    {
        ImageViewer viewer(cardImage(m_photos.front()));
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        auto* view = viewer.findChild<QGraphicsView*>();
        // Large enough to scroll in every direction, so that the point can stay under the cursor.
        const QSize room = view->viewport()->size();
        const double big = 3.0 * std::max(double(room.width()) / viewer.imageSize().width(),
                                          double(room.height()) / viewer.imageSize().height());
        viewer.setZoom(big);
        QTest::qWait(50);  // the scroll bars appear queued and narrow the viewport
        const QPoint cursor = view->viewport()->rect().center() + QPoint(room.width() / 6, room.height() / 8);
        const QPointF before = view->mapToScene(cursor);
        QWheelEvent wheel(cursor, view->viewport()->mapToGlobal(cursor), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view->viewport(), &wheel);
        QVERIFY(viewer.zoom() > big);
        const QPointF after = view->mapToScene(cursor);
        // Within a screen pixel or two (scroll bars move by whole pixels).
        const double tolerance = 2.0 / viewer.zoom();
        QVERIFY2(
            std::abs(after.x() - before.x()) <= tolerance && std::abs(after.y() - before.y()) <= tolerance,
            qPrintable(
                QStringLiteral("(%1, %2) -> (%3, %4)").arg(before.x()).arg(before.y()).arg(after.x()).arg(after.y())));
        // And back out: the wheel the other way zooms out.
        QWheelEvent back(cursor, view->viewport()->mapToGlobal(cursor), QPoint(), QPoint(0, -120), Qt::NoButton,
                         Qt::NoModifier, Qt::NoScrollPhase, false);
        const double zoomed = viewer.zoom();
        QApplication::sendEvent(view->viewport(), &back);
        QVERIFY(viewer.zoom() < zoomed);
    }
};

LADA_TEST_MAIN(TestImageViewer)
}  // namespace tst_image_viewer
#include "tst_image_viewer.moc"
