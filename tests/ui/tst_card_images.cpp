// SPDX-License-Identifier: MIT
// How cards draw their images: pixel art (MNIST 28 x 28, CIFAR 32 x 32) blocky at the size cards always had,
// photos smooth with a long side of at least 224 px and their aspect ratio; photo cards flow by width; an
// embedding mix is told in words; a double-click or Space opens the image in the full-size viewer.
#include "tests/test_main.h"
#include "ui/main_window.h"
#include "ui/widgets/cards_view.h"
#include "ui/widgets/image_viewer.h"
#include "ui/widgets/pixel_image_view.h"
#include "ui/widgets/query_card.h"
#include "ui_test_support.h"

#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QScrollBar>

#include <cstdlib>

namespace tst_card_images {

using namespace lada;
using namespace lada::ui;

namespace {

/** A [C, H, W] uint8 image with a diagonal gradient (any content would do: only its size matters). */
QueryImage syntheticImage(qint64 row, int channels, int height, int width)
{
    QueryImage image;
    image.row = row;
    image.path = "synthetic/" + std::to_string(row) + ".png";
    image.channels = channels;
    image.height = height;
    image.width = width;
    image.pixels.resize(static_cast<size_t>(channels) * height * width);
    for (size_t i = 0; i < image.pixels.size(); ++i)
        image.pixels[i] = static_cast<uint8_t>((i * 7) % 251);
    return image;
}

/** A real photo as a card shows it: its file, and its pixels decoded into [3, H, W]. */
QueryImage photoImage(qint64 row, const QString& file)
{
    QImageReader reader(file);
    reader.setAutoTransform(true);
    const QImage rgb = reader.read().convertToFormat(QImage::Format_RGB888);
    QueryImage image = syntheticImage(row, 3, rgb.height(), rgb.width());
    image.path = QFileInfo(file).fileName().toStdString();
    image.file = file.toStdString();
    const size_t plane = static_cast<size_t>(rgb.height()) * rgb.width();
    for (int y = 0; y < rgb.height(); ++y)
        for (int x = 0; x < rgb.width(); ++x)
            for (int c = 0; c < 3; ++c)
                image.pixels[c * plane + static_cast<size_t>(y) * rgb.width() + x] = rgb.constScanLine(y)[3 * x + c];
    return image;
}

RoundProposal singles(const std::vector<QueryImage>& images)
{
    RoundProposal proposal;
    proposal.round = 1;
    proposal.strategy = "entropy";
    for (const QueryImage& image : images) {
        QueryView query;
        query.images = {image};
        query.score = 0.5;
        proposal.queries.push_back(query);
    }
    return proposal;
}

/** The aspect ratio of `drawn` equals that of `image` up to the rounding of one pixel of the drawn size. */
bool keepsAspect(const QSize& drawn, const QSize& image)
{
    // |w/h - W/H| <= 1/h, written without division: |w H - h W| <= H.
    const qint64 cross = qint64(drawn.width()) * image.height() - qint64(drawn.height()) * image.width();
    return std::llabs(cross) <= std::max(image.width(), image.height());
}

}  // namespace

class TestCardImages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { uitest::initUiTest(); }

    void scalingRuleSeparatesPixelArtFromPhotos_data()
    {
        QTest::addColumn<QSize>("image");
        QTest::addColumn<bool>("photo");
        QTest::newRow("500 x 333 photo") << QSize(500, 333) << true;
        QTest::newRow("333 x 500 portrait") << QSize(333, 500) << true;
        QTest::newRow("448 long side (an embedding pool's display copy)") << QSize(448, 300) << true;
        QTest::newRow("120 x 90 small photo") << QSize(120, 90) << true;
        QTest::newRow("MNIST 28 x 28") << QSize(28, 28) << false;
        QTest::newRow("CIFAR 32 x 32") << QSize(32, 32) << false;
        QTest::newRow("at the limit") << QSize(kPixelArtLongSide, kPixelArtLongSide) << false;
    }

    void scalingRuleSeparatesPixelArtFromPhotos()
    {
        QFETCH(QSize, image);
        QFETCH(bool, photo);
        const ImageScaling s = cardImageScaling(image);
        if (!photo) {
            QCOMPARE(s.mode, Qt::FastTransformation);
            QVERIFY(s.minimumImageSize.isEmpty());
            return;
        }
        QCOMPARE(s.mode, Qt::SmoothTransformation);
        QCOMPARE(std::max(s.minimumImageSize.width(), s.minimumImageSize.height()), kPhotoLongSide);
        QVERIFY2(
            keepsAspect(s.minimumImageSize, image),
            qPrintable(QStringLiteral("%1 x %2").arg(s.minimumImageSize.width()).arg(s.minimumImageSize.height())));
    }

    void aPhotoIsDrawnAtLeast224LongWithItsAspect_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("500 x 333") << 500 << 333;
        QTest::newRow("333 x 500") << 333 << 500;
    }

    void aPhotoIsDrawnAtLeast224LongWithItsAspect()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        QueryView query;
        query.images = {syntheticImage(7, 3, height, width)};
        ui::QueryCard card(0, query, {QStringLiteral("cat"), QStringLiteral("dog")});
        card.show();
        QVERIFY(QTest::qWaitForWindowExposed(&card));
        const auto views = card.findChildren<PixelImageView*>();
        QCOMPARE(views.size(), 1);
        const QRect drawn = views.front()->imageRect();
        QVERIFY2(std::max(drawn.width(), drawn.height()) >= kPhotoLongSide,
                 qPrintable(QStringLiteral("drawn %1 x %2").arg(drawn.width()).arg(drawn.height())));
        QVERIFY(keepsAspect(drawn.size(), QSize(width, height)));
        QCOMPARE(views.front()->transformationMode(), Qt::SmoothTransformation);
    }

    void mnistCardsLookAsBefore()
    {
        QueryView query;
        query.images = {syntheticImage(3, 1, 28, 28)};
        ui::QueryCard card(0, query, {});
        card.show();
        QVERIFY(QTest::qWaitForWindowExposed(&card));
        auto* view = card.findChildren<PixelImageView*>().front();
        QCOMPARE(view->transformationMode(), Qt::FastTransformation);
        // The sizes single-image cards had before photos: at least 84 x 84, 112 x 112 preferred.
        QCOMPARE(view->minimumSize(), QSize(84, 84));
        QCOMPARE(view->sizeHint(), QSize(112, 112));
        const QRect drawn = view->imageRect();
        QCOMPARE(drawn.width(), drawn.height());
    }

    void pixelArtCardsStayFivePerRowAndPhotoCardsFitTheWidth()
    {
        CardsView mnist;
        mnist.resize(720, 600);
        std::vector<QueryImage> digits;
        for (int i = 0; i < 6; ++i)
            digits.push_back(syntheticImage(i, 1, 28, 28));
        mnist.showProposal(singles(digits));
        mnist.show();
        QVERIFY(QTest::qWaitForWindowExposed(&mnist));
        QTRY_COMPARE(mnist.card(4)->y(), mnist.card(0)->y());
        QVERIFY(mnist.card(5)->y() > mnist.card(0)->y());

        CardsView photos;
        photos.resize(720, 600);
        std::vector<QueryImage> images;
        for (int i = 0; i < 6; ++i)
            images.push_back(syntheticImage(i, 3, 333, 500));
        photos.showProposal(singles(images));
        photos.show();
        QVERIFY(QTest::qWaitForWindowExposed(&photos));
        // No sideways scrolling: the cards wrap to the width, and each still shows its photo at 224 px.
        QTRY_COMPARE(photos.horizontalScrollBar()->maximum(), 0);
        QVERIFY(photos.card(5)->y() > photos.card(0)->y());
        for (int i = 0; i < photos.cardCount(); ++i) {
            const QRect drawn = photos.card(i)->findChild<PixelImageView*>()->imageRect();
            QVERIFY(std::max(drawn.width(), drawn.height()) >= kPhotoLongSide);
        }
    }

    void anEmbeddingMixIsToldInWords()
    {
        QueryView pair;
        pair.images = {syntheticImage(1, 3, 300, 448), syntheticImage(2, 3, 448, 336)};
        pair.tau = 0.8;
        pair.lambdas = {0.2f, 0.7f};
        ui::QueryCard card(0, pair, {QStringLiteral("cat"), QStringLiteral("dog")});
        card.setMixLayer(0);
        card.show();
        QVERIFY(QTest::qWaitForWindowExposed(&card));
        VirtualInspection inspection;
        inspection.query = 0;
        inspection.lambda = 0.3;
        inspection.featureMix = {0.25f, 0.75f};
        inspection.embeddingMix = true;
        card.showInspection(inspection);
        auto* text = card.findChild<QLabel*>(QStringLiteral("mixText"));
        QVERIFY(text != nullptr);
        const QString said = text->text();
        QVERIFY2(said.contains(QStringLiteral("the two photos' embeddings")), qPrintable(said));
        QVERIFY2(said.contains(QStringLiteral("λ = 0.30")), qPrintable(said));
        QVERIFY2(said.contains(QStringLiteral("no pixels to show")), qPrintable(said));
        // The distribution, most likely class first.
        QVERIFY(said.indexOf(QStringLiteral("dog")) >= 0);
        QVERIFY(said.indexOf(QStringLiteral("dog")) < said.indexOf(QStringLiteral("cat")));
        QVERIFY(said.contains(QStringLiteral("0.75")));
        // No empty image box where there is nothing to draw; both photos stay on the card.
        QVERIFY(card.findChild<PixelImageView*>(QStringLiteral("mixView"))->isHidden());
        int photos = 0;
        for (PixelImageView* v : card.findChildren<PixelImageView*>())
            photos += v->isVisible() && !v->image().isNull() ? 1 : 0;
        QCOMPARE(photos, 2);
    }

    void aPixelMixIsStillDrawn()
    {
        QueryView pair;
        pair.images = {syntheticImage(1, 1, 28, 28), syntheticImage(2, 1, 28, 28)};
        ui::QueryCard card(0, pair, {});
        card.show();
        QVERIFY(QTest::qWaitForWindowExposed(&card));
        VirtualInspection inspection;
        inspection.query = 0;
        inspection.lambda = 0.5;
        inspection.featureMix = std::vector<float>(10, 0.1f);
        inspection.height = inspection.width = 28;
        inspection.mixedPixels = syntheticImage(0, 1, 28, 28).pixels;
        card.showInspection(inspection);
        auto* mix = card.findChild<PixelImageView*>(QStringLiteral("mixView"));
        QVERIFY(mix->isVisible());
        QCOMPARE(mix->image().size(), QSize(28, 28));
        QVERIFY(!card.findChild<QLabel*>(QStringLiteral("mixText"))->text().contains(QStringLiteral("no pixels")));
    }

    void doubleClickOpensTheOriginal()
    {
        const QStringList cats = uitest::catsDogsPhotos("train", "cat");
        QVERIFY2(!cats.isEmpty(), qPrintable(QStringLiteral("no photos in %1: extract_shared_data must unpack "
                                                            "catsdogs-photos.tar.gz")
                                                 .arg(uitest::catsDogsFolder("train", "cat"))));
        CardsView cards;
        cards.resize(720, 600);
        cards.showProposal(singles({photoImage(11, cats[0]), photoImage(12, cats[1])}));
        cards.show();
        QVERIFY(QTest::qWaitForWindowExposed(&cards));
        auto* view = cards.card(1)->findChild<PixelImageView*>();
        QTest::mouseDClick(view, Qt::LeftButton, {}, view->rect().center());
        QTRY_VERIFY(cards.imageViewer() != nullptr);
        QVERIFY(cards.imageViewer()->showsOriginal());
        QVERIFY(cards.imageViewer()->windowTitle().contains(QFileInfo(cats[1]).fileName()));
        cards.imageViewer()->close();
        QTRY_VERIFY(cards.imageViewer() == nullptr);  // deleted on close
    }

    void spaceOpensTheFocusedImage()
    {
        const QStringList dogs = uitest::catsDogsPhotos("train", "dog");
        QVERIFY2(!dogs.isEmpty(), "extract_shared_data must unpack catsdogs-photos.tar.gz");
        MainWindow window;
        window.cards()->setClassNames({QStringLiteral("cat"), QStringLiteral("dog")});
        window.cards()->showProposal(singles({photoImage(21, dogs[0]), photoImage(22, dogs[1])}));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.cards()->focusRow(22);
        QTest::keyClick(&window, Qt::Key_Space);
        QTRY_VERIFY(window.cards()->imageViewer() != nullptr);
        ImageViewer* viewer = window.cards()->imageViewer();
        QVERIFY(viewer->showsOriginal());
        QVERIFY(viewer->windowTitle().contains(QFileInfo(dogs[1]).fileName()));
        // Space opened a viewer, it labeled nothing.
        QVERIFY(!window.cards()->isAnswered(22));
        QTest::keyClick(viewer, Qt::Key_Escape);
        QTRY_VERIFY(window.cards()->imageViewer() == nullptr);
    }
};

LADA_TEST_MAIN(TestCardImages)
}  // namespace tst_card_images
#include "tst_card_images.moc"
