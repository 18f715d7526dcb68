// SPDX-License-Identifier: MIT
#include "ui/widgets/image_viewer.h"

#include "ui/widgets/pixel_image_view.h"

#include <QFileInfo>
#include <QGraphicsPixmapItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QScreen>
#include <QScrollBar>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace lada::ui {

namespace {

constexpr double kMinZoom = 0.01;
constexpr double kMaxZoom = 64.0;
constexpr double kZoomStep = 1.25;  ///< per wheel notch or key press

QString percent(double zoom)
{
    return QString::number(std::lround(zoom * 100.0));
}

}  // namespace

ImageViewer::ImageViewer(const QueryImage& image, QWidget* parent)
    : QDialog(parent)
{
    m_where = toQ(image.file.empty() ? image.path : image.file);
    m_name = QFileInfo(m_where).fileName();
    if (m_name.isEmpty())
        m_name = m_where;
    m_image = load(image);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_errorLabel = new QLabel(m_error, this);
    m_errorLabel->setObjectName(QStringLiteral("imageError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold"));
    m_errorLabel->setVisible(!m_error.isEmpty());
    layout->addWidget(m_errorLabel);

    auto* scene = new QGraphicsScene(this);
    m_item = scene->addPixmap(QPixmap::fromImage(m_image));
    m_view = new QGraphicsView(scene, this);
    m_view->setInteractive(false);  // nothing to click in the scene; keys fall through to the dialog
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);
    // zoomAt keeps the point under the cursor itself; Qt's AnchorUnderMouse needs a mouse move first.
    m_view->setTransformationAnchor(QGraphicsView::NoAnchor);
    m_view->setResizeAnchor(QGraphicsView::AnchorViewCenter);
    m_view->setBackgroundBrush(palette().dark());
    m_view->setVisible(hasImage());
    m_view->viewport()->installEventFilter(this);
    layout->addWidget(m_view, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("imageStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    // Pixel art (the card's 28 x 28 digit) is enlarged to the window; a photo opens at 100 % or smaller.
    m_fit = std::max(m_image.width(), m_image.height()) <= kPixelArtLongSide ? Fit::Whole : Fit::ShrinkOnly;
    QSize wanted = (hasImage() ? m_image.size() : QSize(480, 120)) + QSize(40, 80);
    if (const QScreen* screen = parent != nullptr ? parent->screen() : QDialog::screen())
        wanted = wanted.boundedTo(screen->availableGeometry().size() * 0.85);
    resize(wanted.expandedTo({420, 200}));
    updateTexts();
}

QImage ImageViewer::load(const QueryImage& image)
{
    const QImage pixels = toQImage(image.pixels, image.channels, image.height, image.width);
    if (image.file.empty())
        return pixels;
    const QString file = toQ(image.file);
    QImageReader reader(file);
    reader.setAutoTransform(true);  // EXIF orientation: the photo upright, as the camera held it
    QImage original = reader.read();
    if (!original.isNull()) {
        m_original = true;
        return original;
    }
    m_error = tr("Cannot open \"%1\": %2").arg(file, reader.errorString());
    if (!pixels.isNull())
        m_error += tr(" — showing the card's copy (%1 × %2 px).").arg(pixels.width()).arg(pixels.height());
    return pixels;
}

QString ImageViewer::statusText() const
{
    if (!hasImage())
        return m_where;
    const QString source = m_original ? m_where : tr("%1 (the card's pixels: no original file)").arg(m_where);
    // One arg() call: chained ones would replace a "%2" inside the file name.
    return tr("%1 · %2 × %3 px · %4 % · wheel or Ctrl+± zoom, 0 fit, 1 100 %, drag to pan, Esc or Space close")
        .arg(source, QString::number(m_image.width()), QString::number(m_image.height()), percent(m_zoom));
}

void ImageViewer::updateTexts()
{
    if (!hasImage()) {
        setWindowTitle(tr("%1 — cannot open").arg(m_name));
    } else {
        setWindowTitle(
            tr("%1 — %2 × %3 px — %4 %")
                .arg(m_name, QString::number(m_image.width()), QString::number(m_image.height()), percent(m_zoom)));
    }
    m_status->setText(statusText());
}

void ImageViewer::applyZoom(double zoom)
{
    m_zoom = zoom;
    m_view->setTransform(QTransform::fromScale(zoom, zoom));
    // Smooth below 100 % (a readable reduction), nearest from 100 % up: enlarged, the pixels show as pixels.
    m_item->setTransformationMode(zoom < 1.0 ? Qt::SmoothTransformation : Qt::FastTransformation);
    updateTexts();
}

void ImageViewer::zoomAt(double zoom, const QPointF& viewportPoint)
{
    if (!hasImage())
        return;
    m_fit = Fit::None;
    const QPointF scenePoint = m_view->mapToScene(viewportPoint.toPoint());
    applyZoom(std::clamp(zoom, kMinZoom, kMaxZoom));
    // Scroll so that the same image point is under viewportPoint again (no effect while the image fits).
    const QPointF shift = QPointF(m_view->mapFromScene(scenePoint)) - viewportPoint;
    m_view->horizontalScrollBar()->setValue(m_view->horizontalScrollBar()->value() + qRound(shift.x()));
    m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->value() + qRound(shift.y()));
}

void ImageViewer::setZoom(double zoom)
{
    zoomAt(zoom, QRectF(m_view->viewport()->rect()).center());
}

void ImageViewer::fitToWindow()
{
    m_fit = Fit::Whole;
    applyFit();
}

void ImageViewer::applyFit()
{
    if (!hasImage() || m_fit == Fit::None)
        return;
    // Two pixels short of the viewport, as QGraphicsView::fitInView: an exact fit can round into scroll bars.
    const QSizeF room = QSizeF(m_view->viewport()->size()) - QSizeF(2, 2);
    const double fit = std::min(room.width() / m_image.width(), room.height() / m_image.height());
    applyZoom(std::clamp(m_fit == Fit::ShrinkOnly ? std::min(fit, 1.0) : fit, kMinZoom, kMaxZoom));
    m_view->centerOn(m_item);
}

void ImageViewer::keyPressEvent(QKeyEvent* event)
{
    const int key = event->key();
    // The keypad's plus and minus carry KeypadModifier; Ctrl is optional for every zoom key.
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
    const bool plain = modifiers == Qt::NoModifier || modifiers == Qt::ControlModifier;
    if (plain && (key == Qt::Key_Plus || key == Qt::Key_Equal))
        setZoom(m_zoom * kZoomStep);
    else if (plain && key == Qt::Key_Minus)
        setZoom(m_zoom / kZoomStep);
    else if (plain && key == Qt::Key_0)
        fitToWindow();
    else if (modifiers == Qt::NoModifier && key == Qt::Key_1)
        setZoom(1.0);
    else if (modifiers == Qt::NoModifier && key == Qt::Key_Space)
        close();  // Space opened it from the cards: the same key puts it away
    else
        QDialog::keyPressEvent(event);  // Esc closes
}

bool ImageViewer::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->viewport()) {
        if (event->type() == QEvent::Wheel && hasImage()) {
            auto* wheel = static_cast<QWheelEvent*>(event);
            // 120 units per notch; touchpads send fractions of a notch.
            const double notches = wheel->angleDelta().y() / 120.0;
            if (notches != 0.0)
                zoomAt(m_zoom * std::pow(kZoomStep, notches), wheel->position());
            return true;
        }
        if (event->type() == QEvent::Resize)
            applyFit();
    }
    return QDialog::eventFilter(watched, event);
}

}  // namespace lada::ui
