// SPDX-License-Identifier: MIT
#include "ui/widgets/pixel_image_view.h"

#include <QPainter>

#include <algorithm>

namespace lada::ui {

namespace {

/** Room around the image for the focus frame, on each side. */
constexpr int kFrameMargin = 3;

}  // namespace

QImage toQImage(const std::vector<uint8_t>& pixels, int channels, int height, int width)
{
    const size_t plane = static_cast<size_t>(height) * static_cast<size_t>(width);
    if (height <= 0 || width <= 0 || pixels.size() < plane * static_cast<size_t>(channels))
        return {};
    if (channels == 1) {
        QImage image(width, height, QImage::Format_Grayscale8);
        for (int y = 0; y < height; ++y)
            std::copy_n(pixels.data() + static_cast<size_t>(y) * width, width, image.scanLine(y));
        return image;
    }
    // Planar CHW to interleaved RGB.
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c)
                line[3 * x + c] = pixels[static_cast<size_t>(c) * plane + static_cast<size_t>(y) * width + x];
    }
    return image;
}

ImageScaling cardImageScaling(const QSize& imageSize)
{
    if (imageSize.isEmpty() || std::max(imageSize.width(), imageSize.height()) <= kPixelArtLongSide)
        return {};
    // Scaled (up or down) so that the long side is kPhotoLongSide. The short side is rounded up: QSize::scaled
    // (imageRect) truncates, and a short side rounded down would govern there and draw the long side short.
    const qint64 longSide = std::max(imageSize.width(), imageSize.height());
    const qint64 shortSide = std::min(imageSize.width(), imageSize.height());
    const int scaledShort = static_cast<int>((shortSide * kPhotoLongSide + longSide - 1) / longSide);
    const QSize minimum = imageSize.width() >= imageSize.height() ? QSize(kPhotoLongSide, scaledShort)
                                                                  : QSize(scaledShort, kPhotoLongSide);
    return {minimum, Qt::SmoothTransformation};
}

PixelImageView::PixelImageView(QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    updateMinimumSize();
}

void PixelImageView::setImage(const QImage& image)
{
    m_image = image;
    m_scaling = cardImageScaling(image.size());
    m_scaled = {};
    updateMinimumSize();
    updateGeometry();
    update();
}

void PixelImageView::setPixelArtMinimumSize(const QSize& size)
{
    m_pixelArtMinimum = size;
    updateMinimumSize();
}

void PixelImageView::setFrameColor(const QColor& color)
{
    m_frame = color;
    update();
}

void PixelImageView::updateMinimumSize()
{
    const QSize margins(2 * kFrameMargin, 2 * kFrameMargin);
    setMinimumSize(m_scaling.minimumImageSize.isEmpty() ? m_pixelArtMinimum : m_scaling.minimumImageSize + margins);
}

QSize PixelImageView::sizeHint() const
{
    // Pixel art keeps the size cards always had; a photo asks for its minimum, the layout may give more.
    return m_scaling.minimumImageSize.isEmpty() ? QSize(112, 112) : minimumSize();
}

QRect PixelImageView::imageRect() const
{
    if (m_image.isNull())
        return {};
    const QSize room = size() - QSize(2 * kFrameMargin, 2 * kFrameMargin);
    const QSize target = m_image.size().scaled(room, Qt::KeepAspectRatio);
    return {QPoint((width() - target.width()) / 2, (height() - target.height()) / 2), target};
}

void PixelImageView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().window());
    const QRect where = imageRect();
    if (!where.isEmpty()) {
        if (m_scaling.mode == Qt::SmoothTransformation) {
            // QImage::scaled averages the pixels a downscale drops; the painter's bilinear filter would
            // alias a 448-pixel photo drawn at 224. Scaled once per size, not per paint.
            // Scaled to device pixels, so that a high-DPI screen gets a sharp photo.
            const qreal ratio = devicePixelRatioF();
            const QSize device = (QSizeF(where.size()) * ratio).toSize();
            if (m_scaled.size() != device) {
                m_scaled = m_image.scaled(device, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
                m_scaled.setDevicePixelRatio(ratio);
            }
            painter.drawImage(where.topLeft(), m_scaled);
        } else {
            // Blocky pixels for pixel art: smoothing a 28 x 28 digit makes it look blurred, not larger.
            painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
            painter.drawImage(where, m_image);
        }
    }
    if (m_frame.isValid()) {
        painter.setPen(QPen(m_frame, 3));
        painter.drawRect(rect().adjusted(1, 1, -2, -2));
    }
}

}  // namespace lada::ui
